from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import dns.name

from mxlint.check.engine import Context
from mxlint.check.names import MxTargets, mx_targets, per_target
from mxlint.check.provider_hosts import catalogue_for, may_provide, typo_verdict
from mxlint.check.registry import rule
from mxlint.model import Finding

if TYPE_CHECKING:  # (the catalogue's module is imported only where a zone needs it)
    from mxlint.check.providers import Catalogue


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
    catalogue: list[Catalogue] = []

    def check(exchange: dns.name.Name) -> str | None:
        if not catalogue:
            catalogue.append(catalogue_for(options))
        return typo_verdict(ctx, table, catalogue[0], exchange)

    def suspects(table: MxTargets) -> list[int]:
        # typo_verdict is None unless the catalogue concerns the host: asked of every
        # target at once (no catalogue read for a zone without a target but the null MX)
        names = table.names
        if not names or (len(names) == 1 and len(names[0].labels) == 1):
            return []
        # Every target the zone owner's own host (inside a loaded zone) and none that may be
        # a provider's: typo_verdict is None for each (most small zones: no catalogue read).
        if (
            not any(may_provide(options, table.texts()))
            and len(table.within(ctx.zones)) == len(names)
            and all(table.target(s, ctx.zones).zone is not None for s in range(len(names)))
        ):
            return []
        if not catalogue:
            catalogue.append(catalogue_for(options))
        return table.concerning(catalogue[0])

    for rec, message in per_target(ctx.zone, check, ctx.zones, suspects):
        yield Finding.at(rec, message, token=1)
