"""How much work one zone file may cause: the limits policy, in one place.

A linter run on pull requests reads files written by strangers, so every kind of work that a
few bytes of input can multiply is bounded. The defaults are far above what real zones need
(the root zone has about 20,000 records; a 1,000,000-record zone loads untouched) and each can
be raised or lowered, in the configuration file::

    limits:                      # .mxlint.yaml; or [tool.mxlint.limits] in pyproject.toml
      generate-records: 5000000

or on the command line (which wins): ``mxlint --limit generate-records=5000000 ...``.

Hitting a limit is one ``limit-exceeded`` (MX025) diagnostic at the line that hit it; the run
goes on with the next statement (``$GENERATE``, ``$INCLUDE`` depth) or the next file (records,
bytes). Overlong zone text quoted in a message is cut short with an ellipsis.

Besides the bounds of one file, a :class:`RunBudget` holds the run's: ``run-records`` (the
records of every file together) and ``memory-mib`` (resident memory, read from
``/proc/self/statm`` before each file and every 8,192 records, about 17 microseconds a time),
and watches each file's reads of ``$INCLUDE`` files (``include-reads``, ``reread-factor``): a
1 KB file of repeated includes used to cost ten million records. These are checked while the
loader runs and stop it with :class:`RunLimitHit`; the file is then not checked at all
(``limit-exceeded`` at its line 1 says why), as when ``file-records`` is passed.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Final

from mxlint import safeopen
from mxlint._value import Value

#: name -> (default, what it bounds). The names are those of the configuration and ``--limit``.
LIMITS: Final[Mapping[str, tuple[int, str]]] = {
    "generate-records": (
        1_000_000,
        "records the $GENERATE lines of one zone file may make together, with what it "
        "includes (BIND itself refuses range values above 2147483647 but sets no count; a "
        "/16 of reverse records is 65,536)",
    ),
    "file-records": (
        10_000_000,
        "records one zone file may hold, with what it includes and generates",
    ),
    "file-bytes": (
        1 << 30,
        "bytes one zone file may have (1 GiB), each included file counted on its own",
    ),
    "include-depth": (16, "how deeply $INCLUDE files may nest"),
    "include-reads": (
        10_000,
        "how many times one zone file may read $INCLUDE files in all, a file read again "
        "counted again: ten lines that each include a file of ten includes, seven deep, are "
        "ten million reads",
    ),
    "reread-factor": (
        100,
        "how many times over one zone file may read its text: the bytes it reads, an "
        "$INCLUDE file read again counted again, at most this many times the bytes of its "
        "files each counted once, plus 1 MiB (a 1 KB file that includes one file again and "
        "again no longer makes millions of records)",
    ),
    "run-records": (
        20_000_000,
        "records the whole run may read, every zone file of it together (each file counted once)",
    ),
    "memory-mib": (
        8_192,
        "the run's peak resident memory, in MiB; never more than three quarters of the "
        "memory the machine (or its container) has, so that a run stops with this "
        "diagnostic rather than being killed",
    ),
    "echo-chars": (
        200,
        "characters of zone text that a message quotes before cutting it short with an ellipsis",
    ),
}


class Limits(Value):
    """The limits in force. Field names are the limit names with ``_`` for ``-``."""

    __slots__ = (
        "echo_chars",
        "file_bytes",
        "file_records",
        "generate_records",
        "include_depth",
        "include_reads",
        "memory_mib",
        "reread_factor",
        "run_records",
    )
    _fields = (
        "generate_records",
        "file_records",
        "file_bytes",
        "include_depth",
        "echo_chars",
        "include_reads",
        "reread_factor",
        "run_records",
        "memory_mib",
    )

    def __init__(
        self,
        generate_records: int = LIMITS["generate-records"][0],
        file_records: int = LIMITS["file-records"][0],
        file_bytes: int = LIMITS["file-bytes"][0],
        include_depth: int = LIMITS["include-depth"][0],
        echo_chars: int = LIMITS["echo-chars"][0],
        include_reads: int = LIMITS["include-reads"][0],
        reread_factor: int = LIMITS["reread-factor"][0],
        run_records: int = LIMITS["run-records"][0],
        memory_mib: int = LIMITS["memory-mib"][0],
    ) -> None:
        self.generate_records = generate_records
        self.file_records = file_records
        self.file_bytes = file_bytes
        self.include_depth = include_depth
        self.echo_chars = echo_chars
        self.include_reads = include_reads
        self.reread_factor = reread_factor
        self.run_records = run_records
        self.memory_mib = memory_mib

    def with_values(self, values: Mapping[str, int]) -> Limits:
        """A copy with ``values`` (keyed by limit name) set; the names must be known."""
        fields = dict(zip(self._fields, self._values(), strict=True))
        for name, value in values.items():
            field = name.replace("-", "_")
            if field not in fields:
                raise TypeError(f"unknown limit {name!r}")
            fields[field] = value
        return Limits(**fields)

    def how_to_raise(self, name: str) -> str:
        return f"raise it with --limit {name}=N, or limits: {{{name}: N}} in .mxlint.yaml"


DEFAULT: Final = Limits()


def check_value(name: str, value: object) -> str | None:
    """What is wrong with ``value`` for limit ``name``, or ``None`` if it can be used."""
    if name not in LIMITS:
        return f"unknown limit {name!r} (the limits are {', '.join(LIMITS)})"
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return f"limit {name} must be a whole number of at least 1, not {value!r}"
    return None


def parse_option(text: str) -> tuple[str, int]:
    """``NAME=VALUE`` of ``--limit``; raises ValueError saying what is wrong."""
    name, eq, value = text.partition("=")
    name = name.strip().lower()
    if not eq:
        raise ValueError(f"--limit takes NAME=VALUE (the limits are {', '.join(LIMITS)})")
    try:
        number: object = int(value.strip().replace("_", ""))
    except ValueError:
        number = value
    why = check_value(name, number)
    if why is not None:
        raise ValueError(why)
    assert isinstance(number, int)
    return name, number


def shorten(text: str, limit: int = DEFAULT.echo_chars) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, so a 10 MB token is never echoed."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 1)] + "…"


def cap_message(message: str, limit: int = DEFAULT.echo_chars) -> str:
    """The safety net for every message: past ``16 * limit + 400`` characters (room for three
    255-octet names with every byte escaped) keep its start and its end, where the hint is."""
    room = 16 * limit + 400
    if len(message) <= room:
        return message
    half = room // 2
    return message[:half] + " … " + message[-half:]


# --------------------------------------------------------------------------- the run's budget


class RunLimitHit(BaseException):
    """A limit checked while a file is read (``include-reads``, ``reread-factor``,
    ``run-records``, ``memory-mib``) stopped it; ``str()`` is the ``limit-exceeded`` message.

    A ``BaseException``, as ``KeyboardInterrupt`` is: it is raised inside the loader (from its
    progress callback and from its reads of ``$INCLUDE`` files) and must pass the loader's
    ``except Exception``, which turns a statement's failure into a syntax error and reads on;
    :mod:`mxlint.identity.zones` catches it around the loader."""


class _RunShare(Limits):
    """The limits of one file when what is left of ``run-records`` is less than
    ``file-records``: the loader's file-records diagnostic then says which limit it was."""

    __slots__ = ("before", "run_total")
    before: int
    run_total: int

    def how_to_raise(self, name: str) -> str:
        if name != "file-records":
            return super().how_to_raise(name)
        return (
            f"that is what was left of the run-records limit of {self.run_total:,} (the files "
            f"read before it hold {self.before:,} records); " + super().how_to_raise("run-records")
        )


