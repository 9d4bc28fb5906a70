"""Load one zone file into a :class:`~mxlint.model.Zone`, keeping what dnspython throws away.

dnspython stays the parser of record: its tokenizer grammar, TTL/class/type parsing and rdata
classes decide what is valid. This module replaces only the outer loop of
``dns.zonefile.Reader`` so that it can

- remember where each record was written (file, line, column, tokens as spelt),
- keep duplicates and per-record TTLs instead of merging them into rdatasets,
- report every syntax error and go on with the next statement,
- report records outside the origin instead of dropping them,
- read ``$INCLUDE`` relative to the including file, and only inside the allowed roots.

The statement grammar below mirrors ``dns.zonefile.Reader._rr_line`` and ``_generate_line``
of dnspython 2.7-2.9 (hence the pinned range in pyproject.toml; :mod:`mxlint._dnspython`
holds what was compared).
"""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import dns.exception
import dns.name
import dns.rdataclass
import dns.rdtypes.ANY.SOA
import dns.tokenizer
import dns.ttl

from mxlint._dnspython import syntax_error as _syntax
from mxlint.limits import DEFAULT as DEFAULT_LIMITS
from mxlint.limits import Limits, cap_message, shorten
from mxlint.model import (
    AAAA,
    MX,
    SOA,
    A,
    Evidence,
    OriginFix,
    Problem,
    Record,
    RecordData,
    Token,
    Tokens,
    Zone,
    plain_name,
)
from mxlint.zonefile import bindcompat
from mxlint.zonefile.directives import _directives, _meant_origin
from mxlint.zonefile.fastpath import (
    _BLANK_AT,
    _FAST_NAME,
    _FAST_TYPES,
    _IPV4,
    _LINE_AT,
    _MAX_TTL,
    _MISSING,
    _ML_LINE,
    _ML_MAX_LINES,
    _QUOTED,
    _SOA_STMT,
    _STMT,
    _TXT_LINE,
    _UINT32,
    _canonical_ipv6,
    _fast_name,
)
from mxlint.zonefile.generate import (
    _DATE,
    _generate_class,
    _generate_range,
    _generate_text,
)
from mxlint.zonefile.includes import _inside, default_include_root, deployed
from mxlint.zonefile.reader import LimitExceeded, _read
from mxlint.zonefile.state import (
    _NO_TTL,
    _back_from,
    _clean_message,
    _Dialect,
    _pos,
    _SkipLine,
    _State,
    _word,
)
from mxlint.zonefile.statements import (
    _DOLLARLESS,
    _SPF,
    _TXT,
    _misplaced_soa,
    _obsolete,
    _rdata_error,
    _rdtype,
    _read_rdata,
    _shape,
    _tokenizer_complaint,
    kept_txt,
)
from mxlint.zonefile.tokenizer import FastTokenizer

_IN = dns.rdataclass.IN


def _close_quote(tok: FastTokenizer) -> None:
    """Leave a quoted string that an abandoned statement opened (as the stock tokenizer's
    state would be after its closing quote)."""
    if tok.quoting:
        tok.close_quote()


