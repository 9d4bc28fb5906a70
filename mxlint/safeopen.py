"""Every open is the safe open: regular files only, never blocking, size-bounded; globs that
never follow a link into a folder.

- :func:`read_bytes` / :func:`read_text`, and :func:`read_head` for the first bytes: open
  without blocking (a FIFO named like a zone, a server configuration or a baseline would
  otherwise hang the run), check with ``fstat`` that it is a regular file (not ``/dev/zero``,
  a FIFO, a socket or a folder), refuse one larger than ``max_bytes`` and read at most that
  much. A symbolic link to a regular file is read; a link loop fails (``ELOOP``) like any
  unreadable file.
- :func:`glob_files`: ``glob.glob(pattern, recursive=True)`` for files, except that ``**``
  never descends through a symbolic link to a folder (two committed links to ``.`` made a
  ``zones/**/*.zone`` run for ever) and at most ``limit`` paths are returned.

Used for every file a run reads that the user (or a pull request) wrote: the reporters, the
baseline, ``--fix``, the server configurations and their includes, the folder walk's sniffing
and the ``context:``/``server-configs:`` globs. (Zone files have their own streaming reader,
:func:`mxlint.zonefile.reader.read_text`, which opens them the same way.)
"""

from __future__ import annotations

import fnmatch
import os
import stat

__all__ = [
    "DEFAULT_MAX_BYTES",
    "UnsafeFile",
    "file_kind",
    "glob_files",
    "read_bytes",
    "read_head",
    "read_text",
]

#: The default bound for a file read whole (the zone files' own bound is a limit).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


class UnsafeFile(OSError):
    """A path that is not a regular file, or is too large; ``str()`` says which."""


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, for a message (``st_mode`` of ``fstat``)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _open_regular(path: str) -> tuple[int, os.stat_result]:
    """A descriptor of the regular file ``path``, opened without blocking, and its ``fstat``."""
    fd = os.open(path, _FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFile(f"{path} is {file_kind(st.st_mode)}; only regular files are read")
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def read_head(path: str, size: int) -> bytes:
    """At most the first ``size`` bytes of the regular file ``path`` (to sniff what it is);
    :class:`UnsafeFile` for anything but a regular file, ``OSError`` when it cannot be read."""
    fd, _ = _open_regular(path)
    try:
        chunks, got = [], 0
        while got < size:
            chunk = os.read(fd, min(1 << 20, size - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path``; :class:`UnsafeFile` (an ``OSError``) for
    anything else or for more than ``max_bytes``, ``OSError`` when it cannot be opened."""
    fd, st = _open_regular(path)
    try:
        if st.st_size > max_bytes:
            raise UnsafeFile(f"{path} is larger than {max_bytes:,} bytes")
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:  # it grew while read
            raise UnsafeFile(f"{path} is larger than {max_bytes:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: str, max_bytes: int = DEFAULT_MAX_BYTES, errors: str = "strict") -> str:
    """:func:`read_bytes` decoded as UTF-8 (a byte-order mark kept), newlines untranslated."""
    return read_bytes(path, max_bytes).decode("utf-8", errors)


_MAGIC = frozenset("*?[")


def glob_files(pattern: str, limit: int = 100_000) -> list[str]:
    """The regular files matching ``pattern`` (``*``, ``?``, ``[...]`` within one name, ``**``
    for any number of folders), sorted, at most ``limit``. Names starting with a dot match
    only a part that starts with a dot, as in :mod:`glob`. ``**`` does not follow links to
    folders; a link to a file is listed."""
    parts = pattern.replace(os.sep, "/").split("/")
    root = "/" if pattern.startswith("/") else ""
    if root:
        parts = parts[1:]
    found: list[str] = []
    seen: set[tuple[int, int]] = set()

    def matches(name: str, part: str) -> bool:
        if name.startswith(".") and not part.startswith("."):
            return False
        return fnmatch.fnmatchcase(name, part)

    def expand(base: str, rest: list[str], linked: bool) -> None:
        if len(found) >= limit:
            return
        if not rest:
            try:
                if stat.S_ISREG(os.stat(base).st_mode):
                    found.append(base)
            except OSError:
                pass
            return
        part, tail = rest[0], rest[1:]
        here = base or "."
        if part == "**":
            try:
                st = os.stat(here)
            except OSError:
                return
            if (st.st_dev, st.st_ino) in seen:
                return  # a folder already walked (through a link)
            seen.add((st.st_dev, st.st_ino))
            expand(base, tail, linked)
            try:
                entries = sorted(os.scandir(here), key=lambda e: e.name)
            except OSError:
                return
            for e in entries:  # never through a link into a folder
                if e.name.startswith(".") or not e.is_dir(follow_symlinks=False):
                    continue
                expand(os.path.join(base, e.name) if base else e.name, rest, False)
            return
        if not (_MAGIC & set(part)):
            path = os.path.join(base, part) if base else part
            expand(path, tail, linked or os.path.islink(path))
            return
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError:
            return
        for e in entries:
            if matches(e.name, part):
                path = os.path.join(base, e.name) if base else e.name
                expand(path, tail, linked or e.is_symlink())

    expand(root, parts, False)
    return sorted(found)[:limit]
