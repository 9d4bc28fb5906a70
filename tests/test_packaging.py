"""The sdist and the wheel, built for real (``python -m build``), hold what they must.

Built without isolation from a copy of the working tree (the test extra brings setuptools
and build), so nothing is downloaded and nothing is written into the tree itself.
"""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from mxlint import __version__
from mxlint.check.registry import Registry

from .conftest import ROOT

JUNK = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(sdist, wheel, sdist unpacked)."""
    base = tmp_path_factory.mktemp("dist")
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=JUNK)
    out = base / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", os.fspath(out), "."],
        cwd=src,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [sdist] = out.glob("*.tar.gz")
    [wheel] = out.glob("*.whl")
    unpacked = base / "unpacked"
    with tarfile.open(sdist) as tar:
        tar.extractall(unpacked, filter="data")
    return sdist, wheel, unpacked / f"mxlint-{__version__}"


def test_names_carry_the_single_version(dists: tuple[Path, Path, Path]) -> None:
    sdist, wheel, _ = dists
    assert sdist.name == f"mxlint-{__version__}.tar.gz"
    assert wheel.name == f"mxlint-{__version__}-py3-none-any.whl"
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"]  # one place only


def test_wheel_contents_and_metadata(dists: tuple[Path, Path, Path]) -> None:
    _, wheel, _ = dists
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = email.message_from_bytes(z.read(f"mxlint-{__version__}.dist-info/METADATA"))
    assert {"mxlint/__init__.py", "mxlint/cli.py", "mxlint/py.typed"} <= names
    assert "mxlint/check/data/providers.yaml" in names
    assert f"mxlint-{__version__}.dist-info/licenses/LICENSE" in names
    rules = {f"mxlint/rules/{r.origin.rsplit('.', 1)[1]}.py" for r in Registry.load().rules}
    assert rules <= names
    assert not [n for n in names if n.startswith(("tests/", "rules/"))]
    assert meta["License-Expression"] == "MIT"
    assert meta["Version"] == __version__
    assert "Typing :: Typed" in meta.get_all("Classifier")
    urls = meta.get_all("Project-URL")
    assert any(u.startswith("Homepage, https://github.com/mxlint/mxlint") for u in urls)
    assert meta["Requires-Python"] == ">=3.11"


def test_sdist_contents(dists: tuple[Path, Path, Path]) -> None:
    sdist, _, _ = dists
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for needed in (
        "LICENSE",
        "README.md",
        "CHANGELOG.md",
        "RELEASING.md",
        "CONTRIBUTING.md",
        "pyproject.toml",
        ".pre-commit-hooks.yaml",
        "tests/__init__.py",
        "tests/conftest.py",
        "tests/data/peers.zone",
        "tests/data/schemas/junit-10.xsd",
        "tests/bench/bench.py",
    ):
        assert needed in names, needed
    for r in Registry.load(plugins=False).rules:
        for example in ("bad.zone", "good.zone", "README.md"):
            assert f"rules/{r.name}/{example}" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_sdist_tests_are_collected(dists: tuple[Path, Path, Path]) -> None:
    _, _, unpacked = dists
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=unpacked,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "error" not in proc.stdout.splitlines()[-1]
    # and they test the unpacked tree: the rule examples run against its rules/ folder
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_docs.py"],
        cwd=unpacked,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
