"""``--fix`` keeps links, owners, modes and read-only files, and two runs at once lose nothing."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import run_cli, unbumped

Cli = Callable[..., tuple[int, str, str]]

# One missing dot (line 5, fixed by MX001) and one duplicate (line 7, deleted by MX005):
# two edits on different lines that runs with different settings make independently.
ZONE = (
    "$ORIGIN {name}.example.\n"
    "$TTL 3600\n"
    "@ IN SOA ns1.example.net. hostmaster.example.net. 1 7200 3600 1209600 300\n"
    "@ IN NS ns1.example.net.\n"
    "@ IN MX 10 mail.{name}.example\n"
    "@ IN MX 20 mx2\n"
    "@ IN MX 20 mx2\n"
    "mail IN A 192.0.2.1\n"
    "mx2 IN A 192.0.2.2\n"
)


def zone(name: str = "z") -> bytes:
    return ZONE.format(name=name).encode()


def fixed(name: str = "z") -> bytes:
    """``zone(name)`` with both repairs made."""
    text = ZONE.format(name=name)
    text = text.replace(f"mail.{name}.example\n", f"mail.{name}.example.\n")
    return text.replace("@ IN MX 20 mx2\n", "", 1).encode()


def test_fix_writes_through_a_symlink_and_the_link_stays_a_link(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "z.zone"
    target.write_bytes(zone())
    link = tmp_path / "z.zone"
    link.symlink_to(os.path.join("real", "z.zone"))
    code, out, err = cli("--fix", os.fspath(link))
    assert link.is_symlink() and os.readlink(link) == os.path.join("real", "z.zone")
    assert unbumped(target.read_bytes()) == fixed()
    assert (code, out) == (0, "") and "fixed 2 problems in 1 file" in err
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["z.zone"]


def test_fix_leaves_a_hard_linked_file_alone_and_says_why(cli: Cli, tmp_path: Path) -> None:
    a = tmp_path / "z.zone"
    a.write_bytes(zone())
    b = tmp_path / "other-name"
    os.link(a, b)
    code, out, err = cli("--fix", os.fspath(a))
    assert os.stat(a).st_ino == os.stat(b).st_ino and os.stat(a).st_nlink == 2
    assert a.read_bytes() == zone()
    assert f"mxlint: {a}: not fixed: it has 2 hard links" in err and "fixed" not in err[:6]
    assert code == 1 and "missing-trailing-dot" in out  # what is left is still reported


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o2755])
def test_fix_keeps_owner_group_and_mode(cli: Cli, tmp_path: Path, mode: int) -> None:
    path = tmp_path / "z.zone"
    path.write_bytes(zone())
    os.chown(path, 4321, 8765)
    os.chmod(path, mode)
    code, _, _ = cli("--fix", os.fspath(path))
    st = os.stat(path)
    assert unbumped(path.read_bytes()) == fixed() and code == 0
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4321, 8765, mode)


def test_fix_leaves_a_read_only_file_alone(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "z.zone"
    path.write_bytes(zone())
    os.chmod(path, 0o444)
    code, out, err = cli("--fix", os.fspath(path))
    assert path.read_bytes() == zone() and stat.S_IMODE(os.stat(path).st_mode) == 0o444
    assert f"mxlint: {path}: not fixed: it is read-only (mode 0444)" in err
    assert code == 1 and out.count("[MX") == 3


def test_fix_keeps_crlf_and_a_missing_final_newline(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "z.zone"
    original = (
        zone()
        .replace(b"\n", b"\r\n")
        .replace(b"mx2 IN A 192.0.2.2\r\n", b"mx2 IN A 192.0.2.2\r\n@ IN MX 30 mail.z.example")
    )
    path.write_bytes(original)
    code, _, _ = cli("--fix", os.fspath(path))
    assert unbumped(path.read_bytes()) == (
        fixed().replace(b"\n", b"\r\n") + b"@ IN MX 30 mail.z.example."  # still no newline
    )
    assert code == 0


def test_a_failed_rename_is_a_message_and_leaves_no_temporary_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "z.zone"
    path.write_bytes(zone())

    def refuse(src: str, dst: str) -> None:
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), dst)

    monkeypatch.setattr(os, "replace", refuse)
    code, _, err = cli("--fix", os.fspath(path))
    assert path.read_bytes() == zone() and code == 1
    assert f"mxlint: {path}: not fixed: " in err and os.strerror(errno.EBUSY) in err
    assert "Traceback" not in err and "fixed 2" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["z.zone"]


def test_fix_waits_for_a_lock_and_gives_up_with_a_message(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mxlint import fix

    monkeypatch.setattr(fix, "LOCK_WAIT", 0.2)
    path = tmp_path / "z.zone"
    path.write_bytes(zone())
    with open(path, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code, _, err = cli("--fix", os.fspath(path))
    assert path.read_bytes() == zone() and code == 1
    assert f"mxlint: {path}: not fixed: another program holds a lock on it" in err


def test_a_zone_is_fixed_in_all_its_files_or_in_none(cli: Cli, tmp_path: Path) -> None:
    main = tmp_path / "z.zone"
    main.write_bytes(zone().replace(b"@ IN MX 20 mx2\n", b"", 1) + b"$INCLUDE inc.db\n")
    inc = tmp_path / "inc.db"
    inc.write_bytes(b"www IN MX 10 mx2\nwww IN MX 10 mx2\n")
    os.chmod(inc, 0o444)  # the included file may not change: neither may the zone file
    code, _, err = cli("--fix", "--include-root", os.fspath(tmp_path), os.fspath(main))
    assert "not fixed: it is read-only" in err and "fixed 2" not in err and code == 1
    assert main.read_bytes().count(b"mail.z.example\n") == 1
    os.chmod(inc, 0o644)
    code, _, err = cli("--fix", "--include-root", os.fspath(tmp_path), os.fspath(main))
    assert "fixed 2 problems in 2 files" in err and code == 0
    assert b"mail.z.example.\n" in main.read_bytes() and inc.read_bytes() == b"www IN MX 10 mx2\n"


def test_a_disk_failing_between_two_files_of_a_zone_is_told(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = tmp_path / "z.zone"
    main.write_bytes(zone().replace(b"@ IN MX 20 mx2\n", b"", 1) + b"$INCLUDE inc.db\n")
    inc = tmp_path / "inc.db"
    inc.write_bytes(b"www IN MX 10 mx2\nwww IN MX 10 mx2\n")
    replace = os.replace
    calls: list[str] = []

    def fail_the_second(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO), dst)
        replace(src, dst)

    monkeypatch.setattr(os, "replace", fail_the_second)
    code, out, err = cli("--fix", "--include-root", os.fspath(tmp_path), os.fspath(main))
    assert calls == [os.fspath(inc), os.fspath(main)]  # locked and written in path order
    assert inc.read_bytes() == b"www IN MX 10 mx2\n" and b"mail.z.example\n" in main.read_bytes()
    assert f"{main}: not fixed: cannot rename the temporary file over it: " in err
    assert f"(its other files were: {inc})" in err and "fixed 1 problem in 1 file" in err
    # linted again after the write: what is reported is what is on disk
    assert code == 1 and "missing-trailing-dot" in out and "duplicate-record" not in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inc.db", "z.zone"]


def test_a_file_changed_after_it_was_linted_is_skipped_and_the_change_kept(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mxlint import fix

    path = tmp_path / "z.zone"
    path.write_bytes(zone())
    other = zone().replace(b"@ IN MX 20 mx2\n", b"", 1)  # what another run wrote meanwhile
    read = fix._File.read

    def read_after_another_run(p: str, text: str | None = None) -> fix._File | None:
        path.write_bytes(other)
        return read(p, text)

    monkeypatch.setattr(fix._File, "read", staticmethod(read_after_another_run))
    code, _, err = cli("--fix", os.fspath(path))
    assert path.read_bytes() == other and code == 1
    assert f"mxlint: {path}: not fixed: it changed on disk while mxlint ran" in err


# ---------------------------------------------------------------- as an ordinary user


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder that the user ``nobody`` can reach (pytest's tmp_path is root's alone)."""
    if os.geteuid() != 0:
        pytest.skip("running as another user needs root")
    top = Path(tempfile.mkdtemp(prefix="mxlint-test-"))
    os.chmod(top, 0o755)
    try:
        yield top
    finally:
        shutil.rmtree(top)


