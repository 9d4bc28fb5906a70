from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import dns.name

from mxlint.check.engine import Context
from mxlint.check.names import MxTargets, mx_targets
from mxlint.check.provider_hosts import catalogue_for, may_provide, typo_verdict
from mxlint.check.registry import rule
from mxlint.model import Finding, Record, name_text

if TYPE_CHECKING:  # (the catalogue's module is imported only where a zone needs it)
    from mxlint.check.providers import Catalogue, Provider


def _validate(options: Mapping[str, Any]) -> None:
    catalogue_for(options)  # a bad providers entry raises ValueError naming it


_UNKNOWN: Any = object()  # not looked up yet


@rule(
    "MX007",
    "stale-provider",
    "warning",
    options={"retired": [], "providers": []},
    validate=_validate,
)
def stale_provider(ctx: Context) -> Iterator[Finding]:
    """One name's MX set mixes mail providers, or lists a host marked as retired.

    After a migration the old provider's MX records are often left behind: senders then
    split mail between the new mailbox and one nobody reads any more. A filtering gateway
    (Mimecast, Proofpoint, ...) beside a provider's direct hosts is the same mistake in
    another form: spam goes around the filter through the direct host. The hosts are
    recognised from a catalogue of providers' published MX hosts shipped with mxlint
    (option ``providers`` extends it); option ``retired`` lists host patterns
    (``mx.old-host.example.``, ``*.oldmail.example.``) that must not appear at all. The
    minority side (or the direct hosts beside a gateway) is reported, naming both providers.
    A misspelt provider host is ``unknown-provider-host``'s alone and counts for no provider.

    Bad::

        @  IN  MX  1  smtp.google.com.
        @  IN  MX  10 example-com.mail.protection.outlook.com.

    Good::

        @  IN  MX  1  smtp.google.com.
    """
    catalogue: Catalogue | None = None  # read only for an owner with two MX hosts or more
    retired = [str(p).lower() for p in ctx.options.get("retired") or ()]
    retired = [p if p.endswith(".") else p + "." for p in retired]
    table = mx_targets(ctx.zone, ctx.zones)
    host = table.text
    providers: dict[str, Provider | None] = {}  # by host text, for this zone
    typos: dict[str, bool] = {}  # by host text: unknown-provider-host reports it
    known: set[bytes] | None = None  # owners with two hosts of known providers or more
    if not retired and table.single():
        return  # every owner has one MX record: no mix (the test of every owner at once)
    sets: Iterable[list[Record]]
    if retired:
        sets = ctx.zone.mx_by_owner().values()
    else:  # only a mix can be reported: it takes two hosts of known providers
        if not any(may_provide(ctx.options, table.texts())):
            return  # no target may be a provider's host (most zones: no catalogue read)
        catalogue = catalogue_for(ctx.options)
        known = _known(table, catalogue, providers)
        # the owners with two MX records or more of known providers, in the order of
        # mx_by_owner (only their records are made)
        sets = map(table.group, filter(known.__contains__, table.owners()))
    for group in sets:
        recs = [r for r in group if len(r.exchange.labels) > 1]  # not the null MX
        if not recs:
            continue
        for r in recs if retired else ():
            pat = next((p for p in retired if fnmatch.fnmatchcase(host(r), p)), None)
            if pat is not None:
                yield Finding.at(
                    r,
                    f'MX target "{host(r)}" matches the retired host pattern "{pat}" '
                    "(stale-provider option retired); mail sent there is lost or read by "
                    "nobody; remove this record",
                    token=1,
                )
        if len(recs) < 2:
            continue  # one host mixes no providers
        if catalogue is None:
            catalogue = catalogue_for(ctx.options)
        groups: dict[str, tuple[Provider, list[Record]]] = {}
        for r in recs:
            text = host(r)
            p = providers.get(text, _UNKNOWN)
            if p is _UNKNOWN:
                p = providers[text] = catalogue.provider_of(text)
            if p is not None and not _misspelt(ctx, table, catalogue, r, typos):
                groups.setdefault(p.name, (p, []))[1].append(r)
        if len(groups) < 2:
            continue
        yield from _mixed(recs[0].owner, list(groups.values()), table)


def _misspelt(
    ctx: Context, table: MxTargets, catalogue: Catalogue, r: Record, typos: dict[str, bool]
) -> bool:
    """A host that unknown-provider-host reports as a typo (one token, one diagnostic: the
    typo is its cause, and the other hosts still show a mix of providers)."""
    text = table.text(r)
    found = typos.get(text)
    if found is None:
        found = typos[text] = typo_verdict(ctx, table, catalogue, r.exchange) is not None
    return found


def _known(
    table: MxTargets, catalogue: Catalogue, providers: dict[str, Provider | None]
) -> set[bytes]:
    """The owner keys with two MX records or more whose host belongs to a known provider
    (a target's slot is known if any spelling of it is; ``providers`` caches by text)."""
    known = [False] * len(table.names)
    spellings = list(table.spellings)
    # table.text of the records holding each Name; provider_of is None for a host the
    # catalogue surely does not concern: the hosts are screened at once, in C (most targets
    # are no provider's), as unknown-provider-host screens them
    if len(spellings) == len(table.names):  # each target spelt one way: the names
        texts = table.texts()
        concerned = set(table.concerning(catalogue))
    else:
        texts = [name_text(name, table.keys[slot]) for name, slot in spellings]
        concerned = set(catalogue.concerning(texts))
    for i, (name, slot) in enumerate(spellings):
        if known[slot] or len(name.labels) == 1:  # the null MX has no provider
            continue
        text = texts[i]
        p = providers.get(text, _UNKNOWN)
        if p is _UNKNOWN:
            p = providers[text] = catalogue.provider_of(text) if i in concerned else None
        known[slot] = p is not None
    if not any(known):
        return set()
    seen: set[bytes] = set()
    owners: set[bytes] = set()
    for key, slot in zip(table.owner_keys(), table.slots, strict=True):
        if known[slot]:
            if key in seen:
                owners.add(key)
            else:
                seen.add(key)
    return owners


def _mixed(
    owner: dns.name.Name, groups: list[tuple[Provider, list[Record]]], table: MxTargets
) -> Iterator[Finding]:
    _host = table.text
    gateways = [g for g in groups if g[0].kind == "gateway"]
    direct = [g for g in groups if g[0].kind != "gateway"]
    if gateways and direct:
        gw = " and ".join(p.name for p, _ in gateways)
        for p, recs in direct:
            for r in recs:
                yield Finding.at(
                    r,
                    f'MX target "{_host(r)}" ({p.name}) is listed beside the filtering gateway '
                    f"{gw} at {owner}: senders can deliver straight to {p.name} and skip the "
                    f"filter; remove the direct host and let {gw} forward the mail",
                    token=1,
                )
        if len(gateways) < 2:
            return
        groups = gateways

    def weight(g: tuple[Provider, list[Record]]) -> tuple[int, int]:
        best = min(r.preference for r in g[1])
        return (len(g[1]), -best)

    ranked = sorted(groups, key=weight, reverse=True)
    main = ranked[0][0]
    for p, recs in ranked[1:]:
        for r in recs:
            yield Finding.at(
                r,
                f'MX target "{_host(r)}" belongs to {p.name}, but the other MX hosts of '
                f"{owner} belong to {main.name}: senders split mail between two providers "
                f"(a leftover from a migration?); remove the {p.name} records if {main.name} "
                "is the current one",
                token=1,
            )
