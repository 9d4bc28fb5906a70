"""Facts about names as written that several rules share.

dnspython completes a relative name against the origin before anyone sees it, and accepts
``192.0.2.1`` or ``2001:db8::25`` as ordinary relative names. The rules need to know what the
author actually wrote: these helpers answer from the token text the loader kept.
"""

from __future__ import annotations

import ipaddress
import itertools
import operator
import re
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Final

import dns.name

from mxlint._tlds import public_tlds as public_tlds
from mxlint.model import (
    _AS_WRITTEN,
    MX,
    Record,
    Records,
    Target,
    Tokens,
    Zone,
    ZoneSet,
    name_text,
    nkey,
)

if TYPE_CHECKING:
    from mxlint.check.providers import Catalogue


def written_absolute(text: str) -> bool:
    """True if ``text`` ends with an unescaped dot (``mail.`` yes, ``mail\\.`` no)."""
    if text in ("@", ""):
        return False
    if not text.endswith("."):
        return False
    backslashes = len(text) - 1 - len(text[:-1].rstrip("\\"))
    return backslashes % 2 == 0


Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def ip_literal(text: str) -> Address | None:
    """The address if ``text`` (with or without a final dot) is an IPv4 or IPv6 literal."""
    candidate = text[:-1] if text.endswith(".") else text
    if ":" not in candidate and not candidate.replace(".", "").isdigit():
        return None  # most names: no need to ask ipaddress
    try:
        return ipaddress.ip_address(candidate)
    except ValueError:
        return None


def relative_label_count(text: str) -> int:
    """How many labels a relative name written as ``text`` has (``@`` has none)."""
    if text == "@":
        return 0
    if "\\" not in text:
        return text.count(".") + 1
    return len(dns.name.from_text(text, None).labels)


def exchange_token(rec: Record) -> str | None:
    """The exchange of an MX record as written, or ``None`` for a record without tokens."""
    return rec.token_text(1)


_FIRST: Final = operator.itemgetter(0)
_THIRD: Final = operator.itemgetter(2)
_EXCHANGE: Final = operator.itemgetter(1)  # of an MX record's rdata: Record.exchange
_LABELS: Final = operator.attrgetter("labels")
_STR: Final = itertools.repeat(str)  # (endless: map stops at its shortest iterable)
_NUL: Final = b"\x00"
_AS_WRITTEN_LINES: Final = _AS_WRITTEN + b"\n"  # and the separator of joined keys


def missing_dot_meaning(rec: Record, zones: ZoneSet, zone: Zone) -> str | None:
    """If an MX exchange was written without a dot that was meant, the name it was meant as.

    Fires when the expansion repeats the origin (only when the origin is confirmed: a guess
    cannot be repeated with certainty), or when the last written label is a public TLD and
    the expanded name does not exist in the zones that answer for it.
    """
    text = exchange_token(rec)
    if text is None or written_absolute(text) or ip_literal(text) is not None:
        return None
    count = relative_label_count(text)
    if count < 2:
        return None
    exchange: dns.name.Name = rec.exchange
    # Worked on the label tuples, not on Names (a Name costs microseconds to build, and
    # equality of relative names is that of their labels in lower case): the name meant
    # (the written labels, absolute) is built only when it is the answer.
    labels = exchange.labels
    written = labels[:count]
    assert zone.origin is not None
    if zone.confirmed:
        # the origin used (the exchange's labels after the written ones) and the zone's,
        # without their root label, each tested once when they differ
        used = labels[count:-1]
        own = zone.origin.labels[:-1]
        lowered = _lowered(used)
        for olabels in (used,) if lowered == _lowered(own) else (used, own):
            n = len(olabels)
            if (
                n
                and len(written) >= n
                and _lowered(written[-n:]) == _lowered(olabels)
                # under a one-label origin (lab.) "mail.lab" may name mail.lab.lab. on
                # purpose: only a name that is nowhere is a lost dot there
                and (n > 1 or not _exists_anywhere(exchange, zones, zone))
            ):
                return _absolute_text(written)
    # (the name's existence first: most dotted relative targets name a host of the zone, and
    # then the Public Suffix List is never read)
    if (
        not zones.exists(exchange, zone)
        and zones.complete(exchange, zone)  # (an unread $INCLUDE may hold the name)
        and written[-1].decode("ascii", "replace").lower() in public_tlds()
    ):
        return _absolute_text(written)
    return None


