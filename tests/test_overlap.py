"""One token, one diagnostic: where two rules could name the same record, the one that
names its cause reports it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import ZONE_HEADER

Cli = Callable[..., tuple[int, str, str]]

MIXED = ZONE_HEADER + (
    "@ IN MX 10 mx.zoho.com.\n"
    "@ IN MX 20 mx2.zoho.com.\n"
    "@ IN MX 30 aspmx.l.google.com.\n"
    "@ IN MX 40 atl1.aspmx.l.google.com.\n"  # a Google host, misspelt
)


def places(out: str) -> list[tuple[int, str]]:
    return [(int(line.split(":")[1]), line.rsplit("[", 1)[1][:5]) for line in out.splitlines()]


def test_a_misspelt_google_host_beside_zoho_is_one_typo(cli: Cli, tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(MIXED)
    _, out, _ = cli(str(zone))
    # line 7: the correctly written Google host shows the mix; line 8: the typo, once
    assert places(out) == [(7, "MX007"), (8, "MX018")], out
    assert 'write "alt1.aspmx.l.google.com."' in out


def test_the_mix_is_still_reported_when_every_leftover_is_misspelt(
    cli: Cli, tmp_path: Path
) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(MIXED.replace("aspmx.l.google.com.\n", "alt2.aspmx.l.google.com.\n", 1))
    _, out, _ = cli(str(zone))
    assert places(out) == [(7, "MX007"), (8, "MX018")], out
