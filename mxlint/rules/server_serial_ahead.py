from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.registry import rule
from mxlint.model import Finding


@rule("MX024", "server-serial-ahead", "warning")
def server_serial_ahead(ctx: Context) -> Iterator[Finding]:
    """A server serves the zone with a higher serial than the file (``--online``).

    Only with ``--online``: the zone's authoritative servers are asked for its SOA. A served
    serial greater than the file's (RFC 1982 arithmetic) means the repository is behind the
    servers: someone changed the zone on a server, or dynamic updates did. Deploying the file
    as it is would lose those changes, and its lower serial would keep the secondaries from
    transferring it. Bring the file up to date and give it a serial above the served one.

    Bad (the servers serve serial 2026112905)::

        @  IN  SOA  ns1.example.net. hostmaster.example.com. 2026112801 7200 3600 1209600 300

    Good::

        @  IN  SOA  ns1.example.net. hostmaster.example.com. 2026112906 7200 3600 1209600 300
    """
    # Runs in mxlint.stages.online (it needs the network), not per zone in the engine.
    return iter(())
