"""Rule documentation: plain text for ``--explain``, Markdown pages, and the link to them.

A rule's docstring is its documentation (first line: summary; ``Bad::``/``Good::`` blocks:
examples). This module turns it into plain text for the terminal and into
``rules/<name>/README.md`` pages, generated together with the rule's options and its tested
``bad.zone``/``good.zone`` examples. ``rule_url`` is the one place that builds a rule's link;
``--explain``, SARIF ``helpUri``, the language server's ``codeDescription`` and every other
front end use it. The project's home is defined once, ``[project.urls] Homepage`` in
pyproject.toml, and read here from the installed package's metadata (``home_url``).

Regenerate the pages after changing a rule::

    python -m mxlint.docs            # writes rules/<name>/README.md
    python -m mxlint.docs --check    # exit 1 and name the stale pages, write nothing
"""

from __future__ import annotations

import argparse
import functools
import inspect
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mxlint.check.registry import Rule

#: The home when the package metadata cannot be read (a source tree that was never
#: installed). It must equal pyproject.toml's ``Homepage`` (a test checks): a placeholder in
#: the reserved ``.invalid`` domain until a release sets the real repository (RELEASING.md).
FALLBACK_HOME = "https://example.invalid/mxlint"


@functools.cache
def home_url() -> str:
    """The project's home: ``Homepage`` of ``[project.urls]`` in the installed metadata."""
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        try:
            urls = metadata("mxlint").get_all("Project-URL") or []
        except PackageNotFoundError:
            urls = []
    except ImportError:  # pragma: no cover - importlib.metadata is in the standard library
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "homepage" and url.strip():
            return url.strip().rstrip("/")
    return FALLBACK_HOME


def __getattr__(name: str) -> str:
    if name == "REPOSITORY_URL":  # the name front ends imported before home_url existed
        return home_url()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

_CATEGORY = {"error": "correctness", "warning": "reliability", "info": "maintainability"}
_LITERAL = re.compile(r"``(.+?)``")
_EXAMPLE_HEAD = re.compile(r"^(\w.*?)::$")


def is_builtin(r: Rule) -> bool:
    return r.origin.startswith("mxlint.rules")


def rule_url(r: Rule) -> str | None:
    """The rule's documentation page, or None for a third-party rule (no page of ours)."""
    return f"{home_url()}/blob/main/rules/{r.name}/README.md" if is_builtin(r) else None


def page_path(r: Rule) -> Path | None:
    """The rule's page on this machine: shipped in the wheel as ``mxlint/_pages/<name>.md``
    (setup.py copies it), or ``rules/<name>/README.md`` in a source tree; None for a
    third-party rule or when neither is there."""
    if not is_builtin(r):
        return None
    here = Path(__file__).resolve().parent
    for path in (here / "_pages" / f"{r.name}.md", here.parent / "rules" / r.name / "README.md"):
        if path.is_file():
            return path
    return None


def rule_tags(r: Rule) -> list[str]:
    """Tags for code scanning filters: ``mx``, ``dns`` and a category from the default level."""
    return ["dns", "mx", _CATEGORY[r.severity]]


def _docstring(r: Rule) -> str:
    return inspect.cleandoc(r.check.__doc__ or "")


def _blocks(doc: str) -> list[tuple[str, str]]:
    """The docstring as ("text", paragraph) and ("example:Heading", code) blocks."""
    out: list[tuple[str, str]] = []
    lines = doc.splitlines()
    i = 0
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append(("text", " ".join(s.strip() for s in para)))
            para.clear()

    while i < len(lines):
        line = lines[i]
        head = _EXAMPLE_HEAD.match(line.strip())
        if head and not line.startswith(" "):
            flush()
            i += 1
            code: list[str] = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith(" ")):
                code.append(lines[i])
                i += 1
            heading = _LITERAL.sub(r"\1", head.group(1))
            out.append((f"example:{heading}", inspect.cleandoc("\n".join(code))))
            continue
        if line.strip():
            para.append(line)
        else:
            flush()
        i += 1
    flush()
    return out


