"""Project configuration: ``.mxlint.yaml`` (or ``.mxlint.yml``), or ``[tool.mxlint]`` in
``pyproject.toml``.

Schema (every key optional; anything else is an error naming the file, line and key)::

    rules:                                  # rule name or code (any case) -> setting
      missing-trailing-dot: error           # a level: off | info | warning (warn) | error
      MX014: info
      stale-provider:                       # or a mapping: optional level plus options
        level: warning
        retired: ["mx.old-host.example."]
      unroutable-address: {private: true}   # options only: the level stays the default
    origins:                                # path glob -> origin, first match wins
      "zones/internal/*": corp.example.
    context: ["zones/**/*.zone"]            # zones loaded for lookups only
    exclude: ["zones/legacy/*"]             # never linted
    server-configs: ["bind/named.conf"]     # server configurations naming zone files
    baseline: .mxlint-baseline.json         # report only what this file does not record
    limits:                                 # raise or lower a limit (see mxlint.limits)
      generate-records: 5000000

``off`` means disabled. In YAML an unquoted ``off``/``no``/``false`` reads as a boolean false
and is taken as ``off``. Option values must have the type of the rule's declared default
(list, bool, dict, str, int; a float default also takes an int; a ``None`` default takes
anything); a list whose default holds elements of one type must hold that type.

The pyproject form takes the same keys under ``[tool.mxlint]`` (``[tool.mxlint.rules]``,
``[tool.mxlint.rules.stale-provider]``, ...). TOML reports no positions, so the line of an
offending key is found by scanning the file's ``[tool.mxlint...]`` tables (best effort; it
falls back to the table's header line).

Globs (``origins``, ``context``, ``exclude``) use ``/`` as separator: ``*`` and ``?`` match
within one path segment, ``[...]`` is a character class, ``**`` as a whole segment matches any
number of segments (elsewhere it is a ``*``), and a trailing ``/`` means everything below that
folder. Matching takes time proportional to the pattern's and the path's lengths, whatever the
pattern. See :func:`matches`.

yaml and tomllib are imported only when a configuration file is actually read.

Modules: :mod:`.schema` (:class:`Config`, :class:`RuleSetting`, :class:`ConfigError`, the keys
and levels), :mod:`.discovery` (which file: :func:`find_config`), :mod:`.files` (reading YAML
and TOML, with the line of each key), :mod:`.validation` (checking what was read, every mistake
in one run), :mod:`.globs` (per-file settings: :func:`matches`, :func:`origin_for`,
:func:`is_excluded`); this module holds :func:`load_config` and names them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mxlint import safeopen
from mxlint.config.discovery import find_config
from mxlint.config.globs import is_excluded, matches, origin_for
from mxlint.config.schema import (
    LEVEL_ALIASES,
    LEVELS,
    MAX_CONFIG_BYTES,
    PYPROJECT,
    TOP_KEYS,
    YAML_NAMES,
    Config,
    ConfigError,
    RuleSetting,
    did_you_mean,
)

if TYPE_CHECKING:
    from mxlint.config.files import MAX_DEPTH
    from mxlint.config.schema import Registry

__all__ = [
    "LEVELS",
    "LEVEL_ALIASES",
    "MAX_DEPTH",
    "PYPROJECT",
    "TOP_KEYS",
    "YAML_NAMES",
    "Config",
    "ConfigError",
    "RuleSetting",
    "did_you_mean",
    "find_config",
    "is_excluded",
    "load_config",
    "matches",
    "origin_for",
]


def __getattr__(name: str) -> Any:
    if name == "MAX_DEPTH":  # the reader's, imported when a file is read
        from mxlint.config import files

        return files.MAX_DEPTH
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------- loading


def load_config(path: str | None, registry: Registry) -> Config:
    """Read and validate the configuration at ``path`` (``None``: the defaults).

    ``*.toml`` files are read as ``[tool.mxlint]`` of a pyproject; anything else as YAML.
    Raises :class:`ConfigError` naming the file, line and offending key or value.
    """
    if path is None:
        return Config()
    try:
        raw = safeopen.read_bytes(path, MAX_CONFIG_BYTES)
    except safeopen.UnsafeFile as exc:
        raise ConfigError(f"cannot be read: {str(exc).removeprefix(path).lstrip()}", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot be read: {exc.strerror or exc}", path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError("is not UTF-8 text", path, line) from None
    text = text.removeprefix("\ufeff")
    # only when a file is read: reading and checking it (a run without one needs neither)
    from mxlint.config.files import _read_toml, _read_yaml
    from mxlint.config.validation import _Builder

    if path.lower().endswith(".toml"):
        data, locate = _read_toml(path, text)
    else:
        data, locate = _read_yaml(path, text)
    return _Builder(path, registry, locate).build(data)
