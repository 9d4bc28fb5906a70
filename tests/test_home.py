"""The project's home is defined once (pyproject ``[project.urls]``) and every printed link
derives from it; no link names the ``mxlint`` GitHub organisation, which is another project's."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from mxlint import docs
from mxlint.check.registry import Registry

from .conftest import ROOT, ZONE_HEADER

Cli = Callable[..., tuple[int, str, str]]
FOREIGN = "github.com/" + "mxlint/mxlint"  # split: this file must not hold it either
HOME = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Homepage"]


def test_one_definition_read_from_the_package_metadata() -> None:
    assert docs.home_url() == HOME  # the installed metadata says what pyproject says
    assert docs.FALLBACK_HOME == HOME  # the copy for a tree that was never installed
    assert docs.REPOSITORY_URL == HOME


def test_the_fallback_when_the_metadata_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    def missing(name: str) -> object:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "metadata", missing)
    docs.home_url.cache_clear()
    try:
        assert docs.home_url() == docs.FALLBACK_HOME
    finally:
        monkeypatch.undo()
        docs.home_url.cache_clear()


def test_every_printed_link_derives_from_it(cli: Cli, tmp_path: Path) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + "@ IN MX 10 192.0.2.1\n")
    _, out, _ = cli("--format", "sarif", str(zone))
    run = json.loads(out)["runs"][0]
    assert run["tool"]["driver"]["informationUri"] == HOME
    uris = [r["helpUri"] for r in run["tool"]["driver"]["rules"]]
    assert uris and all(u.startswith(HOME + "/") for u in uris)
    _, out, _ = cli("--explain", "ip-target")
    assert f"Documentation: {HOME}/blob/main/rules/ip-target/README.md" in out
    r = Registry.load(plugins=False).resolve("ip-target")
    assert docs.rule_url(r) == f"{HOME}/blob/main/rules/ip-target/README.md"


def test_explain_names_a_page_on_this_machine(cli: Cli) -> None:
    _, out, _ = cli("--explain", "cname-target")
    m = re.search(r"^Page with tested examples \(offline\): (.+)$", out, re.M)
    assert m, out
    page = Path(m.group(1))
    assert page.read_text() == (ROOT / "rules" / "cname-target" / "README.md").read_text()


def test_no_file_names_the_foreign_organisation() -> None:
    def ours(p: Path) -> bool:
        parts = p.relative_to(ROOT).parts
        junk = any(s.startswith(".") or s in ("build", "dist") for s in parts[:-1])
        return not junk and ".egg-info" not in str(p) and "__pycache__" not in parts

    offenders = [
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*")
        if p.is_file()
        and ours(p)
        and p.suffix in (".py", ".md", ".toml", ".yaml", ".yml", ".cfg", ".txt", ".in", "")
        and FOREIGN in p.read_text(errors="replace")
    ]
    assert not offenders


def test_the_snippets_and_the_changelog_name_the_same_home() -> None:
    from .test_readme import block
    from .test_snippets import URL

    assert URL == HOME  # what the snippet tests rewrite to a local repository
    for tag in ("pre-commit", "github-actions", "gitlab-ci"):
        assert HOME in block(tag), tag
    assert f"]: {HOME}/" in (ROOT / "CHANGELOG.md").read_text()