class _Reader:
    def __init__(
        self,
        zone: Zone,
        origin: dns.name.Name,
        include_roots: Sequence[str] | None,
        extra_roots: Sequence[str],
    ) -> None:
        self.zone = zone
        self.zone_origin = origin
        self._include_roots = list(include_roots) if include_roots is not None else None
        self._extra_roots = [os.path.realpath(r) for r in extra_roots]
        self.saved: list[_State] = []
        self.s: _State  # set by read()
        self.overrides: Mapping[str, str] = {}
        self.fast = True
        self.keep_all = False  # keep every record's rdata (mxlint.stages.serial compares them)
        self.generated = 0  # records the $GENERATE lines made so far (one bound for all)
        self.progress: Callable[[int], None] | None = None
        self.limits: Limits = DEFAULT_LIMITS
        self._origin_key = b"\x00".join(origin.labels).lower()
        self._targets: dict[str, dns.name.Name | None] = {}
        self._targets_origin: dns.name.Name | None = None
        # MX rdata by (preference, exchange) text, read against the targets' origin, and
        # the compact MX tokens (see Record.tokens): shared by the records that repeat them
        self._mx_rdata: dict[tuple[str, str], tuple[int, dns.name.Name]] = {}
        self._mx_tokens: dict[Tokens, Tokens] = {}
        self._olen = 0
        self._no_ttl: dict[str, list[Any]] = {}
        # An owner written absolute with at least this many labels might repeat the origin.
        self._repeat_labels = 2 * (len(origin.labels) - 1)
        # The owner key of the last record: records under one owner share it (one bytes
        # object, not one per record).
        self._key_owner: dns.name.Name | str | None = None
        # ".<origin text>" while the current origin is plain (None: it is not), see _owner
        self._suffix: str | None = None
        self._key = b""
        self._stored: dns.name.Name | str | bytes = b""
        self._inside = True  # the owner of self._key is at or below the origin
        self._below = b"\x00" + self._origin_key

    # -- problems
    def problem(
        self, message: str, line: int, col: int = 1, path: str | None = None, kind: str = "syntax"
    ) -> None:
        p = Problem(
            path or self.s.path, line, col, cap_message(message, self.limits.echo_chars), kind
        )
        if message is _NO_TTL:
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

    def _unread(self, message: str, line: int, col: int) -> None:
        """An ``$INCLUDE`` that cannot be read here: the zone is not complete (a problem of
        kind ``include``, which ``zone-identity`` reports once per file)."""
        self.zone.read_all = False
        self.problem(message, line, col, kind="include")

    def _show(self, text: str) -> str:
        return shorten(text, self.limits.echo_chars)

    def include_roots(self) -> list[str]:
        if self._include_roots is None:
            self._include_roots = [default_include_root(self.zone.path)]
        return list(dict.fromkeys(self._include_roots + self._extra_roots))

    # -- the statement loop
    def read(self, text: str, real: str) -> None:
        tok = FastTokenizer(text, self.zone.path)
        self.s = _State(tok, self.zone.path, real, self.zone_origin, self.zone_origin)
        self.s.stack = [real]
        records = self.zone.records
        progress = self.progress
        max_records = self.limits.file_records
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
                        + self.limits.how_to_raise("file-records"),
                    )
                )
                records.clear()
                return
            tok = self.s.tok
            if self.fast and self._fast_run(tok):
                continue
            tok.stmt_tokens.clear()
            try:
                token = tok.get(True, True)
            except dns.exception.DNSException as exc:
                if tok.at_eof():
                    # An unclosed quote or parenthesis raises at every read of the end:
                    # report it once and end this file.
                    self.problem(_clean_message(exc), tok.line_number, 1)
                    token = dns.tokenizer.Token(dns.tokenizer.EOF)
                else:
                    self._recover(exc, tok.line_number, 1)
                    continue
            if token.is_eof():
                if not self.saved:
                    return
                self.s = _back_from(self.s, self.saved.pop())
                continue
            if token.is_eol():
                continue
            start_line, start_col = _pos(token)
            try:
                if token.is_comment():
                    tok.get_eol()
                elif token.is_identifier() and token.value.startswith("$"):
                    self._directive(token.value.upper(), start_line)
                else:
                    tok.unget(token)
                    self._rr_line(start_line, start_col)
            except _SkipLine as exc:
                self.problem(str(exc), exc.line, exc.col, kind=exc.kind)
            except LimitExceeded as exc:
                self.exceeded(exc)
            except Exception as exc:  # dnspython's rdata parsers raise many kinds
                last = tok.stmt_tokens[-1] if tok.stmt_tokens else None
                line, col = _pos(last) if last is not None else (start_line, start_col)
                self._recover(exc, line, col)

    def _recover(self, exc: BaseException, line: int, col: int) -> None:
        """Report ``exc`` and skip to the end of the statement it happened in."""
        tok = self.s.tok
        message = _clean_message(exc)
        if tok.multiline > 0 and "parenthes" not in message:
            message += ' (an unclosed "(" earlier joins the following lines to this record)'
        kind = f"dialect:{exc.feature}" if isinstance(exc, _Dialect) else "syntax"
        self.problem(message, line, col, kind=kind)
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

    # -- the fast path
    def _fast_run(self, tok: FastTokenizer) -> bool:
        """Read as many following lines as the fast path takes; True if it took any.

        Lines are cut from the text here (a CR LF ending is one line end; a line holding a
        lone CR, which also ends a line for dnspython, is left to the tokenizer).
        """
        start = tok.line_start()
        if start is None:
            return False
        text, pos, number = start
        first = pos
        n = len(text)
        fast_line = self._fast_line
        accept = self._accept
        line_at = _LINE_AT
        blank_at = _BLANK_AT
        progress = self.progress
        records = self.zone.records
        # At most one record per line: stop where the file-records limit could be passed.
        stop = number + max(self.limits.file_records - len(records), 0) + 1
        while pos < n and number < stop:
            m = line_at(text, pos)
            if m is not None and not accept(m, pos, number, None):
                break
            if m is None:
                m = blank_at(text, pos)  # no statement: nothing to read
            if m is not None:
                end = m.end()
                if end == n and text[end - 1 : end] != "\n":
                    pos = n  # the last line has no line end: the line number stays
                    break
                pos = end
                number += 1
                if progress is not None and not number & 0x1FFF:
                    progress(len(records))
                continue
            eol = text.find("\n", pos)
            line = text[pos:] if eol < 0 else text[pos:eol]
            if line and line[-1] == "\r":
                line = line[:-1]
            if "\r" in line:
                break
            if not fast_line(line, number):
                if "(" not in line:
                    break
                after = self._fast_multi(text, pos, number)
                if after is None:
                    break
                pos, number = after
                continue
            if eol < 0:
                pos = n  # the last line has no line end: the line number stays
                break
            pos = eol + 1
            number += 1
            if progress is not None and not number & 0x1FFF:
                progress(len(records))
        tok.seek_line(pos, number)
        return pos != first

    def _fast_multi(self, text: str, pos: int, number: int) -> tuple[int, int] | None:
        """Read a statement in parentheses spanning lines (SOA, TXT, MX ...) at ``pos``, line
        ``number``: its lines are joined, comments and the parentheses dropped, and read as
        one line by :meth:`_fast_line`, whose MX tokens get their places on the lines as
        written. Returns where the next line starts and its number; None leaves the
        statement to dnspython (nothing is changed then).
        """
        parts: list[str] = []
        starts: list[int] = []  # where each line's code starts in the joined statement
        length = 0
        p = pos
        for k in range(_ML_MAX_LINES):
            eol = text.find("\n", p)
            if eol < 0:
                return None  # the last line has no line end: dnspython decides
            line = text[p:eol]
            if "\r" in line:
                return None
            m = _ML_LINE(line)
            if m is None:
                return None
            code = m.group(1)
            opens, closes = code.count("("), code.count(")")
            if k == 0:
                # one "(" after the statement's first word; "(" first would make the next
                # word the owner for dnspython, not a blank owner
                if opens != 1 or closes or code[:1] in ("(", "$"):
                    return None
                code = code.replace("(", " ")
            else:
                if opens or closes > 1:
                    return None
                if closes:
                    end = code.index(")")
                    if code[end + 1 :].strip(" \t"):
                        return None  # words after ")": dnspython decides
                    code = code[:end]
                code = " " + code
            starts.append(length)
            parts.append(code)
            length += len(code)
            p = eol + 1
            if k and closes:
                break
        else:
            return None
        joined = "".join(parts)

        def where(i: int) -> tuple[int, int]:
            k = len(starts) - 1
            while starts[k] > i:
                k -= 1
            return number + k, i - starts[k] + (1 if k == 0 else 0)

        if not self._fast_line(joined, number, where):
            return None
        return p, number + len(parts)

    def _written_absolute(self, text: str, line: int) -> None:
        """Remember an owner written with its final dot whose labels could repeat the origin
        (``www.example.com.example.com.``, meant as written): ``missing-trailing-dot`` must not
        call it a dot that was forgotten. Rare, so a set of places, not a field per record."""
        if text[-1:] == "." and text.count(".") >= self._repeat_labels:
            self.zone.absolute_owners.add((self.s.path, line))

    def _owner_key(self, owner: dns.name.Name | str) -> bytes:
        """The key of ``owner``; ``self._stored`` is then what its record keeps of it: an
        owner text written in lower case is kept as its key alone (Record.owner)."""
        if owner is not self._key_owner:
            self._key_owner = owner
            if isinstance(owner, str):
                key = self._key = owner.encode().lower().replace(b".", b"\x00")
                self._stored = key if owner.islower() else owner
            else:
                key = self._key = b"\x00".join(owner.labels).lower()
                self._stored = owner
            okey = self._origin_key
            self._inside = not okey or key == okey or key.endswith(self._below)
        return self._key

    def _owner(
        self, text: str, origin: dns.name.Name, plain: bool = False
    ) -> dns.name.Name | str | None:
        """An owner written ``text`` against ``origin`` (the origin of the target cache):
        :func:`_fast_name`'s verdict, but a plain name under a plain origin is kept as its
        absolute text (``Record.owner`` builds the same Name on demand). ``plain``: the
        caller's regular expression already checked ``text`` as _FAST_NAME does."""
        suffix = self._suffix
        if suffix is None or text == "@":
            return _fast_name(text, origin, self._olen)
        if not plain and not _FAST_NAME(text):
            return None
        if text[-1] == ".":
            if len(text) + 1 > 255:
                return None
            return text
        if len(text) + 1 + self._olen > 255:
            return None
        return text + suffix

    def _fast_soa(self, line: str, number: int) -> bool:
        """An SOA record whose fields are plain: names and numbers (see :meth:`_fast_line`)."""
        m = _SOA_STMT(line)
        if m is None:
            return False
        owner_text, t1, t2 = m.group("owner", "t1", "t2")
        if t1 is not None and t2 is not None:
            return False
        ttl_text = t1 or t2
        ttl: int | None = None
        if ttl_text is not None:
            ttl = int(ttl_text)
            if ttl > _MAX_TTL:
                return False
        numbers = [int(v) for v in m.groups()[-5:]]
        if any(v > _UINT32 for v in numbers):
            return False
        s = self.s
        origin = s.current_origin
        if origin is not self._targets_origin:
            self._new_origin(origin)
        owner = s.last_name if owner_text is None else self._owner(owner_text, origin)
        if owner_text is not None:
            self._written_absolute(owner_text, number)
        mname = self._target(m.group("a1"), origin)
        rname = self._target(m.group("a2"), origin)
        if owner is None or mname is None or rname is None:
            return False
        key = self._owner_key(owner)
        okey = self._origin_key
        if okey and key != okey and not key.endswith(b"\x00" + okey):
            return False  # outside the zone: reported by the general path
        rd = dns.rdtypes.ANY.SOA.SOA(_IN, SOA, mname, rname, *numbers)  # type: ignore[no-untyped-call]
        # Accepted: now change state, as the general path does.
        if ttl is not None:
            s.last_ttl, s.last_ttl_known = ttl, True
        if not s.default_ttl_known:
            s.default_ttl, s.default_ttl_known, s.default_ttl_from_soa = numbers[-1], True, True
        ttl_explicit = ttl is not None
        if ttl is None:
            ttl = self._implicit_ttl()
            assert ttl is not None  # the SOA minimum at least
        if owner_text is not None:
            s.last_name = owner
            col = 1
        else:
            col = len(line) - len(line.lstrip(" \t")) + 1
        self.zone.records.append(
            Record(s.path, number, col, self._stored, SOA, ttl, ttl_explicit, rd, (), key)
        )
        return True

    def _fast_line(
        self,
        line: str,
        number: int,
        where: Callable[[int], tuple[int, int]] | None = None,
    ) -> bool:
        """Read a simple one-line statement directly; False leaves it to dnspython.

        Nothing is changed unless the whole line is accepted. ``where`` gives the line and
        column of a position in ``line`` when it was joined from several (see
        :meth:`_fast_multi`).
        """
        strings: str | None = None
        if '"' in line:
            t = _TXT_LINE.match(line)
            if t is None:
                return False
            code, strings = t.group(1), t.group(2)
        else:
            code = line
        m = _STMT(code)
        if m is None:
            if strings is not None:
                return False
            rest = code.lstrip(" \t")
            if rest and rest[0] != ";":
                return self._fast_soa(code, number)
            return where is None  # blank or comment only: no statement
        return self._accept(m, 0, number, where, strings, code)

    def _accept(
        self,
        m: re.Match[str],
        base: int,
        number: int,
        where: Callable[[int], tuple[int, int]] | None,
        strings: str | None = None,
        code: str | None = None,
    ) -> bool:
        """The statement ``m`` matched (by _STMT in ``code``, or by _LINE_AT in the file's
        text, ``base`` being where its line starts): its record, or False to leave it to
        dnspython. Nothing is changed unless the record is accepted."""
        if code is None:
            owner_text, _, t1, t2, type_text, strings, a1, a2 = m.groups()
        else:
            owner_text, t1, t2, type_text, a1, a2 = m.group("owner", "t1", "t2", "type", "a1", "a2")
        if t1 is None:
            ttl_text = t2
        elif t2 is not None:
            return False  # the second number would be read as the type: dnspython reports it
        else:
            ttl_text = t1
        rdtype = _FAST_TYPES.get(type_text)
        if rdtype is None:
            rdtype = _FAST_TYPES.get(type_text.upper())
            if rdtype is None:
                return False
        s = self.s
        origin = s.current_origin
        if origin is not self._targets_origin:
            self._new_origin(origin)
        if owner_text is None:
            owner = s.last_name
            if owner is None:
                return False
        else:
            owner = self._owner(owner_text, origin, code is None)
            if owner is None:
                return False
            self._written_absolute(owner_text, number)
        rd: RecordData
        if rdtype == A:
            if a1 is None or a2 is not None or strings is not None or _IPV4(a1) is None:
                return False
            rd = a1
        elif rdtype == MX:
            if a2 is None or strings is not None:
                return False
            # Zones repeat a few MX pairs on every host: records share one rdata tuple.
            rd = self._mx_rdata.get((a1, a2))
            if rd is None:
                if not a1.isdigit() or int(a1) > 65535:
                    return False
                exchange = self._target(a2, origin)
                if exchange is None:
                    return False
                rd = self._mx_rdata[(a1, a2)] = (int(a1), exchange)
        elif strings is not None or rdtype in (_TXT, _SPF):
            # Strings of at most 255 bytes (ASCII here), as dnspython's TXT parser checks.
            if strings is None or a1 is not None or (rdtype != _TXT and rdtype != _SPF):
                return False
            texts = _QUOTED.findall(strings)
            for text in texts:
                if len(text) > 255:
                    return False
            rd = None
            if texts and texts[0][:1] in "vV":  # a policy, kept as _shape keeps it
                joined = "".join(texts)
                if kept_txt(joined):
                    rd = sys.intern(joined)  # zones repeat their policies
        elif a1 is None:
            return False
        elif rdtype == AAAA:
            if a2 is not None or ":" not in a1:
                return False
            rd = _canonical_ipv6(a1)
            if rd is None:
                return False
        else:
            target = self._target(a1, origin) if a2 is None else None
            if target is None:
                return False
            rd = target
        if ttl_text is None:
            ttl_explicit = False
            # as _implicit_ttl
            if s.last_ttl_known and (not s.default_ttl_known or s.default_ttl_from_soa):
                ttl = s.last_ttl
            elif s.default_ttl_known:
                ttl = s.default_ttl
            else:
                return False  # dnspython reports the missing TTL
        else:
            ttl = int(ttl_text)
            if ttl > _MAX_TTL:
                return False
            ttl_explicit = True
        key = self._key if owner is self._key_owner else self._owner_key(owner)
        if not self._inside:
            return False  # outside the zone: reported by the general path
        # Accepted: now change state, as dnspython's reader would.
        if owner_text is not None:
            s.last_name = owner
            col = 1
        elif code is None:
            col = m.end("lead") - base + 1
        else:
            col = len(code) - len(code.lstrip(" \t")) + 1
        if ttl_explicit:
            s.last_ttl, s.last_ttl_known = ttl, True
        tokens: Tokens = ()
        if rdtype == MX:
            assert a1 is not None and a2 is not None
            if where is None:  # on the record's line: kept compactly (see Record.tokens)
                tokens = (a1, m.start("a1") - base + 1, a2, m.start("a2") - base + 1)
                tokens = self._mx_tokens.setdefault(tokens, tokens)  # shared when repeated
            else:
                tokens = (Token(a1, *where(m.start("a1"))), Token(a2, *where(m.start("a2"))))
        self.zone.records.append(
            Record(s.path, number, col, self._stored, rdtype, ttl, ttl_explicit, rd, tokens, key)
        )
        return True

    def _target(self, text: str, origin: dns.name.Name) -> dns.name.Name | None:
        """A target name, cached: zones repeat their MX and NS targets on every host.

        The cache holds names read against one origin (by identity: hashing a Name is slow)
        and starts afresh when the origin changes.
        """
        if origin is not self._targets_origin:
            self._new_origin(origin)
        name = self._targets.get(text, _MISSING)
        if name is _MISSING:  # (not an exception: a zone of distinct targets misses often)
            name = self._targets[text] = _fast_name(text, origin, self._olen)
        return name  # type: ignore[return-value]

    def _new_origin(self, origin: dns.name.Name) -> None:
        self._targets = {}
        self._mx_rdata = {}
        self._targets_origin = origin
        self._olen = sum(len(label) + 1 for label in origin.labels)
        # Owners are kept as text only under an origin whose text reads back as the same name.
        text = origin.to_text()
        self._suffix = None
        if text == ".":
            self._suffix = "."
        elif _FAST_NAME(text) and text[-1] == "." and plain_name(text).labels == origin.labels:
            self._suffix = "." + text

    # -- directives
    def _directive(self, name: str, line: int) -> None:
        s = self.s
        tok = s.tok
        if name == "$TTL":
            t = _word(tok, "$TTL needs a value, e.g. $TTL 3600")
            s.default_ttl = dns.ttl.from_text(t.value)
            s.default_ttl_known = True
            s.default_ttl_from_soa = False
            tok.get_eol()
        elif name == "$ORIGIN":
            t = _word(tok, "$ORIGIN needs a domain name, e.g. $ORIGIN example.com.")
            origin = tok.as_name(t, s.current_origin)
            tok.get_eol()
            meant = _meant_origin(t.value, origin, s.current_origin)
            if meant is not None:
                self.zone.origin_fixes.append(
                    OriginFix(s.path, line, _pos(t)[1], t.value, origin, meant)
                )
                origin = meant
            s.current_origin = origin
        elif name == "$INCLUDE":
            self._include(line)
        elif name == "$GENERATE":
            self._generate_line(line)
        elif name == "$DATE":
            # BIND's dump time (rndc dumpdb): TTLs are relative to it.
            t = _word(tok, "$DATE needs a time, e.g. $DATE 20240101000000")
            if not _DATE.match(t.value):
                raise _syntax(f"$DATE {t.value} is not a time; write YYYYMMDDHHMMSS")
            tok.get_eol()
        elif name == "$UNICODE":
            raise _syntax(
                "$UNICODE is dnspython's own directive: BIND and other servers refuse the "
                "file (unknown $ directive); remove the line and write names as xn-- punycode"
            )
        else:
            raise _syntax(
                f"unknown directive {self._show(name)}; zone files know $ORIGIN, $TTL, "
                "$INCLUDE, $GENERATE and $DATE"
            )

    def _deployed(
        self, filename: str, roots: Sequence[str], real: str, shown: str
    ) -> tuple[str, str]:
        """``(real, shown)`` of the repository file an include of a path that is not here
        names (:func:`deployed`), else as they were."""
        found = deployed(filename, roots, self.s.real)
        if found is None:
            return real, shown
        here = os.path.dirname(self.s.real)
        return found, os.path.normpath(
            os.path.join(os.path.dirname(self.s.path), os.path.relpath(found, here))
        )

    def _include(self, line: int) -> None:
        s = self.s
        tok = s.tok
        t = tok.get()
        if not (t.is_identifier() or t.is_quoted_string()):
            raise _syntax("$INCLUDE needs a file name")
        filename = t.value
        col = _pos(t)[1]
        t = tok.get()
        new_origin = s.current_origin
        if t.is_identifier():
            new_origin = dns.name.from_text(t.value, s.current_origin, tok.idna_codec)
            tok.get_eol()
        elif not t.is_eol_or_eof():
            raise _syntax("bad origin in $INCLUDE")
        if t.is_eof():
            tok.unget(t)
        quoted = self._show(filename)
        shown = (
            filename
            if os.path.isabs(filename)
            else os.path.normpath(os.path.join(os.path.dirname(s.path), filename))
        )
        target = (
            filename if os.path.isabs(filename) else os.path.join(os.path.dirname(s.real), filename)
        )
        real = os.path.realpath(target)
        roots = self.include_roots()
        if real not in self.overrides and not os.path.exists(real):  # named's paths, not ours
            real, shown = self._deployed(filename, roots, real, shown)
        if not _inside(real, roots):
            self._unread(
                f'$INCLUDE "{quoted}" refused: it is outside {" and ".join(roots)}; mxlint '
                "reads includes only inside the zone's git work tree, or its own folder "
                "outside one (allow another folder with --include-root DIR)",
                line,
                col,
            )
            return
        if real in s.stack:
            self.problem(
                f'$INCLUDE "{quoted}" includes a file that is already being read '
                "(an include loop); remove it",
                line,
                col,
            )
            return
        depth = self.limits.include_depth
        if len(self.saved) >= depth:
            raise LimitExceeded(
                f'$INCLUDE "{quoted}" nests deeper than {depth} files, so mxlint did not read '
                "it; " + self.limits.how_to_raise("include-depth"),
                line,
                col,
            )
        # A file given in ``overrides`` need not exist (the base revision of a deleted or
        # renamed include, for the serial check).
        if real not in self.overrides and not os.path.exists(real):
            self._unread(
                f'$INCLUDE "{quoted}" not found (looked for {self._show(shown)})', line, col
            )
            return
        try:
            text, why, _, _ = _read(real, self.overrides, self.limits.file_bytes)
        except LimitExceeded as exc:
            raise LimitExceeded(f'$INCLUDE "{quoted}": {exc}', line, col) from None
        if text is None:  # a file of the repository that is no text: the zone's own defect
            self.zone.read_all = False
            self.problem(f'$INCLUDE "{quoted}" {why}', line, col)
            return
        self.saved.append(s)
        self.zone.files.append(shown)
        _directives(self.zone, shown, text)
        self.s = _State(
            FastTokenizer(text, shown, tok.idna_codec),
            shown,
            real,
            new_origin,
            s.last_name,
            s.last_ttl,
            s.last_ttl_known,
            s.default_ttl,
            s.default_ttl_known,
            s.default_ttl_from_soa,
            line,
            [*s.stack, real],
        )

    # -- records
    def _implicit_ttl(self) -> int | None:
        s = self.s
        if s.last_ttl_known and (not s.default_ttl_known or s.default_ttl_from_soa):
            return s.last_ttl
        if s.default_ttl_known:
            return s.default_ttl
        return None

    def _rr_line(self, line: int, col: int) -> None:
        s = self.s
        tok = s.tok
        token = tok.get(want_leading=True)
        written_owner: str | None = None
        if not token.is_whitespace():
            written_owner = token.value
            s.last_name = tok.as_name(token, s.current_origin)
            self._written_absolute(token.value, line)
        else:
            token = tok.get()
            if token.is_eol_or_eof():
                if token.is_eof():
                    tok.unget(token)
                return
            col = _pos(token)[1]
            tok.unget(token)
        name = s.last_name
        if name is None:
            raise _syntax("the line has no owner name and no earlier one")
        if isinstance(name, str):
            name = s.last_name = plain_name(name)

        token = _word(tok, "expected a TTL, class or type")
        ttl: int | None = None
        try:
            ttl = dns.ttl.from_text(token.value)
            s.last_ttl, s.last_ttl_known = ttl, True
        except dns.ttl.BadTTL:
            tok.unget(token)

        token = _word(tok, "expected a class or type")
        try:
            rdclass = dns.rdataclass.from_text(token.value)
        except dns.exception.SyntaxError:
            raise
        except Exception:
            rdclass = _IN
            tok.unget(token)
        if rdclass != _IN:
            raise _syntax(f"class {dns.rdataclass.to_text(rdclass)} is not the zone's class IN")
        if ttl is None:
            token = _word(tok, "expected a TTL or type")
            try:
                ttl = dns.ttl.from_text(token.value)
                s.last_ttl, s.last_ttl_known = ttl, True
            except dns.ttl.BadTTL:
                tok.unget(token)
        ttl_explicit = ttl is not None

        token = _word(tok, "expected a record type")
        if written_owner is not None and written_owner.upper() in _DOLLARLESS:
            rdtype = _rdtype(token.value, written_owner)
        else:
            rdtype = _rdtype(token.value)
        if rdtype in bindcompat.OBSOLETE:
            raise _obsolete(rdtype)
        first_rdata = len(tok.stmt_tokens)
        try:
            rd = _read_rdata(rdtype, tok, s.current_origin)
        except Exception as exc:
            if _tokenizer_complaint(exc, tok):
                raise  # the tokenizer's own complaint is the precise one
            error = _rdata_error(rdtype, tok.stmt_tokens[first_rdata:], exc, self.limits.echo_chars)
            if rdtype in (_TXT, _SPF) and any(
                len(t.value.encode()) > 255 for t in tok.stmt_tokens[first_rdata:]
            ):
                raise _Dialect(str(error), "TXT-LONG") from None
            raise error from None
        if rdtype == SOA and not s.default_ttl_known:
            assert isinstance(rd, dns.rdtypes.ANY.SOA.SOA)
            s.default_ttl, s.default_ttl_known, s.default_ttl_from_soa = rd.minimum, True, True
        if not name.is_subdomain(self.zone_origin):
            if rdtype == SOA and self.zone.evidence.kind == "owners":
                raise _SkipLine(_misplaced_soa(name, self.zone_origin), line, col, "out-of-zone")
            raise _SkipLine(
                f'owner "{name}" is outside the zone '
                f"({self.zone.origin_note(self.s.path)}), so name servers ignore this "
                "record; move it to that name's own zone file, or fix "
                "the name (a missing trailing dot or a wrong $ORIGIN?)",
                line,
                col,
                "out-of-zone",
            )
        if ttl is None:
            ttl = self._implicit_ttl()
        if ttl is None:
            raise _SkipLine(_NO_TTL, line, col)
        tokens: tuple[Token, ...] = ()
        if rdtype == MX:
            tokens = tuple(Token(t.value, *_pos(t)) for t in tok.stmt_tokens[first_rdata:])
        self.zone.records.append(
            Record(
                s.path,
                line,
                col,
                name,
                rdtype,
                ttl,
                ttl_explicit,
                _shape(rdtype, rd, self.keep_all),
                tokens,
            )
        )

    def _generate_line(self, line: int) -> None:
        """``$GENERATE range lhs [class] [ttl] [class] type rhs``, as BIND reads it.

        BIND's forms, not dnspython's: the class may come before the TTL, the right-hand
        side may be a quoted string, the modifiers are ``${offset[,width[,base]]}`` with
        C's printf semantics (see :func:`_generate_text`), and a following line without an
        owner continues the owner written before ``$GENERATE``, not the last generated one.
        """
        s = self.s
        tok = s.tok
        token = _word(tok, "$GENERATE needs a range, e.g. 1-10")
        range_col = _pos(token)[1]
        start, stop, step = _generate_range(token.value)
        lhs = _word(tok, "$GENERATE needs an owner template").value
        token = _word(tok, "$GENERATE needs a type")
        rdclass = _generate_class(token.value)
        if rdclass is not None:
            token = _word(tok, "$GENERATE needs a type")
        ttl: int | None = None
        try:
            ttl = dns.ttl.from_text(token.value)
        except dns.ttl.BadTTL:
            pass
        else:
            s.last_ttl, s.last_ttl_known = ttl, True
            token = _word(tok, "$GENERATE needs a type")
        if rdclass is None:
            rdclass = _generate_class(token.value)
            if rdclass is not None:
                token = _word(tok, "$GENERATE needs a type")
        if rdclass is not None and rdclass != _IN:
            raise _syntax(
                f"class {dns.rdataclass.to_text(dns.rdataclass.RdataClass(rdclass))} is not "
                "the zone's class IN"
            )
        rdtype = _rdtype(token.value)
        token = tok.get()
        if not (token.is_identifier() or token.is_quoted_string()):
            raise _syntax("$GENERATE needs a right-hand side (the record data template)")
        rhs = token.value
        rhs_col = _pos(token)[1]
        tok.get_eol()
        if ttl is None:
            ttl = self._implicit_ttl()
            if ttl is None:
                raise _SkipLine(
                    '$GENERATE has no TTL and none is set before it; put "$TTL 3600" (or the '
                    "TTL you mean) at the top of the file",
                    line,
                    1,
                )
        count = len(range(start, stop + 1, step))
        most = self.limits.generate_records
        # One bound for all the $GENERATE lines of a zone: ten short lines must not cost ten
        # times the limit (a file under 1 KB used to make 10,000,000 records).
        if self.generated + count > most:
            before = (
                f" (with the {self.generated:,} the $GENERATE lines before it made)"
                if self.generated
                else ""
            )
            raise LimitExceeded(
                f"this $GENERATE makes {count:,} records{before}, more than the "
                f"generate-records limit of {most:,}, so mxlint did not expand it; "
                + self.limits.how_to_raise("generate-records"),
                line,
                range_col,
            )
        self.generated += count
        if len(self.zone.records) + count > self.limits.file_records + 1:
            count = self.limits.file_records + 1 - len(self.zone.records)
            stop = start + (count - 1) * step  # the read loop reports the file-records limit
        for i in range(start, stop + 1, step):
            owner = _generate_text(lhs, i)
            try:
                name = dns.name.from_text(owner, s.current_origin, tok.idna_codec)
            except dns.exception.DNSException as exc:
                raise _SkipLine(
                    f'$GENERATE record {i}: owner "{owner}" is not a valid name: '
                    f"{_clean_message(exc)}",
                    line,
                    1,
                ) from None
            if not name.is_subdomain(self.zone_origin):
                raise _SkipLine(
                    f'$GENERATE makes owner "{name}", outside the zone '
                    f"({self.zone.origin_note(self.s.path)}), so name servers ignore it",
                    line,
                    1,
                    "out-of-zone",
                )
            text = _generate_text(rhs, i)
            try:
                rd = _read_rdata(rdtype, FastTokenizer(text, s.path), s.current_origin)
            except Exception as exc:
                written = dns.tokenizer.Token(dns.tokenizer.IDENTIFIER, text)
                raise _SkipLine(
                    f"$GENERATE record {i}: {_rdata_error(rdtype, [written], exc)}",
                    line,
                    rhs_col,
                ) from None
            tokens: tuple[Token, ...] = ()
            if rdtype == MX:
                tokens = tuple(Token(p, line, rhs_col) for p in text.split())
            self.zone.records.append(
                Record(
                    s.path,
                    line,
                    1,
                    name,
                    rdtype,
                    ttl,
                    True,
                    _shape(rdtype, rd, self.keep_all),
                    tokens,
                )
            )


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
    record, not only of the types rules read (it takes dnspython's slower path).
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
    reader = _Reader(zone, origin, include_roots, extra_include_roots)
    reader.overrides = overrides or {}
    reader.fast = fast and not keep_all_rdata
    reader.keep_all = keep_all_rdata
    reader.progress = progress
    reader.limits = limits
    # Records form no reference cycles: the cyclic collector would only rescan the growing
    # list again and again (a fifth of the load time on large zones).
    paused = gc.isenabled()
    gc.disable()
    try:
        reader.read(text, os.path.realpath(path))
    finally:
        if paused:
            gc.enable()
    reader.finish()
    return zone