def _lowered(labels: tuple[bytes, ...]) -> tuple[bytes, ...]:
    """The labels in lower case: two relative names are equal (``dns.name.Name.__eq__``)
    exactly when these are."""
    return tuple(map(bytes.lower, labels))


def _absolute_text(labels: tuple[bytes, ...]) -> str:
    """The text of the absolute name of ``labels`` (and the root's)."""
    return dns.name.Name((*labels, b"")).to_text()


def _exists_anywhere(name: dns.name.Name, zones: ZoneSet, zone: Zone) -> bool:
    """True unless ``name`` is known not to exist (absent from zones read whole)."""
    return zones.exists(name, zone) or not zones.complete(name, zone)


def _written_exchange(tokens: Tokens) -> str | None:
    """:meth:`Record.token_text` ``(1)`` of a record whose tokens are ``tokens``."""
    if tokens and tokens[0].__class__ is str:
        return tokens[2]  # (text, column, text, column)
    return tokens[1].text if len(tokens) > 1 else None  # type: ignore[union-attr]


class MxTargets:
    """The MX records of one zone with their distinct targets: what several rules ask about
    every target (its key, its text, what the loaded zones say of it) is found once per name.

    ``rows`` are the rows (in the zone's :class:`Records`, ``store``) of the zone's MX
    records, ``records`` those records (:meth:`Zone.mx_records`: made only when a rule asks
    for them, most read the rows' columns), ``slots[i]`` the number
    of the distinct target of ``records[i]``; ``names[n]`` and ``keys[n]`` are that target
    (the ``Name`` of its first record) and its :func:`nkey`; ``spellings`` has every distinct
    ``Name`` object of the records (first seen first) with its slot (an iterable: kept only
    when some key has two spellings, else read from ``names``). Targets are told apart by key,
    as :meth:`ZoneSet.target` does (so its facts are those of the first spelling); a record's
    text (:meth:`text`) is its own. Read it through :func:`mx_targets`.
    """

    __slots__ = (
        "_by_object",
        "_concerned",
        "_facts",
        "_lines",
        "_owner_keys",
        "_owners",
        "_records",
        "_repeated",
        "_single",
        "_slot_texts",
        "_slots",
        "_spellings",
        "_texts",
        "_within",
        "_written",
        "_written_facts",
        "keys",
        "names",
        "rows",
        "store",
        "zone",
    )

    def __init__(self, zone: Zone) -> None:
        self.zone = zone
        self.store: Records = zone.records
        self.rows = rows = array("I", self.store.rows_of((MX,)))
        self._records: list[Record] | None = None
        self.names: list[dns.name.Name] = []
        self.keys: list[bytes] = []
        self._slots: list[int] | None = None
        spellings: list[tuple[dns.name.Name, int]] = []
        slot_of: dict[bytes, int] = {}
        # The loader shares one Name per target text: a record's slot is found by the Name's
        # id (the records hold the names, so the ids stay unique while the table lives).
        # The per-record work runs in C (map, zip, dict); Python sees each Name object once.
        # (No list of ids: an id is an int object of its own, a list of them as large as the
        # zone's MX records would raise the run's peak memory.)
        # rec.exchange of each (the rdata of an MX row is (preference, exchange))
        rdata = self.store.rdata_of(rows)
        exchanges: list[dns.name.Name] = list(map(_EXCHANGE, rdata))  # type: ignore[arg-type]
        by_object: dict[int, int] | None = {}
        first = dict(zip(map(id, exchanges), exchanges, strict=True))  # first seen first
        # nkey of each distinct Name, in C
        keys = list(map(bytes.lower, map(_NUL.join, map(_LABELS, first.values()))))
        if len(dict.fromkeys(keys)) == len(keys):
            # Most zones spell each target one way: the names are the distinct Name objects,
            # their slots in order, and the spellings are the names (found in C).
            self.names = list(first.values())
            self.keys = keys
            if len(keys) == len(exchanges):
                # each record a target of its own (a zone of many distinct targets): the
                # slots of the objects and of the records are made if a rule asks for them
                by_object = None
            else:
                by_object = dict(zip(first, range(len(keys)), strict=True))
            self._spellings: list[tuple[dns.name.Name, int]] | None = None
        else:
            assert by_object is not None
            for (ident, exchange), key in zip(first.items(), keys, strict=True):
                slot = slot_of.get(key)
                if slot is None:
                    slot = slot_of[key] = len(self.keys)
                    self.names.append(exchange)
                    self.keys.append(key)
                by_object[ident] = slot
                spellings.append((exchange, slot))
            self._spellings = spellings
        if by_object is not None:
            self._slots = list(map(by_object.__getitem__, map(id, exchanges)))
        del exchanges, first, keys, spellings
        self._by_object = by_object
        self._texts: dict[int, str] = {}
        self._slot_texts: list[str] | None = None
        self._within: list[int] | None = None
        self._lines: bytes | None = None
        self._facts: list[Target | None] = [None] * len(self.keys)
        self._repeated: frozenset[bytes] | None = None
        self._written: list[str | None] | None = None
        self._written_facts: tuple[dict[str, Address], frozenset[str], frozenset[str]] | None = None
        self._owner_keys: list[bytes] | None = None
        self._owners: dict[bytes, None] | None = None
        self._single: bool | None = None
        self._concerned: tuple[Catalogue, list[int]] | None = None

    @property
    def slots(self) -> list[int]:
        """``slots[i]``: the number of the target of ``records[i]``."""
        found = self._slots
        if found is None:  # (each record a target of its own)
            found = self._slots = list(range(len(self.names)))
        return found

    def _object_slots(self) -> dict[int, int]:
        """The slot of each distinct exchange ``Name`` object, by its id."""
        found = self._by_object
        if found is None:  # (each record a target of its own: the names are the objects)
            names = self.names
            found = self._by_object = dict(zip(map(id, names), range(len(names)), strict=True))
        return found

    @property
    def records(self) -> list[Record]:
        """The zone's MX records (:meth:`Zone.mx_records`), made at the first call: rules that
        scan every MX record read :attr:`rows` and the columns, and make the records of the
        few they report."""
        found = self._records
        if found is None:
            found = self._records = self.zone.mx_records()
        return found

    def record(self, i: int) -> Record:
        """``records[i]``, made alone (the others are not)."""
        found = self._records
        if found is not None:
            return found[i]
        return self.store.record(self.rows[i])

    def owner_keys(self) -> list[bytes]:
        """The owner key (:attr:`Record.key`) of each MX record, in the order of :attr:`rows`."""
        found = self._owner_keys
        if found is None:
            found = self._owner_keys = list(map(self.store.keys.__getitem__, self.rows))
        return found

    def owners(self) -> dict[bytes, None]:
        """The keys of the names owning MX records, in the order they first own one (the
        keys of :meth:`Zone.mx_by_owner`, without grouping the records)."""
        found = self._owners
        if found is None:
            found = self._owners = dict.fromkeys(self.owner_keys())
        return found

    def single(self) -> bool:
        """True if every owner has one MX record (the test of every MX set at once)."""
        found = self._single
        if found is None:
            owners = self._owners  # (else a set, not kept: most such zones need no more)
            found = len(set(self.owner_keys()) if owners is None else owners) == len(self.rows)
            self._single = found
        return found

    def group(self, key: bytes) -> list[Record]:
        """``zone.mx_by_owner()[key]`` (:meth:`Zone.mx_at`: only that owner's records made)."""
        return self.zone.mx_at(key)

    def ttls_differ(self) -> bool:
        """True if some MX record's TTL differs from that of its owner's first MX record
        (found in C: without it, no MX set of the zone has two TTLs)."""
        if self.single():
            return False  # every owner has one MX record: one TTL each
        keys = self.owner_keys()
        ttls = list(map(self.store.ttls.__getitem__, self.rows))
        first = dict(zip(reversed(keys), reversed(ttls), strict=True))  # the first wins
        return any(map(operator.ne, map(first.__getitem__, keys), ttls))

    @property
    def spellings(self) -> Iterable[tuple[dns.name.Name, int]]:
        """Every distinct ``Name`` object of :attr:`records`, first seen first, with its slot."""
        if self._spellings is None:
            return zip(self.names, range(len(self.names)), strict=True)
        return self._spellings

    def slot(self, rec: Record) -> int:
        """The number of the target of ``rec``, one of :attr:`records`."""
        return self._object_slots()[id(rec.exchange)]

    def slot_of(self, exchange: dns.name.Name) -> int:
        """The number of the target ``exchange``, the exchange of one of :attr:`records`
        (as :func:`per_target` hands it to a verdict)."""
        return self._object_slots()[id(exchange)]

    def text(self, rec: Record) -> str:
        """:func:`name_text` of the exchange of ``rec``, one of :attr:`records` (found once
        per ``Name``: two spellings of one key are texts of their own)."""
        exchange = rec.exchange
        text = self._texts.get(id(exchange))
        if text is None:
            key = self.keys[self._object_slots()[id(exchange)]]
            text = self._texts[id(exchange)] = name_text(exchange, key)
        return text

    def written(self) -> list[str | None]:
        """:func:`exchange_token` of each of :attr:`records` (read once for every rule)."""
        found = self._written
        if found is None:
            tokens = list(map(self.store.tokens.__getitem__, self.rows))
            if tokens and all(map(len, tokens)):
                # Tokens kept compactly (text, column, text, column): the exchange is the third
                # item of each, taken in C. The few kept as Token objects (an MX record over
                # two lines) are read in Python and put in the compact shape first.
                compact = map(operator.is_, map(type, map(_FIRST, tokens)), _STR)
                for i in itertools.compress(range(len(tokens)), map(operator.not_, compact)):
                    tokens[i] = (None, 0, _written_exchange(tokens[i]), 0)  # type: ignore[assignment]
                found = self._written = list(map(_THIRD, tokens))
                return found
            # The fast path shares one tokens tuple per MX line shape: each distinct tuple is
            # read once, the records' texts are found by the tuple's id (in C)
            distinct = dict(zip(map(id, tokens), tokens, strict=True))
            texts = {ident: _written_exchange(t) for ident, t in distinct.items()}
            found = self._written = list(map(texts.__getitem__, map(id, tokens)))
            del tokens, distinct
        return found

    def ip_written(self) -> dict[str, Address]:
        """The distinct :meth:`written` exchanges that are IP literals, with their
        :func:`ip_literal` (most zones: none; each text is asked about once)."""
        return self._facts_written()[0]

    def relative_written(self) -> frozenset[str]:
        """The distinct :meth:`written` exchanges written without a final (unescaped) dot
        (:func:`written_absolute` false), IP literals included."""
        return self._facts_written()[1]

    def dotted_written(self) -> frozenset[str]:
        """The :meth:`relative_written` exchanges that are not IP literals and have two labels
        or more (:func:`relative_label_count`): the only texts :func:`missing_dot_meaning`
        reads further (it is None for the others)."""
        return self._facts_written()[2]

    def _facts_written(self) -> tuple[dict[str, Address], frozenset[str], frozenset[str]]:
        found = self._written_facts
        if found is None:
            ips: dict[str, Address] = {}
            relative: set[str] = set()
            dotted: set[str] = set()
            texts = set(self.written())
            texts.discard(None)
            maybe_ip, maybe_relative = _screen(texts)  # type: ignore[arg-type]
            for text in maybe_ip:
                addr = ip_literal(text)
                if addr is not None:
                    ips[text] = addr
            for text in maybe_relative:
                addr = ips.get(text)
                if not written_absolute(text):
                    relative.add(text)
                    if addr is None and relative_label_count(text) >= 2:
                        dotted.add(text)
            found = self._written_facts = (ips, frozenset(relative), frozenset(dotted))
        return found

    def repeated_owners(self) -> frozenset[bytes]:
        """The owner keys (:attr:`Record.key`) with one target (by key) in two or more of
        their MX records, found in one pass (most owners list distinct hosts: the rules that
        look for a repeated target skip the others)."""
        found = self._repeated
        if found is None:
            repeated: set[bytes] = set()
            if not self.single():  # (else every owner has one MX record)
                # each record's (owner, target) pair, in C: a repeated pair is one a set of
                # them does not count twice (most zones: none, and no record is made)
                keys = self.owner_keys()
                slots = self.slots
                if len(set(zip(keys, slots, strict=True))) < len(keys):
                    seen: set[tuple[bytes, int]] = set()
                    for pair in zip(keys, slots, strict=True):
                        if pair in seen:
                            repeated.add(pair[0])
                        else:
                            seen.add(pair)
            found = self._repeated = frozenset(repeated)
        return found

    def repeated_groups(self) -> Iterator[list[Record]]:
        """The MX sets (:meth:`Zone.mx_by_owner`) of the owners in :meth:`repeated_owners`,
        the only ones where a rule looking for a repeated target can find one."""
        repeated = self.repeated_owners()
        if repeated:
            for key in filter(repeated.__contains__, self.owners()):
                yield self.group(key)

    def texts(self) -> list[str]:
        """:func:`name_text` of each target, by slot (the text of :attr:`names`).

        Most zones write their targets in plain lower-case labels: then every text is cut
        from the keys at once, in C (:func:`name_text` writes such a name from its key).
        """
        found = self._slot_texts
        if found is None:
            found = self._slot_texts = _texts_of(self.names, self.keys)
        return found

    def concerning(self, catalogue: Catalogue) -> list[int]:
        """``catalogue.concerning(self.texts())``: the slots whose target the catalogue may
        concern (:meth:`Catalogue.concerning`), found once for the rules that ask."""
        found = self._concerned
        if found is None or found[0] is not catalogue:
            found = self._concerned = (catalogue, catalogue.concerning(self.texts()))
        return found[1]

    def within(self, zones: ZoneSet) -> list[int]:
        """The slots whose target lies inside a loaded zone (:meth:`ZoneSet.within`): every
        other :meth:`target` is :attr:`ZoneSet.nowhere`."""
        found = self._within
        if found is None:
            found = self._within = zones.within(self.keys, self.lines())
        return found

    def lines(self) -> bytes:
        """The :attr:`keys` joined, each between two newlines (``key`` is in it as
        ``b"\\n" + key + b"\\n"``): quick tests on every key at once search it."""
        found = self._lines
        if found is None:
            found = self._lines = b"\n" + b"\n".join(self.keys) + b"\n"
        return found

    def target(self, slot: int, zones: ZoneSet) -> Target:
        """``zones.target(name, zone)`` of target ``slot`` (:meth:`ZoneSet.target`)."""
        facts = self._facts[slot]
        if facts is None:
            facts = self._facts[slot] = zones.target(self.names[slot], self.zone, self.keys[slot])
        return facts

    def targets(self, zones: ZoneSet) -> list[Target]:
        """:meth:`target` of every slot, by slot (for rules that ask about every target and
        report few: they read the facts once per target, then the records of the few)."""
        facts = self._facts
        if None in facts:
            # a target outside every loaded zone (most of a zone of many distinct targets)
            # is nowhere: only the others are looked up
            names, keys, zone = self.names, self.keys, self.zone
            filled: list[Target | None] = [zones.nowhere] * len(facts)
            for slot in self.within(zones):
                found = facts[slot]
                filled[slot] = (
                    zones.target(names[slot], zone, keys[slot]) if found is None else found
                )
            facts[:] = filled
        return facts  # type: ignore[return-value]  # (every slot filled)


