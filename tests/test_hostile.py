"""Hostile input and hostile surroundings (issue 9): every case here failed before.

Unbounded work (limits, FIFOs, devices), crashes (closed or full standard output, file names
that are not UTF-8), and what was silently wrong (unreadable folders, the include root outside
a git work tree, a missing --include-root). Configuration hardening is in test_config.py.
Processes are real where the failure was in the process (standard output, FIFOs, users).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mxlint.identity.zones import load_zone
from mxlint.limits import DEFAULT, Limits, cap_message, shorten
from mxlint.zonefile import includes, reader

from .conftest import CORPUS, ROOT, ZONE_HEADER

Cli = Callable[..., tuple[int, str, str]]
Write = Callable[..., str]

GOOD = "@ IN MX 10 mx1.example.com.\n@ IN MX 20 mx2.example.com.\n"
GOOD += "mx1 IN A 192.0.2.1\nmx2 IN A 192.0.2.2\n"


def mxlint(
    *args: str, cwd: str | os.PathLike[str] | None = None, **kw: object
) -> subprocess.CompletedProcess[bytes]:
    """mxlint as a user runs it, in its own process (a hang fails by the timeout)."""
    env = {**os.environ, "PYTHONPATH": os.fspath(ROOT)}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "mxlint", "--no-config", *args],
        cwd=cwd,
        env=env,
        capture_output="stdout" not in kw,
        timeout=120,
        **kw,
    )


def diags(out: str) -> list[tuple[int, str]]:
    return [(d["line"], d["rule"]) for d in json.loads(out)["diagnostics"]]


# --------------------------------------------------------------------------- limits


def test_huge_generate_is_one_diagnostic_and_the_file_goes_on(cli: Cli, write: Write) -> None:
    path = write(
        "example.com.zone",
        GOOD + "$GENERATE 1-100000000 h$ CNAME mx1\nbad IN A 192.0.2.300\nh1 IN CNAME mx2\n",
    )
    code, out, _ = cli("--format", "json", path)
    assert code == 1
    assert diags(out) == [(9, "limit-exceeded"), (10, "syntax-error")]
    d = json.loads(out)["diagnostics"][0]
    assert d["code"] == "MX025" and d["severity"] == "error" and d["column"] == 11
    assert "100,000,000 records" in d["message"] and "--limit generate-records=N" in d["message"]


def test_generate_limit_from_config_and_command_line(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    path = write("example.com.zone", GOOD + "$GENERATE 1-20 h$ CNAME mx1\n")
    cfg = tmp_path / ".mxlint.yaml"
    cfg.write_text("limits:\n  generate-records: 19\n", encoding="utf-8")
    code, out, _ = cli("--config", os.fspath(cfg), "--format", "json", path)
    assert diags(out) == [(9, "limit-exceeded")]
    # the command line wins over the file
    code, out, _ = cli(
        "--config", os.fspath(cfg), "--limit", "generate-records=20", "--format", "json", path
    )
    assert (code, diags(out)) == (0, [])


def test_file_records_limit_stops_that_file_only(cli: Cli, write: Write) -> None:
    big = write("example.com.zone", GOOD + "".join(f"h{i} IN A 192.0.2.{i}\n" for i in range(20)))
    other = write("example.org.zone", "@ IN MX 10 mail\n")  # a real error in the next file
    _, out, _ = cli("--limit", "file-records=10", "--format", "json", big, other)
    # (both files say $ORIGIN example.com.: zone identity's versions note is not the point)
    found = [d for d in json.loads(out)["diagnostics"] if d["rule"] != "zone-identity"]
    assert [(d["path"], d["line"], d["rule"]) for d in found] == [
        (big, 13, "limit-exceeded"),  # the 11th record: the one past the limit
        (other, 5, "missing-address"),
    ]
    assert "more than 10 records" in found[0]["message"]


def test_file_records_limit_counts_generated_records(cli: Cli, write: Write) -> None:
    path = write("example.com.zone", GOOD + "$GENERATE 1-50 h$ CNAME mx1\n")
    _, out, _ = cli("--limit", "file-records=30", "--format", "json", path)
    assert diags(out) == [(9, "limit-exceeded")]


def test_file_bytes_limit_for_the_file_and_for_an_include(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    inc = write("big.inc", "; " + "x" * 5000 + "\n", raw=True)
    path = write("example.com.zone", GOOD + f"$INCLUDE {os.path.basename(inc)}\n")
    code, out, _ = cli("--limit", "file-bytes=1000", "--format", "json", path)
    assert code == 1
    found = json.loads(out)["diagnostics"]
    assert [(d["line"], d["column"], d["rule"]) for d in found] == [(9, 10, "limit-exceeded")]
    assert "big.inc" in found[0]["message"] and "1,000 bytes" in found[0]["message"]
    _, out, _ = cli("--limit", "file-bytes=100", "--format", "json", path)
    assert diags(out) == [(1, "limit-exceeded")]


def test_include_depth_is_a_limit(cli: Cli, write: Write) -> None:
    write("a.inc", "$INCLUDE b.inc\n", raw=True)
    write("b.inc", "mx3 IN A 192.0.2.3\n", raw=True)
    path = write("example.com.zone", GOOD + "$INCLUDE a.inc\n")
    code, out, _ = cli("--format", "json", path)
    assert (code, diags(out)) == (0, [])
    code, out, _ = cli("--limit", "include-depth=1", "--format", "json", path)
    found = json.loads(out)["diagnostics"]
    assert [(d["path"], d["line"], d["rule"]) for d in found] == [
        (os.path.join(os.path.dirname(path), "a.inc"), 1, "limit-exceeded")
    ]


def test_limit_option_and_config_are_strict(cli: Cli, write: Write, tmp_path: Path) -> None:
    path = write("example.com.zone", GOOD)
    for bad in ("generate-record=5", "generate-records=0", "generate-records=lots", "x"):
        code, _, err = cli("--limit", bad, path)
        assert code == 2 and "--limit" in err, bad
    cfg = tmp_path / ".mxlint.yaml"
    cfg.write_text("limits:\n  file-record: 5\n", encoding="utf-8")
    code, _, err = cli("--config", os.fspath(cfg), path)
    assert code == 2 and f"{cfg}:2:" in err and 'did you mean "file-records"' in err
    cfg.write_text("limits:\n  file-records: -5\n", encoding="utf-8")
    code, _, err = cli("--config", os.fspath(cfg), path)
    assert code == 2 and f"{cfg}:2:" in err and "at least 1" in err


BIG = "x" * 1_000_000  # the cut does not depend on the length; 10 MB only costs time


@pytest.mark.parametrize(
    "body",
    [
        f"www IN A {BIG}\n",  # record data
        f"www IN {BIG} 192.0.2.1\n",  # record type
        f"${BIG} foo\n",  # directive
        f"$INCLUDE {BIG}\n",  # include file name
        f"$GENERATE {BIG} h$ A 192.0.2.$\n",  # $GENERATE range
        f"www IN MX 10 {BIG} {BIG}\n",  # several tokens
    ],
    ids=["rdata", "type", "directive", "include", "generate", "tokens"],
)
def test_a_huge_token_is_never_echoed_whole(body: str, write: Write) -> None:
    path = write("example.com.zone", GOOD + body)
    zone = load_zone(path)
    [problem] = zone.problems
    assert len(problem.message) < 4000
    assert "x" * 150 + "…" in problem.message.lower()  # quoted, then cut short


def test_engine_caps_any_rule_message(write: Write) -> None:
    from mxlint.check import engine
    from mxlint.check.registry import Registry
    from mxlint.model import ZoneSet

    path = write("example.com.zone", GOOD + f"; mxlint: disable={'y' * 1_000_000}\n")
    zone = load_zone(path)
    found = engine.run(Registry.load(plugins=False), ZoneSet([zone]))
    assert [d.rule for d in found] == ["invalid-directive"]
    assert len(found[0].message) < 4000


def test_shorten() -> None:
    assert shorten("abc", 5) == "abc"
    assert shorten("abcdef", 5) == "abcd…"
    assert len(shorten("x" * 10_000_000)) == DEFAULT.echo_chars
    long = "bad " + "y" * 1_000_000 + "; write Z instead"
    capped = cap_message(long)
    assert capped.startswith("bad yyy") and capped.endswith("; write Z instead")
    assert " … " in capped and len(capped) < 4000
    assert cap_message("x" * 3000) == "x" * 3000  # three fully escaped names still fit


def test_defaults_do_not_trip_on_the_root_zone() -> None:
    rel = Path("large", "rootzone__zone", "root.zone")
    path = next(
        (c / rel for c in (CORPUS, Path("/work/shared/corpus")) if (c / rel).is_file()), rel
    )
    if not path.is_file():
        pytest.skip("corpus root zone not present")
    zone = load_zone(os.fspath(path), ".")
    assert zone.exceeded == []
    assert len(zone.records) > 19_000
    # and the file-records limit really is the one that would trip, just below it
    small = load_zone(os.fspath(path), ".", limits=Limits(file_records=19_000))
    assert len(small.exceeded) == 1 and small.records == []


# --------------------------------------------------------------------------- reading


@pytest.fixture
def fifo_dir() -> Iterator[Path]:
    d = Path(tempfile.mkdtemp(prefix="mxlint-fifo-"))
    try:
        yield d
    finally:
        shutil.rmtree(d)


def test_fifo_on_the_command_line_does_not_block(fifo_dir: Path) -> None:
    os.mkfifo(fifo_dir / "example.com.zone")
    r = mxlint("--format", "json", "example.com.zone", cwd=fifo_dir)
    assert r.returncode == 1
    [d] = json.loads(r.stdout)["diagnostics"]
    assert d["rule"] == "syntax-error" and "named pipe (FIFO)" in d["message"]


def test_fifo_found_by_a_folder_walk_does_not_block(fifo_dir: Path) -> None:
    os.mkfifo(fifo_dir / "evil.zone")  # named like a zone: passed over, with why
    os.mkfifo(fifo_dir / "pipe")  # not named like one: its content cannot be sniffed
    (fifo_dir / "example.com.zone").write_text(ZONE_HEADER + GOOD, encoding="utf-8")
    r = mxlint("--format", "json", "--verbose", ".", cwd=fifo_dir)
    assert json.loads(r.stdout)["diagnostics"] == []
    assert b"mxlint: skipped evil.zone: cannot be read, or is no regular file" in r.stderr
    # named explicitly, it is one diagnostic (and no hang)
    r = mxlint("--format", "json", "evil.zone", cwd=fifo_dir)
    found = json.loads(r.stdout)["diagnostics"]
    assert [(d["path"], d["rule"]) for d in found] == [("evil.zone", "syntax-error")]


def test_fifo_included_does_not_block(fifo_dir: Path) -> None:
    os.mkfifo(fifo_dir / "pipe.inc")
    (fifo_dir / "example.com.zone").write_text(
        ZONE_HEADER + GOOD + "$INCLUDE pipe.inc\n", encoding="utf-8"
    )
    r = mxlint("--format", "json", "example.com.zone", cwd=fifo_dir)
    [d] = json.loads(r.stdout)["diagnostics"]
    assert (d["line"], d["rule"]) == (9, "syntax-error")
    assert (
        d["message"]
        == '$INCLUDE "pipe.inc" is a named pipe (FIFO); mxlint reads only regular files'
    )


def test_link_to_dev_zero_is_refused(tmp_path: Path, cli: Cli) -> None:
    link = tmp_path / "example.com.zone"
    link.symlink_to("/dev/zero")
    code, out, _ = cli("--format", "json", os.fspath(link))
    [d] = json.loads(out)["diagnostics"]
    assert code == 1 and "is a device" in d["message"]


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "_CHUNK", 7)


def test_streamed_reading_gives_the_same_text(small_chunks: None, tmp_path: Path) -> None:
    text = "\ufeff$ORIGIN é.example.\n; ünïcödé 𝄞 across chunk boundaries\r\nwww IN A 192.0.2.1\n"
    p = tmp_path / "z"
    p.write_text(text, encoding="utf-8")
    assert reader.read_text(os.fspath(p)) == (text[1:], None, 0, 0)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"abc\ndefgh\nxy\xffz\n", "abc\ndefgh\nxy\\255z\n"),
        (b"abc\ndefghijklmnop\xe9\n", "abc\ndefghijklmnop\\233\n"),  # right at a chunk's edge
        (b"abcdefghijklmnopqrstu\n\xc3", "abcdefghijklmnopqrstu\n\\195"),  # cut at the end
    ],
)
def test_streamed_reading_reads_a_byte_that_is_not_utf8_as_bind_does(
    small_chunks: None, tmp_path: Path, data: bytes, expected: str
) -> None:
    p = tmp_path / "z"
    p.write_bytes(data)
    assert reader.read_text(os.fspath(p)) == (expected, None, 0, 0) == reader.decode(data)


def test_streamed_reading_finds_nul_bytes(small_chunks: None, tmp_path: Path) -> None:
    p = tmp_path / "z"
    p.write_bytes(b"line one\nline two\nline\x00three\n")
    text, why, line, _ = reader.read_text(os.fspath(p))
    assert text is None and why is not None and "NUL" in why and line == 3


def test_a_file_that_grows_past_the_limit_is_stopped(tmp_path: Path) -> None:
    p = tmp_path / "z"
    p.write_bytes(b"; " + b"x" * 100 + b"\n")
    with pytest.raises(reader.LimitExceeded):
        reader.read_text(os.fspath(p), max_bytes=50)
    assert reader.read_text(os.fspath(p), max_bytes=103)[1] is None


# --------------------------------------------------------------------------- crashes


@pytest.fixture
def non_utf8_zone(tmp_path: Path) -> Path:
    (tmp_path / os.fsdecode(b"bad\xff.zone")).write_text(
        ZONE_HEADER + "@ IN MX 10 mail\n", encoding="utf-8"
    )
    return tmp_path


def test_sarif_with_a_file_name_that_is_not_utf8(non_utf8_zone: Path) -> None:
    r = mxlint("--format", "sarif", ".", cwd=non_utf8_zone)
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout.decode("utf-8"))  # strict UTF-8, valid JSON
    [result] = doc["runs"][0]["results"]
    loc = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uri"] == "bad%FF.zone"


def test_json_and_text_with_a_file_name_that_is_not_utf8(non_utf8_zone: Path) -> None:
    r = mxlint("--format", "json", ".", cwd=non_utf8_zone)
    [d] = json.loads(r.stdout.decode("utf-8"))["diagnostics"]
    assert d["path"] == "bad\ufffd.zone"
    r = mxlint(".", cwd=non_utf8_zone)
    assert r.returncode == 1 and r.stdout.startswith(b"bad\xff.zone:5:")


def test_closed_stdout_is_exit_2_with_a_message(write: Write) -> None:
    path = write("example.com.zone", GOOD)
    r = subprocess.run(
        f'exec "{sys.executable}" -m mxlint --no-config "{path}" >&-',
        shell=True,
        capture_output=False,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.fspath(ROOT)},
        timeout=60,
    )
    assert r.returncode == 2
    assert r.stderr.decode() == "mxlint: error: standard output is closed; nowhere to report\n"


@pytest.mark.parametrize("extra", [[], ["--format", "sarif"], ["--list-rules"]])
def test_full_stdout_is_exit_2_with_a_message(write: Write, extra: list[str]) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    path = write("example.com.zone", "@ IN MX 10 mail\n")
    with open("/dev/full", "w") as full:
        r = mxlint(*extra, path, stdout=full, stderr=subprocess.PIPE)
    assert r.returncode == 2
    assert b"Traceback" not in r.stderr
    assert b"No space left on device" in r.stderr


# --------------------------------------------------------------------------- silently wrong


def test_unreadable_folder_is_exit_2_in_process(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "zones" / "locked").mkdir(parents=True)
    (tmp_path / "zones" / "a.zone").write_text(ZONE_HEADER + GOOD, encoding="utf-8")
    real = os.scandir
    locked = os.fspath(tmp_path / "zones" / "locked")

    def scandir(path: str) -> object:
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, _, err = cli(os.fspath(tmp_path / "zones"))
    assert code == 2
    assert f"cannot read {locked}: Permission denied" in err


AS_NOBODY = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")


def _nobody_can_run_mxlint() -> bool:
    """Root with setpriv, and a checkout and interpreter that user 65534 may read."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("setpriv") is None:
        return False
    probe = subprocess.run(
        [*AS_NOBODY, sys.executable, "-c", "import mxlint.cli"],
        env={**os.environ, "PYTHONPATH": os.fspath(ROOT)},
        capture_output=True,
        timeout=60,
        cwd="/",
    )
    return probe.returncode == 0


