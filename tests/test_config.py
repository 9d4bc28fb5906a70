"""Configuration files: discovery, the strict schema, and what every error message names."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from mxlint.check.engine import RuleSetting
from mxlint.check.registry import Registry, Rule
from mxlint.config import (
    Config,
    ConfigError,
    find_config,
    is_excluded,
    load_config,
    matches,
    origin_for,
)
from mxlint.model import Finding


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load(plugins=False)


def _fake_check(ctx: object) -> Iterable[Finding]:
    """A fake rule with options, for option validation."""
    return []


@pytest.fixture(scope="module")
def fake_registry() -> Registry:
    fake = Rule(
        code="ZZ999",
        name="fake-rule",
        severity="warning",
        check=_fake_check,
        options={"retired": [], "private": False, "hosts": ["a."], "limit": 3, "label": "x"},
    )
    plain = Rule(code="ZZ998", name="plain-rule", severity="error", check=_fake_check)
    return Registry([fake, plain])


Write = Callable[[str, str], str]


@pytest.fixture
def cfg(tmp_path: Path) -> Write:
    def _write(name: str, body: str) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(body), encoding="utf-8")
        return os.fspath(path)

    return _write


def error_of(path: str, registry: Registry) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_config(path, registry)
    return info.value


# --------------------------------------------------------------------------- find_config


def test_found_by_walking_up_from_a_nested_folder(tmp_path: Path, cfg: Write) -> None:
    path = cfg("proj/.mxlint.yaml", "rules: {}\n")
    nested = tmp_path / "proj" / "zones" / "internal"
    nested.mkdir(parents=True)
    assert find_config(os.fspath(nested)) == path
    zone = nested / "a.zone"
    zone.write_text("")
    assert find_config(os.fspath(zone)) == path  # a file: its folder is the start


def test_yml_spelling_is_accepted(tmp_path: Path, cfg: Write) -> None:
    path = cfg("proj/.mxlint.yml", "rules: {}\n")
    assert find_config(os.fspath(tmp_path / "proj")) == path


def test_nearest_folder_wins_and_yaml_before_pyproject(tmp_path: Path, cfg: Write) -> None:
    cfg("proj/.mxlint.yaml", "rules: {}\n")
    inner = cfg("proj/sub/pyproject.toml", "[tool.mxlint]\ncontext = []\n")
    assert find_config(os.fspath(tmp_path / "proj" / "sub")) == inner
    both = cfg("proj/sub/.mxlint.yaml", "rules: {}\n")
    assert find_config(os.fspath(tmp_path / "proj" / "sub")) == both


def test_pyproject_without_tool_mxlint_is_skipped(tmp_path: Path, cfg: Write) -> None:
    outer = cfg("proj/pyproject.toml", "[tool.mxlint.rules]\nMX001 = 'off'\n")
    cfg("proj/pkg/pyproject.toml", "[tool.ruff]\nline-length = 100\n# mxlint mentioned\n")
    assert find_config(os.fspath(tmp_path / "proj" / "pkg")) == outer


def test_stops_at_the_filesystem_root(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config(os.fspath(nested)) is None


# --------------------------------------------------------------------------- loading


def test_no_path_is_the_empty_config(registry: Registry) -> None:
    assert load_config(None, registry) == Config(None, {}, (), (), ())


def test_empty_file_is_an_empty_config(cfg: Write, registry: Registry) -> None:
    path = cfg(".mxlint.yaml", "# nothing yet\n")
    assert load_config(path, registry) == Config(path, {}, (), (), ())


def test_full_yaml_schema(cfg: Write, registry: Registry) -> None:
    path = cfg(
        ".mxlint.yaml",
        """\
        rules:
          missing-trailing-dot: error
          MX005: info
          ip-target: off
          CNAME-TARGET: Warning
          duplicate-target:
            level: "off"
        origins:
          "zones/internal/*": corp.example.
          "*.lab.zone": lab.example
        context: ["zones/**/*.zone"]
        exclude:
          - zones/legacy/*
        """,
    )
    config = load_config(path, registry)
    assert config.path == path
    assert config.rules == {
        "MX001": RuleSetting("error", {}),
        "MX005": RuleSetting("info", {}),
        "MX002": RuleSetting("off", {}),
        "MX003": RuleSetting("warning", {}),
        "MX006": RuleSetting("off", {}),
    }
    assert config.origins == (("zones/internal/*", "corp.example."), ("*.lab.zone", "lab.example."))
    assert config.context == ("zones/**/*.zone",)
    assert config.exclude == ("zones/legacy/*",)


