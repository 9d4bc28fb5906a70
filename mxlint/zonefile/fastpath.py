"""The fast path: plain one-line statements (and plain statements in parentheses) read
without dnspython's tokenizer, name and rdata parsers, giving the same records.
"""

from __future__ import annotations

import re
import sys
from _socket import AF_INET6 as _AF_INET6
from _socket import inet_aton as _inet_aton
from _socket import inet_ntoa as _inet_ntoa
from _socket import inet_ntop as _inet_ntop
from _socket import inet_pton as _inet_pton
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

import dns.name
import dns.ttl

from mxlint._dnspython import name_from_labels
from mxlint._patterns import first_call
from mxlint.model import (
    AAAA,
    CNAME,
    DNAME,
    MX,
    NS,
    SOA,
    A,
    RecordData,
    Soa,
    Token,
    Tokens,
    plain_name,
)
from mxlint.zonefile.state import (
    Load,
)
from mxlint.zonefile.statements import (
    _SPF,
    _TXT,
    kept_txt,
)
from mxlint.zonefile.tokenizer import FastTokenizer

if TYPE_CHECKING:
    from mxlint.zonefile._linematch import LineParts

# The compiled build's matcher of the usual line (setup.py, _linematch.c), or None: the pure
# build's _LINE_AT reads every line (and looks for no matcher: this module is compiled too
# where the matcher is built).
_c_line_at: Callable[[str, int], LineParts | None] | None = None
_c_blank_at: Callable[[str, int], int] | None = None
_c_ipv4: Callable[[str], int] | None = None
_one_byte: Callable[[str], bool] | None = None
if not __file__.endswith(".py"):
    try:
        from mxlint.zonefile._linematch import blank_at as _c_blank_at
        from mxlint.zonefile._linematch import ipv4 as _c_ipv4
        from mxlint.zonefile._linematch import line_at as _c_line_at
        from mxlint.zonefile._linematch import one_byte as _one_byte
    except ImportError:
        pass

# --------------------------------------------------------------------------- the fast path
#
# Most lines of large zones are single-line A, AAAA, MX, CNAME or NS records with plain
# names. For those, splitting the line and building the record directly is several times
# faster than dnspython's tokenizer, name and rdata parsers, and gives the same record. The
# fast path only ever accepts: anything it is not sure of (escapes, quotes, parentheses, TTL
# units, other classes, bad values, ...) is left to dnspython, which decides and reports.
# tests/test_fastpath.py loads the corpus and generated zones both ways and compares.

_FAST_NAME = re.compile(r"[A-Za-z0-9_*/-]{1,63}(?:\.[A-Za-z0-9_*/-]{1,63})*\.?\Z").match
_FAST_TYPES: Final = {
    "A": A,
    "AAAA": AAAA,
    "MX": MX,
    "CNAME": CNAME,
    "NS": NS,
    "DNAME": DNAME,
    "TXT": _TXT,
    "SPF": _SPF,
}
# A TXT line: the words before the strings, then plain quoted strings (printable ASCII, no
# quote or backslash inside), then maybe a comment. Possessive, as _LINE_AT: the words run to
# the blanks before the first quote (a blank run followed by anything else is theirs), each
# string to its closing quote (tests/test_fastpath.py compares with the backtracking form,
# whose lazy words tried every place).
# (both compiled at the first TXT record: mxlint._patterns.first_call)
_txt_line: Callable[[str], re.Match[str] | None] = first_call(
    globals(),
    "_txt_line",
    r'((?:[^";()\\ \t]++|[ \t]++(?!"))*+)((?:[ \t]++"[\t\x20\x21\x23-\x5b\x5d-\x7e]*+")++)'
    r"[ \t]*+(?:;.*)?\Z",
)
_quoted: Callable[[str], list[str]] = first_call(globals(), "_quoted", r'"([^"]*)"', "findall")


