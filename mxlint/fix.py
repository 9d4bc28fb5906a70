"""``--fix``: rewrite what is safe to rewrite, and only that.

Two repairs are safe: adding the trailing dot that ``missing-trailing-dot`` proved was meant,
and deleting a line that ``duplicate-record`` proved repeats an earlier one. Every other byte
of the file stays as it was (comments, spacing, line endings, encoding).

Each repair is planned from a record's provenance (file, line, column, token as written) and
only for a diagnostic that survived suppressions. The edited text is then loaded again and its
records compared with what the repairs promise; a file where anything else would change
(a blank-owner line that would inherit another owner, a TTL that would be inherited
differently) is left untouched. Writes are atomic: a temporary file in the same folder,
renamed over the original, skipped if the file changed on disk since it was read.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import dns.name

from mxlint.model import MX, Diagnostic, Record, Zone, ZoneSet
from mxlint.names import missing_dot_meaning

FIXABLE = frozenset(("MX001", "MX005"))
_LINE_END = re.compile(r"\r\n|\r|\n")


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
    def read(cls, path: str) -> _File | None:
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

    def encoded(self) -> bytes:
        return (("\ufeff" if self.bom else "") + self.edited()).encode("utf-8")


@dataclass
class FixResult:
    fixed: int = 0
    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # messages for the user
    diff: str = ""


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
) -> FixResult:
    """Fix the linted zones; with ``write`` false, only compute the diff."""
    wanted = {(d.path, d.line, d.column, d.code) for d in diagnostics if d.code in FIXABLE}
    result = FixResult()
    if not wanted:
        return result
    for zone in zones.zones:
        if zone.context or zone.origin is None:
            continue
        files: dict[str, _File] = {}
        expected = _signature(zone)
        count = 0
        for rec, repair, code, line, col in _repairs(zone, zones):
            if (rec.path, line, col, code) not in wanted:
                continue
            f = files.get(rec.path) or _File.read(rec.path)
            if f is None:
                continue
            files[rec.path] = f
            if _apply(f, rec, repair, line, col, expected):
                count += 1
        if not files or not count:
            continue
        overrides = {os.path.realpath(p): f.edited() for p, f in files.items()}
        again = reload(zone, overrides)
        if _signature(again) != expected or len(again.problems) > len(zone.problems):
            result.skipped.append(
                f"{zone.path}: not fixed: the edits would change more than the reported "
                "records (a blank owner or TTL inherited from a deleted line?); fix by hand"
            )
            continue
        for path, f in files.items():
            new = f.encoded()
            if new == f.raw:
                continue
            result.diff += "".join(
                difflib.unified_diff(
                    f.raw.decode("utf-8").splitlines(keepends=True),
                    new.decode("utf-8").splitlines(keepends=True),
                    f"a/{path}",
                    f"b/{path}",
                )
            )
            if write:
                why = _atomic_write(path, f.raw, new)
                if why:
                    result.skipped.append(f"{path}: not fixed: {why}")
                    continue
            result.files.append(path)
        result.fixed += count
    return result


def _repairs(zone: Zone, zones: ZoneSet) -> Iterable[tuple[Record, str, str, int, int]]:
    """(record, repair, rule code, line, column of its diagnostic) for each repairable defect.

    Repairs: ``owner`` and ``target`` add a dot, ``duplicate`` deletes the record's line.
    """
    assert zone.origin is not None
    origin_labels = dns.name.Name(zone.origin.labels[:-1])
    n = len(origin_labels.labels)
    seen: set[tuple[dns.name.Name, int, dns.name.Name]] = set()
    for rec in zone.records:
        if rec.col == 1 and n and len(rec.owner.labels) >= 2 * n + 1:
            rel = rec.owner.relativize(zone.origin)
            if dns.name.Name(rel.labels[-n:]) == origin_labels:
                yield rec, "owner", "MX001", rec.line, 1
        if rec.rdtype != MX or len(rec.tokens) < 2:
            continue
        tok = rec.tokens[1]
        if missing_dot_meaning(rec, zones, zone.origin) is not None:
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


def _atomic_write(path: str, original: bytes, new: bytes) -> str | None:
    """Write ``new`` over ``path`` atomically; a reason if not written."""
    try:
        with open(path, "rb") as f:
            if f.read() != original:
                return "it changed on disk while mxlint ran"
        st = os.stat(path)
        folder = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(prefix=".mxlint-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(new)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, st.st_mode & 0o7777)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        return exc.strerror or str(exc)
    return None
