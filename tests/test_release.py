"""Zone by zone: a zone's records are freed once its rules ran (``Options.release_records``,
the command line's default), unless a lookup from another zone reached it; no verdict changes.

Which records are alive is read from the garbage collector's own list of objects (a
``Record`` holds references, so the collector tracks every one that exists), at the moment
each zone's rules start and after the run: nothing is timed.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mxlint import api, fix
from mxlint.api import Options, lint
from mxlint.model import Diagnostic, Record, Records, Zone, ZoneSet

from .conftest import ROOT

# z1's MX points into z3 (read ahead, kept); z4's into z2 (released, read again, kept).
TARGETS = {1: "mail.z3.example.", 4: "mail.z2.example."}


def zone_text(n: int) -> str:
    target = TARGETS.get(n, "mail")
    return (
        f"$ORIGIN z{n}.example.\n$TTL 3600\n"
        f"@     IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
        "@     IN NS  ns1\n"
        "ns1   IN A   192.0.2.1\n"
        f"@     IN MX  10 {target}\n"
        "mail  IN A   192.0.2.25\n"
        "mail2 IN A   10.0.0.1\n"  # a private address: one diagnostic per zone that uses it
        "www   IN MX  10 mail2\n"
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    zones = tmp_path / "zones"
    zones.mkdir()
    for n in range(1, 7):
        (zones / f"z{n}.example.zone").write_text(zone_text(n))
    return zones


def live(root: Path) -> set[str]:
    """The files whose records are alive (file names, under ``root``)."""
    prefix = str(root)
    alive = set()
    for o in gc.get_objects():
        if type(o) is Record and o.path.startswith(prefix):
            alive.add(os.path.basename(o.path))
        elif type(o) is Records and o.keys and o.path(0).startswith(prefix):
            alive.add(os.path.basename(o.path(0)))  # a zone's rows (no Record made yet)
    return alive


def names(*ns: int) -> set[str]:
    return {f"z{n}.example.zone" for n in ns}


@pytest.fixture
def entered(monkeypatch: pytest.MonkeyPatch, folder: Path) -> dict[str, set[str]]:
    """For each zone, the files whose records were alive when its rules started."""
    seen: dict[str, set[str]] = {}
    enter = ZoneSet.enter

    def spy(self: ZoneSet, zone: Zone) -> None:
        enter(self, zone)
        seen[os.path.basename(zone.path)] = live(folder)

    monkeypatch.setattr(ZoneSet, "enter", spy)
    return seen


def run(paths: list[str], **options: object) -> api.Result:
    return lint(paths, Options(progress=False, use_config=False, **options))  # type: ignore[arg-type]


def test_records_are_released_after_their_rules_unless_another_zone_looks_into_them(
    folder: Path, entered: dict[str, set[str]]
) -> None:
    result = run([str(folder)], release_records=True)
    assert entered == {
        "z1.example.zone": names(1),
        "z2.example.zone": names(2, 3),  # z1 asked about mail.z3.example.: read, kept
        "z3.example.zone": names(3),
        "z4.example.zone": names(3, 4),
        "z5.example.zone": names(2, 3, 5),  # z4 asked about z2: read again, kept
        "z6.example.zone": names(2, 3, 6),
    }
    assert live(folder) == names(2, 3)
    resident = {os.path.basename(z.path) for z in result.zones if result.zone_set.resident(z)}
    assert resident == names(2, 3)
    released = next(z for z in result.zones if z.path.endswith("z1.example.zone"))
    assert released.records == [] and released.files == [released.path]
    # what the stages after the rules read is still there
    assert released.directives is not None and released.origin is not None


def test_without_release_every_zone_stays(folder: Path, entered: dict[str, set[str]]) -> None:
    result = run([str(folder)])
    assert live(folder) == names(1, 2, 3, 4, 5, 6)
    assert all(result.zone_set.resident(z) and z.records for z in result.zones)


def test_a_rule_that_reads_every_zone_keeps_them_all(
    folder: Path, entered: dict[str, set[str]]
) -> None:
    result = run([str(folder)], release_records=True, enable=["implicit-mx"])
    assert entered["z1.example.zone"] == names(1, 2, 3, 4, 5, 6)
    assert live(folder) == names(1, 2, 3, 4, 5, 6)
    assert result.diagnostics == run([str(folder)], enable=["implicit-mx"]).diagnostics


def test_verdicts_do_not_change_and_say_what_the_other_zone_holds(folder: Path) -> None:
    (folder / "z3.example.zone").write_text(
        zone_text(3).replace("mail  IN A   192.0.2.25", "mail  IN A   127.0.0.1")
    )
    kept = run([str(folder)]).diagnostics
    released = run([str(folder)], release_records=True).diagnostics
    assert released == kept
    # z1's target lives in z3, whose address is loopback: reported in z1 (a lookup into z3)
    assert any(d.path.endswith("z1.example.zone") and d.code == "MX012" for d in kept)


def test_a_context_zone_is_read_only_when_a_lookup_reaches_it(tmp_path: Path, folder: Path) -> None:
    linted = tmp_path / "linted"
    linted.mkdir()
    shutil.move(str(folder / "z1.example.zone"), linted)
    result = run([str(linted)], context=[str(folder)], release_records=True)
    read = {os.path.basename(z.path) for z in result.zones if result.zone_set.resident(z)}
    assert read == names(3)  # z1 released after its rules; z2, z4, z5, z6 never read
    assert result.files == [str(linted / "z1.example.zone")]
    both = run([str(linted)], context=[str(folder)])
    assert result.diagnostics == both.diagnostics
    assert all(both.zone_set.resident(z) and z.records for z in both.zones)


def test_fix_relints_a_result_whose_records_were_released(folder: Path) -> None:
    path = folder / "z5.example.zone"
    path.write_text(zone_text(5) + "@     IN MX  20 backup.z5.example\nbackup IN A 192.0.2.26\n")
    released = run([str(folder)], release_records=True)
    assert any(d.code == "MX001" for d in released.diagnostics)
    done = fix.fix_files(
        [str(folder)], Options(progress=False, use_config=False), write=False, result=released
    )
    assert "backup.z5.example." in done.diff
    assert (
        done.diff
        == fix.fix_files([str(folder)], Options(progress=False, use_config=False), write=False).diff
    )


def _examples() -> Iterator[Path]:
    yield from sorted(p for p in (ROOT / "tests" / "repos").iterdir() if p.is_dir())
    yield ROOT / "rules"


@pytest.mark.parametrize("where", list(_examples()), ids=lambda p: p.name)
@pytest.mark.parametrize("enable", [(), ("single-mx", "unverifiable-target")])
def test_the_same_diagnostics_with_and_without_release(
    where: Path, enable: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Each example is linted as the repository of its own it stands for (a copy with its own
    # git work tree): inside this project's tree, repository-wide evidence (the scripts that
    # fill in placeholders) would come from this project's files instead.
    copy = tmp_path / where.name
    shutil.copytree(where, copy, symlinks=True)
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    monkeypatch.chdir(copy)
    released: list[Zone] = []
    leave: Callable[..., bool] = ZoneSet.leave

    def spy(self: ZoneSet, zone: Zone, release: bool = False) -> bool:
        done = leave(self, zone, release)
        if done:
            released.append(zone)
        return done

    monkeypatch.setattr(ZoneSet, "leave", spy)
    kept: list[Diagnostic] = lint(["."], Options(progress=False, enable=enable)).diagnostics
    assert not released
    lean = lint(["."], Options(progress=False, enable=enable, release_records=True))
    assert lean.diagnostics == kept
    assert released or len(lean.zones) < 2, "nothing was released: the comparison proves little"
