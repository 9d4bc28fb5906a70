"""The serial stage: did a zone's records change while its SOA serial did not increase?

Secondary servers transfer a zone only when the primary's SOA serial is greater than theirs
in RFC 1982 serial arithmetic. This stage compares each linted zone with its version in a base
git revision, offline, using git through ``subprocess``:

- the base is ``--base REF`` when given (compared from the merge base of REF and ``HEAD``, so
  that changes made on the target branch since are not blamed on this one), else ``HEAD``;
- the current side is the working tree, which is what was linted; inside a pre-commit run
  pre-commit has set unstaged changes aside, so that is the staged content;
- a zone is compared when its file or one of its ``$INCLUDE``\\ d files differs from the base
  (``git diff --find-renames``: a renamed zone file is compared with its old name);
- records are compared as sets (owner, type, TTL, data in canonical form; the SOA without its
  serial): a comment, whitespace, ordering or name-case edit needs no new serial.

Nothing is said about new files (nothing to compare), files with syntax errors (the syntax
errors are), or zones without an SOA record (fragments). Files outside a git work tree are
not checked; that is said once when ``--base`` was asked for. A ``--base`` that the clone
does not have (a shallow CI checkout) is a :class:`BaseError`, which says how to fetch it.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import dns.rdata

from mxlint.check.engine import RuleSetting
from mxlint.check.registry import Registry
from mxlint.identity.dialect import server_for
from mxlint.identity.walk import maybe_work_tree, work_tree
from mxlint.identity.zones import load_zone
from mxlint.model import SOA, Finding, Record, Soa, Zone
from mxlint.stages.stage import StageResult, level, stamp
from mxlint.zonefile import reader
from mxlint.zonefile.lexical import comment_start
from mxlint.zonefile.lines import split_lines

if TYPE_CHECKING:
    import subprocess

CODE = "MX022"
HALF = 2**31
MODULO = 2**32


class BaseError(Exception):
    """The base revision cannot be read; the message says why and what to do (exit 2)."""


@dataclass(frozen=True)
class SerialOptions:
    base: str | None = None  # a git revision; None: HEAD, for files with uncommitted changes
    today: datetime.date | None = None  # for the suggested YYYYMMDDnn serial (tests)
    extra_include_roots: Sequence[str] = ()
    # path -> text linted instead of the file (stdin, an editor's buffer): compared with the
    # base whatever git says of the file on disk
    sources: Mapping[str, str] | None = None


# --------------------------------------------------------------------------- serial arithmetic


def increased(old: int, new: int) -> bool:
    """RFC 1982: ``new`` is greater than ``old`` (a step of 2^31 or more is not)."""
    return 0 < (new - old) % MODULO < HALF


def is_date_serial(serial: int) -> bool:
    """``YYYYMMDDnn`` with a real date (years 1970-2199)."""
    text = str(serial)
    if len(text) != 10:
        return False
    try:
        day = datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return 1970 <= day.year < 2200


def local_date() -> datetime.date:
    """The date a serial is dated by: the local calendar date, as ``date +%Y%m%d`` prints it
    where the operator edits the zone. One clock for the check's advice and ``--fix``."""
    return datetime.date.today()


def suggest(old: int, today: datetime.date) -> tuple[int, str]:
    """The serial to write instead of one that did not increase from ``old``, and why."""
    following = (old + 1) % MODULO
    if is_date_serial(old):
        dated = int(today.strftime("%Y%m%d")) * 100 + 1
        if increased(old, dated):
            return dated, "today's date in the file's YYYYMMDDnn convention"
        if old // 100 == dated // 100:
            return following, "the next number of today's date, YYYYMMDDnn"
        return following, "the next number: the serial is already past today's date"
    return following, "the base revision's serial + 1"


def describe(old: int, new: int) -> str:
    """What happened to the serial, for a message (only called when it did not increase)."""
    if new == old:
        return f"its SOA serial is still {new}"
    if new < old:
        return f"its SOA serial went down from {old} to {new}"
    return (
        f"its SOA serial jumped from {old} to {new}, by {new - old}: a step of 2^31 or more "
        "is a decrease in serial arithmetic (RFC 1982)"
    )


# --------------------------------------------------------------------------- git


_REPOSITORY_VARIABLES = (
    "GIT_DIR",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_PREFIX",
)


