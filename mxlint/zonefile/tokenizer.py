"""A fast, position-tracking drop-in for :class:`dns.tokenizer.Tokenizer`.

Why this exists
---------------
mxlint lets dnspython stay the parser of record (its ``Reader`` statement grammar and rdata
classes decide what is valid), but dnspython's tokenizer reads its input one character at a
time through ``file.read(1)`` and a Python method call per character.  On large zones that
loop is most of the run time.  It also forgets where a token was written, which a linter
must report.

:class:`FastTokenizer` keeps the stock tokenizer's grammar and its observable behaviour --
the tokens returned by ``get()``, ``unget()``, ``line_number`` / ``where()`` after each call,
parenthesis (``multiline``) and quoting state, and which exception is raised where -- but
works on the whole text at once: plain stretches of lines are split into words with
``str.split`` and everything else is matched with compiled regular expressions, instead of a
loop over characters.  Every token it returns is a :class:`LocatedToken` that also records the
line and column of its first character, and the tokenizer collects each statement's tokens in
:attr:`FastTokenizer.stmt_tokens`.

Speed: about 2 to 2.6 times the stock tokenizer's ``get()`` loop on real and generated zones
(``tests/bench/bench_tokenizer.py``).  The bound is Python itself: a ``get()`` that does
nothing but create and return a token object is only about five times faster than the stock
one.  Callers should empty ``stmt_tokens`` at each statement, as the loader does: otherwise
it keeps every token of the file alive and the garbage collector's passes over them cost a
quarter of the gain.  Through ``dns.zonefile.Reader`` the difference is lost in dnspython's
name and rdata parsing, which takes about nine tenths of the time.

How the stock character stream is modelled
------------------------------------------
The stock tokenizer has a one-character push-back buffer: after most tokens it has already
*read* the character that ends the token (and counted it, if it is a newline) and pushed it
back.  That is why, after ``get()`` returns the last identifier on a line, the stock
``line_number`` already names the next line.  This class keeps a plain position instead and a
flag (``_peek_nl``) saying that the newline at that position has already been counted; each
``get()`` uncounts it first and counts it again when it really consumes it.

Outside quoted strings a carriage return ends a line (and a following line feed belongs to
it); inside a quoted string a carriage return is an ordinary character, and an escaped line
feed is part of the string (yet still counts as a line).  The regular expressions below are
written to those rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final, NoReturn

import dns.exception
import dns.name
import dns.tokenizer
from dns.tokenizer import (
    COMMENT,
    EOF,
    EOL,
    IDENTIFIER,
    QUOTED_STRING,
    WHITESPACE,
    Token,
)

from mxlint._dnspython import DELIMITERS, QUOTING_DELIMITERS, Tokenizer
from mxlint._patterns import first_call

__all__ = ["FastTokenizer", "LocatedToken"]

# Every pattern below matches (possibly the empty string) at any position, so their ``match``
# never returns None; the type says so without a test per call.
_Matcher = Callable[[str, int], "re.Match[str]"]


# Blanks between tokens.  Inside parentheses newlines are blanks as well; outside a quoted
# string a CR is a newline, inside one it is an ordinary character.
_blanks: _Matcher = first_call(globals(), "_blanks", r"[ \t]*")
_blanks_ml: _Matcher = first_call(globals(), "_blanks_ml", r"[ \t\r\n]*")
_blanks_quoting_ml: _Matcher = first_call(globals(), "_blanks_quoting_ml", r"[ \t\n]*")

# An unquoted identifier: anything but the stock delimiters (and CR, which reads as a newline),
# where a backslash takes the next character verbatim unless that is a newline or the end of
# the input (both of which the stock tokenizer rejects with UnexpectedEnd).
_IDENT: Final = r'[^ \t\n\r;()"\\]*(?:\\[^\n\r][^ \t\n\r;()"\\]*)*'

# The body of a quoted string (and of the odd identifier read while the stock tokenizer is
# still in quoting mode after an error): ends at a quote, an unescaped line feed or the end.
# An escape takes any next character, line feed and CR included.
_quoted_body: _Matcher = first_call(globals(), "_quoted_body", r'[^"\n\\]*(?:\\[\s\S][^"\n\\]*)*')

# Blanks and the identifier after them in one match: most tokens need exactly this, and a
# regular expression call costs far more than the few characters it scans.
_blanks_ident: _Matcher = first_call(globals(), "_blanks_ident", "([ \t]*)(" + _IDENT + ")")
_blanks_ml_ident: _Matcher = first_call(
    globals(), "_blanks_ml_ident", "([ \t\r\n]*)(" + _IDENT + ")"
)

# For the line fast path: the first character that a "plain" stretch of a line cannot hold.
# Plain means printable ASCII without the delimiters and backslash, plus blanks; in such a
# stretch the tokens are just the runs between blanks, which str.split() finds (space and
# tab are the only characters it splits on there).
_not_plain: Callable[[str, int], re.Match[str] | None] = first_call(
    globals(), "_not_plain", r"[^ \t\n!#-'*-:<-\[\]-~]", "search"
)

_DELIMITERS: Final = DELIMITERS
_QUOTING_DELIMITERS: Final = QUOTING_DELIMITERS


def _syntax_error(message: str) -> dns.exception.SyntaxError:
    """Build a SyntaxError with a message (dnspython's exception constructor is untyped)."""
    return dns.exception.SyntaxError(message)  # type: ignore[no-untyped-call]


class LocatedToken(Token):
    """A :class:`dns.tokenizer.Token` that also knows where it was written.

    ``line`` and ``col`` are 1-based and name the token's first character: the opening quote
    of a quoted string, the ``;`` of a comment, the newline of an EOL token (for an EOL that
    carries a comment, still the newline), the end of the input for EOF.  Columns count
    characters, so a tab is one column.

    Equality and hashing stay the stock ones (type and value), so these tokens compare equal
    to plain tokens and dnspython code that builds tokens of its own keeps working.
    """

    __slots__ = ("col", "line")

    line: int
    col: int

    def __init__(
        self,
        ttype: int,
        value: Any,
        has_escape: bool,
        comment: str | None,
        line: int,
        col: int,
    ) -> None:
        # Not calling Token.__init__: this is the hot path and sets the same four attributes.
        self.ttype = ttype
        self.value = value
        self.has_escape = has_escape
        self.comment = comment
        self.line = line
        self.col = col

    def unescape(self) -> Token:
        """Like the stock method, but the unescaped copy keeps ``line`` and ``col``."""
        if not self.has_escape:
            return self  # the common case, first: dnspython calls this for most tokens
        plain = super().unescape()
        return LocatedToken(
            plain.ttype, plain.value, plain.has_escape, plain.comment, self.line, self.col
        )

    def unescape_to_bytes(self) -> Token:
        """Like the stock method, but the unescaped copy keeps ``line`` and ``col``."""
        plain = super().unescape_to_bytes()
        return LocatedToken(
            plain.ttype, plain.value, plain.has_escape, plain.comment, self.line, self.col
        )

    def __repr__(self) -> str:
        return (
            f"LocatedToken({self.ttype}, {self.value!r}, has_escape={self.has_escape}, "
            f"comment={self.comment!r}, line={self.line}, col={self.col})"
        )


class FastTokenizer(Tokenizer):
    """Drop-in replacement for :class:`dns.tokenizer.Tokenizer` over an in-memory text.

    ``FastTokenizer(text, filename, idna_codec=None)`` takes the whole, already decoded file
    text.  Public attributes, as in the stock class: ``filename``, ``line_number`` (what
    ``where()`` reports: the line of the next character the stock tokenizer has not read
    yet), ``multiline`` (parenthesis depth; the caller may reset it), ``quoting``,
    ``delimiters``, ``eof``, ``ungotten_token`` and ``idna_codec``.  The stock tokenizer's
    character-level internals (``file``, ``ungotten_char``, ``after_cr``, ``_get_char``,
    ``_unget_char``) do not exist here: this class works on positions, not on a stream.
    ``skip_whitespace()`` is supported.

    Added:

    * every token returned by :meth:`get` is a :class:`LocatedToken` (``line``, ``col``);
    * :attr:`stmt_tokens` -- each distinct token that ``get()`` returned since the caller last
      cleared the list, except whitespace, EOL and EOF.  A token that was ungotten and is
      returned again is not added twice.  The loader clears it at each statement start and
      reads the record's tokens as written from it;
    * :meth:`last_was_eol` and :meth:`at_eof`, for error recovery.

    Only the ``quoting`` flag (not ``delimiters``) selects the quoting-mode grammar, so a
    caller that wants to abandon a broken quoted string can set ``quoting = False``.

    Two lexers share the work.  Most lines of a zone are plain (``www IN A 192.0.2.1``:
    printable ASCII, no quotes, parentheses, comments or escapes).  At the start of a line
    outside parentheses, the plain stretch of the line is split into words once, and
    ``get()`` then hands them out with a few list and string operations (``_words`` is that
    split; None when the line fast path is off).  Everything else -- the rest of a line after
    its first delimiter, lines in parentheses, quoted strings, comments, escapes, errors --
    goes to the general lexer ``_lex``, which follows the stock ``get()`` step by step with
    regular expressions.  Both keep ``line_number`` exactly as the stock tokenizer would.
    """

    def __init__(
        self,
        text: str,
        filename: str = "<string>",
        idna_codec: dns.name.IDNACodec | None = None,
    ) -> None:
        # Deliberately not calling Tokenizer.__init__: it would wrap the text in a StringIO
        # (a copy of the whole file) that is never read.
        if not isinstance(text, str):
            raise TypeError("FastTokenizer needs the decoded text (str)")
        self._text = text
        self._n = len(text)
        self._pos = 0  # next character not yet consumed (stale while _words is set)
        self._line_start = 0  # index of the first character of the current line
        self._peek_nl = False  # the newline at _pos is already counted in line_number
        self._last_eol = False
        self._not_plain_at = -1  # where the next non-plain character is (cached search)
        # The line fast path: the words of the plain stretch text[_line_start:_seg_end] not
        # handed out yet, in reverse order, and _off the position just after the previous
        # one.  _seg_nl is the width of the newline at _seg_end (0 when the stretch ends at a
        # delimiter or at the end of the text instead); _seg_line is the line's number and
        # _col_base the index just before its first character.
        self._words: list[str] | None = None
        self._off = 0
        self._seg_end = 0
        self._seg_nl = 0
        self._seg_line = 1
        self._col_base = -1
        self.ungotten_token: Token | None = None
        self.multiline = 0
        self.quoting = False
        self.eof = False
        self.delimiters = _DELIMITERS
        self.line_number = 1
        self.filename = filename
        if idna_codec is None:
            self.idna_codec: dns.name.IDNACodec = dns.name.IDNA_DEFAULT
        else:
            self.idna_codec = idna_codec
        self.stmt_tokens: list[Token] = []

    # -- the stock character-level API, which has no meaning without a character stream

    def _get_char(self) -> str:
        """Not supported: FastTokenizer lexes with regular expressions, not per character."""
        raise NotImplementedError("FastTokenizer has no character stream")

    def _unget_char(self, c: str) -> None:
        """Not supported: FastTokenizer lexes with regular expressions, not per character."""
        raise NotImplementedError("FastTokenizer has no character stream")

    # -- additions

    def last_was_eol(self) -> bool:
        """Did the last ``get()`` end a line?

        True when the last ``get()`` returned an EOL token, or raised after consuming the
        newline that ends the current line outside parentheses (a backslash or an unclosed
        quote just before the newline).  A caller recovering from an error uses it to know
        that the broken statement's line is already behind it.
        """
        return self._last_eol

    def line_start(self) -> tuple[str, int, int] | None:
        """``(text, position, line number)`` when reading stands at a clean line start.

        Clean: nothing ungotten, outside parentheses and quotes, at the first character of a
        line, before the end. The loader's statement fast path then reads whole lines itself
        and hands back with :meth:`seek_line`. None elsewhere.
        """
        pos = self._pos
        if (
            self.ungotten_token is not None
            or self._words is not None
            or pos != self._line_start
            or pos >= self._n
            or self.multiline
            or self.quoting
            or self._peek_nl
        ):
            return None
        return self._text, pos, self.line_number

    def seek_line(self, pos: int, line_number: int) -> None:
        """Go on reading at ``pos``, the start of line ``line_number`` (or the end)."""
        if pos != self._pos:
            self._pos = self._line_start = pos
            self.line_number = line_number
            self._last_eol = True

    def close_quote(self) -> None:
        """Leave quoting mode for good (the caller abandons a statement in a quoted string).

        After a quoted string is returned, the stock tokenizer has not read its closing quote
        yet: that quote is consumed here, so it is not read again as an opening one (which
        would make the rest of the input one string).  After an error inside the string
        (a newline in it) there is no closing quote to consume.
        """
        self._leave_fast_path()
        pos = self._pos
        text = self._text
        if self.quoting and text.startswith('"', pos) and pos > 0 and text[pos - 1] != "\n":
            self._pos = pos + 1
            self._peek(pos + 1)
        self.quoting = False
        self.delimiters = _DELIMITERS

    def at_eof(self) -> bool:
        """Has all of the input been read (an ungotten token may still be pending)?"""
        self._leave_fast_path()
        return self._pos >= self._n

    # -- the stock API

    def skip_whitespace(self) -> int:
        """Skip blanks (and newlines inside parentheses) as the stock method does.

        Returns how many characters the stock tokenizer would have counted (a CRLF pair
        outside quotes counts once).
        """
        self._leave_fast_path()
        text = self._text
        pos = self._pos
        if self._peek_nl:
            self.line_number -= 1
            self._peek_nl = False
        if self.quoting:
            start = (_blanks_quoting_ml if self.multiline else _blanks)(text, pos).end()
            seg = text[pos:start]
            k = seg.count("\n")
            skipped = len(seg)
            if k:
                self.line_number += k
                self._line_start = pos + seg.rfind("\n") + 1
        else:
            start = (_blanks_ml if self.multiline else _blanks)(text, pos).end()
            seg = text[pos:start]
            skipped = len(seg) - seg.count("\r\n")
            k = seg.count("\n")  # BIND's lines: a lone CR ends a statement, not a line
            if k:
                self.line_number += k
                self._line_start = pos + seg.rfind("\n") + 1
        self._pos = start
        self._peek(start)
        return skipped

    def unget(self, token: Token) -> None:
        """Unget a token (one-token buffer, ``UngetBufferFull`` when full), as stock."""
        if self.ungotten_token is not None:
            raise dns.tokenizer.UngetBufferFull
        self.ungotten_token = token

    def get(self, want_leading: bool = False, want_comment: bool = False) -> Token:
        """Get the next token, exactly as :meth:`dns.tokenizer.Tokenizer.get` would.

        want_leading: return a WHITESPACE token if the input at this point starts with blanks.
        want_comment: return a COMMENT token for a comment instead of folding it into the EOL.

        Raises dns.exception.UnexpectedEnd or dns.exception.SyntaxError where the stock
        tokenizer does, leaving the same state behind.
        """
        utoken = self.ungotten_token
        if utoken is not None:
            self.ungotten_token = None
            ttype = utoken.ttype
            if ttype == WHITESPACE:
                if want_leading:
                    self._last_eol = False
                    return utoken
            elif ttype == COMMENT:
                if want_comment:
                    self._last_eol = False
                    self._record(utoken)
                    return utoken
            else:
                self._last_eol = ttype == EOL
                if ttype != EOF and ttype != EOL:
                    self._record(utoken)
                return utoken

        words = self._words
        if (
            words is None
            and self._pos == self._line_start
            and not self.multiline
            and not self.quoting
        ):
            words = self._start_fast_path()
        if words is not None:
            # The line fast path.  ``words`` is reversed: the next word is last.
            self._last_eol = False
            off = self._off
            if words:
                word = words.pop()
                idx = self._text.find(word, off)
                if idx > off and want_leading:
                    words.append(word)
                    self._off = idx
                    return LocatedToken(
                        WHITESPACE, " ", False, None, self._seg_line, off - self._col_base
                    )
                tok = LocatedToken(
                    IDENTIFIER, word, False, None, self._seg_line, idx - self._col_base
                )
                off = idx + len(word)
                self._off = off
                if off == self._seg_end:
                    # The stock tokenizer has read the character after the word.
                    self._peek_seg_end()
                self.stmt_tokens.append(tok)
                return tok
            # No word left; blanks may be.
            if self.multiline:
                # A caller set multiline in mid-line: the newline is a blank now.
                self._words = None
                self._pos = off
                return self._lex(want_leading, want_comment)
            end = self._seg_end
            if off < end and want_leading:
                self._off = end
                self._peek_seg_end()
                return LocatedToken(
                    WHITESPACE, " ", False, None, self._seg_line, off - self._col_base
                )
            self._words = None
            if self._seg_nl:
                line = self._seg_line
                self._peek_nl = False
                tok = LocatedToken(EOL, "\n", False, None, line, end - self._col_base)
                pos = end + self._seg_nl
                self._pos = pos
                self._line_start = pos
                self.line_number = line + 1
                self._last_eol = True
                return tok
            # A delimiter or the end of the text: the general lexer takes over there.
            self._pos = end
        return self._lex(want_leading, want_comment)

    # -- the line fast path

    def _start_fast_path(self) -> list[str] | None:
        """At the start of a line, split its plain stretch into words; None if it has none.

        The stretch runs to the end of the line (LF, or CR LF) or to the first delimiter
        (``;``, ``(``, ``)``, ``"``) before it; a line that has a backslash, a lone CR, a
        control or a non-ASCII character before that is left to the general lexer, since the
        word holding that character could not be split off correctly.
        """
        text = self._text
        n = self._n
        pos = self._pos
        eol = text.find("\n", pos)
        if eol < 0:
            eol = n
        special = self._not_plain_at
        if special < pos:
            m = _not_plain(text, pos)
            special = m.start() if m is not None else n
            self._not_plain_at = special
        nl = 1 if eol < n else 0
        end = eol
        if special < eol:
            c = text[special]
            if c == "\r" and special == eol - 1 and nl:
                end = special
                nl = 2
            elif c in ';()"':
                end = special
                nl = 0
            else:
                return None
        if end == pos:
            return None
        words = text[pos:end].split()
        words.reverse()
        self._words = words
        self._off = pos
        self._seg_end = end
        self._seg_nl = nl
        self._seg_line = self.line_number
        self._col_base = pos - 1
        return words

    def _peek_seg_end(self) -> None:
        """The stock tokenizer has read the character that ends the plain stretch."""
        if self._seg_nl:
            self.line_number = self._seg_line + 1
            self._peek_nl = True
        elif self._seg_end >= self._n:
            self.eof = True

    def _leave_fast_path(self) -> None:
        """Turn the line fast path's state back into a plain position."""
        if self._words is not None:
            self._pos = self._off
            self._words = None

    # -- the general lexer

    def _record(self, token: Token) -> None:
        """Add a re-got (ungotten) token to ``stmt_tokens`` unless it is already there.

        The token was normally the last one added, so the search from the end is short.
        """
        stmt = self.stmt_tokens
        for t in reversed(stmt):
            if t is token:
                return
        stmt.append(token)

    def _peek(self, pos: int) -> None:
        """Account for the stock tokenizer reading the character at ``pos`` and pushing it back.

        Its only visible effects: a newline is counted at once, and reading past the end sets
        ``eof``.  Outside quoting mode a CR is a newline; in quoting mode it is not.
        """
        if pos < self._n:
            c = self._text[pos]
            if c == "\n" or (
                c == "\r" and not self.quoting and self._text.startswith("\n", pos + 1)
            ):
                self.line_number += 1
                self._peek_nl = True
        else:
            self.eof = True

    def _lex(self, want_leading: bool, want_comment: bool) -> Token:
        """The stock ``get()`` after its unget check, on positions and regular expressions."""
        text = self._text
        n = self._n
        pos = self._pos
        line = self.line_number
        if self._peek_nl:
            line -= 1
            self._peek_nl = False
        ls = self._line_start
        self._last_eol = False
        leading = want_leading
        tok: LocatedToken

        if self.quoting and text.startswith('"', pos):
            # The closing quote of the quoted string that the last get() returned, which the
            # stock tokenizer only consumes now.
            self.quoting = False
            self.delimiters = _DELIMITERS
            pos += 1
            leading = False
        elif self.quoting:
            # Still in quoting mode after an error inside a quoted string.
            start = (_blanks_quoting_ml if self.multiline else _blanks)(text, pos).end()
            if start > pos:
                if leading:
                    return self._whitespace(pos, start, line, ls)
                seg = text[pos:start]
                k = seg.count("\n")
                if k:
                    line += k
                    ls = pos + seg.rfind("\n") + 1
            c = text[start] if start < n else ""
            if c == '"':
                self.quoting = False
                self.delimiters = _DELIMITERS
                pos = start + 1
                leading = False
            elif c == "":
                self._set(n, line, ls)
                self.eof = True
                raise dns.exception.UnexpectedEnd
            elif c == "\n":
                self._newline_in_quote(start + 1, line + 1)
            else:
                # An identifier read with the quoting-mode delimiters.
                return self._quoted_body(start, start, line, ls, IDENTIFIER)

        while True:
            if self.multiline:
                m = _blanks_ml_ident(text, pos)
                start = m.end(1)
                if start > pos:
                    if leading:
                        return self._whitespace(pos, start, line, ls)
                    seg = text[pos:start]
                    k = seg.count("\n")
                    if k:
                        line += k
                        ls = pos + seg.rfind("\n") + 1
            else:
                m = _blanks_ident(text, pos)
                start = m.end(1)
                if start > pos and leading:
                    return self._whitespace(pos, start, line, ls)
            leading = False

            end = m.end()
            if end > start:
                if end < n:
                    c = text[end]
                    if c == "\\":
                        self._escape_at_end(end, line, ls)
                    self._pos = end
                    self._line_start = ls
                    if c == "\n" or (c == "\r" and text.startswith("\n", end + 1)):
                        self.line_number = line + 1
                        self._peek_nl = True
                    else:
                        self.line_number = line
                else:
                    self._pos = end
                    self._line_start = ls
                    self.line_number = line
                    self.eof = True
                value = m.group(2)
                tok = LocatedToken(IDENTIFIER, value, "\\" in value, None, line, start - ls + 1)
                self.stmt_tokens.append(tok)
                return tok

            c = text[start] if start < n else ""
            if c == "\n" or c == "\r":
                tok = LocatedToken(EOL, "\n", False, None, line, start - ls + 1)
                if c == "\n" or text.startswith("\n", start + 1):
                    pos = start + 1 if c == "\n" else start + 2
                    self._set(pos, line + 1, pos)
                else:  # a lone CR: BIND ends the statement but not the line
                    self._set(start + 1, line, ls)
                self._last_eol = True
                return tok
            if c == "(":
                self.multiline += 1
                pos = start + 1
                continue
            if c == ")":
                pos = start + 1
                if self.multiline <= 0:
                    self._set(pos, line, ls)
                    raise dns.exception.SyntaxError
                self.multiline -= 1
                continue
            if c == '"':
                self.quoting = True
                self.delimiters = _QUOTING_DELIMITERS
                return self._quoted_body(start, start + 1, line, ls, QUOTED_STRING)
            if c == ";":
                # As in BIND, only a line feed ends a comment: a lone CR (or a form feed, VT,
                # U+2028) stays in it. A CRLF's CR is not part of the comment.
                cend = text.find("\n", start + 1)
                if cend < 0:
                    cend = n
                elif text[cend - 1] == "\r" and cend - 1 > start:
                    cend -= 1
                body = text[start + 1 : cend]
                if want_comment:
                    tok = LocatedToken(COMMENT, body, False, None, line, start - ls + 1)
                    self._set(cend, line, ls)
                    self._peek(cend)
                    self.stmt_tokens.append(tok)
                    return tok
                if cend >= n:
                    self._set(n, line, ls)
                    self.eof = True
                    if self.multiline:
                        raise _syntax_error("unbalanced parentheses")
                    return LocatedToken(EOF, "", False, body, line, n - ls + 1)
                nl_col = cend - ls + 1
                pos = cend + 2 if text.startswith("\r\n", cend) else cend + 1
                if self.multiline:
                    line += 1
                    ls = pos
                    continue
                self._set(pos, line + 1, pos)
                self._last_eol = True
                return LocatedToken(EOL, "\n", False, body, line, nl_col)
            if c == "":
                self._set(n, line, ls)
                self.eof = True
                if self.multiline:
                    raise _syntax_error("unbalanced parentheses")
                return LocatedToken(EOF, "", False, None, line, n - ls + 1)
            # Only a backslash before a newline or the end of the input is left.
            self._escape_at_end(start, line, ls)

    def _set(self, pos: int, line: int, line_start: int) -> None:
        self._pos = pos
        self.line_number = line
        self._line_start = line_start

    def _whitespace(self, pos: int, start: int, line: int, ls: int) -> Token:
        """Return the WHITESPACE token for the blanks ``text[pos:start]``.

        ``line``/``ls`` describe ``pos``; blanks may include newlines inside parentheses.
        """
        tok = LocatedToken(WHITESPACE, " ", False, None, line, pos - ls + 1)
        seg = self._text[pos:start]
        if self.quoting:
            k = seg.count("\n")
            j = seg.rfind("\n")
        else:
            k = seg.count("\n")
            j = seg.rfind("\n")
        if k:
            line += k
            ls = pos + j + 1
        self._set(start, line, ls)
        self._peek(start)
        return tok

    def _escape_at_end(self, pos: int, line: int, ls: int) -> NoReturn:
        """Raise for an unquoted backslash at ``pos`` that is followed by a newline or the end.

        The stock tokenizer reads (and counts) that newline before raising.
        """
        text = self._text
        nxt = pos + 1
        if nxt >= self._n:
            self._set(self._n, line, ls)
            self.eof = True
        else:
            if text.startswith("\n", nxt) or text.startswith("\r\n", nxt):
                after = nxt + 2 if text[nxt] == "\r" else nxt + 1
                self._set(after, line + 1, after)
            else:  # a lone CR
                self._set(nxt + 1, line, ls)
            self._last_eol = not self.multiline
        raise dns.exception.UnexpectedEnd

    def _newline_in_quote(self, pos: int, line: int) -> NoReturn:
        """Raise for a line feed in a quoted string; ``pos`` is just past it."""
        self._set(pos, line, pos)
        self._last_eol = not self.multiline
        raise _syntax_error("newline in quoted string")

    def _quoted_body(self, tstart: int, bstart: int, line: int, ls: int, ttype: int) -> Token:
        """Read a quoting-mode token whose text starts at ``bstart``.

        ``tstart`` is where the token starts for its column (the opening quote of a quoted
        string).  The stock tokenizer stops at the closing quote and reads it again at the
        start of the next ``get()``, so the quote is left unread and quoting mode stays on.
        """
        text = self._text
        n = self._n
        tcol = tstart - ls + 1
        tline = line
        end = _quoted_body(text, bstart).end()
        value = text[bstart:end]
        has_escape = "\\" in value
        if has_escape and "\n" in value:
            # Escaped line feeds are part of the string but still count as lines.
            line += value.count("\n")
            ls = bstart + value.rfind("\n") + 1
        if end < n:
            c = text[end]
            if c == '"':
                self._set(end, line, ls)
                tok = LocatedToken(ttype, value, has_escape, None, tline, tcol)
                self.stmt_tokens.append(tok)
                return tok
            if c == "\n":
                self._newline_in_quote(end + 1, line + 1)
        # The end of the input, possibly just after a backslash.
        self._set(n, line, ls)
        self.eof = True
        raise dns.exception.UnexpectedEnd
