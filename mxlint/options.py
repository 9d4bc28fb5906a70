"""The command line's options: the argument parser, its constants and its formatter.

Kept apart from :mod:`mxlint.cli` (which runs the pipeline) so that the documentation (the
manual page, ``python -m mxlint.docs``) is generated from the same parser without importing
the front end.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from mxlint import __version__

if TYPE_CHECKING:
    import argparse

    #: What the command line's functions read the parsed options from: the parser's answer,
    #: or :func:`parse_plain`'s for a command line of paths.
    Args: TypeAlias = argparse.Namespace | SimpleNamespace


class UsageError(Exception):
    """A mistake in how mxlint was called (an option, a path): exit 2, with one line and a
    pointer to ``--help`` (as :class:`mxlint.api.LintError`, which the run raises)."""

    def __init__(self, message: str, usage: bool = True) -> None:
        super().__init__(message)
        self.usage = usage


FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit", "checkstyle")
FAIL_LEVELS = ("error", "warning", "info")
LEVEL_ALIASES = {"warn": "warning"}  # as ruff, ESLint and yamllint users write it
COMPLETION_SHELLS = ("bash", "zsh", "fish")
STDIN_NAME = "<stdin>"  # the name of a zone read from standard input without --stdin-filename


def build() -> str:
    """``"compiled"`` when mypyc extension modules sit in the package (a build made with
    ``MXLINT_COMPILE=1``, see setup.py), else ``"pure"``: what ``--version`` tells."""
    from importlib.machinery import EXTENSION_SUFFIXES

    package = os.path.dirname(os.path.abspath(__file__))
    for folder in (package, os.path.join(package, "check"), os.path.join(package, "zonefile")):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        if any(name.endswith(tuple(EXTENSION_SUFFIXES)) for name in names):
            return "compiled"
    return "pure"


def _level(text: str) -> str:
    """A ``--fail-level`` value: a severity, or an alias of one (``warn``)."""
    level = LEVEL_ALIASES.get(text.lower(), text.lower())
    if level not in FAIL_LEVELS:
        import argparse

        raise argparse.ArgumentTypeError(
            f"invalid choice: {text!r} (choose from {', '.join(FAIL_LEVELS)}; warn is warning)"
        )
    return level


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` gives it (``COLUMNS``, then the
    terminal of standard output, else 80), without importing shutil and the compression
    modules it pulls in: argparse builds a formatter for every ``add_argument``."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


@functools.cache
def _classes() -> tuple[
    type[argparse.ArgumentParser], type[argparse.Action], type[argparse.HelpFormatter]
]:
    """The parser's classes, made when a parser is first built (argparse is imported then:
    a command line of paths is read without it, see :func:`parse_plain`)."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # type: ignore[override]
            raise UsageError(message)

    class _Version(argparse.Action):
        """``--version``: ``mxlint VERSION``, and ``(compiled with mypyc)`` for that build (looked
        at only when asked: a run does not pay for it)."""

        def __call__(
            self, parser: argparse.ArgumentParser, *args: object, **kwargs: object
        ) -> None:
            note = " (compiled with mypyc)" if build() == "compiled" else ""
            sys.stdout.write(f"mxlint {__version__}{note}\n")
            parser.exit()

    class _Formatter(argparse.HelpFormatter):
        def __init__(
            self,
            prog: str,
            indent_increment: int = 2,
            max_help_position: int = 24,
            width: int | None = None,
        ) -> None:
            if width is None:
                width = _columns() - 2
            super().__init__(prog, indent_increment, max_help_position, width)

    return _Parser, _Version, _Formatter


