"""The fast path's usual line matched in C: the compiled build only (_linematch.c)."""

LineParts = tuple[
    str | None, int, str | None, str | None, str, str | None, str | None, str | None, int, int, int
]

def one_byte(text: str) -> bool: ...
def line_at(text: str, pos: int) -> LineParts | None: ...
