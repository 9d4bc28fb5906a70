"""The package's shape: no import circles, the layers contract in pyproject.toml, public names."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

from .conftest import ROOT


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    top = stack.pop()
                    on.discard(top)
                    comp.append(top)
                    if top == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def _graph() -> dict[str, set[str]]:
    # type-checking imports included: a circle through one is still a circle to a reader
    graph = grimp.build_graph("mxlint", exclude_type_checking_imports=False, cache_dir=None)
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def test_no_module_of_mxlint_imports_itself_round_a_circle() -> None:
    assert _cycles(_graph()) == []


def test_no_package_of_mxlint_imports_itself_round_a_circle() -> None:
    """mxlint.check, mxlint.identity, ... and the top-level modules, each taken as one node."""

    def unit(module: str) -> str:
        return ".".join(module.split(".")[:2])

    packages: dict[str, set[str]] = {}
    for module, imported in _graph().items():
        targets = packages.setdefault(unit(module), set())
        targets |= {unit(m) for m in imported if unit(m) != unit(module)}
    packages.pop("mxlint", None)  # the facade: mxlint.lint & co. (see ignore_imports)
    for targets in packages.values():
        targets.discard("mxlint")
    assert _cycles(packages) == []


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports", path=os.path.dirname(sys.executable))
    if exe is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    env = {**os.environ, "PYTHONPATH": os.fspath(cwd)}
    return subprocess.run(
        [exe, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_the_layers_contract_holds() -> None:
    proc = _lint_imports(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_layers_contract_refuses_a_lower_layer_importing_a_higher_one(
    tmp_path: Path,
) -> None:
    shutil.copytree(ROOT / "mxlint", tmp_path / "mxlint")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    model = tmp_path / "mxlint" / "model.py"
    model.write_text(model.read_text() + "\n\ndef _up() -> None:\n    from mxlint import api\n")
    proc = _lint_imports(tmp_path)
    assert proc.returncode == 1
    assert "mxlint.model is not allowed to import mxlint.api" in proc.stdout


def test_public_names_stay_importable() -> None:
    import mxlint
    import mxlint.registry
    from mxlint import plugin
    from mxlint.check import engine, names, registry
    from mxlint.identity import walk
    from mxlint.model import Finding
    from mxlint.stages import suppress

    assert callable(mxlint.lint) and mxlint.Options().progress in (True, False, None)
    assert issubclass(mxlint.LintError, Exception) and mxlint.Result is not None
    assert plugin.rule is registry.rule is mxlint.registry.rule
    assert plugin.Finding is Finding and plugin.Context is engine.Context
    assert plugin.ENTRY_POINT_GROUP == "mxlint.rules"
    # names that moved down a layer, still importable where they were
    assert engine.LEVELS == ("off", "error", "warning", "info")
    assert engine.RuleSetting("off").level == "off"
    assert callable(suppress.comment_start) and callable(suppress.scan)
    assert callable(names.public_tlds) and callable(walk.work_tree)


def test_a_plugin_written_with_mxlint_plugin_runs(tmp_path: Path) -> None:
    from mxlint import Options, lint
    from mxlint.check.registry import Registry, builtin_rules
    from mxlint.plugin import Context, Finding, rule

    @rule("ACME001", "low-preference", "warning")
    def low_preference(ctx: Context) -> object:
        """MX preference below 5 (house style)."""
        for rec in ctx.zone.mx_records():
            if rec.preference < 5:
                yield Finding.at(rec, "preference below 5", token=0)

    zone = tmp_path / "example.com.zone"
    zone.write_text(
        "$TTL 3600\n@ IN SOA ns1.example.com. host.example.com. 1 7200 900 1209600 300\n"
        "@ IN NS ns1.example.com.\nns1 IN A 192.0.2.53\n"
        "@ IN MX 1 mail.example.com.\nmail IN A 192.0.2.1\n"
    )
    registry = Registry([*builtin_rules(), low_preference])
    options = Options(progress=False, use_config=False)
    result = lint([os.fspath(zone)], options, registry=registry)
    assert [d.code for d in result.diagnostics if d.code == "ACME001"] == ["ACME001"]
