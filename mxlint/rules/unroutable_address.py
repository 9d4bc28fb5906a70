import functools
import ipaddress
import itertools
import operator
from collections.abc import Callable, Iterator
from typing import Final

import dns.name

from mxlint.check.engine import Context
from mxlint.check.names import MxTargets, exchange_defect, mx_targets, per_target
from mxlint.check.registry import rule
from mxlint.model import Finding, ZoneSet, nkey

# RFC 6761 names that never resolve, and Microsoft 365's domain-verification MX suffix,
# which exists only to be looked up by Microsoft and accepts no mail.
_SPECIAL_NAMES = tuple(
    (n, nkey(dns.name.from_text(n))) for n in ("localhost.", "invalid.", "invalid.outlook.com.")
)
_SPECIAL_KEYS = tuple(k for _, k in _SPECIAL_NAMES)  # every key at or below one ends so
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@functools.cache
def _classify(text: str, private: bool) -> str | None:
    """Why an address can never deliver mail from the Internet, or None (cached: MX hosts
    are shared by many names)."""
    if not private and ":" not in text:
        quad = _quad(text)
        if quad is not None:
            return _never_routable_v4(quad)  # (most addresses: no ipaddress object made)
    ip = _parse(text)
    return _never_routable(ip) or (_private(ip) if private else None)


def _quad(text: str) -> int | None:
    """The dotted quad ``text`` as one number, read as :func:`_parse` reads it, or None."""
    import _socket

    try:
        return int.from_bytes(_socket.inet_pton(_socket.AF_INET, text))
    except OSError:
        return None


def _never_routable_v4(n: int) -> str | None:
    """:func:`_never_routable` of the IPv4 address ``n`` (its ranges, as ``ipaddress`` has
    them: 0.0.0.0, 127/8, 169.254/16, 224/4, 255.255.255.255)."""
    if n == 0:
        return "unspecified"
    if n >> 24 == 127:
        return "loopback"
    if n >> 16 == 0xA9FE:
        return "link-local"
    if n >> 28 == 0xE:
        return "multicast"
    if n == 0xFFFFFFFF:
        return "broadcast"
    return None


def _parse(text: str) -> Address:
    """``ipaddress.ip_address(text)``: a dotted quad read by ``inet_pton`` (in C; it accepts
    exactly the quads ``ipaddress`` does: four decimal octets, no leading zeros), the rest by
    ``ipaddress``)."""
    if ":" not in text:
        # the small C module that socket re-exports (as mxlint.zonefile.loader reads AAAA records):
        # imported here, where an address is classified, not with the rules
        import _socket

        try:
            return ipaddress.IPv4Address(_socket.inet_pton(_socket.AF_INET, text))
        except OSError:
            pass
    return ipaddress.ip_address(text)


def _never_routable(a: Address) -> str | None:
    if a.is_unspecified:
        return "unspecified"
    if a.is_loopback:
        return "loopback"
    if a.is_link_local:
        return "link-local"
    if a.is_multicast:
        return "multicast"
    if isinstance(a, ipaddress.IPv4Address) and a == _BROADCAST:
        return "broadcast"
    return None


def _private(a: Address) -> str | None:
    if a.is_private or (isinstance(a, ipaddress.IPv4Address) and a in _CGNAT):
        return "private or documentation"
    return None


_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")
_BROADCAST = ipaddress.IPv4Address(0xFFFFFFFF)  # 255.255.255.255


@rule("MX012", "unroutable-address", "warning", options={"private": False})
def unroutable_address(ctx: Context) -> Iterator[Finding]:
    """An MX target that can never receive mail from the Internet.

    Reported when the target resolves, in the loaded zones, only to loopback, unspecified,
    link-local, multicast or broadcast addresses, or when it is ``localhost`` or under
    ``.invalid`` (RFC 6761), such as a forgotten ``*.msv1.invalid.outlook.com`` verification
    MX. Senders either fail at once or deliver to themselves. Private and documentation
    ranges are legitimate in internal zones; set the option ``private: true`` to flag them too.

    Bad::

        @     IN  MX  10 mail
        @     IN  MX  20 abc.msv1.invalid.outlook.com.
        mail  IN  A      127.0.0.1

    Good::

        @     IN  MX  10 mail
        mail  IN  A      203.0.113.25
    """
    origin = ctx.zone.origin
    if origin is None:
        return
    private = bool(ctx.options.get("private", False))
    table = mx_targets(ctx.zone, ctx.zones)
    check = lambda x: _verdict(ctx, table, x, private)  # noqa: E731
    for rec, message in per_target(ctx.zone, check, ctx.zones, _suspects(ctx.zones)):
        if not exchange_defect(rec, ctx.zones):
            yield Finding.at(rec, message, token=1)


def _verdict(ctx: Context, table: MxTargets, exchange: dns.name.Name, private: bool) -> str | None:
    """Why mail to ``exchange`` can never be delivered, or None."""
    slot = table.slot_of(exchange)
    key = table.keys[slot]  # nkey(exchange)
    special = None
    if key.endswith(_SPECIAL_KEYS):  # most names: no special suffix at all
        special = next(
            (text for text, k in _SPECIAL_NAMES if key == k or key.endswith(b"\x00" + k)), None
        )
    if special is not None:
        return (
            f'MX target "{exchange}" is under "{special}", a name that never accepts '
            "mail (RFC 6761, or a Microsoft 365 verification record); no mail can be "
            "delivered to it (a leftover verification or test record?); remove it"
        )
    t = table.target(slot, ctx.zones)  # ctx.zones.target(exchange, ctx.zone)
    if not t.addresses or not all(v.addresses for v in t.each()):
        return None  # a version without addresses: missing-address's business, if anyone's
    addrs = t.addresses
    kinds: list[tuple[str, str]] = []
    for a in addrs:
        why = _classify(a.address, private)
        if why is None:
            return None
        kinds.append((a.address, why))
    if not kinds:
        return None
    shown = ", ".join(f"{ip} ({why})" for ip, why in kinds)
    return (
        f'MX target "{exchange}" resolves only to {shown} (at {addrs[0].where()}), '
        "which no sender on the Internet can deliver to; give the host a public "
        "address or remove the MX"
    )


def _suspects(zones: ZoneSet) -> Callable[[MxTargets], list[int]]:
    """The slots :func:`_verdict` may condemn: a target under a special name, or inside a
    loaded zone (one outside them all has no address here), found for every target at once."""

    def suspects(table: MxTargets) -> list[int]:
        keys, lines = table.keys, table.lines()
        if not any(
            b"\x00" + k + b"\n" in lines or b"\n" + k + b"\n" in lines for k in _SPECIAL_KEYS
        ):
            return table.within(zones)  # no key is a special name's or below one
        special = itertools.compress(range(len(keys)), map(_ENDS_SPECIAL, keys))
        return sorted({*special, *table.within(zones)})

    return suspects


_ENDS_SPECIAL: Final = operator.methodcaller("endswith", _SPECIAL_KEYS)