class _Git:
    def __init__(self) -> None:
        self.missing = False  # git is not installed
        self.refused: str | None = None  # a folder git refused ("dubious ownership")

    def run(self, cwd: str, *args: str) -> subprocess.CompletedProcess[bytes] | None:
        if self.missing:
            return None
        import subprocess  # only where a zone is in a work tree

        env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
        if "GIT_WORK_TREE" not in env:
            # A hook (pre-commit, in a linked worktree too) runs with GIT_DIR set, often
            # relative, and git would then take ``cwd`` for the top of the work tree: let git
            # find the repository from the zone's folder instead.
            for name in _REPOSITORY_VARIABLES:
                env.pop(name, None)
        try:
            return subprocess.run(
                ["git", *args], cwd=cwd, capture_output=True, env=env, check=False
            )
        except FileNotFoundError:
            self.missing = True
            return None
        except OSError:
            return None

    def out(self, cwd: str, *args: str) -> str | None:
        proc = self.run(cwd, *args)
        if proc is None or proc.returncode != 0:
            if proc is not None and b"dubious ownership" in proc.stderr:
                self.refused = cwd
            return None
        return proc.stdout.decode("utf-8", "surrogateescape").strip()


@dataclass
class _Repo:
    top: str  # realpath of the work tree
    label: str  # the base as shown in messages
    commit: str  # the base commit
    changed: dict[str, str]  # path (relative to top, /) -> status letter (M, A, R, T, D)
    renamed_from: dict[str, str]  # new path -> old path


class _Revision(Mapping[str, str]):
    """Realpath -> text of that file in the base commit, read on demand (loader overrides)."""

    def __init__(self, git: _Git, repo: _Repo) -> None:
        self.git = git
        self.repo = repo
        self.cache: dict[str, str | None] = {}

    def _rel(self, real: str) -> str | None:
        top = self.repo.top
        if not real.startswith(top.rstrip(os.sep) + os.sep):
            return None
        rel = os.path.relpath(real, top).replace(os.sep, "/")
        return self.repo.renamed_from.get(rel, rel)

    def __getitem__(self, real: str) -> str:
        if real not in self.cache:
            rel = self._rel(real)
            text = None
            if rel is not None:
                proc = self.git.run(self.repo.top, "cat-file", "blob", f"{self.repo.commit}:{rel}")
                if proc is not None and proc.returncode == 0:
                    text = reader.decode(proc.stdout)[0]  # as the file itself is read
            self.cache[real] = text
        text = self.cache[real]
        if text is None:
            raise KeyError(real)
        return text

    def __contains__(self, real: object) -> bool:
        if not isinstance(real, str):
            return False
        try:
            self[real]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter([k for k, v in self.cache.items() if v is not None])

    def __len__(self) -> int:
        return sum(1 for v in self.cache.values() if v is not None)


def _shallow_hint(git: _Git, top: str) -> str:
    if git.out(top, "rev-parse", "--is-shallow-repository") == "true":
        return (
            "; this clone is shallow: fetch the history the comparison needs (in GitHub "
            "Actions, actions/checkout with fetch-depth: 0; elsewhere git fetch --unshallow "
            "origin, or git fetch origin BRANCH)"
        )
    return "; fetch it first (git fetch origin BRANCH) or name another revision"


def _open_repo(git: _Git, top: str, base: str | None) -> _Repo | None:
    ref = base or "HEAD"
    commit = git.out(
        top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
    )
    if commit is None:
        if base is None:
            return None  # no commit yet: every file is new
        raise BaseError(
            f"--base {base}: no such revision in the git repository {top}" + _shallow_hint(git, top)
        )
    label = ref
    if base is not None:
        merge_base = git.out(top, "merge-base", commit, "HEAD")
        if merge_base is None:
            if git.out(top, "rev-parse", "--is-shallow-repository") == "true":
                raise BaseError(
                    f"--base {base}: its common ancestor with HEAD is not in this clone"
                    + _shallow_hint(git, top)
                )
        elif merge_base != commit:
            commit = merge_base
            label = f"{ref} (merge base {merge_base[:12]})"
    proc = git.run(
        top, "diff", "--name-status", "-z", "--find-renames", "--no-ext-diff", commit, "--"
    )
    if proc is None or proc.returncode != 0:
        detail = "" if proc is None else proc.stderr.decode("utf-8", "replace").strip()
        raise BaseError(f"git diff against {label} failed in {top}: {detail or 'no git'}")
    fields = proc.stdout.decode("utf-8", "surrogateescape").split("\0")
    changed: dict[str, str] = {}
    renamed: dict[str, str] = {}
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i][0]
        if status in "RC":
            old, new = fields[i + 1], fields[i + 2]
            changed[new] = status
            if status == "R":
                renamed[new] = old
            i += 3
        else:
            changed[fields[i + 1]] = status
            i += 2
    return _Repo(top, label, commit, changed, renamed)


