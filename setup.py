"""Build hook: the rule pages (rules/<name>/README.md) ship in the wheel as
mxlint/_pages/<name>.md, so ``mxlint --explain`` and the language server point at a page on
the user's disk, offline. Everything else is in pyproject.toml."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithPages(build_py):
    def run(self) -> None:
        super().run()
        dest = Path(self.build_lib, "mxlint", "_pages")
        for page in sorted(Path("rules").glob("*/README.md")):
            dest.mkdir(parents=True, exist_ok=True)
            (dest / f"{page.parent.name}.md").write_bytes(page.read_bytes())


setup(cmdclass={"build_py": BuildWithPages})