NOBODY = 65534


def run_as_nobody(*argv: str) -> tuple[int, str]:
    """``mxlint --no-config ARGV`` in a forked child that became ``nobody``: (exit code, stderr).

    Forked rather than executed: the interpreter may live where ``nobody`` cannot reach it (a
    pyenv under root's home). A ``--diff`` run first imports every module the child needs.
    """
    run_cli(["--no-config", "--diff", *argv[1:]])
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 0
        try:
            os.close(r)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            code, _, err = run_cli(["--no-config", *argv])
            os.write(w, json.dumps([code, err]).encode())
        except BaseException as exc:
            os.write(w, json.dumps([-1, repr(exc)]).encode())
            status = 1
        finally:
            os._exit(status)
    os.close(w)
    with os.fdopen(r, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    code, err = json.loads(data)
    assert code != -1, err
    return int(code), str(err)


def test_a_folder_the_user_cannot_write_is_a_message(shared: Path) -> None:
    path = shared / "z.zone"  # the folder is root's, the file is nobody's
    path.write_bytes(zone())
    os.chown(path, NOBODY, NOBODY)
    code, err = run_as_nobody("--fix", os.fspath(path))
    assert path.read_bytes() == zone() and code == 1
    assert f"mxlint: {path}: not fixed: cannot create a temporary file in {shared}" in err
    assert "Permission denied" in err


def test_a_file_the_user_cannot_write_is_not_replaced(shared: Path) -> None:
    os.chown(shared, NOBODY, NOBODY)  # the folder is nobody's, the file is root's (0644)
    path = shared / "z.zone"
    path.write_bytes(zone())
    code, err = run_as_nobody("--fix", os.fspath(path))
    assert path.read_bytes() == zone() and os.stat(path).st_uid == 0
    assert f"mxlint: {path}: not fixed: you may not write it" in err
    assert code == 1 and sorted(os.listdir(shared)) == ["z.zone"]


def test_a_group_the_user_cannot_give_is_a_message_not_a_lost_group(shared: Path) -> None:
    os.chown(shared, NOBODY, NOBODY)
    path = shared / "z.zone"  # nobody's file, in root's group, which nobody is not in
    path.write_bytes(zone())
    os.chown(path, NOBODY, 0)
    os.chmod(path, 0o664)
    code, err = run_as_nobody("--fix", os.fspath(path))
    assert path.read_bytes() == zone() and (os.stat(path).st_uid, os.stat(path).st_gid) == (
        NOBODY,
        0,
    )
    assert f"mxlint: {path}: not fixed: cannot give the new copy its owner and group" in err
    assert code == 1 and sorted(os.listdir(shared)) == ["z.zone"]


# ---------------------------------------------------------------- temporary files


def test_walks_skip_fix_temporaries_left_by_a_killed_run(tmp_path: Path) -> None:
    from mxlint.identity.walk import walk

    (tmp_path / "z.zone").write_bytes(zone())
    for name in (".mxlint-tmp-k1ll3d.tmp", ".mxlint-a8f3kq_z"):  # this version's, and older
        (tmp_path / name).write_bytes(zone())  # zone content: the sniffer alone would take it
    (tmp_path / ".hidden-zone").write_bytes(zone())  # other hidden files are still walked
    assert [os.path.basename(p) for p, why in walk(os.fspath(tmp_path)) if why is None] == [
        ".hidden-zone",
        "z.zone",
    ]


def test_fix_removes_stale_temporaries_of_dead_runs_only(cli: Cli, tmp_path: Path) -> None:
    old = time.time() - 3600
    dead = tmp_path / ".mxlint-tmp-d3ad0000.tmp"
    alive = tmp_path / ".mxlint-tmp-a1ive000.tmp"  # old but still held by its (live) writer
    young = tmp_path / ".mxlint-tmp-y0ung000.tmp"  # just created: its writer may not lock yet
    foreign = tmp_path / ".mxlint-a8f3kq_z"  # an older version's: no way to prove it is dead
    for p in (dead, alive, young, foreign):
        p.write_bytes(b"partial")
    for p in (dead, alive, foreign):
        os.utime(p, (old, old))
    path = tmp_path / "z.zone"
    path.write_bytes(zone())
    with open(alive, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code, _, _ = cli("--fix", os.fspath(path))
    assert code == 0 and unbumped(path.read_bytes()) == fixed()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (alive, young, foreign, path)
    )


# ---------------------------------------------------------------- two runs at once


RACE_FILES = 300


def test_two_fix_runs_at_once_lose_no_edit(tmp_path: Path) -> None:
    """Two real ``mxlint --fix`` processes with different settings over the same folder.

    One makes only the dot repairs, the other only the duplicate deletions. Afterwards each
    file has both edits, or the run whose edit is missing said that it skipped that file.
    Before the lock, about 60% of the files lost an edit without a word.
    """
    folder = tmp_path / "zones"
    folder.mkdir()
    names = [f"z{i:04}" for i in range(RACE_FILES)]
    for name in names:
        (folder / f"{name}.zone").write_bytes(zone(name))

    def start(disable: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "mxlint", "--no-config", "--fix", "--disable", disable, "."],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    dots, dups = start("duplicate-record"), start("missing-trailing-dot")
    dots_err, dups_err = dots.communicate(timeout=300)[1], dups.communicate(timeout=300)[1]
    assert "Traceback" not in dots_err + dups_err

    def said_skipped(err: str, name: str) -> bool:
        return f"mxlint: {name}.zone: not fixed: " in err

    lost, neither = [], []
    for name in names:
        text = (folder / f"{name}.zone").read_text()
        dot = f"mail.{name}.example.\n" in text
        dup = text.count("@ IN MX 20 mx2\n") == 1
        if not dot and not dup:
            neither.append(name)
        if not dot and not said_skipped(dots_err, name):
            lost.append((name, "dot"))
        if not dup and not said_skipped(dups_err, name):
            lost.append((name, "duplicate"))
    assert lost == [], f"{len(lost)} edits lost without a word, e.g. {lost[:5]}"
    assert sorted(os.listdir(folder)) == sorted(f"{n}.zone" for n in names)
    assert neither == []  # whichever run came second for a file, the first one's edit is there
