"""The data every stage shares: records with provenance, zones, the zone set, diagnostics.

The loader fills these; rules read them; the engine turns findings into diagnostics. The model
is deliberately lean (plain slotted objects and one name index) rather than ``dns.zone.Zone``:
a linter needs where each record was written, not a versioned database.
"""

from __future__ import annotations

import _socket
import bisect
import itertools
import operator
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Final, TypeAlias, overload

import dns.name
import dns.rdatatype

from mxlint._dnspython import name_from_labels
from mxlint._rrtypes import type_text
from mxlint._value import Value

if TYPE_CHECKING:
    import dns.rdata

SEVERITIES: Final = ("error", "warning", "info")

A: Final = dns.rdatatype.A
AAAA: Final = dns.rdatatype.AAAA
MX: Final = dns.rdatatype.MX
CNAME: Final = dns.rdatatype.CNAME
DNAME: Final = dns.rdatatype.DNAME
NS: Final = dns.rdatatype.NS
SOA: Final = dns.rdatatype.SOA
ADDRESS_TYPES: Final = frozenset((A, AAAA))


class Token(Value):
    """One token of a record as written: its text (escapes kept) and 1-based position."""

    __slots__ = ("col", "line", "text")
    _fields = ("text", "line", "col")

    def __init__(self, text: str, line: int, col: int) -> None:
        self.text = text
        self.line = line
        self.col = col


class Soa(Value):
    """An SOA record's data, as every loading path keeps it (the fast path, dnspython's
    parsers, the serial stage's every-record loads): the fields of dnspython's
    ``dns.rdtypes.ANY.SOA.SOA`` under the same names, with its text, its canonical wire form
    and its equality (names compared without case). Its own class, so that a run over a small
    zone does not import ``dns.rdata`` (tests/test_startup.py)."""

    __slots__ = ("expire", "minimum", "mname", "refresh", "retry", "rname", "serial")
    _fields = ("mname", "rname", "serial", "refresh", "retry", "expire", "minimum")

    def __init__(
        self,
        mname: dns.name.Name,
        rname: dns.name.Name,
        serial: int,
        refresh: int,
        retry: int,
        expire: int,
        minimum: int,
    ) -> None:
        self.mname = mname
        self.rname = rname
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimum = minimum

    def to_text(self) -> str:
        """dnspython's text of the SOA (``Rdata.to_text()``: names as kept, absolute)."""
        return (
            f"{self.mname.to_text()} {self.rname.to_text()} {self.serial} {self.refresh} "
            f"{self.retry} {self.expire} {self.minimum}"
        )

    __str__ = to_text

    def to_digestable(self) -> bytes:
        """The canonical wire form (RFC 4034 6.2: names in lower case), as dnspython's."""
        numbers = (self.serial, self.refresh, self.retry, self.expire, self.minimum)
        return (
            self.mname.to_digestable()
            + self.rname.to_digestable()
            + b"".join(n.to_bytes(4, "big") for n in numbers)
        )

    def replace(self, *, serial: int) -> Soa:
        """A copy with another serial (what ``--fix`` and the serial stage change)."""
        return Soa(
            self.mname, self.rname, serial, self.refresh, self.retry, self.expire, self.minimum
        )


# What a record keeps of its data. One shape per type, whichever loading path read it (the
# loader's fast path, dnspython's parsers, $GENERATE): the canonical address text (A, AAAA),
# (preference, exchange) (MX), the target name (CNAME, NS, DNAME, PTR), a Soa (SOA, on every
# path), dnspython's Rdata (TLSA as generic data), the joined strings of a TXT policy rules
# read (SPF, MTA-STS, TLS-RPT: mxlint.zonefile.loader.kept_txt; dnspython's Rdata when written
# as several strings), and None for the other TXT records and the types no rule reads (their
# text was still validated), unless the loader
# was asked to keep every record's data (mxlint.stages.serial compares them): then dnspython's
# Rdata for every type but SOA. (A string at run time: dns.rdata is imported only for typing.)
RecordData: TypeAlias = (
    "str | tuple[int, dns.name.Name] | dns.name.Name | Soa | dns.rdata.Rdata | None"
)

# The rdata tokens of a record as kept: Token objects, or, for the common MX record written on
# one line, (text, column, text, column) on the record's line (Tokens are built on demand).
Tokens = tuple[Token, ...] | tuple[str, int, str, int]


def plain_name(text: str) -> dns.name.Name:
    """The absolute name written ``text``: plain labels (letters, digits, ``_*/-``, at most 63
    characters each), a final dot, at most 255 bytes, as the loader's fast path checked them.

    Built the way ``dns.name.from_text`` would build it, without ``Name.__init__`` (whose
    immutability guard costs more than the parse): dnspython 2.7-2.9's ``Name`` keeps the
    labels in its single ``labels`` slot (tests/test_fastpath.py compares).
    """
    return name_from_labels((*text[:-1].encode().split(b"."), b""))


def key_name(key: bytes) -> dns.name.Name:
    """The absolute name whose :func:`nkey` is ``key``, for a key of a :func:`plain_name`
    written in lower case (its labels, joined by NUL, end with the root's empty label)."""
    return name_from_labels(tuple(key.split(b"\x00")))


