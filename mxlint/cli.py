"""Command line: ``main(argv) -> exit code``.

Exit codes: 0 no error-severity diagnostic, 1 at least one, 2 usage error (bad flag, missing
path, unknown rule, broken plugin).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from mxlint import __version__

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="mxlint",
        description="Lint the MX records of BIND-style zone files, offline.",
        epilog="Exit status: 0 no errors, 1 errors found, 2 usage error.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="zone files or folders to lint")
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
        help="also allow $INCLUDE of files below DIR (default: the zone's git work tree)",
    )
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format",
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
    p.add_argument("--version", action="version", version=f"mxlint {__version__}")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
        return _run(args)
    except _UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"mxlint: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    from mxlint import engine, files, loader, report
    from mxlint.model import ZoneSet
    from mxlint.registry import Registry, RegistryError

    if not args.paths:
        raise _UsageError("no PATH given: name zone files or folders to lint")
    try:
        registry = Registry.load()
        settings: dict[str, engine.RuleSetting] = {}
        for key in args.enable:
            rule = registry.resolve(key)
            settings[rule.code] = engine.RuleSetting(level=rule.severity)
        for key in args.disable:
            settings[registry.resolve(key).code] = engine.RuleSetting(level="off")
    except RegistryError as exc:
        raise _UsageError(str(exc)) from exc

    paths, missing = files.expand(args.paths)
    if missing:
        raise _UsageError(f"no such file or folder: {', '.join(missing)}")
    if args.origin is not None and (len(args.paths) != 1 or os.path.isdir(args.paths[0])):
        raise _UsageError("--origin applies to a single zone file; give exactly one file")
    context_paths, missing = files.expand(args.context)
    if missing:
        raise _UsageError(f"no such context file or folder: {', '.join(missing)}")

    linted = {os.path.realpath(p) for p in paths}
    zones = [loader.load_zone(p, args.origin, extra_include_roots=args.include_root) for p in paths]
    zones += [
        loader.load_zone(p, extra_include_roots=args.include_root, context=True)
        for p in context_paths
        if os.path.realpath(p) not in linted
    ]
    diagnostics = engine.run(registry, ZoneSet(zones), settings)
    summary = report.Summary.of(diagnostics, len(paths))
    if args.format == "json":
        report.json_report(diagnostics, summary, sys.stdout)
    else:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        report.text(diagnostics, summary, sys.stdout, color)
        print(summary.line(), file=sys.stderr)
    return EXIT_ERRORS if summary.errors else EXIT_OK
