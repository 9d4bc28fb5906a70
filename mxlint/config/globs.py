"""Per-file settings: the path globs of ``origins``, ``context`` and ``exclude``, matched in time
proportional to the pattern's and the path's lengths (:func:`matches`).
"""

from __future__ import annotations

import functools
import os
import re
from typing import Final

from mxlint.config.schema import Config

# --------------------------------------------------------------------------- globs


# A glob is matched one path segment at a time: ``**`` segments by a walk over the segments,
# every other segment by a regular expression in which each ``*`` but the last is an atomic
# lazy scan (as in ``fnmatch``), so no pattern can make the match backtrack exponentially:
# the time is about (pattern length) x (path length).

_GLOBSTAR: Final = None


def _segment_re(part: str) -> re.Pattern[str]:
    """One segment of a glob (no ``/``): ``*``, ``?``, ``[...]`` and literal text."""
    chunks: list[list[str]] = [[]]  # fixed-length pieces between stars
    i, n = 0, len(part)
    while i < n:
        c = part[i]
        if c == "*":
            if chunks[-1] or len(chunks) == 1:
                chunks.append([])
            i += 1
            continue
        if c == "?":
            chunks[-1].append(".")
        elif c == "[":
            j = i + 1
            if j < n and part[j] in "!^":
                j += 1
            if j < n and part[j] == "]":
                j += 1
            while j < n and part[j] != "]":
                j += 1
            if j >= n:
                chunks[-1].append(re.escape(c))
            else:
                body = part[i + 1 : j]
                if body[:1] in ("!", "^"):
                    body = "^" + body[1:]
                chunks[-1].append("[" + body.replace("\\", "\\\\") + "]")
                i = j
        else:
            chunks[-1].append(re.escape(c))
        i += 1
    out = ["".join(chunks[0])]
    stars = chunks[1:]
    for k, chunk in enumerate(stars, 1):
        text = "".join(chunk)
        if k < len(stars):
            out.append(f"(?=(?P<g{k}>.*?{text}))(?P=g{k})")
        else:
            out.append(".*" + text)
    return re.compile("".join(out) + r"\Z", re.S)


@functools.lru_cache(maxsize=256)
def _glob_parts(pattern: str) -> tuple[re.Pattern[str] | None, ...]:
    pat = pattern.replace(os.sep, "/")
    while pat.startswith("./"):
        pat = pat[2:]
    if pat.endswith("/"):
        pat += "**"
    parts: list[re.Pattern[str] | None] = []
    for part in pat.split("/"):
        if part == "**":
            if not parts or parts[-1] is not _GLOBSTAR:
                parts.append(_GLOBSTAR)
        else:
            parts.append(_segment_re(part))
    return tuple(parts)


def _glob_match(pattern: str, path: str) -> bool:
    """Does the whole of ``pattern`` match ``path`` (both with ``/`` separators)?

    ``**`` as a whole segment matches any number of segments (a last one: at least one, so
    ``dir/`` means everything below ``dir``); ``*`` and ``?`` stay within one segment.
    """
    parts = _glob_parts(pattern)
    last = len(parts) - 1

    def closure(states: set[int]) -> set[int]:
        todo = list(states)
        while todo:
            i = todo.pop()
            if i < last and parts[i] is _GLOBSTAR and i + 1 not in states:
                states.add(i + 1)
                todo.append(i + 1)
        return states

    states = closure({0})
    for seg in path.split("/"):
        nxt: set[int] = set()
        for i in states:
            if i > last:
                continue
            part = parts[i]
            if part is _GLOBSTAR:
                nxt.add(i)
                if i == last:
                    nxt.add(i + 1)
            elif part.match(seg):
                nxt.add(i + 1)
        if not nxt:
            return False
        states = closure(nxt)
    return len(parts) in states


def _norm(path: str) -> str:
    p = os.path.normpath(path).replace(os.sep, "/")
    return p


def matches(pattern: str, path: str, base: str | None = None) -> bool:
    """Does ``pattern`` match ``path``?

    The whole pattern must match one of: the path as given (normalised, ``./`` dropped), the
    path relative to ``base`` (the configuration's folder) when it lies below it, or the file's
    base name. So ``*.internal.zone`` matches in any folder, while ``zones/internal/*`` is
    anchored at the configuration folder (or the current folder, for relative paths).
    """
    given = _norm(path)
    if _glob_match(pattern, given) or _glob_match(pattern, os.path.basename(given)):
        return True
    if base is not None:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
        if rel != ".." and not rel.startswith(".." + os.sep) and _glob_match(pattern, _norm(rel)):
            return True
    return False


def origin_for(config: Config, path: str) -> str | None:
    """The origin of the first ``origins`` glob that :func:`matches` ``path``, else ``None``."""
    base = config.base_dir
    for glob, origin in config.origins:
        if matches(glob, path, base):
            return origin
    return None


def is_excluded(config: Config, path: str) -> bool:
    """True if an ``exclude`` glob :func:`matches` ``path``."""
    base = config.base_dir
    return any(matches(glob, path, base) for glob in config.exclude)
