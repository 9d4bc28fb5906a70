from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.registry import rule
from mxlint.model import Finding


@rule("MX022", "serial-not-increased", "error")
def serial_not_increased(ctx: Context) -> Iterator[Finding]:
    """A zone whose records changed since the base git revision while its serial did not increase.

    Secondary servers ask the primary for the SOA serial and transfer the zone only when it
    is greater than theirs (RFC 1982 serial arithmetic): with the same serial, a lower one, or
    one 2^31 or more above the old, the change never reaches them, and mail keeps going to the
    old MX hosts from half of the name servers.

    This rule needs git, not just the file: it compares each linted zone with its version in a
    base revision (``--base REF``, e.g. the target branch in CI, else ``HEAD``: the staged
    content in a pre-commit run, the uncommitted changes by hand). Records are compared, not
    bytes: a comment or whitespace edit needs no new serial. A change in an ``$INCLUDE``\\ d
    file counts for the zones that include it; a renamed file is compared with its old name;
    new files and files outside git have nothing to compare with. The message suggests the
    serial to write: today's ``YYYYMMDDnn`` when the file follows that convention, else the
    old serial + 1.

    Bad (the MX changed, the serial did not)::

        -@  IN SOA ns1.example.net. hostmaster.example.com. 2026112801 7200 3600 1209600 300
        -@  IN MX  10 mail.example.com.
        +@  IN SOA ns1.example.net. hostmaster.example.com. 2026112801 7200 3600 1209600 300
        +@  IN MX  10 mail2.example.com.

    Good::

        +@  IN SOA ns1.example.net. hostmaster.example.com. 2026112901 7200 3600 1209600 300
        +@  IN MX  10 mail2.example.com.
    """
    # Runs in mxlint.stages.serial (it needs the base revision), not per zone in the engine.
    return iter(())
