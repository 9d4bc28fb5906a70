"""How much work one zone file may cause: the limits policy, in one place.

A linter run on pull requests reads files written by strangers, so every kind of work that a
few bytes of input can multiply is bounded. The defaults are far above what real zones need
(the root zone has about 20,000 records; a 1,000,000-record zone loads untouched) and each can
be raised or lowered, in the configuration file::

    limits:                      # .mxlint.yaml; or [tool.mxlint.limits] in pyproject.toml
      generate-records: 5000000

or on the command line (which wins): ``mxlint --limit generate-records=5000000 ...``.

Hitting a limit is one ``limit-exceeded`` (MX025) diagnostic at the line that hit it; the run
goes on with the next statement (``$GENERATE``, ``$INCLUDE`` depth) or the next file (records,
bytes). Overlong zone text quoted in a message is cut short with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from mxlint._value import Value

#: name -> (default, what it bounds). The names are those of the configuration and ``--limit``.
LIMITS: Final[Mapping[str, tuple[int, str]]] = {
    "generate-records": (
        1_000_000,
        "records the $GENERATE lines of one zone file may make together, with what it "
        "includes (BIND itself refuses range values above 2147483647 but sets no count; a "
        "/16 of reverse records is 65,536)",
    ),
    "file-records": (
        10_000_000,
        "records one zone file may hold, with what it includes and generates",
    ),
    "file-bytes": (
        1 << 30,
        "bytes one zone file may have (1 GiB), each included file counted on its own",
    ),
    "include-depth": (16, "how deeply $INCLUDE files may nest"),
    "echo-chars": (
        200,
        "characters of zone text that a message quotes before cutting it short with an ellipsis",
    ),
}


class Limits(Value):
    """The limits in force. Field names are the limit names with ``_`` for ``-``."""

    __slots__ = ("echo_chars", "file_bytes", "file_records", "generate_records", "include_depth")
    _fields = ("generate_records", "file_records", "file_bytes", "include_depth", "echo_chars")

    def __init__(
        self,
        generate_records: int = LIMITS["generate-records"][0],
        file_records: int = LIMITS["file-records"][0],
        file_bytes: int = LIMITS["file-bytes"][0],
        include_depth: int = LIMITS["include-depth"][0],
        echo_chars: int = LIMITS["echo-chars"][0],
    ) -> None:
        self.generate_records = generate_records
        self.file_records = file_records
        self.file_bytes = file_bytes
        self.include_depth = include_depth
        self.echo_chars = echo_chars

    def with_values(self, values: Mapping[str, int]) -> Limits:
        """A copy with ``values`` (keyed by limit name) set; the names must be known."""
        fields = dict(zip(self._fields, self._values(), strict=True))
        for name, value in values.items():
            field = name.replace("-", "_")
            if field not in fields:
                raise TypeError(f"unknown limit {name!r}")
            fields[field] = value
        return Limits(**fields)

    def how_to_raise(self, name: str) -> str:
        return f"raise it with --limit {name}=N, or limits: {{{name}: N}} in .mxlint.yaml"


DEFAULT: Final = Limits()


def check_value(name: str, value: object) -> str | None:
    """What is wrong with ``value`` for limit ``name``, or ``None`` if it can be used."""
    if name not in LIMITS:
        return f"unknown limit {name!r} (the limits are {', '.join(LIMITS)})"
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return f"limit {name} must be a whole number of at least 1, not {value!r}"
    return None


def parse_option(text: str) -> tuple[str, int]:
    """``NAME=VALUE`` of ``--limit``; raises ValueError saying what is wrong."""
    name, eq, value = text.partition("=")
    name = name.strip().lower()
    if not eq:
        raise ValueError(f"--limit takes NAME=VALUE (the limits are {', '.join(LIMITS)})")
    try:
        number: object = int(value.strip().replace("_", ""))
    except ValueError:
        number = value
    why = check_value(name, number)
    if why is not None:
        raise ValueError(why)
    assert isinstance(number, int)
    return name, number


def shorten(text: str, limit: int = DEFAULT.echo_chars) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, so a 10 MB token is never echoed."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 1)] + "…"


def cap_message(message: str, limit: int = DEFAULT.echo_chars) -> str:
    """The safety net for every message: past ``16 * limit + 400`` characters (room for three
    255-octet names with every byte escaped) keep its start and its end, where the hint is."""
    room = 16 * limit + 400
    if len(message) <= room:
        return message
    half = room // 2
    return message[:half] + " … " + message[-half:]