def test_options_parsed_into_rule_setting(cfg: Write, fake_registry: Registry) -> None:
    path = cfg(
        ".mxlint.yaml",
        """\
        rules:
          fake-rule:
            level: error
            retired: ["mx.old-host.example."]
            private: true
          ZZ998: {}
        """,
    )
    config = load_config(path, fake_registry)
    assert config.rules["ZZ999"] == RuleSetting(
        "error", {"retired": ["mx.old-host.example."], "private": True}
    )
    assert config.rules["ZZ998"] == RuleSetting(None, {})


def test_options_without_level_keep_the_default_level(cfg: Write, fake_registry: Registry) -> None:
    path = cfg(".mxlint.yaml", "rules:\n  ZZ999: {private: true, limit: 5}\n")
    setting = load_config(path, fake_registry).rules["ZZ999"]
    assert setting.level is None
    assert setting.options == {"private": True, "limit": 5}


def test_pyproject_alternative(cfg: Write, fake_registry: Registry) -> None:
    path = cfg(
        "pyproject.toml",
        """\
        [project]
        name = "zones"

        [tool.mxlint]
        context = ["zones/**/*.zone"]
        exclude = ["zones/legacy/*"]

        [tool.mxlint.rules]
        plain-rule = "off"

        [tool.mxlint.rules.fake-rule]
        level = "info"
        retired = ["mx.old."]

        [tool.mxlint.origins]
        "zones/internal/*" = "corp.example."
        """,
    )
    config = load_config(path, fake_registry)
    assert config.rules == {
        "ZZ998": RuleSetting("off", {}),
        "ZZ999": RuleSetting("info", {"retired": ["mx.old."]}),
    }
    assert config.origins == (("zones/internal/*", "corp.example."),)
    assert config.context == ("zones/**/*.zone",)
    assert config.exclude == ("zones/legacy/*",)


# --------------------------------------------------------------------------- strict errors (YAML)


@pytest.mark.parametrize(
    ("body", "line", "needles"),
    [
        ("rules: {}\nrule:\n  MX001: off\n", 2, ['unknown key "rule"', 'did you mean "rules"']),
        ("rules:\n  MX001: error\n  mx-typo: info\n", 3, ['unknown rule "mx-typo"']),
        (
            "rules:\n  mising-trailing-dot: info\n",
            2,
            ['unknown rule "mising-trailing-dot"', 'did you mean "missing-trailing-dot"'],
        ),
        ("rules:\n  MX001: fatal\n", 2, ['unknown level "fatal"', "MX001", "off, error"]),
        ("rules:\n  MX001:\n    level: on\n", 3, ["unknown level true", "YAML reads"]),
        ("rules:\n  MX001:\n\n    level: [x]\n", 4, ["unknown level [", "missing-trailing-dot"]),
        ("rules:\n  MX001:\n", 2, ["unknown level null", "it is empty"]),
        (
            "rules:\n  MX001: error\n  missing-trailing-dot: info\n",
            3,
            ["configured twice", '"MX001"', '"missing-trailing-dot"'],
        ),
        ("rules:\n  MX001: error\n  MX001: info\n", 3, ['duplicate key "MX001"', "line 2"]),
        ("rules:\n  MX001:\n    private: true\n", 3, ['no option "private"', "no options"]),
        ("rules: [MX001]\n", 1, ['"rules" must be a mapping', "not a list"]),
        ("origins:\n  zones/*: 42\n", 2, ['origin for "zones/*"', "a number (42)"]),
        ("origins:\n  zones/*: 'bad..name'\n", 2, ['origin "bad..name"', "not a domain name"]),
        ("origins: [a]\n", 1, ['"origins" must be a mapping']),
        ("context: zones/*.zone\n", 1, ['"context" must be a list', "not a string"]),
        ("exclude:\n  - a\n  - 3\n", 3, ['"exclude" item 2', "a number (3)"]),
        ("- rules\n", 1, ["must be a mapping"]),
    ],
)
def test_strict_errors_name_file_line_and_key(
    cfg: Write, registry: Registry, body: str, line: int, needles: list[str]
) -> None:
    path = cfg(".mxlint.yaml", body)
    err = error_of(path, registry)
    assert str(err).startswith(f"{path}:{line}: "), str(err)
    assert (err.path, err.line) == (path, line)
    for needle in needles:
        assert needle in str(err)


