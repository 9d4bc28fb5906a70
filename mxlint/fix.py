"""``--fix``: rewrite what is safe to rewrite, and only that.

Two repairs are safe: adding the trailing dot that ``missing-trailing-dot`` proved was meant,
and deleting a line that ``duplicate-record`` proved repeats an earlier one. Every other byte
of the file stays as it was (comments, spacing, line endings, encoding).

Each repair is planned from a record's provenance (file, line, column, token as written) and
only for a diagnostic that survived suppressions. The edited text is then loaded again and its
records compared with what the repairs promise; a file where anything else would change
(a blank-owner line that would inherit another owner, a TTL that would be inherited
differently) is left untouched.

Writing never loses a byte of the user's data or metadata, and never races:

- Each file is written atomically: a temporary file in the same folder, given the original's
  owner, group and mode bits, flushed to disk, then renamed over the original.
- A symbolic link is written through: the file it resolves to is replaced, the link stays.
- A file with more than one hard link is left alone with a message: a rename would split the
  links, and rewriting in place is not atomic (a crash midway would lose the file).
- A read-only file (no write bit in its mode, which root could otherwise ignore) or one the user
  may not write is left alone with a message. So is a file whose owner cannot be kept.
- Two ``--fix`` runs at once: each holds an advisory lock (``flock``) on the file it replaces
  from the last comparison with what it read to the rename, and a file that changed since it
  was read is skipped with a message. The lock is taken on the file itself, so no lock file is
  left behind; as a rename puts a new file under the name, a run that waited checks after
  locking that it holds the file now under the name, and locks again if not. All files of one
  zone (with its ``$INCLUDE`` files) are locked and checked, in the order of their resolved
  paths, before any is written: a refusal leaves all of them as they were.
- Temporary files are named ``.mxlint-tmp-*.tmp``; folder walks skip them. The writer holds a
  lock on its temporary file; one left by a killed run (older than a minute, and unlocked, so
  provably dead) is deleted by the next ``--fix`` that writes in that folder.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import dns.name

from mxlint import api, safeopen
from mxlint.api import Options, Result
from mxlint.check.names import missing_dot_meaning
from mxlint.identity.dialect import server_for
from mxlint.identity.walk import FIX_TEMP_PREFIX
from mxlint.identity.zones import load_zone
from mxlint.model import AAAA, MX, A, Diagnostic, Record, Soa, Zone, ZoneSet
from mxlint.zonefile.lines import split_lines_keepends

if sys.platform != "win32":
    import fcntl
if TYPE_CHECKING:
    from mxlint.check.registry import Registry

FIXABLE = frozenset(("MX001", "MX005"))
LOCK_WAIT = 20.0  # seconds to wait for another program's lock on a file before giving up
STALE_AFTER = 60.0  # an unlocked temporary file older than this belongs to a dead run
_TEMP_PREFIX = FIX_TEMP_PREFIX + "tmp-"
_TEMP_SUFFIX = ".tmp"
# Open for locking: never through a link (the name was resolved), never blocking (a FIFO).
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def _unreadable(path: str) -> str:
    """Why :meth:`_File.read` gave nothing for ``path``."""
    try:
        safeopen.read_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return (
            "it is not UTF-8 text (a byte in a Latin-1 comment or string), and --fix writes "
            "only what it can read back as text; fix it by hand"
        )
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    return "it changed while mxlint was reading it"


@dataclass
class _File:
    path: str
    raw: bytes
    bom: bool
    lines: list[str]  # each with its own line ending
    inserts: dict[int, list[int]] = field(default_factory=dict)  # line -> columns (1-based)
    deletes: set[int] = field(default_factory=set)
    replaces: dict[int, tuple[int, str, str]] = field(default_factory=dict)  # line -> col, old, new
    # each repaired record's signature after the repairs planned so far (owner and target
    # of one record can both be repaired)
    planned: dict[int, Signature] = field(default_factory=dict)

    @classmethod
    def read(cls, path: str, text: str | None = None) -> _File | None:
        """The file at ``path``, or ``text`` in its place (an editor's buffer, stdin)."""
        if text is not None:
            raw = text.encode("utf-8")
        else:
            try:
                raw = safeopen.read_bytes(path)
                text = raw.decode("utf-8")
            except (OSError, UnicodeDecodeError):
                return None
        bom = text.startswith("\ufeff")
        if bom:
            text = text[1:]
        return cls(path, raw, bom, split_lines_keepends(text))

    def line(self, n: int) -> str:
        return self.lines[n - 1] if 0 < n <= len(self.lines) else ""

    def edited(self) -> str:
        out = []
        for n, text in enumerate(self.lines, 1):
            if n in self.deletes:
                continue
            for col in sorted(self.inserts.get(n, ()), reverse=True):
                text = text[: col - 1] + "." + text[col - 1 :]
            if n in self.replaces:
                col, old, new = self.replaces[n]
                text = text[: col - 1] + new + text[col - 1 + len(old) :]
            out.append(text)
        return "".join(out)

    def edits(self) -> int:
        """The repairs planned (a serial bump is not one)."""
        return len(self.deletes) + sum(len(cols) for cols in self.inserts.values())

    def encoded(self) -> bytes:
        return (("\ufeff" if self.bom else "") + self.edited()).encode("utf-8")


@dataclass
class FixResult:
    fixed: int = 0
    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # messages for the user
    diff: str = ""
    # (path, rule code) -> repairs made (written, or shown with --diff)
    changes: Counter[tuple[str, str]] = field(default_factory=Counter)
    texts: dict[str, str] = field(default_factory=dict)  # path -> its fixed text
    notes: list[str] = field(default_factory=list)  # what else was done (serials bumped)


def _signature(zone: Zone) -> Counter[tuple[str, int, int, str]]:
    """The records of a zone, as a multiset that ignores where they were written."""
    return Counter(
        (r.owner.to_text().lower(), r.rdtype, r.ttl, r.rdata_text()) for r in zone.records
    )


# Types BIND lets share a name with a CNAME (DNSSEC's own records).
_BESIDE_CNAME = frozenset(
    (dns.rdatatype.RRSIG, dns.rdatatype.NSEC, dns.rdatatype.NSEC3, dns.rdatatype.KEY)
)


Key = tuple[str, int, str]  # owner, type, rdata: one record as BIND serves it


def _served(zone: Zone) -> tuple[dict[Key, int], set[str]]:
    """What BIND would make of ``zone``'s records: the TTL it serves each record at, and the
    names that hold a CNAME beside other data (or two CNAMEs), which BIND refuses.

    BIND (checked with named-checkzone) reads a run of records with one owner as a batch:
    within a batch an RRset takes its first record's TTL ("TTL set to prior TTL"); a later
    batch of the same RRset (after another owner's records) replaces the TTL of the whole
    RRset with its own first TTL.
    """
    rrset_ttl: dict[tuple[str, int], int] = {}
    batch_of: dict[tuple[str, int], int] = {}
    keys: list[Key] = []
    types: dict[str, set[int]] = {}
    cnames: dict[str, set[str]] = {}
    batch, last = 0, None
    for r in zone.records:
        owner = r.owner.to_text().lower()
        if owner != last:
            batch, last = batch + 1, owner
        rrset = (owner, r.rdtype)
        if batch_of.get(rrset) != batch:
            batch_of[rrset] = batch
            rrset_ttl[rrset] = r.ttl
        rdata = r.rdata_text()
        keys.append((owner, r.rdtype, rdata))
        types.setdefault(owner, set()).add(r.rdtype)
        if r.rdtype == dns.rdatatype.CNAME:
            cnames.setdefault(owner, set()).add(rdata.lower())
    clash = {
        owner
        for owner, held in types.items()
        if dns.rdatatype.CNAME in held
        and (held - _BESIDE_CNAME - {dns.rdatatype.CNAME} or len(cnames[owner]) > 1)
    }
    return {k: rrset_ttl[k[0], k[1]] for k in keys}, clash


def _moves(zone: Zone, files: Iterable[_File]) -> dict[Key, Key]:
    """Each repaired record of ``zone``: what it was and what the repair makes of it."""
    out: dict[Key, Key] = {}
    for f in files:
        for rec in zone.records:
            new = f.planned.get(id(rec))
            if new is not None:
                out[rec.owner.to_text().lower(), rec.rdtype, rec.rdata_text()] = (
                    new[0],
                    new[1],
                    new[3],
                )
    return out


def _loads_as_before(before: Zone, after: Zone, moves: Mapping[Key, Key]) -> str | None:
    """Why ``after`` (the edited text) would not load as BIND loads ``before``, or None:
    a new error, a CNAME beside other data, or a record served at another TTL."""
    if len(after.problems) > len(before.problems):
        new = after.problems[len(before.problems)] if after.problems else None
        return f"the edited zone would not load ({new.message if new else 'an error'})"
    old_ttls, old_clash = _served(before)
    new_ttls, new_clash = _served(after)
    for owner in sorted(new_clash - old_clash):
        return f"{owner} would hold a CNAME and other data, which BIND refuses"
    for key, ttl in old_ttls.items():
        now = new_ttls.get(moves.get(key, key))
        if now is not None and now != ttl:
            kind = dns.rdatatype.to_text(dns.rdatatype.RdataType(key[1]))
            return (
                f"BIND would serve the {key[0]} {kind} records at TTL {now} instead of "
                f"{ttl} (one TTL per RRset, taken from the first record of the last run of "
                "them in the file)"
            )
    return None


def _addressless(zone: Zone, zones: ZoneSet, files: Iterable[_File]) -> set[tuple[str, int]]:
    """(path, line) of each repaired MX record whose target had no address before the repair
    either: its ``missing-address`` afterwards is the same defect, now under the name meant."""
    out = set()
    for f in files:
        for rec in zone.records:
            if rec.rdtype == MX and id(rec) in f.planned:
                old = rec.exchange
                if not zones.records_at(old, A) and not zones.records_at(old, AAAA):
                    out.add((rec.path, rec.line))
    return out


def _new_findings(
    registry: Registry,
    zones: ZoneSet,
    before: Sequence[Zone],
    after: Mapping[int, Zone],
    same: Collection[tuple[str, int]] = (),
) -> str | None:
    """An error or warning the edited zones (``after``, by id of the zone they replace) would
    have that ``before`` has not (rules only; the repairs' own rules aside), or None.
    ``same``: places whose missing-address is not new (see :func:`_addressless`)."""
    from collections import Counter as Count

    from mxlint.check import engine
    from mxlint.model import ZoneSet as Zones

    def findings(replace: Mapping[int, Zone]) -> tuple[Count[str], dict[str, str]]:
        linted = {id(z) for z in before}
        everything = [replace.get(id(z), z) for z in zones.zones]
        saved = [(z, z.context) for z in everything]
        try:
            for z in everything:
                z.context = z.context or not (id(z) in linted or z in replace.values())
            found = engine.run(registry, Zones(everything))
        finally:
            for z, context in saved:
                z.context = context
        # Counted per rule: a repaired name changes the messages that quote it.
        kept = [
            d
            for d in found
            if d.severity in ("error", "warning")
            and d.code not in FIXABLE
            and not (d.rule == "missing-address" and (d.path, d.line) in same)
        ]
        return Count(d.rule for d in kept), {d.rule: d.message for d in kept}

    old, _ = findings({})
    new, said = findings(after)
    for rule in new:
        if new[rule] > old[rule]:
            return f"the edits would add a finding: {said[rule]} [{rule}]"
    return None


def _sharing(zone: Zone, zones: ZoneSet, reals: Iterable[str]) -> list[Zone]:
    """The other loaded zones that read one of the files ``reals`` (a shared ``$INCLUDE``)."""
    wanted = set(reals)
    out = []
    for z in zones.zones:
        if z is zone or z.origin is None:
            continue
        if any(os.path.realpath(p) in wanted for p in (z.path, *z.files)):
            out.append(z)
    return out


def _same_edits_in(
    other: Zone,
    zones: ZoneSet,
    files: Mapping[str, _File],
    sources: Mapping[str, str],
) -> tuple[Counter[Signature], list[_File]] | None:
    """``other`` shares edited files: the records it should hold after the edits, if the
    edits in those files are exactly the repairs ``other`` itself needs there (the text means
    the same in both zones); None if the text is right in ``other`` as it stands, or means
    something else there."""
    expected = _signature(other)
    scratch: dict[str, _File] = {}
    mine = {os.path.realpath(p) for p in (other.path, *other.files)}
    shared = {real: f for real, f in files.items() if real in mine}
    for rec, repair, _code, line, col in _repairs(other, zones):
        real = os.path.realpath(rec.path)
        f = shared.get(real)
        if f is None or (line not in f.deletes and line not in f.inserts):
            continue  # a line the edits leave alone
        g = scratch.get(real) or _File.read(rec.path, sources.get(rec.path))
        if g is None or not _apply(g, rec, repair, line, col, expected):
            return None
        scratch[real] = g
    for real, f in shared.items():
        g = scratch.get(real)
        if (g.edited() if g is not None else "".join(f.lines)) != f.edited():
            return None
    return expected, list(scratch.values())


def plan_and_apply(
    zones: ZoneSet,
    diagnostics: Sequence[Diagnostic],
    reload: Callable[[Zone, dict[str, str]], Zone],
    write: bool,
    sources: Mapping[str, str] | None = None,
    registry: Registry | None = None,
    bumped: set[str] | None = None,
) -> FixResult:
    """Fix the linted zones; with ``write`` false, only compute the diff (and ``texts``).

    ``sources`` maps a path to the text linted in its place (``Options.sources``): that text
    is what gets fixed, and it is never written.

    An edit is made only when it is proved safe: every zone that reads an edited file (the
    zone fixed, and any other that includes the same file) loads afterwards as BIND
    would load it (the records the repairs promise and no others, no RRset whose TTL
    changes, no CNAME beside other data), each shared line means in every such zone what
    the repair says, and, given the ``registry``, no new error or warning appears in those
    zones. Otherwise the zone is left as it is and ``skipped`` says why.

    With ``bumped`` (``--fix`` on files), a zone whose served records the repairs change
    gets its SOA serial bumped (see :func:`mxlint.stages.serial.next_serial`), once per zone
    per run: ``bumped`` holds the zones already bumped (the caller keeps it across rounds);
    ``notes`` says so. A text fixed in place of a file (an editor's buffer, standard input)
    keeps its serial: the user bumps it once when saving the edits.
    """
    sources = sources or {}
    wanted = {(d.path, d.line, d.column, d.code) for d in diagnostics if d.code in FIXABLE}
    result = FixResult()
    if not wanted:
        return result
    _cleaned.clear()  # look for stale temporary files once per folder and run
    rewritten: set[str] = set()  # resolved paths this call wrote
    for zone in zones.zones:
        if zone.context or zone.origin is None:
            continue
        if rewritten and not rewritten.isdisjoint(map(os.path.realpath, zone.files)):
            continue  # it reads a file just rewritten for another zone: the next round's
            # lint reads it again, and its own repairs are made then
        files: dict[str, _File] = {}  # by resolved path: a link and its target are one file
        expected = _signature(zone)
        count = 0
        pending: Counter[tuple[str, str]] = Counter()
        pending_repairs: list[tuple[str, str]] = []
        for rec, repair, code, line, col in _repairs(zone, zones):
            if (rec.path, line, col, code) not in wanted:
                continue
            real = os.path.realpath(rec.path)
            f = files.get(real) or _File.read(rec.path, sources.get(rec.path))
            if f is None:
                why = f"{rec.path}: not fixed: {_unreadable(rec.path)}"
                if why not in result.skipped:
                    result.skipped.append(why)
                continue
            files[real] = f
            if _apply(f, rec, repair, line, col, expected):
                count += 1
                pending[rec.path, code] += 1
                pending_repairs.append((rec.path, repair))
        if not files or not count:
            continue
        serial_note = None
        if (
            bumped is not None
            and zone.path not in bumped
            and any(repair != "duplicate" for _p, repair in pending_repairs)
        ):
            serial_note = _bump_serial(zone, files, sources, expected)
        overrides = {real: f.edited() for real, f in files.items()}
        again = reload(zone, overrides)
        unsafe = None
        if _signature(again) == expected and len(again.problems) <= len(zone.problems):
            unsafe = _loads_as_before(zone, again, _moves(zone, files.values()))
            after = {id(zone): again}
            for other in _sharing(zone, zones, files) if unsafe is None else ():
                same = _same_edits_in(other, zones, files, sources)
                if same is None:
                    unsafe = (
                        f"it $INCLUDEs a file that {other.path} (origin "
                        f"{other.origin}) also reads, where the same text means something "
                        "else; fix by hand"
                    )
                    break
                theirs = reload(other, overrides)
                promised, scratch = same
                if _signature(theirs) != promised:
                    unsafe = f"the edits would change other records in {other.path}"
                    break
                unsafe = _loads_as_before(other, theirs, _moves(other, scratch))
                if unsafe is not None:
                    unsafe = f"in {other.path}: {unsafe}"
                    break
                after[id(other)] = theirs
            if unsafe is None and registry is not None:
                before = [z for z in zones.zones if id(z) in after]
                moved = _addressless(zone, zones, files.values())
                unsafe = _new_findings(registry, zones, before, after, moved)
            if unsafe is not None:
                result.skipped.append(f"{zone.path}: not fixed: {unsafe}")
                continue
        else:
            if _signature(reload(zone, {})) != _signature(zone):
                why = "it changed on disk while mxlint ran; run mxlint --fix again"
            else:
                why = (
                    "the edits would change more than the reported records (a blank owner "
                    "or TTL inherited from a deleted line?); fix by hand"
                )
            result.skipped.append(f"{zone.path}: not fixed: {why}")
            continue
        changed = [(real, f, f.encoded()) for real, f in files.items()]
        changed = [(real, f, new) for real, f, new in changed if new != f.raw]
        on_disk = [(real, f, new) for real, f, new in changed if f.path not in sources]
        if write and on_disk:
            written: list[str] = []
            refused = _write_all([(f.path, real, f.raw, new) for real, f, new in on_disk], written)
            rewritten.update(real for real, f, _new in on_disk if f.path in written)
            if refused:
                result.skipped.append(refused)
                for _real, f, _new in changed:  # only if a disk failed midway: say what was done
                    if f.path in written:
                        result.files.append(f.path)
                        result.fixed += f.edits()
                        for (p, code), n in pending.items():
                            if p == f.path:
                                result.changes[p, code] += n
                continue
        for _real, f, new in changed:
            result.diff += "".join(
                difflib.unified_diff(
                    split_lines_keepends(f.raw.decode("utf-8")),
                    split_lines_keepends(new.decode("utf-8")),
                    f"a/{f.path.lstrip(os.sep)}",  # a/srv/x.zone, not a//srv/x.zone
                    f"b/{f.path.lstrip(os.sep)}",
                )
            )
            result.texts[f.path] = f.edited()
            result.files.append(f.path)
            for (p, code), n in pending.items():
                if p == f.path:
                    result.changes[p, code] += n
        result.fixed += count
        if serial_note is not None and bumped is not None:
            bumped.add(zone.path)
            result.notes.append(serial_note)
    return result


def _bump_serial(
    zone: Zone, files: dict[str, _File], sources: Mapping[str, str], expected: Counter[Signature]
) -> str | None:
    """Plan the SOA serial bump of ``zone`` in ``files`` and promise it in ``expected``;
    the note that says so, or None when the serial cannot be found as written."""
    from mxlint.stages.serial import next_serial, serial_place

    soa = next((r for r in zone.records if r.rdtype == dns.rdatatype.SOA), None)
    if soa is None or not isinstance(soa.rdata, Soa):
        return None
    real = os.path.realpath(soa.path)
    f = files.get(real) or _File.read(soa.path, sources.get(soa.path))
    if f is None:
        return None
    line, col = serial_place(soa, "".join(f.lines))
    old = int(soa.rdata.serial)
    written = f.line(line)[col - 1 :]
    token = written[: len(written) - len(written.lstrip("0123456789"))]
    if not token or int(token) != old or line in f.replaces:
        return None  # written another way ($GENERATE, an escape): leave the serial alone
    new = next_serial(old)
    f.replaces[line] = (col, token, str(new))
    files[real] = f
    sig = (soa.owner.to_text().lower(), soa.rdtype, soa.ttl, soa.rdata_text())
    _replace(expected, sig, (*sig[:3], soa.rdata.replace(serial=new).to_text()))
    return f"{zone.path}: SOA serial {old} -> {new}, since --fix changed the zone's records"


def reloader(include_roots: Sequence[str] = ()) -> Callable[[Zone, dict[str, str]], Zone]:
    """The ``reload`` for :func:`plan_and_apply`: load a zone again with edited texts."""

    def reload(zone: Zone, overrides: dict[str, str]) -> Zone:
        fresh = load_zone(
            zone.path,
            zone.origin,
            evidence=zone.evidence,
            extra_include_roots=include_roots,
            overrides=overrides,
            server=lambda: zone.server or server_for(zone.path),  # as its server reads it
        )
        fresh.context, fresh.report_only, fresh.notes = zone.context, zone.report_only, zone.notes
        return fresh

    return reload


@dataclass
class SourceFix:
    """What :func:`fix_source` made of a text: the fixed text, how many repairs it took, why
    some were not made, and the lint of the fixed text."""

    text: str
    fixed: int
    skipped: list[str]
    result: Result


def fix_source(
    path: str,
    text: str,
    options: Options,
    *,
    registry: Registry | None = None,
    only: Callable[[Diagnostic], bool] | None = None,
    rounds: int = 8,
) -> SourceFix:
    """Fix ``text``, linted as the zone file ``path`` (standard input, an editor's buffer),
    without touching the disk. Runs to a fixed point (adding a dot can make a duplicate that
    the next round deletes), unless ``only`` picks the diagnostics to repair: then only those,
    in one round.
    """
    path = os.path.normpath(path)
    opts = replace(options, sources={**options.sources, path: text})
    result = api.lint([path], opts, registry=registry)
    fixed, skipped = 0, []
    for _ in range(1 if only else rounds):
        wanted = [d for d in result.diagnostics if only is None or only(d)]
        done = plan_and_apply(
            result.zone_set,
            wanted,
            reloader(opts.include_roots),
            False,
            opts.sources,
            registry=result.registry,
        )
        skipped += done.skipped
        new = done.texts.get(path)
        if new is None or new == text:
            break
        text, fixed = new, fixed + done.fixed
        opts = replace(opts, sources={**opts.sources, path: text})
        result = api.lint([path], opts, registry=result.registry)
    return SourceFix(text, fixed, skipped, result)


def _repairs(zone: Zone, zones: ZoneSet) -> Iterable[tuple[Record, str, str, int, int]]:
    """(record, repair, rule code, line, column of its diagnostic) for each repairable defect.

    Repairs: ``owner`` and ``target`` add a dot, ``duplicate`` deletes the record's line.
    """
    assert zone.origin is not None
    origin_labels = dns.name.Name(zone.origin.labels[:-1])
    n = len(origin_labels.labels)
    seen: set[tuple[dns.name.Name, int, dns.name.Name]] = set()
    for rec in zone.records:
        if (
            zone.confirmed
            and rec.col == 1
            and n
            and len(rec.owner.labels) >= 2 * n + 1
            and (rec.path, rec.line) not in zone.absolute_owners
        ):
            rel = rec.owner.relativize(zone.origin)
            if dns.name.Name(rel.labels[-n:]) == origin_labels:
                yield rec, "owner", "MX001", rec.line, 1
        if rec.rdtype != MX or len(rec.tokens) < 2:
            continue
        tok = rec.tokens[1]
        if missing_dot_meaning(rec, zones, zone) is not None:
            yield rec, "target", "MX001", tok.line, tok.col
        key = (rec.owner, rec.preference, rec.exchange)
        if key in seen:
            yield rec, "duplicate", "MX005", tok.line, tok.col
        seen.add(key)


Signature = tuple[str, int, int, str]


def _apply(
    f: _File, rec: Record, repair: str, line: int, col: int, expected: Counter[Signature]
) -> bool:
    """Plan one repair in ``f`` and update the records it promises; False if unsafe."""
    text = f.line(line)
    old = f.planned.get(id(rec)) or (
        rec.owner.to_text().lower(),
        rec.rdtype,
        rec.ttl,
        rec.rdata_text(),
    )
    if repair == "duplicate":
        # Only a record alone on its own line can go with its line (a lone CR ends a
        # statement but not BIND's line: the line may hold another record).
        if (
            line in f.deletes
            or rec.line != line
            or any(t.line != line for t in rec.tokens)
            or "\r" in text.rstrip("\r\n")
        ):
            return False
        f.deletes.add(line)
        _replace(expected, old, None)
        return True
    if repair == "owner":
        token = _owner_token(text)
        if not token or token.endswith("."):
            return False
        f.inserts.setdefault(line, []).append(1 + len(token))
        new_owner = dns.name.from_text(token + ".").to_text().lower()
        f.planned[id(rec)] = (new_owner, *old[1:])
        _replace(expected, old, f.planned[id(rec)])
        return True
    token = rec.tokens[1].text
    if text[col - 1 : col - 1 + len(token)] != token:
        return False
    f.inserts.setdefault(line, []).append(col + len(token))
    meant = dns.name.from_text(token + ".")
    f.planned[id(rec)] = (*old[:3], f"{rec.preference} {meant.to_text()}")
    _replace(expected, old, f.planned[id(rec)])
    return True


def _owner_token(text: str) -> str:
    parts = text.split(None, 1)
    return parts[0] if parts and not text[:1].isspace() else ""


def _replace(expected: Counter[Signature], old: Signature, new: Signature | None) -> None:
    expected[old] -= 1
    if expected[old] <= 0:
        del expected[old]
    if new is not None:
        expected[new] += 1


class _Refused(Exception):
    """A file that ``--fix`` must not (or could not) write; the message says why."""


def _write_all(items: Sequence[tuple[str, str, bytes, bytes]], written: list[str]) -> str | None:
    """Write each ``(path, resolved path, bytes read, new bytes)``; a message if not written.

    Every file is locked and checked before the first is written, so that a zone's edits
    land in all its files or (barring a failing disk) in none; ``written`` gets the paths
    written.
    """
    with contextlib.ExitStack() as locks:
        checked = []
        for path, real, original, new in sorted(items, key=lambda item: item[1]):
            try:
                fd = _lock(real)
                locks.callback(os.close, fd)
                checked.append((path, real, _check(fd, real, original), new))
            except _Refused as exc:
                return f"{path}: not fixed: {exc}"
            except OSError as exc:
                return f"{path}: not fixed: cannot read it again: {exc.strerror or exc}"
        for path, real, st, new in checked:
            try:
                _write_file(real, st, new)
            except _Refused as exc:
                done = f" (its other files were: {', '.join(written)})" if written else ""
                return f"{path}: not fixed: {exc}{done}"
            written.append(path)
    return None


def _lock(real: str) -> int:
    """An open descriptor of the file now named ``real``, holding the exclusive lock on it."""
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        fd = os.open(real, _OPEN_FLAGS)
        try:
            pause = 0.002
            while not _try_lock(fd):
                if time.monotonic() > deadline:
                    raise _Refused(
                        f"another program holds a lock on it (waited {LOCK_WAIT:g} s); "
                        "run mxlint --fix again when it is done"
                    )
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
            st = os.fstat(fd)
            now = os.stat(real, follow_symlinks=False)
        except BaseException:
            os.close(fd)
            raise
        if (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino):
            return fd
        os.close(fd)  # another run replaced it while we waited: lock the new file


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # no advisory locks: the comparison alone must do
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _check(fd: int, real: str, original: bytes) -> os.stat_result:
    """The locked file's status, if it may be replaced; else why not (:class:`_Refused`)."""
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        raise _Refused("it is no longer a regular file")
    if st.st_nlink > 1:
        raise _Refused(
            f"it has {st.st_nlink} hard links, and --fix keeps them: replacing the file would "
            "split them, and rewriting it in place is not atomic; fix it by hand (mxlint --diff "
            "shows the changes)"
        )
    if not st.st_mode & 0o222:
        raise _Refused(
            f"it is read-only (mode {stat.S_IMODE(st.st_mode):04o}), and --fix leaves "
            "read-only files alone; make it writable (chmod u+w) to let --fix change it"
        )
    if not os.access(real, os.W_OK):
        raise _Refused("you may not write it (check its owner and mode)")
    with open(fd, "rb", closefd=False) as f:
        if f.read() != original:
            raise _Refused("it changed on disk while mxlint ran; run mxlint --fix again")
    return st


_cleaned: set[str] = set()


def _write_file(real: str, st: os.stat_result, new: bytes) -> None:
    """Put ``new`` under the name ``real`` atomically, with the owner and mode of ``st``."""
    folder = os.path.dirname(real)
    if folder not in _cleaned:
        _cleaned.add(folder)
        _remove_stale_temporaries(folder)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise _Refused(
            f"cannot create a temporary file in {folder}: {exc.strerror or exc}"
        ) from None
    step = "write the temporary file"
    try:
        _try_lock(fd)  # while it exists, this run is alive: see _remove_stale_temporaries
        own = os.fstat(fd)
        if (own.st_uid, own.st_gid) != (st.st_uid, st.st_gid):
            step = f"give the new copy its owner and group ({st.st_uid}:{st.st_gid})"
            os.fchown(fd, st.st_uid, st.st_gid)
        step = "give the new copy its mode"
        os.fchmod(fd, stat.S_IMODE(st.st_mode))  # after chown, which clears set-id bits
        step = "write the temporary file"
        view = memoryview(new)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        step = "rename the temporary file over it"
        os.replace(tmp, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _Refused(f"cannot {step}: {exc.strerror or exc}; it is unchanged") from None
    finally:
        os.close(fd)
    # The folder is not synced: after a crash the name holds the old or the new text, both
    # whole, and syncing it would double the time --fix spends waiting for the disk.


def _remove_stale_temporaries(folder: str) -> None:
    """Delete the temporary files of ``--fix`` runs that were killed while writing.

    Only files named like this version's, older than :data:`STALE_AFTER` and not locked: a
    live writer holds the lock on its temporary file from just after creating it to the end.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not (name.startswith(_TEMP_PREFIX) and name.endswith(_TEMP_SUFFIX)):
            continue
        with contextlib.suppress(OSError):
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or time.time() - st.st_mtime < STALE_AFTER:
                continue
            fd = os.open(entry.path, _OPEN_FLAGS)
            try:
                if sys.platform == "win32" or not _try_lock(fd):
                    continue
                now = os.stat(entry.path, follow_symlinks=False)
                mine = os.fstat(fd)
                if (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
                    os.unlink(entry.path)
            finally:
                os.close(fd)


MAX_FIX_ROUNDS = 10


class FixOutcome:
    """What :func:`fix_files` did. ``result`` is the lint of the files as they are now (after the
    last round); ``changes`` counts the repairs by (path, rule code); ``rounds`` is how many
    rounds wrote something; ``stable`` is false when the bound stopped the rounds early.
    (Written out, not a dataclass: see :mod:`mxlint._value`.)"""

    def __init__(
        self,
        result: Result,
        changes: Counter[tuple[str, str]],
        files: list[str],
        rounds: int,
        stable: bool,
        skipped: list[str],
        diff: str = "",
    ) -> None:
        self.result = result
        self.changes = changes
        self.files = files
        self.rounds = rounds
        self.stable = stable
        self.skipped = skipped
        self.diff = diff

    def __repr__(self) -> str:
        return (
            f"FixOutcome(files={self.files!r}, rounds={self.rounds}, stable={self.stable}, "
            f"changes={dict(self.changes)!r}, skipped={self.skipped!r})"
        )


def fix_files(
    paths: Sequence[str],
    options: Options | None = None,
    *,
    write: bool = True,
    registry: Registry | None = None,
    result: Result | None = None,
    max_rounds: int = MAX_FIX_ROUNDS,
) -> FixOutcome:
    """``--fix``: apply the safe repairs, lint again, and repeat until nothing is left to
    repair (a fixed point: adding a dot can make two records equal, and the next round
    deletes the repeat), at most ``max_rounds`` times. With ``write`` false nothing is written
    and ``diff`` shows the first round's changes. ``result``: the lint already made, if any.
    """
    options = replace(options or Options(), release_records=False)  # repairs read records
    if result is not None and not all(result.zone_set.resident(z) for z in result.zones):
        result = None
    result = result or api.lint(paths, options, registry=registry)
    limits = api.run_limits(options, result.config)

    def reload(zone: Zone, overrides: dict[str, str]) -> Zone:
        fresh = load_zone(
            zone.path,
            zone.origin,
            evidence=zone.evidence,
            extra_include_roots=[*options.include_roots, *filter(os.path.isdir, paths)],
            overrides=overrides,
            limits=limits,
            server=lambda: zone.server or server_for(zone.path),  # as its server reads it
        )
        fresh.context, fresh.report_only, fresh.notes = zone.context, zone.report_only, zone.notes
        return fresh

    changes: Counter[tuple[str, str]] = Counter()
    files: list[str] = []
    skipped: list[str] = []
    rounds = 0
    bumped: set[str] = set()  # zones whose SOA serial this run bumped: once per zone
    while True:
        done = plan_and_apply(
            result.zone_set,
            result.diagnostics,
            reload,
            write=write,
            registry=result.registry,
            bumped=bumped,
        )
        skipped += [s for s in done.skipped + done.notes if s not in skipped]
        changes.update(done.changes)
        files += [f for f in done.files if f not in files]
        if not write:
            return FixOutcome(result, changes, files, 0, True, skipped, done.diff)
        if not done.files:
            return FixOutcome(result, changes, files, rounds, True, skipped)
        rounds += 1
        if done.skipped:
            # A file was refused (changed on disk, locked, a disk failing midway): another
            # round would try it again behind the user's back. Lint what is there, and stop.
            result = api.lint(paths, options, registry=result.registry)
            return FixOutcome(result, changes, files, rounds, True, skipped)
        # Lint again from the start (the stages too: a serial rule reads what was written).
        result = api.lint(paths, options, registry=result.registry)
        if rounds >= max_rounds:
            more = any(d.code in FIXABLE for d in result.diagnostics)
            return FixOutcome(result, changes, files, rounds, not more, skipped)
