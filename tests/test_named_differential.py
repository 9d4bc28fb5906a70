"""named-checkzone is the reference for what loads: mxlint must agree with it on every zone.

Every corpus zone (../shared/corpus, origins from MANIFEST.tsv) and every zone of
tests/data/bind-compat/ (origin example.com.) is loaded both ways:

- by ``named-checkzone`` (Debian bind9-utils; .ci/run installs it), with every semantic check
  off (``-i none`` and ``ignore`` for the check modes), so that its exit status and messages
  are about loading: a message with a place that is not a known warning or a known semantic
  verdict (CNAME and other data, no NS records, ...) is a syntax verdict;
- by ``mxlint.zonefile.loader.load_zone(path, origin)``, whose problems are syntax verdicts unless
  :func:`problem_kind` says otherwise.

Asserted per file: named accepts => mxlint reports no syntax problem; named rejects for a
syntax reason => mxlint reports at least one. Known, deliberate differences are listed in
``DELIBERATE`` with their reasons (and must still differ, so the list stays true).
``test_agreement_figures`` prints the figures (run with ``-s`` to see them).
"""

from __future__ import annotations

import csv
import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mxlint.identity.zones import load_zone
from mxlint.model import Problem

from .conftest import CORPUS, ROOT

NAMED_CHECKZONE = shutil.which("named-checkzone")
pytestmark = pytest.mark.skipif(
    NAMED_CHECKZONE is None, reason="named-checkzone not installed (apt-get install bind9-utils)"
)

OWN = ROOT / "tests" / "data" / "bind-compat"
OWN_ORIGIN = "example.com."
MANIFEST = CORPUS / "MANIFEST.tsv"

# Only load verdicts count: no post-load integrity checks, no check-names, MX, NS, DNSSEC,
# MX/SRV-to-CNAME, wildcard or SPF checks.
FLAGS = ["-i", "none", "-k", "ignore", "-m", "ignore", "-n", "ignore", "-r", "ignore"]
FLAGS += ["-M", "ignore", "-S", "ignore", "-W", "ignore", "-T", "ignore"]

# Messages named-checkzone prints with a place that do not reject the zone.
NAMED_WARNINGS = (
    "ignoring out-of-zone data",
    "no TTL specified; using SOA MINTTL instead",
    "TTL set to prior TTL",
    "using RFC1035 TTL semantics",
    "> MAXTTL, setting $TTL to 0",
    "file does not end with newline",
    "signature has expired",
    "old style DNSSEC",
    "record with inherited owner",
    "contains an non-terminal wildcard",
)
# Rejections about the zone's content rather than its syntax: mxlint's rules (or nothing, for
# structure checks outside its scope) judge those, not its loader.
NAMED_SEMANTIC = (
    "CNAME and other data",
    "multiple RRs of singleton type",
    "at top of zone",
    "NSEC node already exists",
    "invalid NS owner name",
    "has no NS records",
    "has 0 SOA records",
    "has no address records",
    "CDS/CDNSKEY consistency checks failed",
    "is below a DNAME",
)

_INCLUDE_BASE = (
    "BIND opens a relative $INCLUDE against its working directory (named.conf's `directory`; "
    "here the zone's folder), mxlint against the including file, so that a repository's "
    "zones read the same from wherever mxlint runs: a nested include written relative to "
    "the top folder is found by named and reported missing by mxlint"
)
# Corpus files (MANIFEST dest) or own zones (file name) on which mxlint and named-checkzone
# deliberately disagree, with the reason. Each must still disagree (a stale entry fails).
# (Below the verdict, one known line-level difference: the SVCB key ohttp, RFC 9540, postdates
# BIND 9.18, which refuses it; dnspython, BIND 9.20 and mxlint accept it. dnspython's test
# zones "example" and "example1.good" hold one, and are refused by both for other lines.)
_DIRECTORY = (
    "the include is written relative to the test's top folder (named's `directory`), and this "
    "differential runs named in the zone's own folder: mxlint finds the file where named, run "
    "from that directory, finds it (BIND's include rules, issue 16)"
)
_NOT_HERE = (
    "the included file is not in the repository (a key made on the server): named refuses a "
    "zone whose include is missing, mxlint reports the include once as a zone-identity "
    "warning and the zone as incomplete, since on the server the file exists (issue 16)"
)
DELIBERATE: dict[str, str] = {
    "peer-tests/CZ-NIC__knot/tests/libzscanner/data/06-8_INCLUDE.in": _INCLUDE_BASE,
    "peer-tests/NLnetLabs__nsd/tpkg/include_rel.tdir/m/com/example.com.zone": _DIRECTORY,
    "peer-tests/tobez__validns/t/issues/25-nsec/example.sec": _NOT_HERE,
}

