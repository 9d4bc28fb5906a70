from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.registry import rule
from mxlint.model import Finding


@rule("MX032", "mx-propagation", "info", enabled=False)
def mx_propagation(ctx: Context) -> Iterator[Finding]:
    """A resolver still serves another MX set than the file (``--online --resolver``).

    Off by default (``--enable mx-propagation``); only with ``--online`` and resolvers named
    with ``--resolver HOST[:PORT]``: each is asked
    (recursion desired) for the MX records of every owner with MX records in the file. One
    that answers another set still holds the old one in its cache; the message says how
    many seconds its copy has left (the TTL of its answer) and when the change will be
    visible at every resolver asked. A new MX set takes that long to reach every sender:
    keep the old hosts taking mail until then. A resolver that does not answer is said so.

    Bad (the file says, while a resolver still has ``10 mail.example.com.`` cached)::

        @  IN  MX  10 mail2

    Good (what the resolvers serve)::

        @  IN  MX  10 mail
    """
    # Runs in mxlint.stages.propagation (it needs the network), not per zone in the engine.
    return iter(())
