"""Property: ``--fix`` never turns a zone that named-checkzone loads into one it refuses, and
never changes what the zone serves beyond the repairs it reports (``named-checkzone -D``
before and after, with each repaired name mapped to what the repair made of it).

Bounded for CI: 200 generated zones, well under a minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mxlint import api, fix

NAMED = shutil.which("named-checkzone")
pytestmark = pytest.mark.skipif(NAMED is None, reason="named-checkzone (bind9-utils) not found")

HEAD = (
    "$ORIGIN example.com.\n$TTL 3600\n"
    "@ IN SOA ns1.example.net. hostmaster.example.com. 2024010101 7200 3600 1209600 300\n"
    "@ IN NS ns1.example.net.\n"
)
NAMES = [
    "@", "mail", "mail.example.com", "mail.example.com.", "smtp", "smtp.example.com",
    "smtp.example.com.", "mx.example.net.", "www", "www.example.com",
]  # fmt: skip
TARGETS = [n for n in NAMES if n != "@"] + ["example.com", "example.com."]
TTLS = ["", "60 ", "3600 "]
record = st.one_of(
    st.tuples(st.sampled_from(NAMES), st.sampled_from(TTLS), st.just("A"), st.integers(1, 3)).map(
        lambda t: f"{t[0]} {t[1]}IN A 192.0.2.{t[3]}"
    ),
    st.tuples(st.sampled_from(NAMES), st.sampled_from(TTLS), st.sampled_from(TARGETS)).map(
        lambda t: f"{t[0]} {t[1]}IN CNAME {t[2]}"
    ),
    st.tuples(
        st.sampled_from(NAMES),
        st.sampled_from(TTLS),
        st.sampled_from([10, 20]),
        st.sampled_from(TARGETS),
    ).map(lambda t: f"{t[0]} {t[1]}IN MX {t[2]} {t[3]}"),
)
zones = st.lists(record, min_size=1, max_size=8).map(lambda rs: HEAD + "\n".join(rs) + "\n")

STATS = {"zones": 0, "loaded": 0, "changed": 0}


def _dump(path: Path) -> set[tuple[str, ...]] | None:
    """The records BIND serves from ``path`` (None if it refuses the zone), repaired names
    mapped back: ``x.example.com.example.com.`` is what ``x.example.com`` meant before the
    dot, and ``x.example.com.`` what it means after; the SOA serial aside."""
    assert NAMED is not None
    proc = subprocess.run(
        [NAMED, "-q", "-D", "-o", "-", "example.com", os.fspath(path)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        return None

    def name(n: str) -> str:
        n = n.lower()
        doubled = n == "example.com.example.com." or n.endswith(".example.com.example.com.")
        return n[: -len("example.com.")] if doubled else n

    out = set()
    for line in proc.stdout.splitlines():
        f = line.split()
        if f[3] == "SOA":
            f[6] = "serial"
        if f[3] in ("MX", "CNAME"):
            f[-1] = name(f[-1])
        out.add((name(f[0]), *f[1:]))
    return out


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(zones)
def test_fix_keeps_the_zone_loadable_and_serves_only_the_reported_edits(text: str) -> None:
    STATS["zones"] += 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "example.com.zone"
        path.write_text(text)
        before = _dump(path)
        if before is None:
            return  # BIND refuses it already: nothing to keep
        STATS["loaded"] += 1
        done = fix.fix_files([os.fspath(path)], api.Options(origin="example.com"))
        fixed = path.read_text()
        if fixed != text:
            STATS["changed"] += 1
        after = _dump(path)
        assert after is not None, f"--fix broke a loadable zone:\n{text}---\n{fixed}"
        assert after == before, (
            f"--fix changed what is served beyond its repairs {dict(done.changes)}:\n"
            f"{text}---\n{fixed}\nlost {before - after}\ngained {after - before}"
        )


def test_property_counts() -> None:
    """Runs after the property test (file order): the note gives these numbers."""
    print(f"\nfix property: {STATS}")
    if STATS["zones"]:
        assert STATS["loaded"] >= 50 and STATS["changed"] >= 10, STATS
