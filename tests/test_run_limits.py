"""Run-wide bounds and the bounds on what repeated $INCLUDEs cost (issue 17).

A 1 KB file that includes a file again and again, seven levels of ten, used to cost ten
million records (and minutes, and gigabytes) before ``file-records`` stopped it. Now
``include-reads`` and ``reread-factor`` stop such a file early, ``run-records`` bounds the
records of the whole run and ``memory-mib`` its resident memory; each is one
``limit-exceeded`` diagnostic naming the file that was not checked, never a traceback.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from mxlint import limits
from mxlint.limits import DEFAULT, Limits, RunBudget, RunLimitHit

from .conftest import ZONE_HEADER

Cli = Callable[..., tuple[int, str, str]]

GOOD = "@ IN MX 10 mx1.example.com.\nmx1 IN A 192.0.2.1\n"


def found(out: str) -> list[tuple[str, int, str, str]]:
    return [
        (os.path.basename(d["path"]), d["line"], d["rule"], d["message"])
        for d in json.loads(out)["diagnostics"]
    ]


def nested(tmp_path: Path, levels: int, fan: int) -> Path:
    """A zone that includes a file of ``fan`` includes of the next, ``levels`` deep."""
    (tmp_path / "leaf.inc").write_text("h TXT x\n")
    below = "leaf.inc"
    for level in range(levels):
        (tmp_path / f"l{level}.inc").write_text(f"$INCLUDE {below}\n" * fan)
        below = f"l{level}.inc"
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + GOOD + f"$INCLUDE {below}\n")
    return zone


def test_a_small_file_of_repeated_includes_is_stopped_by_default(cli: Cli, tmp_path: Path) -> None:
    zone = nested(tmp_path, 7, 10)  # ten million reads, ten million records
    size = sum(p.stat().st_size for p in tmp_path.iterdir())
    assert size < 1500  # about 1 KB, with the zone's header
    start = time.monotonic()
    code, out, _ = cli("--no-config", "--format", "json", os.fspath(zone))
    assert time.monotonic() - start < 100
    [(name, line, rule, message)] = found(out)
    assert (code, name, line, rule) == (1, "example.com.zone", 1, "limit-exceeded")
    assert "more than 10,000 times (the include-reads limit; leaf.inc was read" in message
    assert "checks none of it" in message and "--limit include-reads=N" in message


def test_include_reads_is_a_limit(cli: Cli, tmp_path: Path) -> None:
    zone = nested(tmp_path, 3, 5)  # 1 + 5 + 25 + 125 reads
    code, out, _ = cli("--no-config", "--format", "json", os.fspath(zone))
    assert (code, found(out)) == (0, [])
    code, out, _ = cli("--no-config", "--limit", "include-reads=156", os.fspath(zone))
    assert code == 0
    code, out, _ = cli(
        "--no-config", "--limit", "include-reads=155", "--format", "json", os.fspath(zone)
    )
    [(_, line, rule, message)] = found(out)
    assert (code, line, rule) == (1, 1, "limit-exceeded")
    assert "more than 155 times" in message


def test_reread_factor_bounds_text_read_again(cli: Cli, tmp_path: Path) -> None:
    # 40 reads of a 60 KB file: 2.4 MB read from about 61 KB of text.
    (tmp_path / "big.inc").write_text("h TXT x ; " + "c" * 60_000 + "\n")
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + GOOD + "$INCLUDE big.inc\n" * 40)
    code, out, _ = cli("--no-config", "--format", "json", os.fspath(zone))
    assert (code, found(out)) == (0, [])  # 40 times its text: within the default of 100
    code, out, _ = cli(
        "--no-config", "--limit", "reread-factor=10", "--format", "json", os.fspath(zone)
    )
    [(_, line, rule, message)] = found(out)
    assert (code, line, rule) == (1, 1, "limit-exceeded")
    assert "again and again (big.inc was read" in message
    assert "the reread-factor limit of 10 times its text plus 1 MiB" in message


def test_a_fragment_included_under_many_origins_is_no_alarm(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "mail.inc").write_text('@ IN MX 10 mx1.example.com.\n@ IN TXT "v=spf1 -all"\n')
    body = "".join(f"$ORIGIN s{i}.example.com.\n$INCLUDE mail.inc\n" for i in range(2000))
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + GOOD + body)
    code, out, _ = cli("--no-config", "--format", "json", os.fspath(zone))
    assert (code, found(out)) == (0, [])


def test_run_records_bounds_the_whole_run(cli: Cli, tmp_path: Path) -> None:
    paths = []
    for name in ("a", "b", "c", "d"):
        origin = f"{name}.example."
        text = ZONE_HEADER.replace("example.com.", origin) + "".join(
            f"h{i} IN A 192.0.2.{i}\n" for i in range(8)
        )
        path = tmp_path / f"{origin}zone"
        path.write_text(text)
        paths.append(os.fspath(path))
    # 10 records a file: a and b fit in 25, c gets the 5 left and passes them, d none.
    code, out, _ = cli("--no-config", "--limit", "run-records=25", "--format", "json", *paths)
    got = found(out)
    assert [(n, rule) for n, _, rule, _ in got] == [
        ("c.example.zone", "limit-exceeded"),
        ("d.example.zone", "limit-exceeded"),
    ]
    c, d = got[0][3], got[1][3]
    assert "more than 5 records" in c and "run-records limit of 25" in c
    assert "read before it hold 20 records" in c and "--limit run-records=N" in c
    assert got[1][1] == 1 and "hold 25 records, the run-records limit of 25" in d
    assert code == 1
    code, out, _ = cli("--no-config", "--limit", "run-records=40", "--format", "json", *paths)
    assert (code, found(out)) == (0, [])


def test_memory_mib_is_a_diagnostic_not_a_kill(cli: Cli, tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + GOOD)
    code, out, err = cli(
        "--no-config", "--limit", "memory-mib=1", "--format", "json", os.fspath(zone)
    )
    [(_, line, rule, message)] = found(out)
    assert (code, line, rule) == (1, 1, "limit-exceeded")
    assert "more than 1 MiB (the memory-mib limit)" in message and "did not check" in message
    assert "Traceback" not in err


def test_memory_is_checked_while_a_file_is_read(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + GOOD + "".join(f"h{i} IN A 192.0.2.1\n" for i in range(20_000)))
    checks: list[int] = []

    def resident() -> int:  # below the bound until the file is being read
        checks.append(1)
        return 10 << 20 if len(checks) > 1 else 1 << 10

    monkeypatch.setattr(limits, "resident_kib", resident)
    code, out, _ = cli(
        "--no-config", "--limit", "memory-mib=100", "--format", "json", os.fspath(zone)
    )
    [(_, line, rule, message)] = found(out)
    assert (code, line, rule) == (1, 1, "limit-exceeded")
    assert "MiB while it was read, more than 100 MiB" in message


def test_memory_bound_is_at_most_three_quarters_of_the_machine() -> None:
    budget = RunBudget(DEFAULT, machine_mib=1000)
    assert (budget.memory_mib, budget.capped) == (750, True)
    budget = RunBudget(Limits(memory_mib=500), machine_mib=1000)
    assert (budget.memory_mib, budget.capped) == (500, False)
    assert RunBudget(DEFAULT, machine_mib=None).memory_mib == DEFAULT.memory_mib
    assert limits.resident_kib() > 0


def test_the_machine_memory_is_read() -> None:
    mib = limits.machine_memory_mib()
    assert mib is None or mib > 0


def test_run_limit_hit_passes_the_loaders_handlers() -> None:
    # The loader turns any Exception of a statement into a syntax error and reads on.
    assert not issubclass(RunLimitHit, Exception)