class Record:
    """One resource record as written in a file.

    ``owner`` is absolute (the loader's fast path keeps a plain owner as its absolute text,
    or only as its key when written in lower case, and builds the ``Name`` when it is first
    asked for: most owners never are). ``rdata``
    holds absolute names (the loader never relativizes), in
    the one shape of its type (:data:`RecordData`); rules read it through the typed views
    (``exchange``, ``preference``, ``target``, ``address``). ``tokens`` holds the rdata
    tokens as written, kept only for MX, where rules ask how a name was spelt (compactly:
    read ``tokens`` or :meth:`token_text`).

    A record of a zone is a view of its row in the zone's :class:`Records`: it holds what rules
    read most (``key``, ``rdtype``, ``rdata``) and reads the rest (``path``, ``line``, ``col``,
    ``ttl``, ``ttl_explicit``, the owner and tokens) from the row. A record made on its own
    (``Record(...)``) keeps them itself until a zone's records take it.
    """

    __slots__ = ("_i", "_rows", "key", "rdata", "rdtype")

    _rows: Records
    _i: int

    def __init__(
        self,
        path: str,
        line: int,
        col: int,
        owner: dns.name.Name | str | bytes,
        rdtype: int,
        ttl: int,
        ttl_explicit: bool,
        rdata: RecordData,
        tokens: Tokens = (),
        key: bytes | None = None,
    ) -> None:
        # a row of its own until a zone's records take it (Records.append)
        own = Records()
        own.add(
            path,
            line,
            col,
            owner,
            rdtype,
            ttl,
            ttl_explicit,
            rdata,
            tokens,
            owner_key(owner) if key is None else key,
        )
        self._rows = own
        self._i = 0
        self.key = own.keys[0]
        self.rdtype = rdtype
        self.rdata = rdata

    @property
    def path(self) -> str:
        return self._rows.path(self._i)

    @property
    def line(self) -> int:
        return self._rows.lines[self._i]

    @property
    def col(self) -> int:
        return self._rows.cols[self._i]

    @property
    def ttl(self) -> int:
        return self._rows.ttls[self._i]

    @property
    def ttl_explicit(self) -> bool:
        """True if the TTL was written on the record's line (not inherited)."""
        return self._rows.explicit[self._i] == 1

    def _row(
        self,
    ) -> tuple[
        str, int, int, dns.name.Name | str | bytes, int, int, bool, RecordData, Tokens, bytes
    ]:
        """What :meth:`Records.add` takes to give this record a row elsewhere."""
        rows, i = self._rows, self._i
        return (
            rows.path(i),
            rows.lines[i],
            rows.cols[i],
            rows.owners[i],
            self.rdtype,
            rows.ttls[i],
            rows.explicit[i] == 1,
            self.rdata,
            rows.tokens[i],
            self.key,
        )

    @property
    def tokens(self) -> tuple[Token, ...]:
        """The rdata tokens as written (MX records only; empty for the others)."""
        t = self._rows.tokens[self._i]
        if t and t[0].__class__ is str:
            text1, col1, text2, col2 = t
            line = self.line
            return (Token(text1, line, col1), Token(text2, line, col2))
        return t  # type: ignore[return-value]

    def token_text(self, i: int) -> str | None:
        """The text of rdata token ``i`` as written, or None (without building tokens)."""
        t = self._rows.tokens[self._i]
        if t and t[0].__class__ is str:
            return t[2 * i] if 0 <= i < 2 else None  # type: ignore[return-value]
        return t[i].text if -1 < i < len(t) else None  # type: ignore[union-attr]

    @property
    def owner(self) -> dns.name.Name:
        """The owner name (absolute)."""
        owners = self._rows.owners
        o = owners[self._i]
        if isinstance(o, str):
            o = owners[self._i] = plain_name(o)  # built once per row
        elif isinstance(o, bytes):
            o = owners[self._i] = key_name(o)
        return o

    # Typed views of the rdata a rule reads (only valid for the matching types).
    # (Annotated assignments, not typing.cast: rules read these in their inner loops.)
    @property
    def exchange(self) -> dns.name.Name:
        """MX target (absolute)."""
        rd: tuple[int, dns.name.Name] = self.rdata  # type: ignore[assignment]
        return rd[1]

    @property
    def preference(self) -> int:
        """MX preference."""
        rd: tuple[int, dns.name.Name] = self.rdata  # type: ignore[assignment]
        return rd[0]

    @property
    def target(self) -> dns.name.Name:
        """CNAME, DNAME, NS or PTR target (absolute)."""
        rd: dns.name.Name = self.rdata  # type: ignore[assignment]
        return rd

    @property
    def address(self) -> str:
        """A or AAAA address text (dnspython's canonical form)."""
        rd: str = self.rdata  # type: ignore[assignment]
        return rd

    def rdata_text(self) -> str:
        """The rdata in dnspython's canonical text ("" where it was not kept)."""
        rd = self.rdata
        if rd is None or isinstance(rd, str):
            return rd or ""
        if isinstance(rd, tuple):
            return f"{rd[0]} {rd[1]}"
        return rd.to_text()

    @property
    def type_name(self) -> str:
        return type_text(self.rdtype)  # BIND's mnemonics where dnspython has none

    def where(self) -> str:
        """``path:line``, for messages that point at another record."""
        return f"{self.path}:{self.line}"

    def __repr__(self) -> str:
        return f"<Record {self.owner} {self.type_name} {self.rdata} at {self.path}:{self.line}>"


_new_record = Record.__new__


def packed_ipv4(text: str) -> int | None:
    """The address ``text`` as one integer (network byte order), if ``dns.ipv4.inet_aton``
    accepts it (decimal, four parts, no leading zero, each at most 255: exactly the texts the C
    library's packed form reads back as), else None. :class:`Records` keeps A addresses so."""
    try:
        packed = _inet_aton(text)
    except (OSError, ValueError):
        return None
    return int.from_bytes(packed) if _inet_ntoa(packed) == text else None


_KEY: Final = operator.attrgetter("key")
_inet_aton: Final = _socket.inet_aton
_inet_ntoa: Final = _socket.inet_ntoa


