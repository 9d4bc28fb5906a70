"""Regular expressions compiled when first used.

Compiling a pattern costs about 0.5 M instructions; a run on a small zone costs some 330 M in
all. A pattern that only some files need (another server's dialect, a template, a script of
the repository) is written ``NAME = lazy(r"...")`` and compiled on its first use, so a small
zone does not pay for it (``tests/test_startup.py`` holds that).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal, cast, overload

__all__ = ["first_call", "lazy", "lazy_method"]


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


_Method = Literal["match", "search", "fullmatch"]


class _LazyMethod:
    __slots__ = ("_args", "_bound", "_method")

    def __init__(self, pattern: str | bytes, flags: int, method: _Method) -> None:
        self._args: tuple[Any, int] = (pattern, flags)
        self._method = method
        self._bound: Callable[..., Any] | None = None

    def __call__(self, *args: Any) -> Any:
        bound = self._bound
        if bound is None:
            bound = self._bound = getattr(re.compile(*self._args), self._method)
        return bound(*args)


@overload
def lazy_method(
    pattern: str, method: _Method, flags: int = 0
) -> Callable[[str], re.Match[str] | None]: ...


@overload
def lazy_method(
    pattern: bytes, method: _Method, flags: int = 0
) -> Callable[[bytes], re.Match[bytes] | None]: ...


def lazy_method(pattern: str | bytes, method: _Method, flags: int = 0) -> Callable[..., Any]:
    """``re.compile(pattern, flags).<method>`` (a bound ``match``, ``search`` or
    ``fullmatch``), the pattern compiled at the first call (for a pattern kept as its bound
    method, which :func:`lazy` would compile at once)."""
    return _LazyMethod(pattern, flags, method)


def first_call(
    namespace: dict[str, Any], name: str, pattern: str, method: str = "match"
) -> Callable[..., Any]:
    """A stand-in for the global ``name`` of ``namespace`` (a module's ``globals()``): at its
    first call it compiles ``pattern`` and puts the bound ``method`` in its own place, so that
    later calls go straight to the compiled pattern (no wrapper per call, unlike
    :func:`lazy_method`: for patterns on a hot path). A small zone calls few of them (a
    compiled pattern costs about 0.5 M instructions of start-up; tests/test_startup.py)."""

    def first(*args: Any) -> Any:
        bound = getattr(re.compile(pattern), method)
        namespace[name] = bound
        return bound(*args)

    return first
