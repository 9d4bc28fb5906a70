"""Turn the paths on the command line into the list of zone files to read.

A file named explicitly is always linted, whatever its name. A folder is walked recursively
(hidden folders skipped) for files that look like zones: ``*.zone``, ``*.db``, ``db.*``, or
content that starts like a zone file.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence

ZONE_GLOBS = ("*.zone", "*.db", "db.*")
_SNIFF_BYTES = 4096
_DIRECTIVE = re.compile(rb"^\$(ORIGIN|TTL|INCLUDE|GENERATE)\b", re.I)
_SOA = re.compile(rb"^\S*\s+(?:\d\w*\s+)?(?:IN\s+)?(?:\d\w*\s+)?SOA\s", re.I)


def looks_like_zone(path: str) -> bool:
    """A zone's name, or a regular file whose start looks like a zone file.

    The file is opened without blocking and only a regular file is read: a named pipe in the
    folder must not hang the walk (one named like a zone is yielded, and the loader says why
    it is not read).
    """
    name = os.path.basename(path)
    if any(fnmatch.fnmatch(name.lower(), g) for g in ZONE_GLOBS):
        return True
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        head = os.read(fd, _SNIFF_BYTES)
    except OSError:
        return False
    finally:
        os.close(fd)
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


def walk(
    folder: str, excluded: Excluded = _never, errors: list[str] | None = None
) -> Iterator[str]:
    """Zone-looking files below ``folder``, sorted, as paths joined onto ``folder``.

    A folder that cannot be read (the top one or any below it) is added to ``errors`` as
    ``"path: reason"``, never skipped without a word.

    A symbolic link that leads out of ``folder`` is skipped: a pull request must not make CI
    read (and echo in syntax errors) ``/etc/shadow`` by adding ``evil.zone`` pointing there.
    A file named explicitly on the command line is read wherever it points.
    """
    top = os.path.realpath(folder)

    def unreadable(exc: OSError) -> None:
        where = exc.filename if exc.filename is not None else folder
        if errors is not None and not excluded(os.fspath(where)):
            errors.append(f"{os.fspath(where)}: {exc.strerror or exc}")

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = os.path.join(root, name)
            if os.path.islink(path) and not _below(os.path.realpath(path), top):
                continue
            if not excluded(path) and looks_like_zone(path):
                yield path


def _below(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


def expand(
    paths: Sequence[str], excluded: Excluded = _never, errors: list[str] | None = None
) -> tuple[list[str], list[str]]:
    """``(files, missing)``: every explicit file plus the zones found in folders.

    ``excluded`` filters what folders yield and what is named explicitly alike, so that a
    pre-commit hook passing an excluded file by name does not lint it either. Folders that
    cannot be read are added to ``errors`` (see :func:`walk`).
    """
    files: list[str] = []
    missing: list[str] = []
    seen: set[str] = set()
    for p in paths:
        if os.path.isdir(p):
            found = list(walk(p, excluded, errors))
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
