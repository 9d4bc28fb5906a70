"""Build hook: the rule pages (rules/<name>/README.md) ship in the wheel as
mxlint/_pages/<name>.md, so ``mxlint --explain`` and the language server point at a page on
the user's disk, offline. Everything else is in pyproject.toml.

``MXLINT_COMPILE=1`` at build time also compiles the hot modules (:data:`COMPILED`) to C
extensions with mypyc (shipped with mypy, which the build then needs: install it and build
with ``pip install --no-build-isolation``), and builds the fast path's matcher of the usual
line, written in C (``mxlint/zonefile/_linematch.c``; the pure build reads the same lines
with a regular expression, and tests/test_linematch.py compares the two). Without it (the
default, and what ``pip install git+...`` and pre-commit do) the wheel is pure Python and needs
no C compiler. A compiled
module's ``.py`` ships beside its extension; ``mxlint --version`` says which build runs.
"""

import os
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# The hot path of a run: tokenizing and loading records, the name index, the rule engine.
# Left out, and why: mxlint.model (rules hold weak references to its ZoneSet, which a
# native class does not take without mypyc_attr(supports_weakrefs=True)); the tokenizer
# subclasses dnspython's Python Tokenizer; the front ends, configuration, identity and
# reports run once a run.
COMPILED = [
    "mxlint/zonefile/lexical.py",
    "mxlint/zonefile/lines.py",
    "mxlint/zonefile/loader.py",
    "mxlint/zonefile/fastpath.py",
    "mxlint/zonefile/statements.py",
    "mxlint/zonefile/directives.py",
    "mxlint/zonefile/state.py",
    "mxlint/check/names.py",
    "mxlint/check/engine.py",
]


class BuildWithPages(build_py):
    def run(self) -> None:
        super().run()
        dest = Path(self.build_lib, "mxlint", "_pages")
        for page in sorted(Path("rules").glob("*/README.md")):
            dest.mkdir(parents=True, exist_ok=True)
            (dest / f"{page.parent.name}.md").write_bytes(page.read_bytes())


def compiled_modules() -> list:  # type: ignore[type-arg]
    if os.environ.get("MXLINT_COMPILE", "") not in ("1", "true", "yes"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        raise SystemExit(
            "MXLINT_COMPILE=1 needs mypyc (part of mypy) where the build runs: "
            "pip install mypy setuptools, then pip install --no-build-isolation ."
        ) from None

    from setuptools import Extension

    # and the fast path's matcher of the usual line, in C (mxlint/zonefile/_linematch.c)
    matcher = Extension("mxlint.zonefile._linematch", ["mxlint/zonefile/_linematch.c"])
    return [*mypycify(COMPILED, opt_level="3", strict_dunder_typing=False), matcher]


setup(cmdclass={"build_py": BuildWithPages}, ext_modules=compiled_modules())
