"""Directives: ``$ORIGIN`` as it was meant, and the ``; mxlint:`` comments of a file."""

from __future__ import annotations

import dns.name

from mxlint.model import (
    Zone,
)
from mxlint.zonefile.suppressions import scan


def _meant_origin(
    written: str, used: dns.name.Name, current: dns.name.Name
) -> dns.name.Name | None:
    """The name a relative ``$ORIGIN`` was meant as, when its expansion repeats the origin
    in force (``$ORIGIN dl.example.com`` under ``example.com.``), else None."""
    if written.endswith(".") or written == "@":
        return None
    tail = current.labels[:-1]
    n = len(used.labels) - len(current.labels)  # the labels written
    if not tail or n <= len(tail):
        return None
    written_labels = [label.lower() for label in used.labels[:n]]
    if written_labels[-len(tail) :] != [label.lower() for label in tail]:
        return None
    return dns.name.Name(used.labels[:n]).concatenate(dns.name.root)


def _directives(zone: Zone, path: str, text: str) -> None:
    """Keep the file's ``; mxlint:`` comments: scanned here, while the text is in memory."""
    if "mxlint:" in text:
        zone.directives[path] = scan(path, text)
