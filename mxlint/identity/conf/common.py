"""What every server configuration reader shares: the declarations it returns, the problems it
reports, and the reader that loads configuration files and resolves their includes inside the
repository (as the server would, then by deployment-path suffix)."""

from __future__ import annotations

import fnmatch
import glob
import itertools
import os
import posixpath
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import dns.exception
import dns.name

from mxlint import safeopen

# What a configuration file looks like to the server that reads it: ``None`` when it does,
# else why not (``"a YAML list item, not NSD syntax (line 4)"``).
Shape = Callable[[str], str | None]

MAX_INCLUDE_DEPTH = 16
MAX_FILES = 500
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_NESTING = 64
MAX_INDEX_FILES = 200_000
SNIFF_BYTES = 8192
_SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "node_modules", "__pycache__", ".tox"})

KINDS = {
    "master": "primary",
    "primary": "primary",
    "slave": "secondary",
    "secondary": "secondary",
    "hint": "hint",
    "stub": "stub",
    "forward": "forward",
    "static-stub": "static-stub",
    "redirect": "redirect",
    "mirror": "mirror",
}


@dataclass(frozen=True)
class ZoneDecl:
    origin: dns.name.Name
    file: str | None
    kind: str
    server: str
    conf: str
    line: int
    view: str | None = None
    zone_class: str = "IN"
    file_format: str = "text"
    in_view: str | None = None
    file_raw: str | None = None


@dataclass(frozen=True)
class ConfProblem:
    path: str
    line: int
    message: str


@dataclass
class Reader:
    root: str
    top_dir: str
    problems: list[ConfProblem] = field(default_factory=list)
    read: set[str] = field(default_factory=set)
    count: int = 0
    total: int = 0
    _index: list[tuple[str, tuple[str, ...]]] | None = None
    _real_root: str = ""

    def __post_init__(self) -> None:
        self._real_root = os.path.realpath(self.root)

    def problem(self, path: str, line: int, message: str) -> None:
        self.problems.append(ConfProblem(path, line, message))

    def includes(
        self, target: str, bases: list[str], path: str, line: int, stack: list[str], said: str
    ) -> Iterator[str]:
        """The files an include of ``target`` (written ``said``, as the server's grammar spells
        the statement) reads, in order; a missing file, a loop or too deep a nesting is a
        problem at ``path:line`` instead."""
        files = self.resolve(target, bases, path)
        if not files and not glob.has_magic(target):
            self.problem(path, line, f'{said} "{target}": no such file in the repository')
        for f in files:
            if os.path.realpath(f) in stack:
                self.problem(path, line, f'{said} "{target}" includes itself again: loop skipped')
                continue
            if len(stack) > MAX_INCLUDE_DEPTH:
                self.problem(path, line, f"includes nested deeper than {MAX_INCLUDE_DEPTH}")
                return
            yield f

    def inside(self, path: str) -> bool:
        real = os.path.realpath(path)
        return real == self._real_root or real.startswith(self._real_root.rstrip(os.sep) + os.sep)

    def load(
        self, path: str, where: tuple[str, int] | None, shape: Shape | None = None
    ) -> str | None:
        """The text of a configuration file, or None with a problem said at `where`: also
        when it is a template, or when ``shape`` says the server would not read it as its
        configuration (a playbook or a script that an include's glob reached)."""
        at_path, at_line = where if where else (path, 0)
        if self.count >= MAX_FILES:
            self.problem(at_path, at_line, f"more than {MAX_FILES} configuration files: stopped")
            return None
        if not self.inside(path):
            self.problem(at_path, at_line, f"{path} is outside {self.root}: not read")
            return None
        try:  # a regular file only, never blocking (a FIFO named named.conf), size-bounded
            data = safeopen.read_head(path, MAX_FILE_BYTES + 1)
        except safeopen.UnsafeFile as e:
            self.problem(at_path, at_line, f"{e}: not read as a configuration")
            return None
        except OSError as e:
            self.problem(at_path, at_line, f"cannot read {path}: {e.strerror or e}")
            return None
        if len(data) > MAX_FILE_BYTES:
            self.problem(path, 0, f"larger than {MAX_FILE_BYTES} bytes: not read")
            return None
        self.total += len(data)
        if self.total > MAX_TOTAL_BYTES:
            self.problem(at_path, at_line, f"more than {MAX_TOTAL_BYTES} bytes of configuration")
            return None
        if b"\x00" in data:
            self.problem(at_path, at_line, f"{path} is binary data, not a configuration: not read")
            return None
        text = data.decode("utf-8", "replace")
        why = template_marker(text)
        if why is None and shape is not None:
            why = shape(text)
        if why is not None:
            self.problem(at_path, at_line, f"{path} is {why}: not read as a configuration")
            return None
        self.count += 1
        self.read.add(os.path.realpath(path))
        return text

    def index(self) -> list[tuple[str, tuple[str, ...]]]:
        if self._index is None:
            found: list[tuple[str, tuple[str, ...]]] = []
            for dirpath, dirnames, filenames in os.walk(self.root):
                dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
                for name in sorted(filenames):
                    p = os.path.join(dirpath, name)
                    found.append((p, components(p)))
                    if len(found) >= MAX_INDEX_FILES:
                        break
                if len(found) >= MAX_INDEX_FILES:
                    break
            self._index = found
        return self._index

    def resolve(self, pattern: str, bases: Sequence[str], near: str) -> list[str]:
        """Files inside root that an include of `pattern` means, in reading order."""
        magic = glob.has_magic(pattern)
        tries = [pattern] if os.path.isabs(pattern) else [os.path.join(b, pattern) for b in bases]
        for candidate in tries:
            candidate = os.path.normpath(candidate)
            if not self.inside(os.path.dirname(candidate) or "."):
                continue
            hits = sorted(glob.glob(candidate)) if magic else [candidate]
            hits = [h for h in hits if os.path.isfile(h) and self.inside(h)]
            if hits:
                return hits
        # A deployment path: the repository's files that end like it.
        want = components(pattern)
        if not want:
            return []
        # A glob component matches any name: the suffix must hold a literal one too, or
        # "/etc/nsd/nsd.conf.d/*" would name every file of the repository.
        needed = 1 + sum(1 for _ in itertools.takewhile(glob.has_magic, reversed(want)))
        best = 0
        chosen: list[str] = []
        for path, comps in self.index():
            n = suffix_len(want, comps, magic)
            if n < needed or n < best:
                continue
            if n > best:
                best, chosen = n, []
            chosen.append(path)
        if magic or len(chosen) <= 1:
            return chosen
        # Several files end like one plain include: the one nearest the including file.
        near_c = components(os.path.abspath(near))
        return [max(chosen, key=lambda p: (prefix_len(near_c, components(os.path.abspath(p))), p))]


