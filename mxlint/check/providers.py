"""Catalogue of mail providers and the MX hosts they publish.

The bundled catalogue lives in ``mxlint/check/data/providers.yaml`` (its header
comment documents the schema).  Two rules use it: ``stale-provider`` (MX007)
asks which provider, and of which kind, an exchange belongs to;
``unknown-provider-host`` (MX018) asks whether an exchange is a published host
and, if not, which published host it is nearest to.

Host names are compared as absolute, lower-case names with a trailing dot; the
public methods also accept names without the dot and in any case.

Nothing is read at import time: :func:`load_catalogue` imports the catalogue on first
use, from ``mxlint/check/_providers_data.py``, the YAML's Python form (compiled to bytecode like
any module: no PyYAML, no parsing).  After editing the YAML, regenerate it with
``python -m mxlint.check.providers``; a test fails while it is out of date.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from mxlint._patterns import lazy
from mxlint._value import Value

__all__ = [
    "KINDS",
    "MAX_DISTANCE",
    "Catalogue",
    "Provider",
    "damerau_levenshtein",
    "load_catalogue",
    "normalize_host",
]

#: Allowed values of a provider's ``kind``.
KINDS: Final = frozenset({"mailbox", "gateway", "relay"})

#: Largest edit distance at which :meth:`Catalogue.nearest` suggests a host
#: (the fast check in ``_within_two`` is written for exactly this value).
MAX_DISTANCE: Final = 2

_KEYS: Final = frozenset({"name", "kind", "source", "hosts", "patterns", "domains"})
# Compiled at first use: they check entries of the configuration's ``providers`` option
# (the bundled catalogue is checked by a test, not at each run).
_LABEL = lazy(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")
_PATTERN_LABEL = lazy(r"(?:[a-z0-9_?*-]|\[[a-z0-9-]+\])+")
_WILDCARD = lazy(r"[*?\[]")
_URL = lazy(r"https?://[^\s/]+\S*")
# Entries of each per-host cache before it starts again: enough for the hosts a folder of
# zones shares; a zone of many distinct targets (asked about once each) keeps no more.
_CACHE_LIMIT: Final = 10_000


class Provider(Value):
    """One catalogue entry.

    ``hosts`` and ``domains`` hold absolute lower-case names with a trailing
    dot; ``patterns`` holds the pattern texts as written in the catalogue.
    """

    __slots__ = ("domains", "hosts", "kind", "name", "patterns", "sources")
    _fields = ("name", "kind", "hosts", "patterns", "domains", "sources")

    def __init__(
        self,
        name: str,
        kind: str,
        hosts: frozenset[str],
        patterns: tuple[str, ...],
        domains: tuple[str, ...],
        sources: tuple[str, ...],
    ) -> None:
        self.name = name
        self.kind = kind
        self.hosts = hosts
        self.patterns = patterns
        self.domains = domains
        self.sources = sources


def normalize_host(host: str) -> str:
    """Return *host* stripped, lower-cased and with a trailing dot (``"."`` stays)."""
    name = host.strip().lower()
    return name if name.endswith(".") else name + "."


def _key(host: str) -> str:
    """Internal form: lower case, no trailing dot (``""`` for the root)."""
    return host.strip().lower().rstrip(".")


def _keys(hosts: Sequence[str]) -> list[str]:
    """:func:`_key` of each host: in C on the hosts joined when none holds a space or a
    newline and none ends in two dots (names as :func:`mxlint.model.name_text` writes them)."""
    joined = "\n".join(hosts) + "\n"
    if (
        joined.count("\n") == len(hosts)
        and joined.isascii()
        and not any(map(joined.__contains__, _SPACES))
        and "..\n" not in joined
    ):
        return joined.lower().replace(".\n", "\n").split("\n")[:-1]
    return list(map(_key, hosts))


# What str.strip strips among the ASCII characters, but the newline.
_SPACES: Final = tuple(c for c in map(chr, range(128)) if c.isspace() and c != "\n")
_AFTER_DOT: Final = operator.itemgetter(2)  # of str.partition(".")


def _strip_affixes(a: str, b: str) -> tuple[str, str]:
    """Drop the common prefix and suffix: they never change the distance."""
    size = min(len(a), len(b))
    head = 0
    while head < size and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < size - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return a[head : len(a) - tail], b[head : len(b) - tail]


def damerau_levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance where an adjacent transposition counts 1.

    This is the optimal-string-alignment form of Damerau-Levenshtein
    (insertions, deletions, substitutions and swaps of two neighbours, no
    substring edited twice).  With *limit*, stops as soon as the distance is
    known to exceed it and returns ``limit + 1``.
    """
    a, b = _strip_affixes(a, b)
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, before[j - 2] + 1)
            current[j] = value
        if limit is not None and min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1] if limit is None else min(previous[-1], limit + 1)


# One edit, as (characters of a, characters of b) it covers: substitution,
# insertion, deletion, transposition.
_EDIT_SHAPES: Final = ((1, 1), (0, 1), (1, 0), (2, 2))


def _one_edit(a: str, b: str) -> bool:
    """Whether the (short) strings *a* and *b* are exactly one edit apart."""
    if len(a) == 2 and len(b) == 2:
        return a[0] != a[1] and a == b[::-1]
    return (len(a), len(b)) in _EDIT_SHAPES and a != b


