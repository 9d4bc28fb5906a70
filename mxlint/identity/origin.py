"""A zone file's origin from what the file itself says: its SOA, a ``$ORIGIN``, its name.

These are the weaker kinds of evidence; :mod:`mxlint.identity.zones` tries the stronger ones first
(``--origin``, the configuration's ``origins:``, a server configuration). In order:

1. **The SOA owner.** The apex is where the SOA is: ``$ORIGIN .`` followed by
   ``example.org IN SOA ...`` (BIND's dump format) is the zone ``example.org.``, not the root.
2. **A ``$ORIGIN`` before the first record** (not ``$ORIGIN .``: a file of absolute names
   whose zone nothing else names is not the root zone).
3. **The file name**, with common decorations removed (``db.``, ``zone-``, ``master_``,
   ``pri.``, ``.zone``, ``.db``, ``.hosts``, ``.signed``, ...), trusted only when something
   agrees with it: it ends in a public top-level domain (``bitmechanic.com``), it is a reverse
   zone's dotted network (``db.192.168.1``), or absolute names in the file lie below it. When
   the absolute names extend it (``db.cosi`` holding ``ns1.cosi.example.edu.``), the extension
   is taken (``cosi.example.edu.``). Otherwise it is a guess (``confirmed`` false).
4. **Nothing**: a stand-in origin no message shows, so that checks which hold under any origin
   still run (syntax, IP targets, in-file lookups of relative names).
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from typing import Final

import dns.exception
import dns.name

from mxlint._patterns import lazy, lazy_method
from mxlint._tlds import public_tlds
from mxlint.identity.sniff import record_type
from mxlint.model import Evidence
from mxlint.zonefile.lexical import comment_start
from mxlint.zonefile.lines import numbered_lines

SCAN_STATEMENTS: Final = 2000
SCAN_BYTES: Final = 512 * 1024

_PREFIXES: Final = (
    "db.",
    "db-",
    "db_",
    "zone-",
    "zone_",
    "zone.",
    "master_",
    "master-",
    "master.",
    "primary.",
    "primary-",
    "pri.",
    "slave_",
    "slave.",
    "secondary.",
    "sec.",
    "fwd.",
    "forward.",
    "rev.",
    "reverse.",
)
_SUFFIXES: Final = (
    ".signed",
    ".zone",
    ".zonefile",
    ".db",
    ".dns",
    ".hosts",
    ".host",
    ".fwd",
    ".rev",
    ".txt",
    ".bind",
    ".tmp",
    ".bak",
    ".orig",
    ".old",
    ".new",
    ".in",
    # editors' and packagers' copies of a file: the zone's name is what precedes them
    ".save",
    ".swp",
    ".dpkg-old",
    ".dpkg-dist",
    ".rpmnew",
    ".rpmsave",
    "~",
)


# An editor's numbered copy (nano's ``db.example.com.save.1``).
_NUMBERED_COPY_RE = lazy(r"\.(?:save|bak|orig|old)\.\d+$")


# at first use: only a file named like a zone that says nothing of its origin asks
_LABEL = lazy_method(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$", "match")
_OCTET = lazy_method(r"^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$", "match")


# An absolute name as written in a record: labels of host-name characters ending in a dot,
# standing alone (not part of a longer token, not an IPv4 address with a final dot).
_ABSOLUTE_RE = lazy(r"(?<![^\s(])((?:[A-Za-z0-9_-]+\.)+)(?=[\s)]|$)", re.M)


_standins = itertools.count(1)


def _name(text: str, origin: dns.name.Name | None) -> dns.name.Name | None:
    try:
        return dns.name.from_text(text, origin)
    except dns.exception.DNSException:
        return None


_Line = tuple[int, str, str | None, str | None]  # number, code, owner, type (record_type)


class _Scan:
    """The statement lines of a file's head (its first ``SCAN_BYTES``), read once for every
    question asked of them: each line's number, its code (the comment removed; blank lines
    left out) and :func:`record_type` of it. Lines are read as they are first asked for, so
    a question answered at the top of the file (its SOA) reads no further."""

    __slots__ = ("_source", "lines")

    def __init__(self, text: str) -> None:
        self.lines: list[_Line] = []
        self._source: Iterator[_Line] | None = self._read(text)

    @staticmethod
    def _read(text: str) -> Iterator[_Line]:
        for number, raw in numbered_lines(text[:SCAN_BYTES]):
            i = comment_start(raw)
            code = raw if i < 0 else raw[:i]
            if code.strip():
                owner, rtype = record_type(code)
                yield number, code, owner, rtype

    def __iter__(self) -> Iterator[_Line]:
        lines = self.lines
        i = 0
        while True:
            n = len(lines)
            if i < n:
                yield from itertools.islice(lines, i, n)  # the lines read already
                i = n
                continue
            source = self._source
            if source is None:
                return
            for line in source:
                lines.append(line)
                i += 1
                yield line
                if i != len(lines):
                    break  # another reader read on meanwhile: go on from the list
            else:
                self._source = None
                return


def _scan(text: str | _Scan) -> _Scan:
    return text if isinstance(text, _Scan) else _Scan(text)


class _Statements:
    """The records of a file's head with their owners resolved as a server reads them
    (``$ORIGIN`` followed; an owner that depends on an origin nothing set is None), and the
    first ``$ORIGIN`` before any record."""

    def __init__(self, text: str | _Scan) -> None:
        self.scan = _scan(text)
        self.directive: tuple[dns.name.Name, int] | None = None

    def __iter__(self) -> Iterator[tuple[int, dns.name.Name | None, str]]:
        current: dns.name.Name | None = None
        seen_record = False
        last_owner: dns.name.Name | None = None
        depth = 0
        statements = 0
        for number, code, owner_text, rtype in self.scan:
            if depth > 0:
                depth = max(0, depth + code.count("(") - code.count(")"))
                continue
            statements += 1
            if statements > SCAN_STATEMENTS:
                break
            words = code.split()
            if words[0].startswith("$"):
                if words[0].upper() == "$ORIGIN" and len(words) > 1:
                    current = (
                        _name(words[1], current) if words[1].endswith(".") or current else None
                    )
                    if not seen_record and current is not None:
                        self.directive = (current, number)
                elif words[0].upper() == "$GENERATE":
                    seen_record = True
                continue
            depth = max(0, code.count("(") - code.count(")"))
            if rtype is None:
                continue
            seen_record = True
            if owner_text is None:
                owner = last_owner or current
            elif owner_text == "@":
                owner = current
            elif owner_text.endswith(".") or current is not None:
                owner = _name(owner_text, current)
            else:
                owner = None
            last_owner = owner
            yield number, owner, rtype


def what_names_it(text: str | _Scan) -> tuple[bool, bool]:
    """``(soa, relative)``: whether the file has an SOA record, and whether every owner in
    it is written relative to the origin a server gives the file (no ``$ORIGIN``, no owner
    written absolute): a file that any zone may load, such as a server's ``named.empty``."""
    soa = False
    relative = True
    for _, code, owner, rtype in _scan(text):
        if code.lstrip().upper().startswith("$ORIGIN"):
            relative = False
            continue
        if rtype is None:
            continue
        soa = soa or rtype == "SOA"
        if owner is not None and owner.endswith("."):
            relative = False
    return soa, relative


