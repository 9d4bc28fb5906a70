"""Turn the paths on the command line into the list of zone files to read.

A file named explicitly is always linted, whatever its name. A folder is walked recursively
(hidden folders skipped) for files that look like zones: ``*.zone``, ``*.db``, ``db.*``, or
content that starts like a zone file; ``--fix`` temporary files are skipped.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Iterator, Sequence

ZONE_GLOBS = ("*.zone", "*.db", "db.*")
# ``--fix`` writes through temporary files named ``.mxlint-tmp-*.tmp`` (before, ``.mxlint-*``);
# one left behind by a killed run holds zone text but is never a zone to lint.
FIX_TEMP_PREFIX = ".mxlint-"
_SNIFF_BYTES = 4096
_DIRECTIVE = re.compile(rb"^\$(ORIGIN|TTL|INCLUDE|GENERATE)\b", re.I)
_SOA = re.compile(rb"^\S*\s+(?:\d\w*\s+)?(?:IN\s+)?(?:\d\w*\s+)?SOA\s", re.I)


def looks_like_zone(path: str) -> bool:
    name = os.path.basename(path)
    if any(fnmatch.fnmatch(name.lower(), g) for g in ZONE_GLOBS):
        return True
    try:
        with open(path, "rb") as f:
            head = f.read(_SNIFF_BYTES)
    except OSError:
        return False
    if b"\x00" in head:
        return False
    for line in head.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(b";"):
            continue
        return bool(_DIRECTIVE.match(stripped) or _SOA.match(line))
    return False


Excluded = Callable[[str], bool]


def _never(path: str) -> bool:
    return False


def walk(folder: str, excluded: Excluded = _never) -> Iterator[str]:
    """Zone-looking files below ``folder``, sorted, as paths joined onto ``folder``.

    A symbolic link that leads out of ``folder`` is skipped: a pull request must not make CI
    read (and echo in syntax errors) ``/etc/shadow`` by adding ``evil.zone`` pointing there.
    A file named explicitly on the command line is read wherever it points.
    """
    top = os.path.realpath(folder)
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(FIX_TEMP_PREFIX):
                continue
            path = os.path.join(root, name)
            if os.path.islink(path) and not _below(os.path.realpath(path), top):
                continue
            if not excluded(path) and looks_like_zone(path):
                yield path


def _below(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


def expand(paths: Sequence[str], excluded: Excluded = _never) -> tuple[list[str], list[str]]:
    """``(files, missing)``: every explicit file plus the zones found in folders.

    ``excluded`` filters what folders yield and what is named explicitly alike, so that a
    pre-commit hook passing an excluded file by name does not lint it either.
    """
    files: list[str] = []
    missing: list[str] = []
    seen: set[str] = set()
    for p in paths:
        if os.path.isdir(p):
            found = list(walk(p, excluded))
        elif os.path.exists(p):
            found = [] if excluded(p) else [p]
        else:
            missing.append(p)
            continue
        for f in found:
            key = os.path.realpath(f)
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, missing
