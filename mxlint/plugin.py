"""The plugin interface: what a third-party rule imports.

A rule is a function decorated with :func:`rule`, taking a :class:`Context` and yielding
:class:`Finding` objects, published under the entry-point group ``mxlint.rules``::

    from mxlint.plugin import Finding, rule

    @rule("ACME001", "low-preference", "warning")
    def low_preference(ctx):
        \"\"\"MX preference below 5 (house style).\"\"\"
        for rec in ctx.zone.mx_records():
            if rec.preference < 5:
                yield Finding.at(rec, "preference below 5", token=0)

These names stay here whatever moves inside the package.
"""

from __future__ import annotations

from mxlint.check.registry import ENTRY_POINT_GROUP, Context, Rule, rule
from mxlint.model import Finding

__all__ = ["ENTRY_POINT_GROUP", "Context", "Finding", "Rule", "rule"]