def build_parser() -> argparse.ArgumentParser:
    _Parser, _Version, _Formatter = _classes()
    p = _Parser(
        prog="mxlint",
        formatter_class=_Formatter,
        description="Lint the MX records of BIND-style zone files, offline.",
        epilog="Editors: mxlint lsp starts the language server on standard input and output "
        "(mxlint lsp --help). Exit status: 0 no errors, 1 errors found (--diff: changes "
        "shown), 2 usage error.",
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="zone files or folders to lint; - alone reads one zone from standard input",
    )
    p.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="with -: the zone's file name, for its origin, its configuration (found from "
        f"PATH's folder upwards) and the name in diagnostics (default: {STDIN_NAME})",
    )
    p.add_argument("--origin", help="origin of the zone (only with a single file)")
    p.add_argument(
        "--context",
        action="append",
        default=[],
        metavar="PATH",
        help="zone file or folder loaded for lookups only, never reported on (repeatable)",
    )
    p.add_argument(
        "--include-root",
        action="append",
        default=[],
        metavar="DIR",
        help="also allow $INCLUDE of files below DIR (default: the zone's git work tree, "
        "or its own folder outside one)",
    )
    p.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=N",
        help="raise or lower a limit on the work one file may cause, e.g. "
        "generate-records=5000000 (repeatable; mxlint --explain limit-exceeded lists them)",
    )
    p.add_argument(
        "--config",
        metavar="FILE",
        help="one configuration file for every zone (default: for each zone file, the nearest "
        ".mxlint.yaml, or pyproject.toml with [tool.mxlint], above its folder)",
    )
    p.add_argument("--no-config", action="store_true", help="ignore configuration files")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format")
    p.add_argument(
        "--output-file",
        "-o",
        metavar="FILE",
        help="write the report to FILE instead of standard output",
    )
    p.add_argument(
        "--show-source",
        action="store_true",
        help="text format: print each diagnostic's source line with a caret under the column",
    )
    p.add_argument(
        "--quiet", "-q", action="store_true", help="print only what fails the run (errors)"
    )
    p.add_argument(
        "--fail-level",
        type=_level,
        choices=FAIL_LEVELS,
        default="error",
        metavar="{error,warning,info}",
        help="lowest severity that makes the exit status 1 (default: error; warn is warning)",
    )
    p.add_argument(
        "--fail-on",
        action="append",
        default=[],
        metavar="RULE",
        help="also fail the run on this rule's diagnostics, whatever their level (name or "
        "code; repeatable, or comma-separated; the pre-commit hook fails on the rules that "
        "lose mail)",
    )
    p.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when diagnostics are found"
    )
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (auto: on a terminal, unless NO_COLOR is set; "
        "FORCE_COLOR or CLICOLOR_FORCE force it)",
    )
    p.add_argument("--statistics", action="store_true", help="add counts per rule")
    p.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="also list the files a folder walk passed over, and why",
    )
    p.add_argument(
        "--enable",
        "--extend-select",
        action="append",
        default=[],
        metavar="RULE",
        help="switch a rule on, by name or code (repeatable, or comma-separated)",
    )
    p.add_argument(
        "--disable",
        "--ignore",
        action="append",
        default=[],
        metavar="RULE",
        help="switch a rule off, by name or code (repeatable, or comma-separated)",
    )
    p.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULE",
        help="run only these rules (repeatable, or comma-separated; ALL: every rule); "
        "--enable adds to them and --disable takes away",
    )
    p.add_argument(
        "--fix",
        action="store_true",
        help="add missing trailing dots and delete duplicate MX records, in place",
    )
    p.add_argument("--diff", action="store_true", help="print what --fix would change instead")
    p.add_argument(
        "--base",
        metavar="REF",
        help="git revision to compare serials with (serial-not-increased; default: HEAD, "
        "for files with uncommitted changes); in CI, the target branch such as origin/main",
    )
    p.add_argument(
        "--online",
        action="store_true",
        help="also ask the DNS, live: MX targets outside the loaded zones (missing-address, "
        "cname-target) and each zone's servers (mx-drift, server-serial-ahead)",
    )
    p.add_argument(
        "--server",
        action="append",
        default=[],
        metavar="HOST[:PORT]",
        help="with --online: authoritative server to ask for every linted zone instead of "
        "its NS records (repeatable)",
    )
    p.add_argument(
        "--resolver",
        action="append",
        default=[],
        metavar="HOST[:PORT]",
        help="with --online: recursive resolver for MX targets (repeatable; default: the "
        "system's, /etc/resolv.conf)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="with --online: seconds to wait for each DNS answer (default 3; tried twice)",
    )
    p.add_argument(
        "--online-allow-private",
        action="store_true",
        help="with --online: also ask name servers that resolve to private, loopback or "
        "link-local addresses (never allowed by default; glue in the zone is never used)",
    )
    p.add_argument(
        "--probe-smtp",
        action="store_true",
        help="also connect to each MX host over SMTP (greeting, EHLO, STARTTLS, certificate, "
        "TLSA; then QUIT, never a mail) and report hosts that take no mail (smtp-probe)",
    )
    p.add_argument(
        "--smtp-port",
        type=int,
        default=25,
        metavar="PORT",
        help="with --probe-smtp: the port to connect to (default 25)",
    )
    p.add_argument(
        "--smtp-timeout",
        type=float,
        metavar="SECONDS",
        help="with --probe-smtp: seconds for each host's whole conversation (default 15; "
        "at most 8 hosts at once, 120 s in all)",
    )
    p.add_argument(
        "--baseline",
        metavar="FILE",
        help="report and fail only on diagnostics this JSON file does not record (default: "
        "the configuration's baseline:); stale entries are listed",
    )
    p.add_argument(
        "--write-baseline",
        action="store_true",
        help="record this run's diagnostics in the --baseline file (created or rewritten) "
        "and report none",
    )
    p.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    p.add_argument(
        "--show-settings",
        action="store_true",
        help="print the settings a run over PATH would use (configuration file, rule levels "
        "and options, origins, limits) and exit",
    )
    p.add_argument(
        "--completion",
        choices=COMPLETION_SHELLS,
        help="print a completion script for the shell and exit "
        "(e.g. mxlint --completion bash > ~/.local/share/bash-completion/completions/mxlint)",
    )
    p.add_argument("--explain", metavar="RULE", help="show a rule's documentation and exit")
    p.add_argument(
        "--man",
        action="store_true",
        help='print the path of mxlint\'s manual page and exit (man "$(mxlint --man)")',
    )
    p.add_argument(
        "--version",
        action=_Version,
        nargs=0,
        help="show program's version number and exit",
    )
    return p