# Differences that are not deliberate, waiting for work elsewhere (same rule: each must still
# differ; remove the entry when it is fixed).
# Differences still to resolve (none: the out-of-zone check now comes before the TTL check,
# as in BIND).
PENDING: dict[str, str] = {}


# --------------------------------------------------------------------------- mxlint's side


def problem_kind(problem: Problem) -> str:
    """What a loader problem is about: "syntax", or a verdict that is not a load error.

    The one place that tells them apart.
    """
    msg = problem.message
    if problem.kind == "out-of-zone":
        return "out-of-zone"  # BIND ignores such records with a warning
    if msg.startswith("$INCLUDE") and " refused: " in msg:
        return "include-refused"  # mxlint's policy, not a property of the file
    # "include" (not found: named refuses the zone too) and "dialect:..." (what BIND refuses
    # and another server accepts) are load errors for named.
    return "syntax"


def mxlint_syntax(path: Path, origin: str) -> list[Problem]:
    root = CORPUS if CORPUS in path.parents else path.parent
    zone = load_zone(os.fspath(path), origin, extra_include_roots=[os.fspath(root)])
    return [p for p in zone.problems if problem_kind(p) == "syntax"]


# --------------------------------------------------------------------------- named's side

_PLACE = re.compile(r"^(?:[\w$]+: )?(?P<file>\S+?):(?P<line>\d+): (?P<msg>.*)$")
_FAILED = re.compile(r"loading from master file .* failed: (?P<why>.*)$")


@dataclass
class NamedVerdict:
    status: int
    syntax: list[tuple[str, int, str]] = field(default_factory=list)  # (file, line, message)
    semantic: list[str] = field(default_factory=list)
    output: str = ""

    @property
    def syntax_reject(self) -> bool:
        return self.status != 0 and bool(self.syntax)


@functools.cache
def named(path: Path, origin: str, workdir: Path | None = None) -> NamedVerdict:
    """named-checkzone's verdict on ``path``, run in ``workdir`` (for $INCLUDE; by default the
    zone's folder)."""
    assert NAMED_CHECKZONE is not None
    run = subprocess.run(
        [NAMED_CHECKZONE, *FLAGS, "-w", os.fspath(workdir or path.parent), origin, os.fspath(path)],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=120,
    )
    verdict = NamedVerdict(run.returncode, output=run.stdout + run.stderr)
    for raw in verdict.output.splitlines():
        failed = _FAILED.search(raw)
        if failed:
            why = failed.group("why")
            if any(s in why for s in NAMED_SEMANTIC):
                verdict.semantic.append(why)
            elif not verdict.syntax:  # a load error named gave no place for (e.g. bad ttl)
                verdict.syntax.append((os.fspath(path), 0, why))
            continue
        m = _PLACE.match(raw)
        if m is None:
            if raw.startswith("zone ") and any(s in raw for s in NAMED_SEMANTIC):
                verdict.semantic.append(raw)
            continue
        msg = m.group("msg")
        if any(w in msg for w in NAMED_WARNINGS):
            continue
        if any(s in msg for s in NAMED_SEMANTIC):
            verdict.semantic.append(msg)
        else:
            verdict.syntax.append((m.group("file"), int(m.group("line")), msg))
    if verdict.status == 0:
        verdict.syntax.clear()  # whatever it said, it loaded: those were warnings
    elif not verdict.syntax and not verdict.semantic:
        # Refused without a reason this test knows (e.g. an origin that is not a name).
        verdict.syntax.append(("", 0, verdict.output.strip() or "refused without a message"))
    else:
        # Drop the placeless summary when a placed error explains it.
        placed = [e for e in verdict.syntax if e[1] > 0]
        if placed:
            verdict.syntax = placed
    return verdict


# --------------------------------------------------------------------------- the cases


def corpus_cases() -> list[tuple[str, Path, str]]:
    if not MANIFEST.is_file():
        return []
    with MANIFEST.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [(r["dest"], CORPUS / r["dest"], r["origin"]) for r in rows if r["origin"]]


def own_cases() -> list[tuple[str, Path, str]]:
    return [(p.name, p, OWN_ORIGIN) for p in sorted(OWN.glob("*.zone"))]


CASES = corpus_cases() + own_cases()


def compare(key: str, path: Path, origin: str) -> tuple[str, str]:
    """(named's verdict, mxlint's verdict): "accept" / "reject" / "semantic"."""
    verdict = named(path, origin)
    if verdict.syntax_reject:
        theirs = "reject"
    elif verdict.status != 0:
        theirs = "semantic"  # rejected for content only: mxlint's loader must accept
    else:
        theirs = "accept"
    ours = "reject" if mxlint_syntax(path, origin) else "accept"
    return theirs, ours


