"""The quick test :meth:`Catalogue.concerns` against the exhaustive answers it stands for.

``concerns(host)`` false lets ``provider_of``, ``nearest`` and the typo verdict answer "no
provider, nothing near" without a search. It may let through a host that is neither (the
searches then say so), but it must never turn away one that is: a provider's host, a host in
a provider's domain, or a typo of either within two edits. These tests compare it with the
exhaustive scans of ``tests/test_providers.py`` on every near-miss of every catalogue name
(one and two edits, swaps, dropped and added labels) and on random names, on the bundled
catalogue and on one extended with short names, through both of its paths (sets, then a
compiled expression once a query length is asked often), and end to end through the rules.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mxlint.check.providers as providers
from mxlint.check.providers import Catalogue, Provider, _Near, load_catalogue, normalize_host
from tests.test_providers import (
    _HOSTS,
    _compiled_patterns,
    hosts_of_one_to_four_labels,
    near_provider_hosts,
    one_edit_variants,
    reference_nearest,
    searched_strings,
)
from tests.test_rules import lint

#: The bundled catalogue, plus short names: a host and a pattern tail too short to split
#: into the index's keys, a domain of four characters, a pattern of two wildcard labels.
EXTRA = [
    {
        "name": "Tiny Mail",
        "kind": "mailbox",
        "source": "https://tiny.example/setup",
        "hosts": ["m.ab", "mx.tiny.io"],
        "patterns": ["*.*.q.io"],
        "domains": ["x.io", "tiny.io"],
    },
]


def catalogues() -> list[Catalogue]:
    return [load_catalogue(), load_catalogue(EXTRA)]


def reference_provider_of(catalogue: Catalogue, host: str) -> Provider | None:
    """What :meth:`Catalogue.provider_of` promises, by a scan of every host, pattern and
    domain (the most specific domain wins)."""
    key = normalize_host(host).rstrip(".")
    if not key:
        return None
    for provider in catalogue.providers:
        if key + "." in provider.hosts:
            return provider
    for pattern in _compiled_patterns(catalogue):
        if pattern.matches(key):
            return pattern.owner
    best: tuple[int, Provider] | None = None
    for provider in catalogue.providers:
        for domain in provider.domains:
            domain = domain.rstrip(".")
            if (key == domain or key.endswith("." + domain)) and (
                best is None or len(domain) > best[0]
            ):
                best = (len(domain), provider)
    return None if best is None else best[1]


def turned_away(catalogue: Catalogue, host: str) -> bool:
    """Whether the quick test turns ``host`` away, asserting that it may: both exhaustive
    answers are None then."""
    if catalogue.concerns(host):
        return False
    assert reference_provider_of(catalogue, host) is None, host
    assert reference_nearest(catalogue, host) is None, host
    return True


def check(catalogue: Catalogue, host: str) -> None:
    """:func:`turned_away`, and the lookups give the exhaustive answers."""
    turned_away(catalogue, host)
    assert catalogue.provider_of(host) == reference_provider_of(catalogue, host), host
    assert catalogue.nearest(host) == reference_nearest(catalogue, host), host


def catalogue_names(catalogue: Catalogue) -> list[str]:
    """Every exact host, a sample host of every pattern, every domain and a host in it."""
    names = [host.rstrip(".") for host in catalogue.published_hosts]
    names += [
        text.replace("[", "").replace("]", "").replace("*", "x1").replace("?", "a").rstrip(".")
        for p in catalogue.providers
        for text in p.patterns
    ]
    domains = [d.rstrip(".") for p in catalogue.providers for d in p.domains]
    return names + domains + [f"mx9.{d}" for d in domains]


def near_misses(text: str, rng: random.Random) -> Iterator[str]:
    """``text``, its one-edit variants, two-edit variants (random pairs), and the name with a
    label dropped, doubled or added in front."""
    yield text
    ones = sorted(one_edit_variants(text, "x."))
    yield from ones
    for one in rng.sample(ones, min(len(ones), 25)):
        twos = sorted(one_edit_variants(one, "y-"))
        yield from rng.sample(twos, min(len(twos), 4))
    labels = text.split(".")
    for i in range(len(labels)):
        yield ".".join(labels[:i] + labels[i + 1 :])
        yield ".".join(labels[: i + 1] + labels[i:])
    yield "mail." + text
    yield "a.b." + text


@pytest.mark.parametrize("extended", [False, True], ids=["bundled", "extended"])
def test_no_near_miss_of_a_catalogue_name_is_turned_away(extended: bool) -> None:
    catalogue = catalogues()[extended]
    rng = random.Random(21)
    asked = away = 0
    for text in catalogue_names(catalogue):
        for variant in near_misses(text, rng):
            asked += 1
            away += turned_away(catalogue, variant)
    # (the exhaustive answers are asked for the hosts turned away only: the lookups answer
    # as they do for the others, which the tests of tests/test_providers.py check)
    assert asked > 20000 and away > 1000, (asked, away)


@pytest.mark.parametrize("compile_after", [1, 10**9], ids=["expression", "sets"])
def test_both_paths_of_the_index_agree_with_its_search(
    monkeypatch: pytest.MonkeyPatch, compile_after: int
) -> None:
    # reaches() false means search() finds nothing, by the sets and by the expression
    monkeypatch.setattr(providers, "_COMPILE_AFTER", compile_after)
    texts = [*searched_strings(), "m.ab", "q.io", "tiny.io"]
    near = _Near(texts)
    rng = random.Random(5)
    queries = [v for text in texts for v in near_misses(text, rng)]
    queries += ["", "a", "mx", "mail.example.com", "x" * 60]
    for query in queries:
        for offset in (0, 1, 3):
            if offset <= len(query) and not near.reaches(query, offset):
                assert near.search(query[offset:]) == [], (query, offset)
    assert bool(near._regexes) == (compile_after == 1)


_ANY = st.one_of(near_provider_hosts(), _HOSTS, hosts_of_one_to_four_labels())
SHARED = catalogues()  # asked again and again: its expressions get compiled (below)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ANY, st.booleans())
def test_random_names_and_typos_agree_with_the_exhaustive_answers(
    host: str, extended: bool
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(providers, "_COMPILE_AFTER", 3)
        check(SHARED[extended], host)
    check(catalogues()[extended], host)  # a fresh catalogue: the sets, nothing cached


def test_hosts_far_from_every_provider_cost_no_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the quick test: a host of no provider and near none is told apart
    without a search or a comparison (work counted, not timed)."""
    catalogue = load_catalogue([])
    calls: list[str] = []
    real_search = _Near.search

    def search(self: _Near, query: str) -> list[tuple[int, int]]:
        calls.append(query)
        return real_search(self, query)

    monkeypatch.setattr(_Near, "search", search)
    rng = random.Random(3)
    words = ("acme", "north", "river", "stone", "delta", "maple", "cedar", "pixel", "metro")
    stems = ("mail", "mx", "mx1", "smtp", "in", "relay", "mailhost", "inbound", "mx01")
    tlds = ("com", "net", "org", "de", "co.uk", "nl", "fr", "io", "com.au")
    hosts = [
        f"{rng.choice(stems)}.{rng.choice(words)}{rng.choice(words)}{n}.{rng.choice(tlds)}."
        for n in range(3000)
    ]
    hosts += [f"mail{n}.mailhost{n % 997}.net." for n in range(3000)]  # the benchmark's
    for host in hosts:
        assert catalogue.nearest(host) is None
    # without it, each nearest() searches once at least; with it, only the few hosts that
    # start like a provider's (mx01.) or share a tail that looks alike (mailhost1.net, asked
    # once per tail) are searched
    assert len(calls) < len(hosts) / 3, len(calls)
    for host in hosts:
        assert not catalogue.concerns(host)
        assert catalogue.provider_of(host) is None
    # and a typo still gets its search
    assert catalogue.nearest("atl1.aspmx.l.google.com.") == ("alt1.aspmx.l.google.com.", 1)
    assert calls


