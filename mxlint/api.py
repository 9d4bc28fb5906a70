"""The whole lint pipeline behind one function: :func:`lint`.

Every front end calls it: the command line (``mxlint.cli``), standard input, the editor
server, and the tests. It reads zone files and nothing else of the user's, writes nothing, and
prints nothing: what it found comes back as a :class:`Result`::

    files -> zone identity (origin, versions) -> loader -> zone set -> rules -> diagnostics
          -> suppressions -> Result

Reporting, ``--fix`` and the exit code are the caller's business (``Result.exit_code`` gives
the documented one).

    >>> import mxlint
    >>> result = mxlint.lint(["zones/"])                                    # doctest: +SKIP
    >>> for d in result.diagnostics:                                         # doctest: +SKIP
    ...     print(d.path, d.line, d.code, d.message)
"""

from __future__ import annotations

import gc
import glob
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mxlint.config import Config
    from mxlint.engine import RuleSetting
    from mxlint.model import Diagnostic, Zone, ZoneSet
    from mxlint.progress import Progress
    from mxlint.registry import Registry

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class LintError(Exception):
    """The run cannot start: a missing path, an unknown rule, a bad configuration or plugin.

    The command line turns it into exit status 2. ``usage`` is true when the mistake is in the
    arguments (so the command line's usage text helps), false for a bad configuration file.
    """

    def __init__(self, message: str, usage: bool = True) -> None:
        super().__init__(message)
        self.usage = usage


@dataclass(frozen=True)
class Options:
    """What a run is asked to do; every field has the command line's default.

    ``sources`` maps a path to text read instead of that file (standard input, an editor's
    unsaved buffer): the path still decides the origin, the configuration and the name in
    diagnostics, and need not exist. ``config`` is used as given; otherwise ``config_path``,
    else the nearest configuration file (unless ``use_config`` is false).
    """

    origin: str | None = None
    context: Sequence[str] = ()
    include_roots: Sequence[str] = ()
    config: Config | None = None
    config_path: str | None = None
    use_config: bool = True
    enable: Sequence[str] = ()
    disable: Sequence[str] = ()
    sources: Mapping[str, str] = field(default_factory=dict)
    progress: bool = True
    verbose: Callable[[str], None] | None = None
    # serial-not-increased: the git revision to compare with (None: the index against HEAD)
    base: str | None = None
    # --online: ask the zones' servers and resolve outside MX targets
    online: bool = False
    servers: Sequence[str] = ()
    resolvers: Sequence[str] = ()
    timeout: float | None = None


@dataclass
class Result:
    """What a run found. ``files`` are the zone files linted (context zones excluded);
    ``skipped`` the files a folder walk passed over, with why; ``zones`` every loaded zone
    (linted and context) and ``zone_set`` their index, for ``--fix`` and tools."""

    diagnostics: list[Diagnostic]
    files: list[str]
    zones: list[Zone]
    zone_set: ZoneSet
    registry: Registry
    settings: dict[str, RuleSetting]
    config: Config
    skipped: list[tuple[str, str]] = field(default_factory=list)
    searched: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    def exit_code(self, fail_level: str = "error") -> int:
        """0, or 1 when a diagnostic is at ``fail_level`` or worse."""
        from mxlint.model import SEVERITIES

        worst = SEVERITIES.index(fail_level)
        failing = any(SEVERITIES.index(d.severity) <= worst for d in self.diagnostics)
        return EXIT_ERRORS if failing else EXIT_OK


def load_registry() -> Registry:
    """The built-in rules and every installed plugin; :class:`LintError` for a broken one."""
    from mxlint.registry import Registry, RegistryError

    try:
        return Registry.load()
    except RegistryError as exc:
        raise LintError(str(exc)) from exc


def load_configuration(options: Options, registry: Registry) -> Config:
    """The configuration ``options`` asks for (see :class:`Options`)."""
    from mxlint.config import Config, ConfigError, find_config, load_config

    if options.config is not None:
        return options.config
    if not options.use_config:
        return Config()
    path = options.config_path
    if path is not None and not os.path.isfile(path):
        raise LintError(f"no such configuration file: {path}")
    if path is None:
        path = find_config(os.getcwd())
    try:
        return load_config(path, registry)
    except ConfigError as exc:
        raise LintError(str(exc), usage=False) from exc


def rule_settings(
    registry: Registry, config: Config, enable: Sequence[str], disable: Sequence[str]
) -> dict[str, RuleSetting]:
    """The configuration's rule settings with ``enable``/``disable`` (names or codes) on top."""
    from mxlint.engine import RuleSetting
    from mxlint.registry import RegistryError

    settings = dict(config.rules)
    try:
        for key in enable:
            r = registry.resolve(key)
            old = settings.get(r.code)
            level = old.level if old and old.level not in (None, "off") else r.severity
            settings[r.code] = RuleSetting(level, old.options if old else {})
        for key in disable:
            r = registry.resolve(key)
            old = settings.get(r.code)
            settings[r.code] = RuleSetting("off", old.options if old else {})
    except RegistryError as exc:
        raise LintError(str(exc)) from exc
    return settings


