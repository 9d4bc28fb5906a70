"""The configuration is read through the safe open: a FIFO or a link to a device where the
configuration should be is reported (exit 2, naming what it is), never read for ever and never
silently replaced by the defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ZONE = "$ORIGIN example.com.\n@ 3600 IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 192.0.2.1\n"


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mxlint", *args, "."],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "example.com.zone").write_text(ZONE)
    return tmp_path


@pytest.mark.parametrize("name", [".mxlint.yaml", "pyproject.toml"])
def test_fifo_configuration_is_reported_not_read(repo: Path, name: str) -> None:
    os.mkfifo(repo / name)
    proc = _run(repo)
    assert proc.returncode == 2, proc.stderr
    assert f"{name}: cannot be read: is a named pipe (FIFO)" in proc.stderr


def test_configuration_linked_to_a_device_is_reported(repo: Path) -> None:
    (repo / ".mxlint.yml").symlink_to("/dev/zero")
    proc = _run(repo)
    assert proc.returncode == 2, proc.stderr
    assert ".mxlint.yml: cannot be read: is a device" in proc.stderr


def test_explicit_fifo_configuration_says_what_it_is(repo: Path) -> None:
    os.mkfifo(repo / "conf.yaml")
    proc = _run(repo, "--config", "conf.yaml")
    assert proc.returncode == 2, proc.stderr
    assert "is a named pipe (FIFO)" in proc.stderr
    assert "no such configuration file" not in proc.stderr


def test_oversized_configuration_is_refused(repo: Path) -> None:
    from mxlint.config.schema import MAX_CONFIG_BYTES

    (repo / ".mxlint.yaml").write_text("#" * (MAX_CONFIG_BYTES + 1) + "\n")
    proc = _run(repo)
    assert proc.returncode == 2, proc.stderr
    assert "is larger than" in proc.stderr


def test_regular_configuration_still_read(repo: Path) -> None:
    (repo / ".mxlint.yaml").write_text("rules:\n  no-such-rule: error\n")
    proc = _run(repo)
    assert proc.returncode == 2
    assert "no-such-rule" in proc.stderr
