from collections.abc import Callable, Iterator, Mapping, Sequence

from mxlint.check.engine import Context
from mxlint.check.registry import Registry, Rule, rule
from mxlint.model import Finding
from mxlint.stages import suppress

CODE = "MX021"
#: Rules whose verdict needs more than the loaded files (a git base revision, the network):
#: that they found nothing in one run says nothing, so their suppressions are never judged.
STAGED = frozenset(("MX022", "MX023", "MX024", "MX031", "MX032"))
#: Rules that look at the file's own zone only. The others also read the other loaded zones
#: (where an MX target lives, what the dotless name would mean): in a run over named files
#: (a pre-commit hook passes only the changed ones) those zones may be missing, so their
#: suppressions are judged only in files found by walking a folder.
LOCAL = frozenset(
    ("MX000", "MX002", "MX005", "MX006", "MX007", "MX008", "MX009", "MX010", "MX011", "MX017")
)
#: Rules the online stage also reports on: without ``--online`` they did not run in full.
ONLINE = frozenset(("MX003", "MX004"))

# (path of the file holding the directive, rule) -> was the rule run there, in full?
Judged = Callable[[str, Rule], bool]


@rule(CODE, "unused-suppression", "warning")
def unused_suppression(ctx: Context) -> Iterator[Finding]:
    """An inline ``; mxlint: disable`` directive that silenced nothing in this run.

    A suppression outlives its reason: the record is fixed, deleted or moved, and the comment
    stays, ready to hide the next real problem on that line without anyone noticing. Like
    ruff's ``unused-noqa``, mxlint reports each directive (``disable``,
    ``disable-next-line``, ``disable-file``) naming a rule that reported nothing where the
    directive points; when only some of its rules are unused, the message names them and
    says what to write instead.

    So as never to report a suppression the user still needs, only rules that ran in full
    are judged: not a rule switched off in this run (by configuration, ``--disable``, or off
    by default), not ``all``, not a name no rule answers to (``invalid-directive`` reports
    those, such as a plugin's rule when the plugin is not installed), not the rules that need
    git history or the network (``serial-not-increased``, ``mx-drift``,
    ``server-serial-ahead``; ``missing-address`` and ``cname-target`` without ``--online``),
    and, in files named on the command line rather than found in a folder (a pre-commit
    hook's changed files), not the rules that read other zones, which may not be loaded.
    This rule's own name in a directive silences its report there.

    Bad (the target has its dot now)::

        @  IN  MX  10 mail.example.com.  ; mxlint: disable=missing-trailing-dot

    Good::

        @  IN  MX  10 mail.example.com.
    """
    # Runs in mxlint.api after suppressions (it needs to know which directives silenced
    # something), not per zone in the engine: see findings().
    return iter(())


_WHERE = {
    "disable": "on this record",
    "disable-next-line": "on the next record",
    "disable-file": "in this file",
}


def _label(r: Rule | None, name: str) -> str:
    return name if r is None else f"{r.name} ({r.code})"


def findings(
    directives_by_path: Mapping[str, Sequence[suppress.Directive]],
    used: set[suppress.Use],
    registry: Registry,
    judged: Judged,
) -> list[Finding]:
    """A finding at each directive naming a judged rule that silenced nothing."""
    out: list[Finding] = []
    for path, directives in directives_by_path.items():
        for d in directives:
            if d.kind == suppress.MALFORMED:
                continue
            unused: list[str] = []
            for name in d.rules:
                r = registry.get(name)
                if r is None or r.code == CODE or (d, name) in used or not judged(path, r):
                    continue
                unused.append(name)
            if unused:
                out.append(Finding(d.path, d.line, d.col, _message(d, unused, registry)))
    return out


def _message(d: suppress.Directive, unused: Sequence[str], registry: Registry) -> str:
    names = [_label(registry.get(n), n) for n in unused]
    where = _WHERE[d.kind]
    listed = ", ".join(names)
    plural = "s" if len(names) > 1 else ""
    kept = [n for n in d.rules if n not in unused]
    written = f"; mxlint: {d.kind}={','.join(d.rules)}"
    if not kept:
        return (
            f'suppression "{written}" silenced nothing: no {listed} diagnostic{plural} {where} '
            "in this run; delete the comment (a stale suppression hides the next real problem)"
        )
    rewritten = f"; mxlint: {d.kind}={','.join(kept)}"
    return (
        f'suppression "{written}" need not name {listed}: no such diagnostic {where} in this '
        f'run; write "{rewritten}"'
    )
