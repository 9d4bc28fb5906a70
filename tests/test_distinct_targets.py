"""The quick tests that let a zone of many distinct MX targets cost about what an ordinary
record costs: each one run over every target at once, each checked against the per-target
answer it stands for (a quick "no" must never hide what the full check says).

* :meth:`Catalogue.concerning` and :meth:`_Near.reaching` (unknown-provider-host) against
  :meth:`Catalogue.concerns` and :meth:`_Near.reaches`, host by host;
* :meth:`ZoneSet.within` (missing-address, cname-target, dname-target, unroutable-address)
  against :meth:`ZoneSet.target`;
* :meth:`MxTargets.texts` against :func:`name_text`;
* the suspects of invalid-hostname and unroutable-address against their verdicts;
* end to end: the rules report what they report with every quick test answering "maybe".
"""

from __future__ import annotations

import random
import re
from types import SimpleNamespace

import dns.name
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mxlint.check.providers as providers
from mxlint.check import names
from mxlint.check.names import MxTargets, mx_targets
from mxlint.check.providers import Catalogue, _Near, load_catalogue
from mxlint.model import Zone, ZoneSet, name_text, nkey
from mxlint.rules import invalid_hostname, unroutable_address
from mxlint.zonefile import loader
from tests.test_provider_gate import EXTRA, catalogue_names, near_misses
from tests.test_providers import searched_strings
from tests.test_rules import lint

from .conftest import ZONE_HEADER


def _hosts(catalogue: Catalogue, seed: int) -> list[str]:
    """Near-misses of every catalogue name (absolute, as name_text writes them), names far
    from all, and hosts _keys must read one by one (spaces, capitals, dots)."""
    rng = random.Random(seed)
    hosts = [v + "." for text in catalogue_names(catalogue) for v in near_misses(text, rng)]
    hosts = rng.sample(hosts, 4000) + [f"mail{n}.mailhost{n % 97}.net." for n in range(3000)]
    rng.shuffle(hosts)
    return hosts


def _fresh(extended: bool = False) -> Catalogue:
    """A catalogue of its own (load_catalogue keeps the bundled one): nothing cached."""
    return Catalogue(load_catalogue(EXTRA if extended else None).providers)


_ODD = [
    " aspmx.l.google.com. ",
    "\x1caspmx.l.google.com.",
    "aspmx.l.google.com.\xa0",
    "ASPMX.L.GOOGLE.COM.",
    "aspmx.l.google.com..",
    "",
    ".",
    "a\nb.",
]


@pytest.mark.parametrize("compile_after", [1, 10**9], ids=["expression", "sets"])
@pytest.mark.parametrize("extended", [False, True], ids=["bundled", "extended"])
def test_concerning_answers_as_concerns_host_by_host(
    monkeypatch: pytest.MonkeyPatch, compile_after: int, extended: bool
) -> None:
    monkeypatch.setattr(providers, "_COMPILE_AFTER", compile_after)
    asked = _fresh(extended)
    hosts = _hosts(asked, 7)
    for batch in (hosts, hosts[:50], _ODD, _ODD + hosts[:20], []):
        expected = [i for i, host in enumerate(batch) if asked.concerns(host)]
        # a fresh catalogue (nothing cached, nothing compiled) and the one just asked
        for catalogue in (_fresh(extended), asked):
            assert catalogue.concerning(batch) == expected
    assert 1000 < len(asked.concerning(hosts)) < 4000  # (a test of both answers)


def test_concerning_compiles_a_length_asked_often_and_answers_the_same() -> None:
    # lengths asked fewer than _COMPILE_AFTER times are looked up in sets, a large batch
    # compiles the length's expression: the answers do not change
    catalogue = _fresh()
    hosts = _hosts(catalogue, 9)
    reference = _fresh()  # (one catalogue of its own: its caches are not the one tested)
    expected = [i for i, host in enumerate(hosts) if reference.concerns(host)]
    assert catalogue.concerning(hosts[:20]) == expected[: len([i for i in expected if i < 20])]
    assert catalogue._gate is not None and not catalogue._gate[2]._regexes
    assert catalogue.concerning(hosts) == expected
    assert catalogue._gate[2]._regexes
    assert catalogue.concerning(hosts) == expected