def components(path: str) -> tuple[str, ...]:
    path = path.replace("\\", "/")
    parts = posixpath.normpath(path).split("/")
    return tuple(p for p in parts if p not in ("", ".", ".."))


def suffix_len(want: tuple[str, ...], have: tuple[str, ...], magic: bool = False) -> int:
    n = 0
    while n < len(want) and n < len(have):
        w, h = want[-1 - n], have[-1 - n]
        if not (fnmatch.fnmatchcase(h, w) if magic else w == h):
            break
        n += 1
    return n


def prefix_len(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def zone_origin(text: str, path: str, line: int, reader: Reader) -> dns.name.Name | None:
    try:
        return dns.name.from_text(text, origin=dns.name.root)
    except (dns.exception.DNSException, ValueError) as e:
        reader.problem(path, line, f'zone name "{text}" is not a domain name: {e}')
        return None


def join(base: str | None, path: str) -> str:
    """`path` as the server opens it from `base` (its working folder), tidied (no ./, //)."""
    if base and not path.startswith("/"):
        path = posixpath.join(base, path)
    return posixpath.normpath(path) if path else path


# Placeholders of the template languages configurations are kept in (Jinja, ERB, Go, envsubst),
# looked for outside comments. No server reads them: such a file is a template, no evidence.
_CONF_TEMPLATE = re.compile(r"\{\{|\{%|<%|\$\{[A-Za-z_][A-Za-z0-9_]*\}")
_CONF_COMMENT = re.compile(r"(?:^|(?<=\s))(?:#(?![{%])|//).*$")


def template_marker(text: str) -> str | None:
    """Why ``text`` is a template rather than a configuration (``None``: it is not)."""
    for lineno, line in enumerate(text.splitlines(), 1):
        code = _CONF_COMMENT.sub("", line)
        m = _CONF_TEMPLATE.search(code)
        if m is not None:
            return f"a template ({m.group()} at line {lineno})"
    return None
