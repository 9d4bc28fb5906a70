"""``--fix`` as a user sees it: the bytes of each fixed file, the number of rounds, the diff,
and the reason given for every edit left undone."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from pathlib import Path

import pytest

from mxlint import api, fix
from mxlint.zonefile import loader

from .conftest import run_cli


def head(origin: str, serial: int = 1) -> str:
    return (
        f"$ORIGIN {origin}.\n$TTL 3600\n"
        f"@ IN SOA ns1.example.net. hostmaster.example.net. {serial} 7200 3600 1209600 300\n"
        "@ IN NS ns1.example.net.\n"
    )


def _options(**kw: object) -> api.Options:
    return api.Options(use_config=False, progress=False, **kw)  # type: ignore[arg-type]


def _source(body: str, origin: str = "example.com") -> fix.SourceFix:
    path = f"/nonexistent/{origin}.zone"
    return fix.fix_source(path, head(origin) + body, _options())


# ---------------------------------------------------------------- rounds


def test_two_zones_each_with_a_repair_are_fixed_in_one_round(tmp_path: Path) -> None:
    com = tmp_path / "example.com.zone"
    org = tmp_path / "example.org.zone"
    com.write_text(head("example.com") + "@ IN MX 10 mail.example.net\n")
    org.write_text(head("example.org") + "@ IN MX 10 mx.example.net\n")
    done = fix.fix_files([os.fspath(tmp_path)], _options())
    assert done.rounds == 1 and done.stable
    assert com.read_text() == head("example.com", 2) + "@ IN MX 10 mail.example.net.\n"
    assert org.read_text() == head("example.org", 2) + "@ IN MX 10 mx.example.net.\n"
    assert dict(done.changes) == {(str(com), "MX001"): 1, (str(org), "MX001"): 1}
    code, _out, err = run_cli(["--fix", os.fspath(tmp_path)])  # nothing left: no round
    assert code == 0 and "fixed" not in err and "rounds" not in err, err


def test_a_fix_that_makes_a_duplicate_takes_two_rounds_and_says_so(tmp_path: Path) -> None:
    com = tmp_path / "example.com.zone"
    com.write_text(head("example.com") + "@ IN MX 10 mx.example.net\n@ IN MX 10 mx.example.net.\n")
    code, _out, err = run_cli(["--fix", os.fspath(com)])
    assert com.read_text() == head("example.com", 2) + "@ IN MX 10 mx.example.net.\n"
    assert "(2 rounds)" in err, err
    assert code == 0, err


# ---------------------------------------------------------------- diff and context zones


def test_a_context_zone_reading_the_fixed_include_adds_nothing_to_the_diff(
    tmp_path: Path,
) -> None:
    (tmp_path / "mail.inc").write_text("@ IN MX 10 mail.example.net\n")
    com = tmp_path / "example.com.zone"
    com.write_text(head("example.com") + "$INCLUDE mail.inc\n")
    org = tmp_path / "example.org.zone"
    org.write_text(head("example.org") + "$INCLUDE mail.inc\n")
    options = _options(context=[os.fspath(org)])
    done = fix.fix_files([os.fspath(com)], options, write=False)
    inc = os.fspath(tmp_path / "mail.inc")
    assert dict(done.changes) == {(inc, "MX001"): 1}
    assert sorted(done.files) == sorted([inc, os.fspath(com)])  # (com: its serial)
    assert done.diff.count("+++ b/") == 2
    assert done.diff.count("+@ IN MX 10 mail.example.net.\n") == 1
    assert (tmp_path / "mail.inc").read_text() == "@ IN MX 10 mail.example.net\n"


# ---------------------------------------------------------------- what BIND would refuse


def test_an_owner_repair_of_a_lone_cname_is_made() -> None:
    done = _source("www.example.com IN CNAME mail\nmail IN A 192.0.2.1\n")
    assert done.skipped == []
    assert done.text.endswith("www.example.com. IN CNAME mail\nmail IN A 192.0.2.1\n")
    assert done.fixed == 1


def test_an_owner_repair_that_puts_a_cname_beside_other_data_is_refused() -> None:
    body = "www IN A 192.0.2.9\nwww.example.com IN CNAME mail\nmail IN A 192.0.2.1\n"
    before = _source(body)
    # (the edit would move the CNAME onto www, which holds an A record)
    assert before.fixed == 0
    assert before.text == head("example.com") + body
    assert before.skipped == [
        "/nonexistent/example.com.zone: not fixed: www.example.com. would hold a CNAME and "
        "other data, which BIND refuses"
    ]


def test_loads_as_before_names_the_first_new_load_error() -> None:
    text = head("example.com") + "@ IN MX 10 mail.example.net.\n"
    before = loader.load_zone("example.com.zone", "example.com.", text=text)
    after = loader.load_zone("example.com.zone", "example.com.", text=text + "@ IN MX ten x.\n")
    assert len(after.problems) == 1 and not before.problems
    why = fix._loads_as_before(before, after, {})
    assert why == f"the edited zone would not load ({after.problems[0].message})"
    assert fix._loads_as_before(before, before, {}) is None


def test_a_shared_line_whose_owner_is_inherited_gets_only_its_target_repair(
    tmp_path: Path,
) -> None:
    # In example.org, line 2 inherits the owner www.example.org.example.org. (a defect of line
    # 1, not of line 2): the edit of line 2 is the target's alone in both zones, and is made.
    inc = tmp_path / "mail.inc"
    inc.write_text("www.example.org IN A 192.0.2.1\n IN MX 10 mail.example.net\n")
    com = tmp_path / "example.com.zone"
    com.write_text(head("example.com") + "$INCLUDE mail.inc\n")
    org = tmp_path / "example.org.zone"
    org.write_text(head("example.org") + "$INCLUDE mail.inc\n")
    code, _out, err = run_cli(["--fix", "--context", os.fspath(org), os.fspath(com)])
    assert "not fixed" not in err, err
    assert inc.read_text() == "www.example.org IN A 192.0.2.1\n IN MX 10 mail.example.net.\n"
    assert code == 0, err


def test_an_owner_repair_that_puts_two_cnames_on_one_name_is_refused() -> None:
    body = "www IN CNAME a.example.net.\nwww.example.com IN CNAME b.example.net.\n"
    done = _source(body)
    assert (done.fixed, done.text) == (0, head("example.com") + body)
    assert done.skipped == [
        "/nonexistent/example.com.zone: not fixed: www.example.com. would hold a CNAME and "
        "other data, which BIND refuses"
    ]


# ---------------------------------------------------------------- new findings


def test_a_repair_that_would_add_a_warning_is_refused_and_the_warning_named() -> None:
    body = "@ IN MX 10 mail.example.net\n@ IN MX 20 mail.example.net.\n"
    done = _source(body)
    assert (done.fixed, done.text) == (0, head("example.com") + body)
    assert done.skipped == [
        "/nonexistent/example.com.zone: not fixed: the edits would add a finding: MX target "
        '"mail.example.net." at example.com. has preference 20 here and 10 at '
        "/nonexistent/example.com.zone:5; a host listed twice is not a backup for itself; keep "
        "one preference and point the other at a different host [duplicate-target]"
    ]


def test_a_target_without_an_address_before_or_after_is_repaired() -> None:
    # missing-address of mail.example.com. afterwards is the defect that was there (the
    # name written had no address either): not a new finding
    done = _source("@ IN MX 10 mail.example.com\n")
    assert done.skipped == [] and done.fixed == 1
    assert done.text == head("example.com") + "@ IN MX 10 mail.example.com.\n"


@pytest.mark.parametrize("address", ["A 192.0.2.1", "AAAA 2001:db8::1"])
def test_a_repair_that_leaves_the_target_without_its_address_is_refused(address: str) -> None:
    # The name as written (mail.example.com.example.com.) has an address; the name meant has
    # none: the repair would break delivery.
    body = f"@ IN MX 10 mail.example.com\nmail.example.com.example.com. IN {address}\n"
    done = _source(body)
    assert (done.fixed, done.text) == (0, head("example.com") + body)
    assert done.skipped == [
        "/nonexistent/example.com.zone: not fixed: the edits would add a finding: MX target "
        '"mail.example.com." has no A or AAAA record in zone example.com. (the name does not '
        "exist), so mail for example.com. cannot be delivered there; add an A/AAAA record for "
        '"mail.example.com." or point the MX at a host that has one [missing-address]'
    ]


def test_a_suppressed_repair_on_a_repaired_line_is_not_made() -> None:
    # Line 6 has two repairs: its dot (made) and its deletion as a duplicate of line 5,
    # which the comment suppresses (not made).
    body = "@ IN MX 10 mail.example.com\n@ IN MX 10 mail.example.com ; mxlint: disable=MX005\n"
    done = _source(body)
    assert done.skipped == []
    assert done.text == head("example.com") + (
        "@ IN MX 10 mail.example.com.\n@ IN MX 10 mail.example.com. ; mxlint: disable=MX005\n"
    )
    assert done.fixed == 2


# ---------------------------------------------------------------- bytes kept


def test_a_byte_order_mark_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "example.com.zone"
    text = head("example.com") + "@ IN MX 10 mail.example.net\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    done = fix.fix_files([os.fspath(path)], _options())
    assert done.skipped == [f"{path}: SOA serial 1 -> 2, since --fix changed the zone's records"]
    fixed = head("example.com", 2) + "@ IN MX 10 mail.example.net.\n"
    assert path.read_bytes() == b"\xef\xbb\xbf" + fixed.encode()


# ---------------------------------------------------------------- what the system refused


def _one_fix(tmp_path: Path) -> Path:
    path = tmp_path / "example.com.zone"
    path.write_text(head("example.com") + "@ IN MX 10 mail.example.net\n")
    return path


def _refusal(path: Path) -> list[str]:
    done = fix.fix_files([os.fspath(path)], _options())
    return [s for s in done.skipped if "SOA serial" not in s]


def test_a_file_gone_since_it_was_linted_is_named_with_the_systems_words(tmp_path: Path) -> None:
    path = _one_fix(tmp_path)
    linted = api.lint([os.fspath(path)], _options(release_records=False))
    path.unlink()
    done = fix.fix_files([os.fspath(path)], _options(), result=linted)
    assert done.skipped == [f"{path}: not fixed: it cannot be read (No such file or directory)"]
    assert done.files == [] and not path.exists()


def test_a_failed_rename_says_which_step_failed_in_the_systems_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _one_fix(tmp_path)
    before = path.read_bytes()

    def refuse(src: str, dst: str) -> None:
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), dst)

    monkeypatch.setattr(os, "replace", refuse)
    assert _refusal(path) == [
        f"{path}: not fixed: cannot rename the temporary file over it: "
        f"{os.strerror(errno.EBUSY)}; it is unchanged"
    ]
    assert path.read_bytes() == before


def test_a_folder_without_room_for_the_temporary_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _one_fix(tmp_path)

    def full(**_kw: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tempfile, "mkstemp", full)
    assert _refusal(path) == [
        f"{path}: not fixed: cannot create a temporary file in {tmp_path}: "
        f"{os.strerror(errno.ENOSPC)}"
    ]


def test_a_file_that_cannot_be_opened_again_to_lock_it_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _one_fix(tmp_path)

    def gone(real: str) -> int:
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), real)

    monkeypatch.setattr(fix, "_lock", gone)
    assert _refusal(path) == [
        f"{path}: not fixed: cannot read it again: {os.strerror(errno.ENOENT)}"
    ]


# ---------------------------------------------------------------- fix_source's rounds


def test_fix_source_runs_to_a_fixed_point_but_only_one_round_for_picked_diagnostics() -> None:
    # The dot makes line 6 repeat line 5: a second round deletes it, unless the caller (an
    # editor's quick fix) picked the diagnostics to repair, which are those of one round.
    path = "/nonexistent/example.com.zone"
    text = head("example.com") + "@ IN MX 10 mx.example.net\n@ IN MX 10 mx.example.net.\n"
    whole = fix.fix_source(path, text, _options())
    assert whole.text == head("example.com") + "@ IN MX 10 mx.example.net.\n"
    assert (whole.fixed, whole.skipped) == (2, [])
    picked = fix.fix_source(path, text, _options(), only=lambda d: True)
    assert picked.text == head("example.com") + "@ IN MX 10 mx.example.net.\n" * 2
    assert (picked.fixed, picked.skipped) == (1, [])
    assert {d.rule for d in picked.result.diagnostics} == {"duplicate-record"}
    none = fix.fix_source(path, text, _options(), only=lambda d: d.line == 6)
    assert (none.text, none.fixed) == (text, 0)


def test_fix_source_stops_at_its_bound_of_rounds() -> None:
    path = "/nonexistent/example.com.zone"
    text = head("example.com") + "@ IN MX 10 mx.example.net\n@ IN MX 10 mx.example.net.\n"
    one = fix.fix_source(path, text, _options(), rounds=1)
    assert one.text == head("example.com") + "@ IN MX 10 mx.example.net.\n" * 2
    assert one.fixed == 1


def test_zones_with_nothing_fixable_are_not_mentioned_though_they_changed_meanwhile(
    tmp_path: Path,
) -> None:
    # example.com's duplicate spans two lines (it cannot go with one line: no repair);
    # example.org has nothing to repair. Both files change between the lint and the fix:
    # neither was going to be written, so neither is reported as "not fixed".
    com = tmp_path / "example.com.zone"
    com.write_text(
        head("example.com") + "@ IN MX 10 mx.example.net.\n@ IN MX ( 10\n  mx.example.net. )\n"
    )
    org = tmp_path / "example.org.zone"
    org.write_text(head("example.org") + "@ IN MX 10 mx.example.net.\n")
    linted = api.lint([os.fspath(tmp_path)], _options(release_records=False))
    assert {d.rule for d in linted.diagnostics} == {"duplicate-record"}
    for path in (com, org):
        path.write_text(path.read_text() + "www IN A 192.0.2.80\n")
    done = fix.fix_files([os.fspath(tmp_path)], _options(), result=linted)
    assert (done.skipped, done.files, done.rounds) == ([], [], 0)


def test_fix_files_stops_after_ten_rounds_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The documented bound ("at most 10 rounds"): a repair that never sticks (here: a
    # planner that says it wrote the file, and wrote nothing) stops after ten rounds.
    path = _one_fix(tmp_path)
    calls: list[int] = []

    def claims_a_write(*_args: object, **_kw: object) -> fix.FixResult:
        calls.append(1)
        return fix.FixResult(fixed=1, files=[os.fspath(path)])

    monkeypatch.setattr(fix, "plan_and_apply", claims_a_write)
    done = fix.fix_files([os.fspath(path)], _options())
    assert (done.rounds, done.stable, len(calls)) == (10, False, 10)
    assert done.files == [os.fspath(path)]


def test_a_diff_writes_nothing_and_counts_no_round(tmp_path: Path) -> None:
    path = _one_fix(tmp_path)
    before = path.read_bytes()
    done = fix.fix_files([os.fspath(path)], _options(), write=False)
    assert (done.rounds, done.stable) == (0, True)
    assert "+@ IN MX 10 mail.example.net.\n" in done.diff
    assert path.read_bytes() == before


def test_a_file_whose_only_bits_are_read_and_execute_is_read_only(tmp_path: Path) -> None:
    path = _one_fix(tmp_path)
    before = path.read_bytes()
    os.chmod(path, 0o555)
    assert _refusal(path) == [
        f"{path}: not fixed: it is read-only (mode 0555), and --fix leaves read-only files "
        "alone; make it writable (chmod u+w) to let --fix change it"
    ]
    assert path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may write a file with mode 0446")
def test_a_file_only_others_may_write_is_not_read_only(tmp_path: Path) -> None:
    # (root writes it: the write bit of "others" is a write bit)
    path = _one_fix(tmp_path)
    os.chmod(path, 0o446)
    assert _refusal(path) == []
    assert path.read_text().endswith("@ IN MX 10 mail.example.net.\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o446


def test_new_findings_are_looked_for_in_the_zones_that_read_the_edited_files(
    tmp_path: Path,
) -> None:
    # Only the zones that read an edited file are judged for new findings (plan_and_apply's
    # contract): example.org, which names the doubled name on purpose, is not one of them.
    # Its missing-address after the fix is reported by the lint that follows.
    com = tmp_path / "example.com.zone"
    com.write_text(head("example.com") + "mail.example.com IN A 192.0.2.1\n")
    org = tmp_path / "example.org.zone"
    org.write_text(head("example.org") + "@ IN MX 10 mail.example.com.example.com.\n")
    done = fix.fix_files([os.fspath(tmp_path)], _options())
    assert [s for s in done.skipped if "SOA serial" not in s] == []
    assert com.read_text() == head("example.com", 2) + "mail.example.com. IN A 192.0.2.1\n"
    assert [(d.path, d.rule) for d in done.result.diagnostics] == [
        (os.fspath(org), "missing-address")
    ]


_GDNSD = """\
; example.com, served by gdnsd
$ORIGIN example.com.
$TTL 3600
@ IN SOA ns1.example.net. hostmaster.example.net. 1 7200 3600 1209600 300
@ IN NS ns1.example.net.
www IN A 192.0.2.1
web IN CNAME www.@Z
@ IN MX 10 mail.example.net
"""


def test_a_zone_for_gdnsd_is_read_again_as_gdnsd_reads_it(tmp_path: Path) -> None:
    # www.@Z is gdnsd's www.example.com.: read as BIND reads it, the edited zone would hold
    # another record, and the repair would be refused.
    path = tmp_path / "example.com.zone"
    path.write_text(_GDNSD)
    done = fix.fix_files([os.fspath(path)], _options())
    assert [s for s in done.skipped if "SOA serial" not in s] == []
    assert path.read_text().endswith("web IN CNAME www.@Z\n@ IN MX 10 mail.example.net.\n")
    source = fix.fix_source(os.fspath(path), _GDNSD, _options())
    assert source.skipped == [] and source.fixed == 1
    assert source.text == _GDNSD.replace("mail.example.net\n", "mail.example.net.\n")


def test_a_disk_failing_between_two_files_counts_only_the_repairs_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = tmp_path / "example.com.zone"
    main.write_text(head("example.com") + "@ IN MX 10 mail.example.net\n$INCLUDE inc.db\n")
    inc = tmp_path / "inc.db"
    # (its bytes sort before the zone file's: the order is the paths', not the contents')
    inc.write_text("\nwww IN MX 10 mx.example.net.\nwww IN MX 10 mx.example.net.\n")
    replace = os.replace
    calls: list[str] = []

    def fail_the_second(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO), dst)
        replace(src, dst)

    monkeypatch.setattr(os, "replace", fail_the_second)
    done = fix.fix_files([os.fspath(main)], _options())
    assert calls == [os.fspath(main), os.fspath(inc)]  # locked and written in path order
    assert done.files == [os.fspath(main)]
    assert dict(done.changes) == {(os.fspath(main), "MX001"): 1}
    assert inc.read_text() == "\nwww IN MX 10 mx.example.net.\nwww IN MX 10 mx.example.net.\n"
    assert done.skipped[-1] == (
        f"{inc}: not fixed: cannot rename the temporary file over it: {os.strerror(errno.EIO)}; "
        f"it is unchanged (its other files were: {main})"
    )


def test_a_zone_without_soa_is_fixed_and_no_serial_is_bumped(tmp_path: Path) -> None:
    path = tmp_path / "example.com.zone"
    body = "$ORIGIN example.com.\n$TTL 3600\n@ IN NS ns1.example.net.\n"
    path.write_text(body + "@ IN MX 10 mail.example.net\n")
    done = fix.fix_files([os.fspath(path)], _options())
    assert path.read_text() == body + "@ IN MX 10 mail.example.net.\n"
    assert done.skipped == [] and done.rounds == 1


def test_a_serial_too_far_from_its_soa_to_find_is_left_alone(tmp_path: Path) -> None:
    # The serial is 22 lines below "SOA": not looked for; the repair is made, the serial kept.
    soa = (
        "$ORIGIN example.com.\n$TTL 3600\n"
        "@ IN SOA ns1.example.net. hostmaster.example.net. (\n"
        + "  ; a long history of this zone\n" * 21
        + "  7 7200 3600 1209600 300 )\n@ IN NS ns1.example.net.\n"
    )
    path = tmp_path / "example.com.zone"
    path.write_text(soa + "@ IN MX 10 mail.example.net\n")
    done = fix.fix_files([os.fspath(path)], _options())
    assert done.skipped == [] and done.rounds == 1
    assert path.read_text() == soa + "@ IN MX 10 mail.example.net.\n"


def test_fix_removes_only_files_named_as_its_own_temporaries(tmp_path: Path) -> None:
    old = time.time() - 3600
    dead = tmp_path / ".mxlint-tmp-d3ad0000.tmp"
    kept = [tmp_path / "backup.tmp", tmp_path / ".mxlint-tmp-notes", tmp_path / "serials.txt"]
    for p in (dead, *kept):
        p.write_bytes(b"the user's")
        os.utime(p, (old, old))
    path = _one_fix(tmp_path)
    assert _refusal(path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (*kept, path))


def test_files_are_locked_and_written_in_the_order_of_their_resolved_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # inc.db is a link into aa/: by resolved path it comes first, by the name given second.
    zones = tmp_path / "zz"
    (tmp_path / "aa").mkdir()
    zones.mkdir()
    main = zones / "example.com.zone"
    main.write_text(head("example.com") + "@ IN MX 10 mail.example.net\n$INCLUDE inc.db\n")
    real = tmp_path / "aa" / "inc.db"
    real.write_text("www IN MX 10 mx.example.net\n")
    (zones / "inc.db").symlink_to(real)
    replace = os.replace
    calls: list[str] = []

    def record(src: str, dst: str) -> None:
        calls.append(dst)
        replace(src, dst)

    monkeypatch.setattr(os, "replace", record)
    options = _options(include_roots=[os.fspath(tmp_path)])
    done = fix.fix_files([os.fspath(main)], options)
    assert calls[:2] == [os.fspath(real), os.fspath(main)], done.skipped
    assert real.read_text() == "www IN MX 10 mx.example.net.\n"
    assert (zones / "inc.db").is_symlink()


def test_an_owner_repair_whose_line_lost_its_owner_meanwhile_is_dropped(tmp_path: Path) -> None:
    # Between the lint and the fix, line 5 was rewritten to inherit the owner: the defect
    # the lint saw is gone, nothing is written and nothing is said.
    path = tmp_path / "example.com.zone"
    path.write_text(head("example.com") + "mail.example.com IN A 192.0.2.1\n")
    linted = api.lint([os.fspath(path)], _options(release_records=False))
    assert [d.rule for d in linted.diagnostics] == ["missing-trailing-dot"]
    now = head("example.com") + " IN A 192.0.2.1\n"
    path.write_text(now)
    done = fix.fix_files([os.fspath(path)], _options(), result=linted)
    assert (done.skipped, done.files, done.rounds) == ([], [], 0)
    assert path.read_text() == now


def test_fix_waits_for_a_lock_held_briefly_and_then_fixes(tmp_path: Path) -> None:
    import fcntl
    import threading

    path = _one_fix(tmp_path)
    held = open(path, "rb")  # noqa: SIM115  (released by the timer)
    fcntl.flock(held, fcntl.LOCK_EX)
    timer = threading.Timer(0.3, held.close)
    timer.start()
    try:
        assert _refusal(path) == []
    finally:
        timer.join()
    assert path.read_text().endswith("@ IN MX 10 mail.example.net.\n")