def _screen(texts: set[str]) -> tuple[Iterable[str], Iterable[str]]:
    """Of the distinct exchanges written ``texts``: those :func:`ip_literal` may be true of
    (a ``:``, or no ASCII letter), and those :func:`written_absolute` may be false of (not
    ending in a dot, or in an escaped one), screened in C on the whole (a zone of many
    distinct targets writes nearly all of them absolute, and with letters)."""
    lines = "\n" + "\n".join(texts) + "\n"
    if lines.count("\n") != len(texts) + 1:
        return texts, texts  # a text holds a newline: screen none
    maybe_ip = _NO_LETTER(lines)
    if ":" in lines:
        maybe_ip += filter(operator.methodcaller("__contains__", ":"), texts)
    if lines.count(".\n") == len(texts) and "\\.\n" not in lines:
        return maybe_ip, ()  # every text ends in a dot, none in an escaped one
    maybe_relative = [
        *itertools.filterfalse(operator.methodcaller("endswith", "."), texts),
        *filter(operator.methodcaller("endswith", "\\."), texts),
    ]
    return maybe_ip, maybe_relative


# The lines (texts) without an ASCII letter: with those that hold a ":", the only texts
# ip_literal may be true of (a line's newline ends it and starts the next).
_NO_LETTER: Final = re.compile(r"\n([^\na-zA-Z]*)(?=\n)").findall


