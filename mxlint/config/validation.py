"""Validating a configuration read from a file, every mistake named with its line, into a
:class:`~mxlint.config.schema.Config`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from mxlint.config.schema import (
    LEVEL_ALIASES,
    LEVELS,
    TOP_KEYS,
    Config,
    ConfigError,
    RuleSetting,
    _kind,
    _Locator,
    _show,
    did_you_mean,
)

if TYPE_CHECKING:
    from mxlint.config.schema import Registry, Rule

_T = TypeVar("_T")


def _type_error(default: object, value: object) -> str | None:
    """What ``value`` should have been to match ``default``'s type, or ``None`` if it does."""
    if default is None:
        return None
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "a boolean (true or false)"
    if isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "a whole number"
    if isinstance(default, float):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "a number"
    if isinstance(default, str):
        return None if isinstance(value, str) else "a string"
    if isinstance(default, list | tuple | set | frozenset):
        return None if isinstance(value, list) else "a list"
    if isinstance(default, Mapping):
        return None if isinstance(value, dict) else "a mapping"
    t = type(default)
    return None if isinstance(value, t) else f"a {t.__name__}"


class _Builder:
    def __init__(self, path: str, registry: Registry, locate: _Locator) -> None:
        self.path = path
        self.registry = registry
        self.locate = locate

    def fail(self, keys: Sequence[object], message: str, value: bool = False) -> ConfigError:
        return ConfigError(message, self.path, self.locate(keys, value))

    def collect(self, default: _T, work: Callable[..., _T], *args: Any) -> _T:
        """``work(*args)``, or ``default`` with its mistake kept for the end of the file: every
        mistake of a configuration is reported in one run, not one per run."""
        try:
            return work(*args)
        except ConfigError as exc:
            self.errors.extend(exc.errors)
            return default

    def build(self, data: Any) -> Config:
        self.errors: list[ConfigError] = []
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise self.fail(
                (),
                f"the configuration must be a mapping with the keys {', '.join(TOP_KEYS)}, "
                f"not {_kind(data)}",
            )
        for key in data:
            if key not in TOP_KEYS:
                self.errors.append(
                    self.fail(
                        (key,),
                        f"unknown key {_show(key)}{did_you_mean(key, TOP_KEYS)} "
                        f"(the keys are {', '.join(TOP_KEYS)})",
                    )
                )
        c = self.collect
        config = Config(
            path=self.path,
            rules=c(None, self.rules, data.get("rules")),
            origins=c((), self.origins, data.get("origins")),
            context=c((), self.globs, "context", data.get("context")),
            exclude=c((), self.globs, "exclude", data.get("exclude")),
            server_configs=c((), self.globs, "server-configs", data.get("server-configs")),
            baseline=c(None, self.baseline, data.get("baseline")),
            limits=c(None, self.limits, data.get("limits")),
        )
        if self.errors:
            raise ConfigError.every(sorted(self.errors, key=lambda e: e.line or 0))
        return config

    def baseline(self, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(
                ("baseline",),
                f'"baseline" must be the path of the baseline file, like '
                f".mxlint-baseline.json, not {_kind(value)}",
                value=True,
            )
        return value.strip()

    def limits(self, value: Any) -> dict[str, int]:
        from mxlint.limits import LIMITS, check_value

        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(
                ("limits",),
                '"limits" must be a mapping of limit name to a number, like '
                f"generate-records: 5000000, not {_kind(value)}",
                value=True,
            )
        out: dict[str, int] = {}
        for name, number in value.items():
            if name not in LIMITS:
                self.errors.append(
                    self.fail(
                        ("limits", name),
                        f"unknown limit {_show(name)}{did_you_mean(name, list(LIMITS))} "
                        f"(the limits are {', '.join(LIMITS)})",
                    )
                )
                continue
            why = check_value(name, number)
            if why is not None:
                self.errors.append(self.fail(("limits", name), why, value=True))
                continue
            out[name] = number
        return out

    # -- rules

    def rules(self, value: Any) -> dict[str, RuleSetting]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(
                ("rules",),
                f'"rules" must be a mapping of rule name or code to a level or settings, '
                f"not {_kind(value)}",
                value=True,
            )
        out: dict[str, RuleSetting] = {}
        written: dict[str, object] = {}
        choices = [k for r in self.registry.rules for k in (r.name, r.code)]
        for key, setting in value.items():
            keys = ("rules", key)
            rule = self.registry.get(key) if isinstance(key, str) else None
            if rule is None:
                self.errors.append(
                    self.fail(
                        keys,
                        f"unknown rule {_show(key)}{did_you_mean(key, choices)} "
                        "(mxlint --list-rules shows the names and codes)",
                    )
                )
                continue
            if rule.code in written:
                self.errors.append(
                    self.fail(
                        keys,
                        f"rule {rule.code} {rule.name} is configured twice "
                        f"(as {_show(written[rule.code])} and {_show(key)})",
                    )
                )
                continue
            written[rule.code] = key
            if isinstance(setting, dict):
                found = self.collect(None, self.rule_mapping, rule, keys, setting)
            else:
                level = self.collect(None, self.level, rule, keys, setting)
                found = None if level is None else RuleSetting(level=level)
            if found is not None:
                out[rule.code] = found
        return out

    def level(self, rule: Rule, keys: Sequence[object], value: Any) -> str:
        if value is False:  # YAML reads an unquoted off / no / false as a boolean
            return "off"
        if isinstance(value, str) and value.strip().lower() in LEVELS:
            return value.strip().lower()
        if isinstance(value, str) and value.strip().lower() in LEVEL_ALIASES:
            return LEVEL_ALIASES[value.strip().lower()]
        hint = ""
        if value is True:
            hint = " (YAML reads an unquoted on / yes / true as a boolean)"
        elif value is None:
            hint = " (it is empty)"
        raise self.fail(
            keys,
            f"unknown level {_show(value)} for rule {rule.name} ({rule.code}){hint}; "
            f"write one of {', '.join(LEVELS)}",
            value=True,
        )

    def rule_mapping(
        self, rule: Rule, keys: tuple[object, ...], setting: dict[Any, Any]
    ) -> RuleSetting:
        level: str | None = None
        options: dict[str, Any] = {}
        before = len(self.errors)
        for name, value in setting.items():
            okeys = (*keys, name)
            if name == "level":
                level = self.collect(None, self.level, rule, okeys, value)
                continue
            if not isinstance(name, str) or name not in rule.options:
                known = sorted(rule.options)
                if known:
                    listing = "its options are level, " + ", ".join(known)
                else:
                    listing = "it has no options, only level"
                self.errors.append(
                    self.fail(
                        okeys,
                        f"rule {rule.name} ({rule.code}) has no option {_show(name)}"
                        f"{did_you_mean(name, [*known, 'level'])} ({listing})",
                    )
                )
                continue
            bad = object()
            got = self.collect(bad, self.option, rule, okeys, name, value)
            if got is not bad:
                options[name] = got
        if len(self.errors) > before:
            return RuleSetting(level=level, options=options)
        if rule.validate is not None and options:
            try:
                rule.validate({**rule.options, **options})
            except ValueError as exc:
                raise self.fail(keys, f"rule {rule.name} ({rule.code}): {exc}") from None
        return RuleSetting(level=level, options=options)

    def option(self, rule: Rule, keys: tuple[object, ...], name: str, value: Any) -> Any:
        default = rule.options[name]
        where = f'option "{name}" of rule {rule.name} ({rule.code})'
        want = _type_error(default, value)
        if want is not None:
            hint = ""
            if isinstance(value, bool) and isinstance(default, str):
                hint = " (YAML reads unquoted yes / no / on / off as booleans: quote it)"
            raise self.fail(
                keys,
                f"{where} must be {want} like its default {default!r}, not {_kind(value)}{hint}",
                value=True,
            )
        if isinstance(default, list | tuple | set | frozenset) and default:
            types = {type(e) for e in default}
            if len(types) == 1:
                (etype,) = types
                if etype in (str, int, bool, float, dict):
                    for i, e in enumerate(value):
                        wrong = _type_error(next(iter(default)), e)
                        if wrong is not None:
                            raise self.fail(
                                (*keys, i),
                                f"{where}: item {i + 1} must be {wrong}, not {_kind(e)}",
                                value=True,
                            )
        if isinstance(default, float):
            return float(value)
        return value

    # -- origins, context, exclude

    def origins(self, value: Any) -> tuple[tuple[str, str], ...]:
        if value is None:
            return ()
        if not isinstance(value, dict):
            raise self.fail(
                ("origins",),
                '"origins" must be a mapping of path glob to origin, like '
                f'"zones/internal/*": corp.example., not {_kind(value)}',
                value=True,
            )
        out: list[tuple[str, str]] = []
        for glob, origin in value.items():
            keys = ("origins", glob)
            if not isinstance(glob, str) or not glob.strip():
                raise self.fail(keys, f"origins: {_show(glob)} is not a path glob")
            out.append((glob, self.origin(keys, glob, origin)))
        return tuple(out)

    def origin(self, keys: Sequence[object], glob: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(
                keys,
                f'origin for "{glob}" must be a domain name like corp.example., not {_kind(value)}',
                value=True,
            )
        import dns.exception
        import dns.name

        try:
            name = dns.name.from_text(value.strip())
        except dns.exception.DNSException as exc:
            raise self.fail(
                keys, f'origin "{value}" for "{glob}" is not a domain name: {exc}', value=True
            ) from None
        if name == dns.name.root:
            raise self.fail(keys, f'origin for "{glob}" must name a zone, not the root', True)
        return name.to_text()

    def globs(self, key: str, value: Any) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(
                (key,),
                f'"{key}" must be a list of path globs, like ["zones/**/*.zone"], '
                f"not {_kind(value)}",
                value=True,
            )
        for i, g in enumerate(value):
            if not isinstance(g, str) or not g.strip():
                raise self.fail(
                    (key, i), f'"{key}" item {i + 1} must be a path glob, not {_kind(g)}', True
                )
        return tuple(value)