# --------------------------------------------------------------------------- comparison


def _key(rec: Record) -> tuple[bytes, int, int, bytes | str]:
    rd = rec.rdata
    data: bytes | str
    if isinstance(rd, Soa):
        data = rd.replace(serial=0).to_digestable()
    elif isinstance(rd, dns.rdata.Rdata):
        data = rd.to_digestable()
    else:
        data = rec.rdata_text().lower()
    return (rec.key, rec.rdtype, rec.ttl, data)


def _soa(zone: Zone) -> Record | None:
    origin = zone.origin
    for rec in zone.records:
        if rec.rdtype == SOA and origin is not None and rec.owner == origin:
            return rec
    return None


def _serial(rec: Record) -> int:
    rd = rec.rdata
    assert isinstance(rd, Soa)
    return int(rd.serial)


def serial_place(rec: Record, text: str | None = None) -> tuple[int, int]:
    """Line and column of the serial in the SOA record ``rec`` (often a line of its own);
    ``text``: its file's text (default: read from disk)."""
    if text is None:
        text, _, _, _ = reader.read_text(rec.path)
    if text is None:
        return rec.line, rec.col
    lines = split_lines(text)
    seen_soa, count = False, 0
    for n in range(rec.line - 1, min(len(lines), rec.line + 20)):
        raw = lines[n]
        cut = comment_start(raw)
        for m in re.finditer(r"[^\s()]+", raw if cut < 0 else raw[:cut]):
            if n == rec.line - 1 and m.start() < rec.col - 1:
                continue
            if not seen_soa:
                seen_soa = m.group().upper() == "SOA"
                continue
            count += 1
            if count == 3:
                return n + 1, m.start() + 1
    return rec.line, rec.col


def next_serial(old: int, today: datetime.date | None = None) -> int:
    """The serial after ``old`` for ``--fix``: today's YYYYMMDDnn when ``old`` has that form,
    else ``old`` + 1 in RFC 1982 arithmetic (:func:`suggest`)."""
    return suggest(old, today or local_date())[0]


def _show(rec: Record) -> str:
    return f"{rec.owner} {rec.ttl} {rec.type_name} {rec.rdata_text()}"


def _summary(before: Zone, after: Zone) -> str:
    old = {_key(r): r for r in before.records if r.rdtype != SOA}
    new = {_key(r): r for r in after.records if r.rdtype != SOA}
    added = [r for k, r in new.items() if k not in old]
    removed = [r for k, r in old.items() if k not in new]
    parts = []
    if added:
        s = "s" if len(added) != 1 else ""
        parts.append(f"{len(added)} record{s} added ({_show(added[0])}{', ...' if s else ''})")
    if removed:
        s = "s" if len(removed) != 1 else ""
        parts.append(f"{len(removed)} removed ({_show(removed[0])}{', ...' if s else ''})")
    if not parts:
        parts.append("SOA fields other than the serial changed")
    return ", ".join(parts)


