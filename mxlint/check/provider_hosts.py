"""What two rules ask of the providers' catalogue: the catalogue a rule's options make, and
whether an MX target is a misspelt provider host (stale-provider and unknown-provider-host
share it, so one token gets one diagnostic)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import dns.name

from mxlint.check.names import MxTargets
from mxlint.check.registry import Context
from mxlint.model import name_text

if TYPE_CHECKING:
    from mxlint.check.providers import Catalogue

_extended: list[tuple[object, Catalogue]] = []  # the last (providers option, catalogue)
_ends: list[frozenset[str] | None] = []  # the bundled catalogue's provider_ends, once read


def may_provide(options: Mapping[str, Any], hosts: Sequence[str]) -> list[bool]:
    """For each host text, False only when :meth:`Catalogue.provider_of` is surely None for
    it in :func:`catalogue_for`'s catalogue: its last two labels end no provider's host,
    pattern or domain (:func:`mxlint.check.providers.provider_ends`, written out with the
    bundled catalogue). Asked before the catalogue is read, which most zones then never do.
    With the ``providers`` option every host may be a provider's."""
    if options.get("providers"):
        return [True] * len(hosts)
    if not _ends:
        from mxlint.check._providers_data import ENDS

        _ends.append(None if ENDS is None else frozenset(ENDS))
    ends = _ends[0]
    if ends is None:
        return [True] * len(hosts)
    return [".".join(h.lower().rstrip(".").rsplit(".", 2)[-2:]) in ends for h in hosts]


def catalogue_for(options: Mapping[str, Any]) -> Catalogue:
    """The bundled catalogue, extended by the rule option ``providers`` when given.

    Two rules ask for it on every zone; an extended one is built once per option value (kept
    alive here, so its identity names it) and keeps its per-host lookup caches.
    """
    from mxlint.check.providers import load_catalogue

    extra: Sequence[Mapping[str, Any]] = options.get("providers") or ()
    if not extra:
        return load_catalogue()
    if _extended and _extended[0][0] is extra:
        return _extended[0][1]
    catalogue = load_catalogue(list(extra))
    _extended[:] = [(extra, catalogue)]
    return catalogue


def typo_verdict(
    ctx: Context, table: MxTargets, catalogue: Catalogue, exchange: dns.name.Name
) -> str | None:
    """Why ``exchange`` is a typo of a provider's host, or None (stale-provider asks too: a
    misspelt host is this rule's, not a second provider's)."""
    slot = table.slot_of(exchange)
    host = name_text(exchange, table.keys[slot])
    if not catalogue.concerns(host):
        return None  # no provider's and near none (most hosts): a few set lookups
    provider = catalogue.provider_of(host)
    # A name inside a loaded zone that no provider claims is the zone owner's own host: no
    # typo search (a published host, at distance 0 below, always has a provider).
    if provider is None and table.target(slot, ctx.zones).zone is not None:
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