def _texts_of(names: list[dns.name.Name], keys: list[bytes]) -> list[str]:
    """``name_text(name, key)`` of each pair, cut from the joined keys when every name is
    absolute and written in the bytes :func:`name_text` writes as they are (checked in C on
    the whole: no byte outside them, one NUL per label boundary, each key ending in NUL
    but the root's, written ".")."""
    blob = b"\n".join(keys)
    roots = keys.count(b"")
    if (
        not blob.translate(None, _AS_WRITTEN_LINES)
        and blob.count(b"\n") == len(keys) - 1
        and blob.count(b"\x00") == sum(map(len, map(_LABELS, names))) - len(names)
        and (blob + b"\n").count(b"\x00\n") == len(keys) - roots
    ):
        texts = blob.replace(b"\x00", b".").decode("ascii").split("\n")
        if roots:
            texts = [text or "." for text in texts]
        return texts
    return list(map(name_text, names, keys))


def mx_targets(zone: Zone, zones: ZoneSet | None = None) -> MxTargets:
    """The :class:`MxTargets` of ``zone``, built once per zone while its rules run (kept in
    the zone set's memo; without ``zones``, built for the caller alone)."""
    if zones is None:
        return MxTargets(zone)
    memo = zones.memo("mx_targets")
    found = memo.get(id(zone))
    if (
        found is None
        or not isinstance(found, MxTargets)
        or found.zone is not zone
        or found.store is not zone.records
    ):
        found = memo[id(zone)] = MxTargets(zone)
    return found


