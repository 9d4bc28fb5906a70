"""``--fix`` behaviour that the mutation script (tests/mutation/mutate.py) found untested: each
test holds one thing a user sees (a file's bytes after the fix, the count of repairs, the
note that says why an edit was skipped)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from mxlint import api, fix
from mxlint.fix import fix_source

from .conftest import run_cli


def head(origin: str) -> str:
    return (
        f"$ORIGIN {origin}.\n$TTL 3600\n"
        "@ IN SOA ns1.example.net. hostmaster.example.net. 1 7200 3600 1209600 300\n"
        "@ IN NS ns1.example.net.\n"
    )


def test_a_shared_include_is_fixed_though_the_other_zone_has_a_defect_of_its_own(
    tmp_path: Path,
) -> None:
    # example.org reads the same mail.inc, where the repair means the same; its own MX (line
    # 6 of its own file, which the edit leaves alone) needs a repair too. That record is not
    # the edit's business: the shared repair is proven safe and made.
    (tmp_path / "mail.inc").write_text("@ IN MX 10 mail.example.net\n")
    (tmp_path / "example.net.zone").write_text(head("example.net") + "mail IN A 192.0.2.1\n")
    com = tmp_path / "example.com.zone"
    com.write_text(head("example.com") + "$INCLUDE mail.inc\n")
    org = tmp_path / "example.org.zone"
    org_text = head("example.org") + "$INCLUDE mail.inc\n@ IN MX 20 mx.example.net\n"
    org.write_text(org_text)
    code, _out, err = run_cli(["--fix", "--context", os.fspath(tmp_path), os.fspath(com)])
    assert (tmp_path / "mail.inc").read_text() == "@ IN MX 10 mail.example.net.\n", err
    assert "not fixed" not in err and "fixed 1 problem" in err
    assert org.read_text() == org_text  # a context zone is read, never written
    assert code == 0


def test_fix_source_counts_each_repair(tmp_path: Path) -> None:
    path = os.fspath(tmp_path / "example.com.zone")
    text = head("example.com") + "@ IN MX 10 mail.example.net\n@ IN MX 20 mx.example.net\n"
    done = fix_source(path, text, api.Options())
    assert done.text.endswith("@ IN MX 10 mail.example.net.\n@ IN MX 20 mx.example.net.\n")
    assert done.fixed == 2 and done.skipped == []
    unchanged = fix_source(path, done.text, api.Options())
    assert unchanged.fixed == 0 and unchanged.text == done.text


def _zone_to_fix(tmp_path: Path) -> str:
    path = tmp_path / "example.com.zone"
    path.write_text(head("example.com") + "@ IN MX 10 mail.example.net\n")
    return os.fspath(path)


def test_fix_files_follows_the_options_it_is_given(tmp_path: Path) -> None:
    path = _zone_to_fix(tmp_path)
    quiet = api.Options(use_config=False, progress=False, disable=["missing-trailing-dot"])
    assert fix.fix_files([path], quiet, write=False).diff == ""  # a rule switched off: no repair
    assert "mail.example.net." in fix.fix_files([path], write=False).diff  # defaults: repaired


def test_fix_files_lints_again_when_the_given_result_released_its_records(tmp_path: Path) -> None:
    path = _zone_to_fix(tmp_path)
    options = api.Options(use_config=False, progress=False)
    released = api.lint([path], replace(options, release_records=True))
    assert not all(released.zone_set.resident(z) for z in released.zones)
    assert "mail.example.net." in fix.fix_files([path], options, write=False, result=released).diff


def test_zones_sharing_an_include_each_with_a_repair_are_fixed_in_one_run(
    tmp_path: Path,
) -> None:
    # Both zones are linted; the shared mail.inc is fixed for the first, and the second zone
    # (which reads it) has a repair of its own: it waits for the next round, which reads the
    # rewritten include, instead of being refused as "changed on disk".
    (tmp_path / "mail.inc").write_text("@ IN MX 10 mail.example.net\n")
    (tmp_path / "example.net.zone").write_text(
        head("example.net") + "ns1 IN A 192.0.2.53\nmail IN A 192.0.2.1\nmx IN A 192.0.2.2\n"
    )
    com = tmp_path / "example.com.zone"
    com.write_text(head("example.com") + "$INCLUDE mail.inc\n")
    org = tmp_path / "example.org.zone"
    org.write_text(head("example.org") + "$INCLUDE mail.inc\n@ IN MX 20 mx.example.net\n")
    code, _out, err = run_cli(["--fix", os.fspath(tmp_path)])
    assert "not fixed" not in err, err
    assert (tmp_path / "mail.inc").read_text() == "@ IN MX 10 mail.example.net.\n"
    assert org.read_text().endswith("@ IN MX 20 mx.example.net.\n"), err
    assert f"{com}: SOA serial only" in err
    assert code == 0, err


# ---------------------------------------------------------------- TTLs as BIND serves them


def _owner_fix(body: str) -> fix.SourceFix:
    options = api.Options(use_config=False, progress=False)
    return fix_source("/nonexistent/example.com.zone", head("example.com") + body, options)


def test_an_owner_repair_joining_the_last_run_of_its_rrset_is_made() -> None:
    # BIND serves an RRset at the first TTL of its last run (after www): 300 before the
    # repair (the run "mail 300 ..."), and 300 after it, when the repaired record joins that run.
    body = (
        "mail 600 IN A 192.0.2.1\nwww IN A 192.0.2.9\nmail 300 IN A 192.0.2.3\n"
        "mail.example.com 300 IN A 192.0.2.2\n"
    )
    done = _owner_fix(body)
    assert done.skipped == []
    assert done.fixed == 1
    assert done.text.endswith("mail 300 IN A 192.0.2.3\nmail.example.com. 300 IN A 192.0.2.2\n")


def test_an_owner_repair_that_changes_the_moved_records_ttl_is_refused() -> None:
    # The repaired record joins the run of mail's A records: BIND would serve it at that
    # run's first TTL (300), not at its own 600.
    body = "mail 300 IN A 192.0.2.1\nmail.example.com 600 IN A 192.0.2.2\n"
    done = _owner_fix(body)
    assert done.fixed == 0
    assert done.text == head("example.com") + body
    assert done.skipped == [
        "/nonexistent/example.com.zone: not fixed: BIND would serve the "
        "mail.example.com.example.com. A records at TTL 300 instead of 600 (one TTL per RRset, "
        "taken from the first record of the last run of them in the file)"
    ]


def test_a_file_fix_cannot_read_back_as_text_is_named_once_and_left_alone(
    tmp_path: Path,
) -> None:
    # Two repairs in a file with a Latin-1 byte in a comment: one note, nothing written.
    path = tmp_path / "example.com.zone"
    body = (
        head("example.com") + "; caf\xe9\n@ IN MX 10 mail.example.net\n@ IN MX 20 mx.example.net\n"
    )
    path.write_bytes(body.encode("latin-1"))
    options = api.Options(use_config=False, progress=False)
    done = fix.fix_files([os.fspath(path)], options)
    assert done.skipped == [
        f"{path}: not fixed: it is not UTF-8 text (a byte in a Latin-1 comment or string), and "
        "--fix writes only what it can read back as text; fix it by hand"
    ]
    assert done.files == []
    assert path.read_bytes() == body.encode("latin-1")
