"""The baseline: today's diagnostics, recorded so that only new ones are reported.

A repository that adopts mxlint with hundreds of old findings records them once::

    mxlint --baseline .mxlint-baseline.json --write-baseline zones/

and from then on ``mxlint --baseline .mxlint-baseline.json zones/`` (or ``baseline:`` in the
configuration) reports, and fails on, only the diagnostics that are not in the file.

An entry is keyed by the file (relative to the baseline file's folder, ``/``-separated), the
rule code and the text of the diagnostic's line as written, whitespace normalised (the
message, for a diagnostic with no line): not by line number, so inserting lines above a
recorded defect keeps it recorded, while editing the defect's own line makes it new. The same
key several times (identical lines) is one entry with a ``count``; a run with more of them
than recorded reports the extra ones. The file is JSON, sorted and indented, so that a change
to it reads well in a diff::

    {
      "version": 1,
      "entries": [
        {"path": "zones/example.com.zone", "code": "MX002", "rule": "ip-target",
         "text": "@ IN MX 10 192.0.2.1", "count": 1}
      ]
    }

(each entry on its own lines in the real file). Entries found no more are *stale*: they are
listed (as notes on stderr) so the file can be shrunk by writing it again. Only the files
linted in the run are judged: a run over some files neither calls the other files' entries
stale nor drops them when it writes.

The baseline is applied after inline suppressions: a suppressed diagnostic is never recorded.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from mxlint import safeopen
from mxlint.model import Diagnostic
from mxlint.zonefile.lines import split_lines

VERSION: Final = 1
Key = tuple[str, str, str]  # (path relative to the baseline's folder, rule code, line text)


class BaselineError(Exception):
    """A baseline file that cannot be used (missing, unreadable, malformed)."""


@dataclass
class Baseline:
    """The recorded entries: key -> (rule name, count)."""

    path: str
    entries: dict[Key, tuple[str, int]] = field(default_factory=dict)

    @property
    def base_dir(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))


@dataclass
class Applied:
    """What applying a baseline left: the new diagnostics, and the stale entries
    ``(key, rule name, how many were not found)``."""

    diagnostics: list[Diagnostic]
    baselined: int
    stale: list[tuple[Key, str, int]]

    def notes(self, baseline: Baseline) -> list[str]:
        where = os.path.relpath(baseline.path)
        out = []
        if self.stale:
            n = sum(c for _, _, c in self.stale)
            out.append(
                f"{where}: {n} baselined diagnostic{'s' if n != 1 else ''} no longer found; "
                "run again with --write-baseline to drop "
                f"{'them' if n != 1 else 'it'} from the baseline:"
            )
            for (path, code, text), rule, count in self.stale:
                times = f" (x{count})" if count > 1 else ""
                out.append(f"  stale: {path}: {code} {rule}: {text}{times}")
        return out


def _norm(text: str) -> str:
    return " ".join(text.split())


def _line_reader(sources: Mapping[str, str]) -> Callable[[str, int], str]:
    """``text(path, line)`` from ``sources`` (unsaved text) or the file, each read once."""
    cache: dict[str, list[str]] = {}

    def text(path: str, line: int) -> str:
        lines = cache.get(path)
        if lines is None:
            source = sources.get(path)
            if source is None:
                try:  # regular files only (never a FIFO or /dev/zero), size-bounded
                    source = safeopen.read_text(path, errors="replace")
                except OSError:
                    source = ""
            lines = cache[path] = split_lines(source)
        return lines[line - 1] if 1 <= line <= len(lines) else ""

    return text


def _relpath(path: str, base_dir: str) -> str:
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full, base_dir)
    except ValueError:  # Windows: another drive
        return full.replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def keys(
    diagnostics: Iterable[Diagnostic], base_dir: str, sources: Mapping[str, str] | None = None
) -> list[Key]:
    """The baseline key of each diagnostic (see the module docstring)."""
    text = _line_reader(sources or {})
    out = []
    for d in diagnostics:
        content = _norm(text(d.path, d.line)) if d.line >= 1 else ""
        out.append((_relpath(d.path, base_dir), d.code, content or _norm(d.message)))
    return out


# --------------------------------------------------------------------------- reading, writing

#: A baseline larger than this is refused (a link to /dev/zero is refused as not regular).
MAX_BYTES = 256 * 1024 * 1024


def read(path: str) -> Baseline:
    """The baseline at ``path``; :class:`BaselineError` saying what is wrong with it."""
    try:
        raw = safeopen.read_text(path, MAX_BYTES)
    except FileNotFoundError:
        raise BaselineError(
            f"baseline file {path} not found; create it with --write-baseline"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BaselineError(f"baseline file {path} cannot be read: {why}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"{path}:{exc.lineno}: baseline file is not valid JSON: {exc.msg}; "
            "write it again with --write-baseline"
        ) from None
    return _parse(path, data)


def _parse(path: str, data: Any) -> Baseline:
    def bad(what: str) -> BaselineError:
        return BaselineError(
            f"{path}: malformed baseline file: {what}; "
            "write it again with --write-baseline (see the baseline section of the README)"
        )

    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise bad('expected an object with "version" and an "entries" list')
    if data.get("version") != VERSION:
        raise bad(f'"version" is {data.get("version")!r}, this mxlint reads version {VERSION}')
    out = Baseline(path)
    for i, e in enumerate(data["entries"], 1):
        if not isinstance(e, dict):
            raise bad(f"entry {i} is not an object")
        for name in ("path", "code", "text"):
            if not isinstance(e.get(name), str):
                raise bad(f'entry {i}: "{name}" must be a string')
        count = e.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise bad(f'entry {i}: "count" must be a whole number of at least 1')
        rule = e.get("rule", "")
        key = (e["path"], e["code"], e["text"])
        old = out.entries.get(key)
        out.entries[key] = (rule if isinstance(rule, str) else "", count + (old[1] if old else 0))
    return out


def dumps(entries: Mapping[Key, tuple[str, int]]) -> str:
    """The file's text: version 1, entries sorted by path, code and text."""
    rows = [
        {"path": p, "code": c, "rule": rule, "text": t, "count": n}
        for (p, c, t), (rule, n) in sorted(entries.items())
    ]
    return json.dumps({"version": VERSION, "entries": rows}, indent=2, ensure_ascii=False) + "\n"


