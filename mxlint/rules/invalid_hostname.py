import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Final

import dns.name

from mxlint._patterns import lazy_method
from mxlint.check.engine import Context
from mxlint.check.names import MxTargets, exchange_token, ip_literal, per_target
from mxlint.check.registry import rule
from mxlint.model import Finding


@functools.cache
def _ldh() -> Callable[[bytes], re.Match[bytes] | None]:
    """A valid host name label (compiled for the first target whose key is not one of valid
    labels: the others are told apart by :func:`_suspects`)."""
    return re.compile(rb"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$").match


# The shape of a placeholder left to be filled in (REPLACE_REGION, YOUR_DOMAIN, TOKEN_1):
# capital letters, digits and "_", with a capital first. Host names are written in lower case.
_PLACEHOLDER = lazy_method(rb"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$", "match")  # at first use


def _why(label: bytes) -> str:
    # The label as a zone file writes it (\000-style escapes), never raw control bytes.
    text = dns.name.Name((label,)).to_text(omit_final_dot=True)
    if b"_" in label:
        return f'label "{text}" has "_"'
    if label.startswith(b"-") or label.endswith(b"-"):
        return f'label "{text}" starts or ends with "-"'
    return f'label "{text}" has characters other than letters, digits and hyphens'


@rule("MX009", "invalid-hostname", "warning")
def invalid_hostname(ctx: Context) -> Iterator[Finding]:
    """An MX target that is not a valid host name.

    MX targets must be host names (RFC 5321 2.3.5, RFC 1123 2.1): labels of letters, digits
    and hyphens, not starting or ending with a hyphen. An underscore, a wildcard or other
    characters are legal in DNS data but not in a host name, and many mail servers refuse to
    deliver to such a target. Rename the host; a label written like a placeholder
    (``REPLACE_REGION``: capitals and ``_``) is said to look like one, to be filled in before the
    file is loaded.

    Bad::

        @  IN  MX  10 mail_1.example.com.
        @  IN  MX  20 -mx.example.com.

    Good::

        @  IN  MX  10 mail-1.example.com.
    """
    for rec, message in per_target(ctx.zone, _verdict, ctx.zones, _suspects):
        text = exchange_token(rec)
        if text is None or ip_literal(text) is None:  # an IP is ip-target's business
            yield Finding.at(rec, message, token=1)


def _verdict(exchange: dns.name.Name) -> str | None:
    ldh = _ldh()
    if all(map(ldh, exchange.labels[:-1])):
        return None  # most names: every label valid (the same test, without a Python loop)
    label = next((x for x in exchange.labels[:-1] if not ldh(x)), None)
    if label is None:
        return None
    if _PLACEHOLDER(label):
        advice = (
            f'"{label.decode("ascii")}" is written like a placeholder (capitals and "_"): put the '
            "real value in its place before the file is loaded, or rename the host"
        )
    else:
        advice = "rename the host"
    return (
        f'MX target "{exchange}" is not a valid host name: {_why(label)} (host names allow '
        "letters, digits and inner hyphens, RFC 1123 2.1), and many mail servers refuse such "
        f"a target; {advice}"
    )


@functools.cache
def _host_key() -> re.Pattern[bytes]:
    """A key (nkey: lower-cased labels, each followed by NUL) whose every label _ldh accepts
    (compiled for the first zone with a target that is not a host name)."""
    return re.compile(rb"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\x00)*")


# The bytes of such keys, with the newline between them; and what no such key holds: an
# empty label, a label starting or ending with "-".
_HOST_BYTES: Final = b"abcdefghijklmnopqrstuvwxyz0123456789-\x00\n"
_NOT_LDH: Final = (b"\x00\x00", b"\n\x00", b"\n-", b"\x00-", b"-\x00")


def _suspects(table: MxTargets) -> Iterable[int]:
    """The slots :func:`_verdict` may condemn, found for every target at once: those whose
    key is not a run of valid labels (most zones: none, told by one match of their keys
    joined). Exact while no label holds a NUL (one NUL per label boundary in all)."""
    keys = table.keys
    lines = table.lines()
    if sum(map(len, map(_LABELS, table.names))) - len(keys) != lines.count(b"\x00"):
        return range(len(keys))  # a label holds a NUL: ask about every target
    if (
        lines.count(b"\n") == len(keys) + 1  # no key holds a newline: one line per key
        and not lines.translate(None, _HOST_BYTES)
        and lines.count(b"\x00\n") == len(keys) - keys.count(b"")  # each ends its last label
        and not any(map(lines.__contains__, _NOT_LDH))
    ):
        return ()  # every label: letters, digits and inner hyphens (_ldh)
    return itertools.compress(
        range(len(keys)), map(operator.not_, map(_host_key().fullmatch, keys))
    )


_LABELS: Final = operator.attrgetter("labels")
