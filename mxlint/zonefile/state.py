"""What the loader's parts share: the state of the file being read, the errors a statement
raises, and the helpers that read a word or its place.
"""

from __future__ import annotations

import re
from typing import Final, cast

import dns.exception
import dns.name
import dns.tokenizer

from mxlint._dnspython import syntax_error as _syntax
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