_MIB: Final = 1 << 20


def machine_memory_mib() -> int | None:
    """The memory this process may use in all, in MiB: the machine's, or its container's
    (cgroup) limit when lower; ``None`` when neither can be read."""
    sizes: list[int] = []
    with contextlib.suppress(AttributeError, ValueError, OSError):
        sizes.append(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    where = ["/sys/fs/cgroup/memory/memory.limit_in_bytes"]
    try:  # cgroup v2: "0::/the/group"
        for line in safeopen.read_head("/proc/self/cgroup", 65536).decode().splitlines():
            if line.startswith("0::"):
                group = line[3:].strip().strip("/")
                where[:0] = [os.path.join("/sys/fs/cgroup", group, "memory.max")]
        where.append("/sys/fs/cgroup/memory.max")
    except (OSError, UnicodeDecodeError):
        pass
    for path in where:
        try:
            text = safeopen.read_head(path, 64).decode().strip()
        except (OSError, UnicodeDecodeError):
            continue
        if text.isdigit():
            sizes.append(int(text))
    sizes = [size for size in sizes if size > 0]
    return min(sizes) // _MIB if sizes else None


def resident_kib() -> int:
    """The resident memory of this process now, in KiB (Linux: ``/proc/self/statm``), else
    its peak (``getrusage``); 0 when neither is known. About a microsecond or two."""
    try:
        fd = os.open("/proc/self/statm", os.O_RDONLY)
    except OSError:
        fd = -1
    if fd >= 0:
        try:
            fields = os.read(fd, 256).split()
        finally:
            os.close(fd)
        if len(fields) > 1:
            return int(fields[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


class _Reads(Mapping[str, str]):
    """The loader's ``overrides`` (texts read instead of files), watched: each ``get`` is
    the loader reading a zone file or an ``$INCLUDE``d one (``mxlint.zonefile.reader._read``),
    so the distinct bytes of a zone's text and how often each file was read are known while
    it is read."""

    def __init__(
        self, texts: Mapping[str, str], top: str, size: int, on_read: Callable[[], None]
    ) -> None:
        self.texts = texts
        self.sizes: dict[str, int] = {top: size}
        self.reads: dict[str, int] = {}
        self.count = 0
        self.size = size  # the distinct files' bytes
        self.read = size  # the bytes read, a file read again counted again
        self.on_read = on_read

    def __bool__(self) -> bool:
        return True  # asked: the loader consults a mapping only when it is not empty

    def __getitem__(self, key: str) -> str:
        return self.texts[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.texts)

    def __len__(self) -> int:
        return len(self.texts)

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        text = self.texts.get(key)
        self.reads[key] = self.reads.get(key, 0) + 1
        self.count += 1
        size = self.sizes.get(key)
        if size is None:
            try:
                size = len(text) if text is not None else os.stat(key).st_size
            except OSError:
                size = 0
            self.sizes[key] = size
            self.size += size
        self.read += size
        self.on_read()
        return text if text is not None else default


class Reading:
    """One file being read under a :class:`RunBudget`: ``limits`` and ``overrides`` to give
    the loader (watched: ``include-reads`` and ``reread-factor`` are checked at each read of an
    ``$INCLUDE`` file), ``progress`` its callback (every few thousand records, between
    statements), which checks ``memory-mib``; each raises :class:`RunLimitHit`."""

    def __init__(
        self,
        budget: RunBudget,
        path: str,
        limits: Limits,
        texts: Mapping[str, str],
        size: int,
        tick: Callable[[int], None] | None,
    ) -> None:
        self.budget = budget
        self.path = path
        self.limits = limits
        self.overrides = _Reads(texts, os.path.realpath(path), size, self._on_read)
        self._tick = tick

    def _on_read(self) -> None:
        lim = self.budget.limits
        reads = self.overrides
        if reads.count > lim.include_reads:
            raise RunLimitHit(
                f"the zone reads $INCLUDE files more than {lim.include_reads:,} times (the "
                f"include-reads limit{self._most_read('; ')}), so mxlint stopped reading it and "
                "checks none of it; " + lim.how_to_raise("include-reads")
            )
        most = lim.reread_factor * reads.size + _MIB
        if reads.read > most:
            raise RunLimitHit(
                f"the zone reads its {reads.size:,} bytes of text (each file counted once) "
                f"again and again{self._most_read(' (', ')')}: more than {most:,} bytes, the "
                f"reread-factor limit of {lim.reread_factor:,} times its text plus 1 MiB, so "
                "mxlint stopped reading it and checks none of it; "
                + lim.how_to_raise("reread-factor")
            )

    def _most_read(self, before: str, after: str = "") -> str:
        """The file read most often and how often, between ``before`` and ``after``."""
        reads = self.overrides.reads
        most = max(reads, key=lambda k: reads[k], default=None)
        if most is None or reads[most] < 2:
            return ""
        return f"{before}{os.path.basename(most)} was read {reads[most]:,} times{after}"

    def progress(self, records: int) -> None:
        if self._tick is not None:
            self._tick(records)
        self.check(records)

    def check(self, records: int) -> None:
        self.budget.check_memory("while it was read")


class RunBudget:
    """What one run has used of its run-wide limits: ``run-records`` (the records its files
    hold, each file counted once however often it is read again) and ``memory-mib`` (resident
    memory, checked between files and every few thousand records). One per run
    (:func:`mxlint.identity.zones.scan` makes it)."""

    def __init__(self, limits: Limits, machine_mib: int | None = -1) -> None:
        self.limits = limits
        self.records = 0
        self._granted: dict[str, Limits] = {}
        if machine_mib == -1:
            machine_mib = machine_memory_mib()
        mib = limits.memory_mib
        self.capped = machine_mib is not None and machine_mib * 3 // 4 < mib
        if machine_mib is not None:
            mib = min(mib, max(machine_mib * 3 // 4, 1))
        self.memory_mib = mib

    def check_memory(self, when: str) -> None:
        """:class:`RunLimitHit` when the process holds more than the memory bound."""
        used = resident_kib() // 1024
        if used <= self.memory_mib:
            return
        whose = (
            f"three quarters of the {self.memory_mib * 4 // 3:,} MiB this machine allows, "
            "below the memory-mib limit"
            if self.capped
            else "the memory-mib limit"
        )
        raise RunLimitHit(
            f"the run held {used:,} MiB {when}, more than {self.memory_mib:,} MiB "
            f"({whose}), so mxlint did not check this file (nor any zone file read after it); "
            + self.limits.how_to_raise("memory-mib")
        )

    def start(
        self, path: str, texts: Mapping[str, str], size: int, tick: Callable[[int], None] | None
    ) -> Reading:
        """Reading ``path`` (``size`` characters of text); :class:`RunLimitHit` when the run
        has no records or memory left for it."""
        granted = self._granted.get(path)
        if granted is None:
            left = self.limits.run_records - self.records
            if left <= 0:
                raise RunLimitHit(
                    f"the files read before it hold {self.records:,} records, the run-records "
                    f"limit of {self.limits.run_records:,}, so mxlint did not read this file; "
                    + self.limits.how_to_raise("run-records")
                )
            granted = self.limits
            if left < self.limits.file_records:
                share = _RunShare(*self.limits.with_values({"file-records": left})._values())
                share.before, share.run_total = self.records, self.limits.run_records
                granted = share
            self.check_memory("before it read this file")
        return Reading(self, path, granted, texts, size, tick)

    def done(self, reading: Reading, records: int) -> None:
        """``reading`` ended with ``records`` (a file read again is counted once)."""
        if reading.path not in self._granted:
            self._granted[reading.path] = reading.limits
            self.records += records

    def stopped(self, reading: Reading) -> None:
        """``reading`` was stopped: it counts as the records it was allowed."""
        self.done(reading, reading.limits.file_records)
