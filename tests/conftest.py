from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

ZONE_HEADER = """\
$ORIGIN example.com.
$TTL 3600
@          IN  SOA   ns1.example.net. hostmaster.example.com. 1 7200 3600 1209600 300
@          IN  NS    ns1.example.net.
"""


def unbumped(data: bytes) -> bytes:
    """A file ``--fix`` changed, with its SOA serial bump undone (1 -> 2 in the zones of these
    tests; tests/test_fix_serial.py checks the bump itself), for byte-for-byte comparisons."""
    return data.replace(b" 2 7200 ", b" 1 7200 ", 1)


def run_cli(argv: Sequence[str]) -> tuple[int, str, str]:
    """Run ``mxlint.cli.main`` in-process, returning (exit code, stdout, stderr)."""
    from mxlint.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def cli() -> Callable[..., tuple[int, str, str]]:
    return lambda *argv: run_cli(argv)


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., str]:
    """Write a zone file under tmp_path (with the standard header unless raw=True)."""

    def _write(name: str, body: str, raw: bool = False) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body if raw else ZONE_HEADER + body, encoding="utf-8")
        return os.fspath(path)

    return _write
