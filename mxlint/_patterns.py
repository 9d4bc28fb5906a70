"""Regular expressions compiled when first used.

Compiling a pattern costs about 0.5 M instructions; a run on a small zone costs some 330 M in
all. A pattern that only some files need (another server's dialect, a template, a script of
the repository) is written ``NAME = lazy(r"...")`` and compiled on its first use, so a small
zone does not pay for it (``tests/test_startup.py`` holds that).
"""

from __future__ import annotations

import re
from typing import Any, cast

__all__ = ["lazy"]


class _LazyPattern:
    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(*self._args)
        return getattr(compiled, name)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done when the pattern is first used."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
