"""The built-in rules' manifest (``mxlint.check.registry.BUILTIN``) never drifts from the rule
modules, and the rules it lets the engine skip would have found nothing.

A run knows each built-in rule's code, name, severity and options from the manifest, and
imports a rule's module only when the rule runs (tests/test_startup.py holds which modules a
small zone's run leaves out).
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import dns.name
import pytest

from mxlint.api import Options, lint
from mxlint.check import engine
from mxlint.check.registry import (
    BUILTIN,
    BUILTIN_MODULES,
    BUILTIN_PACKAGE,
    Registry,
    Rule,
    _rules_in,
    _validate,
    builtin_manifest,
    builtin_rules,
)
from mxlint.model import Zone, ZoneSet

from .conftest import ROOT, ZONE_HEADER


def test_manifest_matches_the_rule_modules() -> None:
    pkg = ROOT / "mxlint" / "rules"
    on_disk = {p.stem for p in pkg.glob("*.py") if p.stem != "__init__"}
    assert set(BUILTIN_MODULES) == on_disk and len(BUILTIN_MODULES) == len(on_disk)
    for module, code, name, severity, enabled, options, _needs in BUILTIN:
        rules = _rules_in(importlib.import_module(f"{BUILTIN_PACKAGE}.{module}"))
        assert [
            (r.code, r.name, r.severity, r.enabled, dict(r.options), r.origin) for r in rules
        ] == [(code, name, severity, enabled, options, f"{BUILTIN_PACKAGE}.{module}")], module
        _validate(rules[0], module)  # what the decorator checks of a plugin's rule


def test_manifest_rules_answer_as_the_modules_rules() -> None:
    real = {r.code: r for r in builtin_rules()}
    lazy = builtin_manifest()
    assert [r.code for r in lazy] == [entry[1] for entry in BUILTIN]
    for r in lazy:
        assert r.is_builtin
        assert r.check is real[r.code].check and r.validate is real[r.code].validate
        assert (r.doc, r.summary) == (real[r.code].doc, real[r.code].summary)
        assert r == real[r.code]
    # options are the rule's own copy: a registry that changes them leaves the next alone
    first = Registry.load(plugins=False).resolve("stale-provider")
    first.options["retired"].append("x.example.")  # type: ignore[attr-defined]
    assert Registry.load(plugins=False).resolve("stale-provider").options["retired"] == []


def test_a_manifest_rule_missing_from_its_module_is_a_registry_error() -> None:
    from mxlint.check.registry import RegistryError

    ghost = Rule.builtin("null_mx", "MX999", "no-such-rule", "error", True, {}, ())
    with pytest.raises(RegistryError, match="no rule MX999 no-such-rule"):
        ghost.check  # noqa: B018


def test_rules_run_in_a_stage_find_nothing_in_the_engine() -> None:
    staged = [r for r in builtin_manifest() if r.needs is None]
    assert {r.name for r in staged} >= {"mx-drift", "unused-suppression", "smtp-probe"}
    for r in staged:
        assert list(r.check(None)) == [], r.name  # type: ignore[arg-type]


def _zone(tmp_path: Path, body: str) -> Zone:
    from mxlint.config import Config
    from mxlint.identity import zones as identity
    from mxlint.identity.walk import Candidate

    path = tmp_path / "example.com.zone"
    path.write_text(ZONE_HEADER + body, encoding="ascii")
    plan = identity.plan([Candidate(os.fspath(path), True)], [], lambda p: Config())
    return identity.load(plan)[0]


def test_a_rule_is_skipped_only_for_a_zone_without_what_it_reads(tmp_path: Path) -> None:
    by_name = {r.name: r for r in builtin_manifest()}
    plain = _zone(tmp_path, "@ IN MX 10 mail\nmail IN A 192.0.2.1\n")
    needs = engine._Needs(ZoneSet([plain]))
    for name in (
        "dane-tlsa",
        "mta-sts",
        "tls-rpt",
        "spf-mx",
        "limit-exceeded",
        "out-of-zone",
        "reverse-dns",
    ):
        assert needs.nothing(by_name[name], plain), name
    assert not needs.nothing(by_name["missing-address"], plain)
    txt = _zone(tmp_path, '@ IN MX 10 mail\nmail IN A 192.0.2.1\n@ IN TXT "v=spf1 mx -all"\n')
    reverse = Zone("2.0.192.in-addr.arpa.zone", dns.name.from_text("2.0.192.in-addr.arpa."))
    needs = engine._Needs(ZoneSet([txt, reverse]))
    assert not needs.nothing(by_name["reverse-dns"], txt)
    for name in ("dane-tlsa", "mta-sts", "tls-rpt", "spf-mx"):  # one condition: TXT or TLSA
        assert not needs.nothing(by_name[name], txt), name
    for name in ("limit-exceeded", "out-of-zone"):
        assert needs.nothing(by_name[name], txt), name


def _examples() -> list[Path]:
    return sorted((ROOT / "rules").glob("*/*.zone"))


def test_skipping_rules_changes_no_diagnostic() -> None:
    # Every example zone (and its context) and every repository of tests/repos, linted with
    # every rule on: the registry of the manifest (rules skipped where they would find
    # nothing) and one of the modules' own rules (every rule called on every zone) agree.
    lazy = Registry.load(plugins=False)
    eager = Registry(builtin_rules())
    assert all(r.needs == () for r in eager.rules)
    every = [r.code for r in lazy.rules]
    staged = ["MX022"]  # git history: not in these runs
    targets = [
        (os.fspath(p), [os.fspath(p.parent / "context")] if (p.parent / "context").is_dir() else [])
        for p in _examples()
    ]
    targets += [
        (os.fspath(p), []) for p in sorted((ROOT / "tests" / "repos").iterdir()) if p.is_dir()
    ]
    skipped = 0
    for path, context in targets:
        options = Options(
            enable=every, disable=staged, use_config=False, progress=False, context=context
        )
        want = lint([path], options, registry=eager).diagnostics
        got = lint([path], options, registry=lazy).diagnostics
        assert got == want, path
        skipped += len(want) == 0
    assert skipped  # some clean zones, where the gated rules are skipped


def test_a_small_run_imports_only_the_rules_that_run(tmp_path: Path) -> None:
    (tmp_path / "example.com.zone").write_text(
        ZONE_HEADER + "@ IN MX 10 mail\nmail IN A 192.0.2.1\n", encoding="ascii"
    )
    program = (
        "import sys\nfrom mxlint.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print(sorted(m for m in sys.modules if m.startswith('mxlint.rules.')))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.fspath(ROOT)}

    def imported(*argv: str) -> set[str]:
        proc = subprocess.run(
            [sys.executable, "-c", program, *argv],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        return set(eval(proc.stdout.strip().splitlines()[-1]))

    modules = imported("example.com.zone")
    # off by default, run in a stage, or gated by what the zone holds
    for module in ("single_mx", "implicit_mx", "unverifiable_target", "mx_propagation"):
        assert f"mxlint.rules.{module}" not in modules
    for module in ("mx_drift", "server_serial_ahead", "smtp_probe", "unused_suppression"):
        assert f"mxlint.rules.{module}" not in modules
    for module in ("dane_tlsa", "mta_sts", "tls_rpt", "spf_mx", "limit_exceeded", "reverse_dns"):
        assert f"mxlint.rules.{module}" not in modules
    assert {"mxlint.rules.missing_address", "mxlint.rules.null_mx"} <= modules
    # a rule switched on is imported and runs; --list-rules imports every rule
    assert "mxlint.rules.single_mx" in imported("--enable", "single-mx", "example.com.zone")
    listed = imported("--list-rules")
    assert listed == {f"{BUILTIN_PACKAGE}.{m}" for m in BUILTIN_MODULES}