class Records:
    """A zone's records in file order, kept by column: what a zone of a million records can
    afford (about 50 bytes a record, where a :class:`Record` object with its line number takes
    about 140).

    Each record is one row: its owner key (:attr:`Record.key`, one shared ``bytes`` per run of
    one owner), the owner as the loader kept it, type, TTL, whether the TTL was written, line,
    column, rdata (one shape per type: :data:`RecordData`) and MX tokens; the file of each run
    of rows is kept once. A :class:`Record` is made from its row only when something asks for
    it (``records[i]``, iteration, :meth:`Zone.at`, :meth:`Zone.mx_records`), and then kept, so
    asking twice gives the same object. Rules that scan a whole zone read the columns
    (:attr:`keys`, :attr:`types`) instead, and ask for the few records they report or inspect.

    It reads as a list of records: ``len``, indexing, slicing, iteration, ``==`` with a list.
    """

    __slots__ = (
        "_addrs",
        "_files",
        "_rdata",
        "_starts",
        "_views",
        "cols",
        "explicit",
        "keys",
        "lines",
        "owners",
        "pending",
        "tokens",
        "ttls",
        "types",
    )

    def __init__(self, records: Iterable[Record] = ()) -> None:
        self.keys: list[bytes] = []
        # the owner as kept (see Record.owner): a Name, its absolute text, or its key
        self.owners: list[dns.name.Name | str | bytes] = []
        self.types = array("H")
        self.ttls = array("I")
        self.explicit = bytearray()
        self.lines = array("I")
        # columns fit a byte in almost every zone: "B" (1 byte a record) until one does not,
        # then "I" (see _wide_cols)
        self.cols = array("B")
        # the rdata, but None for an A record whose address is in _addrs (4 bytes, not a
        # string of about 60: most records of a large zone are A records)
        self._rdata: list[RecordData] = []
        self._addrs = array("I")
        self.tokens: list[Tokens] = []
        # the file of rows _starts[k] up to _starts[k + 1]
        self._files: list[str] = []
        self._starts: list[int] = []
        self._views: list[Record | None] = []
        # Rows the loader's fast path staged, not yet in the columns (see flush): one tuple
        # (key, owner, type, TTL, TTL written, line, column, rdata, packed A address or 0,
        # tokens) each, of the file last given to begin.
        self.pending: list[tuple[Any, ...]] = []
        for rec in records:
            self.append(rec)

    def begin(self, path: str) -> None:
        """The rows staged next (:attr:`pending`) are of the file ``path``."""
        self.flush()
        files = self._files
        if not files or (path is not files[-1] and path != files[-1]):
            files.append(path)
            self._starts.append(len(self.keys))

    def flush(self) -> None:
        """Move the staged rows into the columns, in one pass per column (the fast path stages
        a tuple per record, which costs less than ten appends)."""
        staged = self.pending  # (emptied in place: the fast path holds this list)
        if not staged:
            return
        keys, owners, types, ttls, explicit, lines, cols, rdata, addrs, tokens = zip(
            *staged, strict=True
        )
        self.keys.extend(keys)
        self.owners.extend(owners)
        self.types.extend(types)
        self.ttls.extend(ttls)
        self.explicit.extend(explicit)
        self.lines.extend(lines)
        if max(cols) > 255:
            self._wide_cols()
        self.cols.extend(cols)
        self._rdata.extend(rdata)
        self._addrs.extend(addrs)
        self.tokens.extend(tokens)
        staged.clear()

    def add(
        self,
        path: str,
        line: int,
        col: int,
        owner: dns.name.Name | str | bytes,
        rdtype: int,
        ttl: int,
        ttl_explicit: bool,
        rdata: RecordData,
        tokens: Tokens,
        key: bytes,
    ) -> None:
        """Add a row (no :class:`Record` is made)."""
        if self.pending:
            self.flush()
        files = self._files
        if not files or (path is not files[-1] and path != files[-1]):
            files.append(path)
            self._starts.append(len(self.keys))
        self.keys.append(key)
        self.owners.append(owner)
        self.types.append(rdtype)
        self.ttls.append(ttl)
        self.explicit.append(ttl_explicit)
        self.lines.append(line)
        if col > 255:
            self._wide_cols()
        self.cols.append(col)
        packed = packed_ipv4(rdata) if rdtype == A and isinstance(rdata, str) else None
        if packed is not None:  # (an address that reads back as written: kept packed)
            self._addrs.append(packed)
            self._rdata.append(None)
            self.tokens.append(tokens)
            return
        self._addrs.append(0)
        self._rdata.append(rdata)
        self.tokens.append(tokens)

    def _wide_cols(self) -> None:
        """Keep columns as 4-byte numbers from now on (one is past 255)."""
        if self.cols.typecode != "I":
            self.cols = array("I", self.cols)

    def append(self, rec: Record) -> None:
        """Add ``rec``, which becomes the view of its new row (``records[-1] is rec``)."""
        self.add(*rec._row())
        n = len(self.keys)
        views = self._views
        if len(views) < n:
            views.extend([None] * (n - len(views)))
        views[n - 1] = rec
        rec._rows = self
        rec._i = n - 1

    def clear(self) -> None:
        """Drop every row (the records made from them keep theirs: see :meth:`detach`)."""
        for rec in self._views:
            if rec is not None and rec._rows is self:
                own = Records()
                own.add(*rec._row())
                rec._rows = own
                rec._i = 0
        staged = self.pending  # (the same list: the fast path holds it)
        staged.clear()
        self.__init__()  # type: ignore[misc]
        self.pending = staged

    def detach(self) -> None:
        """Forget the records made from these rows (a zone whose records were replaced or
        released): each still reads its row, but nothing here refers to it, so the rows and
        records are freed with the last of them (a record and its rows referring to each
        other would wait for the cyclic collector, which is off during a run)."""
        self._views = []

    def path(self, i: int) -> str:
        """The file of row ``i``."""
        starts = self._starts
        if len(starts) == 1:
            return self._files[0]
        return self._files[bisect.bisect_right(starts, i) - 1]

    def record(self, i: int) -> Record:
        """The record of row ``i`` (``0 <= i < len(self)``), made once."""
        if self.pending:
            self.flush()
        try:
            rec = self._views[i]
        except IndexError:
            views = self._views
            views.extend([None] * (len(self.keys) - len(views)))
            rec = views[i]
        if rec is None:
            rec = _new_record(Record)
            rec._rows = self
            rec._i = i
            rec.key = self.keys[i]
            rdtype = rec.rdtype = self.types[i]
            rd = self._rdata[i]
            if rd is None and rdtype == A:
                rd = _inet_ntoa(self._addrs[i].to_bytes(4))
            rec.rdata = rd
            self._views[i] = rec
        return rec

    def rows(self, rdtypes: Iterable[int]) -> Iterator[int]:
        """The rows of the records of the types ``rdtypes``, in file order (found in C)."""
        wanted = frozenset(rdtypes)
        if len(wanted) == 1:
            (one,) = wanted
            hits = map(operator.eq, self.types, itertools.repeat(one))
        else:
            hits = map(wanted.__contains__, self.types)
        return itertools.compress(range(len(self.keys)), hits)

    def kept(self, rdtypes: Iterable[int]) -> list[int]:
        """The rows of the types ``rdtypes`` (not A) whose rdata the loader kept (not None)."""
        rdata = self._rdata
        return [i for i in self.rows(rdtypes) if rdata[i] is not None]

    def of_types(self, rdtypes: Iterable[int]) -> list[Record]:
        """The records of the types ``rdtypes``, in file order (only those are made)."""
        return list(map(self.record, self.rows(rdtypes)))

    def __len__(self) -> int:
        return len(self.keys) + len(self.pending)

    @overload
    def __getitem__(self, i: int) -> Record: ...
    @overload
    def __getitem__(self, i: slice) -> list[Record]: ...
    def __getitem__(self, i: int | slice) -> Record | list[Record]:
        self.flush()
        n = len(self.keys)
        if isinstance(i, slice):
            return [self.record(k) for k in range(*i.indices(n))]
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("record index out of range")
        return self.record(i)

    def __iter__(self) -> Iterator[Record]:
        self.flush()
        return map(self.record, range(len(self.keys)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Records | list | tuple):
            return len(self) == len(other) and all(
                a is b or a == b for a, b in zip(self, other, strict=True)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Records: {len(self.keys)}>"

    def rdata_of(self, rows: Iterable[int]) -> Iterator[RecordData]:
        """The rdata of the rows ``rows`` as kept, without making their records (None for an
        A record whose address is kept packed: ask :meth:`record` for its text)."""
        if self.pending:
            self.flush()
        return map(self._rdata.__getitem__, rows)

    def type_mask(self, rdtypes: Iterable[int]) -> bytes | None:
        """One byte per row, 1 where its type is one of ``rdtypes``, else 0, found in C from
        the low bytes of the type column (each type is a 2-byte number); None when a type
        of the column or of ``rdtypes`` is over 255 (then ask :meth:`rows`)."""
        wanted = frozenset(rdtypes)
        types = self.types
        if types.itemsize != 2 or not wanted <= _BYTE_VALUES:
            return None
        raw = types.tobytes()
        low, high = (raw[0::2], raw[1::2]) if _LITTLE else (raw[1::2], raw[0::2])
        if high.count(0) != len(high):
            return None  # a type over 255
        return low.translate(bytes(i in wanted for i in range(256)))

    def rows_of(self, rdtypes: Iterable[int]) -> Iterator[int]:
        """:meth:`rows`, found through :meth:`type_mask` when it can be (each row number is
        made as it is read: an array of them holds no int objects)."""
        mask = self.type_mask(rdtypes)
        if mask is None:
            return self.rows(rdtypes)
        return itertools.compress(range(len(mask)), mask)

    def holds(self, rdtypes: Iterable[int]) -> bool:
        """True if a row's type is one of ``rdtypes`` (one search of :meth:`type_mask`)."""
        mask = self.type_mask(rdtypes)
        if mask is None:
            return any(map(frozenset(rdtypes).__contains__, self.types))
        return b"\x01" in mask


_LITTLE: Final = sys.byteorder == "little"  # (the type column's numbers are native)
_BYTE_VALUES: Final = frozenset(range(256))


class Problem(Value):
    """Something the loader could not read or must set aside.

    ``kind`` is ``syntax`` (a ``syntax-error`` diagnostic) or ``out-of-zone`` (a record whose
    owner is outside the zone: name servers ignore it with a warning; ``out-of-zone``).
    """

    __slots__ = ("col", "kind", "line", "message", "path")
    _fields = ("path", "line", "col", "message", "kind")
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(self, path: str, line: int, col: int, message: str, kind: str = "syntax"):
        self.path = path
        self.line = line
        self.col = col
        self.message = message
        self.kind = kind


class Evidence(Value):
    """Where a zone's origin came from, strongest first (see :mod:`mxlint.identity.zones`).

    ``kind``: ``option`` (``--origin``), ``config`` (``origins:``), ``server`` (a named.conf,
    nsd.conf or knot.conf), ``soa`` (the SOA owner), ``directive`` (a ``$ORIGIN`` before the
    first record), ``filename``, or ``none`` (nothing: a stand-in origin that no message
    shows). ``source`` says it for messages (``the SOA record at line 3``). A guess that
    nothing in the file confirms has ``confirmed`` false: only verdicts that hold under any
    origin are reported for such a zone.
    """

    __slots__ = ("confirmed", "kind", "source")
    _fields = ("kind", "source", "confirmed")

    def __init__(self, kind: str, source: str, confirmed: bool = True) -> None:
        self.kind = kind
        self.source = source
        self.confirmed = confirmed


class Note(Value):
    """What zone identity says about a file (reported by ``zone-identity``)."""

    __slots__ = ("line", "message", "path", "severity")
    _fields = ("path", "line", "message", "severity")

    def __init__(self, path: str, line: int, message: str, severity: str = "info") -> None:
        self.path = path
        self.line = line
        self.message = message
        self.severity = severity


class OriginFix(Value):
    """A ``$ORIGIN`` written without its final dot whose expansion repeats the origin:
    ``written`` meant ``meant``, not ``used``. The loader goes on with ``meant``, so one
    missing dot is reported once, at its line (``missing-trailing-dot``)."""

    __slots__ = ("col", "line", "meant", "path", "used", "written")
    _fields = ("path", "line", "col", "written", "used", "meant")

    def __init__(
        self,
        path: str,
        line: int,
        col: int,
        written: str,
        used: dns.name.Name,
        meant: dns.name.Name,
    ) -> None:
        self.path = path
        self.line = line
        self.col = col
        self.written = written
        self.used = used
        self.meant = meant


class Zone:
    """One zone file (with what it includes) as loaded.

    ``origin`` is ``None`` when the file was not loaded (unreadable, or not a zone file: then
    ``records`` is empty and ``problems`` or ``notes`` say why). ``evidence`` says where the
    origin came from. ``context`` zones serve lookups only and get no diagnostics;
    ``report_only``, when set, limits a zone's diagnostics to those files (resolved paths):
    a context zone linted for the sake of a fragment it includes.

    ``read_all`` is false when a file of the zone could not be read here (an ``$INCLUDE``
    kept on the server, outside the repository); ``authoritative`` is false for a copy of a
    zone served elsewhere (a secondary's or a stub's file). Either way the zone is not
    :attr:`complete`: what it lacks may be in the part not seen, so no verdict of absence
    ("has no address", "does not exist") rests on it (see :attr:`Target.complete`).
    """

    def __init__(
        self,
        path: str,
        origin: dns.name.Name | None,
        records: list[Record] | None = None,
        problems: list[Problem] | None = None,
        exceeded: list[Problem] | None = None,
        files: list[str] | None = None,
        context: bool = False,
        evidence: Evidence | None = None,
        notes: list[Note] | None = None,
        origin_fixes: list[OriginFix] | None = None,
        absolute_owners: set[tuple[str, int]] | None = None,
        report_only: frozenset[str] | None = None,
        directives: dict[str, list[Any]] | None = None,
    ) -> None:
        self.path = path
        self.origin = origin
        self.records = records if records is not None else Records()
        self.problems: list[Problem] = [] if problems is None else problems
        # Limits of mxlint.limits that this file hit (``limit-exceeded``).
        self.exceeded: list[Problem] = [] if exceeded is None else exceeded
        self.files: list[str] = [] if files is None else files
        self.context = context
        self.evidence = Evidence("option", "the origin given") if evidence is None else evidence
        self.notes: list[Note] = [] if notes is None else notes
        self.origin_fixes: list[OriginFix] = [] if origin_fixes is None else origin_fixes
        # (path, line) of owners written absolute that could look like a forgotten dot
        self.absolute_owners: set[tuple[str, int]] = (
            set() if absolute_owners is None else absolute_owners
        )
        self.report_only = report_only
        # The "; mxlint:" directives of each file read, by path (mxlint.stages.suppress.Directive).
        self.directives: dict[str, list[Any]] = {} if directives is None else directives
        self.read_all = True
        self.authoritative = True
        # False when a statement whose owner is not known did not load (a name that does not
        # read, a bad directive): any name may then hold more than is known.
        self.read_whole = True
        # The servers whose configurations in the repository load this file ("bind", "nsd",
        # "knot"; empty: none names it). Set by zone identity.
        self.loaders: frozenset[str] = frozenset()
        # The server that loads the zone (mxlint.identity.dialect; None: BIND, assumed).
        self.server: str | None = None
        self._mx: list[Record] | None = None
        self._mx_by_owner: dict[bytes, list[Record]] | None = None
        self._owners: dict[bytes, int | array[int]] | None = None
        self._parents: set[bytes] | None = None
        # the first NS and DNAME record of each owner that has one, by type
        self._cuts: dict[int, dict[bytes, Record]] | None = None
        self._wildcards = False
        # Keys of the names owning a record the loader could not load (a syntax error in its
        # data, another server's ALIAS, LUA or DYNA record): what they hold is not known here.
        self.unloaded_owners: set[bytes] = set()

    def __repr__(self) -> str:
        return (
            f"Zone(path={self.path!r}, origin={self.origin!r}, records=<{len(self.records)}>, "
            f"problems={self.problems!r}, files={self.files!r}, context={self.context!r}, "
            f"evidence={self.evidence!r})"
        )

    @property
    def records(self) -> Records:
        """The zone's records in file order (:class:`Records`: a list of records, kept by
        column). A list given is stored the same way."""
        return self._records

    @records.setter
    def records(self, records: Iterable[Record]) -> None:
        old: Records | None = getattr(self, "_records", None)
        self._records = records if isinstance(records, Records) else Records(records)
        if old is not None and old is not self._records:
            old.detach()  # (the records it gave that were not taken stay valid)

    @property
    def complete(self) -> bool:
        """True if every record of the zone is known here (see the class docstring): every
        file read, a primary's file, and every statement loaded or at least its owner known
        (:attr:`unloaded_owners`: a line that did not load, ``mail IN A 82.165.XXX.XXX``, may
        hold what a verdict of absence would deny of that name)."""
        return self.read_all and self.authoritative and self.read_whole

    @property
    def confirmed(self) -> bool:
        """False when the origin is a guess nothing confirms (see :class:`Evidence`)."""
        return self.evidence.confirmed

    def origin_note(self, where: str | None = None) -> str:
        """``origin example.com. from the SOA record at line 3``, for messages whose verdict
        depends on the origin; ``where`` is the file the message is about: when it is not the
        zone's own (an included fragment), evidence found in the zone's file says which."""
        if self.origin is None or self.evidence.kind == "none":
            return "origin unknown"
        guess = "" if self.confirmed else ", a guess"
        source = self.evidence.source
        if where is not None and where != self.path and self.evidence.kind in ("soa", "directive"):
            source += f" of {self.path}"
        return f"origin {self.origin} from {source}{guess}"

    # False for a copy of a zone served elsewhere: the file of a secondary, stub or mirror
    # zone in the server configuration that loads it. A copy may lag or be partial, so it
    # is never the authority that says a name does not exist. Set by zone identity.
    authoritative: bool = True

    def show(self, name: dns.name.Name) -> str:
        """``name`` for a message: absolute, or relative to an origin that is only a guess
        (a message must not assert an expansion nothing confirms)."""
        if self.confirmed or self.origin is None or not name.is_subdomain(self.origin):
            return name.to_text()
        rel = name.relativize(self.origin)
        return "@" if rel == dns.name.empty else rel.to_text()

    def owners(self) -> dict[bytes, int | array[int]]:
        """The owner index, computed once: for each owner key (:func:`nkey`), the row (in
        :attr:`records`) where its records start when they are one run of rows (most owners),
        else the rows of all of them. :meth:`at` reads it; its keys are the zone's owners."""
        if self._owners is None:
            rows = self.records
            owners: dict[bytes, int | array[int]] = {}
            cuts: dict[int, dict[bytes, Record]] = {}
            wild = False
            keys = rows.keys
            last: bytes | None = None
            skip = 0  # rows before it belong to the run just indexed
            for i, key in enumerate(keys):
                if key is last or i < skip:
                    continue  # the owner of the row before (the loader shares keys)
                last = key
                seen = owners.get(key)
                if seen is None:
                    owners[key] = i
                    if key[:2] == b"*\x00":
                        wild = True
                    continue
                if seen.__class__ is int:
                    start: int = seen
                    length = self._run(start)
                    if start + length > i:
                        skip = start + length
                        continue  # the same run (equal keys, not one object)
                    seen = owners[key] = array("I", range(start, start + length))
                length = self._run(i)  # a later run of an owner seen before
                seen.extend(range(i, i + length))  # type: ignore[union-attr]
                skip = i + length
            types = rows.types
            for rdtype in _CUT_TYPES:  # (see ZoneSet._above)
                if rdtype in types:
                    found: dict[bytes, Record] = {}
                    hits = map(operator.eq, types, itertools.repeat(rdtype))
                    for row in itertools.compress(range(len(keys)), hits):
                        if keys[row] not in found:
                            found[keys[row]] = rows.record(row)
                    cuts[rdtype] = found
            self._owners = owners
            self._cuts = cuts
            self._wildcards = wild
        return self._owners

    def _run(self, start: int) -> int:
        """How many rows from ``start`` have the key of row ``start``."""
        keys = self.records.keys
        key = keys[start]
        end = start + 1
        n = len(keys)
        while end < n and keys[end] == key:
            end += 1
        return end - start

    def rows_at(self, key: bytes) -> range | array[int]:
        """The rows (in :attr:`records`) of the records owned by the name with key ``key``,
        in file order; none are made into :class:`Record` objects."""
        index = self._owners
        seen = (self.owners() if index is None else index).get(key)
        if seen is None:
            return range(0)
        if seen.__class__ is int:
            start: int = seen
            return range(start, start + self._run(start))
        return seen  # type: ignore[return-value]

    def at(self, key: bytes) -> list[Record]:
        """The records owned by the name with key ``key`` (:func:`nkey`), in file order."""
        return list(tuple(map(self.records.record, self.rows_at(key))))  # (exact size)

    def types_at(self, key: bytes) -> list[int]:
        """The types of the records :meth:`at` gives, without making them."""
        types = self.records.types
        return [types[i] for i in self.rows_at(key)]

    def exists(self, key: bytes) -> bool:
        """True if the owner key has records here or is an empty non-terminal above some."""
        index = self.owners()
        if key in index:
            return True
        if self._parents is None:
            parents: set[bytes] = set()
            for owner in index:
                k = _parent_key(owner)
                while k is not None and k not in parents:
                    parents.add(k)
                    k = _parent_key(k)
            self._parents = parents
        return key in self._parents

    def mx_records(self) -> list[Record]:
        """The MX records, in file order (computed once: most rules read them)."""
        if self._mx is None:
            self._mx = self.records.of_types((MX,))
        return self._mx

    def mx_by_owner(self) -> dict[bytes, list[Record]]:
        """MX records grouped by owner (:func:`nkey`), in file order; computed once."""
        if self._mx_by_owner is None:
            groups: dict[bytes, list[Record]] = {}
            # run by run of one owner: lists of the size they need (a zone of a million
            # records has a few hundred thousand of them)
            for key, run in itertools.groupby(self.mx_records(), _KEY):
                bucket = groups.get(key)
                if bucket is None:
                    groups[key] = list(tuple(run))  # (list(run) over-allocates: 120 B, not 72)
                else:
                    bucket.extend(run)
            self._mx_by_owner = groups
        return self._mx_by_owner

    def mx_at(self, key: bytes) -> list[Record]:
        """The MX records owned by the name with key ``key``, in file order: what
        ``mx_by_owner().get(key, [])`` holds, without grouping every owner's records."""
        rows = self.records
        types = rows.types
        return [rows.record(i) for i in self.rows_at(key) if types[i] == MX]


def nkey(name: dns.name.Name) -> bytes:
    """A cheap, case-insensitive dictionary key for a name: its labels, lower-cased, joined.

    ``dns.name.Name`` hashes in a Python loop over every character; a bytes key hashes in C.
    Labels are joined with NUL, which host names never contain, and absolute names end in it.
    """
    return b"\x00".join(name.labels).lower()


def owner_key(owner: dns.name.Name | str | bytes) -> bytes:
    """The :func:`nkey` of an owner as the loader holds it: a ``Name``, its absolute plain
    text (see :func:`plain_name`) or already its key (as :class:`Record` computes it)."""
    if isinstance(owner, bytes):
        return owner
    if isinstance(owner, str):
        return owner.encode().lower().replace(b".", b"\x00")
    return nkey(owner)


_TEXT: dict[tuple[bytes, ...], str] = {}


# Bytes that dnspython's to_text writes as they are (it escapes the others: see
# dns.name._escapify), with NUL, the label separator of a key.
_AS_WRITTEN: Final = (
    bytes(b for b in range(0x21, 0x7F) if chr(b) not in '"().;\\@$' and not chr(b).isupper())
    + b"\x00"
)


def name_text(name: dns.name.Name, key: bytes | None = None) -> str:
    """``name.to_text()`` lower-cased: written straight from the key when no label needs an
    escape (most names), else by dnspython, cached: rules ask for the same targets often.
    ``key``, when known, is ``nkey(name)``."""
    labels = name.labels
    if len(labels) > 1 and not labels[-1]:
        if key is None:
            key = nkey(name)
        if key.count(b"\x00") == len(labels) - 1 and not key.translate(None, _AS_WRITTEN):
            return key.replace(b"\x00", b".").decode("ascii")
    text = _TEXT.get(labels)
    if text is None:
        text = _TEXT[labels] = name.to_text().lower()
    return text


_FEW: Final = 8
_CUT_TYPES: Final = frozenset((NS, DNAME))


def _deepest_suffix(key: bytes, keys: Iterable[bytes]) -> bytes | None:
    """The longest of ``keys`` that is ``key`` or one of its ancestors (by :func:`nkey`)."""
    best: bytes | None = None
    for k in keys:
        if (key == k or key.endswith(b"\x00" + k)) and (best is None or len(k) > len(best)):
            best = k
    return best


def _parent_key(key: bytes) -> bytes | None:
    i = key.find(b"\x00")
    return None if i < 0 or key == b"" else key[i + 1 :]


class Target:
    """What the loaded zones say about one name that MX records point at (see ZoneSet.target).

    ``zone`` is the loaded zone holding the name (the deepest origin above it; None: outside
    every loaded zone); ``records`` are the name's own; ``addresses`` its A/AAAA, directly or
    through a wildcard; ``aliases`` its CNAMEs, directly or through a wildcard; ``dname`` the
    nearest DNAME at or above it; ``delegated`` whether a zone cut (NS below an apex) lies at
    or above it.

    When several files hold versions of the zone (the same origin), ``versions`` has the facts
    of each, and the combined fields report only what holds for all: ``addresses`` and
    ``records`` from every version, ``aliases`` and ``dname`` only if every version has them,
    ``delegated`` if any version delegates. A rule that needs "no version has X" asks
    ``versions``.

    ``complete`` is false when a zone that answers was not read whole (:attr:`Zone.complete`):
    what is found holds, what is missing may be in the part not read, so a rule must not
    report an absence (no address, no such name) from such facts.
    """

    __slots__ = (
        "addresses",
        "aliases",
        "complete",
        "delegated",
        "dname",
        "records",
        "versions",
        "zone",
    )

    def __init__(
        self,
        zone: Zone | None,
        records: list[Record],
        addresses: list[Record],
        aliases: list[Record],
        dname: Record | None,
        delegated: bool,
        versions: tuple[Target, ...] = (),
        complete: bool = True,
    ) -> None:
        self.zone = zone
        self.complete = complete
        self.records = records
        self.addresses = addresses
        self.aliases = aliases
        self.dname = dname
        self.delegated = delegated
        self.versions = versions

    def each(self) -> tuple[Target, ...]:
        """The facts of every version (just this one when there is one file)."""
        return self.versions or (self,)


_NOWHERE = Target(None, [], [], [], None, False)
# Up to this many origins, ZoneSet.within tests every key against every origin in C.
_ORIGINS_IN_C: Final = 64


def _ends_with(ends: tuple[bytes, ...]) -> Callable[[bytes], bool]:
    return operator.methodcaller("endswith", ends)


class ZoneSet:
    """Every zone loaded in one run, each file its own zone, found by origin.

    A name belongs to the loaded zone with the deepest origin above it. Files with the same
    origin are versions of one zone (an old copy beside the current one, a signed and an
    unsigned file): a name below a file's own origin is answered by that file alone; a lookup
    from elsewhere sees every version (:class:`Target`). Names compare case-insensitively
    (``MAIL.example.com.`` is ``mail.example.com.``), through :func:`nkey` byte keys.
    """

    def __init__(
        self,
        zones: list[Zone],
        *,
        load: Callable[[Zone], None] | None = None,
        pending: Iterable[int] = (),
        loadable: Iterable[int] = (),
    ) -> None:
        self.zones = zones
        self._by_origin: dict[bytes, list[Zone]] = {}
        for zone in zones:
            if zone.origin is not None:
                self._by_origin.setdefault(nkey(zone.origin), []).append(zone)
        self._memos: dict[str, dict[int, object]] = {}
        self._targets: dict[tuple[bytes, int], Target] = {}
        self._by_object: dict[int, tuple[dns.name.Name, Zone | None, Target]] = {}
        # Zones read on demand (see mxlint.identity.zones.scan): ``load`` reads the records of a
        # zone (by id) in ``_unloaded``; those in ``_loadable`` can be released and read again.
        self._load = load
        self._unloaded = set(pending)
        self._loadable = set(loadable)
        self._current: Zone | None = None
        self._pinned: set[int] = set()
        self._local: list[tuple[bytes, int]] = []  # _targets keys that hold _current's records

    # ------------------------------------------------------------------ zone by zone
    # The engine runs every rule of one zone, then the next (:meth:`enter`, :meth:`leave`).
    # A zone that another zone's lookup reaches is read (if it was not) and pinned: kept for
    # the rest of the run. :meth:`release` drops the records of a zone that nothing pinned.

    def resident(self, zone: Zone) -> bool:
        """False while ``zone``'s records are not in memory (not read yet, or released)."""
        return id(zone) not in self._unloaded

    def ensure(self, zone: Zone) -> Zone:
        """``zone``, its records read if they were not."""
        if self._unloaded and id(zone) in self._unloaded:
            assert self._load is not None
            self._unloaded.discard(id(zone))
            self._load(zone)
        return zone

    def load_all(self) -> None:
        """Read every zone not in memory (the whole set, as before any release)."""
        for zone in self.zones:
            self.ensure(zone)

    def enter(self, zone: Zone) -> None:
        """The rules of ``zone`` run now: its records are read if they were not."""
        self.ensure(zone)
        self._current = zone
        self._memos.clear()

    def leave(self, zone: Zone, release: bool = False) -> bool:
        """The rules of ``zone`` ran; with ``release``, its records are dropped unless a lookup
        from another zone reached it (or it cannot be read again). True if released."""
        self._current = None
        self._memos.clear()
        local, self._local = self._local, []
        if not release or id(zone) in self._pinned or id(zone) not in self._loadable:
            return False
        for key in local:
            self._targets.pop(key, None)
        self._by_object.clear()
        self.release(zone)
        return True

    def release(self, zone: Zone) -> None:
        """Drop ``zone``'s records and indexes (read again if a lookup needs them later)."""
        if id(zone) not in self._loadable:
            raise ValueError(f"{zone.path} cannot be read again: its records are kept")
        zone.records = []
        zone._mx = zone._mx_by_owner = zone._owners = zone._parents = zone._cuts = None
        zone._wildcards = False
        self._unloaded.add(id(zone))

    def linting(self) -> list[Zone]:
        """The zones whose rules are running: the engine's current zone, else all."""
        return self.zones if self._current is None else [self._current]

    def _reach(self, zones: list[Zone]) -> list[Zone]:
        """``zones``, answering a lookup: read if they were not, pinned if not the current."""
        if self._load is not None:
            for zone in zones:
                if zone is not self._current:
                    self._pinned.add(id(zone))
                    self.ensure(zone)
        return zones

    def versions(self, zone: Zone) -> list[Zone]:
        """Every loaded file with ``zone``'s origin (``zone`` among them), in load order."""
        if zone.origin is None:
            return [zone]
        found = self._by_origin.get(nkey(zone.origin), [zone])
        return self._reach(found) if len(found) > 1 else found

    def _origin_key(self, key: bytes) -> bytes | None:
        """The deepest loaded origin at or above ``key``."""
        zones = self._by_origin
        if len(zones) <= _FEW:  # a run of few zones: test each origin, not each ancestor
            return _deepest_suffix(key, zones)
        k: bytes | None = key
        while k is not None:
            if k in zones:
                return k
            k = _parent_key(k)
        return None

    def within(self, keys: Sequence[bytes], lines: bytes | None = None) -> list[int]:
        """The positions in ``keys`` (each an :func:`nkey`) of the names inside some loaded zone,
        in order: every other name is outside them all (:meth:`target` knows nothing of it).

        For a run of few origins, found in C (a zone of many distinct targets outside it asks
        this once, not once per name): a name is inside a zone when its key is the origin's
        or ends with a NUL and the origin's, as :meth:`_origin_key` finds it. ``lines``, when
        known, is ``b"\\n" + b"\\n".join(keys) + b"\\n"``.
        """
        origins = self._by_origin
        if not origins:
            return []
        if len(origins) > _ORIGINS_IN_C:
            return [i for i, key in enumerate(keys) if self._origin_key(key) is not None]
        # A key inside ends a line of the keys joined with the origin's key after a NUL or
        # is that whole line: where no origin is found so, no key is inside (most zones of
        # many distinct targets: one search per origin).
        if lines is None:
            lines = b"\n" + b"\n".join(keys) + b"\n"
        if not any(b"\x00" + k + b"\n" in lines or b"\n" + k + b"\n" in lines for k in origins):
            return []
        ends = tuple(b"\x00" + k for k in origins)
        hits = map(operator.or_, map(origins.__contains__, keys), map(_ends_with(ends), keys))
        return list(itertools.compress(range(len(keys)), hits))

    def _views(self, key: bytes, asking: Zone | None) -> list[Zone]:
        """The zones that answer for ``key``: the asking file alone for a name below its own
        origin, else every version of the deepest zone holding the name."""
        okey = self._origin_key(key)
        if okey is None:
            return []
        versions = self._by_origin[okey]
        if asking is not None and len(versions) > 1 and asking in versions:
            return self._reach([asking])
        return self._reach(versions)

    def target(
        self, name: dns.name.Name, asking: Zone | None = None, key: bytes | None = None
    ) -> Target:
        """The facts rules need about an MX target of ``asking``, computed once per distinct
        name and answering zone (``key``, when known, is ``nkey(name)``)."""
        # Several rules ask about every MX target, and the loader shares one Name object per
        # target text: the answer is kept by object (the entry holds the objects, so their
        # ids cannot be reused while it lives). A name outside every loaded zone is not kept:
        # finding that again costs less than the entry (zones with many distinct targets).
        seen = self._by_object.get(id(name))
        if seen is not None and seen[0] is name and seen[1] is asking:
            return seen[2]
        t = self._target(name, asking, nkey(name) if key is None else key)
        if seen is None and t is not _NOWHERE:
            self._by_object[id(name)] = (name, asking, t)
        return t

    #: What :meth:`target` says of a name outside every loaded zone.
    nowhere: Final[Target] = _NOWHERE

    def _target(self, name: dns.name.Name, asking: Zone | None, key: bytes) -> Target:
        views = self._views(key, asking)
        if not views:
            return _NOWHERE
        cache = (key, id(views[0]) if len(views) == 1 else -len(views))
        t = self._targets.get(cache)
        if t is None:
            facts = [self._facts(zone, key) for zone in views]
            t = facts[0] if len(facts) == 1 else _combine(facts)
            self._targets[cache] = t
            if self._current is not None and self._current in views:
                self._local.append(cache)
        return t

    def _facts(self, zone: Zone, key: bytes) -> Target:
        recs = zone.at(key)
        wild = [] if recs else self._wildcard(zone, key)
        return Target(
            zone=zone,
            records=recs,
            addresses=[r for r in (recs or wild) if r.rdtype in ADDRESS_TYPES],
            aliases=[r for r in (recs or wild) if r.rdtype == CNAME],
            dname=self._above(zone, key, DNAME, include_origin=True),
            delegated=self._above(zone, key, NS, include_origin=False) is not None,
            complete=zone.complete and key not in zone.unloaded_owners,
        )

    def memo(self, name: str) -> dict[int, object]:
        """A dictionary for facts several rules derive from the same record (keyed by the
        record's ``id``), for the zones of :meth:`linting`: emptied when the engine moves to
        another zone (whose records may be released, and their ids reused)."""
        m = self._memos.get(name)
        if m is None:
            m = self._memos[name] = {}
        return m

    def records_at(
        self, name: dns.name.Name, rdtype: int | None = None, asking: Zone | None = None
    ) -> list[Record]:
        """Records owned by ``name`` in the zones that answer for it (every version),
        optionally of one type."""
        key = nkey(name)
        recs = [r for zone in self._views(key, asking) for r in zone.at(key)]
        if rdtype is None:
            return recs
        return [r for r in recs if r.rdtype == rdtype]

    def origin_for(self, name: dns.name.Name) -> dns.name.Name | None:
        """The origin of the deepest loaded zone that contains ``name``."""
        zone = self._zone_for(name)
        return None if zone is None else zone.origin

    def zone_for(self, name: dns.name.Name) -> Zone | None:
        return self.zone_for_key(nkey(name))

    def zone_for_key(self, key: bytes) -> Zone | None:
        """:meth:`zone_for` the name whose :func:`nkey` is ``key`` (no ``Name`` needed)."""
        okey = self._origin_key(key)
        return None if okey is None else self._reach([self._by_origin[okey][0]])[0]

    def _zone_for(self, name: dns.name.Name) -> Zone | None:
        okey = self._origin_key(nkey(name))
        return None if okey is None else self._by_origin[okey][0]

    def exists(self, name: dns.name.Name, asking: Zone | None = None) -> bool:
        """True if ``name`` owns records or is an empty non-terminal above some, in any
        version of the zone that holds it."""
        key = nkey(name)
        return any(zone.exists(key) for zone in self._views(key, asking))

    def complete(self, name: dns.name.Name, asking: Zone | None = None) -> bool:
        """True unless a zone that answers for ``name`` was not read whole
        (:attr:`Zone.complete`): only then may a rule say ``name`` lacks something."""
        key = nkey(name)
        return all(
            zone.complete and key not in zone.unloaded_owners for zone in self._views(key, asking)
        )

    def _above(self, zone: Zone, key: bytes, rdtype: int, include_origin: bool) -> Record | None:
        """The nearest record of ``rdtype`` at ``key`` or an ancestor inside ``zone``."""
        assert zone.origin is not None and rdtype in (NS, DNAME)
        zone.owners()
        assert zone._cuts is not None
        cuts = zone._cuts.get(rdtype)
        if cuts is None:
            return None  # no record of the type in the zone (most zones have no DNAME)
        okey = nkey(zone.origin)
        if len(cuts) <= _FEW:  # test each cut, not each ancestor (deep names walk far)
            cut = _deepest_suffix(key, cuts)
            if cut is None or len(cut) < len(okey) or (cut == okey and not include_origin):
                return None  # (a cut above the origin is not this zone's)
            return cuts[cut]
        k: bytes | None = key
        while k is not None:
            if k == okey and not include_origin:
                return None
            r = cuts.get(k)
            if r is not None:
                return r
            if k == okey:
                return None
            k = _parent_key(k)
        return None

    def delegation_above(
        self, name: dns.name.Name, asking: Zone | None = None
    ) -> dns.name.Name | None:
        """The cut (NS below a zone apex) at or above ``name`` inside its zone, if any
        version has one."""
        r = self.cut_above(nkey(name), asking)
        return None if r is None else r.owner

    def cut_above(self, key: bytes, asking: Zone | None = None) -> Record | None:
        """The NS record of :meth:`delegation_above` for the name whose :func:`nkey` is
        ``key``, or None."""
        for zone in self._views(key, asking):
            r = self._above(zone, key, NS, include_origin=False)
            if r is not None:
                return r
        return None

    def dname_above(self, name: dns.name.Name, asking: Zone | None = None) -> Record | None:
        """A DNAME at ``name`` or an ancestor inside its zone (the one nearest ``name``)."""
        return self.target(name, asking).dname

    def wildcard_for(self, name: dns.name.Name, asking: Zone | None = None) -> list[Record]:
        """Records of the wildcard that synthesises answers for ``name`` (RFC 4592), if any."""
        key = nkey(name)
        return [r for zone in self._views(key, asking) for r in self._wildcard(zone, key)]

    def _wildcard(self, zone: Zone, key: bytes) -> list[Record]:
        """A wildcard applies only where the name itself does not exist; the closest
        encloser's ``*`` child is the source of synthesis."""
        zone.owners()  # sets _wildcards
        if not zone._wildcards or zone.exists(key):
            return []
        assert zone.origin is not None
        okey = nkey(zone.origin)
        k = _parent_key(key)
        while k is not None:
            if zone.exists(k) or k == okey:
                return zone.at(b"*\x00" + k)
            k = _parent_key(k)
        return []


def _combine(facts: list[Target]) -> Target:
    """What every version of a zone agrees on (see :class:`Target`)."""
    return Target(
        zone=facts[0].zone,
        records=[r for t in facts for r in t.records],
        addresses=[r for t in facts for r in t.addresses],
        aliases=facts[0].aliases if all(t.aliases for t in facts) else [],
        dname=facts[0].dname if all(t.dname is not None for t in facts) else None,
        delegated=any(t.delegated for t in facts),
        versions=tuple(facts),
        complete=all(t.complete for t in facts),
    )


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Finding(Value):
    """What a rule reports: a place and a message. The engine adds code and severity.

    ``severity`` lets a rule report a documented lesser case at a lower level than its default
    (``null-mx`` with a non-zero preference is a warning); configuration still wins.

    (A frozen dataclass whose ``__init__``, equality, hashing and repr are written out, as
    :class:`mxlint.api.Options`'s: every run makes findings; tests/test_api_values.py holds
    them to the generated ones.)
    """

    path: str
    line: int
    column: int
    message: str
    severity: str | None = None

    def __init__(
        self, path: str, line: int, column: int, message: str, severity: str | None = None
    ) -> None:
        put = object.__setattr__  # frozen
        put(self, "path", path)
        put(self, "line", line)
        put(self, "column", column)
        put(self, "message", message)
        put(self, "severity", severity)

    @classmethod
    def at(
        cls, rec: Record, message: str, token: int | None = None, severity: str | None = None
    ) -> Finding:
        """A finding at ``rec``; ``token`` picks an rdata token's column (MX records)."""
        col = rec.col
        line = rec.line
        tokens = rec.tokens
        if token is not None and token < len(tokens):
            col = tokens[token].col
            line = tokens[token].line
        return cls(rec.path, line, col, message, severity)


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Diagnostic(Value):
    """One reported defect, as every reporter prints it.

    (A frozen dataclass with written-out methods, as :class:`Finding`.)
    """

    path: str
    line: int
    column: int
    severity: str
    code: str
    rule: str
    message: str

    def __init__(
        self,
        path: str,
        line: int,
        column: int,
        severity: str,
        code: str,
        rule: str,
        message: str,
    ) -> None:
        put = object.__setattr__  # frozen
        put(self, "path", path)
        put(self, "line", line)
        put(self, "column", column)
        put(self, "severity", severity)
        put(self, "code", code)
        put(self, "rule", rule)
        put(self, "message", message)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


Finding._fields = tuple(f.name for f in fields(Finding))
Diagnostic._fields = tuple(f.name for f in fields(Diagnostic))
