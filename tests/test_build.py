"""The optional compiled build (setup.py, MXLINT_COMPILE=1): which build runs, and that the
default build compiles nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from mxlint import options

from .conftest import ROOT


def test_version_tells_the_compiled_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    package = tmp_path / "mxlint"
    (package / "zonefile").mkdir(parents=True)
    monkeypatch.setattr(options, "__file__", os.fspath(package / "options.py"))
    assert options.build() == "pure"
    (package / "zonefile" / f"loader{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    assert options.build() == "compiled"
    with pytest.raises(SystemExit):
        options.build_parser().parse_args(["--version"])
    assert capsys.readouterr().out == f"mxlint {options.__version__} (compiled with mypyc)\n"


def test_default_build_compiles_nothing() -> None:
    # pip install from a checkout (pre-commit) must not need mypyc or a C compiler
    code = (
        "import sys, setuptools\n"
        "captured = {}\n"
        "setuptools.setup = lambda **kw: captured.update(kw)\n"
        "sys.argv = ['setup.py']\n"
        "exec(compile(open('setup.py').read(), 'setup.py', 'exec'))\n"
        "print(len(captured['ext_modules']))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MXLINT_COMPILE"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "0"