@pytest.mark.parametrize(
    ("body", "line", "needles"),
    [
        (
            "rules:\n  fake-rule:\n    level: info\n    retird: []\n",
            4,
            [
                'no option "retird"',
                'did you mean "retired"',
                "hosts, label, limit, private, retired",
            ],
        ),
        (
            "rules:\n  fake-rule:\n    retired: mx.old.\n",
            3,
            ['option "retired"', "must be a list", 'not a string ("mx.old.")'],
        ),
        ("rules:\n  fake-rule: {private: 'yes'}\n", 2, ['"private"', "must be a boolean"]),
        ("rules:\n  fake-rule:\n    limit: true\n", 3, ['"limit"', "whole number"]),
        ("rules:\n  fake-rule:\n    label: no\n", 3, ['"label"', "a string", "quote it"]),
        ("rules:\n  fake-rule:\n    hosts:\n      - a.\n      - 7\n", 5, ["item 2", "a string"]),
    ],
)
def test_option_errors(
    cfg: Write, fake_registry: Registry, body: str, line: int, needles: list[str]
) -> None:
    path = cfg(".mxlint.yaml", body)
    err = error_of(path, fake_registry)
    assert str(err).startswith(f"{path}:{line}: "), str(err)
    for needle in needles:
        assert needle in str(err)


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("rules:\n  MX001: error\n  bad key\n  MX002: info\n", 3),
        ("rules:\n  MX001: [error\n", 3),
        ("rules:\n  MX001: error\n    MX002: info\n", 3),
        ("context: ['a'\nexclude: []\n", 2),
    ],
)
def test_yaml_syntax_error_names_its_line(
    cfg: Write, registry: Registry, body: str, line: int
) -> None:
    path = cfg(".mxlint.yaml", body)
    err = error_of(path, registry)
    assert str(err).startswith(f"{path}:{line}: invalid YAML: "), str(err)


def test_unreadable_file_is_a_config_error(tmp_path: Path, registry: Registry) -> None:
    err = error_of(os.fspath(tmp_path / "missing.yaml"), registry)
    assert "missing.yaml: cannot be read" in str(err)


# --------------------------------------------------------------------------- strict errors (TOML)


@pytest.mark.parametrize(
    ("body", "line", "needle"),
    [
        ("[tool.mxlint]\ncontext = []\nrule = 1\n", 3, 'unknown key "rule"'),
        ("[tool.mxlint.rules]\nZZ998 = 'off'\nmx-typo = 'info'\n", 3, 'unknown rule "mx-typo"'),
        ('[tool.mxlint.rules]\n"ZZ998" = "fatal"\n', 2, 'unknown level "fatal"'),
        ("[tool.mxlint]\nrules = { plain-rule = 'off', nope = 1 }\n", 2, 'unknown rule "nope"'),
        (
            "[tool.mxlint.rules.fake-rule]\nlevel = 'info'\n\nretird = []\n",
            4,
            'no option "retird"',
        ),
        ("[tool.mxlint.rules.fake-rule]\nprivate = 'no'\n", 2, "must be a boolean"),
        ("[tool.mxlint]\nexclude = 'a'\n", 2, '"exclude" must be a list'),
        ("[tool.mxlint\nrules = 1\n", 1, "invalid TOML"),
        ("[tool.other]\nx = 1\n", 0, "has no [tool.mxlint] table"),
    ],
)
def test_pyproject_errors_name_file_line_and_key(
    cfg: Write, fake_registry: Registry, body: str, line: int, needle: str
) -> None:
    path = cfg("pyproject.toml", body)
    err = error_of(path, fake_registry)
    prefix = f"{path}:{line}: " if line else f"{path}: "
    assert str(err).startswith(prefix), str(err)
    assert needle in str(err)


# --------------------------------------------------------------------------- globs and origins


