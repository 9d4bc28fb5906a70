"""Zone identity: which zone each file is, decided from the strongest evidence, then loaded.

For each file, in this order (the first that applies wins, and is kept with the zone so
that messages can say where the origin came from):

1. ``--origin`` (a single file);
2. the configuration's ``origins:`` (a path glob per origin);
3. a server configuration in the linted tree or named in the configuration (``named.conf``
   and what it includes, ``nsd.conf``, ``knot.conf``): its ``file`` paths, often deployment
   paths such as ``/etc/bind/primary/db.office``, are matched to the repository's files by
   path suffix. A zone of ``type hint`` is root hints, not a zone to lint;
4. the file's own evidence (:mod:`mxlint.identity.origin`): the SOA owner, a ``$ORIGIN`` before the
   first record, the file name when something confirms it. A guess nothing confirms is said
   once, as ``info``, and only checks that hold under any origin are reported for that file.

What is not a zone is not linted: templates (an ``info`` note), root hints, and files that are
plainly not zone files (a walk skips them; named explicitly, one ``warning``). A file that a
loaded zone ``$INCLUDE``s is linted through its parent(s) only: when the only parents are
context zones, those are linted with their diagnostics limited to the fragment. Every file is
its own zone; files with the same origin are versions of one zone (see
:class:`mxlint.model.ZoneSet`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import dns.exception
import dns.name

from mxlint import config as cfg
from mxlint._paths import work_tree
from mxlint._patterns import lazy, lazy_method
from mxlint.identity import servers, substitutions
from mxlint.identity.dialect import server_for
from mxlint.identity.origin import infer, what_names_it
from mxlint.identity.sniff import Verdict, classify, placeholder_lines, record_type
from mxlint.limits import DEFAULT, Limits, RunBudget, RunLimitHit
from mxlint.model import Evidence, Note, Problem, Zone
from mxlint.zonefile import loader, reader
from mxlint.zonefile.lexical import comment_start
from mxlint.zonefile.lines import numbered_lines

if TYPE_CHECKING:
    from mxlint.config import Config
    from mxlint.identity.sniff import Sniffed
    from mxlint.identity.walk import Candidate
    from mxlint.progress import Progress


class Entry:
    """A file to load: where it was named, and the strong evidence known before reading it;
    ``sniffed``, what a folder walk found its text to be (reused for the same text only)."""

    def __init__(
        self,
        path: str,
        explicit: bool,
        context: bool,
        strong: tuple[dns.name.Name, Evidence] | None = None,
        hint: bool = False,
        sniffed: Sniffed | None = None,
    ) -> None:
        self.path = path
        self.explicit = explicit
        self.context = context
        self.strong = strong
        self.hint = hint
        self.sniffed = sniffed
        # a template linted record by record: its records are kept, never read again whole
        self.template = False
        # the placeholders the repository's own tooling fills in (see substitutions)
        self.substituted: Mapping[str, str] = {}

    def __repr__(self) -> str:
        return f"Entry({self.path!r}, explicit={self.explicit}, context={self.context})"


class Plan:
    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.skipped: list[tuple[str, str]] = []
        self.copies: set[str] = set()  # resolved paths of secondaries' files
        self.loaders: dict[str, set[str]] = {}  # resolved path -> servers configured to load it
        # placeholder -> where the repository fills it (read when first asked)
        self.substituted: Mapping[str, str] = {}


def _name(text: str) -> dns.name.Name | None:
    try:
        return dns.name.from_text(text)
    except dns.exception.DNSException:
        return None


def plan(
    candidates: Sequence[Candidate],
    context_files: Sequence[str],
    config_for: Callable[[str], Config],
    *,
    origin: str | None = None,
    server_configs: Sequence[str] = (),
    roots: Sequence[str] = (),
) -> Plan:
    """The files to load, each with the evidence for its origin that precedes its content.

    ``config_for`` gives each file's configuration (for its ``origins:``); ``server_configs``
    are the server configurations found in the linted folders or named by configurations;
    ``roots``, the folders named on the command line.
    """
    out = Plan()
    declared = servers.evidence(
        server_configs,
        [c.path for c in candidates] + list(context_files),
        out.skipped,
        roots,
        out.copies,
        out.loaders,
    )

    def strong(
        path: str, given: str | None, real: str | None = None
    ) -> tuple[tuple[dns.name.Name, Evidence] | None, bool]:
        """The evidence that precedes the file's content, and whether it is root hints
        (``real``: the file's real path, when known)."""
        if given is not None:
            name = _name(given)
            return (None if name is None else (name, Evidence("option", "--origin"))), False
        config = config_for(path)
        configured = cfg.origin_for(config, path)
        if configured is not None:
            name = _name(configured)
            where = os.path.relpath(config.path) if config.path else "the configuration"
            found = None if name is None else (name, Evidence("config", f"origins: in {where}"))
            return found, False
        if not declared:
            return None, False
        return declared.get(real or os.path.realpath(path), (None, False))

    seen: set[str] = set()
    for c in candidates:
        real = c.real or os.path.realpath(c.path)
        base = _copy_of(real) if declared and not c.explicit and real not in declared else None
        if base is not None and base in declared:
            why = (
                f"an editor's or packager's copy of {os.path.basename(base)}, which the server "
                "configuration loads instead; not linted (name it to lint it)"
            )
            out.skipped.append((c.path, why))
            c.real = c.sniffed = None
            continue
        sniffed, c.real, c.sniffed = c.sniffed, None, None  # taken: see Candidate
        seen.add(real)
        found, hint = strong(c.path, origin, real)
        out.entries.append(Entry(c.path, c.explicit, False, found, hint, sniffed))
    for path in context_files:  # --origin names the linted file only
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            out.entries.append(Entry(path, False, True, *strong(path, None)))
    out.substituted = substitutions.Found(_tops([e.path for e in out.entries], roots))
    for entry in out.entries:
        entry.substituted = out.substituted
    return out


def _tops(paths: Sequence[str], roots: Sequence[str]) -> list[str]:
    """The repositories ``paths`` are in: their git work trees, else the folders named."""
    tops: dict[str, None] = {}
    folders: set[str] = set()
    for path in paths:
        folder = os.path.dirname(os.path.abspath(path))
        if folder in folders:
            continue
        folders.add(folder)
        tree = work_tree(folder)
        if tree is not None:
            tops[tree] = None
        else:
            tops.update((os.path.abspath(r), None) for r in roots if _inside(folder, r))
    return list(tops)


def _inside(folder: str, root: str) -> bool:
    top = os.path.abspath(root)
    return folder == top or folder.startswith(top.rstrip(os.sep) + os.sep)


# What editors and package managers add to a file's name when they keep a copy of it.
_COPY_RE = lazy(  # at first use (start-up: ~0.5M instructions)
    r"(?:\.(?:save|bak|orig|old|swp|dpkg-old|dpkg-dist|rpmnew|rpmsave)(?:\.\d+)?|~)$"
)


def _copy_of(real: str) -> str | None:
    """The file that ``real`` is a copy of, by name (``db.x.save`` -> ``db.x``), if any."""
    m = _COPY_RE.search(real)
    return None if m is None or m.start() == 0 else real[: m.start()]


def _skeleton(entry: Entry, note: Note) -> Zone:
    return Zone(entry.path, None, files=[entry.path], context=entry.context, notes=[note])


def load(
    plan: Plan,
    *,
    include_roots: Sequence[str] = (),
    sources: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> list[Zone]:
    """Load every planned file that is a zone; see the module docstring for the rest."""
    found = scan(
        plan, include_roots=include_roots, sources=sources, progress=progress, limits=limits
    )
    for zone in found.zones:
        if id(zone) in found.pending:
            found.load(zone)
    return found.zones


class Scanned:
    """The zones of a plan, before their records are read (see :func:`scan`).

    ``zones`` holds every zone, in plan order, fragments folded; the ones in ``pending`` (by
    ``id``) are shells: path, origin, evidence, ``files`` and ``context`` as decided, no
    records yet. ``load(zone)`` reads the records of a zone in ``loadable`` (every zone read
    from a zone file) into it, in place: a shell's, or again those of a zone whose records
    were released (what the first read decided, ``context`` and ``report_only``, is kept).
    """

    def __init__(
        self,
        zones: list[Zone],
        pending: set[int],
        loadable: set[int],
        load: Callable[[Zone], None],
    ) -> None:
        self.zones = zones
        self.pending = pending
        self.loadable = loadable
        self.load = load


# A zone that includes nothing has no fragment to fold: only files that may hold an $INCLUDE
# are loaded while the plan is scanned (case-insensitive, like the directive).
_INCLUDE = lazy_method(r"\$include", "search", re.IGNORECASE)  # at first use


def scan(
    plan: Plan,
    *,
    include_roots: Sequence[str] = (),
    sources: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> Scanned:
    """Decide what every planned file is and its origin, reading each file's text once but
    keeping none: only the files that may ``$INCLUDE`` others are loaded now (their
    fragments are folded into them); the others are shells that ``Scanned.load`` fills when
    they are needed. Loading every zone of the result gives what :func:`load` gives.
    """
    sources = sources or {}
    lim = limits or DEFAULT
    budget = RunBudget(lim)  # run-records and memory-mib: the run's, across its files
    zones: list[Zone] = []
    entries: dict[int, Entry] = {}
    pending: set[int] = set()
    lazy = len(plan.entries) > 1  # one file: read it once, now
    for entry in plan.entries:
        found = _load_one(
            entry, plan, include_roots, sources, progress, lim, lazy=lazy, budget=budget
        )
        if found is None:
            continue
        if isinstance(found, Zone):
            zone = found
            if progress is not None:
                progress.file_done(len(zone.records))
        else:
            zone = _shell(entry, *found)
            pending.add(id(zone))
        if zone.origin is not None and not entry.template:
            entries[id(zone)] = entry
        if plan.copies and os.path.realpath(entry.path) in plan.copies:
            zone.authoritative = False
        if plan.loaders:
            zone.loaders = frozenset(plan.loaders.get(os.path.realpath(entry.path), ()))
        zones.append(zone)
    kept = _fold_fragments(zones)
    live = {id(z) for z in kept}
    pending &= live
    entries = {i: e for i, e in entries.items() if i in live}  # no id of a dropped zone
    counted: set[int] = set()

    def load(zone: Zone) -> None:
        entry = entries.get(id(zone))
        if entry is None:
            return
        assert zone.origin is not None
        fresh = _read_zone(
            entry,
            zone.origin,
            zone.evidence,
            include_roots,
            sources,
            lim,
            progress=progress,
            budget=budget,
        )
        context, report_only, authoritative = zone.context, zone.report_only, zone.authoritative
        loaders = zone.loaders
        vars(zone).update(vars(fresh))  # every field, indexes included
        zone.context, zone.report_only = context, report_only
        zone.authoritative, zone.loaders = authoritative, loaders
        if progress is not None and id(zone) in pending and id(zone) not in counted:
            counted.add(id(zone))
            progress.file_done(len(zone.records))

    return Scanned(kept, pending, set(entries), load)


def _shell(entry: Entry, origin: dns.name.Name, evidence: Evidence) -> Zone:
    return Zone(entry.path, origin, files=[entry.path], context=entry.context, evidence=evidence)


def _read_zone(
    entry: Entry,
    origin: dns.name.Name,
    evidence: Evidence,
    include_roots: Sequence[str],
    sources: Mapping[str, str],
    limits: Limits,
    text: str | None = None,
    progress: Progress | None = None,
    budget: RunBudget | None = None,
) -> Zone:
    """Load a file that was found to be a zone with ``origin`` (read again unless ``text``),
    within the run's ``budget`` (:class:`mxlint.limits.RunBudget`)."""
    path = entry.path
    if text is None:
        text = sources.get(path)
    if text is None:
        try:
            text, why, line, col = reader.read_text(path, limits.file_bytes)
        except reader.LimitExceeded as exc:
            zone = Zone(path, origin, files=[path], context=entry.context, evidence=evidence)
            zone.exceeded.append(Problem(path, exc.line, exc.col, str(exc)))
            return zone
        if text is None:  # it was readable when the plan was scanned
            problem = Problem(path, line, col, f"{path} {why}")
            return Zone(path, origin, problems=[problem], files=[path], evidence=evidence)
    tick = None if progress is None else progress.tick
    budget = budget or RunBudget(limits)
    try:
        reading = budget.start(path, sources, len(text), tick)
    except RunLimitHit as exc:
        return _stopped(entry, origin, evidence, str(exc))
    try:
        zone = loader.load_zone(
            path,
            origin,
            evidence=evidence,
            text=text,
            extra_include_roots=include_roots,
            context=entry.context,
            overrides=reading.overrides,
            progress=reading.progress,
            limits=reading.limits,
            server=lambda: server_for(path, text),
        )
        reading.check(len(zone.records))
    except RunLimitHit as exc:
        budget.stopped(reading)
        return _stopped(entry, origin, evidence, str(exc))
    cut = reading.limits.file_records if zone.exceeded and not zone.records else 0
    budget.done(reading, len(zone.records) or cut)
    if not evidence.confirmed and not entry.context and not entry.template:
        zone.notes.append(Note(path, 1, _unconfirmed(path, origin, evidence, text)))
    if len(zone.files) > 1:
        _template_fragments(zone, entry.substituted, sources, limits)
    if any(p.kind.startswith("dialect:") for p in zone.problems):
        zone.server = server_for(path, text)
    return zone


def _stopped(entry: Entry, origin: dns.name.Name, evidence: Evidence, why: str) -> Zone:
    """The zone of a file whose reading a limit of the run's budget stopped: no records (a
    partial zone would raise false alarms), one ``limit-exceeded`` saying why."""
    zone = Zone(entry.path, origin, files=[entry.path], context=entry.context, evidence=evidence)
    zone.exceeded.append(Problem(entry.path, 1, 1, why))
    return zone


def _load_one(
    entry: Entry,
    plan: Plan,
    include_roots: Sequence[str],
    sources: Mapping[str, str],
    progress: Progress | None,
    limits: Limits,
    lazy: bool = False,
    budget: RunBudget | None = None,
) -> Zone | tuple[dns.name.Name, Evidence] | None:
    """The zone ``entry`` is (None: not one to lint). With ``lazy``, a zone file that cannot
    include others is not loaded: its origin and the evidence for it come back instead."""
    path = entry.path
    text = sources.get(path)
    if text is None:
        try:
            text, why, line, col = reader.read_text(path, limits.file_bytes)
        except reader.LimitExceeded as exc:
            zone = Zone(path, None, files=[path], context=entry.context)
            zone.exceeded.append(Problem(path, exc.line, exc.col, str(exc)))
            return zone
        if text is None:
            if entry.context:
                return None
            problem = Problem(path, line, col, f"{path} {why}")
            return Zone(path, None, problems=[problem], files=[path])
    known = None if entry.sniffed is None else entry.sniffed.verdict_for(text)
    entry.sniffed = None  # used: a run over many files keeps no verdict per file
    verdict = classify(text) if known is None else known
    marks = substitutions.marked(text, entry.substituted) if verdict.kind == "zone" else {}
    if marks:  # a zone file but for the words the repository's own tooling fills in
        verdict = _substituted(marks)
    if entry.hint or verdict.kind == "hints":
        why = "root hints (a server reads them with type hint), not a zone; not linted"
        if entry.explicit:
            return _skeleton(entry, Note(path, 1, f"{path}: {why}"))
        plan.skipped.append((path, why))
        return None
    if verdict.kind == "template":
        if entry.context:
            return None
        linted = _template_zone(
            entry, text, verdict, include_roots, sources, limits, progress, budget
        )
        if linted is not None:
            return linted
        return _skeleton(
            entry,
            Note(
                path,
                verdict.line,
                f"{path} is {verdict.why}; a template is not a zone file and is not linted: "
                "lint the rendered zone file instead",
            ),
        )
    if verdict.kind == "empty":
        if entry.explicit and not entry.context:
            return _skeleton(entry, Note(path, 1, f"{path} has {verdict.why}: nothing to lint"))
        plan.skipped.append((path, verdict.why))
        return None
    if verdict.kind == "other":
        if not entry.explicit:
            plan.skipped.append((path, verdict.why))
            return None
        return _skeleton(
            entry,
            Note(
                path,
                1,
                f"{path} is {verdict.why}, so it was not linted; name zone files only "
                "(or exclude this one in the configuration)",
                "warning",
            ),
        )
    origin, evidence = entry.strong or infer(path, text)
    if lazy and _INCLUDE(text) is None:
        return origin, evidence
    return _read_zone(
        entry, origin, evidence, include_roots, sources, limits, text, progress, budget
    )


_PLACEHOLDER_CHARS: Final = frozenset("{}%<>@$")


def _template_zone(
    entry: Entry,
    text: str,
    verdict: Verdict,
    include_roots: Sequence[str],
    sources: Mapping[str, str],
    limits: Limits,
    progress: Progress | None,
    budget: RunBudget | None = None,
) -> Zone | None:
    """A template whose placeholders only substitute values, linted record by record: the
    statements that hold a placeholder are left out (and their problems with them), as are
    the other records of an RRset that lost one; the zone is then incomplete, so no verdict
    of absence is given, unless only data such as a serial or a TXT string was left out
    (:func:`_names_known`). ``None``: it cannot be read line by line (see
    :func:`mxlint.identity.sniff.placeholder_lines`), or its origin is a placeholder."""
    marks = substitutions.marked(text, entry.substituted)
    found = placeholder_lines(text, [verdict.line, *marks])
    if found is None:
        return None
    if marks:  # say which word the repository fills in, and where
        verdict = _substituted(marks)
    lines, ttl_lines = found
    if ttl_lines:  # a stand-in TTL, so that the records after it are read
        text = "\n".join(
            "$TTL 86400" if number in ttl_lines else line
            for number, line in enumerate(text.split("\n"), 1)
        )
    origin, evidence = entry.strong or infer(entry.path, text)
    if _PLACEHOLDER_CHARS & set(origin.to_text()):
        return None
    path = entry.path
    entry.template = True
    zone = _read_zone(
        entry, origin, evidence, include_roots, sources, limits, text, progress, budget
    )
    if not _names_known(text, lines):
        zone.read_all = False

    def placeholder(where_path: str, line: int) -> bool:
        return where_path == path and line in lines

    _drop(zone, placeholder)
    zone.notes.append(
        Note(
            path,
            verdict.line,
            f"{path} is {verdict.why}; only its records without placeholders were linted, "
            "the others are not linted (lint the rendered zone file for them)",
        )
    )
    return zone


def _drop(zone: Zone, placeholder: Callable[[str, int], bool]) -> None:
    """Leave out of ``zone`` the problems and records at the lines ``placeholder`` marks,
    and the other records of each RRset that lost one."""
    zone.problems = [p for p in zone.problems if not placeholder(p.path, p.line)]
    dropped = {(r.key, r.rdtype) for r in zone.records if placeholder(r.path, r.line)}
    zone.records = [
        r
        for r in zone.records
        if not placeholder(r.path, r.line) and (r.key, r.rdtype) not in dropped
    ]


def _substituted(marks: Mapping[int, tuple[str, str]]) -> Verdict:
    """The verdict on a file that holds words the repository's tooling fills in."""
    line = min(marks)
    word, where = marks[line]
    return Verdict(
        "template",
        f'a template: "{word}" at line {line} is a placeholder that {where} fills in',
        line,
    )


def _template_fragments(
    zone: Zone, words: Mapping[str, str], sources: Mapping[str, str], limits: Limits
) -> None:
    """The files ``zone`` ``$INCLUDE``s that are templates (by their shape, or by the words
    the repository fills in): the statements with a placeholder are left out, as in a
    template linted on its own, the whole fragment when it cannot be read line by line; the
    zone is then incomplete (no verdict of absence) unless what was left out makes no name
    exist (:func:`_names_known`), and the fragment is named once."""
    marked: dict[str, set[int] | None] = {}
    complete = True
    for path in dict.fromkeys(zone.files[1:]):
        text = sources.get(path)
        if text is None:
            try:
                text = reader.read_text(path, limits.file_bytes)[0]
            except reader.LimitExceeded:
                continue
        if text is None:
            continue
        verdict = classify(text)
        marks = substitutions.marked(text, words)
        if not marks and verdict.kind != "template":
            continue
        found = placeholder_lines(text, [verdict.line, *marks])
        if marks:
            verdict = _substituted(marks)
        marked[path] = None if found is None else found[0]
        complete = complete and found is not None and _names_known(text, found[0])
        which = (
            "not linted"
            if found is None
            else "only its records without placeholders were linted, in every zone that includes it"
        )
        zone.notes.append(
            Note(
                path,
                verdict.line,
                f"{path} is {verdict.why}; {which} (lint the rendered zone file for the rest)",
            )
        )
    if not marked:
        return

    def placeholder(where_path: str, line: int) -> bool:
        lines = marked.get(where_path, ())
        return lines is None or line in lines

    _drop(zone, lambda where, line: where in marked and placeholder(where, line))
    if not complete:
        zone.read_all = False


# Records that make no name exist that the rest of the zone does not show, and hold no
# address, alias or delegation: leaving them out (their data is a placeholder) keeps every
# verdict of absence about the other names sound.
_NAMELESS: Final = frozenset(("SOA", "TXT", "SPF", "CAA", "SSHFP", "HINFO", "RP", "LOC"))
_QUOTED = lazy(r'"(?:\\.|[^"\\])*"?')


def _names_known(text: str, lines: set[int]) -> bool:
    """Whether the statements at ``lines`` of a template, left out, leave the zone's names
    and addresses known: each is an SOA, TXT, SPF, CAA, SSHFP, HINFO, RP or LOC record with
    an owner written plainly (a serial, a report address). Any other (an address, a host
    named by a placeholder, a template language's own line) may make names exist: the zone
    is then incomplete."""
    depth = 0
    owner_ok = True  # the last owner written was no placeholder
    for number, raw in numbered_lines(text):
        i = comment_start(raw)
        code = raw if i < 0 else raw[:i]
        bare = _QUOTED.sub('""', code) if '"' in code else code
        if depth == 0 and code.strip():
            written, rtype = record_type(bare)
            if written is not None:
                owner_ok = not (_PLACEHOLDER_CHARS - {"@"}) & set(written)
            if number in lines:
                head = bare.lstrip().upper()
                if not head.startswith("$TTL") and (rtype not in _NAMELESS or not owner_ok):
                    return False
        depth = max(0, depth + bare.count("(") - bare.count(")"))
    return True


def _unconfirmed(path: str, origin: dns.name.Name, evidence: Evidence, text: str) -> str:
    """The note for a zone whose origin nothing confirms, saying what the file does hold."""
    how = (
        f'set it with an "origins:" entry in .mxlint.yaml ("{path}": example.com.), a '
        "named.conf that names this file, a $ORIGIN line before the first record, or --origin"
    )
    soa, relative = what_names_it(text)
    if evidence.kind == "none" and not relative:
        return (
            "cannot tell this zone's origin: no SOA record or $ORIGIN names it, no server "
            "configuration names this file, and its file name is not a domain name; only "
            f"checks that hold under any origin were run; {how}"
        )
    if relative:
        at = "its SOA record is at @ and " if soa else ""
        return (
            f"origin not confirmed: {path} does not name its zone ({at}every owner is "
            "relative to the origin the server gives the file) and no server configuration "
            f"names this file; only checks that hold under any origin were run; {how}"
        )
    facts = (
        "its SOA record is at @, relative to an origin the file does not set"
        if soa
        else "no SOA record or $ORIGIN in the file names it"
    )
    return (
        f"origin not confirmed: the file name suggests {origin}, but {facts}, no name "
        "written absolute in the file lies below it, and no server configuration names this "
        f"file; only checks that hold under any origin were run; {how}"
    )


def _fold_fragments(zones: list[Zone]) -> list[Zone]:
    """Drop the zones that another loaded zone ``$INCLUDE``s: they are linted through it."""
    parents: dict[str, list[Zone]] = {}
    for z in zones:
        for f in z.files[1:]:
            parents.setdefault(os.path.realpath(f), []).append(z)
    if not parents:
        return zones
    kept: list[Zone] = []
    for z in zones:
        real = os.path.realpath(z.path)
        including = [p for p in parents.get(real, ()) if p is not z]
        if not including:
            kept.append(z)
            continue
        if z.context or any(not p.context for p in including):
            continue
        for p in including:  # only context zones include it: lint them for its sake
            p.context = False
            p.report_only = (p.report_only or frozenset()) | {real}
    return kept


def load_zone(path: str, origin: dns.name.Name | str | None = None, **kwargs: Any) -> Zone:
    """:func:`mxlint.zonefile.loader.load_zone`, the origin inferred from the file's own
    evidence (:func:`mxlint.identity.origin.infer`) when none is given."""
    return loader.load_zone(path, origin, infer=infer, **kwargs)