def _within_two(a: str, b: str) -> int | None:
    """``damerau_levenshtein(a, b)`` if it is at most 2, else ``None`` (fast).

    Once the common prefix and suffix are gone, both ends differ, so any
    edit script must edit each end.  If the rest is longer than two edits can
    span, two edits means exactly one at each end with the middle unchanged:
    checking the sixteen end-edit combinations replaces the full table.
    """
    if a[:1] == b[:1] or a[-1:] == b[-1:]:
        a, b = _strip_affixes(a, b)
    if max(len(a), len(b)) <= 4:
        distance = damerau_levenshtein(a, b, 2)
        return distance if distance <= 2 else None
    if len(a) > 4 and a[2 : len(a) - 2] not in b:
        # every script below keeps a[head:len(a) - tail] (head, tail <= 2) as a slice of b,
        # so the middle of a is in b: a substring search (in C) rejects most pairs
        return None
    for head_a, head_b in _EDIT_SHAPES:
        if not _one_edit(a[:head_a], b[:head_b]):
            continue
        for tail_a, tail_b in _EDIT_SHAPES:
            end_a, end_b = len(a) - tail_a, len(b) - tail_b
            if (
                head_a <= end_a
                and head_b <= end_b
                and a[head_a:end_a] == b[head_b:end_b]
                and _one_edit(a[end_a:], b[end_b:])
            ):
                return 2
    return None