def test_origin_for_first_match_as_given_relative_or_basename(cfg: Write, tmp_path: Path) -> None:
    path = cfg(".mxlint.yaml", "")
    config = Config(
        path,
        origins=(
            ("zones/internal/*", "corp.example."),
            ("zones/**/*.lab.zone", "lab.example."),
            ("*.lab.zone", "never.example."),
            ("db.main", "main.example."),
        ),
    )
    assert origin_for(config, "zones/internal/a.zone") == "corp.example."
    assert origin_for(config, "./zones/internal/a.zone") == "corp.example."
    # an absolute path below the configuration's folder is matched relative to it
    assert origin_for(config, os.fspath(tmp_path / "zones/internal/a.zone")) == "corp.example."
    assert origin_for(config, "zones/internal/deeper/a.zone") is None  # * stays in one folder
    assert origin_for(config, "zones/x/y/z.lab.zone") == "lab.example."  # first match wins
    assert origin_for(config, "elsewhere/db.main") == "main.example."  # by base name
    assert origin_for(config, "zones/other.zone") is None
    assert origin_for(Config(), "zones/internal/a.zone") is None


def test_exclude_and_glob_forms() -> None:
    config = Config(exclude=("zones/legacy/", "*.old"))
    assert is_excluded(config, "zones/legacy/a/b.zone")
    assert is_excluded(config, "x/y.old")
    assert not is_excluded(config, "zones/new.zone")
    assert matches("zones/**/*.zone", "zones/a.zone")
    assert matches("zones/**/*.zone", "zones/a/b/c.zone")
    assert matches("db.[!x]*", "db.example")
    assert not matches("db.[!x]*", "db.xample")
    assert matches("zone?.db", "zone1.db")
    assert not matches("zones/*", "other/zones/a.zone")


