from collections.abc import Iterator

from mxlint.check.engine import Context
from mxlint.check.registry import rule
from mxlint.model import Finding


@rule("MX031", "smtp-probe", "error")
def smtp_probe(ctx: Context) -> Iterator[Finding]:
    """An MX host that does not take mail as its records promise (``--probe-smtp``).

    Only with ``--probe-smtp``: each address of each MX host is asked over SMTP (port 25,
    ``--smtp-port`` to change it) for its 220 greeting, ``EHLO``, ``STARTTLS``, its
    certificate, then ``QUIT``; no mail is ever sent. Reported at the host's MX record:

    - it refuses connections, or accepts them but does not speak SMTP: a placeholder, not
      a mail server (a backup MX that takes no mail; warning);
    - it greets or answers ``EHLO`` with an error (warning);
    - it offers no ``STARTTLS``, or the TLS handshake fails (warning; error when the zones
      hold TLSA records for it: DANE senders then defer all mail to it);
    - its certificate matches none of its DANE-EE TLSA records (error), or, without TLSA,
      names another host (warning: MTA-STS senders refuse it). DANE-TA (2) records are not
      checked: they need the issuer's certificate, which the probe does not collect.

    The addresses come from the loaded zones; a host outside them is looked up with the
    system's resolver.

    A host that cannot be reached before the deadline is ``info`` ("could not be reached":
    port 25 is often blocked on the way out). Each conversation has a deadline (15 s by
    default), the whole probe another (120 s), and at most 8 hosts are asked at
    once.

    Bad (``backup`` accepts connections and closes them)::

        @       IN  MX  10 mail
        @       IN  MX  20 backup

    Good (both greet with 220, offer STARTTLS and present a certificate for their name)::

        @       IN  MX  10 mail
        @       IN  MX  20 mail2
    """
    # Runs in mxlint.stages.smtp (it needs the network), not per zone in the engine.
    return iter(())
