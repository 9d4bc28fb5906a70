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

from mxlint.check.registry import Registry, Rule

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
            return str(url).strip().rstrip("/")
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


def summary_text(r: Rule) -> str:
    """The docstring's first line without reST markup (JSON, SARIF, --list-rules)."""
    return _LITERAL.sub(r"\1", r.summary)


def plain_text(r: Rule) -> str:
    """The docstring without reST markup: ``Bad:`` headings, literals without backticks."""
    parts: list[str] = []
    for kind, body in _blocks(_docstring(r)):
        if kind == "text":
            import textwrap

            parts.append(textwrap.fill(_LITERAL.sub(r"\1", body), width=92, break_on_hyphens=False))
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
        # Zones both examples are linted beside (--context): another zone the rule looks in.
        context = sorted((examples / "context").glob("*.zone"))
        for path in context:
            rel = f"context/{path.name}"
            lines += [
                f"## [{rel}]({rel}): loaded beside both (`--context context`), not linted",
                "",
                "```dns",
                path.read_text(encoding="utf-8").rstrip("\n"),
                "```",
                "",
            ]
    return "\n".join(lines)


def generate(root: Path) -> dict[Path, str]:
    """Every built-in rule's page under ``root/rules``, and the manual page shipped in the
    package (``mxlint/man/mxlint.1``), by path."""
    from mxlint.options import build_parser

    pages: dict[Path, str] = {}
    for r in Registry.load(plugins=False).rules:
        folder = root / "rules" / r.name
        pages[folder / "README.md"] = page(r, folder)
    pages[root / MAN_PAGE] = man_page(build_parser())
    return pages


# --------------------------------------------------------------------------- the command line

#: The manual page, generated from the argument parser and shipped in the package;
#: ``mxlint --man`` prints its path (``man "$(mxlint --man)"``).
MAN_PAGE = "mxlint/man/mxlint.1"


def _options_of(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if a.option_strings and a.help != argparse.SUPPRESS]


def _metavar(a: argparse.Action) -> str:
    if a.nargs == 0:
        return ""
    if a.metavar is not None:
        return str(a.metavar)
    if a.choices is not None:
        return "{" + ",".join(str(c) for c in a.choices) + "}"
    return str(a.dest).upper()


def _help(a: argparse.Action) -> str:
    text = str(a.help or "")
    return text % {"default": a.default, "prog": "mxlint"} if "%(" in text else text


def _roff(text: str) -> str:
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(
        ("\\&" + line) if line[:1] in (".", "'") else line for line in text.split("\n")
    )


def man_page(parser: argparse.ArgumentParser) -> str:
    """``mxlint(1)`` in roff, from the parser: every option with its help, exit status."""
    from mxlint import __version__

    out = [
        f'.TH MXLINT 1 "" "mxlint {__version__}" "User Commands"',
        ".SH NAME",
        "mxlint \\- " + _roff(str(parser.description or "").rstrip(".")),
        ".SH SYNOPSIS",
        ".B mxlint",
        "[\\fIOPTION\\fR]... \\fIPATH\\fR...",
        ".br",
        ".B mxlint",
        "\\fB\\-\\fR [\\fB\\-\\-stdin\\-filename\\fR \\fIPATH\\fR] [\\fIOPTION\\fR]...",
        ".br",
        ".B mxlint lsp",
        ".SH DESCRIPTION",
        _roff(
            "mxlint reads BIND-style zone files and reports what is wrong with their MX "
            "records, each with its file, line and column, offline. PATH is a zone file "
            "(whatever its name) or a folder, walked for zone files; - reads one zone from "
            "standard input. mxlint lsp starts the language server for editors on standard "
            "input and output."
        ),
        ".SH OPTIONS",
    ]
    for a in _options_of(parser):
        names = ", ".join(f"\\fB{_roff(o)}\\fR" for o in a.option_strings)
        meta = _metavar(a)
        out += [".TP", names + (f" \\fI{_roff(meta)}\\fR" if meta else ""), _roff(_help(a))]
    out += [
        ".SH EXIT STATUS",
        ".TP",
        "0",
        "No diagnostic at or above \\fB\\-\\-fail\\-level\\fR (default: error).",
        ".TP",
        "1",
        "At least one such diagnostic (or one of a \\fB\\-\\-fail\\-on\\fR rule), or "
        "\\fB\\-\\-diff\\fR printed changes.",
        ".TP",
        "2",
        "A usage error: a bad option, a missing path, an unknown rule, a bad configuration.",
        ".SH FILES",
        _roff(
            ".mxlint.yaml, or [tool.mxlint] in pyproject.toml: the nearest one above each zone "
            "file. mxlint --explain RULE documents a rule; mxlint --list-rules lists them."
        ),
        ".SH SEE ALSO",
        "\\fBnamed\\-checkzone\\fR(1)",
        _roff(home_url()),
        "",
    ]
    return "\n".join(out)


def completion(shell: str, parser: argparse.ArgumentParser) -> str:
    """A completion script for ``bash``, ``zsh`` or ``fish``, from the parser: every option,
    the values of options with choices, files for the rest."""
    actions = _options_of(parser)
    if shell == "bash":
        words = " ".join(o for a in actions for o in a.option_strings)
        cases = "".join(
            f"        {'|'.join(a.option_strings)}) "
            f'COMPREPLY=($(compgen -W "{" ".join(map(str, a.choices))}" -- "$cur")); return;;\n'
            for a in actions
            if a.choices is not None
        )
        return (
            "# bash completion for mxlint (generated by mxlint --completion bash)\n"
            "_mxlint() {\n"
            '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"\n'
            '    case "$prev" in\n'
            f"{cases}"
            "    esac\n"
            '    if [[ "$cur" == -* ]]; then\n'
            f'        COMPREPLY=($(compgen -W "{words}" -- "$cur"))\n'
            "    else\n"
            '        COMPREPLY=($(compgen -f -- "$cur"))\n'
            "    fi\n"
            "}\n"
            "complete -o filenames -F _mxlint mxlint\n"
        )
    if shell == "zsh":
        specs = []
        for a in actions:
            help_ = _help(a).replace("'", "'\\''").replace("[", "\\[").replace("]", "\\]")
            help_ = help_.replace(":", "\\:")
            value = ""
            if a.nargs != 0:
                kind = f"({' '.join(map(str, a.choices))})" if a.choices is not None else "_files"
                value = f":{_metavar(a).lower()}:{kind}"
            for o in a.option_strings:
                specs.append(f"  '{o}[{help_}]{value}' \\")
        return (
            "#compdef mxlint\n# zsh completion for mxlint (generated by mxlint --completion zsh)\n"
            "_arguments -s \\\n" + "\n".join(specs) + "\n  '*:path:_files'\n"
        )
    lines = ["# fish completion for mxlint (generated by mxlint --completion fish)"]
    for a in actions:
        parts = ["complete -c mxlint"]
        for o in a.option_strings:
            parts.append(f"-l {o[2:]}" if o.startswith("--") else f"-s {o[1:]}")
        if a.choices is not None:
            parts.append(f"-x -a '{' '.join(map(str, a.choices))}'")
        elif a.nargs != 0:
            parts.append("-r -F")
        help_ = _help(a).replace("\\", "\\\\").replace("'", "\\'")
        parts.append(f"-d '{help_}'")
        lines.append(" ".join(parts))
    return "\n".join(lines) + "\n"


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
