"""The whole lint pipeline behind one function: :func:`lint`.

Every front end calls it: the command line (``mxlint.cli``), standard input, the editor
server, and the tests. It reads zone files and nothing else of the user's, writes nothing
(but the baseline file, when ``Options.write_baseline`` asks), and prints nothing: what it
found comes back as a :class:`Result`::

    files -> zone identity (origin, versions) -> loader -> zone set -> rules -> diagnostics
          -> suppressions -> baseline -> Result

Reporting, ``--fix`` and the exit code are the caller's business (``Result.exit_code`` gives
the documented one).

    >>> import mxlint
    >>> result = mxlint.lint(["zones/"])                                    # doctest: +SKIP
    >>> for d in result.diagnostics:                                         # doctest: +SKIP
    ...     print(d.path, d.line, d.code, d.message)
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from mxlint._value import Value

if TYPE_CHECKING:
    from mxlint.check.engine import RuleSetting
    from mxlint.check.registry import Registry, Rule
    from mxlint.config import Config
    from mxlint.identity.walk import Candidate, Expansion
    from mxlint.limits import Limits
    from mxlint.model import Diagnostic, Zone, ZoneSet
    from mxlint.progress import Progress
    from mxlint.stages.baseline import Baseline
    from mxlint.stages.suppress import Directive, Use

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
# The default of a field with a default factory in a dataclass's generated __init__ (what its
# signature shows: ``<factory>``); the written-out ones below take the same.
_FACTORY: Any = getattr(dataclasses, "_HAS_DEFAULT_FACTORY", object())


class LintError(Exception):
    """The run cannot start: a missing path, an unknown rule, a bad configuration or plugin.

    The command line turns it into exit status 2. ``usage`` is true when the mistake is in the
    arguments (so the command line's usage text helps), false for a bad configuration file.
    """

    def __init__(self, message: str, usage: bool = True) -> None:
        super().__init__(message)
        self.usage = usage


@dataclass(frozen=True, init=False, repr=False, eq=False)
class Options(Value):
    """What a run is asked to do; every field has the command line's default.

    ``sources`` maps a path to text read instead of that file (standard input, an editor's
    unsaved buffer): the path still decides the origin, the configuration and the name in
    diagnostics, and need not exist. ``config`` is used as given; otherwise ``config_path``,
    else the nearest configuration file (unless ``use_config`` is false).

    (A dataclass whose ``__init__``, equality, hashing and repr are written out: generated,
    they cost a tenth of a small zone's run; tests/test_api.py holds them to the generated
    ones.)
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
    # --probe-smtp: ask each MX host over SMTP (mxlint.stages.smtp) on this port
    probe_smtp: bool = False
    smtp_port: int = 25
    smtp_timeout: float | None = None  # seconds per host (default: ProbeOptions.timeout)
    # ask NS hosts at private, loopback or link-local addresses too (never glue from a zone)
    online_allow_private: bool = False
    # "NAME=N" raising or lowering a limit of mxlint.limits (over the configuration's limits:)
    limits: Sequence[str] = ()
    # --baseline FILE: report only the diagnostics it does not record (None: the
    # configuration's ``baseline:``, if any); --write-baseline: record this run's instead
    baseline: str | None = None
    write_baseline: bool = False
    # Free each zone's records once its rules ran, where no later lookup or stage needs them
    # (the command line does, but for --fix and --diff): see Result for what it then holds.
    release_records: bool = False

    def __init__(
        self,
        origin: str | None = None,
        context: Sequence[str] = (),
        include_roots: Sequence[str] = (),
        config: Config | None = None,
        config_path: str | None = None,
        use_config: bool = True,
        enable: Sequence[str] = (),
        disable: Sequence[str] = (),
        sources: Mapping[str, str] = _FACTORY,
        progress: bool = True,
        verbose: Callable[[str], None] | None = None,
        base: str | None = None,
        online: bool = False,
        servers: Sequence[str] = (),
        resolvers: Sequence[str] = (),
        timeout: float | None = None,
        probe_smtp: bool = False,
        smtp_port: int = 25,
        smtp_timeout: float | None = None,
        online_allow_private: bool = False,
        limits: Sequence[str] = (),
        baseline: str | None = None,
        write_baseline: bool = False,
        release_records: bool = False,
    ) -> None:
        put = object.__setattr__  # frozen
        put(self, "origin", origin)
        put(self, "context", context)
        put(self, "include_roots", include_roots)
        put(self, "config", config)
        put(self, "config_path", config_path)
        put(self, "use_config", use_config)
        put(self, "enable", enable)
        put(self, "disable", disable)
        put(self, "sources", {} if sources is _FACTORY else sources)
        put(self, "progress", progress)
        put(self, "verbose", verbose)
        put(self, "base", base)
        put(self, "online", online)
        put(self, "servers", servers)
        put(self, "resolvers", resolvers)
        put(self, "timeout", timeout)
        put(self, "probe_smtp", probe_smtp)
        put(self, "smtp_port", smtp_port)
        put(self, "smtp_timeout", smtp_timeout)
        put(self, "online_allow_private", online_allow_private)
        put(self, "limits", limits)
        put(self, "baseline", baseline)
        put(self, "write_baseline", write_baseline)
        put(self, "release_records", release_records)


@dataclass(init=False, repr=False, eq=False)
class Result(Value):
    """What a run found. ``files`` are the zone files linted (context zones excluded);
    ``skipped`` the files a folder walk passed over, with why; ``zones`` every loaded zone
    (linted and context) and ``zone_set`` their index, for ``--fix`` and tools.

    With ``Options.release_records`` (and no ``--online``), a zone whose records nothing
    else needed was released after its rules ran, and a context zone no lookup reached was
    never read: such zones keep their path, origin, files, notes, problems and directives,
    but ``records`` is empty (``zone_set.resident(zone)`` is false); ``zone_set.ensure(zone)``
    reads them again.

    (A dataclass written out as :class:`Options` is.)
    """

    __hash__ = None  # type: ignore[assignment]  # mutable: unhashable, as a dataclass with eq

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
    # diagnostics left out because the baseline records them
    baselined: int = 0

    def __init__(
        self,
        diagnostics: list[Diagnostic],
        files: list[str],
        zones: list[Zone],
        zone_set: ZoneSet,
        registry: Registry,
        settings: dict[str, RuleSetting],
        config: Config,
        skipped: list[tuple[str, str]] = _FACTORY,
        searched: list[str] = _FACTORY,
        notes: list[str] = _FACTORY,
        baselined: int = 0,
    ) -> None:
        self.diagnostics = diagnostics
        self.files = files
        self.zones = zones
        self.zone_set = zone_set
        self.registry = registry
        self.settings = settings
        self.config = config
        self.skipped = [] if skipped is _FACTORY else skipped
        self.searched = [] if searched is _FACTORY else searched
        self.notes = [] if notes is _FACTORY else notes
        self.baselined = baselined

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    def exit_code(self, fail_level: str = "error") -> int:
        """0, or 1 when a diagnostic is at ``fail_level`` or worse."""
        from mxlint.model import SEVERITIES

        worst = SEVERITIES.index(fail_level)
        failing = any(SEVERITIES.index(d.severity) <= worst for d in self.diagnostics)
        return EXIT_ERRORS if failing else EXIT_OK


Options._fields = tuple(f.name for f in fields(Options))
Result._fields = tuple(f.name for f in fields(Result))


def load_registry() -> Registry:
    """The built-in rules and every installed plugin; :class:`LintError` for a broken one."""
    from mxlint.check.registry import Registry, RegistryError

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
    if path is not None and (not os.path.lexists(path) or os.path.isdir(path)):
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
    from mxlint.check.engine import RuleSetting
    from mxlint.check.registry import RegistryError

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


def run_limits(options: Options, config: Config) -> Limits:
    """The configuration's ``limits:``, then ``Options.limits`` (``--limit``) over them."""
    from mxlint.limits import DEFAULT, parse_option

    values = dict(config.limits)
    for text in options.limits:
        try:
            name, number = parse_option(text)
        except ValueError as exc:
            raise LintError(f"--limit {text}: {exc}") from None
        values[name] = number
    return DEFAULT.with_values(values)


def _declared(
    walked: Expansion, candidates: Sequence[Candidate], excluded: Callable[[str], bool]
) -> list[Candidate]:
    """The files the server configurations load that no walk took (``example.com.txt``, or
    every zone of a ``named.conf`` given by name): inside the folders named, or anywhere in
    the repository of a configuration given by name."""
    from mxlint.identity import servers
    from mxlint.identity import walk as files

    seen = {c.real or os.path.realpath(c.path) for c in candidates}
    tops = [os.path.realpath(r) for r in walked.roots]
    out = []
    for path in servers.declared_files(walked.server_configs, walked.roots):
        real = os.path.realpath(path)
        inside = any(real.startswith(t.rstrip(os.sep) + os.sep) for t in tops)
        if real in seen or excluded(path) or not (inside or walked.named_configs):
            continue
        seen.add(real)
        out.append(files.Candidate(path, False, real=real))
    return out


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
    from mxlint.check import engine
    from mxlint.identity import walk as files
    from mxlint.identity import zones as identity
    from mxlint.model import ZoneSet
    from mxlint.progress import Progress
    from mxlint.stages import suppress

    options = options or Options()
    registry = registry or load_registry()
    config = load_configuration(options, registry)
    settings = rule_settings(registry, config, options.enable, options.disable)
    configs = _Configs(options, registry, config, settings)
    limits = run_limits(options, config)
    for root in options.include_roots:
        if not os.path.isdir(root):
            raise LintError(f"--include-root {root}: no such folder")
    recorded = _read_baseline(options, config)

    def excluded(path: str) -> bool:
        return cfg.is_excluded(configs.for_path(path), path)

    named = [p for p in paths if p in options.sources]
    on_disk = [p for p in paths if p not in options.sources]
    walked = files.expand(on_disk, excluded)
    if walked.missing:
        raise LintError(f"no such file or folder: {', '.join(walked.missing)}")
    if walked.unreadable:
        raise LintError(
            "cannot read "
            + "; ".join(walked.unreadable)
            + ". mxlint cannot tell which zones a folder holds without reading it: make it "
            "readable, or exclude it in the configuration",
            usage=False,
        )
    candidates = [files.Candidate(os.path.normpath(p), True) for p in named] + walked.files
    candidates += _declared(walked, candidates, excluded)
    if options.origin is not None and (
        len(paths) != 1 or (paths[0] not in options.sources and os.path.isdir(paths[0]))
    ):
        raise LintError("--origin applies to a single zone file; give exactly one file")
    context = files.expand(options.context)
    if context.unreadable:
        raise LintError(f"cannot read context folder {'; '.join(context.unreadable)}", usage=False)
    if context.missing:
        raise LintError(f"no such context file or folder: {', '.join(context.missing)}")
    context_files = [c.path for c in context.files]
    used_configs = configs.of([c.path for c in candidates])
    for each in used_configs:
        if each.context and each.base_dir:
            for pattern in each.context:
                from mxlint.safeopen import glob_files  # ** never loops through links

                context_files += glob_files(os.path.join(each.base_dir, pattern))

    progress = Progress(enabled=options.progress)
    plan = identity.plan(
        candidates,
        context_files,
        configs.for_path,
        origin=options.origin,
        server_configs=walked.server_configs
        + context.server_configs
        + [f for each in used_configs for f in each.server_configs_for()],
        roots=walked.roots,
    )
    progress.files_total = len(plan.entries)
    # Records, zones and their indexes form no reference cycles and live until the end of
    # the run: the cyclic collector would only walk them again and again while they grow
    # (full collections over every record). It is off while they are built and checked, and
    # back on (as it was) before the stages that talk to git and the network.
    collecting = gc.isenabled()
    thaw = False
    gc.disable()
    try:
        # Zone by zone: a zone is read when its rules run (or when a lookup from another
        # zone first needs it), and released after them unless something after needs it.
        scanned = identity.scan(
            plan,
            include_roots=[*options.include_roots, *walked.roots],  # a folder named is a root
            sources=options.sources,
            progress=progress,
            limits=limits,
        )
        zones = scanned.zones
        zone_set = ZoneSet(
            zones, load=scanned.load, pending=scanned.pending, loadable=scanned.loadable
        )
        release = options.release_records and not options.online
        diagnostics = engine.run(
            registry, zone_set, settings, configs.settings_for, release=release
        )
        if not release:
            zone_set.load_all()  # the context zones no lookup reached: for --fix and tools
    finally:
        if collecting:
            # Frozen first: what the run built is not walked again by the collections of the
            # stages after it (the first would walk all of it, as young objects: about 5% of
            # a run over 100k records). Thawed (old) before lint returns, unless the caller
            # froze objects itself (the command does, at import; the language server thaws
            # after each run).
            thaw = not gc.get_freeze_count()
            gc.freeze()
            gc.enable()
    try:
        staged, notes = _stages(options, registry, zone_set, settings, progress, diagnostics)
        diagnostics += staged
        directives = suppress.scan_zones(zones)
        used: set[suppress.Use] = set()
        diagnostics = suppress.apply(diagnostics, directives, registry, used)
        unused = _unused_suppressions(
            options, registry, settings, zones, candidates, directives, used
        )
        diagnostics += suppress.apply(unused, directives, registry)
        diagnostics.sort(key=lambda d: d.sort_key())
        baselined = 0
        if recorded is not None:
            diagnostics, baselined = _apply_baseline(options, recorded, diagnostics, zones, notes)
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
            baselined,
        )
    finally:
        if thaw:
            gc.unfreeze()  # (a caller's collector frees the run's objects as before)


