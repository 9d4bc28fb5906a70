"""The data every stage shares: records with provenance, zones, the zone set, diagnostics.

The loader fills these; rules read them; the engine turns findings into diagnostics. The model
is deliberately lean (plain slotted objects and one name index) rather than ``dns.zone.Zone``:
a linter needs where each record was written, not a versioned database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, cast

import dns.name
import dns.rdata
import dns.rdatatype
import dns.rdtypes.mxbase
import dns.rdtypes.nsbase

SEVERITIES: Final = ("error", "warning", "info")

A: Final = dns.rdatatype.A
AAAA: Final = dns.rdatatype.AAAA
MX: Final = dns.rdatatype.MX
CNAME: Final = dns.rdatatype.CNAME
DNAME: Final = dns.rdatatype.DNAME
NS: Final = dns.rdatatype.NS
SOA: Final = dns.rdatatype.SOA
ADDRESS_TYPES: Final = frozenset((A, AAAA))


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a record as written: its text (escapes kept) and 1-based position."""

    text: str
    line: int
    col: int


# What a record keeps of its data: a dnspython Rdata from the general path; from the loader's
# fast path the canonical address text (A, AAAA), (preference, exchange) (MX) or the target
# name (CNAME, NS, DNAME); None for types no rule reads.
RecordData = dns.rdata.Rdata | str | tuple[int, dns.name.Name] | dns.name.Name | None


