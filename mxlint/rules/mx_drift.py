from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.registry import rule
from mxlint.model import Finding


@rule("MX023", "mx-drift", "warning")
def mx_drift(ctx: Context) -> Iterator[Finding]:
    """The zone's authoritative servers serve other MX records than the file (``--online``).

    Only with ``--online``: each linted zone's servers (``--server HOST[:PORT]``, else the
    zone's NS records with the addresses from glue or a lookup) are asked, without recursion,
    for the MX records of the apex and of every owner with MX records in the file. A served
    set that differs from the file means the servers have not loaded this version yet (deploy
    it, with a higher serial) or were changed outside the repository (bring the file up to
    date). The message lists both sets and names the servers.

    A server that does not answer, answers SERVFAIL or REFUSED, or is not authoritative for
    the zone is reported as ``info`` ("could not check"), never as an error.

    Bad (the file says, while the servers still serve ``10 mail.example.com.``)::

        @  IN  MX  10 mail2

    Good (what the servers serve)::

        @  IN  MX  10 mail
    """
    # Runs in mxlint.stages.online (it needs the network), not per zone in the engine.
    return iter(())