# A plain token: printable ASCII other than blank, quote, parentheses, semicolon, backslash.
_PLAIN = r"[!#-'*-:<-\[\]-~]+"
# One statement the fast path may read: [owner] blanks [ttl] [IN] [ttl] type [arg [arg]]
# [comment]. Anything else on the line (more arguments, odd characters) makes it no match.
_STMT = re.compile(
    rf"(?P<owner>{_PLAIN})?[ \t]+"
    r"(?:(?P<t1>[0-9]+)[ \t]+)?"
    r"(?:[Ii][Nn][ \t]+)?"
    r"(?:(?P<t2>[0-9]+)[ \t]+)?"
    r"(?P<type>[A-Za-z]+)"
    rf"(?:[ \t]+(?P<a1>{_PLAIN}))?"
    rf"(?:[ \t]+(?P<a2>{_PLAIN}))?"
    r"[ \t]*(?:;.*)?\Z"
).match
_MAX_TTL: Final = dns.ttl.MAX_TTL
# The same statement matched in place in the file's text with its line end (LF or CR LF; no
# other CR): FastPath.run reads most lines with this one match. A TXT statement's strings (as
# _txt_line takes them) come right after the type. The owner, if any, is "@" or a name
# _FAST_NAME takes (others are left to the per-line path). _BLANK_AT: a blank or
# comment-only line (a separate expression: an alternative inside _LINE_AT slows every match).
# Every repetition is possessive (Python 3.11's ``++``, ``*+``): each part stops at a character
# the next part cannot start with, so giving characters back never finds another match, and
# not trying saves about a third of the matching (tests/test_fastpath.py compares with the
# backtracking form).
_LINE_AT = re.compile(
    r"(?P<owner>@|[A-Za-z0-9_*/-]{1,63}+(?:\.[A-Za-z0-9_*/-]{1,63}+)*+\.?+)?(?P<lead>[ \t]++)"
    r"(?:(?P<t1>[0-9]++)[ \t]++)?"
    r"(?:[Ii][Nn][ \t]++)?"
    r"(?:(?P<t2>[0-9]++)[ \t]++)?"
    r"(?P<type>[A-Za-z]++)"
    r'(?:(?P<strings>(?:[ \t]++"[\t\x20\x21\x23-\x5b\x5d-\x7e]*+")++)'
    rf"|(?:[ \t]++(?P<a1>{_PLAIN}+))?(?:[ \t]++(?P<a2>{_PLAIN}+))?)"
    r"[ \t]*+(?:;[^\r\n]*+)?(?:\r?\n|\Z)"
).match
_BLANK_AT = re.compile(r"[ \t]*+(?:;[^\r\n]*+)?(?:\r?\n|\Z)").match
# An SOA statement: [owner] blanks [ttl] [IN] [ttl] SOA and its seven fields, plain numbers.
_SOA_STMT = re.compile(
    rf"(?P<owner>{_PLAIN})?[ \t]+"
    r"(?:(?P<t1>[0-9]+)[ \t]+)?"
    r"(?:[Ii][Nn][ \t]+)?"
    r"(?:(?P<t2>[0-9]+)[ \t]+)?"
    r"(?P<type>[Ss][Oo][Aa])"
    rf"[ \t]+(?P<a1>{_PLAIN})[ \t]+(?P<a2>{_PLAIN})"
    r"[ \t]+([0-9]+)[ \t]+([0-9]+)[ \t]+([0-9]+)[ \t]+([0-9]+)[ \t]+([0-9]+)"
    r"[ \t]*\Z"
).match
# One line of a statement in parentheses: its code (quoted strings without parentheses or
# backslashes) and maybe a comment (a semicolon outside quotes). Possessive, as _LINE_AT: a
# run of code stops at a quote, semicolon or backslash, a string at its closing quote, so
# giving back never finds another match (tests/test_fastpath.py compares with the
# backtracking form, which pushed a mark at every character: 3 to 5 times slower).
_ML_LINE = re.compile(r'((?:[^";\\]++|"[^"()\\]*+")*+)(?:;.*)?\Z').match
_ML_MAX_LINES: Final = 64
_UINT32: Final = 0xFFFFFFFF


