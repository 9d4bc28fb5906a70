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
import re
import stat
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import dns.name

from mxlint import api
from mxlint.api import Options, Result
from mxlint.check.names import missing_dot_meaning
from mxlint.identity.walk import FIX_TEMP_PREFIX
from mxlint.identity.zones import load_zone
from mxlint.model import MX, Diagnostic, Record, Zone, ZoneSet

if sys.platform != "win32":
    import fcntl
if TYPE_CHECKING:
    from mxlint.check.registry import Registry

FIXABLE = frozenset(("MX001", "MX005"))
_LINE_END = re.compile(r"\r\n|\r|\n")
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


@dataclass
class _File:
    path: str
    raw: bytes
    bom: bool
    lines: list[str]  # each with its own line ending
    inserts: dict[int, list[int]] = field(default_factory=dict)  # line -> columns (1-based)
    deletes: set[int] = field(default_factory=set)
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
                with open(path, "rb") as f:
                    raw = f.read()
                text = raw.decode("utf-8")
            except (OSError, UnicodeDecodeError):
                return None
        bom = text.startswith("\ufeff")
        if bom:
            text = text[1:]
        lines, pos = [], 0
        for m in _LINE_END.finditer(text):
            lines.append(text[pos : m.end()])
            pos = m.end()
        if pos < len(text):
            lines.append(text[pos:])
        return cls(path, raw, bom, lines)

    def line(self, n: int) -> str:
        return self.lines[n - 1] if 0 < n <= len(self.lines) else ""

    def edited(self) -> str:
        out = []
        for n, text in enumerate(self.lines, 1):
            if n in self.deletes:
                continue
            for col in sorted(self.inserts.get(n, ()), reverse=True):
                text = text[: col - 1] + "." + text[col - 1 :]
            out.append(text)
        return "".join(out)

    def edits(self) -> int:
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


def _signature(zone: Zone) -> Counter[tuple[str, int, int, str]]:
    """The records of a zone, as a multiset that ignores where they were written."""
    return Counter(
        (r.owner.to_text().lower(), r.rdtype, r.ttl, r.rdata_text()) for r in zone.records
    )


def plan_and_apply(
    zones: ZoneSet,
    diagnostics: Sequence[Diagnostic],
    reload: Callable[[Zone, dict[str, str]], Zone],
    write: bool,
    sources: Mapping[str, str] | None = None,
) -> FixResult:
    """Fix the linted zones; with ``write`` false, only compute the diff (and ``texts``).

    ``sources`` maps a path to the text linted in its place (``Options.sources``): that text
    is what gets fixed, and it is never written.
    """
    sources = sources or {}
    wanted = {(d.path, d.line, d.column, d.code) for d in diagnostics if d.code in FIXABLE}
    result = FixResult()
    if not wanted:
        return result
    _cleaned.clear()  # look for stale temporary files once per folder and run
    for zone in zones.zones:
        if zone.context or zone.origin is None:
            continue
        files: dict[str, _File] = {}  # by resolved path: a link and its target are one file
        expected = _signature(zone)
        count = 0
        pending: Counter[tuple[str, str]] = Counter()
        for rec, repair, code, line, col in _repairs(zone, zones):
            if (rec.path, line, col, code) not in wanted:
                continue
            real = os.path.realpath(rec.path)
            f = files.get(real) or _File.read(rec.path, sources.get(rec.path))
            if f is None:
                continue
            files[real] = f
            if _apply(f, rec, repair, line, col, expected):
                count += 1
                pending[rec.path, code] += 1
        if not files or not count:
            continue
        again = reload(zone, {real: f.edited() for real, f in files.items()})
        if _signature(again) != expected or len(again.problems) > len(zone.problems):
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
                    f.raw.decode("utf-8").splitlines(keepends=True),
                    new.decode("utf-8").splitlines(keepends=True),
                    f"a/{f.path}",
                    f"b/{f.path}",
                )
            )
            result.texts[f.path] = f.edited()
            result.files.append(f.path)
            for (p, code), n in pending.items():
                if p == f.path:
                    result.changes[p, code] += n
        result.fixed += count
    return result


def reloader(include_roots: Sequence[str] = ()) -> Callable[[Zone, dict[str, str]], Zone]:
    """The ``reload`` for :func:`plan_and_apply`: load a zone again with edited texts."""

    def reload(zone: Zone, overrides: dict[str, str]) -> Zone:
        fresh = load_zone(
            zone.path,
            zone.origin,
            evidence=zone.evidence,
            extra_include_roots=include_roots,
            overrides=overrides,
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
            result.zone_set, wanted, reloader(opts.include_roots), False, opts.sources
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
        # Only a record alone on its own line can go with its line.
        if line in f.deletes or rec.line != line or any(t.line != line for t in rec.tokens):
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
        )
        fresh.context, fresh.report_only, fresh.notes = zone.context, zone.report_only, zone.notes
        return fresh

    changes: Counter[tuple[str, str]] = Counter()
    files: list[str] = []
    skipped: list[str] = []
    rounds = 0
    while True:
        done = plan_and_apply(result.zone_set, result.diagnostics, reload, write=write)
        skipped += [s for s in done.skipped if s not in skipped]
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