def from_text(text: str | _Scan) -> tuple[dns.name.Name, Evidence] | None:
    """The origin the file's own statements give (kinds ``soa`` and ``directive``), if any."""
    statements = _Statements(text)
    for number, owner, rtype in statements:
        if rtype == "SOA":
            if owner is None:
                break
            return owner, Evidence("soa", f"the SOA record at line {number}")
    directive = statements.directive
    if directive is not None and directive[0] != dns.name.root:
        return directive[0], Evidence("directive", f"$ORIGIN at line {directive[1]}")
    return None


def _root_soa_conflict(path: str, text: str | _Scan) -> tuple[dns.name.Name, Evidence] | None:
    """For a file whose SOA is at the root: the zone its other records say it is, when they
    say another (see :func:`infer`)."""
    soa_line = 0
    owners: list[dns.name.Name] = []
    for number, owner, rtype in _Statements(text):
        if owner is None:
            return None  # an owner nothing resolves: no reading to weigh
        if rtype == "SOA" and not soa_line:
            soa_line = number
        elif owner != dns.name.root:
            if len(owner.labels) == 2:
                return None  # a top-level domain: a root-like file
            owners.append(owner)
    if not owners or os.path.basename(path).lower().split(".")[-1] == "root":
        return None
    common = owners[0]
    for owner in owners[1:]:
        if not owner.is_subdomain(common):
            common = _common(owner, common)
    if len(common.labels) < 2:
        return None  # records under several top-level domains: a root-like file
    return common, Evidence(
        "owners",
        f"the owners of its records, all at or below {common} (its SOA record at line "
        f"{soa_line} is at the root, where no other record is)",
    )


