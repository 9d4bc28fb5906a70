"""What the loader's parts share: :class:`Load` (the zone being filled, the options, the state
of the file being read and of the files including it, the problems said), the errors a
statement raises, and the helpers that read a word or its place. No parsing here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final, cast

import dns.exception
import dns.name
import dns.tokenizer

from mxlint._dnspython import syntax_error as _syntax
from mxlint.limits import DEFAULT as DEFAULT_LIMITS
from mxlint.limits import Limits, cap_message, shorten
from mxlint.model import (
    Problem,
    Zone,
    owner_key,
)
from mxlint.zonefile import dialects
from mxlint.zonefile.reader import LimitExceeded
from mxlint.zonefile.tokenizer import FastTokenizer, LocatedToken


def _pos(token: dns.tokenizer.Token) -> tuple[int, int]:
    """Line and column of a token from :class:`FastTokenizer` (always a LocatedToken)."""
    t = cast(LocatedToken, token)
    return t.line, t.col


def _word(tok: FastTokenizer, missing: str) -> dns.tokenizer.Token:
    """The next token, which must be a word; else a syntax error saying what is ``missing``."""
    token = tok.get()
    if not token.is_identifier():
        raise _syntax(missing)
    return token


class _Dialect(dns.exception.SyntaxError):
    """What BIND refuses but another server accepts (``feature``, a key of
    :data:`mxlint.zonefile.bindcompat.DIALECTS`): the problem's kind is ``dialect:feature``,
    and rule ``syntax-error`` decides from the server that loads the zone."""

    def __init__(self, message: str, feature: str) -> None:
        super().__init__(message)  # type: ignore[no-untyped-call]
        self.feature = feature


_NO_TTL: Final = (
    'this record has no TTL and none is set before it; put "$TTL 3600" (or the TTL you '
    "mean) at the top of the file (a fragment that another zone file $INCLUDEs is linted "
    "through that file: lint the including zone, or give it with --context)"
)


class _SkipLine(Exception):
    """A statement was rejected after its end of line was already read."""

    def __init__(self, message: str, line: int, col: int, kind: str = "syntax") -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.kind = kind


class _State:
    """Where the reader is in one file (written out: see :mod:`mxlint._value`)."""

    __slots__ = (
        "current_origin",
        "default_ttl",
        "default_ttl_from_soa",
        "default_ttl_known",
        "include_line",
        "last_name",
        "last_ttl",
        "last_ttl_known",
        "path",
        "real",
        "stack",
        "tok",
    )

    def __init__(
        self,
        tok: FastTokenizer,
        path: str,  # as displayed
        real: str,  # resolved, for include checks
        current_origin: dns.name.Name,
        # the last owner written: a Name, or an absolute plain text (see model.plain_name)
        last_name: dns.name.Name | str | None,
        last_ttl: int = 0,
        last_ttl_known: bool = False,
        default_ttl: int = 0,
        default_ttl_known: bool = False,
        default_ttl_from_soa: bool = False,
        include_line: int = 0,
        stack: list[str] | None = None,
    ) -> None:
        self.tok = tok
        self.path = path
        self.real = real
        self.current_origin = current_origin
        self.last_name = last_name
        self.last_ttl = last_ttl
        self.last_ttl_known = last_ttl_known
        self.default_ttl = default_ttl
        self.default_ttl_known = default_ttl_known
        self.default_ttl_from_soa = default_ttl_from_soa
        self.include_line = include_line
        self.stack: list[str] = [] if stack is None else stack


# --------------------------------------------------------------------------- include state


def _back_from(included: _State, including: _State) -> _State:
    """The including file's state when an ``$INCLUDE``d file ends: its origin and current
    owner come back, but the TTLs the included file set go on, as named reads it (a zone
    whose ``$TTL`` is in the included file loads)."""
    including.last_ttl, including.last_ttl_known = included.last_ttl, included.last_ttl_known
    including.default_ttl = included.default_ttl
    including.default_ttl_known = included.default_ttl_known
    including.default_ttl_from_soa = included.default_ttl_from_soa
    return including


def _clean_message(exc: BaseException) -> str:
    msg = str(exc) or type(exc).__doc__ or type(exc).__name__
    msg = re.sub(r"^caught exception <class '[\w.]+'>: ", "", msg)
    # dnspython names the token it found by its type number: 'expected EOL or EOF, got 3 "x"'.
    msg = msg.replace("expected EOL or EOF", "expected the end of the record")
    msg = re.sub(r'\bgot \d+ (?=")', "found ", msg)
    if isinstance(exc, dns.exception.UnexpectedEnd) and not str(exc):
        msg = "the record ends too early (a field is missing)"
    if msg == "newline in quoted string":
        msg = 'a quoted string is not closed before the end of the line; add the closing "'
    return msg.strip().rstrip(".")


class Load:
    """What the parts of one load share: the zone being filled and the options it was asked
    with, the state of the file being read (``s``) and of the files that include it
    (``saved``), and the problems said so far."""

    def __init__(
        self,
        zone: Zone,
        origin: dns.name.Name,
        *,
        limits: Limits = DEFAULT_LIMITS,
        overrides: Mapping[str, str] | None = None,
        keep_all: bool = False,
        progress: Callable[[int], None] | None = None,
        server: Callable[[], str | None] | None = None,
    ) -> None:
        self.zone = zone
        # Finds the server that loads the zone (mxlint.identity.dialect), asked only when a
        # line reads differently there (mxlint.zonefile.dialects); None: BIND's reading.
        self._find_server = server
        self._server_known = server is None
        self.zone_origin = origin
        self.limits = limits
        self.overrides: Mapping[str, str] = overrides or {}
        self.keep_all = keep_all  # keep every record's rdata (mxlint.stages.serial compares them)
        # The owner of the record statement being read, once read (None before: a statement
        # that fails there leaves unknown which name it was for).
        self.line_owner: dns.name.Name | str | None = None
        self.progress = progress
        self.saved: list[_State] = []
        self.s: _State  # set by Reader.read()
        self._no_ttl: dict[str, list[Any]] = {}
        # An owner written absolute with at least this many labels might repeat the origin.
        self._repeat_labels = 2 * (len(origin.labels) - 1)

    def server(self) -> str | None:
        """The server that loads the zone (None: BIND, assumed), found on first use and kept
        as the zone's ``server``."""
        if not self._server_known:
            self._server_known = True
            assert self._find_server is not None
            self.zone.server = self._find_server()
        return self.zone.server

    def as_server_reads(self, text: str, file_origin: dns.name.Name) -> str:
        """A file's ``text`` as the server that loads it reads it, where that differs from
        BIND and mxlint knows the rule (:mod:`mxlint.zonefile.dialects`)."""
        if dialects.may_use_gdnsd_origins(text) and self.server() == dialects.GDNSD:
            return dialects.gdnsd_origins(text, self.zone_origin, file_origin)
        return text

    def problem(
        self, message: str, line: int, col: int = 1, path: str | None = None, kind: str = "syntax"
    ) -> None:
        p = Problem(
            path or self.s.path, line, col, cap_message(message, self.limits.echo_chars), kind
        )
        if kind != "out-of-zone":  # (servers ignore those records: nothing is hidden)
            owner = self.line_owner  # the record's owner, when it was read before it failed
            if owner is not None:
                # what that name holds is not known here; the rest of the zone is
                self.zone.unloaded_owners.add(owner_key(owner))
            elif not kind.startswith("dialect:"):
                self.zone.read_whole = False  # a statement of unknown meaning did not load
        if message == _NO_TTL:  # (not "is": a compiled module holds its own copy of a Final)
            # Said once per file, with a count: a fragment read on its own has no TTL on
            # every line, and one diagnostic says it all.
            first = self._no_ttl.get(p.path)
            if first is not None:
                first[1] += 1
                return
            self._no_ttl[p.path] = [p, 0]
        if not self.zone.problems or self.zone.problems[-1] != p:
            self.zone.problems.append(p)

    def finish(self) -> None:
        for p, more in self._no_ttl.values():
            if more:
                p.message += (
                    f" ({more} more record{'s' if more > 1 else ''} in this file "
                    + ("have" if more > 1 else "has")
                    + " no TTL either)"
                )

    def exceeded(self, exc: LimitExceeded) -> None:
        """A limit was hit: one ``limit-exceeded`` diagnostic at the place that hit it."""
        self.zone.exceeded.append(Problem(self.s.path, exc.line, exc.col, str(exc)))

    def unread(self, message: str, line: int, col: int) -> None:
        """An ``$INCLUDE`` that cannot be read here: the zone is not complete (a problem of
        kind ``include``, which ``zone-identity`` reports once per file)."""
        self.zone.read_all = False
        self.problem(message, line, col, kind="include")

    def show(self, text: str) -> str:
        return shorten(text, self.limits.echo_chars)

    def implicit_ttl(self) -> int | None:
        s = self.s
        if s.last_ttl_known and (not s.default_ttl_known or s.default_ttl_from_soa):
            return s.last_ttl
        if s.default_ttl_known:
            return s.default_ttl
        return None

    def written_absolute(self, text: str, line: int) -> None:
        """Remember an owner written with its final dot whose labels could repeat the origin
        (``www.example.com.example.com.``, meant as written): ``missing-trailing-dot`` must not
        call it a dot that was forgotten. Rare, so a set of places, not a field per record."""
        if text[-1:] == "." and text.count(".") >= self._repeat_labels:
            self.zone.absolute_owners.add((self.s.path, line))