class _Configs:
    """Each file's configuration: the nearest one from the file's folder upwards (no merging),
    else the run's (the current folder's). ``--config``, ``Options.config`` and
    ``--no-config`` give one configuration for every file."""

    def __init__(
        self, options: Options, registry: Registry, config: Config, settings: dict[str, RuleSetting]
    ) -> None:
        self.options = options
        self.registry = registry
        self.config = config
        self.settings = settings
        self.per_file = (
            options.use_config and options.config is None and options.config_path is None
        )
        self._by_folder: dict[str, Config] = {}
        self._by_path: dict[str, Config] = {}  # asked for each file several times a run
        self._loaded: dict[str, Config] = {} if config.path is None else {config.path: config}
        self._settings: dict[int, dict[str, RuleSetting]] = {id(config): settings}

    def for_path(self, path: str) -> Config:
        if not self.per_file:
            return self.config
        known = self._by_path.get(path)
        if known is not None:
            return known
        self._by_path[path] = found = self._for_folder(os.path.dirname(os.path.abspath(path)))
        return found

    def _for_folder(self, folder: str) -> Config:
        found = self._by_folder.get(folder)
        if found is None:
            from mxlint.config import ConfigError, find_config, load_config

            where = find_config(folder)
            if where is None:
                found = self.config
            elif where in self._loaded:
                found = self._loaded[where]
            else:
                try:
                    found = self._loaded[where] = load_config(where, self.registry)
                except ConfigError as exc:
                    raise LintError(str(exc), usage=False) from exc
            self._by_folder[folder] = found
        return found

    def of(self, paths: Sequence[str]) -> list[Config]:
        """The distinct configurations of ``paths`` (the run's first)."""
        out = {id(self.config): self.config}
        for p in paths:
            c = self.for_path(p)
            out.setdefault(id(c), c)
        return list(out.values())

    def settings_for(self, zone: Zone) -> Mapping[str, RuleSetting]:
        config = self.for_path(zone.path)
        found = self._settings.get(id(config))
        if found is None:
            o = self.options
            found = rule_settings(self.registry, config, o.enable, o.disable)
            self._settings[id(config)] = found
        return found


