"""Rule pages (rules/<name>/README.md) are generated and current; one link for every front end."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from mxlint import docs
from mxlint.check.registry import Registry

from .conftest import ROOT

Cli = Callable[..., tuple[int, str, str]]
RULES = Registry.load(plugins=False).rules
REGENERATE = "python -m mxlint.docs"


def test_every_rule_page_is_current() -> None:
    stale = []
    for path, text in docs.generate(ROOT).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(os.path.relpath(path, ROOT))
    assert not stale, f"rule pages out of date: {stale}; regenerate with `{REGENERATE}`"


def test_a_page_per_rule_and_no_orphans() -> None:
    pages = {p.parent.name for p in (ROOT / "rules").glob("*/README.md")}
    assert pages == {r.name for r in RULES}


def test_page_content(tmp_path: Path) -> None:
    r = Registry.load(plugins=False).resolve("stale-provider")
    page = (ROOT / "rules" / "stale-provider" / "README.md").read_text()
    assert page.startswith("# stale-provider (MX007)\n")
    assert "**Level:** warning, on by default." in page
    assert not re.search(r"(?<!`)``(?!`)", page) and "Bad::" not in page  # no reST literals
    assert "| `retired` | `[]` |" in page  # options
    assert (ROOT / "rules" / "stale-provider" / "bad.zone").read_text().rstrip() in page
    assert r.summary in page


def test_check_mode_names_stale_pages_and_writes_nothing(tmp_path: Path) -> None:
    for r in RULES[:2]:
        (tmp_path / "rules" / r.name).mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": os.fspath(ROOT)}
    cmd = [sys.executable, "-m", "mxlint.docs", "--root", os.fspath(tmp_path)]
    proc = subprocess.run([*cmd, "--check"], capture_output=True, text=True, env=env)
    assert proc.returncode == 1 and f"rules/{RULES[0].name}/README.md" in proc.stdout
    assert not list(tmp_path.rglob("README.md"))
    assert subprocess.run(cmd, capture_output=True, env=env).returncode == 0
    assert subprocess.run([*cmd, "--check"], capture_output=True, env=env).returncode == 0
    proc = subprocess.run([*cmd[:-2], "--root", "/nonexistent"], capture_output=True, env=env)
    assert proc.returncode == 2


def test_one_link_for_every_front_end() -> None:
    r = RULES[3]
    url = docs.rule_url(r)
    assert url == f"{docs.REPOSITORY_URL}/blob/main/rules/{r.name}/README.md"
    assert docs.explain(r).rstrip().endswith(f"Documentation: {url}")


def test_repository_url_matches_the_project_metadata() -> None:
    import tomllib

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert meta["urls"]["Homepage"] == docs.REPOSITORY_URL


def test_explain_is_plain_text_for_every_rule(cli: Cli) -> None:
    for r in RULES:
        code, out, _ = cli("--explain", r.name)
        assert code == 0
        assert "``" not in out and "Bad::" not in out and "Good::" not in out, r.name
        assert out.startswith(f"{r.code} {r.name} ({r.severity}, ")
        assert docs.rule_url(r) in out


def test_list_rules_json(cli: Cli, tmp_path: Path) -> None:
    code, out, _ = cli("--list-rules", "--format", "json", "--no-config")
    assert code == 0
    doc = json.loads(out)
    assert doc["version"] == 1
    assert [r["code"] for r in doc["rules"]] == [r.code for r in RULES]
    single = next(r for r in doc["rules"] if r["name"] == "single-mx")
    assert single["level"] == "off" and single["enabled_by_default"] is False
    assert single["url"].endswith("/rules/single-mx/README.md")
    stale = next(r for r in doc["rules"] if r["name"] == "stale-provider")
    assert stale["options"] == {"retired": [], "providers": []}
    # the configuration's levels are shown
    cfg = tmp_path / ".mxlint.yaml"
    cfg.write_text("rules:\n  single-mx: warning\n")
    _, out, _ = cli("--list-rules", "--format", "json", "--config", os.fspath(cfg))
    single = next(r for r in json.loads(out)["rules"] if r["name"] == "single-mx")
    assert single["level"] == "warning"