def plain_text(r: Rule) -> str:
    """The docstring without reST markup: ``Bad:`` headings, literals without backticks."""
    parts: list[str] = []
    for kind, body in _blocks(_docstring(r)):
        if kind == "text":
            import textwrap

            parts.append(textwrap.fill(_LITERAL.sub(r"\1", body), width=92))
        else:
            parts.append(f"{kind.split(':', 1)[1]}:\n\n" + _indent(body))
    return "\n\n".join(parts)


def _indent(code: str) -> str:
    return "\n".join(("    " + s).rstrip() for s in code.splitlines())


def explain(r: Rule) -> str:
    """``mxlint --explain``: heading, plain-text documentation, options and the link."""
    state = "on" if r.enabled else "off by default"
    text = f"{r.code} {r.name} ({r.severity}, {state})\n\n{plain_text(r)}\n"
    if r.options:
        text += "\nOptions (configuration file):\n"
        text += "".join(f"  {k}: {json.dumps(v)}\n" for k, v in r.options.items())
    page = page_path(r)
    if page is not None:
        text += f"\nPage with tested examples (offline): {page}\n"
    url = rule_url(r)
    if url:
        text += f"\nDocumentation: {url}\n"
    return text


def help_markdown(r: Rule) -> str:
    """The docstring as Markdown (SARIF ``help.markdown`` and the pages)."""
    parts: list[str] = []
    for kind, body in _blocks(_docstring(r)):
        if kind == "text":
            parts.append(_LITERAL.sub(r"`\1`", body))
        else:
            parts.append(f"{kind.split(':', 1)[1]}:\n\n```dns\n{body}\n```")
    return "\n\n".join(parts)


def page(r: Rule, examples: Path | None) -> str:
    """``rules/<name>/README.md``: title, level, documentation, options, tested examples."""
    source = r.origin.replace(".", "/") + ".py"
    state = "on by default" if r.enabled else "off by default (`--enable " + r.name + "`)"
    lines = [
        f"# {r.name} ({r.code})",
        "",
        f"<!-- Generated by `python -m mxlint.docs` from {source}; do not edit. -->",
        "",
        f"**Level:** {r.severity}, {state}.",
        "",
        help_markdown(r),
        "",
    ]
    if r.options:
        lines += ["## Options", "", "| option | default |", "| --- | --- |"]
        lines += [f"| `{k}` | `{json.dumps(v)}` |" for k, v in r.options.items()]
        lines += [
            "",
            "Set them in `.mxlint.yaml`:",
            "",
            "```yaml",
            "rules:",
            f"  {r.name}:",
            f"    level: {r.severity}",
            *(f"    {k}: {json.dumps(v)}" for k, v in r.options.items()),
            "```",
            "",
        ]
    lines += [
        "## Switch it off",
        "",
        f"`mxlint --disable {r.name}`, `{r.name}: off` under `rules:` in `.mxlint.yaml`, or on",
        f"one record: `; mxlint: disable={r.name}` in its comment.",
        "",
    ]
    if examples is not None:
        titles = {
            "bad.zone": "the lines marked `; expect:` are reported",
            "good.zone": "nothing is reported",
        }
        for name, title in titles.items():
            path = examples / name
            if path.is_file():
                lines += [
                    f"## [{name}]({name}): {title} (checked by the test suite)",
                    "",
                    "```dns",
                    path.read_text(encoding="utf-8").rstrip("\n"),
                    "```",
                    "",
                ]
    return "\n".join(lines)


def generate(root: Path) -> dict[Path, str]:
    """Every built-in rule's page under ``root/rules``, by path."""
    from mxlint.check.registry import Registry

    pages: dict[Path, str] = {}
    for r in Registry.load(plugins=False).rules:
        folder = root / "rules" / r.name
        pages[folder / "README.md"] = page(r, folder)
    return pages


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m mxlint.docs", description=__doc__.split("\n")[0])
    p.add_argument("--root", default=".", help="the repository (default: this folder)")
    p.add_argument("--check", action="store_true", help="only report stale pages (exit 1)")
    args = p.parse_args(argv)
    root = Path(args.root)
    if not (root / "rules").is_dir():
        print(f"mxlint.docs: no {root}/rules folder: run from the repository", file=sys.stderr)
        return 2
    stale = []
    for path, text in generate(root).items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "stale" if args.check else "written"
    for path in stale:
        print(f"{verb}: {os.path.relpath(path)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
