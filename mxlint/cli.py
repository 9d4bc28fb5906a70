"""Command line: ``main(argv) -> exit code``.

The run is the pipeline, one module per stage::

    files -> loader -> zone set -> engine (rules) -> suppress -> fix -> report -> exit code

Exit codes: 0 no error-severity diagnostic, 1 at least one, 2 usage error (bad flag, missing
path, unknown rule, bad configuration, broken plugin).
"""

from __future__ import annotations

import argparse
import errno
import gc
import glob
import io
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from mxlint import __version__

if TYPE_CHECKING:
    from mxlint import report
    from mxlint.config import Config
    from mxlint.engine import RuleSetting
    from mxlint.limits import Limits
    from mxlint.model import Diagnostic, Zone, ZoneSet
    from mxlint.registry import Registry

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "json", "sarif", "github")


class UsageError(Exception):
    """Exit 2. ``usage``: also print the command line's usage (not for a bad config file)."""

    def __init__(self, message: str, usage: bool = True) -> None:
        super().__init__(message)
        self.usage = usage


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


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
        help="configuration file (default: the nearest "
        ".mxlint.yaml, or pyproject.toml with [tool.mxlint], above this folder)",
    )
    p.add_argument("--no-config", action="store_true", help="ignore configuration files")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format")
    p.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    p.add_argument("--statistics", action="store_true", help="add counts per rule")
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
    p.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    p.add_argument("--explain", metavar="RULE", help="show a rule's documentation and exit")
    p.add_argument("--version", action="version", version=f"mxlint {__version__}")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
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


def _load_registry() -> Registry:
    from mxlint.registry import Registry, RegistryError

    try:
        return Registry.load()
    except RegistryError as exc:
        raise UsageError(str(exc)) from exc


def _load_config(args: argparse.Namespace, registry: Registry) -> Config:
    from mxlint.config import Config, ConfigError, find_config, load_config

    if args.no_config:
        return Config()
    path = args.config
    if path is not None and not os.path.isfile(path):
        raise UsageError(f"no such configuration file: {path}")
    if path is None:
        path = find_config(os.getcwd())
    try:
        return load_config(path, registry)
    except ConfigError as exc:
        raise UsageError(str(exc), usage=False) from exc


def _limits(args: argparse.Namespace, config: Config) -> Limits:
    """The configuration's limits, then ``--limit`` over them."""
    from mxlint.limits import DEFAULT, parse_option

    values = dict(config.limits)
    for text in args.limit:
        try:
            name, number = parse_option(text)
        except ValueError as exc:
            raise UsageError(f"--limit {text}: {exc}") from None
        values[name] = number
    return DEFAULT.with_values(values)


def _run(args: argparse.Namespace) -> int:
    if args.list_rules or args.explain:
        registry = _load_registry()
        config = _load_config(args, registry)
        return _explain(registry, args.explain) if args.explain else _list(registry, config)
    if not args.paths:
        raise UsageError("no PATH given: name zone files or folders to lint")
    if args.fix and args.diff:
        raise UsageError("--fix writes the changes and --diff only shows them: pick one")

    from mxlint import config as cfg
    from mxlint import engine, files, loader, suppress
    from mxlint.model import ZoneSet
    from mxlint.registry import RegistryError

    registry = _load_registry()
    config = _load_config(args, registry)
    limits = _limits(args, config)
    for root in args.include_root:
        if not os.path.isdir(root):
            raise UsageError(
                f"--include-root {root}: no such folder; name an existing folder", usage=False
            )
    settings = dict(config.rules)
    try:
        for key in args.enable:
            r = registry.resolve(key)
            old = settings.get(r.code)
            level = old.level if old and old.level not in (None, "off") else r.severity
            settings[r.code] = engine.RuleSetting(level, old.options if old else {})
        for key in args.disable:
            r = registry.resolve(key)
            old = settings.get(r.code)
            settings[r.code] = engine.RuleSetting("off", old.options if old else {})
    except RegistryError as exc:
        raise UsageError(str(exc)) from exc

    def excluded(path: str) -> bool:
        return cfg.is_excluded(config, path)

    unreadable: list[str] = []
    paths, missing = files.expand(args.paths, excluded, unreadable)
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    if unreadable:
        raise UsageError(
            "cannot read "
            + "; ".join(unreadable)
            + ". mxlint cannot tell which zones a folder holds without reading it: make it "
            "readable, or exclude it in the configuration",
            usage=False,
        )
    if not paths:
        print(
            f"mxlint: warning: no zone files found in {', '.join(args.paths)} (looked for "
            f"{', '.join(files.ZONE_GLOBS)} and files that start like a zone file; name a "
            "file explicitly to lint it whatever its name)",
            file=sys.stderr,
        )
    if args.origin is not None and (len(args.paths) != 1 or os.path.isdir(args.paths[0])):
        raise UsageError("--origin applies to a single zone file; give exactly one file")
    context_paths, missing = files.expand(args.context, errors=unreadable)
    if unreadable:
        raise UsageError(f"cannot read context folder {'; '.join(unreadable)}", usage=False)
    if missing:
        raise UsageError(f"no such context file or folder: {', '.join(missing)}")
    if config.context and config.base_dir:
        for pattern in config.context:
            found = glob.glob(os.path.join(config.base_dir, pattern), recursive=True)
            context_paths += sorted(f for f in found if os.path.isfile(f))

    from mxlint.progress import Progress

    progress = Progress()
    progress.files_total = len(paths) + len(context_paths)

    def load(path: str, context: bool = False) -> Zone:
        origin = args.origin if not context else None
        zone = loader.load_zone(
            path,
            origin or cfg.origin_for(config, path),
            extra_include_roots=args.include_root,
            context=context,
            progress=progress.tick,
            limits=limits,
        )
        progress.file_done(len(zone.records))
        return zone

    linted = {os.path.realpath(p) for p in paths}
    zones = [load(p) for p in paths]
    seen = set(linted)
    for p in context_paths:
        real = os.path.realpath(p)
        if real not in seen:
            seen.add(real)
            zones.append(load(p, context=True))
    zone_set = ZoneSet(zones)
    # The zones live until the end of the run: keep the cyclic collector from walking them
    # again at every allocation burst of the rules.
    gc.freeze()
    progress.note(f"checking {progress.records:,} records")
    diagnostics = engine.run(registry, zone_set, settings)
    directives = suppress.scan_zones(zones)
    diagnostics = suppress.apply(diagnostics, directives, registry)
    progress.done()

    if args.fix or args.diff:
        diagnostics, code = _fix(args, zones, zone_set, diagnostics, registry, settings, limits)
        if code is not None:
            return code
    return _report(args, registry, diagnostics, len(paths))