def _common(a: dns.name.Name, b: dns.name.Name) -> dns.name.Name:
    """The deepest name ``a`` and ``b`` are both at or below."""
    n = min(len(a.labels), len(b.labels))
    k = 0
    while k < n and a.labels[-1 - k].lower() == b.labels[-1 - k].lower():
        k += 1
    return dns.name.Name(a.labels[len(a.labels) - k :])


def candidate(path: str) -> dns.name.Name | None:
    """The domain a file's name says, decorations removed (``None`` if it names none)."""
    base = os.path.basename(path)
    stem = _NUMBERED_COPY_RE.sub("", base.lower())
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if stem.endswith(suffix) and len(stem) > len(suffix):
                stem, changed = stem[: -len(suffix)], True
        for prefix in _PREFIXES:
            if stem.startswith(prefix) and len(stem) > len(prefix):
                stem, changed = stem[len(prefix) :], True
    stem = stem.rstrip(".")
    labels = stem.split(".")
    if 1 <= len(labels) <= 3 and all(_OCTET(label) for label in labels):
        return _name(".".join(reversed(labels)) + ".in-addr.arpa.", None)
    if not all(_LABEL(label) for label in labels) or labels[-1].isdigit():
        return None
    return _name(stem + ".", None)


# Record types whose data names the zone itself (its primary server and contact, its name
# servers): absolute names there may confirm an origin. The data of other records (MX, CNAME,
# SRV, PTR targets) points elsewhere as often as not: a provider's MX host in a file named
# after the provider says nothing of the file's own zone.
_SELF_NAMING: Final = frozenset(("SOA", "NS"))


def _absolute_names(text: str | _Scan) -> set[dns.name.Name]:
    """The absolute names the file says are its own: owners, ``$ORIGIN`` arguments, and the
    names in SOA and NS data (never the targets of other records)."""
    out: set[dns.name.Name] = set()
    depth = 0
    self_naming = False  # the statement that continues in parentheses is an SOA or NS
    for _, code, owner, rtype in _scan(text):
        if depth > 0:
            depth = max(0, depth + code.count("(") - code.count(")"))
            words = [m.group(1) for m in _ABSOLUTE_RE.finditer(code)] if self_naming else []
        else:
            depth = max(0, code.count("(") - code.count(")"))
            stripped = code.lstrip()
            if stripped.startswith("$"):
                parts = stripped.split()
                self_naming = False
                words = parts[1:2] if parts[0].upper() == "$ORIGIN" else []
            else:
                self_naming = rtype in _SELF_NAMING
                words = [owner] if owner is not None and owner.endswith(".") else []
                if self_naming:
                    words += [m.group(1) for m in _ABSOLUTE_RE.finditer(code)]
        for word in words:
            name = _name(word, None) if word.endswith(".") else None
            if name is not None and len(name.labels) > 2:
                out.add(name)
        if len(out) > 5000:
            break
    return out


def _public(name: dns.name.Name) -> bool:
    if len(name.labels) < 3:
        return False
    return name.labels[-2].decode("ascii", "replace").lower() in public_tlds()


