"""Mutation testing for mxlint, run by hand (too slow for the normal suite).

    .venv/bin/python tests/mutation/mutate.py                  # every mutant of the default modules
    .venv/bin/python tests/mutation/mutate.py --sample 250 --seed 9 --jobs 2
    .venv/bin/python tests/mutation/mutate.py mxlint/rules/null_mx.py --list
    .venv/bin/python tests/mutation/mutate.py --sample 80 --seed 1 --stratify --list

Each mutant is one small change to one module: a comparison flipped (``==``/``!=``, ``<``/``>=``,
``in``/``not in``, ``is``/``is not``), ``and``/``or`` swapped, a condition negated (``if``,
``while``, conditional expressions, comprehension filters) or its ``not`` dropped, an integer
constant off by one, a ``yield``/``yield from`` or ``continue`` deleted. The project is copied
once per worker to a temporary folder; each mutant is written there and the module's tests run
against it (``pytest -x``, with a timeout). A mutant is *killed* when a test fails, *survives*
when all pass, *timeout* when the tests hang (counted as killed: the change was noticed).

Why not a maintained tool: mutmut 3 skips every decorated function (its trampolines cannot
wrap them), and every rule is a function decorated with ``@rule(...)``; cosmic-ray mutates the
files of the working tree in place, runs one test command for every mutant and has no
sampling and no deleted-``yield`` operator.

``--sample N --seed S`` picks N mutants at random, the same N for the same seed and the same
code. With ``--stratify`` the N are split among the areas (each module pattern given, by default
the rules, names, suppress and fix): one to each area first, the rest in proportion to the
mutants each has left, and each area is sampled on its own: a small sample cannot miss a whole
area, and the score of each area is reported beside the total.

Survivors that no test could kill (the mutant behaves exactly like the original) are listed
with their reason in ``equivalent.txt`` beside this script; the kill rate is reported over all
mutants and over the non-equivalent ones. ``--json FILE`` writes every result.
"""

from __future__ import annotations