_UNSEEN: Final = "\x00unseen"  # no verdict is this text


def per_target(
    zone: Zone,
    verdict: Callable[[dns.name.Name], str | None],
    zones: ZoneSet | None = None,
    suspects: Callable[[MxTargets], Iterable[int]] | None = None,
) -> Iterator[tuple[Record, str]]:
    """``(record, message)`` for each MX record whose target ``verdict`` condemns.

    ``verdict`` depends only on the target and is asked once per distinct target (zones share
    a few MX hosts among thousands of names); the null MX is never asked about, nor, in a
    zone whose origin is a guess, a target written relative to it. With ``zones``, the
    targets are read from the zone's shared :func:`mx_targets`; with ``suspects`` too, only
    the slots it gives, in increasing order, are asked about: it must give every slot whose
    verdict is not None (a quick test on the whole table, for zones of many distinct
    targets that no verdict condemns).
    """
    if zones is not None and zone.confirmed:
        table = mx_targets(zone, zones)
        # Slots are numbered in the order the records first name them: asked in slot order,
        # the verdicts are asked in the order of the records. The null MX (its key is b"", a
        # slot of its own) is never asked about.
        names = table.names
        verdicts: list[str | None]
        if suspects is None:
            verdicts = [None if len(n.labels) == 1 else verdict(n) for n in names]
        else:
            verdicts = [None] * len(names)
            for slot in suspects(table):
                name = names[slot]
                if len(name.labels) != 1:
                    verdicts[slot] = verdict(name)
        if verdicts.count(None) == len(verdicts):  # most zones: nothing condemned
            return
        for i, slot in enumerate(table.slots):
            message = verdicts[slot]
            if message is not None:
                yield table.record(i), message  # (only the condemned records are made)
        return
    seen: dict[bytes, str | None] = {}
    # The loader shares one Name per target text: the verdict is found by object first (the
    # records hold the names, so their ids stay unique while this runs), by key once per name.
    by_object: dict[int, str | None] = {}
    confirmed = zone.confirmed
    for rec in zone.mx_records():
        exchange = rec.exchange
        if len(exchange.labels) == 1:
            continue
        if not confirmed and not written_absolute(exchange_token(rec) or "."):
            continue  # the name depends on an origin nobody confirmed
        message = by_object.get(id(exchange), _UNSEEN)
        if message == _UNSEEN:  # (not "is": see _NO_TTL in zonefile.state)
            key = nkey(exchange)
            if key in seen:
                message = seen[key]
            else:
                message = seen[key] = verdict(exchange)
            by_object[id(exchange)] = message
        if message is not None:
            yield rec, message