def _unused_suppressions(
    options: Options,
    registry: Registry,
    settings: Mapping[str, RuleSetting],
    zones: Sequence[Zone],
    candidates: Sequence[Candidate],
    directives: Mapping[str, Sequence[Directive]],
    used: set[Use],
) -> list[Diagnostic]:
    """``unused-suppression``: the directives that silenced nothing, among the rules that ran
    in full for their file (see the rule's documentation for which those are)."""
    if not directives:  # most runs: the rule's module is not imported
        return []
    from mxlint.rules import unused_suppression as rule
    from mxlint.stages import stage

    if stage.level(registry, settings, rule.CODE) == "off":
        return []
    walked = {os.path.realpath(c.path) for c in candidates if not c.explicit}
    wide = {
        os.path.realpath(f)
        for z in zones
        if not z.context and os.path.realpath(z.path) in walked
        for f in [z.path, *z.files]
    }

    def judged(path: str, r: Rule) -> bool:
        if r.code in rule.STAGED or (r.code in rule.ONLINE and not options.online):
            return False
        if r.code not in rule.LOCAL and os.path.realpath(path) not in wide:
            return False
        return stage.level(registry, settings, r.code) != "off"

    found = rule.findings(directives, used, registry, judged)
    return stage.stamp(registry, settings, rule.CODE, found)