@pytest.mark.parametrize("compile_after", [1, 10**9], ids=["expression", "sets"])
def test_reaching_answers_as_reaches(monkeypatch: pytest.MonkeyPatch, compile_after: int) -> None:
    monkeypatch.setattr(providers, "_COMPILE_AFTER", compile_after)
    texts = [*searched_strings(), "m.ab", "q.io", "tiny.io"]
    rng = random.Random(4)
    queries = [v for text in texts for v in near_misses(text, rng)]
    queries += ["", "a", "mx", "mail.example.com", "x" * 60]
    one_by_one = _Near(texts)
    expected = {i for i, query in enumerate(queries) if one_by_one.reaches(query)}
    assert set(_Near(texts).reaching(queries)) == expected
    assert 0 < len(expected) < len(queries)


def _zone_set(origins: list[str]) -> ZoneSet:
    head = "$TTL 3600\n@ IN SOA ns1.example.net. h.example.net. 1 7200 3600 1209600 300\n"
    return ZoneSet(
        [
            loader.load_zone(f"z{n}.zone", o, text=f"{head}mail IN A 192.0.2.1\n")
            for n, o in enumerate(origins)
        ]
    )


_NAMES = [
    ".",
    "com.",
    "example.com.",
    "mail.example.com.",
    "a.b.mail.example.com.",
    "example.net.",
    "xexample.com.",
    "mail.example.org.",
    "a\\000example.com.",
    "sub.zone7.example.",
    "zone7.example.",
    "zone77.example.",
]


@pytest.mark.parametrize(
    "origins",
    [
        [],
        ["example.com."],
        ["example.edu."],  # nothing inside
        ["example.com.", "mail.example.com.", "example.org."],
        ["."],
        [f"zone{n}.example." for n in range(100)],  # more than ZoneSet tests in C
        [f"zone{n}.example." for n in range(100)] + ["example.com."],
    ],
    ids=["none", "one", "apart", "few", "root", "many", "many-and-one"],
)
def test_within_is_where_target_finds_a_zone(origins: list[str]) -> None:
    zones = _zone_set(origins)
    parsed = [dns.name.from_text(n) for n in _NAMES]
    keys = [nkey(n) for n in parsed]
    expected = [i for i, n in enumerate(parsed) if zones.target(n).zone is not None]
    assert zones.within(keys) == expected
    assert zones.within(keys, b"\n" + b"\n".join(keys) + b"\n") == expected
    outside = [zones.target(n) for i, n in enumerate(parsed) if i not in expected]
    assert all(t is zones.nowhere for t in outside)


_SPELLINGS = st.sampled_from(
    [
        "mail",
        "MAIL.example.com.",
        "mail.Example.NET.",
        ".",
        "a\\000b.example.net.",
        "a\\.b.example.net.",
        "x\\032y.example.net.",
        "caf\\233.example.net.",
        "m_x.example.net.",
        "Q.",
        "-x.example.net.",
        "1.2.3.4.",
        "mail.example.com",
    ]
)


def _zone(targets: list[str]) -> tuple[Zone, ZoneSet]:
    lines = "".join(f"h{n} IN MX 10 {t}\n" for n, t in enumerate(targets))
    zone = loader.load_zone("example.com.zone", "example.com.", text=ZONE_HEADER + lines)
    return zone, ZoneSet([zone])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_SPELLINGS, max_size=12))
def test_texts_are_the_name_texts_of_the_slots(targets: list[str]) -> None:
    zone, zones = _zone(targets)
    table = mx_targets(zone, zones)
    assert table.texts() == [name_text(n, k) for n, k in zip(table.names, table.keys, strict=True)]


def test_texts_of_plain_names_are_cut_from_the_keys() -> None:
    zone, zones = _zone(["mail.example.net.", "MX.Example.NET.", ".", "mail"])
    assert mx_targets(zone, zones).texts() == [
        "mail.example.net.",
        "mx.example.net.",
        ".",
        "mail.example.com.",
    ]


