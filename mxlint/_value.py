"""A base for small value classes written out instead of made with ``@dataclass``.

A dataclass costs about a millisecond of start-up each (its methods are generated and
compiled when the module is imported), and a small zone's whole run is meant to cost no more
than importing dnspython's zone module (see tests/bench/). The classes a run always imports
are therefore written out: ``__slots__``, an ``__init__``, and this base's equality, hashing
and repr over the fields named in ``_fields``.
"""

from __future__ import annotations

from typing import Any


class Value:
    """Equality, hashing and repr over ``_fields``."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f) for f in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Value)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{self.__class__.__name__}({inner})"