def _compare(
    zone: Zone, repo: _Repo, git: _Git, files: list[str], options: SerialOptions
) -> Finding | str | None:
    """The finding, None when the serial is right, or why the zones cannot be compared."""

    def load(overrides: Mapping[str, str] | None) -> Zone:
        return load_zone(
            zone.path,
            zone.origin,
            extra_include_roots=options.extra_include_roots,
            overrides=overrides,
            keep_all_rdata=True,
            server=lambda: zone.server or server_for(zone.path),  # as its server reads it
        )

    revision = _Revision(git, repo)
    if os.path.realpath(zone.path) not in revision:
        return None  # a new file: nothing to compare
    unsaved = {os.path.realpath(p): t for p, t in (options.sources or {}).items()}
    before, after = load(revision), load(unsaved or None)
    # Syntax errors are reported as such, and a partial read proves nothing; a record set
    # aside as out of zone (a warning) is ignored by name servers and here alike, and a first
    # record without owner (syntax-error's, but read whole: NSD gives it the zone's name) too.
    broken = [
        p for z in (before, after) for p in z.problems if p.kind not in ("out-of-zone", "no-owner")
    ]
    if broken:
        if any(p in after.problems for p in broken):
            return None  # the zone as it is now does not load: its errors say so
        return (
            f"its version in {repo.label} does not load here ({broken[0].message}), so "
            "there is nothing to compare with"
        )
    old_soa, new_soa = _soa(before), _soa(after)
    if old_soa is None or new_soa is None:
        return None
    old, new = _serial(old_soa), _serial(new_soa)
    if increased(old, new):
        return None
    if {_key(r) for r in before.records} == {_key(r) for r in after.records}:
        return None  # only the serial moved (e.g. backwards): no record changed
    value, why = suggest(old, options.today or local_date())
    where = f" (in {', '.join(files)})" if files != [zone.path] else ""
    line, col = serial_place(new_soa)
    return Finding(
        new_soa.path,
        line,
        col,
        f"zone {zone.origin} changed since {repo.label}{where}: {_summary(before, after)}; "
        f"but {describe(old, new)}. Secondary servers transfer a zone only when its serial "
        f"increases, so they would keep serving the old records; set the serial to {value} "
        f"({why})",
    )


def run(
    registry: Registry,
    zones: Sequence[Zone],
    settings: Mapping[str, RuleSetting],
    options: SerialOptions,
) -> StageResult:
    """``serial-not-increased`` for the linted zones. Raises :class:`BaseError`."""
    result = StageResult()
    if level(registry, settings, CODE) == "off":
        return result
    git = _Git()

    @cache
    def toplevel(folder: str) -> tuple[str | None, str]:
        """The work tree's top, or None and why."""
        if not maybe_work_tree(folder):
            return None, "not in a git work tree"
        git.refused = None
        top = git.out(folder, "rev-parse", "--show-toplevel")
        if top is not None:
            return os.path.realpath(top), ""
        if git.missing:
            return None, "git is not installed"
        if git.refused is not None:
            return None, (
                "git refuses the repository for dubious ownership (it belongs to another "
                "user, as in many CI containers); if you trust it, run git config --global "
                f"--add safe.directory {work_tree(folder) or folder}"
            )
        return None, "not in a git work tree"

    repos: dict[str, _Repo | None] = {}
    outside: list[tuple[str, str]] = []
    unchecked: list[str] = []
    findings: list[Finding] = []
    for zone in zones:
        if zone.context or zone.origin is None:
            continue
        real = os.path.realpath(zone.path)
        top, why = toplevel(os.path.dirname(real))
        if top is None:
            outside.append((zone.path, why))
            continue
        if top not in repos:
            repos[top] = _open_repo(git, top, options.base)
        repo = repos[top]
        if repo is None:
            continue
        changed = []
        for path in zone.files:
            r = os.path.realpath(path)
            rel = os.path.relpath(r, top).replace(os.sep, "/")
            if rel in repo.changed or path in (options.sources or ()):
                changed.append(path)
        if not changed:
            continue
        finding = _compare(zone, repo, git, changed, options)
        if isinstance(finding, str):
            unchecked.append(f"{zone.path}: {finding}")
        elif finding is not None:
            findings.append(finding)
    # A check that cannot run says so: a refused repository always, a zone outside any
    # work tree when a base was asked for (and then it is an error: exit status 2).
    told = [(p, why) for p, why in outside if options.base is not None or "refuses" in why]
    if told and options.base is not None:
        path, why = told[0]
        n = len(told)
        raise BaseError(
            f"--base {options.base}: serial-not-increased cannot run for {n} zone "
            f"file{'s' if n != 1 else ''} ({path}{', ...' if n > 1 else ''}): {why}"
        )
    for why in dict.fromkeys(why for _p, why in told):
        paths = [p for p, w in told if w == why]
        n = len(paths)
        result.notes.append(
            f"serial-not-increased not checked for {n} zone file{'s' if n != 1 else ''} "
            f"({paths[0]}{', ...' if n > 1 else ''}): {why}, so there is no base revision "
            "to compare with"
        )
    for text in unchecked:
        result.notes.append(f"serial-not-increased not checked for {text}")
    result.diagnostics = stamp(registry, settings, CODE, findings)
    return result