_LABEL = st.text(alphabet="abXZ09-_\n\x00.", min_size=1, max_size=5)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(_LABEL, min_size=0, max_size=3), max_size=6), st.booleans())
def test_invalid_hostname_suspects_every_target_it_condemns(
    labels: list[list[str]], relative: bool
) -> None:
    # names built label by label: a label may hold a NUL, a newline, a dot, capitals
    made = [
        dns.name.Name([x.encode("latin-1") for x in ls] + ([] if relative and i == 0 else [b""]))
        for i, ls in enumerate(labels)
    ]
    keys = [nkey(n) for n in made]
    table = SimpleNamespace(names=made, keys=keys, lines=lambda: b"\n" + b"\n".join(keys) + b"\n")
    suspects = set(invalid_hostname._suspects(table))  # type: ignore[arg-type]
    for slot, name in enumerate(made):
        if len(name.labels) > 1 and invalid_hostname._verdict(name) is not None:
            assert slot in suspects, name


def test_invalid_hostname_suspects_none_of_a_zone_of_host_names() -> None:
    zone, zones = _zone([f"mail{n}.mailhost{n % 7}.net." for n in range(50)] + ["."])
    assert not list(invalid_hostname._suspects(mx_targets(zone, zones)))
    zone, zones = _zone(["mail.example.net.", "m_x.example.net.", "-a.example.net."])
    assert list(invalid_hostname._suspects(mx_targets(zone, zones))) == [1, 2]


_BODY = """\
mail      IN A     192.0.2.25
lo        IN A     127.0.0.1
priv      IN A     10.0.0.1
alias     IN CNAME mail
noaddr    IN TXT   "x"
*.w       IN A     127.0.0.2
old       IN DNAME example.net.
sub       IN NS    ns.example.net.
"""


def _rich_zone(rng: random.Random, special: bool) -> str:
    """MX records to every kind of target the gated rules look at, and many outside."""
    targets = [
        "mail",
        "lo",
        "priv",
        "alias",
        "noaddr",
        "x.w",
        "a.old",
        "old",
        "h.sub",
        "nothere",
        "x.localhost.",
        "abc.msv1.invalid.outlook.com.",
        "m_x.example.net.",
        "-a.example.net.",
        "atl1.aspmx.l.google.com.",
        "zz.aspmx.l.google.com.",
        "aspmx.l.google.com.",
        "mail.example.com",
        "192.0.2.1",
        "mail.provider.net",
        ".",
    ]
    if not special:  # (no target under a name of RFC 6761: unroutable's other quick test)
        targets = [t for t in targets if "localhost" not in t and "invalid" not in t]
    targets += [f"mail{n}.mailhost{n % 13}.net." for n in range(300)]
    rng.shuffle(targets)
    return _BODY + "".join(f"h{n} IN MX {n % 3} {t}\n" for n, t in enumerate(targets))


_ZONE_PATH = re.compile(r"/\S*/(?=example\.com\.zone)").sub  # (each lint has a folder)
_GATED = [
    "unknown-provider-host",
    "invalid-hostname",
    "unroutable-address",
    "missing-address",
    "cname-target",
    "dname-target",
    "missing-trailing-dot",
    "ip-target",
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_rules_report_what_they_report_when_every_quick_test_says_maybe(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    body = _rich_zone(random.Random(seed), special=seed != 3)
    providers._default_catalogue.cache_clear()
    fast = lint(body, *_GATED)
    every = lambda table, *_: range(len(table.keys))  # noqa: E731
    monkeypatch.setattr(Catalogue, "concerning", lambda self, hosts: list(range(len(hosts))))
    monkeypatch.setattr(MxTargets, "within", every)
    monkeypatch.setattr(invalid_hostname, "_suspects", every)
    monkeypatch.setattr(unroutable_address, "_suspects", lambda zones: every)
    monkeypatch.setattr(names, "_screen", lambda texts: (texts, texts))
    providers._default_catalogue.cache_clear()
    slow = lint(body, *_GATED)
    seen = [(d.line, d.column, d.code, _ZONE_PATH("", d.message)) for d in fast]
    assert seen == [(d.line, d.column, d.code, _ZONE_PATH("", d.message)) for d in slow]
    assert {d.rule for d in fast} >= set(_GATED) - {"dname-target"}, {d.rule for d in fast}