def lint(
    paths: Sequence[str],
    options: Options | None = None,
    *,
    registry: Registry | None = None,
) -> Result:
    """Lint the zone files in ``paths`` (files, whatever their names, and folders, walked for
    zone files) and return every diagnostic, suppressions applied, sorted by place.

    Raises :class:`LintError` when the run cannot start (exit status 2 on the command line).
    """
    from mxlint import config as cfg
    from mxlint import engine, files, identity, suppress
    from mxlint.model import ZoneSet
    from mxlint.progress import Progress

    options = options or Options()
    registry = registry or load_registry()
    config = load_configuration(options, registry)
    settings = rule_settings(registry, config, options.enable, options.disable)
    for root in options.include_roots:
        if not os.path.isdir(root):
            raise LintError(f"--include-root {root}: no such folder")

    def excluded(path: str) -> bool:
        return cfg.is_excluded(config, path)

    named = [p for p in paths if p in options.sources]
    on_disk = [p for p in paths if p not in options.sources]
    walked = files.expand(on_disk, excluded)
    if walked.missing:
        raise LintError(f"no such file or folder: {', '.join(walked.missing)}")
    candidates = [files.Candidate(os.path.normpath(p), True) for p in named] + walked.files
    if options.origin is not None and (
        len(paths) != 1 or (paths[0] not in options.sources and os.path.isdir(paths[0]))
    ):
        raise LintError("--origin applies to a single zone file; give exactly one file")
    context = files.expand(options.context)
    if context.missing:
        raise LintError(f"no such context file or folder: {', '.join(context.missing)}")
    context_files = [c.path for c in context.files]
    if config.context and config.base_dir:
        for pattern in config.context:
            found = glob.glob(os.path.join(config.base_dir, pattern), recursive=True)
            context_files += sorted(f for f in found if os.path.isfile(f))

    progress = Progress(enabled=options.progress)
    plan = identity.plan(
        candidates,
        context_files,
        config,
        origin=options.origin,
        sources=options.sources,
        server_configs=walked.server_configs + context.server_configs,
    )
    progress.files_total = len(plan.entries)
    # Records, zones and their indexes form no reference cycles and live until the end of
    # the run: the cyclic collector would only walk them again and again while they grow
    # (full collections over every record). It is off while they are built and checked, and
    # back on (as it was) before the stages that talk to git and the network.
    collecting = gc.isenabled()
    gc.disable()
    try:
        zones = identity.load(
            plan,
            include_roots=options.include_roots,
            sources=options.sources,
            progress=progress,
        )
        zone_set = ZoneSet(zones)
        progress.note(f"checking {progress.records:,} records")
        diagnostics = engine.run(registry, zone_set, settings)
    finally:
        if collecting:
            gc.enable()
    staged, notes = _stages(options, registry, zone_set, settings, progress, diagnostics)
    diagnostics += staged
    diagnostics = suppress.apply(diagnostics, suppress.scan_zones(zones), registry)
    diagnostics.sort(key=lambda d: d.sort_key())
    progress.done()
    if options.verbose is not None:
        for path, why in walked.skipped + plan.skipped:
            options.verbose(f"skipped {path}: {why}")
    return Result(
        diagnostics,
        [z.path for z in zones if not z.context],
        zones,
        zone_set,
        registry,
        settings,
        config,
        walked.skipped + plan.skipped,
        list(paths),
        notes,
    )


def _stages(
    options: Options,
    registry: Registry,
    zone_set: ZoneSet,
    settings: Mapping[str, RuleSetting],
    progress: Progress,
    offline: list[Diagnostic],
) -> tuple[list[Diagnostic], list[str]]:
    """The checks that need more than the files: git history (serial), the network (online)."""
    from mxlint import serial

    if not options.online and (options.servers or options.resolvers or options.timeout):
        raise LintError("--server, --resolver and --timeout apply only with --online")
    try:
        result = serial.run(
            registry,
            zone_set.zones,
            dict(settings),
            serial.SerialOptions(base=options.base, extra_include_roots=options.include_roots),
        )
    except serial.BaseError as exc:
        raise LintError(str(exc), usage=False) from exc
    diagnostics = result.diagnostics
    notes = result.notes
    if options.online:
        from mxlint import online

        try:
            opts = online.OnlineOptions(
                servers=[online.parse_server(s) for s in options.servers],
                resolvers=[online.parse_server(s) for s in options.resolvers] or None,
                timeout=3.0 if options.timeout is None else options.timeout,
                progress=lambda done, total: progress.status(
                    f"{done}/{total} DNS queries answered"
                ),
            )
        except ValueError as exc:
            raise LintError(str(exc)) from exc
        if not 0 < opts.timeout <= 300:
            raise LintError(f"--timeout {opts.timeout:g}: give seconds between 0 and 300")
        live = online.run(registry, zone_set, dict(settings), opts, offline)
        diagnostics += live.diagnostics
        notes += live.notes
    return diagnostics, notes
