"""The rule registry: built-in rules from ``mxlint.rules``, third-party ones from entry points.

A rule is a plain function ``check(ctx) -> Iterable[Finding]`` wrapped by :func:`rule`, which
records its code, name, default severity and options. Its docstring is its documentation: the
first line is the summary, the rest is shown by ``mxlint --explain``.

Third-party rules are published under the entry-point group ``mxlint.rules``; an entry point
names a :class:`Rule` object, or a module whose :class:`Rule` attributes are all registered.
Nothing is ever imported from the tree being linted.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import Any

from mxlint._value import Value
from mxlint.model import SEVERITIES, Finding, Zone, ZoneSet

ENTRY_POINT_GROUP = "mxlint.rules"
# The built-in rule modules under BUILTIN_PACKAGE, imported by name as plugins are: the
# rules sit above this module in the layers contract (pyproject.toml).
BUILTIN_PACKAGE = "mxlint.rules"
BUILTIN_MODULES = (
    "syntax_error",
    "missing_trailing_dot",
    "ip_target",
    "cname_target",
    "missing_address",
    "duplicate_record",
    "duplicate_target",
    "cname_and_other_data",
    "stale_provider",
    "null_mx",
    "invalid_hostname",
    "ttl_mismatch",
    "unroutable_address",
    "dname_target",
    "single_mx",
    "implicit_mx",
    "unverifiable_target",
    "unknown_provider_host",
    "invalid_directive",
    "out_of_zone",
    "zone_identity",
    "serial_not_increased",
    "mx_drift",
    "server_serial_ahead",
    "unused_suppression",
    "limit_exceeded",
    "reverse_dns",
    "dane_tlsa",
    "mta_sts",
    "tls_rpt",
    "spf_mx",
    "smtp_probe",
    "mx_propagation",
)
CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

CheckFn = Callable[["Context"], Iterable[Finding]]


class RegistryError(Exception):
    """A rule or plugin that cannot be used; the message names it."""


class Rule(Value):
    """One rule: its code, name, default severity, check function and options.

    (Written out, not a dataclass: every run imports it; see :mod:`mxlint._value`.)"""

    __slots__ = ("check", "code", "enabled", "name", "options", "origin", "severity", "validate")
    _fields = ("code", "name", "severity", "check", "enabled", "options", "origin", "validate")

    def __init__(
        self,
        code: str,
        name: str,
        severity: str,
        check: CheckFn,
        enabled: bool = True,
        options: Mapping[str, Any] | None = None,
        origin: str = "mxlint",
        # Checks configured option values beyond their type; raises ValueError saying what
        # is wrong. Configuration runs it when the file is read, so a mistake there is exit 2
        # with the file and line, not a rule crashing on every zone.
        validate: Callable[[Mapping[str, Any]], None] | None = None,
    ) -> None:
        self.code = code
        self.name = name
        self.severity = severity
        self.check = check
        self.enabled = enabled
        self.options: Mapping[str, Any] = {} if options is None else options
        self.origin = origin
        self.validate = validate

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip()

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""

    def __call__(self, ctx: Context) -> Iterable[Finding]:
        return self.check(ctx)


def rule(
    code: str,
    name: str,
    severity: str,
    *,
    enabled: bool = True,
    options: Mapping[str, Any] | None = None,
    validate: Callable[[Mapping[str, Any]], None] | None = None,
) -> Callable[[CheckFn], Rule]:
    """Register ``check`` as rule ``code``/``name`` with a default severity and options."""

    def wrap(check: CheckFn) -> Rule:
        r = Rule(
            code, name, severity, check, enabled, dict(options or {}), check.__module__, validate
        )
        _validate(r, r.origin)
        return r

    return wrap


def _validate(r: Rule, where: str) -> None:
    if not CODE_RE.match(r.code):
        raise RegistryError(f"{where}: rule code {r.code!r} is not like 'ABC123'")
    if not NAME_RE.match(r.name):
        raise RegistryError(f"{where}: rule name {r.name!r} is not lower-case-with-hyphens")
    if r.severity not in SEVERITIES:
        raise RegistryError(
            f"{where}: rule {r.code} severity {r.severity!r} is not one of {', '.join(SEVERITIES)}"
        )
    if not r.doc:
        raise RegistryError(f"{where}: rule {r.code} {r.name} has no docstring")


def _rules_in(obj: object) -> list[Rule]:
    if isinstance(obj, Rule):
        return [obj]
    if isinstance(obj, ModuleType):
        return [v for v in vars(obj).values() if isinstance(v, Rule)]
    return []


def builtin_rules() -> list[Rule]:
    found: list[Rule] = []
    for mod_name in BUILTIN_MODULES:
        found.extend(_rules_in(importlib.import_module(f"{BUILTIN_PACKAGE}.{mod_name}")))
    return found


def may_have_plugins() -> bool:
    """False only when no distribution on ``sys.path`` declares an ``mxlint.rules`` entry
    point: every ``*.dist-info`` / ``*.egg-info`` folder's ``entry_points.txt`` is looked at,
    as ``importlib.metadata`` would find them, without importing it (a third of a small
    zone's run). True whenever it cannot tell (a zip archive on the path)."""
    header = f"[{ENTRY_POINT_GROUP}]".encode()
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except NotADirectoryError:
            return True  # a zip archive: importlib.metadata looks inside
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), "rb") as f:
                    if header in f.read():
                        return True
            except NotADirectoryError:
                return True  # a PKG-INFO style .egg-info file: let importlib.metadata read it
            except OSError:
                continue
    return False


