"""Command line: ``main(argv) -> exit code``, a thin front end over :func:`mxlint.lint`::

    argv -> Options -> mxlint.lint (files -> identity -> loader -> zone set -> rules ->
    suppressions) -> --fix -> reporter -> exit code

Exit codes: 0 no error-severity diagnostic, 1 at least one, 2 usage error (bad flag, missing
path, unknown rule, bad configuration, broken plugin).
"""

from __future__ import annotations

import argparse
import errno
import io
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from mxlint import __version__
from mxlint.api import EXIT_ERRORS, EXIT_OK, EXIT_USAGE
from mxlint.api import LintError as UsageError

if TYPE_CHECKING:
    from mxlint import report
    from mxlint.api import Options, Result
    from mxlint.check.registry import Registry
    from mxlint.config import Config
    from mxlint.model import Diagnostic

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit", "checkstyle")
FAIL_LEVELS = ("error", "warning", "info")
STDIN_NAME = "<stdin>"  # the name of a zone read from standard input without --stdin-filename


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


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


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="mxlint",
        formatter_class=_Formatter,
        description="Lint the MX records of BIND-style zone files, offline.",
        epilog="Exit status: 0 no errors, 1 errors found, 2 usage error.",
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
        "--quiet", "-q", action="store_true", help="print only what fails the run (errors)"
    )
    p.add_argument(
        "--fail-level",
        choices=FAIL_LEVELS,
        default="error",
        help="lowest severity that makes the exit status 1 (default: error)",
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
        action="append",
        default=[],
        metavar="RULE",
        help="switch a rule on, by name or code (repeatable)",
    )
    p.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="RULE",
        help="switch a rule off, by name or code (repeatable)",
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
    p.add_argument("--explain", metavar="RULE", help="show a rule's documentation and exit")
    p.add_argument("--version", action="version", version=f"mxlint {__version__}")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["lsp"]:  # a file or folder named lsp is ./lsp
        return _lsp(args_list[1:])
    parser = build_parser()
    if sys.stdout is None:  # started with standard output closed (mxlint ... >&-)
        if sys.stderr is not None:
            print("mxlint: error: standard output is closed; nowhere to report", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(sys.stdout, io.TextIOWrapper):
        # A file name that is not UTF-8 is written back as the bytes it was read as.
        sys.stdout.reconfigure(errors="surrogateescape")
    try:
        args = parser.parse_args(args_list)
        try:
            os.getcwd()  # configuration, includes and SARIF paths all start from here
        except FileNotFoundError:
            raise UsageError(
                "the current folder no longer exists; cd to an existing one", usage=False
            ) from None
        code = _run(args)
        sys.stdout.flush()
        return code
    except UsageError as exc:
        if exc.usage:
            parser.print_usage(sys.stderr)
        print(f"mxlint: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except _OutputError as exc:
        print(f"mxlint: error: cannot write the report: {exc}", file=sys.stderr)
        _drop_stdout()
        return EXIT_USAGE
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRNOS:
            raise
        # Standard output failed outside the report (--diff, --list-rules, the last flush).
        print(f"mxlint: error: cannot write the output: {exc.strerror}", file=sys.stderr)
        _drop_stdout()
        return EXIT_USAGE


_OUTPUT_ERRNOS = frozenset(
    (errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC))
)


class _OutputError(Exception):
    """Standard output could not be written (a full disk, /dev/full, a closed descriptor)."""


def _drop_stdout() -> None:
    """Point standard output at /dev/null: the interpreter's flush at exit must not fail again
    (and print a traceback) on what could not be written."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _options(args: argparse.Namespace) -> Options:
    from mxlint.api import Options

    return Options(
        origin=args.origin,
        context=args.context,
        include_roots=args.include_root,
        config_path=args.config,
        use_config=not args.no_config,
        enable=args.enable,
        disable=args.disable,
        verbose=(lambda text: print(f"mxlint: {text}", file=sys.stderr)) if args.verbose else None,
        base=args.base,
        online=args.online,
        servers=args.server,
        resolvers=args.resolver,
        timeout=args.timeout,
        baseline=args.baseline,
        write_baseline=args.write_baseline,
        limits=tuple(args.limit),
        release_records=not (args.fix or args.diff),
    )


def _run(args: argparse.Namespace) -> int:
    from mxlint import api

    if args.list_rules or args.explain:
        registry = api.load_registry()
        config = api.load_configuration(_options(args), registry)
        if args.explain:
            return _explain(registry, args.explain)
        return _list(registry, config, args.format)
    if not args.paths:
        raise UsageError("no PATH given: name zone files or folders to lint")
    if args.fix and args.diff:
        raise UsageError("--fix writes the changes and --diff only shows them: pick one")
    if "-" in args.paths or args.stdin_filename is not None:
        return _run_stdin(args)
    result = api.lint(args.paths, _options(args))
    for note in result.notes:
        print(f"mxlint: note: {note}", file=sys.stderr)
    if not result.files and not any(z.notes for z in result.zones):
        from mxlint.identity.walk import ZONE_GLOBS

        print(
            f"mxlint: warning: no zone files found in {', '.join(args.paths)} (looked for "
            f"{', '.join(ZONE_GLOBS)} and files that start like a zone file; name a "
            "file explicitly to lint it whatever its name, and see --verbose for the files "
            "passed over)",
            file=sys.stderr,
        )
    diagnostics = result.diagnostics
    if args.fix or args.diff:
        diagnostics, code = _fix(args, result)
        if code is not None:
            return code
    return _report(args, result.registry, diagnostics, len(result.files))


def _run_stdin(args: argparse.Namespace) -> int:
    """``mxlint -``: lint the zone text on standard input as if it were the file named by
    ``--stdin-filename``. ``--fix`` prints the fixed text to standard output (the report then
    goes to standard error), ``--diff`` the change; nothing is written to disk."""
    import contextlib
    import difflib
    from dataclasses import replace

    from mxlint import api, fix
    from mxlint.config import find_config
    from mxlint.model import Diagnostic
    from mxlint.zonefile import loader

    if args.paths != ["-"]:
        raise UsageError(
            "--stdin-filename names the zone read from standard input: give - as the only PATH"
            if "-" not in args.paths
            else "- (standard input) must be the only PATH; lint the files in another run"
        )
    name = os.path.normpath(args.stdin_filename) if args.stdin_filename else STDIN_NAME
    options = _options(args)
    if args.stdin_filename and not args.config and not args.no_config:
        found = find_config(os.path.dirname(os.path.abspath(name)))
        options = replace(options, config_path=found, use_config=found is not None)
    data = sys.stdin.buffer.read()
    text, why, line, col = loader.decode(data)
    if text is None:  # binary or not UTF-8: one syntax-error, as for such a file on disk
        registry = api.load_registry()
        api.load_configuration(options, registry)  # a bad configuration is still exit 2
        r = registry.resolve("syntax-error")
        bad = Diagnostic(name, line, col, r.severity, r.code, r.name, f"{name} {why}")
        return _report(args, registry, [bad], 1)
    options = replace(options, sources={name: text})
    if not (args.fix or args.diff):
        result = api.lint([name], options)
        for note in result.notes:
            print(f"mxlint: note: {note}", file=sys.stderr)
        return _report(args, result.registry, result.diagnostics, len(result.files))
    original = api.lint([name], options)
    fixed = fix.fix_source(name, text, options, registry=original.registry)
    for note in fixed.skipped:
        print(f"mxlint: {note}", file=sys.stderr)
    if args.diff:
        sys.stdout.writelines(
            difflib.unified_diff(
                text.splitlines(keepends=True),
                fixed.text.splitlines(keepends=True),
                f"a/{name}",
                f"b/{name}",
            )
        )
        return _exit_code(args, original.diagnostics)
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    sys.stdout.write(bom + fixed.text)
    sys.stdout.flush()
    if fixed.fixed and args.format == "text":  # a JSON report on stderr stays JSON
        print(
            f"mxlint: fixed {fixed.fixed} problem{'s' if fixed.fixed != 1 else ''} in {name}",
            file=sys.stderr,
        )
    with contextlib.redirect_stdout(sys.stderr):  # standard output holds the zone
        return _report(
            args, fixed.result.registry, fixed.result.diagnostics, len(fixed.result.files)
        )


def _lsp(rest: Sequence[str]) -> int:
    """``mxlint lsp``: the editor server (the ``lsp`` extra), on standard input and output."""
    if any(a in ("-h", "--help") for a in rest):
        print(
            "usage: mxlint lsp [--stdio]\n\nStart the mxlint language server on standard "
            "input and output, for editors (pip install 'mxlint[lsp]').\nA file or folder "
            "named lsp is linted with: mxlint ./lsp"
        )
        return EXIT_OK
    unknown = [a for a in rest if a != "--stdio"]
    if unknown:
        print(f"mxlint: error: mxlint lsp takes no arguments: {' '.join(unknown)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        from mxlint.lsp import serve
    except ImportError as exc:
        missing = (exc.name or "").partition(".")[0]
        if missing not in ("pygls", "lsprotocol"):
            raise
        print(
            f"mxlint: error: mxlint lsp needs the editor extra ({missing} is not "
            "installed): pip install 'mxlint[lsp]'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return serve()


def _fix(args: argparse.Namespace, result: Result) -> tuple[list[Diagnostic], int | None]:
    """Apply (to a fixed point) or show the safe repairs; say what changed, on stderr."""
    from mxlint import fix

    done = fix.fix_files(args.paths, _options(args), write=args.fix, result=result)
    for note in done.skipped:
        print(f"mxlint: {note}", file=sys.stderr)
    if args.diff:
        sys.stdout.write(done.diff)
        return done.result.diagnostics, _exit_code(args, done.result.diagnostics)
    if done.files:
        n, nfiles = sum(done.changes.values()), len(done.files)
        rounds = f" ({done.rounds} rounds)" if done.rounds > 1 else ""
        print(
            f"mxlint: fixed {n} problem{'s' if n != 1 else ''} in "
            f"{nfiles} file{'s' if nfiles != 1 else ''}{rounds}:",
            file=sys.stderr,
        )
        rules = {r.code: r.name for r in done.result.registry.rules}
        for path in done.files:
            counts = sorted((code, k) for (p, code), k in done.changes.items() if p == path)
            listed = ", ".join(f"{k} {rules.get(code, '')} ({code})" for code, k in counts)
            print(f"mxlint:   {path}: {listed}", file=sys.stderr)
        if not done.stable:
            print(
                f"mxlint: warning: stopped after {done.rounds} rounds of fixes with more to "
                "fix; run mxlint --fix again",
                file=sys.stderr,
            )
    return done.result.diagnostics, None


def _report(
    args: argparse.Namespace, registry: Registry, diagnostics: list[Diagnostic], nfiles: int
) -> int:
    from mxlint import report

    summary = report.Summary.of(diagnostics, nfiles)
    failing = _failing(args)
    shown = [d for d in diagnostics if d.severity in failing] if args.quiet else diagnostics
    out = sys.stdout
    try:
        _write_report(args, registry, diagnostics, shown, summary, out)
        out.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _OutputError(exc.strerror or str(exc)) from None
    return _exit_code(args, diagnostics)


def _write_report(
    args: argparse.Namespace,
    registry: Registry,
    diagnostics: list[Diagnostic],
    shown: list[Diagnostic],
    summary: report.Summary,
    out: TextIO,
) -> None:
    from mxlint import report

    if args.format == "json":
        report.json_report(shown, summary, out)
    elif args.format == "sarif":
        report.sarif_report(shown, summary, out, registry.rules)
    elif args.format == "github":
        report.github_report(shown, summary, out)
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary:
            with open(step_summary, "a", encoding="utf-8") as f:
                report.github_step_summary(shown, summary, f)
    elif args.format == "gitlab":
        report.gitlab_report(shown, summary, out)
    elif args.format == "junit":
        report.junit_report(shown, summary, out)
    elif args.format == "checkstyle":
        report.checkstyle_report(shown, summary, out)
    else:
        report.text(shown, summary, out, report.use_color(args.color, out))
        if args.statistics:
            report.statistics(diagnostics, out)
        if not args.quiet:
            print(summary.line(), file=sys.stderr)


def _failing(args: argparse.Namespace) -> tuple[str, ...]:
    """The severities that fail the run: ``--fail-level`` and above."""
    return FAIL_LEVELS[: FAIL_LEVELS.index(args.fail_level) + 1]


def _exit_code(args: argparse.Namespace, diagnostics: list[Diagnostic]) -> int:
    if args.exit_zero:
        return EXIT_OK
    failing = _failing(args)
    return EXIT_ERRORS if any(d.severity in failing for d in diagnostics) else EXIT_OK


def _list(registry: Registry, config: Config, fmt: str = "text") -> int:
    from mxlint.check.engine import effective_level

    levels = [effective_level(r, config.rules.get(r.code)) for r in registry.rules]
    if fmt == "json":
        from mxlint import report

        report.rules_json(registry.rules, levels, sys.stdout)
        return EXIT_OK
    rows = []
    for r, level in zip(registry.rules, levels, strict=True):
        state = "on" if level != "off" else "off"
        rows.append((r.code, r.name, r.severity, state, r.summary.replace("``", "")))
    w_name = max(len(r[1]) for r in rows)
    for code, name, sev, state, summary in rows:
        print(f"{code}  {name:<{w_name}}  {sev:<7}  {state:<3}  {summary}")
    return EXIT_OK


def _explain(registry: Registry, key: str) -> int:
    from mxlint import docs

    r = registry.get(key)
    if r is None:
        raise UsageError(f"unknown rule {key!r} (mxlint --list-rules shows them)")
    sys.stdout.write(docs.explain(r))
    return EXIT_OK
