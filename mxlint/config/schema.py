"""The configuration's shape: :class:`Config`, :class:`RuleSetting`, :class:`ConfigError`,
the keys and levels a file may use, and how a value is named in a message.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol

from mxlint._value import Value
from mxlint.model import SEVERITIES

if TYPE_CHECKING:
    # What configuration reads of mxlint.check.registry's Rule and Registry, which the caller
    # hands it: config sits below check in the layers contract (pyproject.toml).
    class Rule(Protocol):
        @property
        def code(self) -> str: ...
        @property
        def name(self) -> str: ...
        @property
        def options(self) -> Mapping[str, Any]: ...
        @property
        def validate(self) -> Callable[[Mapping[str, Any]], None] | None: ...

    class Registry(Protocol):
        @property
        def rules(self) -> Sequence[Rule]: ...
        def get(self, key: str) -> Rule | None: ...


YAML_NAMES: Final = (".mxlint.yaml", ".mxlint.yml")
#: A configuration file larger than this is refused (read through mxlint.safeopen).
MAX_CONFIG_BYTES: Final = 4 * 1024 * 1024
#: Other spellings of a level, as ruff, ESLint and yamllint users write them.
LEVEL_ALIASES: Final = {"warn": "warning"}
PYPROJECT: Final = "pyproject.toml"
TOP_KEYS: Final = (
    "rules",
    "origins",
    "context",
    "exclude",
    "server-configs",
    "baseline",
    "limits",
)

LEVELS = ("off", *SEVERITIES)


class RuleSetting:
    """What configuration says of one rule: its level (or ``off``) and option overrides.

    (Written out, not a dataclass: see the note above ``Token`` in :mod:`mxlint.model`.)"""

    __slots__ = ("level", "options")

    def __init__(self, level: str | None = None, options: Mapping[str, Any] | None = None):
        self.level = level
        self.options: Mapping[str, Any] = {} if options is None else options

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleSetting):
            return NotImplemented
        return (self.level, self.options) == (other.level, other.options)

    __hash__ = None  # type: ignore[assignment]  # holds a mapping

    def __repr__(self) -> str:
        return f"RuleSetting(level={self.level!r}, options={self.options!r})"


# keys -> 1-based line; ``value=True`` asks for the value's line rather than the key's.
_Locator = Callable[[Sequence[object], bool], int]


class Config(Value):
    """A loaded configuration. ``path`` is ``None`` for the defaults (no file).

    (Written out, not a dataclass: every run makes one; see :mod:`mxlint._value`.)"""

    __slots__ = (
        "baseline",
        "context",
        "exclude",
        "limits",
        "origins",
        "path",
        "rules",
        "server_configs",
    )
    _fields = (
        "path",
        "rules",
        "origins",
        "context",
        "exclude",
        "server_configs",
        "baseline",
        "limits",
    )

    def __init__(
        self,
        path: str | None = None,
        rules: dict[str, RuleSetting] | None = None,
        origins: tuple[tuple[str, str], ...] = (),
        context: tuple[str, ...] = (),
        exclude: tuple[str, ...] = (),
        server_configs: tuple[str, ...] = (),
        baseline: str | None = None,
        limits: dict[str, int] | None = None,
    ) -> None:
        self.path = path
        self.rules: dict[str, RuleSetting] = {} if rules is None else rules  # by rule code
        self.origins = origins  # (path glob, absolute origin), in file order
        self.context = context  # globs of zones loaded for lookups only
        self.exclude = exclude  # globs never linted
        self.server_configs = server_configs  # globs of named.conf / nsd.conf / knot.conf
        self.baseline = baseline  # the baseline file, as written (relative to base_dir)
        self.limits: dict[str, int] = {} if limits is None else limits  # name -> value

    @property
    def base_dir(self) -> str | None:
        """The folder holding the configuration file: globs are relative to it."""
        return None if self.path is None else os.path.dirname(os.path.abspath(self.path))

    @property
    def baseline_path(self) -> str | None:
        """The ``baseline`` file, relative to the configuration's folder, as a usable path."""
        if self.baseline is None:
            return None
        base = self.base_dir
        path = self.baseline if base is None else os.path.join(base, self.baseline)
        return os.path.relpath(path) if not os.path.isabs(self.baseline) else path

    def server_configs_for(self) -> list[str]:
        """The server configuration files the ``server-configs`` globs name (``**`` never
        follows a link into a folder: :func:`mxlint.safeopen.glob_files`)."""
        from mxlint.safeopen import glob_files

        base = self.base_dir
        if not self.server_configs or base is None:
            return []
        found: list[str] = []
        for pattern in self.server_configs:
            hits = glob_files(os.path.join(base, pattern))
            found += sorted(os.path.relpath(f) for f in hits)
        return found


class ConfigError(Exception):
    """A configuration that cannot be used. ``str()`` is ``path:line: message``; a file with
    several mistakes raises one ``ConfigError`` whose ``str()`` has one such line for each
    (``errors``), so one run names them all."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.errors: list[ConfigError] = [self]
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {message}" if path is not None else message)

    @classmethod
    def every(cls, errors: Sequence[ConfigError]) -> ConfigError:
        """One error standing for all of ``errors`` (in order), one line each."""
        if len(errors) == 1:
            return errors[0]
        first = errors[0]
        combined = cls(first.message, first.path, first.line)
        combined.errors = list(errors)
        combined.args = ("\n".join(str(e) for e in errors),)
        return combined


def _kind(value: object) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"a number ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f'a string ("{value}")'
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _show(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return str(value).lower()
    return "null" if value is None else repr(value)


def did_you_mean(word: object, choices: Sequence[str]) -> str:
    """``; did you mean "x"?`` for the choice closest to ``word`` (any case), or ``""``."""
    import difflib

    if not isinstance(word, str):
        return ""
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.75)
    return f'; did you mean "{lowered[close[0]]}"?' if close else ""
