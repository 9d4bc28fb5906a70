"""Inline suppressions: ``; mxlint: ...`` comments in zone files.

A directive is a comment (after a ``;`` that is not inside a quoted string and not escaped as
``\\;``) whose text, after the ``;`` characters and blanks, starts with ``mxlint:``::

    @  IN MX 10 mail.example.com   ; mxlint: disable=missing-trailing-dot
    ; mxlint: disable-next-line=MX002, duplicate-target -- reason text is allowed after --
    ; mxlint: disable-file=all

``RULE`` is a rule name or code in any case, or ``all``; names are separated by commas.

- ``disable`` silences the listed rules on the record the comment is on;
- ``disable-next-line`` on the next line that is not blank or comment-only;
- ``disable-file`` in the whole file, wherever it is written.

A record that spans parentheses counts as one: a ``disable`` (or ``disable-next-line``) that
targets any of its lines silences diagnostics on all of them, from the record's first line
(where record-level diagnostics are reported) to the line with the closing parenthesis.

A comment that starts with ``mxlint:`` but does not parse (an unknown kind such as
``disabel=``, an empty list, a stray comma, text after the list without ``--``) is kept as a
directive of kind ``"malformed"``: :func:`unknown_names` reports it, :func:`apply` ignores it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from mxlint._patterns import lazy
from mxlint.model import Diagnostic
from mxlint.zonefile.lexical import comment_start as comment_start
from mxlint.zonefile.suppressions import ALL as ALL
from mxlint.zonefile.suppressions import KINDS as KINDS
from mxlint.zonefile.suppressions import MALFORMED as MALFORMED
from mxlint.zonefile.suppressions import MARK
from mxlint.zonefile.suppressions import Directive as Directive
from mxlint.zonefile.suppressions import scan as scan

if TYPE_CHECKING:
    from mxlint.check.registry import Registry
    from mxlint.model import Zone


_KIND_RE: re.Pattern[str] = lazy(  # at first use (start-up: ~0.5M instructions)
    r"\s*([A-Za-z][A-Za-z_-]*)",
)


def scan_zones(zones: Iterable[Zone]) -> dict[str, list[Directive]]:
    """Directives of every file the non-context ``zones`` read, keyed by displayed path.

    The loader scans each file while it has the text (``Zone.directives``): no second read.
    """
    out: dict[str, list[Directive]] = {}
    for zone in zones:
        if not zone.context:
            for path, found in zone.directives.items():
                out.setdefault(path, found)
    return out


# --------------------------------------------------------------------------- checking


def _known(name: str, registry: Registry) -> bool:
    return name.lower() == ALL or registry.get(name) is not None


def unknown_names(
    directives: Iterable[Directive], registry: Registry
) -> list[tuple[Directive, str]]:
    """``(directive, bad)`` for every name that is no rule name, code or ``all``, and for every
    malformed directive (``bad`` is then its text as written)."""
    out: list[tuple[Directive, str]] = []
    for d in directives:
        if d.kind == MALFORMED:
            out.append((d, d.text))
            continue
        out.extend((d, name) for name in d.rules if not _known(name, registry))
    return out


def describe(directive: Directive, bad_name: str, registry: Registry | None = None) -> str:
    """The message for one :func:`unknown_names` entry (``registry`` adds a suggestion)."""
    import difflib

    if directive.kind == MALFORMED:
        why = ""
        body = directive.text.lstrip(";").lstrip()[len(MARK) :]
        m = _KIND_RE.match(body)
        if m is None:
            why = " (it names no kind)"
        elif m.group(1).lower() not in KINDS:
            word = m.group(1)
            close = difflib.get_close_matches(word.lower(), KINDS, n=1, cutoff=0.6)
            why = f' ("{word}" is not disable, disable-next-line or disable-file'
            why += f'; did you mean "{close[0]}"?)' if close else ")"
        elif not (rest := body[m.end() :].lstrip()).startswith("="):
            why = f' ("=" must follow "{m.group(1)}")'
        elif not rest[1:].strip():
            why = " (it names no rule)"
        else:
            why = ' (separate rules with commas; a reason goes after " -- ")'
        return (
            f'malformed mxlint directive "{directive.text}"{why}; write '
            '"; mxlint: disable=RULE[,RULE]" (or disable-next-line=, disable-file=)'
        )
    hint = ""
    if registry is not None:
        names = {k.lower(): k for r in registry.rules for k in (r.name, r.code)}
        close = difflib.get_close_matches(bad_name.lower(), list(names), n=1, cutoff=0.75)
        if close:
            hint = f'; did you mean "{names[close[0]]}"?'
    return (
        f'unknown rule "{bad_name}" in "{directive.text}"{hint}; '
        "mxlint --list-rules shows the names"
    )


# --------------------------------------------------------------------------- applying


Use = tuple[Directive, str]  # a directive and one rule name as written in it


class _FileTable:
    """What one file's directives silence: rule keys (lower-case names, codes, ``all``), each
    with the directives (and the names in them) that ask for it."""

    def __init__(self, directives: Iterable[Directive], registry: Registry) -> None:
        self.whole: dict[str, list[Use]] = {}
        self.by_line: dict[int, dict[str, list[Use]]] = {}
        for d in directives:
            if d.kind == MALFORMED:
                continue
            keys: dict[str, list[Use]] = {}
            for name in d.rules:
                rule = registry.get(name)
                found: tuple[str, ...]
                if rule is not None:
                    found = (rule.code.lower(), rule.name.lower())
                else:
                    found = (name.strip().lower(),)  # "all", or a rule not loaded this run
                for key in found:
                    keys.setdefault(key, []).append((d, name))
            if d.kind == "disable-file":
                targets = [self.whole]
            elif d.first_line is not None and d.last_line is not None:
                targets = [
                    self.by_line.setdefault(n, {}) for n in range(d.first_line, d.last_line + 1)
                ]
            else:
                targets = []
            for table in targets:
                for key, uses in keys.items():
                    table.setdefault(key, []).extend(uses)

    def silencers(self, diag: Diagnostic) -> list[Use]:
        """Every directive name that silences ``diag`` (empty: it stays)."""
        code, name = diag.code.lower(), diag.rule.lower()
        out: list[Use] = []
        for keys in (self.whole, self.by_line.get(diag.line)):
            if keys:
                for key in (ALL, code, name):
                    out.extend(keys.get(key, ()))
        return out


def apply(
    diagnostics: Sequence[Diagnostic],
    directives_by_path: Mapping[str, list[Directive]],
    registry: Registry,
    used: set[Use] | None = None,
) -> list[Diagnostic]:
    """``diagnostics`` without those the directives silence (order kept).

    A diagnostic is matched to its file's directives by ``path`` (as loaded, normalised), and
    to the listed rules by code or name, case-insensitively. ``used``, when given, receives
    every ``(directive, name)`` that silenced something (for ``unused-suppression``).
    """
    grouped: dict[str, list[Directive]] = {}
    for path, directives in directives_by_path.items():
        if directives:
            grouped.setdefault(os.path.normpath(path), []).extend(directives)
    tables = {path: _FileTable(ds, registry) for path, ds in grouped.items()}
    if not tables:
        return list(diagnostics)
    norm: dict[str, str] = {}
    out: list[Diagnostic] = []
    for d in diagnostics:
        p = norm.get(d.path)
        if p is None:
            p = norm[d.path] = os.path.normpath(d.path)
        table = tables.get(p)
        silencers = table.silencers(d) if table is not None else []
        if not silencers:
            out.append(d)
        elif used is not None:
            used.update(silencers)
    return out
