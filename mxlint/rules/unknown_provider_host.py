from collections.abc import Iterator

import dns.name

from mxlint.check.engine import Context
from mxlint.check.names import MxTargets, mx_targets, per_target
from mxlint.check.providers import Catalogue
from mxlint.check.registry import rule
from mxlint.model import Finding, name_text
from mxlint.rules.stale_provider import catalogue_for


@rule("MX018", "unknown-provider-host", "warning")
def unknown_provider_host(ctx: Context) -> Iterator[Finding]:
    """An MX target that looks like a provider's host but is none it publishes: a typo.

    A host inside a known provider's MX domain that the provider does not publish, or a host
    one or two edits away from a published one (``atl1.aspmx.l.google.com`` for ``alt1``), does
    not exist: mail to it is silently lost while the other MX hosts hide the problem. The
    message names the nearest published host. The catalogue is the one ``stale-provider``
    uses, extended by that rule's ``providers`` option. Names inside loaded zones are the
    zone owner's own hosts and are only checked against provider domains. A misspelt host is
    reported here only, not also by ``stale-provider`` as a second provider's.

    Bad::

        @  IN  MX  1  aspmx.l.google.com.
        @  IN  MX  5  atl1.aspmx.l.google.com.

    Good::

        @  IN  MX  1  aspmx.l.google.com.
        @  IN  MX  5  alt1.aspmx.l.google.com.
    """
    options = ctx.options_of("MX007")  # stale-provider's catalogue, read at the first target
    table = mx_targets(ctx.zone, ctx.zones)
    check = lambda x: verdict(ctx, table, catalogue_for(options), x)  # noqa: E731
    for rec, message in per_target(ctx.zone, check, ctx.zones):
        yield Finding.at(rec, message, token=1)


def verdict(
    ctx: Context, table: MxTargets, catalogue: Catalogue, exchange: dns.name.Name
) -> str | None:
    """Why ``exchange`` is a typo of a provider's host, or None (stale-provider asks too: a
    misspelt host is this rule's, not a second provider's)."""
    host = name_text(exchange)
    provider = catalogue.provider_of(host)
    # A name inside a loaded zone that no provider claims is the zone owner's own host: no
    # typo search (a published host, at distance 0 below, always has a provider).
    if provider is None and table.target(table.slot_of(exchange), ctx.zones).zone is not None:
        return None
    near = catalogue.nearest(host)  # distance 0: the host is published (exact or pattern)
    if near is not None and near[1] == 0:
        return None
    if near is not None:
        owner = catalogue.provider_of(near[0])
        who = f" of {owner.name}" if owner else ""
        return (
            f'MX target "{host}" is not a published MX host{who}, but is {near[1]} '
            f'edit{"s" if near[1] > 1 else ""} away from "{near[0]}": a typo sends mail '
            f'nowhere; write "{near[0]}"'
        )
    if provider is not None:
        return (
            f'MX target "{host}" is inside {provider.name}\'s MX domain but is none of the '
            f"hosts it publishes (see {provider.sources[0]}); copy the MX host from the "
            "provider's setup page"
        )
    return None