_MISSING: Final = object()


def _fast_name(text: str, origin: dns.name.Name, olen: int | None = None) -> dns.name.Name | None:
    """``text`` as dnspython would read it against ``origin``, if it is a plain name.

    Built without ``Name.__init__`` (whose immutability guard costs more than the parse): the
    regular expression allows only labels of 1 to 63 plain characters, the length is checked
    against dnspython's 255-byte limit (``olen``: the origin's, when the caller knows it), and
    dnspython 2.7-2.9's ``Name`` keeps the labels in
    its single ``labels`` slot. tests/test_fastpath.py compares with ``dns.name.from_text``.
    """
    if text == "@":
        return origin
    if not _FAST_NAME(text):
        return None
    if text[-1] == ".":
        labels = (*text[:-1].encode().split(b"."), b"")
        length = len(text) + 1
    else:
        labels = (*text.encode().split(b"."), *origin.labels)
        if olen is None:
            olen = sum(len(label) + 1 for label in origin.labels)
        length = len(text) + 1 + olen
    if length > 255:
        return None  # too long: dnspython reports it
    return name_from_labels(labels)


def _canonical_ipv6(text: str) -> str | None:
    """``dns.ipv6.canonicalize(text)``, or None where dnspython rejects the address.

    An address already written in canonical form without an IPv4 part (the usual case) is
    recognised by the C library's ``inet_pton``/``inet_ntop``, which make dnspython's choices
    (lower-case hexadecimal without leading zeros; the first longest run of two or more zero
    groups written ``::``; the IPv4 form only for the same prefixes, excluded here): such a
    text is its own canonical form for both. Anything else is left to dnspython.
    """
    if "." not in text:
        try:
            if _inet_ntop(_AF_INET6, _inet_pton(_AF_INET6, text)) == text:
                return text
        except (OSError, ValueError):
            pass
    import dns.ipv6  # (an address not written canonically: few zones)

    try:
        return dns.ipv6.canonicalize(text)
    except Exception:
        return None


