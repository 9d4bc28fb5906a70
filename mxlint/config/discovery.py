"""Finding the configuration: the first ``.mxlint.yaml``, ``.mxlint.yml`` or ``pyproject.toml``
with a ``[tool.mxlint]`` table, from a folder up to the filesystem root.
"""

from __future__ import annotations

import os

from mxlint.config.schema import PYPROJECT, YAML_NAMES


def _has_tool_table(path: str) -> bool:
    """Does this pyproject.toml configure mxlint?

    One that names mxlint but cannot be read, decoded or parsed counts as yes, so that
    :func:`load_config` reports it (exit 2 naming the file): a configuration silently ignored
    would run every check with the defaults.
    """
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError:
        return False
    if b"mxlint" not in raw:
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    import tomllib

    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return True
    tool = data.get("tool")
    return isinstance(tool, dict) and "mxlint" in tool


def find_config(start: str) -> str | None:
    """The configuration for ``start`` (a folder, or a file whose folder is used).

    From ``start`` up to the filesystem root, the first folder that holds ``.mxlint.yaml``,
    ``.mxlint.yml`` or a ``pyproject.toml`` with a ``[tool.mxlint]`` table wins; in one folder
    they are tried in that order. Returns an absolute path, or ``None``.
    """
    d = os.path.abspath(start)
    if os.path.isfile(d):
        d = os.path.dirname(d)
    while True:
        for name in YAML_NAMES:
            p = os.path.join(d, name)
            if os.path.isfile(p):
                return p
        p = os.path.join(d, PYPROJECT)
        if os.path.isfile(p) and _has_tool_table(p):
            return p
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent
