"""Differential tests: :class:`mxlint.zonefile.tokenizer.FastTokenizer` against dnspython's
tokenizer.

FastTokenizer must behave exactly like ``dns.tokenizer.Tokenizer`` as seen through ``get()``,
``unget()``, ``line_number`` and the exceptions raised, so most tests here run both on the
same input with the same sequence of calls and compare everything observable:

* every file of the shared zone corpus (``shared/corpus``, skipped when absent), under three
  call patterns: the one ``dns.zonefile.Reader`` uses, plain ``get()``, and ``get(True, True)``;
* generated texts (hypothesis) built from the characters the lexer treats specially, under
  random call patterns with ungets, also checking ``stmt_tokens``;
* whole-zone parses through ``dns.zonefile.Reader``: same records, same errors;
* token provenance (``line``/``col``) against an oracle built on the stock tokenizer, plus a
  hand-written zone whose positions are spelt out.

The lexer keeps going after an error exactly as the stock one does, so the drivers go on
reading after an exception (up to a few) and compare what follows too.

Known, deliberate differences (tested where they are pinned down): FastTokenizer takes a
``str`` only, has no character-level ``_get_char``/``_unget_char`` (they raise
NotImplementedError), and a caller that flips ``quoting`` off just after the stock tokenizer
has read a CR ahead in quoting mode gets that CR treated as a newline rather than as an
ordinary character.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.tokenizer
import dns.zonefile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mxlint.zonefile.tokenizer import FastTokenizer, LocatedToken

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

Tokenizer = dns.tokenizer.Tokenizer
Event = tuple[Any, ...]
# One get() call: (want_leading, want_comment, unget_after, clear_stmt_tokens_before).
Op = tuple[bool, bool, bool, bool]

MAX_ERRORS = 3
MAX_EVENTS = 200_000


# -- the corpus


def _corpus_rows() -> list[dict[str, str]]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


CORPUS_ROWS = _corpus_rows()
needs_corpus = pytest.mark.skipif(not CORPUS_ROWS, reason=f"zone corpus not found at {CORPUS}")


def _corpus_params() -> list[Any]:
    if not CORPUS_ROWS:
        return [pytest.param(None, id="no-corpus")]
    return [pytest.param(row, id=row["dest"]) for row in CORPUS_ROWS]


def _corpus_text(row: dict[str, str], limit: int | None = None) -> str:
    """The file's text; with ``limit``, only its lines up to about that many characters.

    A few corpus files are large and repetitive (root zones): the full text goes through the
    Reader-like driver, prefixes through the slower checks, to keep the suite quick.
    """
    text = (CORPUS / row["dest"]).read_bytes().decode("utf-8", "surrogateescape")
    if limit is not None and len(text) > limit:
        cut = text.find("\n", limit)
        if cut >= 0:
            text = text[: cut + 1]
    return text


# See _corpus_text.
PREFIX_LIMIT = 80_000


# -- recording what a tokenizer does


def _state(tok: Tokenizer) -> Event:
    return (tok.line_number, tok.where(), tok.multiline, tok.quoting, tok.eof)


def _token_event(tok: Tokenizer, t: dns.tokenizer.Token) -> Event:
    return ("tok", t.ttype, t.value, t.has_escape, t.comment, *_state(tok))


def _error_event(tok: Tokenizer, e: dns.exception.DNSException, step: int) -> Event:
    return ("raise", type(e), str(e), step, *_state(tok))


class _Recorder:
    """Drives one tokenizer and records every result and the state after it."""

    def __init__(self, tok: Tokenizer) -> None:
        self.tok = tok
        self.events: list[Event] = []
        self.tokens: list[dns.tokenizer.Token] = []
        self.errors = 0
        self.eofs = 0

    def done(self) -> bool:
        return self.errors >= MAX_ERRORS or self.eofs >= 2 or len(self.events) >= MAX_EVENTS

    def get(self, want_leading: bool = False, want_comment: bool = False) -> Any:
        """get() and record; returns the token, or None after an exception."""
        try:
            t = self.tok.get(want_leading, want_comment)
        except dns.exception.DNSException as e:
            self.errors += 1
            self.events.append(_error_event(self.tok, e, len(self.events)))
            return None
        self.events.append(_token_event(self.tok, t))
        self.tokens.append(t)
        if t.is_eof():
            self.eofs += 1
        return t

    def unget(self, t: dns.tokenizer.Token) -> None:
        self.tok.unget(t)
        self.events.append(("unget",))


def drive_reader(tok: Tokenizer) -> _Recorder:
    """Call get() the way dns.zonefile.Reader.read and _rr_line do."""
    r = _Recorder(tok)
    while not r.done():
        t = r.get(True, True)
        if t is None or t.is_eol():
            continue
        if t.is_eof():
            continue
        if t.is_comment():
            r.get()  # Reader: get_eol()
            continue
        r.unget(t)
        t = r.get(want_leading=True)
        if t is None:
            continue
        if t.is_whitespace():
            t = r.get()
            if t is None or t.is_eol_or_eof():
                continue
            r.unget(t)
        while not r.done():
            t = r.get()
            if t is None or t.is_eol_or_eof():
                break
    return r


def drive_plain(tok: Tokenizer) -> _Recorder:
    r = _Recorder(tok)
    while not r.done():
        r.get()
    return r


def drive_all_wanted(tok: Tokenizer) -> _Recorder:
    r = _Recorder(tok)
    while not r.done():
        r.get(True, True)
    return r


def drive_ops(tok: Tokenizer, ops: list[Op]) -> _Recorder:
    """Cycle through ``ops``; on a FastTokenizer also check stmt_tokens after every call."""
    r = _Recorder(tok)
    fast = isinstance(tok, FastTokenizer)
    expected: list[dns.tokenizer.Token] = []
    i = 0
    while not r.done() and i < 400:
        want_leading, want_comment, unget_after, clear = ops[i % len(ops)]
        i += 1
        if clear and fast:
            assert isinstance(tok, FastTokenizer)
            tok.stmt_tokens.clear()
            expected.clear()
        t = r.get(want_leading, want_comment)
        if t is not None and fast:
            assert isinstance(tok, FastTokenizer)
            if not (t.is_whitespace() or t.is_eol_or_eof()) and all(x is not t for x in expected):
                expected.append(t)
            assert len(tok.stmt_tokens) == len(expected)
            assert all(a is b for a, b in zip(tok.stmt_tokens, expected, strict=True))
        if t is not None and unget_after:
            r.unget(t)
    return r


DRIVERS: dict[str, Callable[[Tokenizer], _Recorder]] = {
    "reader": drive_reader,
    "plain": drive_plain,
    "all-wanted": drive_all_wanted,
}


def _assert_same_events(stock: list[Event], fast: list[Event]) -> None:
    for i, (a, b) in enumerate(zip(stock, fast, strict=False)):
        assert a == b, f"event {i}: stock {a!r} != fast {b!r}; before: {stock[max(0, i - 3) : i]}"
    assert len(stock) == len(fast)


# -- a provenance oracle built on the stock tokenizer


class _CountingReader:
    """A text 'file' that tells how many characters have been read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def read(self, size: int = 1) -> str:
        s = self.text[self.i : self.i + size]
        self.i += len(s)
        return s


class OracleTokenizer(dns.tokenizer.Tokenizer):
    """The stock tokenizer, untouched, plus where each character it reads was.

    Where a token starts follows from the characters read during its get(): a token's value
    is spelt by the characters just before the delimiter that ended it (which is read and
    pushed back), a quoted string and a comment also have their opening character before
    that, an EOL/EOF is the last character read, and a WHITESPACE token starts at the first.
    """

    def __init__(self, text: str) -> None:
        self.reader = _CountingReader(text)
        super().__init__(self.reader, "<oracle>")
        self.line_start = 0
        self.log: list[tuple[int, int]] = []
        self.ungotten_pos = (0, 0)
        self.last_pos = (0, 0)

    def _get_char(self) -> str:
        if self.ungotten_char is not None:
            c = super()._get_char()
            pos = self.ungotten_pos
        else:
            text = self.reader.text
            i0 = self.reader.i
            if self.after_cr and i0 < len(text) and text[i0] == "\n":
                self.line_start = i0 + 1  # the LF of a CR LF, which the stock skips
            line = self.line_number
            c = super()._get_char()
            idx = self.reader.i - 1 if c else self.reader.i
            pos = (line, idx - self.line_start + 1)
            if c == "\n":
                self.line_start = self.reader.i
        self.last_pos = pos
        self.log.append(pos)
        return c

    def _unget_char(self, c: str) -> None:
        super()._unget_char(c)
        self.ungotten_pos = self.last_pos

    def get(self, want_leading: bool = False, want_comment: bool = False) -> dns.tokenizer.Token:
        ungotten = self.ungotten_token
        self.log = []
        t = super().get(want_leading, want_comment)
        if t is ungotten:
            return t
        log = self.log
        if t.ttype == dns.tokenizer.WHITESPACE:
            pos = log[0]
        elif t.ttype in (dns.tokenizer.EOL, dns.tokenizer.EOF):
            pos = log[-1]
        elif t.ttype in (dns.tokenizer.QUOTED_STRING, dns.tokenizer.COMMENT):
            pos = log[-2 - len(t.value)]
        else:
            pos = log[-1 - len(t.value)]
        t.line, t.col = pos  # type: ignore[attr-defined]
        return t


def _positions(tokens: list[dns.tokenizer.Token]) -> list[tuple[int, int, int, Any]]:
    return [(t.ttype, t.line, t.col, t.value) for t in tokens]  # type: ignore[attr-defined]


# -- (a) the corpus, token by token


@needs_corpus
@pytest.mark.parametrize("row", _corpus_params())
def test_corpus_token_streams(row: dict[str, str]) -> None:
    full = _corpus_text(row)
    prefix = _corpus_text(row, PREFIX_LIMIT)
    for name, drive in DRIVERS.items():
        text = full if name == "reader" else prefix
        stock = drive(dns.tokenizer.Tokenizer(text, row["dest"]))
        fast = drive(FastTokenizer(text, row["dest"]))
        try:
            _assert_same_events(stock.events, fast.events)
        except AssertionError as e:
            raise AssertionError(f"{name} driver: {e}") from None
        assert all(isinstance(t, LocatedToken) for t in fast.tokens)


@needs_corpus
@pytest.mark.parametrize("row", _corpus_params())
def test_corpus_positions(row: dict[str, str]) -> None:
    text = _corpus_text(row, PREFIX_LIMIT)
    oracle = drive_reader(OracleTokenizer(text))
    fast = drive_reader(FastTokenizer(text, "<oracle>"))
    _assert_same_events(oracle.events, fast.events)
    assert _positions(oracle.tokens) == _positions(fast.tokens)


# -- (b) generated texts


PIECES = [
    " ", "  ", "\t", "\n", "\r", "\r\n", "(", ")", '"', ";", "\\", "a", "b", "Z", "0", "9",
    ".", "$", "@", "é", "\u00a0", "\x0b", "www", "IN", "MX", "10", "mx.example.", "\\ ",
    '"t x"', "; c\n",
]  # fmt: skip

texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
ops_lists = st.lists(
    st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans()), min_size=1, max_size=8
)

# Zone-like lines, so that the line fast path and its hand-over to the general lexer get
# exercised as much as the corner cases.
WORDS = ["www", "IN", "A", "192.0.2.1", "MX", "10", "mail.", "@", "$TTL", "3600", "*.x"]
ODD = ["(", ")", '"q t"', '"', "; c", ";", "\\", "a\\ b", "é", "\r"]
SEPS = [" ", "\t", " \t ", "\n", "\r\n", " \n", "\n ", "\n\t", "\n\n"]
zone_like = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD)),
        st.sampled_from(SEPS),
    ),
    max_size=30,
).map(lambda pairs: "".join(w + s for w, s in pairs))

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _crlf(text: str) -> str:
    """``text`` with each lone CR made a CRLF: where BIND and the stock tokenizer agree.

    The stock tokenizer ends a line (and a comment) at a lone CR; BIND, and so
    FastTokenizer, ends only the statement there, and a comment not at all
    (``test_lone_cr_as_bind_reads_it`` pins that down).
    """
    return re.sub(r"\r(?!\n)", "\r\n", text)


