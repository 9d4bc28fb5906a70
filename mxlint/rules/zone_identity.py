from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.registry import rule
from mxlint.model import Finding, Problem, Zone


@rule("MX020", "zone-identity", "warning")
def zone_identity(ctx: Context) -> Iterator[Finding]:
    """What mxlint decided a file is, where that needs saying: not a zone, or a guessed origin.

    Each file's origin comes from the strongest evidence there is (``--origin``, ``origins:``
    in the configuration, a server configuration such as ``named.conf``, the SOA record, a
    ``$ORIGIN``, the file name). This rule says, once per file, as ``info``:

    - that an origin is only a guess (from a file name nothing in the file confirms), or
      unknown; then only checks that hold under any origin are reported, and the message
      says how to set it;
    - that a file is a template (``{{ serial }}``, ``<%= ... %>``, ``%%SERIAL%%``), or holds
      a word that the repository's own scripts fill in (``sed "s/{{rua}}/..."`` in a deploy
      script or CI workflow, ``envsubst``, a ``replace`` call), in any field, quoted or not,
      in the file or in one it ``$INCLUDE``s: the statements holding a placeholder, and the
      template language's own lines, are not linted; the rest is;
    - that several files hold one zone (the same origin): each is checked on its own, and
      lookups from other zones count only what every version agrees on (said once per zone);
      when server configurations give every one of those files (views, or a file given to
      many zones, such as a parked-domain file), the note names each file's declaration
      instead of guessing they are versions;
    - root hints named explicitly (not a zone to lint);
    - as a ``warning``, once per file, an ``$INCLUDE`` that cannot be read here (a file made on
      the server, a path outside the repository, a file that is not there): the zone is then
      incomplete, and the checks that conclude from an absence (``missing-address``,
      ``single-mx``, ``implicit-mx``, a missing dot judged by a name that does not exist)
      say nothing about names of that zone, in this file or in the other zones that look
      names up in it.

    A file named on the command line that is plainly not a zone file (prose, source code) gets
    one ``warning`` instead of a syntax error per line.

    Bad::

        ; db.internal: the file name is no domain, nothing names the origin
        @     IN  MX  10 mail
        mail  IN  A      192.0.2.25

    Good::

        $ORIGIN internal.example.com.
        @     IN  MX  10 mail
        mail  IN  A      192.0.2.25
    """
    zone = ctx.zone
    for note in zone.notes:
        yield Finding(note.path, note.line, 1, note.message, note.severity)
    yield from _unread_includes(zone)
    if zone.origin is None or zone.evidence.kind == "none":
        return
    versions = ctx.zones.versions(zone)
    if len(versions) < 2 or next(z for z in versions if not z.context) is not zone:
        return
    if all(z.evidence.kind == "server" for z in versions):
        # The server configurations say so (views, or one file given to many zones): each
        # file is named with the declaration that gives it, never guessed to be a version.
        others = ", ".join(f"{z.path} ({z.evidence.source})" for z in versions[1:])
        said = (
            f"zone {zone.origin} is loaded from {len(versions)} files, as the server "
            f"configurations say: this one ({zone.evidence.source}) and {others}"
        )
    else:
        others = ", ".join(z.path for z in versions[1:])
        said = (
            f"zone {zone.origin} is in {len(versions)} files: this one and {others} (versions "
            "of one zone?)"
        )
    yield Finding(
        zone.path,
        1,
        1,
        f"{said}; each file is checked on its own, and lookups from other zones count only "
        "what every file agrees on",
        "info",
    )


def _unread_includes(zone: Zone) -> Iterator[Finding]:
    """One warning per file for the ``$INCLUDE`` lines that could not be read here."""
    by_file: dict[str, list[Problem]] = {}
    for p in zone.problems:
        if p.kind == "include":
            by_file.setdefault(p.path, []).append(p)
    for path, found in by_file.items():
        first, more = found[0], found[1:]
        where = f"zone {zone.origin}" if zone.confirmed and zone.origin else "this zone"
        message = (
            f"{first.message}; so {where} is incomplete here and the checks that conclude "
            "from an absence (missing-address, implicit-mx, single-mx, a "
            "missing dot judged by a name that does not exist) were not run on its names, "
            "here or from other zones"
        )
        if more:
            lines = ", ".join(str(p.line) for p in more)
            plural = "s" if len(more) > 1 else ""
            message += (
                f"; {len(more)} more $INCLUDE{plural} in this file cannot be read either "
                f"(line{plural} {lines})"
            )
        yield Finding(path, first.line, first.col, message, "warning")
