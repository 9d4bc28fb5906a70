"""Run the enabled rules over the linted zones and stamp each finding with code and severity."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import dns.name
import dns.rdatatype

from mxlint.check.registry import Context as Context
from mxlint.check.registry import Registry, Rule
from mxlint.config import LEVELS as LEVELS
from mxlint.config import RuleSetting as RuleSetting
from mxlint.limits import cap_message
from mxlint.model import SEVERITIES, Diagnostic, Zone, ZoneSet


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


# Rules that read every zone's records (``Context.zones.zones``), not only what lookups reach:
# while one is on, every zone is read before the rules run and none is released. Rules from
# plugins count among them (they may read anything).
EVERY_ZONE: frozenset[str] = frozenset({"MX015"})  # implicit-mx: every zone's MX targets


def _builtin(rule: Rule) -> bool:
    return rule.is_builtin


_REVERSE = (dns.name.from_text("in-addr.arpa."), dns.name.from_text("ip6.arpa."))


class _Needs:
    """Whether a rule surely finds nothing in a zone: it runs in a stage, or the zone holds
    none of what it reads first (see ``mxlint.check.registry.BUILTIN``). Such a rule is not
    called, and its module not imported. Each condition is answered once per zone; record
    types by one search of a byte mask of the zone's type column (:meth:`Records.holds`: no
    record is made)."""

    def __init__(self, zones: ZoneSet) -> None:
        self._zones = zones
        self._zone: Zone | None = None
        self._held: dict[tuple[str, ...], bool] = {}
        self._reverse: bool | None = None

    def nothing(self, rule: Rule, zone: Zone) -> bool:
        needs = rule.needs
        if needs is None:
            return True
        if not needs:
            return False
        if self._zone is not zone:
            self._zone, self._held = zone, {}
        held = self._held.get(needs)
        if held is None:
            held = self._held[needs] = self._holds(zone, needs)
        return not held

    def _holds(self, zone: Zone, needs: tuple[str, ...]) -> bool:
        types = frozenset(dns.rdatatype.from_text(n) for n in needs if n.isupper())
        if types and zone.records.holds(types):  # (one search of the type column's bytes)
            return True
        for need in needs:
            if need == "reverse zone":  # mxlint.check.mailpath.has_reverse_zone, without it
                if self._reverse is None:
                    self._reverse = any(
                        z.origin is not None and z.origin.is_subdomain(r)
                        for z in self._zones.zones
                        for r in _REVERSE
                    )
                if self._reverse:
                    return True
            elif not need.isupper() and getattr(zone, need):
                return True
        return False


def run(
    registry: Registry,
    zones: ZoneSet,
    settings: Mapping[str, RuleSetting] | None = None,
    settings_for: Callable[[Zone], Mapping[str, RuleSetting]] | None = None,
    *,
    release: bool = False,
) -> list[Diagnostic]:
    """Diagnostics of every enabled rule for every non-context zone, sorted.

    ``settings_for``, when given, says each zone's settings (each file's own configuration);
    otherwise ``settings`` apply to all. A place is reported once per rule: a line of a file
    that several zones ``$INCLUDE`` (or one file reached under two spellings of its path)
    gives one diagnostic, whose message says which zones include it. A zone with
    ``report_only`` set reports only in those files.

    Zones are checked one after the other, every rule of a zone before the next zone
    (:meth:`ZoneSet.enter`): a zone not read yet is read then. With ``release``, a zone's
    records are dropped once its rules ran, unless a lookup from another zone reached it
    (:meth:`ZoneSet.leave`), or a rule that reads every zone is on (:data:`EVERY_ZONE`,
    plugins): then every zone is read first and all are kept.
    """
    fixed = settings or {}
    linted = [z for z in zones.zones if not z.context]
    prepared: dict[int, dict[str, Mapping[str, Any]]] = {}

    def options_of(s: Mapping[str, RuleSetting]) -> dict[str, Mapping[str, Any]]:
        found = prepared.get(id(s))
        if found is None:
            found = prepared[id(s)] = {
                r.code: {**r.options, **(s[r.code].options if r.code in s else {})}
                for r in registry.rules
            }
        return found

    def settings_of(zone: Zone) -> Mapping[str, RuleSetting]:
        return fixed if settings_for is None else settings_for(zone)

    wide = [r for r in registry.rules if r.code in EVERY_ZONE or not _builtin(r)]
    if wide and any(
        effective_level(r, settings_of(z).get(r.code)) != "off" for z in linted for r in wide
    ):
        zones.load_all()
        release = False

    places = _Places()
    needs = _Needs(zones)
    for zone in linted:
        zones.enter(zone)
        zone_settings = settings_of(zone)
        all_options = options_of(zone_settings)
        for rule in registry.rules:
            setting = zone_settings.get(rule.code)
            level = effective_level(rule, setting)
            if level == "off" or needs.nothing(rule, zone):
                continue
            configured = setting is not None and setting.level is not None
            ctx = Context(zone, zones, all_options[rule.code], rule, all_options, registry)
            try:
                findings: Iterable[Any] = list(rule.check(ctx))
            except Exception as exc:  # a broken rule must not hide the others' results
                import traceback

                last = traceback.extract_tb(exc.__traceback__)[-1]
                places.add(
                    zone,
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
                    ),
                )
                continue
            for f in findings:
                places.add(
                    zone,
                    Diagnostic(
                        f.path,
                        f.line,
                        f.column,
                        _stamp(level, f.severity, configured),
                        rule.code,
                        rule.name,
                        cap_message(f.message),
                    ),
                )
        zones.leave(zone, release)
    out = places.diagnostics()
    out.sort(key=Diagnostic.sort_key)
    return out


class _Places:
    """Diagnostics keyed by place (resolved path, line, column) and rule, with the zones
    that reported each."""

    def __init__(self) -> None:
        self._realpaths: dict[str, str] = {}
        self._seen: dict[tuple[str, int, int, str], tuple[Diagnostic, list[Zone]]] = {}

    def real(self, path: str) -> str:
        r = self._realpaths.get(path)
        if r is None:
            r = self._realpaths[path] = os.path.realpath(path)
        return r

    def add(self, zone: Zone, d: Diagnostic) -> None:
        real = self.real(d.path)
        if zone.report_only is not None and real not in zone.report_only:
            return
        key = (real, d.line, d.column, d.code)
        seen = self._seen.get(key)
        if seen is None:
            self._seen[key] = (d, [zone])
        elif zone not in seen[1]:
            seen[1].append(zone)

    def diagnostics(self) -> list[Diagnostic]:
        out = []
        for d, zones in self._seen.values():
            if len(zones) > 1:
                names = sorted({str(z.origin) for z in zones if z.origin is not None})
                if len(names) > 1:
                    shown = ", ".join(names[:-1]) + f" and {names[-1]}"
                    d = dataclasses.replace(
                        d, message=f"{d.message} (this line is in zones {shown})"
                    )
            out.append(d)
        return out