def agrees(theirs: str, ours: str) -> bool:
    return (theirs == "reject") == (ours == "reject")


@pytest.mark.parametrize(("key", "path", "origin"), CASES, ids=[c[0] for c in CASES])
def test_load_verdict_matches_named(key: str, path: Path, origin: str) -> None:
    theirs, ours = compare(key, path, origin)
    verdict = named(path, origin)
    problems = mxlint_syntax(path, origin)
    detail = (
        f"named-checkzone: {theirs} (status {verdict.status})\n{verdict.output}\n"
        f"mxlint: {ours}\n" + "\n".join(f"  {p.line}: {p.message}" for p in problems)
    )
    if key in DELIBERATE or key in PENDING:
        assert not agrees(theirs, ours), (
            f"{key} is listed as a difference but now agrees; remove its entry\n{detail}"
        )
        return
    assert agrees(theirs, ours), detail


@pytest.mark.parametrize(("key", "path", "origin"), own_cases(), ids=[c[0] for c in own_cases()])
def test_own_zone_is_what_its_name_says(key: str, path: Path, origin: str) -> None:
    """good-*.zone loads in named-checkzone; bad-*.zone is refused for a syntax reason, at the
    line mxlint reports."""
    verdict = named(path, origin)
    if key.startswith("good-"):
        assert verdict.status == 0, verdict.output
        return
    assert key.startswith("bad-"), "own zones are named good-* or bad-*"
    assert verdict.syntax_reject, verdict.output
    named_lines = {line for _, line, _ in verdict.syntax}
    ours = {p.line for p in mxlint_syntax(path, origin)}
    assert ours and ours <= named_lines, (named_lines, ours, verdict.output)


_DUMP = re.compile(r"^(\S+)\s+\d+\s+IN\s+(\S+)\s")


@pytest.mark.parametrize(
    ("key", "path", "origin"),
    [c for c in own_cases() if c[0].startswith("good-")],
    ids=[c[0] for c in own_cases() if c[0].startswith("good-")],
)
def test_own_zone_records_match_named(key: str, path: Path, origin: str) -> None:
    """The records themselves: owner and type of each, as named-checkzone dumps them (this is
    what checks $GENERATE's names)."""
    assert NAMED_CHECKZONE is not None
    run = subprocess.run(
        [NAMED_CHECKZONE, *FLAGS, "-D", "-o", "-", origin, os.fspath(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    theirs = set()
    for raw in run.stdout.splitlines():
        m = _DUMP.match(raw)
        if m:
            theirs.add((m.group(1).lower(), m.group(2)))
    zone = load_zone(os.fspath(path), origin)
    ours = {(r.owner.to_text().lower(), r.type_name) for r in zone.records}
    assert ours == theirs


def test_agreement_figures() -> None:
    """Every file compared; prints the agreement table (named verdict x mxlint verdict)."""
    table: dict[tuple[str, str], int] = {}
    differences: list[str] = []
    for key, path, origin in CASES:
        theirs, ours = compare(key, path, origin)
        table[theirs, ours] = table.get((theirs, ours), 0) + 1
        if not agrees(theirs, ours):
            differences.append(key)
    print(f"\nnamed-checkzone vs mxlint, {len(CASES)} zones compared")
    for (theirs, ours), n in sorted(table.items()):
        print(f"  named {theirs:8} mxlint {ours:6}: {n}")
    print(
        f"  differences: {len(differences)} ({len(DELIBERATE)} deliberate, {len(PENDING)} pending)"
    )
    for key in differences:
        print(f"    {key}: {(DELIBERATE | PENDING)[key]}")
    assert sum(table.values()) == len(CASES) > 0
    listed = {key for key, _, _ in CASES} & (set(DELIBERATE) | set(PENDING))
    assert set(differences) == listed


@pytest.mark.parametrize(("key", "path", "origin"), CASES, ids=[c[0] for c in CASES])
def test_what_named_loads_is_read_as_a_zone_file(key: str, path: Path, origin: str) -> None:
    """Zone identity's content check never turns a zone BIND loads into "not a zone file" (a
    warning instead of a lint) or a template; root hints and empty files are their own, honest,
    kinds (passed over by a walk, an info when named)."""
    from mxlint.identity.sniff import classify

    if named(path, origin).syntax_reject:
        return
    text = path.read_text(encoding="utf-8", errors="replace")
    verdict = classify(text)
    assert verdict.kind in ("zone", "hints", "empty"), (verdict, key)
