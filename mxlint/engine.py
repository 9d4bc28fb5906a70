"""Run the enabled rules over the linted zones and stamp each finding with code and severity."""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mxlint.limits import cap_message
from mxlint.model import SEVERITIES, Diagnostic, Zone, ZoneSet
from mxlint.registry import Registry, Rule

LEVELS = ("off", *SEVERITIES)


@dataclass(frozen=True)
class RuleSetting:
    """What configuration says of one rule: its level (or ``off``) and option overrides."""

    level: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What a rule sees: the zone it lints, every loaded zone, and its options."""

    zone: Zone
    zones: ZoneSet
    options: Mapping[str, Any]
    rule: Rule
    all_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    registry: Registry | None = None

    def options_of(self, code: str) -> Mapping[str, Any]:
        """Another rule's effective options (rules that share data, such as the catalogue)."""
        return self.all_options.get(code, {})


def effective_level(rule: Rule, setting: RuleSetting | None) -> str:
    if setting is not None and setting.level is not None:
        return setting.level
    return rule.severity if rule.enabled else "off"


def _stamp(level: str, requested: str | None, configured: bool) -> str:
    """A rule may report a documented lesser case below its default; configuration wins."""
    if requested is None or configured:
        return level
    if SEVERITIES.index(requested) > SEVERITIES.index(level):
        return requested
    return level


def run(
    registry: Registry,
    zones: ZoneSet,
    settings: Mapping[str, RuleSetting] | None = None,
) -> list[Diagnostic]:
    """Diagnostics of every enabled rule for every non-context zone, sorted."""
    settings = settings or {}
    out: list[Diagnostic] = []
    linted = [z for z in zones.zones if not z.context]
    all_options: dict[str, Mapping[str, Any]] = {}
    for rule in registry.rules:
        setting = settings.get(rule.code)
        all_options[rule.code] = {**rule.options, **(setting.options if setting else {})}
    for rule in registry.rules:
        setting = settings.get(rule.code)
        level = effective_level(rule, setting)
        if level == "off":
            continue
        options = all_options[rule.code]
        configured = setting is not None and setting.level is not None
        for zone in linted:
            ctx = Context(zone, zones, options, rule, all_options, registry)
            try:
                findings: Iterable[Any] = list(rule.check(ctx))
            except Exception as exc:  # a broken rule must not hide the others' results
                last = traceback.extract_tb(exc.__traceback__)[-1]
                out.append(
                    Diagnostic(
                        zone.path,
                        1,
                        1,
                        "error",
                        rule.code,
                        rule.name,
                        f"rule {rule.name} ({rule.origin}) crashed on this zone: "
                        f"{type(exc).__name__}: {exc} at {last.filename}:{last.lineno}; "
                        "this is a bug in the rule, not in the zone",
                    )
                )
                continue
            for f in findings:
                out.append(
                    Diagnostic(
                        f.path,
                        f.line,
                        f.column,
                        _stamp(level, f.severity, configured),
                        rule.code,
                        rule.name,
                        cap_message(f.message),
                    )
                )
    out.sort(key=Diagnostic.sort_key)
    return out