def _check_text(text: str, ops: list[Op]) -> None:
    text = _crlf(text)
    stock = drive_ops(dns.tokenizer.Tokenizer(text, "<t>"), ops)
    fast = drive_ops(FastTokenizer(text, "<t>"), ops)
    _assert_same_events(stock.events, fast.events)
    oracle = drive_ops(OracleTokenizer(text), ops)
    assert _positions(oracle.tokens) == _positions(fast.tokens)
    for name, drive in DRIVERS.items():
        s = drive(dns.tokenizer.Tokenizer(text, "<t>"))
        f = drive(FastTokenizer(text, "<t>"))
        try:
            _assert_same_events(s.events, f.events)
        except AssertionError as e:
            raise AssertionError(f"{name} driver: {e}") from None


@SETTINGS
@given(texts, ops_lists)
def test_generated_texts(text: str, ops: list[Op]) -> None:
    _check_text(text, ops)


@SETTINGS
@given(zone_like, ops_lists)
def test_generated_zone_like_texts(text: str, ops: list[Op]) -> None:
    _check_text(text, ops)


# What a caller that gives up on a broken statement may do between two get() calls.
RESETS = st.sampled_from(["none", "none", "none", "multiline=0", "multiline=1", "quoting=False"])


@settings(SETTINGS, max_examples=150)
@given(st.lists(st.sampled_from([p for p in PIECES if "\r" not in p]), max_size=40), st.data())
def test_caller_resets_between_calls(pieces: list[str], data: st.DataObject) -> None:
    """Resetting multiline or quoting (with its delimiters) between calls acts as in stock.

    Texts without CR: a CR the stock tokenizer has read ahead in quoting mode stays an
    ordinary character after such a reset, which FastTokenizer does not reproduce.
    """
    text = "".join(pieces)
    plan = data.draw(st.lists(st.tuples(RESETS, st.booleans(), st.booleans()), min_size=1))

    def run(tok: Tokenizer) -> list[Event]:
        out: list[Event] = []
        for i in range(60):
            reset, want_leading, want_comment = plan[i % len(plan)]
            if reset.startswith("multiline"):
                tok.multiline = int(reset[-1])
            elif reset == "quoting=False":
                tok.quoting = False
                tok.delimiters = dns.tokenizer._DELIMITERS
            try:
                t = tok.get(want_leading, want_comment)
            except dns.exception.DNSException as e:
                out.append(_error_event(tok, e, i))
                continue
            out.append(_token_event(tok, t))
        return out

    assert run(dns.tokenizer.Tokenizer(text, "<t>")) == run(FastTokenizer(text, "<t>"))


def test_known_difference_cr_read_ahead_in_quoting_mode() -> None:
    """The one divergence: a CR read ahead in quoting mode, then quoting reset by the caller.

    The stock tokenizer keeps the CR it pushed back as an ordinary character and returns it
    as an identifier; FastTokenizer reads it again outside quoting mode, as a newline.
    """
    got = {}
    for tok in (dns.tokenizer.Tokenizer('"a\n \r\nb', "z"), FastTokenizer('"a\n \r\nb', "z")):
        with pytest.raises(dns.exception.SyntaxError, match="newline in quoted string"):
            tok.get()
        assert tok.get(True).is_whitespace()
        tok.quoting = False
        tok.delimiters = dns.tokenizer._DELIMITERS
        got[type(tok)] = [(t.ttype, t.value) for t in (tok.get(), tok.get())]
    assert got[dns.tokenizer.Tokenizer] == [
        (dns.tokenizer.IDENTIFIER, "\r"),
        (dns.tokenizer.EOL, "\n"),
    ]
    assert got[FastTokenizer] == [(dns.tokenizer.EOL, "\n"), (dns.tokenizer.IDENTIFIER, "b")]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "a",
        "a\n",
        "a \n",
        " a",
        "a\r\nb\rc\n",
        "\r",
        "a\r",
        "a\\",
        "a\\\nb",
        "a\\\r\nb",
        "a\\ b c",
        '"abc',
        '"a\nb"',
        '"a\\\nb" c',
        '"a\rb"',
        '"a\\"b" c',
        '""x',
        '"a""b"',
        'x"y"z',
        "(",
        ")",
        "( a\n b ) c\n",
        "( a ; c\n b )",
        "( a ; c",
        "a ; c",
        "a ; c\r\nb",
        "; c\n",
        "(\n\n)\n",
        "a\t\tb\t\n",
        "é b\n",
        "a\u00a0b c\n",
        "a\x0bb c\n",
        '"x\n y z\n"\n',
        'a (\n"q"\n) ; c\nb\n',
    ],
)
def test_corner_cases(text: str) -> None:
    ops: list[Op] = [
        (False, False, False, False),
        (True, True, True, False),
        (True, False, False, True),
        (False, True, False, False),
        (True, True, False, False),
    ]
    _check_text(text, ops)