@pytest.mark.parametrize("which", ["top", "sub"])
def test_unreadable_folder_as_an_unprivileged_user(which: str) -> None:
    if not _nobody_can_run_mxlint():
        pytest.skip("needs root, setpriv, and a checkout that user 65534 can read")
    base = Path(tempfile.mkdtemp(prefix="mxlint-perm-"))
    try:
        base.chmod(0o755)
        top = base / "zones"
        locked = top if which == "top" else top / "locked"
        locked.mkdir(parents=True)
        (top / "example.com.zone").write_text(ZONE_HEADER + GOOD, encoding="utf-8")
        top.chmod(0o755)
        locked.chmod(0o000)
        r = subprocess.run(
            [*AS_NOBODY, sys.executable, "-m", "mxlint", "--no-config", "zones"],
            cwd=base,
            env={**os.environ, "PYTHONPATH": os.fspath(ROOT), "HOME": os.fspath(base)},
            capture_output=True,
            timeout=60,
        )
        assert r.returncode == 2, r.stderr
        shown = "zones" if which == "top" else "zones/locked"
        assert f"cannot read {shown}: Permission denied".encode() in r.stderr
        assert b"no zone files found" not in r.stderr
    finally:
        for p in base.rglob("*"):
            p.chmod(0o755)
        shutil.rmtree(base)