def test_each_file_uses_the_nearest_configuration_above_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``mxlint a b`` from their parent: a/.mxlint.yaml rules a's files, b/.mxlint.yaml b's,
    each glob relative to its own file; ``--config`` forces one for all."""
    body = "$TTL 300\n@ IN SOA ns hm 1 2 3 4 5\n@ IN MX 10 192.0.2.1\n"
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "primary").write_text(body)
    (tmp_path / "a" / ".mxlint.yaml").write_text(
        'rules: {ip-target: warning}\norigins: {"primary": a.example.com.}\n'
    )
    (tmp_path / "b" / ".mxlint.yaml").write_text(
        'rules: {ip-target: off}\norigins: {"primary": b.example.com.}\n'
    )
    monkeypatch.chdir(tmp_path)
    from .conftest import run_cli

    code, out, _ = run_cli(["a/primary", "b/primary"])
    assert code == 0
    assert out.splitlines() == [
        'a/primary:3:12: warning: MX target "192.0.2.1" is an IP address, but an MX must '
        'name a host: senders look up "192.0.2.1.a.example.com." (origin a.example.com. from '
        'origins: in a/.mxlint.yaml) and find nothing; add "mail IN A 192.0.2.1" and write '
        '"mail" as the target [MX002 ip-target]'
    ]
    code, out, _ = run_cli(["--config", "b/.mxlint.yaml", "a/primary", "b/primary"])
    # b's configuration for both: ip-target off, and its "primary" glob (a base name)
    # gives both files b's origin
    assert code == 0 and "MX002" not in out
    assert "a/primary:1:1: info: zone b.example.com. is in 2 files" in out


def test_a_broken_configuration_of_one_folder_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.zone").write_text("$ORIGIN x.example.\n$TTL 1\n@ IN MX 0 .\n")
    (tmp_path / "a" / ".mxlint.yaml").write_text("rules: {no-such-rule: off}\n")
    monkeypatch.chdir(tmp_path)
    from .conftest import run_cli

    code, _, err = run_cli(["a"])
    assert code == 2 and "a/.mxlint.yaml:1:" in err and "no-such-rule" in err


# ------------------------------------------------------------------------- hostile files (issue 9)

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def test_yaml_aliases_are_refused_with_their_line(cfg: Write, registry: Registry) -> None:
    path = cfg(".mxlint.yaml", BILLION_LAUGHS)
    assert len(BILLION_LAUGHS) < 600
    err = error_of(path, registry)
    assert str(err).startswith(f"{path}:2: YAML aliases (*a) are not allowed"), str(err)
    path = cfg(".mxlint.yaml", "x: &rules {MX001: off}\nrules: *rules\n")
    assert str(error_of(path, registry)).startswith(f"{path}:2: YAML aliases (*rules)")


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\ufffe"])
def test_control_characters_in_yaml_are_a_located_error(
    tmp_path: Path, registry: Registry, char: str
) -> None:
    path = tmp_path / ".mxlint.yaml"
    path.write_text(f"rules:\n  single-mx: off\nexclude: ['a{char}b']\n", encoding="utf-8")
    err = error_of(os.fspath(path), registry)
    assert str(err).startswith(f"{path}:3: contains the control character U+{ord(char):04X}")


def test_deep_yaml_is_a_located_error(cfg: Write, registry: Registry) -> None:
    path = cfg(".mxlint.yaml", "exclude:\n  - " + "[" * 2000 + "]" * 2000 + "\n")
    err = error_of(path, registry)
    assert str(err).startswith(f"{path}:2: nested more than 64 levels deep"), str(err)


def test_deep_toml_is_an_error_not_a_recursion_error(
    cfg: Write, registry: Registry, tmp_path: Path
) -> None:
    path = cfg("pyproject.toml", "[tool.mxlint]\nexclude = " + "[" * 2000 + "]" * 2000 + "\n")
    err = error_of(path, registry)
    assert str(err).startswith(f"{path}: invalid TOML: nested too deeply"), str(err)
    assert find_config(os.fspath(tmp_path)) == path


@pytest.mark.parametrize(
    "raw",
    [
        b"[tool.mxlint\nexclude = ['x']\n",  # broken table header
        b"[tool.mxlint]\nexclude = ['\xff']\n",  # not UTF-8
        b"[tool.black]\nline-length = 1\n[tool.mxlint.rules\n",
    ],
)
def test_broken_pyproject_naming_mxlint_is_found_and_is_exit_2(
    tmp_path: Path, raw: bytes, registry: Registry
) -> None:
    from .conftest import ZONE_HEADER, run_cli

    (tmp_path / "pyproject.toml").write_bytes(raw)
    assert find_config(os.fspath(tmp_path)) == os.fspath(tmp_path / "pyproject.toml")
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code, out, err = run_cli([os.fspath(zone)])
    finally:
        os.chdir(cwd)
    assert (code, out) == (2, "")
    assert f"{tmp_path / 'pyproject.toml'}" in err


def test_limits_key(cfg: Write, registry: Registry) -> None:
    path = cfg(".mxlint.yaml", "limits:\n  generate-records: 5\n  echo-chars: 80\n")
    assert load_config(path, registry).limits == {"generate-records": 5, "echo-chars": 80}
    path = cfg("pyproject.toml", "[tool.mxlint.limits]\nfile-bytes = 1000\n")
    assert load_config(path, registry).limits == {"file-bytes": 1000}
    path = cfg(".mxlint.yaml", "limits: [1]\n")
    assert '"limits" must be a mapping' in str(error_of(path, registry))
    path = cfg(".mxlint.yaml", "limits:\n  include-depth: true\n")
    assert str(error_of(path, registry)).startswith(f"{path}:2: limit include-depth must be")


def test_glob_matching_does_not_backtrack() -> None:
    """Run in a child process with a deadline: before, this never finished."""
    import subprocess
    import sys

    from .conftest import ROOT

    code = (
        "from mxlint.config import matches, is_excluded, Config\n"
        "pat = 'zz/' + '*a' * 30 + 'b'\n"
        "assert not matches(pat, 'zz/' + 'a' * 3000)\n"
        "assert not matches('**/' + '*a' * 30 + 'b', '/'.join(['a' * 60] * 50))\n"
        "assert not is_excluded(Config(exclude=(pat,)), 'zz/' + 'a' * 3000)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": os.fspath(ROOT)},
        timeout=60,
        capture_output=True,
    )
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize(
    ("pattern", "path", "want"),
    [
        ("**/x*", "x/y/xz", True),  # the later * must not be pinned to the first x
        ("**/x*", "x/y/z", False),
        ("a*b*c", "aXbYbZc", True),
        ("a*b*c", "aXbYbZ", False),
        ("a*b*c/d", "abc/d", True),
        ("*a*a*b", "aaab", True),
        ("*a*a*b", "ab", False),  # not enough a's before the b
        ("zones/**", "zones/a/b.zone", True),
        ("zones/**", "zones", False),
        ("zones/**/x.zone", "zones/x.zone", True),
        ("z?nes/[a-c]*", "zones/b1", True),
        ("z?nes/[!a-c]*", "zones/b1", False),
        ("zones/*", "zones/a/b", False),
    ],
)
def test_glob_semantics(pattern: str, path: str, want: bool) -> None:
    assert matches(pattern, path) is want