import argparse
import ast
import copy
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_MODULES = (
    "mxlint/rules/*.py",
    "mxlint/check/names.py",
    "mxlint/stages/suppress.py",
    "mxlint/fix.py",
)
RULE_TESTS = (
    "tests/test_rules.py",
    "tests/test_rule_examples.py",
    "tests/test_mutation_kills_rules.py",
    "tests/test_rules_behaviour.py",
)
WORKFLOW_FIX = tuple(
    f"tests/test_workflow.py::{t}"
    for t in (
        "test_fix_changes_only_what_is_safe_byte_for_byte",
        "test_fix_refuses_edits_that_would_change_other_records",
        "test_fix_deletes_a_duplicate_when_the_next_line_inherits_the_same_owner",
        "test_diff_prints_and_does_not_write",
        "test_fix_skips_a_file_changed_on_disk",
    )
)
# test_fix_safety.py but its two-runs-at-once test (half a minute of waiting for locks)
SAFETY_FIX = tuple(
    f"tests/test_fix_safety.py::{t}"
    for t in (
        "test_fix_writes_through_a_symlink_and_the_link_stays_a_link",
        "test_fix_leaves_a_hard_linked_file_alone_and_says_why",
        "test_fix_keeps_owner_group_and_mode",
        "test_fix_leaves_a_read_only_file_alone",
        "test_fix_keeps_crlf_and_a_missing_final_newline",
        "test_a_failed_rename_is_a_message_and_leaves_no_temporary_file",
        "test_fix_waits_for_a_lock_and_gives_up_with_a_message",
        "test_a_zone_is_fixed_in_all_its_files_or_in_none",
        "test_a_disk_failing_between_two_files_of_a_zone_is_told",
        "test_a_file_changed_after_it_was_linted_is_skipped_and_the_change_kept",
        "test_a_folder_the_user_cannot_write_is_a_message",
        "test_a_file_the_user_cannot_write_is_not_replaced",
        "test_a_group_the_user_cannot_give_is_a_message_not_a_lost_group",
        "test_walks_skip_fix_temporaries_left_by_a_killed_run",
        "test_fix_removes_stale_temporaries_of_dead_runs_only",
    )
)
MAILPATH = (*RULE_TESTS, "tests/test_mailpath.py", "tests/test_rules_behaviour_mailpath.py")
# Tests run for a mutant of each module; a module not listed gets RULE_TESTS. The fast,
# focused files only: a mutant's run must take seconds, not the whole suite's minute.
TESTS_FOR = {
    "mxlint/stages/suppress.py": (
        *RULE_TESTS,
        "tests/test_suppress.py",
        "tests/test_suppress_behaviour.py",
    ),
    "mxlint/fix.py": (
        *RULE_TESTS,
        "tests/test_fix_repairs.py",
        "tests/test_fix_proof.py",
        "tests/test_fix_serial.py",
        "tests/test_fix_rounds.py",
        "tests/test_mutation_kills_fix.py",
        "tests/test_fix_behaviour.py",
        *WORKFLOW_FIX,
        *SAFETY_FIX,
    ),
    "mxlint/check/names.py": (
        *RULE_TESTS,
        "tests/test_context.py",
        "tests/test_names_behaviour.py",
        "tests/test_fix_repairs.py",
        # test_mx_targets.py's examples (its property tests take minutes)
        "tests/test_mx_targets.py::test_the_table_is_built_once_per_zone_and_again_after_a_release",
        "tests/test_mx_targets.py::test_per_target_never_asks_about_the_null_mx",
    ),
    "mxlint/rules/invalid_directive.py": (*RULE_TESTS, "tests/test_suppress.py"),
    "mxlint/rules/unused_suppression.py": (*RULE_TESTS, "tests/test_unused_suppression.py"),
    "mxlint/rules/mta_sts.py": MAILPATH,
    "mxlint/rules/tls_rpt.py": MAILPATH,
    "mxlint/rules/spf_mx.py": MAILPATH,
    "mxlint/rules/dane_tlsa.py": MAILPATH,
    "mxlint/rules/reverse_dns.py": MAILPATH,
    # one token, one diagnostic: stale-provider leaves a typo to unknown-provider-host
    "mxlint/rules/stale_provider.py": (*RULE_TESTS, "tests/test_overlap.py"),
    "mxlint/rules/unknown_provider_host.py": (*RULE_TESTS, "tests/test_overlap.py"),
}
EQUIVALENT_FILE = HERE / "equivalent.txt"

_FLIP = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.GtE,
    ast.GtE: ast.Lt,
    ast.Gt: ast.LtE,
    ast.LtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_OP_TEXT = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.GtE: ">=",
    ast.Gt: ">",
    ast.LtE: "<=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}


@dataclass
class Mutant:
    path: str  # relative to the project root
    index: int  # position among the module's mutation points
    line: int
    col: int
    operator: str
    description: str

    @property
    def id(self) -> str:
        """Stable while the mutated line itself does not move."""
        return f"{self.path}:{self.line}:{self.col}:{self.operator}"


# --------------------------------------------------------------------------- finding mutants


def _skipped(node: ast.AST) -> bool:
    """Docstrings, decorators, annotations and ``if TYPE_CHECKING`` blocks are not mutated."""
    return isinstance(node, ast.If) and (
        isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
    )


