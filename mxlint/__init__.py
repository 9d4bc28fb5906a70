"""mxlint: an offline linter for MX records in BIND-style zone files.

``mxlint.lint(paths, options) -> Result`` runs the whole pipeline (see :mod:`mxlint.api`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["LintError", "Options", "Result", "__version__", "lint"]

if TYPE_CHECKING:
    from mxlint.api import LintError, Options, Result, lint
else:  # before anything imports dnspython: its feature probe without importlib.metadata
    from mxlint import _features

    _features.install()
    del _features


def __getattr__(name: str) -> Any:
    # Lazy: ``import mxlint`` (the command line's first step) must not import dnspython.
    if name in ("lint", "Options", "Result", "LintError"):
        from mxlint import api

        return getattr(api, name)
    raise AttributeError(name)
