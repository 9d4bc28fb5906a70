"""Reading a zone file's bytes: regular files only, bounded in size, decoded as UTF-8
(the limits of :mod:`mxlint.limits`), or the text an editor or ``--fix`` gives instead.

BIND reads bytes, and old zones carry Latin-1 in their comments: a byte that is not UTF-8
inside a comment is read as U+FFFD (a comment means nothing to a server), never a reason to
drop the file. Outside a comment (a raw byte in a name or a string) it stays one error at its
place: what the server makes of it is not what the file's author can have meant in text."""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Mapping
from typing import Final

from mxlint.limits import DEFAULT as DEFAULT_LIMITS
from mxlint.safeopen import file_kind
from mxlint.zonefile.lexical import comment_start

# --------------------------------------------------------------------------- reading files


class LimitExceeded(Exception):
    """A limit of :mod:`mxlint.limits` was hit: ``limit-exceeded`` at ``line``, ``col``."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.col = col


_CHUNK: Final = 1 << 20


def _too_big(max_bytes: int) -> str:
    return (
        f"the file is larger than {max_bytes:,} bytes, so mxlint did not read it; "
        + DEFAULT_LIMITS.with_values({"file-bytes": max_bytes}).how_to_raise("file-bytes")
    )


def read_text(
    path: str, max_bytes: int = DEFAULT_LIMITS.file_bytes
) -> tuple[str | None, str | None, int, int]:
    """Read ``path`` as UTF-8 zone text: ``(text, None, 0, 0)`` or ``(None, why, line, col)``.

    Only regular files are read: the file is opened without blocking (a FIFO would wait for a
    writer forever) and checked with ``fstat``, so pipes and devices (``/dev/zero``) are
    refused. It is read in chunks and decoded as it comes (NUL bytes and bad UTF-8 found on
    the way), so the bytes and the text are never held whole at once. More than ``max_bytes``
    raises :class:`LimitExceeded`.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        return None, "is a folder, not a zone file", 1, 1
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}", 1, 1
    try:
        st = os.fstat(fd)
        mode = st.st_mode
        if stat.S_ISDIR(mode):
            return None, "is a folder, not a zone file", 1, 1
        if not stat.S_ISREG(mode):
            return None, f"is {file_kind(mode)}; mxlint reads only regular files", 1, 1
        if st.st_size > max_bytes:
            raise LimitExceeded(_too_big(max_bytes))
        return _decode_stream(fd, max_bytes)
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}", 1, 1
    finally:
        os.close(fd)


def decode(data: bytes) -> tuple[str | None, str | None, int, int]:
    """Zone file bytes already in memory (standard input) as text, as :func:`read_text`."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        return None, "is a binary file (it contains NUL bytes), not a zone file", line, 1
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _outside_comments(data)
    return text.removeprefix("\ufeff"), None, 0, 0


def _decode_stream(fd: int, max_bytes: int) -> tuple[str | None, str | None, int, int]:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    parts: list[str] = []
    total = 0
    lines = 0  # newlines before this chunk
    final = False
    while not final:
        chunk = os.read(fd, _CHUNK)
        final = not chunk
        total += len(chunk)
        if total > max_bytes:
            raise LimitExceeded(_too_big(max_bytes), lines + 1)
        nul = chunk.find(b"\x00")
        if nul >= 0:
            line = lines + chunk.count(b"\n", 0, nul) + 1
            return None, "is a binary file (it contains NUL bytes), not a zone file", line, 1
        try:
            parts.append(decoder.decode(chunk, final))
        except UnicodeDecodeError:
            # Not UTF-8 somewhere: read the file whole (it is within max_bytes) and judge each
            # such byte by where it is (only this rare path holds the bytes and the text at once).
            os.lseek(fd, 0, os.SEEK_SET)
            data = b"".join(iter(lambda: os.read(fd, _CHUNK), b""))
            if len(data) > max_bytes:
                raise LimitExceeded(_too_big(max_bytes)) from None
            return decode(data)
        lines += chunk.count(b"\n")
        del chunk
    if parts and parts[0].startswith("\ufeff"):
        parts[0] = parts[0][1:]
    text = "".join(parts)
    return text, None, 0, 0


def _read(
    path: str, overrides: Mapping[str, str] | None, max_bytes: int = DEFAULT_LIMITS.file_bytes
) -> tuple[str | None, str | None, int, int]:
    if overrides:
        text = overrides.get(os.path.realpath(path))
        if text is not None:
            return text, None, 0, 0
    return read_text(path, max_bytes)


def _byte_escape(exc: UnicodeError) -> tuple[str, int]:
    """A ``codecs`` error handler: each byte that is not UTF-8 as its ``\\DDD`` escape (after
    a backslash that escapes it, as the digits that complete that escape)."""
    assert isinstance(exc, UnicodeDecodeError)
    data, start = exc.object, exc.start
    bad = data[start : exc.end]
    escapes = [f"\\{b:03d}" for b in bad]
    slashes = len(data[:start]) - len(data[:start].rstrip(b"\\"))
    if slashes % 2:  # the byte is escaped already (a backslash, then the byte): the same byte
        escapes[0] = escapes[0][1:]
    return "".join(escapes), exc.end


codecs.register_error("mxlint-byte-escape", _byte_escape)


def _outside_comments(data: bytes) -> tuple[str | None, str | None, int, int]:
    """``data``, which is not UTF-8, as text read the way BIND reads it.

    BIND reads a zone file as bytes: a byte that is not UTF-8 is that byte, inside a quoted
    string (a Latin-1 ``"Café"``: the TXT holds byte 233) and in a name (a label byte, which
    ``check-names`` may warn about) alike. So such a byte outside a comment is read as its
    ``\\DDD`` escape, which names and strings read as the same byte (a column after it on
    its line counts the escape's four characters). In a comment it is read as U+FFFD: a
    comment is not data.
    """
    out: list[str] = []
    for raw in data.split(b"\n"):
        try:
            out.append(raw.decode("utf-8"))
            continue
        except UnicodeDecodeError as exc:
            bad = exc.start
        line = raw.decode("utf-8", "replace")
        at = len(raw[:bad].decode("utf-8", "replace"))  # the first bad byte's index in line
        start = comment_start(line)
        if start < 0 or start > at:
            line = raw.decode("utf-8", "mxlint-byte-escape")
        out.append(line)
    return "\n".join(out).removeprefix("\ufeff"), None, 0, 0