# -- (c) whole zones through dns.zonefile.Reader


class _MinimalManager:
    def __init__(self, origin: dns.name.Name | None) -> None:
        self.origin = origin

    def origin_information(self) -> tuple[Any, bool, Any]:
        return (self.origin, False, self.origin)


class _MinimalTxn:
    """What dns.zonefile.Reader needs of a transaction; records every add() in order."""

    def __init__(self, origin: dns.name.Name | None) -> None:
        self.manager = _MinimalManager(origin)
        self.records: list[tuple[str, int, str, str | None]] = []
        self.unicode: set[str] = set()

    def check_put_rdataset(self, check: Any) -> None:
        pass

    def add(self, name: dns.name.Name, ttl: int, rd: dns.rdata.Rdata) -> None:
        self.records.append((name.to_text(), ttl, rd.to_text(), getattr(rd, "rdcomment", None)))

    def _set_origin(self, origin: dns.name.Name) -> None:
        pass

    def add_unicode(self, attribute: str) -> None:
        self.unicode.add(attribute)


def _read_zone(tok: Tokenizer, origin: dns.name.Name | None) -> Event:
    txn = _MinimalTxn(origin)
    reader = dns.zonefile.Reader(tok, dns.rdataclass.IN, txn)  # type: ignore[arg-type]
    try:
        reader.read()
    except Exception as e:  # the Reader lets many kinds through; all must match
        return ("raise", type(e), str(e), txn.records, tok.line_number)
    return ("ok", txn.records, tok.line_number)


# The Reader spends most of its time in dnspython's rdata parsers, so the biggest files are
# read only up to a line boundary near this size (a cut inside parentheses makes both
# tokenizers fail the same way, which is compared too).
READER_LIMIT = 60_000


@needs_corpus
@pytest.mark.parametrize("row", _corpus_params())
def test_corpus_reader(row: dict[str, str]) -> None:
    text = _corpus_text(row, READER_LIMIT)
    try:
        origin = dns.name.from_text(row["origin"]) if row["origin"] else None
    except dns.exception.DNSException:
        origin = None
    stock = _read_zone(dns.tokenizer.Tokenizer(text, row["dest"]), origin)
    fast = _read_zone(FastTokenizer(text, row["dest"]), origin)
    assert stock == fast


def test_reader_errors_name_the_same_line() -> None:
    origin = dns.name.from_text("example.")
    for text in [
        "$TTL 3600\n@ SOA a. b. 1 2 3 4 5\nx A 1.2.3.400\n",
        "$TTL 3600\nx MX 10\ny A 1.2.3.4\n",
        '$TTL 3600\nx TXT "a\nb"\n',
        "$TTL 3600\nx MX ( 10\n mail. \n",
        "$TTL 3600\nx MX 10 mail. )\n",
        "$TTL 3600\r\nx MX 10 a\\\r\nb\r\n",
    ]:
        stock = _read_zone(dns.tokenizer.Tokenizer(text, "z"), origin)
        fast = _read_zone(FastTokenizer(text, "z"), origin)
        assert stock[0] == "raise"
        assert stock == fast