def from_filename(path: str, text: str | _Scan) -> tuple[dns.name.Name, Evidence] | None:
    """The file name's domain, with whether anything confirms it (kind ``filename``)."""
    guess = candidate(path)
    if guess is None:
        return None
    names = _absolute_names(text)
    if any(n.is_subdomain(guess) for n in names):
        return guess, Evidence("filename", "the file name, matched by names in the file")
    agreed = _agreed_by_names(text)
    if agreed is not None:
        return agreed, Evidence(
            "names",
            f"the names written absolute in the file (its SOA and owners), all at or below "
            f"{agreed} (the file name suggests {guess}, which none of them is below)",
        )
    glabels = [label.lower() for label in guess.labels[:-1]]
    extensions = set()
    for n in names:
        labels = [label.lower() for label in n.labels[:-1]]
        for start in range(1, len(labels) - len(glabels) + 1):
            if labels[start : start + len(glabels)] == glabels and start + len(glabels) < len(
                labels
            ):
                extensions.add(dns.name.Name(n.labels[start:]))
                break
    if len(extensions) == 1:
        (found,) = extensions
        if _public(found):
            return found, Evidence(
                "filename", f"the file name, completed by names in the file such as {found}"
            )
    if _public(guess):
        return guess, Evidence("filename", "the file name")
    return guess, Evidence("filename", "the file name", confirmed=False)


def _agreed_by_names(text: str | _Scan) -> dns.name.Name | None:
    """The domain the file's own absolute names agree on, when they do: the deepest name
    above every owner written absolute (or set by ``$ORIGIN``) and the names of the SOA's
    data (primary server, contact), with at least two such owners that are not a name
    server's (glue); ``None`` unless that is a domain below a public top-level domain."""
    text = _scan(text)
    glue = _ns_targets(text)  # a name server's address: often another domain's name
    owners = list(
        {
            owner
            for _, owner, rtype in _Statements(text)
            if owner is not None and rtype != "SOA" and owner != dns.name.root and owner not in glue
        }
    )
    if len(owners) < 2:
        return None  # one name written absolute may be the pasted mistake out-of-zone finds
    soa = _soa_names(text)
    if not soa:
        return None
    common = owners[0]
    for name in owners[1:] + soa:
        if not name.is_subdomain(common):
            common = _common(name, common)
    return common if _public(common) else None


def _ns_targets(text: str | _Scan) -> set[dns.name.Name]:
    """The name servers the file's NS records name (written absolute)."""
    out: set[dns.name.Name] = set()
    for _, code, _owner, rtype in _scan(text):
        if rtype == "NS":
            last = code.split()[-1]
            name = _name(last, None) if last.endswith(".") else None
            if name is not None:
                out.add(name)
    return out


def _soa_names(text: str | _Scan) -> list[dns.name.Name]:
    """The absolute names in the data of the file's first SOA record (as written)."""
    depth = 0
    found: list[dns.name.Name] = []
    inside = False
    for _, code, _owner, rtype in _scan(text):
        if depth > 0:
            depth = max(0, depth + code.count("(") - code.count(")"))
            if inside:
                found += [n for m in _ABSOLUTE_RE.finditer(code) if (n := _name(m.group(1), None))]
                if depth == 0:
                    break
            continue
        depth = max(0, code.count("(") - code.count(")"))
        if rtype == "SOA":
            words = code.split()
            at = next(k for k, w in enumerate(words) if w.upper() == "SOA")
            found += [
                n for w in words[at + 1 : at + 3] if w.endswith(".") and (n := _name(w, None))
            ]
            inside = depth > 0 and len(found) < 2
            if not inside:
                break
    return [n for n in found if len(n.labels) > 2]


def stand_in() -> tuple[dns.name.Name, Evidence]:
    """A unique origin for a file whose origin nothing tells; messages never show it."""
    return (
        dns.name.from_text(f"origin-unknown-{next(_standins)}.mxlint."),
        Evidence("none", "nothing", confirmed=False),
    )


def infer(path: str, text: str) -> tuple[dns.name.Name, Evidence]:
    """The best origin the file itself gives (see the module docstring). The file's head is
    read once (:class:`_Scan`) for all the questions asked of it."""
    scan = _Scan(text)
    found = from_text(scan)
    if found is not None and found[0] == dns.name.root:
        return _root_soa_conflict(path, scan) or found
    return found or from_filename(path, scan) or stand_in()
