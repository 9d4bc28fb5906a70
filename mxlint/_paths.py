"""Where a path sits: below the readers (the loader's include policy) and the walk alike."""

from __future__ import annotations

import os


def work_tree(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` that holds a ``.git`` (file or folder)."""
    current = os.path.abspath(folder)
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent
