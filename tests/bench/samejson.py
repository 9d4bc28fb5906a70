"""Hand-run: does a change leave mxlint's output byte-identical? Never a test.

Runs ``mxlint --format json`` with every rule switched on (each enabled by code) over each
folder of the shared corpus and of ``tests/repos/``, and over each file of the corpus's
``MANIFEST.tsv`` with its origin, once with the sources of revision OLD and once with those of
NEW, and compares standard output, standard error and exit code::

    python tests/bench/samejson.py b199020 HEAD
    python tests/bench/samejson.py b199020 WORKTREE --corpus /work/shared/corpus
    python tests/bench/samejson.py WORKTREE /tmp/compiled-tree   # a tree holding mxlint/

A folder holding ``mxlint/`` is run as it is: the compiled build (``.ci/run`` compiles a copy
of the tree in place, ``MXLINT_COMPILE=1 python setup.py build_ext --inplace``) against the
pure one.

Each revision is exported with ``git archive`` (``WORKTREE``: this tree as it is) and run from
its source (``PYTHONPATH``) on this interpreter, so both use the same dnspython, PyYAML and
publicsuffixlist. Each folder is copied first to one temporary place outside any git work
tree, so the two runs see the same paths; ``PYTHONHASHSEED`` is the same for both.
The ``--online`` rules and ``--base`` (serial) are not run: they need a network or a base
revision. Exit status 0 when every output is identical, 1 otherwise (the first differing lines
of each are printed).
"""

from __future__ import annotations

import argparse
import atexit
import difflib
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def export(rev: str, into: Path) -> Path:
    if (Path(rev) / "mxlint").is_dir():  # a tree, run as it is (a compiled copy)
        return Path(rev).resolve()
    into.mkdir(parents=True)
    if rev == "WORKTREE":
        shutil.copytree(ROOT / "mxlint", into / "mxlint", ignore=shutil.ignore_patterns("*.pyc"))
        return into
    archive = subprocess.run(
        ["git", "-C", os.fspath(ROOT), "archive", rev, "mxlint"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", os.fspath(into)], input=archive, check=True)
    return into


def targets(corpus: Path | None, into: Path) -> list[tuple[Path, list[str]]]:
    """(folder to run in, arguments) for each run: every folder of the corpus's groups and of
    tests/repos linted whole, then every file of the corpus's MANIFEST.tsv with its origin.
    The folders are copies under ``into``, outside any git work tree."""
    found: list[tuple[Path, list[str]]] = []
    shutil.copytree(ROOT / "tests" / "repos", into / "repos", symlinks=True)
    if corpus is not None and corpus.is_dir():
        shutil.copytree(corpus, into / "corpus", symlinks=True)
        for group in sorted(p for p in (into / "corpus").iterdir() if p.is_dir()):
            found += [(p, ["."]) for p in sorted(group.iterdir()) if p.is_dir()]
    found += [(p, ["."]) for p in sorted((into / "repos").iterdir()) if p.is_dir()]
    manifest = into / "corpus" / "MANIFEST.tsv"
    if manifest.is_file():
        rows = manifest.read_text(encoding="utf-8").splitlines()
        head = rows[0].split("\t")
        for row in rows[1:]:
            fields = dict(zip(head, row.split("\t"), strict=False))
            origin = ["--origin", fields["origin"]] if fields.get("origin") else []
            found.append((into / "corpus", [*origin, fields["dest"]]))
    return found


def every_rule(tree: Path) -> list[str]:
    code = (
        "from mxlint.check.registry import Registry\nfor r in Registry.load().rules: print(r.code)"
    )
    out = subprocess.run(
        [sys.executable, "-P", "-c", code],  # -P: not the current folder's mxlint, the tree's
        env={**os.environ, "PYTHONPATH": os.fspath(tree)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split()


@functools.cache
def _pycache_prefix() -> str:
    folder = tempfile.mkdtemp(prefix="samejson-pycache-")
    atexit.register(shutil.rmtree, folder, True)
    return folder


def run(tree: Path, folder: Path, args: Sequence[str], rules: Sequence[str]) -> tuple[int, bytes]:
    argv = [sys.executable, "-m", "mxlint", "--format", "json"]
    for code in rules:
        argv += ["--enable", code]
    env = {**os.environ, "PYTHONPATH": os.fspath(tree), "PYTHONHASHSEED": "0"}
    # Bytecode is cached outside both trees (PYTHONPYCACHEPREFIX, one folder for the whole
    # comparison), so each of the hundreds of runs does not compile the sources again.
    env["PYTHONPYCACHEPREFIX"] = _pycache_prefix()
    for name in ("GIT_DIR", "GIT_WORK_TREE", "NO_COLOR", "FORCE_COLOR", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    proc = subprocess.run([*argv, *args], cwd=folder, env=env, capture_output=True, check=False)
    return proc.returncode, proc.stdout + b"\n--- stderr ---\n" + proc.stderr


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("old", help="git revision (or WORKTREE, or a folder holding mxlint/)")
    p.add_argument("new", help="git revision (or WORKTREE, or a folder holding mxlint/)")
    default = next(
        (
            c
            for c in (ROOT.parent / "shared" / "corpus", ROOT.parents[1] / "shared" / "corpus")
            if c.is_dir()
        ),
        None,
    )
    p.add_argument("--corpus", type=Path, default=default, help="default: %(default)s")
    p.add_argument("--jobs", type=int, default=1, help="folders compared at once (default 1)")
    args = p.parse_args(argv)
    different = 0
    with tempfile.TemporaryDirectory(prefix="mxlint-samejson-") as tmp:
        base = Path(tmp)
        old = export(args.old, base / "old")
        new = export(args.new, base / "new")
        # the rules both trees have (a rule added or removed between them is left out, and
        # said so: its diagnostics are a difference by design)
        known = set(every_rule(old))
        rules = [code for code in every_rule(new) if code in known]
        left = sorted(known.symmetric_difference(every_rule(new)))
        if left:
            print(f"rules in one tree only, left out: {', '.join(left)}")
        folders = targets(args.corpus, base / "targets")

        def both(target: tuple[Path, list[str]]) -> tuple[tuple[int, bytes], tuple[int, bytes]]:
            folder, extra = target
            return run(old, folder, extra, rules), run(new, folder, extra, rules)

        with ThreadPoolExecutor(max(1, args.jobs)) as pool:  # each run is a child process
            results = list(pool.map(both, folders))
        for (folder, extra), (a, b) in zip(folders, results, strict=True):
            same = a == b
            different += not same
            shown = os.path.relpath(folder, base / "targets") + " " + " ".join(extra)
            print(
                f"{'same' if same else 'DIFFERENT'}  exit {a[0]}/{b[0]}  {len(a[1]):>8} bytes  "
                f"{shown}",
                flush=True,
            )
            if not same:
                lines = difflib.unified_diff(
                    a[1].decode(errors="replace").splitlines(),
                    b[1].decode(errors="replace").splitlines(),
                    args.old,
                    args.new,
                    lineterm="",
                )
                print("\n".join(list(lines)[:20]))
        print(
            f"{len(folders) - different} of {len(folders)} runs identical "
            f"({args.old} vs {args.new}, rules {','.join(rules)})"
        )
    return 1 if different else 0


if __name__ == "__main__":
    raise SystemExit(main())
