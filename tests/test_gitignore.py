"""Folder walks pass over what git ignores, as git decides (nested files, negations)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from mxlint.api import Options, lint

from .conftest import ZONE_HEADER

Cli = Callable[..., tuple[int, str, str]]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tree of zones and .gitignore files (not yet a git repository)."""
    for rel in (
        "zones/example.com.zone",
        "zones/generated/gen.zone",
        "zones/old.zone",
        "zones/keep/old.zone",
        "zones/nested/tmp.zone",
        "zones/nested/wanted.zone",
        "build/out.zone",
    ):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ZONE_HEADER + "@ IN MX 10 mail\nmail IN A 192.0.2.1\n")
    (tmp_path / ".gitignore").write_text("build/\ngenerated/\nold.zone\n!zones/keep/old.zone\n")
    (tmp_path / "zones" / "nested" / ".gitignore").write_text("*.zone\n!wanted.zone\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def linted(*paths: str) -> list[str]:
    result = lint(list(paths), Options(use_config=False))
    return sorted(p.replace(os.sep, "/") for p in result.files)


EVERY = [
    "build/out.zone",
    "zones/example.com.zone",
    "zones/generated/gen.zone",
    "zones/keep/old.zone",
    "zones/nested/tmp.zone",
    "zones/nested/wanted.zone",
    "zones/old.zone",
]


def test_without_git_nothing_is_ignored(tree: Path) -> None:
    assert linted(".") == EVERY


def test_git_ignored_files_are_passed_over(tree: Path, cli: Cli) -> None:
    git(tree, "init", "-q")
    assert linted(".") == [
        "zones/example.com.zone",
        "zones/keep/old.zone",  # negation in the top .gitignore
        "zones/nested/wanted.zone",  # negation in the nested .gitignore
    ]
    assert linted("zones/nested") == ["zones/nested/wanted.zone"]
    # --verbose says why
    _, _, err = cli("--no-config", "--verbose", ".")
    assert "mxlint: skipped build: ignored by git (.gitignore)" in err
    assert "mxlint: skipped zones/nested/tmp.zone: ignored by git (.gitignore)" in err


def test_tracked_and_named_files_are_linted(tree: Path) -> None:
    git(tree, "init", "-q")
    git(tree, "add", "-f", "zones/old.zone")  # tracked: git does not ignore it either
    assert "zones/old.zone" in linted(".")
    # named explicitly: read even if ignored; a named folder that is ignored is walked
    assert linted("zones/nested/tmp.zone") == ["zones/nested/tmp.zone"]
    assert linted("build") == ["build/out.zone"]
    assert linted("zones/generated") == ["zones/generated/gen.zone"]


def test_info_exclude_is_honoured(tree: Path) -> None:
    git(tree, "init", "-q")
    (tree / ".git" / "info").mkdir(exist_ok=True)
    (tree / ".git" / "info" / "exclude").write_text("example.com.zone\n")
    assert "zones/example.com.zone" not in linted(".")
