"""Project configuration: ``.mxlint.yaml`` (or ``.mxlint.yml``), or ``[tool.mxlint]`` in
``pyproject.toml``.

Schema (every key optional; anything else is an error naming the file, line and key)::

    rules:                                  # rule name or code (any case) -> setting
      missing-trailing-dot: error           # a level: off | info | warning (warn) | error
      MX014: info
      stale-provider:                       # or a mapping: optional level plus options
        level: warning
        retired: ["mx.old-host.example."]
      unroutable-address: {private: true}   # options only: the level stays the default
    origins:                                # path glob -> origin, first match wins
      "zones/internal/*": corp.example.
    context: ["zones/**/*.zone"]            # zones loaded for lookups only
    exclude: ["zones/legacy/*"]             # never linted
    server-configs: ["bind/named.conf"]     # server configurations naming zone files
    baseline: .mxlint-baseline.json         # report only what this file does not record
    limits:                                 # raise or lower a limit (see mxlint.limits)
      generate-records: 5000000

``off`` means disabled. In YAML an unquoted ``off``/``no``/``false`` reads as a boolean false
and is taken as ``off``. Option values must have the type of the rule's declared default
(list, bool, dict, str, int; a float default also takes an int; a ``None`` default takes
anything); a list whose default holds elements of one type must hold that type.

The pyproject form takes the same keys under ``[tool.mxlint]`` (``[tool.mxlint.rules]``,
``[tool.mxlint.rules.stale-provider]``, ...). TOML reports no positions, so the line of an
offending key is found by scanning the file's ``[tool.mxlint...]`` tables (best effort; it
falls back to the table's header line).

Globs (``origins``, ``context``, ``exclude``) use ``/`` as separator: ``*`` and ``?`` match
within one path segment, ``[...]`` is a character class, ``**`` as a whole segment matches any
number of segments (elsewhere it is a ``*``), and a trailing ``/`` means everything below that
folder. Matching takes time proportional to the pattern's and the path's lengths, whatever the
pattern. See :func:`matches`.

yaml and tomllib are imported only when a configuration file is actually read.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar

from mxlint._value import Value
from mxlint.model import SEVERITIES

_T = TypeVar("_T")

if TYPE_CHECKING:
    import yaml

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


# --------------------------------------------------------------------------- finding the file


def _has_tool_table(path: str) -> bool:
    """Does this pyproject.toml configure mxlint?

    One that names mxlint but cannot be read, decoded or parsed counts as yes, so that
    :func:`load_config` reports it (exit 2 naming the file): a configuration silently ignored
    would run every check with the defaults.
    """
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError:
        return False
    if b"mxlint" not in raw:
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    import tomllib

    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return True
    tool = data.get("tool")
    return isinstance(tool, dict) and "mxlint" in tool


def find_config(start: str) -> str | None:
    """The configuration for ``start`` (a folder, or a file whose folder is used).

    From ``start`` up to the filesystem root, the first folder that holds ``.mxlint.yaml``,
    ``.mxlint.yml`` or a ``pyproject.toml`` with a ``[tool.mxlint]`` table wins; in one folder
    they are tried in that order. Returns an absolute path, or ``None``.
    """
    d = os.path.abspath(start)
    if os.path.isfile(d):
        d = os.path.dirname(d)
    while True:
        for name in YAML_NAMES:
            p = os.path.join(d, name)
            if os.path.isfile(p):
                return p
        p = os.path.join(d, PYPROJECT)
        if os.path.isfile(p) and _has_tool_table(p):
            return p
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


# --------------------------------------------------------------------------- loading


def load_config(path: str | None, registry: Registry) -> Config:
    """Read and validate the configuration at ``path`` (``None``: the defaults).

    ``*.toml`` files are read as ``[tool.mxlint]`` of a pyproject; anything else as YAML.
    Raises :class:`ConfigError` naming the file, line and offending key or value.
    """
    if path is None:
        return Config()
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as exc:
        raise ConfigError(f"cannot be read: {exc.strerror or exc}", path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError("is not UTF-8 text", path, line) from None
    text = text.removeprefix("\ufeff")
    if path.lower().endswith(".toml"):
        data, locate = _read_toml(path, text)
    else:
        data, locate = _read_yaml(path, text)
    return _Builder(path, registry, locate).build(data)


# -- YAML


#: How deeply a configuration may nest (it needs four levels; a hostile file has thousands).
MAX_DEPTH: Final = 64


def _strict_loader(path: str, text: str) -> yaml.SafeLoader:
    """A SafeLoader that refuses aliases (a "billion laughs" is a few hundred bytes of them)
    and nesting deeper than :data:`MAX_DEPTH`, with the file and line."""
    import yaml

    class Loader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            if isinstance(event, yaml.AliasEvent):
                raise ConfigError(
                    f"YAML aliases (*{event.anchor}) are not allowed in a configuration; "
                    "write the value out",
                    path,
                    line,
                )
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ConfigError(f"nested more than {MAX_DEPTH} levels deep", path, line)
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return Loader(text)


def _read_yaml(path: str, text: str) -> tuple[Any, _Locator]:
    import yaml

    try:
        loader = _strict_loader(path, text)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(path, text, exc) from None
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_duplicates(path, node)
        data = loader.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(path, text, exc) from None
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(path, exc) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", path) from None
    except RecursionError:
        raise ConfigError("is nested too deeply to read", path) from None
    finally:
        loader.dispose()
    return data, functools.partial(_yaml_line, node)


def _reader_error(path: str, text: str, exc: yaml.reader.ReaderError) -> ConfigError:
    """A character YAML does not allow (NUL and other control characters), located."""
    line = text.count("\n", 0, exc.position) + 1
    char = exc.character
    code = ord(char) if isinstance(char, str) else char
    return ConfigError(
        f"contains the control character U+{code:04X}, which YAML does not allow; "
        "remove it (a configuration is plain text)",
        path,
        line,
    )


def _yaml_error(path: str, exc: yaml.MarkedYAMLError) -> ConfigError:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and "simple key" in (exc.context or ""):
        mark = exc.context_mark  # the key missing its ":", not the line after it
    what = exc.problem or exc.context or "syntax error"
    if exc.problem and exc.context:
        what += f" ({exc.context}"
        if exc.context_mark is not None and mark is not exc.context_mark:
            what += f" at line {exc.context_mark.line + 1}"
        what += ")"
    return ConfigError(f"invalid YAML: {what}", path, None if mark is None else mark.line + 1)


def _check_duplicates(path: str, node: yaml.Node) -> None:
    import yaml

    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, v in n.value:
                if isinstance(k, yaml.ScalarNode) and k.tag != "tag:yaml.org,2002:merge":
                    line = k.start_mark.line + 1
                    if k.value in seen:
                        raise ConfigError(
                            f'duplicate key "{k.value}" (first at line {seen[k.value]})',
                            path,
                            line,
                        )
                    seen[k.value] = line
                stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _yaml_line(root: yaml.Node | None, keys: Sequence[object], value: bool = False) -> int:
    import yaml

    if root is None:
        return 1
    node: yaml.Node = root
    line = node.start_mark.line + 1
    for k in keys:
        nxt: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for kn, vn in node.value:
                if isinstance(kn, yaml.ScalarNode) and kn.value == str(k):
                    line = kn.start_mark.line + 1
                    nxt = vn
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(k, int) and k < len(node.value):
            nxt = node.value[k]
            line = nxt.start_mark.line + 1
        if nxt is None:
            return line
        node = nxt
    return node.start_mark.line + 1 if value else line


# -- TOML


# Compiled when a pyproject.toml is read (about 0.5 M instructions each, on every run).
@functools.cache
def _header_re() -> re.Pattern[str]:
    return re.compile(r"^\[\[?\s*(.+?)\s*\]\]?\s*(?:#.*)?$")


@functools.cache
def _bare_key_re() -> re.Pattern[str]:
    return re.compile(r"[A-Za-z0-9_-]+")


def _split_key(text: str) -> tuple[str, ...] | None:
    """``a."b.c".d`` -> ``("a", "b.c", "d")``; ``None`` if it is not a TOML key."""
    parts: list[str] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            return None
        if text[i] in "\"'":
            q = text[i]
            j = i + 1
            buf = []
            while j < n and text[j] != q:
                if q == '"' and text[j] == "\\" and j + 1 < n:
                    j += 1
                buf.append(text[j])
                j += 1
            if j >= n:
                return None
            parts.append("".join(buf))
            i = j + 1
        else:
            m = _bare_key_re().match(text, i)
            if not m:
                return None
            parts.append(m.group())
            i = m.end()
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            return tuple(parts)
        if text[i] != ".":
            return None
        i += 1


def _assignment_key(line: str) -> str | None:
    """The key text before the first ``=`` outside quotes, if ``line`` is an assignment."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "=":
            return line[:i]
        elif ch in "#[{,":
            return None
    return None