@pytest.mark.parametrize("rule", ["unknown-provider-host", "stale-provider", "unroutable-address"])
def test_the_rules_report_what_they_reported_without_the_quick_test(
    monkeypatch: pytest.MonkeyPatch, rule: str
) -> None:
    # a zone of near-misses of every catalogue name, two per owner: the diagnostics are
    # those of the exhaustive path (the quick test answering "maybe" for every host)
    rng = random.Random(8)
    targets = sorted(
        {v for text in catalogue_names(load_catalogue()) for v in near_misses(text, rng)}
    )
    targets = [t for t in targets if t and ".." not in t and not t.startswith(".")]
    targets = rng.sample(targets, 4000)
    body = "".join(f"h{n // 2} IN MX {n % 2 + 1} {target}.\n" for n, target in enumerate(targets))
    providers._default_catalogue.cache_clear()  # no answers cached from other tests
    fast = lint(body, rule)
    monkeypatch.setattr(Catalogue, "_concerns", lambda self, key: bool(key))
    providers._default_catalogue.cache_clear()
    slow = lint(body, rule)
    seen = [(d.line, d.column, d.code, d.message) for d in fast]
    assert seen == [(d.line, d.column, d.code, d.message) for d in slow]
    assert len(fast) > (100 if rule == "unknown-provider-host" else 0)
