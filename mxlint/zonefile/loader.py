"""Load one zone file into a :class:`~mxlint.model.Zone`, keeping what dnspython throws away.

dnspython stays the parser of record: its tokenizer grammar, TTL/class/type parsing and rdata
classes decide what is valid. The loader replaces only the outer loop of
``dns.zonefile.Reader`` so that it can

- remember where each record was written (file, line, column, tokens as spelt),
- keep duplicates and per-record TTLs instead of merging them into rdatasets,
- report every syntax error and go on with the next statement,
- report records outside the origin instead of dropping them,
- read ``$INCLUDE`` relative to the including file, and only inside the allowed roots.

The statement grammar mirrors ``dns.zonefile.Reader._rr_line`` (in :mod:`.statements`) and
``_generate_line`` (in :mod:`.directives`) of dnspython 2.7-2.9 (hence the pinned range in
pyproject.toml; :mod:`mxlint._dnspython` holds what was compared).

This module holds the entry, :func:`load_zone`, and the statement loop (:class:`Reader`): each
statement goes to the parts that share one :class:`~.state.Load` (the zone, the options, the
file being read): :class:`~.fastpath.FastPath` (plain lines, read directly),
:class:`~.directives.DirectiveHandler` (``$`` directives, includes, ``$GENERATE``) or
:class:`~.statements.StatementParser` (the rest, through dnspython's parsers); an error is
reported and the loop goes on after the statement (:meth:`Reader._recover`).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Mapping, Sequence

import dns.exception
import dns.name
import dns.tokenizer

from mxlint.limits import DEFAULT as DEFAULT_LIMITS
from mxlint.limits import Limits
from mxlint.model import (
    Evidence,
    Problem,
    Zone,
)
from mxlint.zonefile.directives import DirectiveHandler, _directives
from mxlint.zonefile.fastpath import (
    FastPath,
)
from mxlint.zonefile.reader import LimitExceeded, _read
from mxlint.zonefile.state import (
    Load,
    _back_from,
    _clean_message,
    _Dialect,
    _pos,
    _SkipLine,
    _State,
)
from mxlint.zonefile.statements import StatementParser
from mxlint.zonefile.statements import kept_txt as kept_txt  # its old place, named in model.py
from mxlint.zonefile.tokenizer import FastTokenizer


def _close_quote(tok: FastTokenizer) -> None:
    """Leave a quoted string that an abandoned statement opened (as the stock tokenizer's
    state would be after its closing quote)."""
    if tok.quoting:
        tok.close_quote()


class Reader:
    """The statement loop over the files of one zone: each statement goes to the fast path,
    the directives or the statement parser, and an error is reported and skipped past."""

    def __init__(
        self,
        load: Load,
        include_roots: Sequence[str] | None,
        extra_roots: Sequence[str],
        fast: bool = True,
    ) -> None:
        self.load = load
        self.zone = load.zone
        self.fast = FastPath(load) if fast else None
        self.statements = StatementParser(load)
        self.directives = DirectiveHandler(load, include_roots, extra_roots)

    def read(self, text: str, real: str) -> None:
        load = self.load
        text = load.as_server_reads(text, load.zone_origin)
        tok = FastTokenizer(text, self.zone.path)
        # no owner yet: a first record that starts with a blank has none (BIND: "no current owner")
        load.s = _State(tok, self.zone.path, real, load.zone_origin, None)
        load.s.stack = [real]
        records = self.zone.records
        progress = load.progress
        max_records = load.limits.file_records
        fast = self.fast
        while True:
            if progress is not None and not len(records) & 0x1FFF:
                progress(len(records))
            if len(records) > max_records:
                # The zone is incomplete: no rule may judge it (it would raise false alarms).
                over = records[-1]
                self.zone.exceeded.append(
                    Problem(
                        over.path,
                        over.line,
                        1,
                        f"the zone has more than {max_records:,} records, so mxlint stopped "
                        "reading it here and checks none of it; "
                        + load.limits.how_to_raise("file-records"),
                    )
                )
                records.clear()
                return
            tok = load.s.tok
            if fast is not None and fast.run(tok):
                continue
            tok.stmt_tokens.clear()
            load.line_owner = None
            try:
                token = tok.get(True, True)
            except dns.exception.DNSException as exc:
                if tok.at_eof():
                    # An unclosed quote or parenthesis raises at every read of the end:
                    # report it once and end this file.
                    load.problem(_clean_message(exc), tok.line_number, 1)
                    token = dns.tokenizer.Token(dns.tokenizer.EOF)
                else:
                    self._recover(exc, tok.line_number, 1)
                    continue
            if token.is_eof():
                if not load.saved:
                    return
                load.s = _back_from(load.s, load.saved.pop())
                continue
            if token.is_eol():
                continue
            start_line, start_col = _pos(token)
            try:
                if token.is_comment():
                    tok.get_eol()
                elif token.is_identifier() and token.value.startswith("$"):
                    self.directives.directive(token.value.upper(), start_line)
                else:
                    tok.unget(token)
                    self.statements.rr_line(start_line, start_col)
            except _SkipLine as exc:
                load.problem(str(exc), exc.line, exc.col, kind=exc.kind)
            except LimitExceeded as exc:
                load.exceeded(exc)
            except Exception as exc:  # dnspython's rdata parsers raise many kinds
                last = tok.stmt_tokens[-1] if tok.stmt_tokens else None
                line, col = _pos(last) if last is not None else (start_line, start_col)
                self._recover(exc, line, col)

    def _recover(self, exc: BaseException, line: int, col: int) -> None:
        """Report ``exc`` and skip to the end of the statement it happened in."""
        tok = self.load.s.tok
        message = _clean_message(exc)
        if tok.multiline > 0 and "parenthes" not in message:
            message += ' (an unclosed "(" earlier joins the following lines to this record)'
        kind = f"dialect:{exc.feature}" if isinstance(exc, _Dialect) else "syntax"
        self.load.problem(message, line, col, kind=kind)
        # The statement is abandoned, and with it any quoted string it left open: otherwise
        # every following line would be read as the inside of that string.
        _close_quote(tok)
        if tok.last_was_eol():
            return
        for _ in range(1_000_000):
            try:
                t = tok.get()
            except dns.exception.DNSException:
                if tok.at_eof():
                    tok.multiline = 0
                    return
                _close_quote(tok)
                continue
            if t.is_eof():
                tok.unget(t)
                return
            if t.is_eol():
                return


def load_zone(
    path: str,
    origin: dns.name.Name | str | None = None,
    *,
    evidence: Evidence | None = None,
    text: str | None = None,
    include_roots: Sequence[str] | None = None,
    extra_include_roots: Sequence[str] = (),
    context: bool = False,
    overrides: Mapping[str, str] | None = None,
    fast: bool = True,
    progress: Callable[[int], None] | None = None,
    keep_all_rdata: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    infer: Callable[[str, str], tuple[dns.name.Name, Evidence]] | None = None,
    server: Callable[[], str | None] | None = None,
) -> Zone:
    """Load the zone file at ``path``; problems are collected, never raised.

    ``origin`` (with the ``evidence`` for it) is normally decided by :mod:`mxlint.identity.zones`;
    without one, ``infer(path, text)`` decides it (:func:`mxlint.identity.zones.load_zone`
    passes :func:`mxlint.identity.origin.infer`: the file's own evidence). ``text`` is
    the file's content when the caller has already read it. ``include_roots`` defaults to the
    file's git work tree (or, outside one, the file's own folder); ``extra_include_roots``
    widens it. ``limits`` bounds the work (:mod:`mxlint.limits`). ``overrides`` maps resolved
    file paths to text read instead of the file (``--fix`` checks its edits that way; an
    included path found there need not exist). ``keep_all_rdata`` keeps the rdata of every
    record, not only of the types rules read (it takes dnspython's slower path). ``server``
    finds the server that loads the zone (:mod:`mxlint.identity.dialect`): asked only when a
    line reads differently there (:mod:`.dialects`); without it, the file is read as BIND
    reads it.
    """
    zone = Zone(path, None, files=[path], context=context)
    if text is None:
        try:
            text, why, line, col = _read(path, overrides, limits.file_bytes)
        except LimitExceeded as exc:
            zone.exceeded.append(Problem(path, exc.line, exc.col, str(exc)))
            return zone
        if text is None:
            zone.problems.append(Problem(path, line, col, f"{path} {why}"))
            return zone
    if isinstance(origin, str):
        try:
            origin = dns.name.from_text(origin)
        except dns.exception.DNSException as exc:
            zone.problems.append(Problem(path, 1, 1, f"origin {origin!r} is not a name: {exc}"))
            return zone
    if origin is None:
        if infer is None:
            raise TypeError("load_zone: no origin, and no infer to find one")
        origin, evidence = infer(path, text)
    zone.origin = origin
    if evidence is not None:
        zone.evidence = evidence
    _directives(zone, path, text)
    load = Load(
        zone,
        origin,
        limits=limits,
        overrides=overrides,
        keep_all=keep_all_rdata,
        progress=progress,
        server=server,
    )
    reader = Reader(load, include_roots, extra_include_roots, fast and not keep_all_rdata)
    # Records form no reference cycles: the cyclic collector would only rescan the growing
    # list again and again (a fifth of the load time on large zones).
    paused = gc.isenabled()
    gc.disable()
    try:
        reader.read(text, os.path.realpath(path))
    finally:
        if paused:
            gc.enable()
    load.finish()
    return zone
