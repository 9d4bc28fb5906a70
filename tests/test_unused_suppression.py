"""unused-suppression (MX021): directives that silenced nothing, and only those that can tell."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mxlint.api import Options, lint

from .conftest import ZONE_HEADER

Cli = Callable[..., tuple[int, str, str]]
Write = Callable[..., str]

GOOD_MX = "mail IN A 192.0.2.25\n"


def unused(path: str, disable: tuple[str, ...] = ()) -> list[tuple[int, str]]:
    result = lint([path], Options(use_config=False, disable=disable))
    return [(d.line, d.message) for d in result.diagnostics if d.code == "MX021"]


def test_a_directive_that_silenced_nothing_is_reported_at_its_place(write: Write) -> None:
    path = write("example.com.zone", "@ IN MX 10 mail ; mxlint: disable=ip-target\n" + GOOD_MX)
    [(line, message)] = unused(path)
    assert line == 5
    assert message.startswith('suppression "; mxlint: disable=ip-target" silenced nothing')
    assert "no ip-target (MX002) diagnostic on this record" in message


def test_a_used_directive_is_not_reported(write: Write) -> None:
    path = write("example.com.zone", "@ IN MX 10 192.0.2.1 ; mxlint: disable=MX002\n" + GOOD_MX)
    result = lint([path], Options(use_config=False))
    assert "MX002" not in {d.code for d in result.diagnostics}
    assert unused(path) == []


def test_only_the_unused_names_of_a_directive_are_named(write: Write) -> None:
    path = write(
        "example.com.zone",
        "; mxlint: disable-next-line=ip-target,ttl-mismatch,duplicate-target -- why\n"
        "@ IN MX 10 192.0.2.1\n" + GOOD_MX,
    )
    [(line, message)] = unused(path)
    assert line == 5
    assert "need not name ttl-mismatch (MX010), duplicate-target (MX006)" in message
    assert 'write "; mxlint: disable-next-line=ip-target"' in message


def test_disable_file_that_silenced_nothing(write: Write) -> None:
    path = write("example.com.zone", GOOD_MX + "; mxlint: disable-file=ttl-mismatch\n")
    [(line, message)] = unused(path)
    assert line == 6 and "in this file" in message


@pytest.mark.parametrize(
    ("directive", "why"),
    [
        ("disable=ip-target", "the rule is switched off in this run"),
        ("disable=single-mx", "off by default"),
        ("disable=all", "all is never judged"),
        ("disable=no-such-rule", "invalid-directive reports it"),
        ("disable=serial-not-increased", "needs git history"),
        ("disable=mx-drift", "needs the network"),
        ("disable=missing-address", "runs in full only with --online"),
        ("disable=missing-trailing-dot", "reads other zones: not judged in a named file"),
        ("disable=ip-target,unused-suppression", "its own name silences it"),
    ],
)
def test_not_judged(write: Write, directive: str, why: str) -> None:
    path = write("example.com.zone", f"@ IN MX 10 mail ; mxlint: {directive}\n" + GOOD_MX)
    assert unused(path, ("ip-target",) if "switched off" in why else ()) == [], why


def test_rules_reading_other_zones_are_judged_in_folder_runs(write: Write, tmp_path: Path) -> None:
    path = write("zones/example.com.zone", "@ IN MX 10 mail ; mxlint: disable=MX001\n" + GOOD_MX)
    assert unused(path) == []  # named: the other zones may be missing
    result = lint([os.fspath(tmp_path / "zones")], Options(use_config=False))
    [d] = result.diagnostics
    assert (d.code, d.rule, d.severity, d.line) == ("MX021", "unused-suppression", "warning", 5)
    assert "missing-trailing-dot (MX001)" in d.message


def test_level_is_configurable_and_reports_pass_the_cli(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    path = write("example.com.zone", "@ IN MX 10 mail ; mxlint: disable=ip-target\n" + GOOD_MX)
    code, out, _ = cli("--no-config", path)
    assert code == 0 and out.count("[MX021 unused-suppression]") == 1
    assert ": warning: " in out
    config = tmp_path / "c.yaml"
    config.write_text("rules:\n  unused-suppression: error\n")
    code, out, _ = cli("--config", os.fspath(config), path)
    assert code == 1 and ": error: " in out
    assert cli("--no-config", "--disable", "MX021", path)[:2] == (0, "")


def test_plain_apply_api_is_unchanged(write: Write) -> None:
    """suppress.apply without ``used`` behaves as before (other front ends call it)."""
    from mxlint.check.registry import Registry
    from mxlint.model import Diagnostic
    from mxlint.stages import suppress

    text = ZONE_HEADER + "@ IN MX 10 x ; mxlint: disable=ip-target\n"
    directives = {"z": suppress.scan("z", text)}
    d = Diagnostic("z", 5, 1, "error", "MX002", "ip-target", "m")
    other = Diagnostic("z", 5, 1, "error", "MX001", "missing-trailing-dot", "m")
    registry = Registry.load(plugins=False)
    assert suppress.apply([d, other], directives, registry) == [other]
    used: set[suppress.Use] = set()
    suppress.apply([d, other], directives, registry, used)
    assert used == {(directives["z"][0], "ip-target")}