def plugin_rules() -> list[Rule]:
    """Rules from installed distributions' ``mxlint.rules`` entry points."""
    if not may_have_plugins():
        return []
    from importlib.metadata import entry_points

    found: list[Rule] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        label = f"plugin {ep.name!r} ({ep.value})"
        try:
            obj = ep.load()
        except Exception as exc:  # a plugin's import error must name the plugin
            raise RegistryError(f"{label} failed to load: {type(exc).__name__}: {exc}") from exc
        rules = _rules_in(obj)
        if not rules:
            raise RegistryError(
                f"{label} is neither an mxlint Rule nor a module defining one "
                "(decorate the check function with mxlint.check.registry.rule)"
            )
        for r in rules:
            _validate(r, label)
        found.extend(rules)
    return found


class Context:
    """What a rule sees: the zone it lints, every loaded zone, and its options."""

    __slots__ = ("all_options", "options", "registry", "rule", "zone", "zones")

    def __init__(
        self,
        zone: Zone,
        zones: ZoneSet,
        options: Mapping[str, Any],
        rule: Rule,
        all_options: Mapping[str, Mapping[str, Any]] | None = None,
        registry: Registry | None = None,
    ) -> None:
        self.zone = zone
        self.zones = zones
        self.options = options
        self.rule = rule
        self.all_options: Mapping[str, Mapping[str, Any]] = (
            {} if all_options is None else all_options
        )
        self.registry = registry

    def options_of(self, code: str) -> Mapping[str, Any]:
        """Another rule's effective options (rules that share data, such as the catalogue)."""
        return self.all_options.get(code, {})


class Registry:
    """All rules of a run, looked up by code or name (case-insensitive)."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules: list[Rule] = []
        self._by_key: dict[str, Rule] = {}
        for r in rules:
            for key in (r.code.lower(), r.name.lower()):
                other = self._by_key.get(key)
                if other is not None:
                    raise RegistryError(
                        f"rule {r.code} {r.name} from {r.origin} clashes with "
                        f"{other.code} {other.name} from {other.origin}"
                    )
                self._by_key[key] = r
            self.rules.append(r)
        self.rules.sort(key=lambda r: r.code)

    @classmethod
    def load(cls, plugins: bool = True) -> Registry:
        rules = builtin_rules()
        if plugins:
            rules.extend(plugin_rules())
        return cls(rules)

    def get(self, key: str) -> Rule | None:
        return self._by_key.get(key.strip().lower())

    def resolve(self, key: str) -> Rule:
        r = self.get(key)
        if r is None:
            raise RegistryError(f"unknown rule {key!r} (mxlint --list-rules shows them)")
        return r
