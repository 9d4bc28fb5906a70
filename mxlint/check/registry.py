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
import sys
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import Any

from mxlint._patterns import lazy
from mxlint._value import Value
from mxlint.model import SEVERITIES, Finding, Zone, ZoneSet

ENTRY_POINT_GROUP = "mxlint.rules"
# The built-in rule modules under BUILTIN_PACKAGE, imported by name as plugins are: the
# rules sit above this module in the layers contract (pyproject.toml).
BUILTIN_PACKAGE = "mxlint.rules"
# What the registry knows of each built-in rule without importing its module (a module is
# imported when its rule runs, or when its check, validator or documentation is asked for):
# (module, code, name, severity, enabled, options, needs). ``needs`` names what the rule
# reads first, of which a zone must hold one for the rule to find anything in it (else the
# engine skips the rule for the zone, unimported): a Zone attribute that is non-empty
# (``problems``), a record type (in capitals: ``TXT``), or "reverse zone" (one is loaded in
# the run); empty: no such condition; None: the rule finds nothing in the engine at all (it
# runs in a stage).
# tests/test_rule_manifest.py holds the manifest to the modules.
# The mail-path rules (dane-tlsa, mta-sts, tls-rpt, spf-mx) first read the TXT and TLSA records
# of their zone (mxlint.check.mailpath.kept): one condition for the four, answered in one pass
# over a zone's record types that stops at the first such record.
_MAIL_PATH = ("TLSA", "TXT")
BUILTIN: tuple[tuple[str, str, str, str, bool, dict[str, Any], tuple[str, ...] | None], ...] = (
    ("syntax_error", "MX000", "syntax-error", "error", True, {}, ()),
    ("missing_trailing_dot", "MX001", "missing-trailing-dot", "error", True, {}, ()),
    ("ip_target", "MX002", "ip-target", "error", True, {}, ()),
    ("cname_target", "MX003", "cname-target", "error", True, {}, ()),
    ("missing_address", "MX004", "missing-address", "error", True, {}, ()),
    ("duplicate_record", "MX005", "duplicate-record", "warning", True, {}, ()),
    ("duplicate_target", "MX006", "duplicate-target", "warning", True, {}, ()),
    ("cname_and_other_data", "MX011", "cname-and-other-data", "error", True, {}, ()),
    (
        "stale_provider",
        "MX007",
        "stale-provider",
        "warning",
        True,
        {"retired": [], "providers": []},
        (),
    ),
    ("null_mx", "MX008", "null-mx", "error", True, {}, ()),
    ("invalid_hostname", "MX009", "invalid-hostname", "warning", True, {}, ()),
    ("ttl_mismatch", "MX010", "ttl-mismatch", "warning", True, {}, ()),
    ("unroutable_address", "MX012", "unroutable-address", "warning", True, {"private": False}, ()),
    ("dname_target", "MX013", "dname-target", "error", True, {}, ()),
    ("single_mx", "MX014", "single-mx", "info", False, {}, ()),
    ("implicit_mx", "MX015", "implicit-mx", "info", False, {}, ()),
    ("unverifiable_target", "MX016", "unverifiable-target", "info", False, {}, ()),
    ("unknown_provider_host", "MX018", "unknown-provider-host", "warning", True, {}, ()),
    ("invalid_directive", "MX017", "invalid-directive", "warning", True, {}, ("directives",)),
    ("out_of_zone", "MX019", "out-of-zone", "warning", True, {}, ("problems",)),
    ("zone_identity", "MX020", "zone-identity", "warning", True, {}, ()),
    ("serial_not_increased", "MX022", "serial-not-increased", "error", True, {}, None),
    ("mx_drift", "MX023", "mx-drift", "warning", True, {}, None),
    ("server_serial_ahead", "MX024", "server-serial-ahead", "warning", True, {}, None),
    ("unused_suppression", "MX021", "unused-suppression", "warning", True, {}, None),
    ("limit_exceeded", "MX025", "limit-exceeded", "error", True, {}, ("exceeded",)),
    ("reverse_dns", "MX026", "reverse-dns", "warning", True, {}, ("reverse zone",)),
    ("dane_tlsa", "MX027", "dane-tlsa", "error", True, {}, _MAIL_PATH),
    ("mta_sts", "MX028", "mta-sts", "error", True, {}, _MAIL_PATH),
    ("tls_rpt", "MX029", "tls-rpt", "warning", True, {}, _MAIL_PATH),
    ("spf_mx", "MX030", "spf-mx", "error", True, {}, _MAIL_PATH),
    ("smtp_probe", "MX031", "smtp-probe", "error", True, {}, None),
    ("mx_propagation", "MX032", "mx-propagation", "info", False, {}, None),
    ("spf_split", "MX033", "spf-split", "error", True, {}, ("TXT",)),
    ("spf_multiple", "MX034", "spf-multiple", "error", True, {}, ("TXT",)),
)
BUILTIN_MODULES = tuple(entry[0] for entry in BUILTIN)
# Compiled at first use: they check plugins' rules (the built-in ones are checked by a test).
CODE_RE = lazy(r"^[A-Z][A-Z0-9]*[0-9]{3}$")
NAME_RE = lazy(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

CheckFn = Callable[["Context"], Iterable[Finding]]


class RegistryError(Exception):
    """A rule or plugin that cannot be used; the message names it."""


class Rule(Value):
    """One rule: its code, name, default severity, check function and options.

    A built-in rule comes from the manifest (:data:`BUILTIN`, :meth:`builtin`): its module is
    imported when its ``check``, ``validate`` or documentation is first asked for.

    (Written out, not a dataclass: every run imports it; see :mod:`mxlint._value`.)"""

    __slots__ = (
        "_check",
        "_module",
        "_validate",
        "code",
        "enabled",
        "name",
        "needs",
        "options",
        "origin",
        "severity",
    )
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
        self._check: CheckFn | None = check
        self.enabled = enabled
        self.options: Mapping[str, Any] = {} if options is None else options
        self.origin = origin
        self._validate = validate
        self._module: str | None = None
        # Zone attributes of which one must be non-empty for the rule to find anything in the
        # engine (empty: no such condition); None: it finds nothing there (see BUILTIN).
        self.needs: tuple[str, ...] | None = ()

    @classmethod
    def builtin(
        cls,
        module: str,
        code: str,
        name: str,
        severity: str,
        enabled: bool,
        options: Mapping[str, Any],
        needs: tuple[str, ...] | None,
    ) -> Rule:
        """The built-in rule of ``mxlint.rules.<module>`` as the manifest describes it."""
        r = cls.__new__(cls)
        r.code, r.name, r.severity, r.enabled = code, name, severity, enabled
        r.options = {k: list(v) if isinstance(v, list) else v for k, v in options.items()}
        r.origin = f"{BUILTIN_PACKAGE}.{module}"
        r._check = r._validate = None
        r._module = module
        r.needs = needs
        return r

    def _load(self) -> None:
        """Import a built-in rule's module: its check function and validator."""
        module = importlib.import_module(f"{BUILTIN_PACKAGE}.{self._module}")
        found = [r for r in _rules_in(module) if r.code == self.code]
        if len(found) != 1 or found[0].name != self.name:
            raise RegistryError(f"{module.__name__}: no rule {self.code} {self.name} in it")
        self._check, self._validate = found[0]._check, found[0]._validate
        self._module = None

    @property
    def check(self) -> CheckFn:
        if self._module is not None:
            self._load()
        assert self._check is not None
        return self._check

    @property
    def validate(self) -> Callable[[Mapping[str, Any]], None] | None:
        if self._module is not None:
            self._load()
        return self._validate

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip()

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""

    def __call__(self, ctx: Context) -> Iterable[Finding]:
        return self.check(ctx)

    @property
    def is_builtin(self) -> bool:
        """Whether the check function is one of ``mxlint.rules`` (known without importing
        a built-in rule's module)."""
        if self._module is not None:
            return True
        return str(getattr(self.check, "__module__", "")).startswith(BUILTIN_PACKAGE + ".")


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
        if not r.origin.startswith(BUILTIN_PACKAGE + "."):  # a test checks the built-in ones
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
    """The built-in rules as their modules define them (every module imported)."""
    found: list[Rule] = []
    for mod_name in BUILTIN_MODULES:
        found.extend(_rules_in(importlib.import_module(f"{BUILTIN_PACKAGE}.{mod_name}")))
    return found


def builtin_manifest() -> list[Rule]:
    """The built-in rules from :data:`BUILTIN`, no module imported yet (each is at its
    rule's first use)."""
    return [Rule.builtin(*entry) for entry in BUILTIN]


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
        rules = builtin_manifest()
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