class Record:
    """One resource record as written in a file.

    ``owner`` is absolute. ``rdata`` holds absolute names (the loader never relativizes). It is
    ``None`` for types no rule reads (the text was still validated by dnspython), and for A and
    AAAA read by the loader's fast path just the canonical address text. ``tokens`` holds the
    rdata tokens as written, kept only for MX, where rules ask how a name was spelt.
    """

    __slots__ = (
        "col",
        "key",
        "line",
        "owner",
        "path",
        "rdata",
        "rdtype",
        "tokens",
        "ttl",
        "ttl_explicit",
    )

    def __init__(
        self,
        path: str,
        line: int,
        col: int,
        owner: dns.name.Name,
        rdtype: int,
        ttl: int,
        ttl_explicit: bool,
        rdata: RecordData,
        tokens: tuple[Token, ...] = (),
        key: bytes | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.col = col
        self.owner = owner
        self.key = b"\x00".join(owner.labels).lower() if key is None else key  # nkey(owner)
        self.rdtype = rdtype
        self.ttl = ttl
        self.ttl_explicit = ttl_explicit
        self.rdata = rdata
        self.tokens = tokens

    # Typed views of the rdata a rule reads (only valid for the matching types).
    @property
    def exchange(self) -> dns.name.Name:
        """MX target (absolute)."""
        rd = self.rdata
        if isinstance(rd, tuple):
            return rd[1]
        return cast(dns.rdtypes.mxbase.MXBase, rd).exchange

    @property
    def preference(self) -> int:
        """MX preference."""
        rd = self.rdata
        if isinstance(rd, tuple):
            return rd[0]
        return cast(dns.rdtypes.mxbase.MXBase, rd).preference

    @property
    def target(self) -> dns.name.Name:
        """CNAME, DNAME or NS target (absolute)."""
        rd = self.rdata
        if isinstance(rd, dns.name.Name):
            return rd
        return cast(dns.rdtypes.nsbase.NSBase, rd).target

    @property
    def address(self) -> str:
        """A or AAAA address text."""
        rd = self.rdata
        return rd if isinstance(rd, str) else str(rd.address)  # type: ignore[union-attr]

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
        return dns.rdatatype.to_text(dns.rdatatype.RdataType(self.rdtype))

    def where(self) -> str:
        """``path:line``, for messages that point at another record."""
        return f"{self.path}:{self.line}"

    def __repr__(self) -> str:
        return f"<Record {self.owner} {self.type_name} {self.rdata} at {self.path}:{self.line}>"


@dataclass(slots=True)
class Problem:
    """Something the loader could not read: becomes a ``syntax-error`` diagnostic."""

    path: str
    line: int
    col: int
    message: str


@dataclass(eq=False)
class Zone:
    """One zone file (with what it includes) as loaded.

    ``origin`` is ``None`` when it could not be determined; then ``records`` is empty and
    ``problems`` says why. ``context`` zones serve lookups only and get no diagnostics.
    """

    path: str
    origin: dns.name.Name | None
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Limits of mxlint.limits that this file hit (``limit-exceeded``).
    exceeded: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    context: bool = False
    # The "; mxlint:" directives of each file read, by path (mxlint.suppress.Directive).
    directives: dict[str, list[Any]] = field(default_factory=dict, repr=False)
    _mx: list[Record] | None = field(default=None, repr=False)
    _mx_by_owner: dict[bytes, list[Record]] | None = field(default=None, repr=False)

    def mx_records(self) -> list[Record]:
        """The MX records, in file order (computed once: most rules read them)."""
        if self._mx is None:
            self._mx = [r for r in self.records if r.rdtype == MX]
        return self._mx

    def mx_by_owner(self) -> dict[bytes, list[Record]]:
        """MX records grouped by owner (:func:`nkey`), in file order; computed once."""
        if self._mx_by_owner is None:
            groups: dict[bytes, list[Record]] = {}
            for r in self.mx_records():
                bucket = groups.get(r.key)
                if bucket is None:
                    groups[r.key] = [r]
                else:
                    bucket.append(r)
            self._mx_by_owner = groups
        return self._mx_by_owner


def nkey(name: dns.name.Name) -> bytes:
    """A cheap, case-insensitive dictionary key for a name: its labels, lower-cased, joined.

    ``dns.name.Name`` hashes in a Python loop over every character; a bytes key hashes in C.
    Labels are joined with NUL, which host names never contain, and absolute names end in it.
    """
    return b"\x00".join(name.labels).lower()


_TEXT: dict[bytes, str] = {}


def name_text(name: dns.name.Name) -> str:
    """``name.to_text()`` lower-cased, cached by key: rules ask for the same targets often."""
    key = nkey(name)
    text = _TEXT.get(key)
    if text is None:
        text = _TEXT[key] = name.to_text().lower()
    return text


def _parent_key(key: bytes) -> bytes | None:
    i = key.find(b"\x00")
    return None if i < 0 or key == b"" else key[i + 1 :]


@dataclass(frozen=True, slots=True, eq=False)
class Target:
    """What the loaded zones say about one name that MX records point at (see ZoneSet.target).

    ``zone`` is the deepest loaded zone holding the name (None: outside every loaded zone);
    ``records`` are the name's own; ``addresses`` its A/AAAA, directly or through a wildcard;
    ``aliases`` its CNAMEs, directly or through a wildcard; ``dname`` the nearest DNAME at or
    above it; ``delegated`` whether a zone cut (NS below an apex) lies at or above it.
    """

    zone: Zone | None
    records: list[Record]
    addresses: list[Record]
    aliases: list[Record]
    dname: Record | None
    delegated: bool


class ZoneSet:
    """Every zone loaded in one run, indexed by owner name across all of them.

    Names compare case-insensitively (``MAIL.example.com.`` is ``mail.example.com.``). The
    index is keyed by :func:`nkey`; the methods take ``dns.name.Name`` and convert.
    """

    def __init__(self, zones: list[Zone]) -> None:
        self.zones = zones
        self._by_owner: dict[bytes, list[Record]] = {}
        self._wildcards = False
        self._parents: set[bytes] | None = None
        index = self._by_owner
        for zone in zones:
            for rec in zone.records:
                key = rec.key
                bucket = index.get(key)
                if bucket is None:
                    index[key] = [rec]
                else:
                    bucket.append(rec)
                if key[:2] == b"*\x00":
                    self._wildcards = True
        self._zone_by_origin: dict[bytes, Zone] = {}
        for zone in zones:
            if zone.origin is not None:
                self._zone_by_origin.setdefault(nkey(zone.origin), zone)
        self._memos: dict[str, dict[int, object]] = {}
        self._targets: dict[bytes, Target] = {}

    def target(self, name: dns.name.Name) -> Target:
        """The facts rules need about an MX target, computed once per distinct name."""
        key = nkey(name)
        t = self._targets.get(key)
        if t is None:
            recs = self._by_owner.get(key, [])
            wild = [] if recs else self.wildcard_for(name)
            t = self._targets[key] = Target(
                zone=self.zone_for(name),
                records=recs,
                addresses=[r for r in (recs or wild) if r.rdtype in ADDRESS_TYPES],
                aliases=[r for r in (recs or wild) if r.rdtype == CNAME],
                dname=self.dname_above(name),
                delegated=self.delegation_above(name) is not None,
            )
        return t

    def memo(self, name: str) -> dict[int, object]:
        """A dictionary for facts several rules derive from the same record (keyed by the
        record's ``id``: records live as long as the zone set)."""
        m = self._memos.get(name)
        if m is None:
            m = self._memos[name] = {}
        return m

    def records_at(self, name: dns.name.Name, rdtype: int | None = None) -> list[Record]:
        """Records owned by ``name`` in any loaded zone, optionally of one type."""
        recs = self._by_owner.get(nkey(name), [])
        if rdtype is None:
            return recs
        return [r for r in recs if r.rdtype == rdtype]

    def _origin_key(self, key: bytes) -> bytes | None:
        zones = self._zone_by_origin
        k: bytes | None = key
        while k is not None:
            if k in zones:
                return k
            k = _parent_key(k)
        return None

    def origin_for(self, name: dns.name.Name) -> dns.name.Name | None:
        """The origin of the deepest loaded zone that contains ``name``."""
        zone = self.zone_for(name)
        return None if zone is None else zone.origin

    def zone_for(self, name: dns.name.Name) -> Zone | None:
        okey = self._origin_key(nkey(name))
        return None if okey is None else self._zone_by_origin[okey]

    def _exists(self, key: bytes) -> bool:
        if key in self._by_owner:
            return True
        if self._parents is None:
            parents: set[bytes] = set()
            for owner in self._by_owner:
                k = _parent_key(owner)
                while k is not None and k not in parents:
                    parents.add(k)
                    k = _parent_key(k)
            self._parents = parents
        return key in self._parents

    def exists(self, name: dns.name.Name) -> bool:
        """True if ``name`` owns records or is an empty non-terminal above some owner."""
        return self._exists(nkey(name))

    def _above(self, name: dns.name.Name, rdtype: int, include_origin: bool) -> Record | None:
        """The nearest record of ``rdtype`` at ``name`` or an ancestor inside its zone."""
        key = nkey(name)
        okey = self._origin_key(key)
        k: bytes | None = key
        while k is not None and okey is not None:
            if k == okey and not include_origin:
                return None
            for r in self._by_owner.get(k, ()):
                if r.rdtype == rdtype:
                    return r
            if k == okey:
                return None
            k = _parent_key(k)
        return None

    def delegation_above(self, name: dns.name.Name) -> dns.name.Name | None:
        """The cut (NS below a zone apex) at or above ``name`` inside its zone, if any."""
        r = self._above(name, NS, include_origin=False)
        return None if r is None else r.owner

    def dname_above(self, name: dns.name.Name) -> Record | None:
        """A DNAME at ``name`` or an ancestor inside its zone (the one nearest ``name``)."""
        return self._above(name, DNAME, include_origin=True)

    def wildcard_for(self, name: dns.name.Name) -> list[Record]:
        """Records of the wildcard that synthesises answers for ``name`` (RFC 4592), if any.

        A wildcard applies only where the name itself does not exist; the closest encloser's
        ``*`` child is the source of synthesis.
        """
        key = nkey(name)
        if not self._wildcards or self._exists(key):
            return []
        okey = self._origin_key(key)
        k = _parent_key(key)
        while k is not None:
            if self._exists(k) or k == okey:
                return self._by_owner.get(b"*\x00" + k, [])
            k = _parent_key(k)
        return []


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports: a place and a message. The engine adds code and severity.

    ``severity`` lets a rule report a documented lesser case at a lower level than its default
    (``null-mx`` with a non-zero preference is a warning); configuration still wins.
    """

    path: str
    line: int
    column: int
    message: str
    severity: str | None = None

    @classmethod
    def at(
        cls, rec: Record, message: str, token: int | None = None, severity: str | None = None
    ) -> Finding:
        """A finding at ``rec``; ``token`` picks an rdata token's column (MX records)."""
        col = rec.col
        line = rec.line
        if token is not None and token < len(rec.tokens):
            col = rec.tokens[token].col
            line = rec.tokens[token].line
        return cls(rec.path, line, col, message, severity)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One reported defect, as every reporter prints it."""

    path: str
    line: int
    column: int
    severity: str
    code: str
    rule: str
    message: str

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)
