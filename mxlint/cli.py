"""Command line: ``main(argv) -> exit code``, a thin front end over :func:`mxlint.lint`::

    argv -> Options -> mxlint.lint (files -> identity -> loader -> zone set -> rules ->
    suppressions) -> --fix -> reporter -> exit code

Exit codes: 0 no error-severity diagnostic, 1 at least one, 2 usage error (bad flag, missing
path, unknown rule, bad configuration, broken plugin).
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Sequence, Set
from typing import TYPE_CHECKING, NoReturn, TextIO

from mxlint.api import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, LintError
from mxlint.options import (
    FAIL_LEVELS,
    STDIN_NAME,
    UsageError,
    build_parser,
    parse_plain,
)

if TYPE_CHECKING:
    from mxlint import report
    from mxlint.api import Options, Result
    from mxlint.check.registry import Registry
    from mxlint.config import Config
    from mxlint.model import Diagnostic
    from mxlint.options import Args


def _fixable(result: Result) -> set[tuple[str, int, int, str]]:
    """The places ``(path, line, column, code)`` of the diagnostics ``--fix`` repairs (the
    fixable marker of the text, JSON and ``--statistics`` output). Only zones that hold a
    fixable rule's diagnostic are looked at (read again if their records were released)."""
    if not result.diagnostics:  # a clean run imports nothing more (fix imports shutil)
        return set()
    from mxlint import fix

    wanted = {
        (d.path, d.line, d.column, d.code) for d in result.diagnostics if d.code in fix.FIXABLE
    }
    if not wanted:
        return set()
    paths = {w[0] for w in wanted}
    found: set[tuple[str, int, int, str]] = set()
    for zone in result.zone_set.zones:
        if zone.context or zone.origin is None or not paths.intersection(zone.files):
            continue
        result.zone_set.ensure(zone)
        for rec, _, code, line, col in fix._repairs(zone, result.zone_set):
            if (rec.path, line, col, code) in wanted:
                found.add((rec.path, line, col, code))
    return found


def run() -> NoReturn:
    """The ``mxlint`` command and ``python -m mxlint``: :func:`main`, then :func:`exit_now`."""
    exit_now(main())