def test_include_root_outside_a_work_tree_is_the_zones_folder(tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + GOOD + "$INCLUDE /etc/passwd\n", encoding="utf-8")
    assert not any((p / ".git").exists() for p in [tmp_path, *tmp_path.parents])
    r = mxlint("--format", "json", os.fspath(zone), cwd="/")
    [d] = json.loads(r.stdout)["diagnostics"]
    assert d["line"] == 9 and d["message"].startswith('$INCLUDE "/etc/passwd" refused')
    assert "root:" not in r.stdout.decode()
    assert includes.default_include_root(os.fspath(zone)) == os.fspath(tmp_path.resolve())


def test_include_root_that_does_not_exist_is_exit_2(cli: Cli, write: Write, tmp_path: Path) -> None:
    path = write("example.com.zone", GOOD)
    missing = os.fspath(tmp_path / "nowhere")
    code, out, err = cli("--include-root", missing, path)
    assert (code, out) == (2, "")
    assert f"--include-root {missing}: no such folder" in err


def test_every_limit_is_documented_with_its_default(cli: Cli) -> None:
    from mxlint.limits import LIMITS

    code, doc, _ = cli("--explain", "limit-exceeded")
    doc = " ".join(doc.split())  # --explain fills its lines: a name may end one
    readme = (ROOT / "docs" / "how-zones-are-read.md").read_text(encoding="utf-8")
    assert code == 0
    for name, (default, _) in LIMITS.items():
        assert f"{name} (default {default:,}" in doc, name
        assert f"| `{name}` |" in readme, name
        assert getattr(DEFAULT, name.replace("-", "_")) == default