def _read_baseline(options: Options, config: Config) -> Baseline | None:
    """The baseline the run asks for (``--baseline``, else the configuration's), read now so
    that a bad one stops the run before any work; an empty one to write when there is none."""
    path = options.baseline or config.baseline_path
    if path is None:
        if options.write_baseline:
            raise LintError("--write-baseline needs a file: give --baseline FILE")
        return None
    from mxlint.stages import baseline

    if options.write_baseline and not os.path.exists(path):
        return baseline.Baseline(path)
    try:
        return baseline.read(path)
    except baseline.BaselineError as exc:
        raise LintError(str(exc), usage=False) from exc


def _apply_baseline(
    options: Options,
    recorded: Baseline,
    diagnostics: list[Diagnostic],
    zones: Sequence[Zone],
    notes: list[str],
) -> tuple[list[Diagnostic], int]:
    """Leave out what the baseline records (or record this run with ``write_baseline``)."""
    from mxlint.stages import baseline

    files = {f for z in zones if not z.context for f in [z.path, *z.files]}
    if options.write_baseline:
        entries = baseline.record(recorded, diagnostics, files, options.sources)
        try:
            baseline.write(recorded.path, entries)
        except baseline.BaselineError as exc:
            raise LintError(str(exc), usage=False) from exc
        n = sum(count for _, count in entries.values())
        notes.append(
            f"wrote {recorded.path}: {n} diagnostic{'s' if n != 1 else ''} recorded "
            f"({len(diagnostics)} from this run); from now on only new ones are reported"
        )
        return [], len(diagnostics)
    applied = baseline.apply(recorded, diagnostics, files, options.sources)
    notes.extend(applied.notes(recorded))
    return applied.diagnostics, applied.baselined


