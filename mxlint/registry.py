"""Where the ``@rule`` decorator lived before the layout of 0.2: kept so that plugins written
against ``from mxlint.registry import rule`` still load. New code imports :mod:`mxlint.plugin`.
"""

from __future__ import annotations

from mxlint.check.registry import (
    ENTRY_POINT_GROUP,
    Context,
    Registry,
    RegistryError,
    Rule,
    rule,
)

__all__ = ["ENTRY_POINT_GROUP", "Context", "Registry", "RegistryError", "Rule", "rule"]