# Every option's value when the command line does not give it, as the parser leaves it in its
# answer (``tests/test_startup.py`` compares the two).
DEFAULTS: Final[dict[str, Any]] = {
    "paths": [],
    "stdin_filename": None,
    "origin": None,
    "context": [],
    "include_root": [],
    "limit": [],
    "config": None,
    "no_config": False,
    "format": "text",
    "output_file": None,
    "show_source": False,
    "quiet": False,
    "fail_level": "error",
    "fail_on": [],
    "exit_zero": False,
    "color": "auto",
    "statistics": False,
    "verbose": False,
    "enable": [],
    "disable": [],
    "select": [],
    "fix": False,
    "diff": False,
    "base": None,
    "online": False,
    "server": [],
    "resolver": [],
    "timeout": None,
    "online_allow_private": False,
    "probe_smtp": False,
    "smtp_port": 25,
    "smtp_timeout": None,
    "baseline": None,
    "write_baseline": False,
    "list_rules": False,
    "show_settings": False,
    "completion": None,
    "explain": None,
    "man": False,
    "version": None,
}


def parse_plain(argv: Sequence[str]) -> SimpleNamespace | None:
    """What ``build_parser().parse_args(argv)`` answers when ``argv`` is one or more paths,
    with at most one ``--origin VALUE`` (or ``--origin=VALUE``) before or after them: the
    pre-commit and editor case, read without importing argparse and building the parser
    (about 5% of a small zone's run). None for any other command line: the parser reads it.
    """
    words = list(argv)
    origin: str | None = None
    if words[:1] == ["--origin"] and len(words) > 1:
        origin, words = words[1], words[2:]
    elif words and words[0].startswith("--origin="):
        origin, words = words[0][len("--origin=") :], words[1:]
    elif words[-2:-1] == ["--origin"]:
        origin, words = words[-1], words[:-2]
    elif words and words[-1].startswith("--origin="):
        origin, words = words[-1][len("--origin=") :], words[:-1]
    if origin is not None and (not origin or origin.startswith("-")):
        return None
    if not words or any(not w or w.startswith("-") for w in words):
        return None
    found = {k: list(v) if isinstance(v, list) else v for k, v in DEFAULTS.items()}
    found["paths"] = words
    found["origin"] = origin
    return SimpleNamespace(**found)
