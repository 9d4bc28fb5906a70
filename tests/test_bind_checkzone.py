"""BIND's own checkzone system-test zones (tests/data/bind-checkzone): named-checkzone and
mxlint must give the same load verdict on each, except the differences listed here with their
reasons (each must still differ, so the list stays true).

The verdicts are load verdicts, as in tests/test_named_differential.py: named-checkzone with
its semantic checks off, and mxlint's loader problems of the syntax kind.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from .test_named_differential import NAMED_CHECKZONE, mxlint_syntax, named

DATA = Path(__file__).resolve().parent / "data" / "bind-checkzone"
pytestmark = pytest.mark.skipif(
    NAMED_CHECKZONE is None, reason="named-checkzone not installed (apt-get install bind9-utils)"
)

with (DATA / "origins.tsv").open(encoding="utf-8") as f:
    CASES = [(r["file"], r["origin"]) for r in csv.DictReader(f, delimiter="\t")]

_EUI = (
    "Debian's named-checkzone (BIND 9.18) reads EUI48/EUI64 with sscanf and so accepts a "
    "missing leading zero and trailing garbage; BIND 9.20 refuses both (these are its own bad-* "
    "tests), as dnspython and mxlint do: mxlint follows the current BIND"
)
# Files on which the installed named-checkzone and mxlint differ, and why.
DIFFERENCES: dict[str, str] = {
    "bad-eui48-no-leading-zero.db": _EUI,
    "bad-eui48-trailing-garbage.db": _EUI,
    "bad-eui64-no-leading-zero.db": _EUI,
    "bad-eui64-trailing-garbage.db": _EUI,
    "crashzone.db": (
        "dnspython refuses its RRSIG times of year 0010, which BIND reads (its raw byte 0xf2 as "
        "an owner name is read as BIND reads it, a binary label)"
    ),
}


def verdicts(name: str, origin: str) -> tuple[bool, bool]:
    """(named refuses for a syntax reason, mxlint's loader reports a syntax problem)."""
    path = DATA / "zones" / name
    return named(path, origin, DATA).syntax_reject, bool(mxlint_syntax(path, origin))


@pytest.mark.parametrize(("name", "origin"), CASES, ids=[c[0] for c in CASES])
def test_load_verdict_matches_named(name: str, origin: str) -> None:
    theirs, ours = verdicts(name, origin)
    path = DATA / "zones" / name
    detail = f"named: {named(path, origin, DATA).output}\nmxlint: " + "; ".join(
        f"{p.line}: {p.message}" for p in mxlint_syntax(path, origin)
    )
    if name in DIFFERENCES:
        assert theirs != ours, f"{name} now agrees: remove it from DIFFERENCES\n{detail}"
    else:
        assert theirs == ours, detail


def test_agreement_figure() -> None:
    agree = sum(1 for name, origin in CASES if len(set(verdicts(name, origin))) == 1)
    print(f"\nBIND checkzone zones: named and mxlint agree on {agree} of {len(CASES)}")
    assert len(CASES) == 157
    assert agree == len(CASES) - len(DIFFERENCES)