class _TomlLines:
    """Best-effort lines of keys inside the ``[tool.mxlint...]`` tables of a TOML text."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.index: dict[tuple[str, ...], int] = {}
        self.header = 0
        table: tuple[str, ...] = ()
        for i, raw in enumerate(self.lines, 1):
            s = raw.strip()
            if not s or s.startswith("#"):
                continue
            if s.startswith("["):
                m = _header_re().match(s)
                table = (_split_key(m.group(1)) or ()) if m else ()
                if table[:2] == ("tool", "mxlint"):
                    self.header = self.header or i
                    self._record(table[2:], i)
                continue
            key = _assignment_key(s)
            parts = _split_key(key) if key is not None else None
            if parts:
                full = table + parts
                if full[:2] == ("tool", "mxlint"):
                    self.header = self.header or i
                    self._record(full[2:], i)

    def _record(self, path: tuple[str, ...], line: int) -> None:
        for k in range(len(path) + 1):
            self.index.setdefault(path[:k], line)

    def __call__(self, keys: Sequence[object], value: bool = False) -> int:
        path: list[str] = []
        for k in keys:
            if not isinstance(k, str):
                break
            path.append(k)
        want = tuple(path)
        if want in self.index:
            return self.index[want]
        for n in range(len(want) - 1, -1, -1):
            start = self.index.get(want[:n])
            if start is None:
                continue
            # An inline table or a multi-line value: look for the next key's text below.
            key = re.escape(want[n])
            pat = re.compile(rf"(?<![\w.-])(?:\"{key}\"|'{key}'|{key})\s*=")
            for j in range(start - 1, len(self.lines)):
                if j > start - 1 and self.lines[j].lstrip().startswith("["):
                    break
                if pat.search(self.lines[j]):
                    return j + 1
            return start
        return self.header or 1


def _read_toml(path: str, text: str) -> tuple[Any, _Locator]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(m.group(1)) if m else None
        raise ConfigError(f"invalid TOML: {exc}", path, line) from None
    except RecursionError:
        raise ConfigError(
            f"invalid TOML: nested too deeply to read (a configuration needs {MAX_DEPTH} "
            "levels at most)",
            path,
        ) from None
    tool = data.get("tool")
    if not isinstance(tool, dict) or "mxlint" not in tool:
        raise ConfigError("has no [tool.mxlint] table", path)
    lines = _TomlLines(text)
    section = tool["mxlint"]
    if not isinstance(section, dict):
        raise ConfigError(
            f"tool.mxlint must be a table, not {_kind(section)}", path, lines.header or None
        )
    return section, lines


# --------------------------------------------------------------------------- validation


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


# --------------------------------------------------------------------------- globs


# A glob is matched one path segment at a time: ``**`` segments by a walk over the segments,
# every other segment by a regular expression in which each ``*`` but the last is an atomic
# lazy scan (as in ``fnmatch``), so no pattern can make the match backtrack exponentially:
# the time is about (pattern length) x (path length).

_GLOBSTAR: Final = None


def _segment_re(part: str) -> re.Pattern[str]:
    """One segment of a glob (no ``/``): ``*``, ``?``, ``[...]`` and literal text."""
    chunks: list[list[str]] = [[]]  # fixed-length pieces between stars
    i, n = 0, len(part)
    while i < n:
        c = part[i]
        if c == "*":
            if chunks[-1] or len(chunks) == 1:
                chunks.append([])
            i += 1
            continue
        if c == "?":
            chunks[-1].append(".")
        elif c == "[":
            j = i + 1
            if j < n and part[j] in "!^":
                j += 1
            if j < n and part[j] == "]":
                j += 1
            while j < n and part[j] != "]":
                j += 1
            if j >= n:
                chunks[-1].append(re.escape(c))
            else:
                body = part[i + 1 : j]
                if body[:1] in ("!", "^"):
                    body = "^" + body[1:]
                chunks[-1].append("[" + body.replace("\\", "\\\\") + "]")
                i = j
        else:
            chunks[-1].append(re.escape(c))
        i += 1
    out = ["".join(chunks[0])]
    stars = chunks[1:]
    for k, chunk in enumerate(stars, 1):
        text = "".join(chunk)
        if k < len(stars):
            out.append(f"(?=(?P<g{k}>.*?{text}))(?P=g{k})")
        else:
            out.append(".*" + text)
    return re.compile("".join(out) + r"\Z", re.S)


@functools.lru_cache(maxsize=256)
def _glob_parts(pattern: str) -> tuple[re.Pattern[str] | None, ...]:
    pat = pattern.replace(os.sep, "/")
    while pat.startswith("./"):
        pat = pat[2:]
    if pat.endswith("/"):
        pat += "**"
    parts: list[re.Pattern[str] | None] = []
    for part in pat.split("/"):
        if part == "**":
            if not parts or parts[-1] is not _GLOBSTAR:
                parts.append(_GLOBSTAR)
        else:
            parts.append(_segment_re(part))
    return tuple(parts)


def _glob_match(pattern: str, path: str) -> bool:
    """Does the whole of ``pattern`` match ``path`` (both with ``/`` separators)?

    ``**`` as a whole segment matches any number of segments (a last one: at least one, so
    ``dir/`` means everything below ``dir``); ``*`` and ``?`` stay within one segment.
    """
    parts = _glob_parts(pattern)
    last = len(parts) - 1

    def closure(states: set[int]) -> set[int]:
        todo = list(states)
        while todo:
            i = todo.pop()
            if i < last and parts[i] is _GLOBSTAR and i + 1 not in states:
                states.add(i + 1)
                todo.append(i + 1)
        return states

    states = closure({0})
    for seg in path.split("/"):
        nxt: set[int] = set()
        for i in states:
            if i > last:
                continue
            part = parts[i]
            if part is _GLOBSTAR:
                nxt.add(i)
                if i == last:
                    nxt.add(i + 1)
            elif part.match(seg):
                nxt.add(i + 1)
        if not nxt:
            return False
        states = closure(nxt)
    return len(parts) in states


def _norm(path: str) -> str:
    p = os.path.normpath(path).replace(os.sep, "/")
    return p


def matches(pattern: str, path: str, base: str | None = None) -> bool:
    """Does ``pattern`` match ``path``?

    The whole pattern must match one of: the path as given (normalised, ``./`` dropped), the
    path relative to ``base`` (the configuration's folder) when it lies below it, or the file's
    base name. So ``*.internal.zone`` matches in any folder, while ``zones/internal/*`` is
    anchored at the configuration folder (or the current folder, for relative paths).
    """
    given = _norm(path)
    if _glob_match(pattern, given) or _glob_match(pattern, os.path.basename(given)):
        return True
    if base is not None:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
        if rel != ".." and not rel.startswith(".." + os.sep) and _glob_match(pattern, _norm(rel)):
            return True
    return False


def origin_for(config: Config, path: str) -> str | None:
    """The origin of the first ``origins`` glob that :func:`matches` ``path``, else ``None``."""
    base = config.base_dir
    for glob, origin in config.origins:
        if matches(glob, path, base):
            return origin
    return None


def is_excluded(config: Config, path: str) -> bool:
    """True if an ``exclude`` glob :func:`matches` ``path``."""
    base = config.base_dir
    return any(matches(glob, path, base) for glob in config.exclude)
