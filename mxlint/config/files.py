"""Reading a configuration file: YAML (strict: no aliases, no duplicate keys, bounded nesting)
or ``[tool.mxlint]`` of a pyproject.toml, each with a locator that finds the line of a key.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from mxlint._patterns import lazy
from mxlint.config.schema import ConfigError, _kind, _Locator

if TYPE_CHECKING:
    import yaml


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
_HEADER_RE = lazy(r"^\[\[?\s*(.+?)\s*\]\]?\s*(?:#.*)?$")


_BARE_KEY_RE = lazy(r"[A-Za-z0-9_-]+")


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
            m = _BARE_KEY_RE.match(text, i)
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
                m = _HEADER_RE.match(s)
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