def _fix(
    args: argparse.Namespace,
    zones: list[Zone],
    zone_set: ZoneSet,
    diagnostics: list[Diagnostic],
    registry: Registry,
    settings: dict[str, RuleSetting],
    limits: Limits,
) -> tuple[list[Diagnostic], int | None]:
    """Apply or show the safe repairs; lint again after writing so the exit status is true."""
    from mxlint import engine, fix, loader, suppress
    from mxlint.model import ZoneSet

    def reload(zone: Zone, overrides: dict[str, str]) -> Zone:
        return loader.load_zone(
            zone.path,
            zone.origin,
            extra_include_roots=args.include_root,
            overrides=overrides,
            limits=limits,
        )

    result = fix.plan_and_apply(zone_set, diagnostics, reload, write=args.fix)
    for note in result.skipped:
        print(f"mxlint: {note}", file=sys.stderr)
    if args.diff:
        sys.stdout.write(result.diff)
        return diagnostics, EXIT_ERRORS if any(d.severity == "error" for d in diagnostics) else 0
    if result.files:
        print(
            f"mxlint: fixed {result.fixed} problem{'s' if result.fixed != 1 else ''} in "
            f"{len(result.files)} file{'s' if len(result.files) != 1 else ''}",
            file=sys.stderr,
        )
        fresh = [z if z.context else reload(z, {}) for z in zones]
        diagnostics = engine.run(registry, ZoneSet(fresh), settings)
        diagnostics = suppress.apply(diagnostics, suppress.scan_zones(fresh), registry)
    return diagnostics, None


def _report(
    args: argparse.Namespace, registry: Registry, diagnostics: list[Diagnostic], nfiles: int
) -> int:
    from mxlint import report

    summary = report.Summary.of(diagnostics, nfiles)
    shown = [d for d in diagnostics if d.severity == "error"] if args.quiet else diagnostics
    out = sys.stdout
    try:
        _write_report(args, registry, diagnostics, shown, summary, out)
        out.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _OutputError(exc.strerror or str(exc)) from None
    return EXIT_ERRORS if summary.errors else EXIT_OK


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
    else:
        color = out.isatty() and "NO_COLOR" not in os.environ
        report.text(shown, summary, out, color)
        if args.statistics:
            report.statistics(diagnostics, out)
        if not args.quiet:
            print(summary.line(), file=sys.stderr)


def _list(registry: Registry, config: Config) -> int:
    from mxlint.engine import effective_level

    rows = []
    for r in registry.rules:
        level = effective_level(r, config.rules.get(r.code))
        state = "on" if level != "off" else "off"
        rows.append((r.code, r.name, r.severity, state, r.summary))
    w_name = max(len(r[1]) for r in rows)
    for code, name, sev, state, summary in rows:
        print(f"{code}  {name:<{w_name}}  {sev:<7}  {state:<3}  {summary}")
    return EXIT_OK


def _explain(registry: Registry, key: str) -> int:
    import textwrap

    r = registry.get(key)
    if r is None:
        raise UsageError(f"unknown rule {key!r} (mxlint --list-rules shows them)")
    state = "on" if r.enabled else "off by default"
    print(f"{r.code} {r.name} ({r.severity}, {state})\n")
    first, _, rest = r.doc.partition("\n")
    print(first)
    print(textwrap.dedent(rest).rstrip())
    if r.options:
        print("\nOptions (configuration file):")
        for k, v in r.options.items():
            print(f"  {k}: {v!r}")
    return EXIT_OK