def _stages(
    options: Options,
    registry: Registry,
    zone_set: ZoneSet,
    settings: Mapping[str, RuleSetting],
    progress: Progress,
    offline: list[Diagnostic],
) -> tuple[list[Diagnostic], list[str]]:
    """The checks that need more than the files: git history (serial), the network (online)."""
    if not options.online and (
        options.servers or options.resolvers or options.timeout or options.online_allow_private
    ):
        raise LintError("--server, --resolver and --timeout apply only with --online")
    diagnostics: list[Diagnostic] = []
    notes: list[str] = []
    if options.base is not None or _in_work_tree(zone_set.zones):
        from mxlint.stages import serial

        try:
            result = serial.run(
                registry,
                zone_set.zones,
                dict(settings),
                serial.SerialOptions(
                    base=options.base,
                    extra_include_roots=options.include_roots,
                    sources=options.sources,
                ),
            )
        except serial.BaseError as exc:
            raise LintError(str(exc), usage=False) from exc
        diagnostics = result.diagnostics
        notes = result.notes
    if options.online:
        from mxlint.stages import online

        try:
            opts = online.OnlineOptions(
                servers=[online.parse_server(s) for s in options.servers],
                resolvers=[online.parse_server(s) for s in options.resolvers] or None,
                timeout=3.0 if options.timeout is None else options.timeout,
                allow_special=options.online_allow_private,
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
        if options.resolvers:  # mx-propagation: only resolvers the user named
            from mxlint.stages import propagation

            spread = propagation.run(
                registry, zone_set, dict(settings), opts.resolvers or (), opts.timeout
            )
            diagnostics += spread.diagnostics
            notes += spread.notes
    if options.probe_smtp:
        from mxlint.stages import smtp

        if not 0 < options.smtp_port < 65536:
            raise LintError(f"--smtp-port {options.smtp_port}: give a port from 1 to 65535")
        probe = smtp.ProbeOptions(port=options.smtp_port)
        if options.smtp_timeout is not None:
            if not 0 < options.smtp_timeout <= 300:
                raise LintError(
                    f"--smtp-timeout {options.smtp_timeout:g}: give seconds between 0 and 300"
                )
            probe = smtp.ProbeOptions(
                port=options.smtp_port,
                timeout=options.smtp_timeout,
                total=max(probe.total, 8 * options.smtp_timeout),
            )
        probed, _ = smtp.run(registry, zone_set, dict(settings), probe)
        diagnostics += probed.diagnostics
    elif options.smtp_port != 25 or options.smtp_timeout is not None:
        raise LintError("--smtp-port and --smtp-timeout apply only with --probe-smtp")
    return diagnostics, notes


def _in_work_tree(zones: Sequence[Zone]) -> bool:
    """Whether a linted zone may lie in a git work tree: the serial stage (and its imports)
    is skipped otherwise, as it would find nothing to compare with."""
    from mxlint.identity.walk import maybe_work_tree

    # The real folder of each file: that of the file a link leads to, else its folder's real
    # path, looked up once per folder and not for each file.
    folders = {
        os.path.dirname(os.path.realpath(z.path))
        if os.path.islink(z.path)
        else os.path.dirname(z.path)
        for z in zones
        if not z.context
    }
    return any(maybe_work_tree(os.path.realpath(folder)) for folder in folders)