class _Mutator(ast.NodeTransformer):
    """Walks a module; with ``target`` None lists the mutation points, else applies one."""

    def __init__(self, path: str, target: int | None = None) -> None:
        self.path = path
        self.target = target
        self.count = 0
        self.found: list[Mutant] = []
        self.applied = False

    def _point(self, node: ast.AST, operator: str, description: str) -> bool:
        """Register one mutation point; True if it is the one to apply."""
        k = self.count
        self.count += 1
        if self.target is None:
            line, col = getattr(node, "lineno", 0), getattr(node, "col_offset", -1) + 1
            self.found.append(Mutant(self.path, k, line, col, operator, description))
            return False
        if k == self.target:
            self.applied = True
            return True
        return False

    # Parts that are not behaviour.
    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        body = node.body
        start = 1 if body and _is_docstring(body[0]) else 0
        node.body = [*body[:start], *self._visit_list(body[start:])]
        return node

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        body = node.body
        start = 1 if body and _is_docstring(body[0]) else 0
        node.body = [*body[:start], *self._visit_list(body[start:])]
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def visit_If(self, node: ast.If) -> ast.AST:
        if _skipped(node):
            return node
        node.test = self._negate(node.test, node)
        self.generic_visit(node)
        return node

    def visit_While(self, node: ast.While) -> ast.AST:
        node.test = self._negate(node.test, node)
        self.generic_visit(node)
        return node

    def visit_IfExp(self, node: ast.IfExp) -> ast.AST:
        node.test = self._negate(node.test, node)
        self.generic_visit(node)
        return node

    def visit_comprehension(self, node: ast.comprehension) -> ast.AST:
        node.ifs = [self._negate(t, t) for t in node.ifs]
        self.generic_visit(node)
        return node

    def _negate(self, test: ast.expr, where: ast.AST) -> ast.expr:
        if self._point(where, "negate", f"condition `{ast.unparse(test)}` negated"):
            return ast.copy_location(ast.UnaryOp(ast.Not(), test), test)
        return test

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        if isinstance(node.op, ast.Not) and self._point(
            node, "drop-not", f"`{ast.unparse(node)}` without its not"
        ):
            return self.visit(node.operand)
        self.generic_visit(node)
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        for i, op in enumerate(node.ops):
            new = _FLIP.get(type(op))
            if new is not None and self._point(
                node,
                "compare",
                f"`{_OP_TEXT[type(op)]}` -> `{_OP_TEXT[new]}` in `{ast.unparse(node)}`",
            ):
                node.ops[i] = new()
        self.generic_visit(node)
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        word = "and" if isinstance(node.op, ast.And) else "or"
        if self._point(node, "boolop", f"`{word}` swapped in `{ast.unparse(node)}`"):
            node.op = other
        self.generic_visit(node)
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        v = node.value
        if isinstance(v, int) and not isinstance(v, bool):
            for delta in (1, -1):
                if self._point(node, f"const{delta:+d}", f"constant {v} -> {v + delta}"):
                    return ast.copy_location(ast.Constant(v + delta), node)
        return node

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        if isinstance(node.value, ast.Yield | ast.YieldFrom):
            kind = "yield from" if isinstance(node.value, ast.YieldFrom) else "yield"
            if self._point(node, "del-yield", f"`{kind}` statement deleted"):
                # keep the function a generator: an emptied one must still iterate
                return ast.copy_location(ast.parse("if False:\n    yield").body[0], node)
        self.generic_visit(node)
        return node

    def visit_Continue(self, node: ast.Continue) -> ast.AST:
        if self._point(node, "del-continue", "`continue` deleted"):
            return ast.copy_location(ast.Pass(), node)
        return node

    def _visit_list(self, stmts: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for s in stmts:
            r = self.visit(s)
            if r is None:
                continue
            out.extend(r if isinstance(r, list) else [r])
        return out


def _is_docstring(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def _module_body(tree: ast.Module, m: _Mutator) -> ast.Module:
    body = tree.body
    start = 1 if body and _is_docstring(body[0]) else 0
    # decorators are evaluated at import: visit only the function bodies below them
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            saved = stmt.decorator_list
            stmt.decorator_list = []
            m.visit(stmt)
            stmt.decorator_list = saved
        elif body.index(stmt) >= start:
            m.visit(stmt)
    return tree


def mutants_of(root: Path, rel: str) -> list[Mutant]:
    tree = ast.parse((root / rel).read_text(encoding="utf-8"))
    m = _Mutator(rel)
    _module_body(tree, m)
    seen: dict[str, int] = {}
    for mutant in m.found:  # two points at one place (a chained comparison): number them
        n = seen[mutant.id] = seen.get(mutant.id, 0) + 1
        if n > 1:
            mutant.operator += f"#{n}"
    return m.found


def mutated_source(root: Path, mutant: Mutant) -> str:
    tree = ast.parse((root / mutant.path).read_text(encoding="utf-8"))
    m = _Mutator(mutant.path, mutant.index)
    tree = ast.fix_missing_locations(_module_body(copy.deepcopy(tree), m))
    if not m.applied:
        raise RuntimeError(f"mutant {mutant.id} not found")
    return ast.unparse(tree) + "\n"


# --------------------------------------------------------------------------- running


@dataclass
class Result:
    mutant: Mutant
    outcome: str  # killed, survived, timeout, error
    seconds: float
    detail: str = ""


def expand_modules(root: Path, patterns: list[str]) -> list[str]:
    return list(module_areas(root, patterns))


def module_areas(root: Path, patterns: list[str]) -> dict[str, str]:
    """Each module matched, mapped to its area: the first pattern that matched it."""
    out: dict[str, str] = {}
    for pat in patterns:
        for p in sorted(root.glob(pat)):
            rel = p.relative_to(root).as_posix()
            if p.name != "__init__.py" and rel not in out:
                out[rel] = pat
    return out


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Split a sample of ``n`` among areas in proportion to their sizes (largest remainder),
    each non-empty area at least one, none more than it has."""
    total = sum(sizes.values())
    if n >= total:
        return dict(sizes)
    areas = [a for a in sizes if sizes[a] > 0]
    share = {a: 1 if n >= len(areas) else 0 for a in areas}
    rest = n - sum(share.values())
    spare = {a: sizes[a] - share[a] for a in areas}
    room = sum(spare.values())
    exact = {a: rest * spare[a] / room if room else 0.0 for a in areas}
    for a in areas:
        share[a] += int(exact[a])
    left = n - sum(share.values())
    by_remainder = sorted(areas, key=lambda a: (-(exact[a] - int(exact[a])), areas.index(a)))
    for a in by_remainder[:left]:
        share[a] += 1
    return share


def sample_mutants(
    mutants: list[Mutant], n: int, seed: int, area_of: dict[str, str] | None = None
) -> list[Mutant]:
    """``n`` of ``mutants`` at random, reproducible for one seed; with ``area_of`` (module to
    area) stratified: each area sampled on its own, in proportion to its size."""
    if n >= len(mutants):
        return list(mutants)
    rng = random.Random(seed)
    if area_of is None:
        chosen = rng.sample(mutants, n)
    else:
        by_area: dict[str, list[Mutant]] = {}
        for m in mutants:
            by_area.setdefault(area_of[m.path], []).append(m)
        share = allocate({a: len(ms) for a, ms in by_area.items()}, n)
        chosen = [m for a, ms in by_area.items() for m in rng.sample(ms, share[a])]
    return sorted(chosen, key=lambda m: (m.path, m.index))


def tests_for(rel: str, override: list[str] | None, root: Path = ROOT) -> list[str]:
    """The test files run for a mutant of ``rel`` (those that exist under ``root``)."""
    if override:
        return override
    return [t for t in TESTS_FOR.get(rel, RULE_TESTS) if (root / t.split("::")[0]).is_file()]


def _copy_project(root: Path) -> Path:
    dest = Path(tempfile.mkdtemp(prefix="mxlint-mutation-")) / "project"
    shutil.copytree(
        root,
        dest,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "__pycache__",
            ".pytest_cache",
            ".mypy_cache",
            ".ruff_cache",
            ".hypothesis",
            "*.egg-info",
        ),
    )
    return dest


_WRITES = itertools.count(1)


def _write_source(target: Path, text: str) -> None:
    """Write a module's source with a modification time no earlier write had: a .pyc records
    its source's time (in whole seconds) and size, and a mutant (``==`` to ``!=``) often keeps
    the size, so only a new time makes sure the next run compiles this text, never an older
    one's bytecode."""
    target.write_text(text, encoding="utf-8")
    stamp = 1_000_000_000 + next(_WRITES)
    os.utime(target, (stamp, stamp))


def _pytest(workdir: Path, tests: list[str], timeout: float) -> tuple[str, str]:
    env = dict(os.environ)
    # Bytecode is cached beside the copy (PYTHONPYCACHEPREFIX), so a run compiles only the
    # module its mutant changed (see _write_source), not the whole project and its tests.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.fspath(workdir.parent / "pycache")
    env["PYTHONPATH"] = os.fspath(workdir)
    env.pop("PYTEST_ADDOPTS", None)
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    try:
        proc = subprocess.run(
            cmd, cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return "timeout", ""
    if proc.returncode == 0:
        return "survived", ""
    if proc.returncode == 1:
        lines = [x for x in proc.stdout.splitlines() if x.startswith("FAILED")]
        return "killed", lines[0] if lines else ""
    return "error", (proc.stdout + proc.stderr)[-400:]


def check_baseline(workdir: Path, groups: dict[tuple[str, ...], list[Mutant]], t: float) -> None:
    """The unmutated code must pass every test set used, from the copy itself."""
    if not (workdir / "mxlint").is_dir():
        probe = None  # another project (the smoke test's toy): nothing installed to shadow it
    else:
        probe = subprocess.run(
            [sys.executable, "-c", "import mxlint, sys; sys.stdout.write(mxlint.__file__)"],
            cwd=workdir,
            env={**os.environ, "PYTHONPATH": os.fspath(workdir)},
            capture_output=True,
            text=True,
        )
    if probe is not None and not probe.stdout.startswith(os.fspath(workdir)):
        sys.exit(f"mutation: the copy's mxlint is not the one imported ({probe.stdout})")
    for tests in groups:
        outcome, detail = _pytest(workdir, list(tests), t)
        if outcome != "survived":
            sys.exit(f"mutation: the unmutated code fails {' '.join(tests)}: {detail}")


def run(
    root: Path, mutants: list[Mutant], tests_override: list[str] | None, jobs: int, timeout: float
) -> Iterator[Result]:
    copies = [_copy_project(root) for _ in range(max(1, jobs))]
    # the test files are those of the copy: one added to the tree while this runs is not there
    tests = {m.path: tests_for(m.path, tests_override, copies[0]) for m in mutants}
    groups: dict[tuple[str, ...], list[Mutant]] = {}
    for m in mutants:
        groups.setdefault(tuple(tests[m.path]), []).append(m)
    check_baseline(copies[0], groups, timeout * 4)
    originals = {m.path: (root / m.path).read_text(encoding="utf-8") for m in mutants}
    free = list(copies)

    def one(m: Mutant) -> Result:
        workdir = free.pop()
        target = workdir / m.path
        start = time.monotonic()
        try:
            _write_source(target, mutated_source(root, m))
            outcome, detail = _pytest(workdir, tests[m.path], timeout)
        finally:
            _write_source(target, originals[m.path])
            free.append(workdir)
        return Result(m, outcome, time.monotonic() - start, detail)

    try:
        with ThreadPoolExecutor(max_workers=len(copies)) as pool:
            yield from pool.map(one, mutants)
    finally:
        for c in copies:
            shutil.rmtree(c.parent, ignore_errors=True)


def load_equivalent(path: Path) -> dict[str, str]:
    """``id  reason`` lines (``#`` comments) of mutants that behave exactly like the original."""
    out: dict[str, str] = {}
    if path.is_file():
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if line and not line.startswith("#"):
                ident, _, reason = line.partition(" ")
                out[ident] = reason.strip()
    return out


def _rates(results: list[Result], equivalent: dict[str, str]) -> tuple[int, int, int, int]:
    """Caught, run, survivors listed as equivalent, errors."""
    caught = sum(r.outcome in ("killed", "timeout") for r in results)
    equiv = sum(r.outcome == "survived" and r.mutant.id in equivalent for r in results)
    errors = sum(r.outcome == "error" for r in results)
    return caught, len(results), equiv, errors


def summarise(
    results: list[Result],
    equivalent: dict[str, str],
    total: int,
    area_of: dict[str, str] | None = None,
    header: str = "",
) -> str:
    count = {k: 0 for k in ("killed", "timeout", "survived", "error")}
    for r in results:
        count[r.outcome] += 1
    survivors = [r for r in results if r.outcome == "survived"]
    equiv = [r for r in survivors if r.mutant.id in equivalent]
    real = [r for r in survivors if r.mutant.id not in equivalent]
    caught = count["killed"] + count["timeout"]
    n = len(results)
    rate = 100.0 * caught / n if n else 0.0
    denominator = n - len(equiv) - count["error"]
    rate_ne = 100.0 * caught / denominator if denominator else 0.0
    lines = [
        f"mutants: {total} in total, {n} run{header}",
        f"killed {count['killed']}, timeouts {count['timeout']}, survived {len(survivors)} "
        f"({len(equiv)} equivalent, {len(real)} not), errors {count['error']}",
        f"kill rate: {rate:.1f}% of all run, {rate_ne:.1f}% of the non-equivalent",
    ]
    if area_of:
        for area in dict.fromkeys(area_of.values()):
            part = [r for r in results if area_of.get(r.mutant.path) == area]
            if not part:
                continue
            c, k, e, err = _rates(part, equivalent)
            ne = k - e - err
            lines.append(
                f"  {area}: {c}/{k} caught ({100.0 * c / k:.1f}%), "
                f"{c}/{ne} of the non-equivalent ({100.0 * c / ne if ne else 0.0:.1f}%)"
            )
    if real:
        lines.append("surviving mutants (not listed as equivalent):")
        lines += [f"  {r.mutant.id}  {r.mutant.description}" for r in real]
    errors = [r for r in results if r.outcome == "error"]
    if errors:
        lines.append("mutants whose test run broke (not counted):")
        lines += [f"  {r.mutant.id}  {r.detail.strip()[-200:]}" for r in errors]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("modules", nargs="*", help=f"module paths or globs (default: {DEFAULT_MODULES})")
    p.add_argument("--root", type=Path, default=ROOT, help="project root (default: this one)")
    p.add_argument("--tests", nargs="+", help="test files to run for every mutant")
    p.add_argument("--sample", type=int, help="run only this many mutants, picked at random")
    p.add_argument("--seed", type=int, default=0, help="random seed of --sample")
    p.add_argument(
        "--stratify",
        action="store_true",
        help="split --sample among the areas (module patterns) in proportion to their mutants",
    )
    p.add_argument("--jobs", "-j", type=int, default=1, help="mutants run at once")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per mutant's tests")
    p.add_argument("--equivalent", type=Path, default=EQUIVALENT_FILE)
    p.add_argument("--only", action="append", help="run only mutants whose id starts so")
    p.add_argument("--list", action="store_true", help="list the mutants and exit")
    p.add_argument("--json", type=Path, help="write every result to this file")
    args = p.parse_args(argv)
    root = args.root.resolve()
    area_of = module_areas(root, args.modules or list(DEFAULT_MODULES))
    modules = list(area_of)
    if not modules:
        p.error("no module matches")
    everything = [m for rel in modules for m in mutants_of(root, rel)]
    chosen = everything
    if args.only:
        chosen = [m for m in everything if any(m.id.startswith(o) for o in args.only)]
    header = ""
    if args.sample is not None and args.sample < len(chosen):
        strata = area_of if args.stratify else None
        chosen = sample_mutants(chosen, args.sample, args.seed, strata)
        header = f" (sample of {args.sample}, seed {args.seed}{', stratified' if strata else ''})"
    if args.list:
        for m in chosen:
            print(f"{m.id}  {m.description}")
        print(f"{len(chosen)} of {len(everything)} mutants")
        return 0
    results: list[Result] = []
    for i, r in enumerate(run(root, chosen, args.tests, args.jobs, args.timeout), 1):
        results.append(r)
        print(
            f"[{i}/{len(chosen)}] {r.outcome:8} {r.mutant.id}  {r.mutant.description}",
            file=sys.stderr,
            flush=True,
        )
    report = summarise(results, load_equivalent(args.equivalent), len(everything), area_of, header)
    print(report)
    if args.json:
        args.json.write_text(
            json.dumps([{**asdict(r), "id": r.mutant.id} for r in results], indent=1),
            encoding="utf-8",
        )
    survivors = {r.mutant.id for r in results if r.outcome == "survived"}
    return 1 if survivors - set(load_equivalent(args.equivalent)) else 0


if __name__ == "__main__":
    sys.exit(main())
