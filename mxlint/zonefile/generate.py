"""``$GENERATE`` as BIND reads it: the range, the class, and the ``$``/``${offset,width,base}``
substitutions."""

from __future__ import annotations

from typing import Final

import dns.rdataclass

from mxlint._dnspython import syntax_error as _syntax
from mxlint._patterns import lazy
from mxlint.limits import DEFAULT as DEFAULT_LIMITS
from mxlint.limits import shorten

_GENERATE_RANGE_RE = lazy(r"\s*([+-]?\d+)-\s*([+-]?\d+)(?:/\s*([+-]?\d+))?")


# ${offset}, ${offset,width}, ${offset,width,base}, as BIND's
# sscanf("{%d%1[,}]%u%1[,}]%1[doxXnN]%1[}]") reads them
_GENERATE_MODIFIER_RE = lazy(r"\{\s*([+-]?\d+)(?:\}|,\s*([+-]?\d+)(?:\}|,([doxXnN])\}))")


_INT_MAX: Final = 2**31 - 1
# at first use: a $GENERATE with a date
_DATE = lazy(
    r"[0-9]{4}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])(?:[01][0-9]|2[0-3])[0-5][0-9][0-5][0-9]\Z"
)
_HEX_DIGITS: Final = "0123456789abcdef"


def _generate_range(text: str) -> tuple[int, int, int]:
    """BIND's ``sscanf(range, "%d-%d%1[/]%d")`` and its checks."""
    m = _GENERATE_RANGE_RE.match(text)
    # BIND takes "start-stop" or "start-stop/step": a slash without its step is refused.
    if m is not None and not text[m.end() :].startswith("/"):
        start, stop = int(m.group(1)), int(m.group(2))
        step = int(m.group(3)) if m.group(3) is not None else 1
        # BIND reads each with %d into an int: above 2^31-1 it refuses the range.
        if 0 <= start <= stop <= _INT_MAX and 1 <= step <= _INT_MAX:
            return start, stop, step
    raise _syntax(
        f"bad $GENERATE range '{shorten(text, DEFAULT_LIMITS.echo_chars)}'; write start-stop "
        f"or start-stop/step, with 0 <= start <= stop <= {_INT_MAX} and a step of 1 or more"
    )


def _generate_class(text: str) -> int | None:
    try:
        return int(dns.rdataclass.from_text(text))
    except Exception:
        return None


def _nibbles(value: int, width: int, upper: bool) -> str:
    """BIND's ``nibbles()``: the value's hex digits, least significant first, dot-separated,
    zero-filled to ``width`` characters (dots included)."""
    digits = _HEX_DIGITS.upper() if upper else _HEX_DIGITS
    out: list[str] = []
    while True:
        out.append(digits[value & 0x0F])
        value >>= 4
        if width > 0:
            width -= 1
        if width > 0 or value != 0:
            out.append(".")
            if width > 0:
                width -= 1
        if value == 0 and width <= 0:
            return "".join(out)


def _generate_text(template: str, counter: int) -> str:
    """Substitute the ``$GENERATE`` counter into ``template`` as BIND's ``genname()`` does.

    ``$`` is the counter, ``$$`` a literal ``$``, a backslash escape is copied as is, and
    ``${offset[,width[,base]]}`` prints ``counter + offset`` with C's ``%0<width><base>``:
    in bases o, x and X a negative value is its 32-bit two's complement, and in nibble mode
    (n, N) the value's hex digits come least significant first, one label each.
    """
    out: list[str] = []
    i = 0
    n = len(template)
    while i < n:
        c = template[i]
        if c == "\\":
            out.append(template[i : i + 2])
            i += 2
            continue
        if c != "$":
            out.append(c)
            i += 1
            continue
        i += 1
        if template.startswith("$", i):
            out.append("$")
            i += 1
            continue
        delta, width, base = 0, 0, "d"
        if template.startswith("{", i):
            m = _GENERATE_MODIFIER_RE.match(template, i)
            if m is None:
                end = template.find("}", i)
                written = template[i - 1 : end + 1] if end >= 0 else template[i - 1 :]
                raise _syntax(
                    f"bad $GENERATE modifier '{written}'; write ${{offset}}, "
                    "${offset,width} or ${offset,width,base} with base d, o, x, X, n or N"
                )
            delta = int(m.group(1))
            if m.group(2) is not None:
                width = int(m.group(2))
            if m.group(3) is not None:
                base = m.group(3)
            i = m.end()
        if counter > 0 and delta > _INT_MAX - counter:
            raise _syntax(f"$GENERATE offset {delta} makes a number that is too large")
        value = counter + delta
        if not 0 <= width < 128:
            raise _syntax(f"$GENERATE width {width} is too large (at most 127)")
        if base in "nN":
            text = _nibbles(value & 0xFFFFFFFF, width, base == "N")
        elif base == "d":
            text = format(value, f"0{width}d")
        else:
            text = format(value & 0xFFFFFFFF, f"0{width}{base}")
        if len(text) >= 128:
            raise _syntax(f"$GENERATE makes a number that is too long ({text})")
        out.append(text)
    return "".join(out)


# --------------------------------------------------------------------------- entry point