# -- (d) provenance and stmt_tokens

ZONE = (
    "$ORIGIN example.com.\n"  # 1
    "$TTL 3600 ; default\n"  # 2
    "@\tIN SOA ns1 hostmaster (\n"  # 3
    "\t\t2024010101 ; serial\n"  # 4
    "\t\t7200 3600 ) ; end\n"  # 5
    '  TXT "v=spf1 -all" "x"\n'  # 6
    "mail\tMX 10 mx.example.net.\n"  # 7
    "; only a comment\r\n"  # 8
    "www A 192.0.2.1"  # 9, no final newline
)


def _all_tokens(tok: FastTokenizer) -> list[tuple[int, Any, int, int]]:
    """Every token, asking for leading blanks at line starts and for comments, as Reader."""
    out = []
    at_line_start = True
    while True:
        t = tok.get(at_line_start, True)
        assert isinstance(t, LocatedToken)
        out.append((t.ttype, t.value, t.line, t.col))
        if t.is_eof():
            return out
        at_line_start = t.is_eol()


def test_positions_in_a_hand_written_zone() -> None:
    W, ID, Q, C, EOL, EOF = 2, 3, 4, 5, 1, 0
    assert _all_tokens(FastTokenizer(ZONE, "z")) == [
        (ID, "$ORIGIN", 1, 1), (ID, "example.com.", 1, 9), (EOL, "\n", 1, 21),
        (ID, "$TTL", 2, 1), (ID, "3600", 2, 6), (C, " default", 2, 11), (EOL, "\n", 2, 20),
        (ID, "@", 3, 1), (ID, "IN", 3, 3), (ID, "SOA", 3, 6), (ID, "ns1", 3, 10),
        (ID, "hostmaster", 3, 14),
        # Inside the parentheses, newlines are blanks; a tab is one column.
        (ID, "2024010101", 4, 3), (C, " serial", 4, 14),
        (ID, "7200", 5, 3), (ID, "3600", 5, 8), (C, " end", 5, 15), (EOL, "\n", 5, 20),
        (W, " ", 6, 1), (ID, "TXT", 6, 3), (Q, "v=spf1 -all", 6, 7), (Q, "x", 6, 21),
        (EOL, "\n", 6, 24),
        (ID, "mail", 7, 1), (ID, "MX", 7, 6), (ID, "10", 7, 9), (ID, "mx.example.net.", 7, 12),
        (EOL, "\n", 7, 27),
        (C, " only a comment", 8, 1), (EOL, "\n", 8, 17),  # at the CR of CR LF
        (ID, "www", 9, 1), (ID, "A", 9, 5), (ID, "192.0.2.1", 9, 7), (EOF, "", 9, 16),
    ]  # fmt: skip


def test_positions_match_the_oracle_on_the_hand_written_zone() -> None:
    ops: list[Op] = [
        (True, True, False, False),
        (False, False, True, False),
        (False, False, False, False),
    ]
    fast = drive_ops(FastTokenizer(ZONE, "<oracle>"), ops)
    oracle = drive_ops(OracleTokenizer(ZONE), ops)
    _assert_same_events(oracle.events, fast.events)
    assert _positions(oracle.tokens) == _positions(fast.tokens)


def test_eol_with_a_folded_comment_is_at_the_newline() -> None:
    tok = FastTokenizer("a ; note\nb", "z")
    assert tok.get().value == "a"
    eol = tok.get()
    assert isinstance(eol, LocatedToken)
    assert (eol.ttype, eol.comment, eol.line, eol.col) == (dns.tokenizer.EOL, " note", 1, 9)


def test_stmt_tokens_collect_a_statement_once() -> None:
    tok = FastTokenizer("mail MX 10 mx.example.net.\nb A 1.2.3.4\n", "z")
    tok.stmt_tokens.clear()
    owner = tok.get(True, True)
    tok.unget(owner)
    assert tok.get(want_leading=True) is owner  # a re-get is not recorded twice
    rdtype = tok.get()
    pref = tok.get()
    tok.unget(pref)
    assert tok.get() is pref
    exchange = tok.get()
    assert tok.get().is_eol()
    assert tok.stmt_tokens == [owner, rdtype, pref, exchange]
    assert all(
        a is b for a, b in zip(tok.stmt_tokens, [owner, rdtype, pref, exchange], strict=True)
    )
    assert [t.value for t in tok.stmt_tokens] == ["mail", "MX", "10", "mx.example.net."]
    located = [t for t in tok.stmt_tokens if isinstance(t, LocatedToken)]
    assert [(t.line, t.col) for t in located] == [(1, 1), (1, 6), (1, 9), (1, 12)]

    tok.stmt_tokens = []  # the other way to clear
    owner = tok.get(True, True)
    tok.unget(owner)
    tok.stmt_tokens.clear()  # cleared between the get and the re-get: recorded again
    assert tok.get(want_leading=True) is owner
    assert tok.stmt_tokens == [owner]


def test_stmt_tokens_skip_whitespace_eol_and_eof() -> None:
    tok = FastTokenizer("  a ; c\n", "z")
    kinds = []
    while not (t := tok.get(True, True)).is_eof():
        kinds.append(t.ttype)
    ws, ident = dns.tokenizer.WHITESPACE, dns.tokenizer.IDENTIFIER
    comment, eol = dns.tokenizer.COMMENT, dns.tokenizer.EOL
    assert kinds == [ws, ident, ws, comment, eol]
    assert [t.ttype for t in tok.stmt_tokens] == [ident, comment]


def test_unescaped_tokens_keep_their_position() -> None:
    tok = FastTokenizer('  a\\065b "x\\032y"', "z")
    ident = tok.get()
    quoted = tok.get()
    for t in (ident.unescape(), quoted.unescape(), quoted.unescape_to_bytes()):
        assert isinstance(t, LocatedToken)
    assert ident.unescape().value == "aAb"
    assert (ident.unescape().line, ident.unescape().col) == (1, 3)  # type: ignore[attr-defined]
    assert quoted.unescape_to_bytes().value == b"x y"
    assert quoted.unescape_to_bytes().col == 10  # type: ignore[attr-defined]


# -- the rest of the stock interface


def test_helpers_built_on_get_work() -> None:
    text = "example.com. 300 IN MX 10 mx\\.a\n a b c\n 65536 x"
    for tok in (dns.tokenizer.Tokenizer(text, "z"), FastTokenizer(text, "z")):
        assert tok.get_name() == dns.name.from_text("example.com.")
        assert tok.get_ttl() == 300
        assert tok.get_identifier() == "IN"
        assert tok.get_string() == "MX"
        assert tok.get_uint16() == 10
        assert tok.get_name(dns.name.root).labels == (b"mx.a", b"")
        assert tok.get_eol() == "\n"
        assert tok.concatenate_remaining_identifiers() == "abc"
        assert tok.get_eol() == "\n"
        with pytest.raises(dns.exception.SyntaxError):
            tok.get_uint16()
        assert [t.value for t in tok.get_remaining()] == ["x"]
        assert tok.get().is_eof()
        assert tok.where() == ("z", 3)


def test_unget_buffer_holds_one_token() -> None:
    for tok in (dns.tokenizer.Tokenizer("a b", "z"), FastTokenizer("a b", "z")):
        t = tok.get()
        tok.unget(t)
        with pytest.raises(dns.tokenizer.UngetBufferFull):
            tok.unget(t)


def test_iteration_and_idna_codec() -> None:
    assert [t.value for t in FastTokenizer("a b\nc", "z")] == ["a", "b", "\n", "c"]
    assert FastTokenizer("a", "z").idna_codec is dns.name.IDNA_DEFAULT
    codec = dns.name.IDNA_2008_Practical
    assert FastTokenizer("a", "z", idna_codec=codec).idna_codec is codec
    assert FastTokenizer("a").where() == ("<string>", 1)


@pytest.mark.parametrize("text", ["a  b\n", "(\n  a", "a \r\n b", '"a" \t b', "", "a"])
def test_skip_whitespace_matches_stock(text: str) -> None:
    def run(tok: Tokenizer) -> list[Event]:
        out: list[Event] = []
        try:
            out.append(_token_event(tok, tok.get()))
            out.append(("skipped", tok.skip_whitespace(), *_state(tok)))
            out.append(_token_event(tok, tok.get(True)))
            out.append(_token_event(tok, tok.get()))
        except dns.exception.DNSException as e:
            out.append(_error_event(tok, e, len(out)))
        return out

    assert run(dns.tokenizer.Tokenizer(text, "z")) == run(FastTokenizer(text, "z"))


def test_recovery_helpers() -> None:
    tok = FastTokenizer("a \\\nb (\nc", "z")
    assert tok.get().value == "a"
    assert not tok.last_was_eol()
    with pytest.raises(dns.exception.UnexpectedEnd):
        tok.get()
    assert tok.last_was_eol()  # the backslash's newline was consumed
    assert tok.get().value == "b"
    assert not tok.at_eof()
    assert tok.get().value == "c"
    assert tok.at_eof()
    with pytest.raises(dns.exception.SyntaxError, match="unbalanced parentheses"):
        tok.get()
    tok.multiline = 0  # what a caller that gives up on the statement does
    assert tok.get().is_eof()


def test_character_api_is_refused() -> None:
    tok = FastTokenizer("a", "z")
    with pytest.raises(NotImplementedError):
        tok._get_char()
    with pytest.raises(NotImplementedError):
        tok._unget_char("a")
    with pytest.raises(TypeError):
        FastTokenizer(b"a", "z")  # type: ignore[arg-type]


def _iter_tokens(tok: Tokenizer) -> Iterator[dns.tokenizer.Token]:
    while not (t := tok.get()).is_eof():
        yield t


def test_crlf_line_endings_count_lines_like_stock() -> None:
    text = "a b\r\nc\r\nd\n\r\ne ( f\r\n g )\r\n"
    stock = dns.tokenizer.Tokenizer(text, "z")
    fast = FastTokenizer(text, "z")
    lines_stock = [(t.value, stock.line_number) for t in _iter_tokens(stock)]
    lines_fast = [(t.value, fast.line_number) for t in _iter_tokens(fast)]
    assert lines_stock == lines_fast


def test_lone_cr_as_bind_reads_it() -> None:
    """BIND's lines (checked with named-checkzone): a lone CR ends a statement but not a
    line, so the line number stays; inside a comment it is comment text; form feed, VT and
    U+2028 are ordinary characters. A CRLF's CR is not part of a comment."""
    text = "a b\rc ; x\ry\x0cz\u2028w\r\nd\x0ce\x0bf\n"
    got = [
        (t.ttype, t.value, t.line, t.col) for t in _tokens_with_comments(FastTokenizer(text, "z"))
    ]
    assert got == [
        (dns.tokenizer.IDENTIFIER, "a", 1, 1),
        (dns.tokenizer.IDENTIFIER, "b", 1, 3),
        (dns.tokenizer.EOL, "\n", 1, 4),
        (dns.tokenizer.IDENTIFIER, "c", 1, 5),
        (dns.tokenizer.COMMENT, " x\ry\x0cz\u2028w", 1, 7),
        (dns.tokenizer.EOL, "\n", 1, 16),
        (dns.tokenizer.IDENTIFIER, "d\x0ce\x0bf", 2, 1),
        (dns.tokenizer.EOL, "\n", 2, 6),
    ]


def _tokens_with_comments(tok: FastTokenizer) -> Iterator[LocatedToken]:
    while not (t := tok.get(False, True)).is_eof():
        assert isinstance(t, LocatedToken)
        yield t


def test_io_is_not_needed() -> None:
    # FastTokenizer takes the text itself; the stock one also accepts a file object.
    text = "a b\n"
    stock = [t.value for t in _iter_tokens(dns.tokenizer.Tokenizer(io.StringIO(text), "z"))]
    assert stock == [t.value for t in _iter_tokens(FastTokenizer(text, "z"))]
