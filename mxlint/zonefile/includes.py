"""Where an ``$INCLUDE`` may read, and which repository file a path names: the allowed roots
(the git work tree, or the folder being linted) and BIND's deployment paths matched by suffix."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Final

from mxlint._paths import work_tree

# --------------------------------------------------------------------------- include policy


def default_include_root(path: str) -> str:
    """The git work tree holding ``path``, or the file's own folder when there is none.

    Never the current folder: run from ``/``, that would let a zone include ``/etc/passwd``.
    """
    folder = os.path.dirname(os.path.realpath(path))
    return work_tree(folder) or folder


def _inside(real: str, roots: Sequence[str]) -> bool:
    return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


_SKIP_DIRS: Final = frozenset(("node_modules", "__pycache__"))
_MAX_INDEX_FILES: Final = 200_000
# root -> (when, base name -> real paths below it); kept a few seconds: a run reads it for
# every zone, a long-lived process (the language server) sees new files.
_BY_NAME: dict[str, tuple[float, dict[str, list[str]]]] = {}
_BY_NAME_SECONDS: Final = 5.0


def _by_name(root: str) -> dict[str, list[str]]:
    import time

    now = time.monotonic()
    cached = _BY_NAME.get(root)
    if cached is not None and now - cached[0] < _BY_NAME_SECONDS:
        return cached[1]
    found: dict[str, list[str]] = {}
    count = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
        for name in files:
            found.setdefault(name, []).append(os.path.join(folder, name))
        count += len(files)
        if count > _MAX_INDEX_FILES:
            break
    _BY_NAME[root] = (now, found)
    return found


def _parts(path: str) -> list[str]:
    return [p for p in path.replace("\\", "/").split("/") if p not in ("", ".", "..")]


def deployed(filename: str, roots: Sequence[str], near: str) -> str | None:
    """The repository file that an ``$INCLUDE`` of ``filename`` names when the path as
    written is not here: a deployment path (``/etc/bind/zones/inc/mx.inc``) or a path
    relative to named's ``directory`` (``ffhl/ffhl.include``), matched by its longest path
    suffix inside ``roots``, as server configurations' ``file`` paths are. Only a unique
    match counts (the nearest to ``near``, the including file, among equals); by its base
    name alone only when that name is a file name (``db.common``, not ``all``) that no other
    file of the repository has. ``None``: nothing here is that file."""
    want = _parts(filename)
    if not want:
        return None
    found: list[tuple[int, str]] = []
    for root in roots:
        for path in _by_name(os.path.realpath(root)).get(want[-1], ()):
            have = _parts(path)
            n = 0
            while n < min(len(want), len(have)) and want[-1 - n] == have[-1 - n]:
                n += 1
            found.append((n, path))
    found = list(dict.fromkeys(found))
    if not found:
        return None
    best = max(n for n, _ in found)
    chosen = [p for n, p in found if n == best]
    if best == 1 and ("." not in want[-1].strip(".") or len(found) > 1):
        return None
    if len(chosen) > 1:
        near_parts = _parts(near)

        def shared(p: str) -> int:
            have = _parts(p)
            i = 0
            while i < min(len(have), len(near_parts)) and have[i] == near_parts[i]:
                i += 1
            return i

        top = max(map(shared, chosen))
        chosen = [p for p in chosen if shared(p) == top]
    return chosen[0] if len(chosen) == 1 else None