class FastPath:
    """Reads the plain statements of a file directly (see the comment above), with the caches
    that make that fast; what it is not sure of it leaves to :class:`StatementParser`."""

    def __init__(self, load: Load) -> None:
        self.load = load
        # constant for the load: kept here for the loop over lines
        self.zone = load.zone
        self.limits = load.limits
        self.progress = load.progress
        origin = load.zone_origin
        self._origin_key = b"\x00".join(origin.labels).lower()
        self._targets: dict[str, dns.name.Name | None] = {}
        self._targets_origin: dns.name.Name | None = None
        # MX rdata by (preference, exchange) text, read against the targets' origin, and
        # the compact MX tokens (see Record.tokens): shared by the records that repeat them
        self._mx_rdata: dict[tuple[str, str], tuple[int, dns.name.Name]] = {}
        self._mx_tokens: dict[Tokens, Tokens] = {}
        self._mx_prefs: dict[str, str] = {}
        # the zone's records: a row is staged as one tuple (Records.pending: no Record object
        # is made, and the columns take the staged rows at the end of each run)
        self._rows = self.zone.records
        self._staged = self._rows.pending
        self._olen = 0
        # The owner key of the last record: records under one owner share it (one bytes
        # object, not one per record).
        self._key_owner: dns.name.Name | str | None = None
        # ".<origin text>" while the current origin is plain (None: it is not), see _owner
        self._suffix: str | None = None
        self._key = b""
        self._stored: dns.name.Name | str | bytes = b""
        self._inside = True  # the owner of self._key is at or below the origin
        self._suffix_inside = True  # (see _new_origin)
        self._below = b"\x00" + self._origin_key

    def run(self, tok: FastTokenizer) -> bool:
        """Read as many following lines as the fast path takes; True if it took any.

        Lines are cut from the text here (a CR LF ending is one line end; a line holding a
        lone CR, which also ends a line for dnspython, is left to the tokenizer).
        """
        start = tok.line_start()
        if start is None:
            return False
        rows = self._rows
        rows.begin(self.load.s.path)
        try:
            return self._run(tok, start)
        finally:
            rows.flush()  # (the columns take the staged rows: nothing staged outside a run)

    def _run(self, tok: FastTokenizer, start: tuple[str, int, int]) -> bool:
        text, pos, number = start
        first = pos
        n = len(text)
        fast_line = self._fast_line
        line_at = _LINE_AT
        blank_at = _BLANK_AT
        progress = self.progress
        records = self.zone.records
        # At most one record per line: stop where the file-records limit could be passed.
        stop = number + max(self.limits.file_records - len(records), 0) + 1
        c_line_at = c_blank_at = None
        if _c_line_at is not None and _one_byte is not None and _one_byte(text):
            # (the compiled build: _LINE_AT's and _BLANK_AT's matches, in C)
            c_line_at, c_blank_at = _c_line_at, _c_blank_at
        while pos < n and number < stop:
            if c_line_at is not None:
                parts = c_line_at(text, pos)
                if parts is not None:
                    if not self._accept(None, pos, number, None, None, None, parts):
                        break
                    end = parts[10]
                else:
                    assert c_blank_at is not None
                    end = c_blank_at(text, pos)  # no statement: nothing to read
            else:
                m = line_at(text, pos)
                if m is not None and not self._accept(m, pos, number, None):
                    break
                if m is None:
                    m = blank_at(text, pos)  # no statement: nothing to read
                end = -1 if m is None else m.end()
            if end >= 0:
                if end == n and text[end - 1 : end] != "\n":
                    pos = n  # the last line has no line end: the line number stays
                    break
                pos = end
                number += 1
                if not number & 0xFFF:
                    records.flush()  # (a long run of plain lines: the stage stays small)
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
        s = self.load.s
        origin = s.current_origin
        if origin is not self._targets_origin:
            self._new_origin(origin)
        owner = s.last_name if owner_text is None else self._owner(owner_text, origin)
        if owner_text is not None:
            self.load.written_absolute(owner_text, number)
        mname = self._target(m.group("a1"), origin)
        rname = self._target(m.group("a2"), origin)
        if owner is None or mname is None or rname is None:
            return False
        key = self._owner_key(owner)
        okey = self._origin_key
        if okey and key != okey and not key.endswith(b"\x00" + okey):
            return False  # outside the zone: reported by the general path
        rd = Soa(mname, rname, *numbers)
        # Accepted: now change state, as the general path does.
        if ttl is not None:
            s.last_ttl, s.last_ttl_known = ttl, True
        if not s.default_ttl_known:
            s.default_ttl, s.default_ttl_known, s.default_ttl_from_soa = numbers[-1], True, True
        ttl_explicit = ttl is not None
        if ttl is None:
            ttl = self.load.implicit_ttl()
            assert ttl is not None  # the SOA minimum at least
        if owner_text is not None:
            s.last_name = owner
            col = 1
        else:
            col = len(line) - len(line.lstrip(" \t")) + 1
        self._staged.append((key, self._stored, SOA, ttl, ttl_explicit, number, col, rd, 0, ()))
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
            t = _txt_line(line)
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
        m: re.Match[str] | None,
        base: int,
        number: int,
        where: Callable[[int], tuple[int, int]] | None,
        strings: str | None = None,
        code: str | None = None,
        parts: LineParts | None = None,
    ) -> bool:
        """The statement ``m`` matched (by _STMT in ``code``, or by _LINE_AT in the file's
        text, ``base`` being where its line starts; or ``parts``: _LINE_AT's match as the
        compiled build's matcher gives it): its record, or False to leave it to dnspython.
        Nothing is changed unless the record is accepted."""
        if parts is not None:
            owner_text, lead_end, t1, t2, type_text, strings, a1, a2, a1_at, a2_at, _ = parts
        elif code is None:
            assert m is not None
            owner_text, _, t1, t2, type_text, strings, a1, a2 = m.groups()
        else:
            assert m is not None
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
        s = self.load.s
        origin = s.current_origin
        if origin is not self._targets_origin:
            self._new_origin(origin)
        if owner_text is None:
            owner = s.last_name
            if owner is None:
                return False
        elif code is None and owner_text[-1] != "." and self._suffix is not None:
            # the usual owner: relative, plain (_LINE_AT checked it), under a plain origin;
            # what _owner and _owner_key do, written out (most lines of a large zone)
            if owner_text == "@":
                owner = origin
            elif len(owner_text) + 1 + self._olen > 255:
                return False
            else:
                owner = owner_text + self._suffix
                key = self._key = owner.encode().lower().replace(b".", b"\x00")
                self._stored = key if owner.islower() else owner
                self._key_owner = owner
                # (under an origin outside the zone, a relative owner may still be inside)
                self._inside = (
                    self._suffix_inside or key == self._origin_key or key.endswith(self._below)
                )
        else:
            owner = self._owner(owner_text, origin, code is None)
            if owner is None:
                return False
            if owner_text[-1] == ".":  # (most owners are relative: no call)
                self.load.written_absolute(owner_text, number)
        rd: RecordData
        addr = 0
        if rdtype == A:
            if a1 is None or a2 is not None or strings is not None:
                return False
            rd = None  # (Records keeps an A address packed)
            if _c_ipv4 is not None:  # (the compiled build: the test below, in C)
                addr = _c_ipv4(a1)
                if addr < 0:
                    return False
            else:
                try:  # (model.packed_ipv4, written out)
                    packed = _inet_aton(a1)
                except (OSError, ValueError):
                    return False
                if _inet_ntoa(packed) != a1:
                    return False
                addr = int.from_bytes(packed)
        elif rdtype == MX:
            if a1 is None or a2 is None or strings is not None:
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
            texts = _quoted(strings)
            for text in texts:
                if len(text) > 255:
                    return False
            rd = None
            if texts and texts[0][:1] in "vV":  # a policy, kept as _shape keeps it
                joined = "".join(texts)
                if kept_txt(joined):
                    if len(texts) > 1:
                        return False  # kept apart by the general path (rule spf-split)
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
            # as Load.implicit_ttl
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
        elif parts is not None:
            col = lead_end - base + 1
        elif code is None:
            assert m is not None
            col = m.end("lead") - base + 1
        else:
            col = len(code) - len(code.lstrip(" \t")) + 1
        if ttl_explicit:
            s.last_ttl, s.last_ttl_known = ttl, True
        tokens: Tokens = ()
        if rdtype == MX:
            assert a1 is not None and a2 is not None
            if where is None:  # on the record's line: kept compactly (see Record.tokens)
                # (a preference text is one object however many records write it: in a zone
                # of distinct targets no tokens are shared, their preferences still are)
                a1 = self._mx_prefs.setdefault(a1, a1)
                if parts is None:
                    assert m is not None
                    a1_at, a2_at = m.start("a1"), m.start("a2")
                tokens = (a1, a1_at - base + 1, a2, a2_at - base + 1)
                tokens = self._mx_tokens.setdefault(tokens, tokens)  # shared when repeated
            else:
                assert m is not None
                tokens = (Token(a1, *where(m.start("a1"))), Token(a2, *where(m.start("a2"))))
        self._staged.append(
            (key, self._stored, rdtype, ttl, ttl_explicit, number, col, rd, addr, tokens)
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
        okey = self._origin_key
        key = b"\x00".join(origin.labels).lower()
        # a relative owner under this origin is inside the zone when the origin is
        self._suffix_inside = not okey or key == okey or key.endswith(self._below)
        if text == ".":
            self._suffix = "."
        elif _FAST_NAME(text) and text[-1] == "." and plain_name(text).labels == origin.labels:
            self._suffix = "." + text