def write(path: str, entries: Mapping[Key, tuple[str, int]]) -> None:
    """Write the baseline atomically (a temporary file renamed over it)."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".mxlint-baseline-", dir=folder)
    except OSError as exc:
        raise BaselineError(f"baseline file {path} cannot be written: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(dumps(entries))
        if os.path.exists(path):
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        os.unlink(tmp)
        raise BaselineError(f"baseline file {path} cannot be written: {exc.strerror}") from None


# --------------------------------------------------------------------------- applying


def _linted(files: Iterable[str], base_dir: str) -> set[str]:
    return {_relpath(f, base_dir) for f in files}


def apply(
    baseline: Baseline,
    diagnostics: Sequence[Diagnostic],
    files: Iterable[str],
    sources: Mapping[str, str] | None = None,
) -> Applied:
    """``diagnostics`` without those the baseline records (order kept), and the stale entries
    of the linted ``files``. Of ``n`` identical keys with a count of ``k``, the first ``k``
    (in the order given: by place) are taken as recorded."""
    left = {k: n for k, (_, n) in baseline.entries.items()}
    kept: list[Diagnostic] = []
    for d, key in zip(diagnostics, keys(diagnostics, baseline.base_dir, sources), strict=True):
        if left.get(key, 0) > 0:
            left[key] -= 1
        else:
            kept.append(d)
    linted = _linted(files, baseline.base_dir)
    stale = [
        (key, baseline.entries[key][0], n)
        for key, n in sorted(left.items())
        if n > 0 and key[0] in linted
    ]
    return Applied(kept, len(diagnostics) - len(kept), stale)


def record(
    baseline: Baseline,
    diagnostics: Sequence[Diagnostic],
    files: Iterable[str],
    sources: Mapping[str, str] | None = None,
) -> dict[Key, tuple[str, int]]:
    """The entries to write: ``diagnostics`` for the linted ``files``, and the old entries of
    every file not linted in this run (kept as they were)."""
    linted = _linted(files, baseline.base_dir)
    out = {k: v for k, v in baseline.entries.items() if k[0] not in linted}
    found = keys(diagnostics, baseline.base_dir, sources)
    counts: Counter[Key] = Counter(found)
    names = {k: d.rule for d, k in zip(diagnostics, found, strict=True)}
    for key, n in counts.items():
        out[key] = (names[key], n)
    return out