def exit_now(code: int) -> NoReturn:
    """End the process with ``code``, without the interpreter's own ending when nothing is
    left for it to do: it frees every object and collects garbage, about a tenth of a run
    over a small zone. Ended as usual (``sys.exit``) when anything asked for that ending: a
    function registered with ``atexit`` (logging's, coverage's, a plugin's), the threading
    module (threads it waits for, their exit hooks), or output that cannot be flushed."""
    import atexit

    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)  # as before: the interpreter reports what it cannot flush
    callbacks = getattr(atexit, "_ncallbacks", None)  # CPython's count of registrations
    if callbacks is None or callbacks() or "threading" in sys.modules:
        sys.exit(code)
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["lsp"]:  # a file or folder named lsp is ./lsp
        return _lsp(args_list[1:])
    if sys.stdout is None:  # started with standard output closed (mxlint ... >&-)
        if sys.stderr is not None:
            print("mxlint: error: standard output is closed; nowhere to report", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(sys.stdout, io.TextIOWrapper):
        # A file name that is not UTF-8 is written back as the bytes it was read as.
        sys.stdout.reconfigure(errors="surrogateescape")
    try:
        args = parse_plain(args_list) or build_parser().parse_args(args_list)
        try:
            os.getcwd()  # configuration, includes and SARIF paths all start from here
        except FileNotFoundError:
            raise UsageError(
                "the current folder no longer exists; cd to an existing one", usage=False
            ) from None
        code = _run(args)
        sys.stdout.flush()
        return code
    except (UsageError, LintError) as exc:
        # One line per mistake (a configuration file names all of its mistakes at once), and
        # for a mistake in the arguments a pointer to --help instead of the long usage block.
        for line in str(exc).splitlines() or [""]:
            print(f"mxlint: error: {line}", file=sys.stderr)
        if exc.usage:
            print("Try 'mxlint --help' for the options.", file=sys.stderr)
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


def _keys(values: Sequence[str]) -> list[str]:
    """Rule names or codes as given: repeated flags and comma-separated lists alike."""
    return [k.strip() for v in values for k in v.split(",") if k.strip()]


def _registry(args: Args) -> Registry | None:
    """The rules, loaded here only when the rule flags need checking (else by the run)."""
    from mxlint import api

    found: Registry | None = getattr(args, "registry", None)
    if found is None and (args.enable or args.disable or args.select or args.fail_on):
        found = args.registry = api.load_registry()
    return found


def _rule_flags(args: Args) -> tuple[list[str], list[str]]:
    """(enable, disable) from --enable/--extend-select, --disable/--ignore and --select,
    every name checked first: all unknown names in one message, each with its likely
    meaning."""
    registry = _registry(args)
    if registry is None:
        return [], []
    from mxlint.config import did_you_mean

    choices = [k for r in registry.rules for k in (r.name, r.code)]
    select = _keys(args.select)
    named = [
        (flag, k)
        for flag, values in (
            ("--select", select),
            ("--enable", _keys(args.enable)),
            ("--disable", _keys(args.disable)),
            ("--fail-on", _keys(args.fail_on)),
        )
        for k in values
        if not (flag == "--select" and k.lower() == "all")
    ]
    unknown = [
        f"{flag} {k}: unknown rule {k!r}{did_you_mean(k, choices)}"
        for flag, k in named
        if registry.get(k) is None
    ]
    if unknown:
        raise UsageError("\n".join(unknown) + " (mxlint --list-rules shows the rules)")
    enable, disable = _keys(args.enable), _keys(args.disable)
    if select and not any(k.lower() == "all" for k in select):
        chosen = {registry.resolve(k).code for k in [*select, *enable]}
        enable = [*select, *enable]
        disable = [r.code for r in registry.rules if r.code not in chosen] + disable
    return enable, disable


def _options(args: Args) -> Options:
    from mxlint.api import Options

    enable, disable = _rule_flags(args)
    return Options(
        origin=args.origin,
        context=args.context,
        include_roots=args.include_root,
        config_path=args.config,
        use_config=not args.no_config,
        enable=enable,
        disable=disable,
        verbose=(lambda text: print(f"mxlint: {text}", file=sys.stderr)) if args.verbose else None,
        base=args.base,
        online=args.online,
        servers=args.server,
        resolvers=args.resolver,
        timeout=args.timeout,
        online_allow_private=args.online_allow_private,
        probe_smtp=args.probe_smtp,
        smtp_port=args.smtp_port,
        smtp_timeout=args.smtp_timeout,
        baseline=args.baseline,
        write_baseline=args.write_baseline,
        limits=tuple(args.limit),
        release_records=not (args.fix or args.diff),
    )


def _run(args: Args) -> int:
    from mxlint import api

    if args.man:
        from mxlint import docs

        print(os.path.join(os.path.dirname(os.path.dirname(docs.__file__)), docs.MAN_PAGE))
        return EXIT_OK
    if args.completion:
        from mxlint import docs

        sys.stdout.write(docs.completion(args.completion, build_parser()))
        return EXIT_OK
    if args.list_rules or args.explain:
        registry = _registry(args) or api.load_registry()
        config = api.load_configuration(_options(args), registry)
        if args.explain:
            return _explain(registry, args.explain)
        return _list(registry, config, args.format)
    if args.show_settings:
        return _show_settings(args)
    if not args.paths:
        raise UsageError("no PATH given: name zone files or folders to lint")
    if args.fix and args.diff:
        raise UsageError("--fix writes the changes and --diff only shows them: pick one")
    if "-" in args.paths or args.stdin_filename is not None:
        return _run_stdin(args)
    options = _options(args)
    result = api.lint(args.paths, options, registry=_registry(args))
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
    fixable = _fixable(result) if not (args.fix or args.diff) else set()
    return _report(args, result.registry, diagnostics, len(result.files), fixable)


def _run_stdin(args: Args) -> int:
    """``mxlint -``: lint the zone text on standard input as if it were the file named by
    ``--stdin-filename``. ``--fix`` prints the fixed text to standard output (the report then
    goes to standard error), ``--diff`` the change; nothing is written to disk."""
    import contextlib
    import difflib
    from dataclasses import replace

    from mxlint import api, fix
    from mxlint.config import find_config
    from mxlint.model import Diagnostic
    from mxlint.zonefile import reader

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
    text, why, line, col = reader.decode(data)
    if text is None:  # binary or not UTF-8: one syntax-error, as for such a file on disk
        registry = api.load_registry()
        api.load_configuration(options, registry)  # a bad configuration is still exit 2
        r = registry.resolve("syntax-error")
        bad = Diagnostic(name, line, col, r.severity, r.code, r.name, f"{name} {why}")
        return _report(args, registry, [bad], 1)
    options = replace(options, sources={name: text})
    if args.stdin_filename is None:
        from mxlint.identity.walk import maybe_work_tree

        if maybe_work_tree(os.getcwd()):  # else there is no history to compare with anyway
            print(
                "mxlint: note: serial-not-increased not checked for <stdin>: without "
                "--stdin-filename PATH there is no file whose git version to compare with",
                file=sys.stderr,
            )
    if not (args.fix or args.diff):
        result = api.lint([name], options, registry=_registry(args))
        for note in result.notes:
            print(f"mxlint: note: {note}", file=sys.stderr)
        return _report(
            args, result.registry, result.diagnostics, len(result.files), _fixable(result)
        )
    original = api.lint([name], options, registry=_registry(args))
    fixed = fix.fix_source(name, text, options, registry=original.registry)
    for note in fixed.skipped:
        print(f"mxlint: {note}", file=sys.stderr)
    if args.diff:
        changes = list(
            difflib.unified_diff(
                text.splitlines(keepends=True),
                fixed.text.splitlines(keepends=True),
                f"a/{name.lstrip(os.sep)}",  # a/srv/x.zone, not a//srv/x.zone
                f"b/{name.lstrip(os.sep)}",
            )
        )
        sys.stdout.writelines(changes)
        return _diff_exit(args, changes, original.diagnostics)
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


def _fix(args: Args, result: Result) -> tuple[list[Diagnostic], int | None]:
    """Apply (to a fixed point) or show the safe repairs; say what changed, on stderr."""
    from mxlint import fix

    done = fix.fix_files(args.paths, _options(args), write=args.fix, result=result)
    for note in done.skipped:
        print(f"mxlint: {note}", file=sys.stderr)
    if args.diff:
        sys.stdout.write(done.diff)
        return done.result.diagnostics, _diff_exit(args, done.diff, done.result.diagnostics)
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
            # a zone file whose only change is its SOA serial (its records were fixed in a
            # file it includes: the serial line above says so)
            print(f"mxlint:   {path}: {listed or 'SOA serial only'}", file=sys.stderr)
        if not done.stable:
            print(
                f"mxlint: warning: stopped after {done.rounds} rounds of fixes with more to "
                "fix; run mxlint --fix again",
                file=sys.stderr,
            )
    return done.result.diagnostics, None


def _report(
    args: Args,
    registry: Registry,
    diagnostics: list[Diagnostic],
    nfiles: int,
    fixable: Set[tuple[str, int, int, str]] = frozenset(),
) -> int:
    from mxlint import report

    summary = report.Summary.of(diagnostics, nfiles)
    shown = [d for d in diagnostics if _fails(args, d)] if args.quiet else diagnostics
    out = sys.stdout
    if args.output_file is not None:
        try:
            out = open(args.output_file, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as exc:
            raise UsageError(
                f"--output-file {args.output_file}: {exc.strerror or exc}", usage=False
            ) from None
    try:
        _write_report(args, registry, diagnostics, shown, summary, out, fixable)
        out.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _OutputError(exc.strerror or str(exc)) from None
    finally:
        if out is not sys.stdout:
            out.close()
    return _exit_code(args, diagnostics)


def _write_report(
    args: Args,
    registry: Registry,
    diagnostics: list[Diagnostic],
    shown: list[Diagnostic],
    summary: report.Summary,
    out: TextIO,
    fixable: Set[tuple[str, int, int, str]] = frozenset(),
) -> None:
    from mxlint import report

    if args.format == "json":
        report.json_report(shown, summary, out, fixable)
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
        color = report.use_color(args.color, out)
        if args.show_source:
            _text_with_source(shown, summary, out, color)
        else:
            report.text(shown, summary, out, color)
        if args.statistics:
            report.statistics(diagnostics, out, fixable)
        if not args.quiet:
            print(summary.line(), file=sys.stderr)
            n = sum(1 for d in shown if (d.path, d.line, d.column, d.code) in fixable)
            if n:  # the text format's fixable marker: the lines themselves stay as they are
                s = "" if n == 1 else "s"
                print(
                    f"mxlint: {n} problem{s} fixable with --fix (--diff shows how)", file=sys.stderr
                )


def _failing(args: Args) -> tuple[str, ...]:
    """The severities that fail the run: ``--fail-level`` and above."""
    return FAIL_LEVELS[: FAIL_LEVELS.index(args.fail_level) + 1]


def _fails(args: Args, d: Diagnostic) -> bool:
    """Does ``d`` fail the run: its severity is ``--fail-level`` or above, or ``--fail-on``
    names its rule."""
    if d.severity in _failing(args):
        return True
    named: set[str] | None = getattr(args, "fail_on_keys", None)
    if named is None:
        named = args.fail_on_keys = {k.lower() for k in _keys(args.fail_on)}
    return bool(named) and (d.code.lower() in named or d.rule.lower() in named)


def _exit_code(args: Args, diagnostics: list[Diagnostic]) -> int:
    if args.exit_zero:
        return EXIT_OK
    return EXIT_ERRORS if any(_fails(args, d) for d in diagnostics) else EXIT_OK


def _diff_exit(args: Args, changes: object, diagnostics: list[Diagnostic]) -> int:
    """``--diff`` exits 1 when it printed changes (as ``ruff --diff`` and ``black --diff``
    do: a CI step fails while a fix is pending), else as a lint run."""
    if changes and not args.exit_zero:
        return EXIT_ERRORS
    return _exit_code(args, diagnostics)


def _text_with_source(
    diagnostics: Sequence[Diagnostic], summary: report.Summary, out: TextIO, color: bool
) -> None:
    """The text format, each diagnostic followed by its source line and a caret under its
    column (shellcheck's and ruff's full output); tabs are kept so the caret lines up."""
    from mxlint import report, safeopen

    lines: dict[str, list[str] | None] = {}
    for d in diagnostics:
        report.text([d], summary, out, color)
        if d.path not in lines:
            try:
                lines[d.path] = safeopen.read_text(d.path, errors="replace").splitlines()
            except (OSError, ValueError):
                lines[d.path] = None
        source = lines[d.path]
        if source is None or not 1 <= d.line <= len(source):
            continue
        text = source[d.line - 1]
        pad = "".join(c if c == "\t" else " " for c in text[: max(d.column - 1, 0)])
        gutter = f"{d.line:>5} | "
        out.write(f"{gutter}{text}\n{' ' * (len(gutter) - 2)}| {pad}^\n")


def _list(registry: Registry, config: Config, fmt: str = "text") -> int:
    from mxlint import docs
    from mxlint.check.engine import effective_level

    levels = [effective_level(r, config.rules.get(r.code)) for r in registry.rules]
    if fmt == "json":
        from mxlint import report

        report.rules_json(registry.rules, levels, sys.stdout)
        return EXIT_OK
    rows = []
    for r, level in zip(registry.rules, levels, strict=True):
        state = "on" if level != "off" else "off"
        rows.append((r.code, r.name, r.severity, state, docs.summary_text(r)))
    w_name = max(len(r[1]) for r in rows)
    for code, name, sev, state, summary in rows:
        print(f"{code}  {name:<{w_name}}  {sev:<7}  {state:<3}  {summary}")
    return EXIT_OK


def _explain(registry: Registry, key: str) -> int:
    from mxlint import docs
    from mxlint.config import did_you_mean

    r = registry.get(key)
    if r is None:
        choices = [k for r in registry.rules for k in (r.name, r.code)]
        raise UsageError(
            f"unknown rule {key!r}{did_you_mean(key, choices)} (mxlint --list-rules shows them)"
        )
    sys.stdout.write(docs.explain(r))
    return EXIT_OK


def _show_settings(args: Args) -> int:
    """``--show-settings``: what a run over PATH (the first one; default the current folder)
    would use, resolved: the configuration file, every rule's level and options, origins,
    context, exclusions, limits and the exit status's rules. YAML-like, for reading."""
    import json
    from dataclasses import replace

    from mxlint import api
    from mxlint.check.engine import effective_level
    from mxlint.config import find_config
    from mxlint.limits import LIMITS

    options = _options(args)
    registry = _registry(args) or api.load_registry()
    path = args.stdin_filename or (args.paths[0] if args.paths and args.paths[0] != "-" else ".")
    if args.config is None and not args.no_config:
        start = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
        options = replace(options, config_path=find_config(start))
    config = api.load_configuration(options, registry)
    settings = api.rule_settings(registry, config, options.enable, options.disable)
    limits = api.run_limits(options, config)
    w = sys.stdout.write
    w(f"path: {json.dumps(path)}\n")
    source = "none (--no-config)" if args.no_config else (config.path or "none found")
    w(f"configuration: {source}\n")
    w(f"fail-level: {args.fail_level}\n")
    if args.fail_on:
        w(f"fail-on: {json.dumps(_keys(args.fail_on))}\n")
    w("rules:\n")
    for r in registry.rules:
        s = settings.get(r.code)
        level = effective_level(r, s)
        opts = {**r.options, **(s.options if s else {})}
        extra = f"  # options: {json.dumps(opts, sort_keys=True)}" if opts else ""
        w(f"  {r.name}: {level}  # {r.code}{extra}\n")
    for key, values in (
        ("origins", [f"{g}: {o}" for g, o in config.origins]),
        ("context", [*config.context, *args.context]),
        ("exclude", list(config.exclude)),
        ("server-configs", list(config.server_configs)),
    ):
        w(f"{key}: {json.dumps(values)}\n")
    w(f"baseline: {json.dumps(args.baseline or config.baseline_path)}\n")
    w("limits:\n")
    for name in LIMITS:
        w(f"  {name}: {getattr(limits, name.replace('-', '_'))}\n")
    return EXIT_OK