def exchange_defect(rec: Record, zones: ZoneSet) -> bool:
    """True if rules ``ip-target`` or ``missing-trailing-dot`` report this exchange.

    The rules that look the target up skip such records: the cause is reported once. Several
    rules ask for every MX record, so the (few) defective records of the zone are found in
    one pass and kept in the zone set's memo.
    """
    memo = zones.memo("exchange_defect")
    if not memo:
        memo[0] = True  # computed, for zones without any defect too
        for zone in zones.linting():
            if zone.origin is None or zone.context:
                continue
            table = mx_targets(zone, zones)
            ips, dotted = table.ip_written(), table.dotted_written()
            if not dotted and not ips:
                continue  # no IP literal, no text missing_dot_meaning reads: no defect
            # missing_dot_meaning is None for a text that is None, absolute, an IP literal or
            # of one label; otherwise it depends on the text and the name it made: asked once
            # per pair.
            meanings: dict[tuple[str, int], bool] = {}
            for i, text in enumerate(table.written()):
                if text not in ips and text not in dotted:
                    continue  # (most records: no record is made)
                r = table.record(i)
                if text in ips:
                    memo[id(r)] = True
                    continue
                pair = (text, id(r.exchange))  # the records hold the names: ids stay unique
                defect = meanings.get(pair)
                if defect is None:
                    defect = meanings[pair] = missing_dot_meaning(r, zones, zone) is not None
                if defect:
                    memo[id(r)] = True
    return id(rec) in memo
