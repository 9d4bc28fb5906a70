"""Score mxlint on a folder of real zone repositories against judged verdicts.

The repositories themselves are not in this project (most carry no licence): ``repos.tsv``
names each one and the commit judged, ``verdicts.tsv`` holds what a person decided about each
error and warning mxlint raised there (``true``, ``defensible``, ``false`` with a class) and
each real defect it did not raise (``miss``). This script runs mxlint as a user would (``mxlint
--format json .`` at the root of a git clone of each repository) and prints every false alarm,
every diagnostic nobody has judged yet, and every miss.

    python tests/realworld/score.py CHECKOUTS [--setup MIRRORS] [--mxlint CMD]

``--setup MIRRORS`` first lays out each listed repository from ``MIRRORS/<owner>+<name>`` (a
git directory, or one in its ``repo`` folder) as ``CHECKOUTS/<owner>+<name>``: the judged
commit's files in a fresh git work tree.

Exit status: 0 when there is no false alarm, no unjudged diagnostic and no miss; 1 otherwise;
2 on bad arguments.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FOUND = ("true", "defensible")


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def extract(gitdir: Path, commit: str, dest: Path) -> None:
    """Write the files of ``commit`` into ``dest``, skipping blobs the snapshot lacks."""
    git = ["git", f"--git-dir={gitdir}"]
    tree = subprocess.run(
        [*git, "ls-tree", "-r", "-z", commit], capture_output=True, check=True
    ).stdout.split(b"\0")
    entries = []
    for item in filter(None, tree):
        meta, path = item.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob":
            entries.append((mode, sha, os.fsdecode(path)))
    cat = subprocess.Popen(
        [*git, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert cat.stdin is not None and cat.stdout is not None
    for mode, sha, path in entries:
        cat.stdin.write(sha + b"\n")
        cat.stdin.flush()
        header = cat.stdout.readline().split()
        if header[-1] == b"missing":
            continue
        data = cat.stdout.read(int(header[2]))
        cat.stdout.read(1)
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == b"120000":
            os.symlink(os.fsdecode(data), target)
        else:
            target.write_bytes(data)
            if mode == b"100755":
                target.chmod(0o755)
    cat.stdin.close()
    cat.wait()


def setup(repos: list[dict[str, str]], checkouts: Path, mirrors: Path) -> None:
    """Lay out each repository's judged commit as a fresh one-commit git work tree (a snapshot
    may lack its largest blobs, so it is not cloned; mxlint runs in a git work tree, as a
    user's would)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "score", "GIT_AUTHOR_EMAIL": "score@invalid"}
    env |= {"GIT_COMMITTER_NAME": "score", "GIT_COMMITTER_EMAIL": "score@invalid"}
    for r in repos:
        slug = r["repo"].replace("/", "+")
        dest, src = checkouts / slug, mirrors / slug
        # The search tool's fetch keeps the git directory in repo/ or repo/.git.
        src = next(
            (g for g in (src / "repo" / ".git", src / "repo", src) if (g / "HEAD").is_file()), src
        )
        if dest.exists() or not (src / "HEAD").is_file():
            continue
        dest.mkdir(parents=True)
        extract(src, r["commit"], dest)
        git = ["git", "-C", os.fspath(dest)]
        subprocess.run([*git, "init", "-q"], check=True)
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-qm", r["commit"], "--allow-empty"], check=True, env=env)


def lint(cmd: list[str], root: Path) -> tuple[list[dict[str, object]], str]:
    proc = subprocess.run(
        [*cmd, "--format", "json", "."], cwd=root, capture_output=True, text=True, check=False
    )
    if proc.returncode not in (0, 1):
        return [], f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}"
    return json.loads(proc.stdout)["diagnostics"], ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("checkouts", type=Path)
    ap.add_argument("--setup", type=Path, metavar="MIRRORS")
    ap.add_argument("--mxlint", default=f"{shlex.quote(sys.executable)} -m mxlint")
    ap.add_argument("--repos", type=Path, default=HERE / "repos.tsv")
    ap.add_argument("--verdicts", type=Path, default=HERE / "verdicts.tsv")
    ap.add_argument("--only", action="append", default=[], help="score only this owner/name")
    args = ap.parse_args(argv)
    repos = read_tsv(args.repos)
    if args.only:
        repos = [r for r in repos if r["repo"] in args.only]
    if args.setup:
        setup(repos, args.checkouts, args.setup)
    verdicts: dict[tuple[str, str, int, str], dict[str, str]] = {}
    for v in read_tsv(args.verdicts):
        verdicts[v["repo"], v["path"], int(v["line"]), v["rule"]] = v
    cmd = shlex.split(args.mxlint)
    totals: collections.Counter[str] = collections.Counter()
    classes: collections.Counter[str] = collections.Counter()
    problems: list[str] = []
    for r in repos:
        root = args.checkouts / r["repo"].replace("/", "+")
        if not root.is_dir():
            problems.append(f"{r['repo']}: no checkout at {root}")
            totals["absent"] += 1
            continue
        totals["repos"] += 1
        diags, failure = lint(cmd, root)
        if failure:
            problems.append(f"{r['repo']}: mxlint failed: {failure}")
            totals["crashed"] += 1
            continue
        seen = set()
        for d in diags:
            if d["severity"] not in ("error", "warning"):
                continue
            key = (r["repo"], str(d["path"]), int(str(d["line"])), str(d["rule"]))
            seen.add(key)
            v = verdicts.get(key)
            where = f"{r['repo']}: {d['path']}:{d['line']}: {d['severity']}: [{d['rule']}]"
            if v is None:
                totals["unjudged"] += 1
                problems.append(f"UNJUDGED {where} {d['message']}")
            elif v["verdict"] in FOUND:
                totals[v["verdict"]] += 1
            elif v["verdict"] == "miss":
                totals["miss-now-found"] += 1
                problems.append(f"FOUND (was a miss) {where} {d['message']}")
            else:
                totals["false"] += 1
                classes[v["class"] or "?"] += 1
                problems.append(f"FALSE [{v['class']}] {where} {d['message']}")
        for key, v in verdicts.items():
            if key[0] == r["repo"] and key not in seen and v["verdict"] in (*FOUND, "miss"):
                totals["miss"] += 1
                problems.append(f"MISS {key[0]}: {key[1]}:{key[2]}: [{key[3]}] {v['note']}")
    print("\n".join(problems))
    print()
    print(", ".join(f"{k} {totals[k]}" for k in sorted(totals)))
    if classes:
        print("false alarms by class: " + ", ".join(f"{k} {n}" for k, n in classes.most_common()))
    bad = totals["false"] + totals["unjudged"] + totals["miss"] + totals["crashed"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