def _pieces(size: int) -> tuple[int, int, int] | None:
    """Lengths ``(a, k, b)`` of the three index keys of a string of *size* characters.

    The keys are the first ``a`` characters, the ``k`` characters after a one-character gap,
    and the last ``b`` characters, with at least one character between the last two.  Longer
    keys match fewer unrelated names; a few fixed lengths keep a query to a few lookups.
    ``None`` when the string is too short to split: it is then always checked.
    """
    spare = size - 2  # the two gap characters
    if spare < 3:
        return None
    # The suffix gets six characters first (".com" alone says little), then up to eight.
    a = k = max(1, min(5, (spare - 6) // 2))
    return a, k, min(8, spare - a - k)


class _Near:
    """Finds the strings within two edits of a query by a few dictionary lookups.

    Each string of the index is split into three keys with a gap of at least one character
    between neighbours: its prefix ``P`` (``a`` characters), a middle piece ``M`` (``k``
    characters, starting at ``a + 1``) and its suffix ``S`` (``b`` characters).  One edit
    (deletion, insertion, substitution or swap of neighbours) changes at most one key, because
    it touches at most two adjacent characters and the keys are apart.  So a query within two
    edits keeps one key intact:

    * ``P`` untouched: the query starts with ``P``;
    * ``S`` untouched: the query ends with ``S``;
    * else one edit is in ``P`` (or the gap after it) and the other in ``S`` (or the gap
      before it): ``M`` is intact and shifted by at most one, so it is one of the query's
      slices ``[a + d + 1 : a + d + 1 + k]`` for ``d`` in -1, 0, 1.

    Looking those few slices up gives every string within reach (and a few more); the
    survivors of a close enough length get the exact check.  Short strings, and queries of
    a given length, share a lookup plan built once per length.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self.texts = tuple(texts)
        self._plans: dict[int, _Plan] = {}
        self._probes: dict[int, _Probes] = {}
        self._uses: dict[int, int] = {}
        self._regexes: dict[int, re.Pattern[str]] = {}
        self._found: dict[str, list[tuple[int, int]]] = {}

    def reaches(self, query: str, offset: int = 0) -> bool:
        """Whether :meth:`search` of ``query[offset:]`` may find a string (``False``: it
        finds none, surely), without comparing a string.

        The same keys as :meth:`search`: whether one of them is in place.  The slices of a
        query length asked about often are tried at once, by one regular expression (one
        call in C: a name far from every string costs about as much as a dictionary
        lookup or two); the first few queries of a length look their slices up in sets
        (compiling the expression costs as much as a thousand of them).
        """
        size = len(query) - offset
        regex = self._regexes.get(size)
        if regex is not None:
            return regex.match(query, offset) is not None
        probes = self._probes.get(size)
        if probes is None:
            probes = self._probes[size] = self._probes_for(size)
        if isinstance(probes, bool):
            return probes
        uses = self._uses[size] = self._uses.get(size, 0) + 1
        if uses >= _COMPILE_AFTER:
            self._regexes[size] = _probe_regex(probes)
        return any(query[offset + start : offset + stop] in keys for start, stop, keys in probes)

    def reaching(self, queries: Sequence[str]) -> list[int]:
        """The positions in ``queries`` of those :meth:`reaches` is true of (in no order).

        The queries of one length are matched by that length's expression, mapped over them
        in C (compiled once that length has been asked about often, as :meth:`reaches`
        does); they are put in order of length by one sort.
        """
        sizes = list(map(len, queries))
        order = sorted(range(len(queries)), key=sizes.__getitem__)
        in_order = list(map(sizes.__getitem__, order))
        found: list[int] = []
        lo = 0
        while lo < len(order):
            size = in_order[lo]
            hi = bisect.bisect_right(in_order, size, lo)
            group = order[lo:hi]
            lo = hi
            regex = self._regexes.get(size)
            if regex is None:
                probes = self._probes.get(size)
                if probes is None:
                    probes = self._probes[size] = self._probes_for(size)
                if isinstance(probes, bool):
                    if probes:
                        found.extend(group)
                    continue
                uses = self._uses[size] = self._uses.get(size, 0) + len(group)
                if uses < _COMPILE_AFTER:  # few so far: the sets (as reaches does)
                    found.extend(
                        i
                        for i in group
                        if any(queries[i][start:stop] in keys for start, stop, keys in probes)
                    )
                    continue
                regex = self._regexes[size] = _probe_regex(probes)
            found.extend(
                itertools.compress(group, map(regex.match, map(queries.__getitem__, group)))
            )
        return found

    def _probes_for(self, size: int) -> _Probes:
        """The slices :meth:`reaches` looks up for a query of ``size`` characters, each with
        the set of every key compared with it; ``True`` when a string too short to split is
        within reach (it is always checked: so is every query then)."""
        tables, short = self._tables(size)
        if short:
            return True
        if not tables:
            return False  # no string of a length within reach
        return tuple((start, stop, frozenset(table)) for (start, stop), table in tables.items())

    def search_cached(self, query: str) -> list[tuple[int, int]]:
        """:meth:`search`, remembered by query (the tails of many hosts are alike); the
        list is shared: read it, do not change it."""
        found = self._found.get(query)
        if found is None:
            if len(self._found) >= _CACHE_LIMIT:
                self._found.clear()
            found = self._found[query] = self.search(query)
        return found

    def _plan(self, size: int) -> _Plan:
        """The lookups for a query of *size* characters.

        Only strings whose length is within reach take part; each of their keys goes into
        the table of the query slice it is compared with: ``(start, stop, table)`` triples,
        plus the strings too short to split, which are always checked.
        """
        tables, short = self._tables(size)
        # The slices that start at the same place are tried at once: ``startswith`` with the
        # tuple of their keys (one call in C) says whether any of them is there; only then
        # are the slices cut and looked up.
        starts: dict[int, list[tuple[int, dict[str, list[int]]]]] = {}
        for (start, stop), table in tables.items():
            starts.setdefault(start, []).append((stop, table))
        cuts = tuple(
            (start, tuple(key for _, table in group for key in table), tuple(group))
            for start, group in starts.items()
        )
        plan = self._plans[size] = (cuts, tuple(short))
        return plan

    def _tables(self, size: int) -> tuple[dict[tuple[int, int], dict[str, list[int]]], list[int]]:
        """Per query slice ``(start, stop)``, the keys compared with it and the strings they
        are keys of; and the strings too short to split (see :meth:`_plan`)."""
        tables: dict[tuple[int, int], dict[str, list[int]]] = {}
        short: list[int] = []

        def add(start: int, stop: int, key: str, number: int) -> None:
            numbers = tables.setdefault((start, stop), {}).setdefault(key, [])
            if number not in numbers:
                numbers.append(number)

        for number, text in enumerate(self.texts):
            if abs(len(text) - size) > MAX_DISTANCE:
                continue
            pieces = _pieces(len(text))
            if pieces is None:
                short.append(number)
                continue
            a, k, b = pieces
            add(0, a, text[:a], number)
            if b <= size:  # else the query cannot end with the suffix
                add(size - b, size, text[len(text) - b :], number)
            for shift in (-1, 0, 1):
                add(a + 1 + shift, a + 1 + shift + k, text[a + 1 : a + 1 + k], number)
        return tables, short

    def search(self, query: str) -> list[tuple[int, int]]:
        """``(distance, index)`` of every string within reach, best first."""
        size = len(query)
        cuts, short = self._plans.get(size) or self._plan(size)
        candidates: set[int] | tuple[int, ...] = short
        for start, keys, group in cuts:
            if not query.startswith(keys, start):
                continue  # most queries: no key in place here
            for stop, table in group:
                numbers = table.get(query[start:stop])
                if numbers is not None:
                    if candidates is short:
                        candidates = set(short)
                    candidates.update(numbers)  # type: ignore[union-attr]
        if not candidates:
            return []  # most queries: nothing within reach
        found: list[tuple[int, int]] = []
        texts = self.texts
        middle = query[2 : size - 2]
        for number in candidates:
            text = texts[number]
            if (
                size > 4
                and query[:1] != text[:1]
                and query[-1:] != text[-1:]
                and middle not in text
            ):
                continue  # what _within_two would find first, without the call
            distance = _within_two(query, text)
            if distance is not None:
                found.append((distance, number))
        return sorted(found)


#: Lookups for one query length: per place in the query, its start, every key of every
#: slice starting there, and ``(stop, keys)`` per slice; and the strings always checked.
_Plan = tuple[
    tuple[tuple[int, tuple[str, ...], tuple[tuple[int, dict[str, list[int]]], ...]], ...],
    tuple[int, ...],
]
#: Queries of one length :meth:`_Near.reaches` answers from sets before it compiles their
#: regular expression (compiling one costs about as much as a thousand answers from sets; an
#: answer by the expression, half of one: it pays in zones of many distinct targets only).
_COMPILE_AFTER: Final = 1000


def _probe_regex(probes: tuple[tuple[int, int, frozenset[str]], ...]) -> re.Pattern[str]:
    """A regular expression that matches at the start of a query where one of ``probes``
    is in place (``query[start:stop]`` one of its keys)."""
    starts: dict[int, set[str]] = {}
    for start, _, keys in probes:
        starts.setdefault(start, set()).update(keys)
    return re.compile(
        "|".join(
            f".{{{start}}}(?:{'|'.join(map(re.escape, sorted(keys)))})"
            for start, keys in sorted(starts.items())
        ),
        re.DOTALL,
    )


#: What :meth:`Catalogue.concerns` asks: the length of the shortest provider domain and the
#: ends of that length of every domain; the index of the exact hosts; per number of
#: wildcard labels, the index of the pattern tails.
_Gate = tuple[int, frozenset[str], "_Near", tuple[tuple[int, "_Near"], ...]]
#: What :meth:`_Near.reaches` looks up for one query length: ``(start, stop, keys)`` per
#: slice, or ``True`` when every query of that length must be searched.
_Probes = tuple[tuple[int, int, frozenset[str]], ...] | bool


def _label_regex(label: str) -> str:
    parts: list[str] = []
    i = 0
    while i < len(label):
        char = label[i]
        if char == "*":
            parts.append("[^.]*")
        elif char == "?":
            parts.append("[^.]")
        elif char == "[":
            end = label.index("]", i)
            parts.append(label[i : end + 1])
            i = end
        else:
            parts.append(re.escape(char))
        i += 1
    return "".join(parts)


class _Pattern:
    """A host pattern: wildcard labels first, then a literal tail. Its regular expressions
    are compiled at their first use (most runs ask about few of the catalogue's shapes)."""

    __slots__ = ("_labels", "_lead", "_regex", "owner", "size", "tail", "text")

    def __init__(self, text: str, owner: Provider, labels: list[str], split: int) -> None:
        self.text = text
        self.owner = owner
        self._labels = labels
        self.tail = ".".join(labels[split:])
        self.size = len(labels)  # number of labels
        self._lead: tuple[re.Pattern[str], ...] | int = split
        self._regex: re.Pattern[str] | None = None

    def __repr__(self) -> str:
        return f"_Pattern({self.text!r}, owner={self.owner.name!r})"

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(r"\.".join(_label_regex(label) for label in self._labels))
        return self._regex

    @property
    def lead(self) -> tuple[re.Pattern[str], ...]:
        if isinstance(self._lead, int):
            self._lead = tuple(re.compile(_label_regex(x)) for x in self._labels[: self._lead])
        return self._lead

    @property
    def lead_count(self) -> int:
        """How many leading labels hold wildcards."""
        return self._lead if isinstance(self._lead, int) else len(self._lead)

    def matches(self, key: str) -> bool:
        """Whether the host ``key`` (internal form) matches: the literal tail first."""
        return key.endswith(self.tail) and self.regex.fullmatch(key) is not None

    @classmethod
    def compile(cls, text: str, owner: Provider) -> _Pattern:
        labels = _key(text).split(".")
        if not all(_PATTERN_LABEL.fullmatch(label) for label in labels):
            raise ValueError(f"{text!r} is not a host pattern (labels of a-z 0-9 - _ * ? [..])")
        wild = [i for i, label in enumerate(labels) if _WILDCARD.search(label)]
        if not wild:
            raise ValueError(f"{text!r} has no wildcard: list it under 'hosts'")
        split = wild[-1] + 1
        if len(labels) - split < 2:
            raise ValueError(f"{text!r} must end in at least two literal labels")
        return cls(text, owner, labels, split)

    @classmethod
    def checked(cls, text: str, owner: Provider) -> _Pattern:
        """:meth:`compile` of a pattern known to be valid (the bundled catalogue's), without
        its regular expressions."""
        labels = _key(text).split(".")
        split = max(i for i, label in enumerate(labels) if _has_wildcard(label)) + 1
        return cls(text, owner, labels, split)


def _has_wildcard(label: str) -> bool:
    """``_WILDCARD.search(label)``, without compiling it."""
    return "*" in label or "?" in label or "[" in label


class Catalogue:
    """Providers, with lookups by host name.

    Build one with :func:`load_catalogue`; the constructor checks that no
    host, pattern match or domain is claimed by two providers (unless ``checked``: the
    bundled catalogue, which a test checks, so that a run does not compile every pattern).
    """

    def __init__(self, providers: Iterable[Provider], *, checked: bool = False) -> None:
        self.providers: tuple[Provider, ...] = tuple(providers)
        self._owner_of_host: dict[str, Provider] = {}
        self._owner_of_domain: dict[str, Provider] = {}
        self._patterns: list[_Pattern] = []
        self._patterns_by_shape: dict[tuple[int, str], list[_Pattern]] = {}
        names: set[str] = set()
        for provider in self.providers:
            where = f"provider {provider.name!r}"
            if provider.name in names:
                raise ValueError(f"{where}: key 'name': duplicate provider name")
            names.add(provider.name)
            for text in provider.patterns:
                try:
                    pattern = (_Pattern.checked if checked else _Pattern.compile)(text, provider)
                except ValueError as error:
                    raise ValueError(f"{where}: key 'patterns': {error}") from None
                self._patterns.append(pattern)
                shape = (pattern.size, pattern.tail.rsplit(".", 1)[-1])
                self._patterns_by_shape.setdefault(shape, []).append(pattern)
            for domain in provider.domains:
                other = self._owner_of_domain.setdefault(_key(domain), provider)
                if other is not provider:
                    raise ValueError(
                        f"{where}: key 'domains': {domain} is already a domain of {other.name!r}"
                    )
        for provider in self.providers:
            where = f"provider {provider.name!r}"
            for host in sorted(provider.hosts):
                other = self._owner_of_host.setdefault(_key(host), provider)
                if other is not provider:
                    raise ValueError(
                        f"{where}: key 'hosts': {host} is already published by {other.name!r}"
                    )
                if checked:
                    continue
                matched = self._match_pattern(_key(host))
                if matched is not None and matched.owner is not provider:
                    raise ValueError(
                        f"{where}: key 'hosts': {host} matches pattern {matched.text!r} "
                        f"of {matched.owner.name!r}"
                    )
        # Exact hosts by provider, then alphabetically: the tie-break order of nearest().
        self._host_keys: tuple[str, ...] = tuple(
            _key(host) for provider in self.providers for host in sorted(provider.hosts)
        )
        self._near_hosts: _Near | None = None
        self._near_tails: dict[int, tuple[tuple[_Pattern, ...], _Near]] | None = None
        self._gate: _Gate | None = None
        self._tail_concerns: dict[str, bool] = {}
        self._owner_cache: dict[str, Provider | None] = {}
        self._nearest_cache: dict[str, tuple[str, int] | None] = {}

    def __len__(self) -> int:
        return len(self.providers)

    def get(self, name: str) -> Provider | None:
        """The provider called *name*, if any."""
        return next((p for p in self.providers if p.name == name), None)

    @property
    def published_hosts(self) -> tuple[str, ...]:
        """Every exact published host (absolute), by provider, then alphabetically."""
        return tuple(key + "." for key in self._host_keys)

    # -- lookups -----------------------------------------------------------

    def provider_of(self, host: str) -> Provider | None:
        """The provider *host* belongs to.

        That is the provider publishing it (exact host or pattern) or, failing
        that, the provider whose MX domain contains it, the most specific
        domain winning.  ``None`` for hosts of no known provider.
        """
        key = _key(host)
        if key in self._owner_cache:
            return self._owner_cache[key]
        if not self._concerns(key):
            return None  # most hosts of a zone of many distinct targets (not cached: as cheap)
        owner = self._published_owner(key)
        if owner is None and key:
            owner = self._domain_owner(key)
        self._remember(self._owner_cache, key, owner)
        return owner

    def is_published(self, host: str) -> bool:
        """Whether *host* is a published host or matches a provider's pattern."""
        return self._published_owner(_key(host)) is not None

    def concerns(self, host: str) -> bool:
        """Whether *host* may be the catalogue's business: ``False`` only when
        :meth:`provider_of` and :meth:`nearest` are surely both ``None`` for it.

        A quick test, exact in that direction (never ``False`` for a published host, a host
        of a provider's domain or one within two edits of a published host or a pattern's
        tail): a few slices of the name looked up in sets, with nothing compared or cached.
        Most MX hosts, far from every provider's, are told apart by it alone.
        """
        return self._concerns(_key(host))

    def concerning(self, hosts: Sequence[str]) -> list[int]:
        """The positions in ``hosts`` of those :meth:`concerns` is true of, in order.

        The same test, run over a whole list at once (a zone of many distinct targets asks
        it once, not once per host), each step in C over every host: the domain ends by
        ``endswith``, the index of the exact hosts by one expression per length of host
        (:meth:`_Near.reaching`), the pattern tails once per distinct tail; only the hosts
        a step lets through are looked at one by one.
        """
        gate = self._gate
        if gate is None:
            gate = self._gate = self._make_gate()
        size, domain_ends, near, tails = gate
        keys = _keys(hosts)
        positions = range(len(keys))
        found: set[int] = set()
        by_end = map(domain_ends.__contains__, map(operator.itemgetter(slice(-size, None)), keys))
        for i in itertools.compress(positions, by_end):
            if self._domain_owner(keys[i]) is not None:
                found.add(i)
        for i in near.reaching(keys):
            if i not in found and keys[i] and near.search(keys[i]):
                found.add(i)
        if tails:
            # the labels after the first: "" for a name of one label (no tail to compare)
            rests = list(map(_AFTER_DOT, map(operator.methodcaller("partition", "."), keys)))
            reached: set[str] = set()
            cache = self._tail_concerns
            for rest in dict.fromkeys(rests):
                hit = cache.get(rest) if rest else False
                if hit is None:
                    hit = cache[rest] = self._tails_reach(rest, tails)
                if hit:
                    reached.add(rest)
            if reached:
                found.update(itertools.compress(positions, map(reached.__contains__, rests)))
        return sorted(found)

    def nearest(self, host: str) -> tuple[str, int] | None:
        """The published host nearest to *host*, with its distance, if <= 2.

        A published host (exact or by pattern) is its own nearest, at
        distance 0.  Otherwise the candidates are the exact published hosts,
        plus, for a pattern such as ``*.mail.protection.outlook.com.``, the
        host with its tail corrected to the pattern's literal tail.  Ties go
        to the provider listed first in the catalogue, then to the
        alphabetically first host (exact hosts before corrected pattern
        hosts).  ``None`` when nothing is within :data:`MAX_DISTANCE` edits.
        """
        key = _key(host)
        if key in self._nearest_cache:
            return self._nearest_cache[key]
        if not self._concerns(key):
            return None  # nothing within reach (not cached: as cheap as the cache)
        result: tuple[str, int] | None = None
        owners = self._owner_cache  # a host of no provider (provider_of) is not published
        if not key:
            pass
        elif (key not in owners or owners[key] is not None) and self._published_owner(
            key
        ) is not None:
            result = (key + ".", 0)
        else:
            best = self._nearest_exact(key)
            tail = self._nearest_by_tail(key)
            if tail is not None and (best is None or tail[1] < best[1]):
                best = tail
            result = None if best is None else (best[0] + ".", best[1])
        self._remember(self._nearest_cache, key, result)
        return result

    # -- internals ---------------------------------------------------------

    @staticmethod
    def _remember(cache: dict[str, Any], key: str, value: Any) -> None:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[key] = value

    def _concerns(self, key: str) -> bool:
        """:meth:`concerns` of the internal form ``key``."""
        gate = self._gate
        if gate is None:
            gate = self._gate = self._make_gate()
        size, domain_ends, hosts, tails = gate
        if not key:
            return False
        if key[-size:] in domain_ends and self._domain_owner(key) is not None:
            return True  # (a name shorter than ``size`` is no domain's and in none)
        # A few keys in place are only a hint (short keys of short strings are common words):
        # the search says whether a string is within reach.
        if hosts.reaches(key) and hosts.search(key):
            return True
        dot = key.find(".")
        if dot < 0 or not tails:
            return False
        # The tails of many names are alike (``mx1.example.net``, ``mx2.example.net``):
        # what the pattern tails say of the name after its first label is remembered.
        rest = key[dot + 1 :]
        found = self._tail_concerns.get(rest)
        if found is None:
            found = self._tail_concerns[rest] = self._tails_reach(rest, tails)
        return found

    def _tails_reach(self, rest: str, tails: tuple[tuple[int, _Near], ...]) -> bool:
        """Whether a name whose labels after the first are ``rest`` may be within two
        edits of a pattern tail, after the wildcard labels of that pattern."""
        if len(self._tail_concerns) >= _CACHE_LIMIT:
            self._tail_concerns.clear()
        dot = -1
        skipped = 1  # labels before ``rest[dot + 1:]``
        for count, near in tails:  # by number of wildcard labels, fewest first
            while skipped < count:
                dot = rest.find(".", dot + 1)
                if dot < 0:
                    return False  # no more labels than that: no tail to compare
                skipped += 1
            if near.reaches(rest, dot + 1) and near.search_cached(rest[dot + 1 :]):
                return True
        return False

    def _domain_owner(self, key: str) -> Provider | None:
        """The provider with the most specific MX domain holding ``key`` (a non-empty
        internal form), if any."""
        domains = self._owner_of_domain
        owner = domains.get(key)
        dot = key.find(".")
        while owner is None and dot >= 0:
            owner = domains.get(key[dot + 1 :])
            dot = key.find(".", dot + 1)
        return owner

    def _make_gate(self) -> _Gate:
        """The indexes :meth:`_concerns` asks.

        * A host in a provider's domain ``D`` is ``D`` or ends with ``.D``: it ends with the
          last ``size`` characters of ``D``, ``size`` the length of the shortest domain.
        * A published host is at distance 0 from itself, and a host matching a pattern has
          that pattern's literal tail after as many labels as the pattern has wildcard
          labels: both are found by the searches :meth:`nearest` runs (:meth:`_Near.reaches`
          finds whatever they find), on the whole name and on its tail after one, two...
          labels.
        """
        if self._near_hosts is None:
            self._near_hosts = _Near(self._host_keys)
        tails = self._tail_index()
        domains = list(self._owner_of_domain)
        size = min(map(len, domains), default=1)
        return (
            size,
            frozenset(domain[-size:] for domain in domains),
            self._near_hosts,
            tuple((count, near) for count, (_, near) in sorted(tails.items())),
        )

    def _published_owner(self, key: str) -> Provider | None:
        owner = self._owner_of_host.get(key)
        if owner is None:
            pattern = self._match_pattern(key)
            owner = None if pattern is None else pattern.owner
        return owner

    def _match_pattern(self, key: str) -> _Pattern | None:
        labels = key.split(".")
        for pattern in self._patterns_by_shape.get((len(labels), labels[-1]), ()):
            if pattern.matches(key):
                return pattern
        return None

    def _nearest_exact(self, key: str) -> tuple[str, int] | None:
        if self._near_hosts is None:
            self._near_hosts = _Near(self._host_keys)
        found = self._near_hosts.search(key)
        if not found:
            return None
        distance, number = found[0]
        return self._host_keys[number], distance

    def _tail_index(self) -> dict[int, tuple[tuple[_Pattern, ...], _Near]]:
        """The patterns by number of wildcard labels, with an index of their tails."""
        if self._near_tails is None:
            groups: dict[int, list[_Pattern]] = {}
            for pattern in self._patterns:
                groups.setdefault(pattern.lead_count, []).append(pattern)
            self._near_tails = {
                count: (tuple(group), _Near(p.tail for p in group))
                for count, group in groups.items()
            }
        return self._near_tails

    def _nearest_by_tail(self, key: str) -> tuple[str, int] | None:
        labels: list[str] | None = None
        best: tuple[int, int, str] | None = None
        for count, (group, near) in self._tail_index().items():
            dot = -1
            for _ in range(count):
                dot = key.find(".", dot + 1)
                if dot < 0:
                    break
            if dot < 0:
                continue  # no more than ``count`` labels
            for distance, number in near.search_cached(key[dot + 1 :]):
                if labels is None:
                    labels = key.split(".")
                pattern = group[number]
                if distance == 0 or not all(
                    r.fullmatch(label) for r, label in zip(pattern.lead, labels, strict=False)
                ):
                    continue
                order = self._patterns.index(pattern)
                if best is None or (distance, order) < best[:2]:
                    best = (distance, order, ".".join([*labels[:count], pattern.tail]))
                break
        return None if best is None else (best[2], best[0])


# -- loading -----------------------------------------------------------------


def _names(value: Any, where: str, key: str, *, patterns: bool = False) -> tuple[str, ...]:
    """Validate a list of host names (or patterns) and normalise them."""
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ValueError(f"{where}: key {key!r}: expected a list of host names")
    seen: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{where}: key {key!r}: {item!r} is not a host name")
        name = normalize_host(item)
        labels = _key(name).split(".")
        if not patterns and (len(labels) < 2 or not all(_LABEL.fullmatch(x) for x in labels)):
            raise ValueError(f"{where}: key {key!r}: {item!r} is not a valid host name")
        if name in seen:
            raise ValueError(f"{where}: key {key!r}: {item!r} is listed twice")
        seen.append(name)
    return tuple(seen)


def _provider_from_entry(entry: Any, label: str) -> Provider:
    """Check one catalogue entry; ``ValueError`` names the entry and the key."""
    if not isinstance(entry, Mapping):
        raise ValueError(f"{label}: expected a mapping, got {type(entry).__name__}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{label}: key 'name': a non-empty string is required")
    where = f"{label} ({name!r})"
    unknown = sorted(str(key) for key in entry if key not in _KEYS)
    if unknown:
        raise ValueError(f"{where}: unknown key {unknown[0]!r}")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise ValueError(f"{where}: key 'kind': {kind!r} is not one of {sorted(KINDS)}")
    source = entry.get("source")
    sources = [source] if isinstance(source, str) else source
    if not isinstance(sources, Sequence) or not sources:
        raise ValueError(f"{where}: key 'source': at least one URL is required")
    for url in sources:
        if not isinstance(url, str) or not _URL.fullmatch(url):
            raise ValueError(f"{where}: key 'source': {url!r} is not an http(s) URL")
    hosts = _names(entry.get("hosts"), where, "hosts")
    patterns = _names(entry.get("patterns"), where, "patterns", patterns=True)
    domains = _names(entry.get("domains"), where, "domains")
    if not hosts and not patterns:
        raise ValueError(f"{where}: key 'hosts': give at least one host or pattern")
    provider = Provider(
        name=name.strip(),
        kind=kind,
        hosts=frozenset(hosts),
        patterns=patterns,
        domains=domains,
        sources=tuple(sources),
    )
    for text in patterns:
        try:
            _Pattern.compile(text, provider)
        except ValueError as error:
            raise ValueError(f"{where}: key 'patterns': {error}") from None
    return provider


def _read_entries(text: str, origin: str) -> list[Any]:
    import yaml  # lazily: keep importing mxlint.check.providers cheap

    # libyaml's C parser when PyYAML was built with it: ten times faster on this file.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text, Loader=loader)
    if not isinstance(data, list):
        raise ValueError(f"{origin}: expected a YAML list of provider entries")
    return data


@functools.cache
def _bundled() -> tuple[Provider, ...]:
    # The YAML is the source; _providers_data.py is its Python form, imported from bytecode
    # without PyYAML (a test keeps it current). Its entries are valid (a test reads each with
    # _provider_from_entry and compares): read here without the checks, as
    # _provider_from_entry would read them.
    from mxlint.check._providers_data import ENTRIES

    def names(value: Sequence[str] | None) -> tuple[str, ...]:
        return tuple(map(normalize_host, value or ()))

    out = []
    for entry in ENTRIES:
        source = entry["source"]
        out.append(
            Provider(
                name=entry["name"].strip(),
                kind=entry["kind"],
                hosts=frozenset(names(entry.get("hosts"))),
                patterns=names(entry.get("patterns")),
                domains=names(entry.get("domains")),
                sources=(source,) if isinstance(source, str) else tuple(source),
            )
        )
    return tuple(out)


def _checked_bundled() -> tuple[Provider, ...]:
    """The bundled entries read with every check (the tests compare with :func:`_bundled`)."""
    from mxlint.check._providers_data import ENTRIES

    return tuple(
        _provider_from_entry(entry, f"providers.yaml entry #{number}")
        for number, entry in enumerate(ENTRIES, 1)
    )


def _render_data(yaml_text: str) -> str:
    """The text of ``mxlint/check/_providers_data.py`` for the catalogue *yaml_text*.

    One item a line with trailing commas, strings as JSON writes them (valid Python): the
    form ``ruff format`` leaves alone.
    """
    import json

    def render(value: Any, indent: str) -> str:
        if isinstance(value, str):
            return json.dumps(value)
        inner = indent + "    "
        if isinstance(value, list):
            items = [f"{inner}{render(item, inner)},\n" for item in value]
            return "[\n" + "".join(items) + indent + "]"
        if isinstance(value, dict):
            items = [f"{inner}{json.dumps(k)}: {render(v, inner)},\n" for k, v in value.items()]
            return "{\n" + "".join(items) + indent + "}"
        raise ValueError(f"providers.yaml: unexpected value {value!r}")

    raw = _read_entries(yaml_text, "providers.yaml")
    entries = render(raw, "")
    ends = provider_ends(_provider_from_entry(e, "providers.yaml") for e in raw)
    suffixes = "None" if ends is None else render(sorted(ends), "")
    return (
        "# Generated from mxlint/check/data/providers.yaml by `python -m mxlint.check.providers`:"
        " do not edit.\n# ruff: noqa\n"
        "from typing import Any, Final\n\n"
        f"ENTRIES: Final[list[dict[str, Any]]] = {entries}\n\n"
        "# The last two labels of every host, pattern tail and MX domain above "
        "(providers.provider_ends)\n"
        f"ENDS: Final[list[str] | None] = {suffixes}\n"
    )


def provider_ends(providers: Iterable[Provider]) -> set[str] | None:
    """The last two labels (internal form, ``"google.com"``) of every published host, every
    pattern's literal tail and every MX domain of ``providers``; None if one has fewer.

    :meth:`Catalogue.provider_of` is None for every host whose last two labels are none of
    these: a published host ends so, a host matching a pattern ends with its tail (two
    literal labels at least), a host in a domain ends with it. Rules ask this of their MX
    targets before they read the catalogue (:func:`mxlint.check.provider_hosts.may_provide`).
    """
    ends: set[str] = set()
    for provider in providers:
        texts = [*provider.hosts, *provider.domains]
        texts += [".".join(_key(p).split(".")[-2:]) for p in provider.patterns]
        for text in texts:
            labels = _key(text).split(".")
            if len(labels) < 2 or _has_wildcard(labels[-2]) or _has_wildcard(labels[-1]):
                return None
            ends.add(".".join(labels[-2:]))
    return ends


def _write_data() -> None:
    """Regenerate ``mxlint/check/_providers_data.py`` from ``mxlint/check/data/providers.yaml``."""
    from pathlib import Path

    package = Path(__file__).resolve().parent
    text = (package / "data" / "providers.yaml").read_text(encoding="utf-8")
    (package / "_providers_data.py").write_text(_render_data(text), encoding="utf-8")


@functools.cache
def _default_catalogue() -> Catalogue:
    return Catalogue(_bundled(), checked=True)


def load_catalogue(extra: Sequence[Mapping[str, Any]] | None = None) -> Catalogue:
    """The bundled catalogue, plus *extra* entries in the same schema.

    An extra entry with a new name adds a provider; one named like a known
    provider extends it (its hosts, patterns, domains and sources are added;
    its kind must be the same).  Extra entries are validated like the bundled
    ones: an unknown key, a bad value, or a host, pattern match or domain
    already claimed by another provider raises ``ValueError`` naming the
    entry and the key.  Without *extra* the same (cached) catalogue is
    returned on every call.
    """
    if extra is None:
        return _default_catalogue()
    if isinstance(extra, (str, bytes, Mapping)) or not isinstance(extra, Sequence):
        raise ValueError("extra: expected a list of provider entries")
    providers = {provider.name: provider for provider in _bundled()}
    for number, entry in enumerate(extra, 1):
        label = f"extra provider entry #{number}"
        added = _provider_from_entry(entry, label)
        known = providers.get(added.name)
        if known is None:
            providers[added.name] = added
            continue
        if added.kind != known.kind:
            raise ValueError(
                f"{label} ({added.name!r}): key 'kind': {added.kind!r} differs from "
                f"the catalogue's {known.kind!r}"
            )
        providers[added.name] = Provider(
            name=known.name,
            kind=known.kind,
            hosts=known.hosts | added.hosts,
            patterns=tuple(dict.fromkeys(known.patterns + added.patterns)),
            domains=tuple(dict.fromkeys(known.domains + added.domains)),
            sources=tuple(dict.fromkeys(known.sources + added.sources)),
        )
    return Catalogue(providers.values())


if __name__ == "__main__":  # python -m mxlint.check.providers: after editing providers.yaml
    _write_data()
