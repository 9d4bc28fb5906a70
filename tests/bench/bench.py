"""Hand-run benchmark of mxlint against named-checkzone and a plain dnspython load.

Never a test: run it by hand, e.g.::

    python tests/bench/bench.py                          # 1k..1M, 3 repeats, tiny + folder cases
    python tests/bench/bench.py --sizes 1000,10000 --repeat 1 --tools mxlint,named
    python tests/bench/bench.py --corpus --json /tmp/bench.json
    python tests/bench/bench.py --sizes 1000,1000000 --shapes '' --dir-zones 0   # quick look
    python tests/bench/bench.py --tools mxlint,named,kzonecheck,validns --sizes 100000,1000000

mxlint is measured as users run it: a wheel is built from this tree and installed, with its
dependencies, into a virtual environment of its own (cached under ``--cache-dir``, keyed by
the sources), whose ``mxlint`` runs from the compiled bytecode pip writes at install time. The
floor ``python -c "import dns.zone"`` and the dnspython load run on that same interpreter.
``--install source`` runs ``python -m mxlint`` from this tree instead (an editable install's
figures: slower, as nothing is compiled ahead). ``--build compiled`` builds the wheel with
``MXLINT_COMPILE=1`` (mypyc, setup.py; needs mypy and a C compiler here), in a venv of its
own: run the bench once per build to compare them.

Every measurement is one separate child process: wall time from spawn to reap, and that
child's peak resident memory (``ru_maxrss`` from ``os.wait4``, KiB on Linux). Times are the
median of the repeats, memory the largest. Generated zones are cached in a temporary folder,
keyed by the generator's source, so a second run starts at once.

Cases:

* ``tiny``: a 10-record zone, the pre-commit case; also timed is the floor
  ``python -c "import dns.zone"`` and the ratio of mxlint to that floor.
* ``zone 1k`` ... ``zone 1M``: one generated zone per ``--sizes`` entry.
* ``<shape> N``: zones of one shape each (``--shapes``, ``--shape-sizes``): every owner with
  MX records, owners and targets 12 labels deep, every MX target distinct and outside the
  zone, the records spread over ``$INCLUDE`` files of 100 records, a wildcard with A and MX
  under every host (``tests/bench/zonegen.py``, ``SHAPES``).
* ``1000 zones``, ``10000 zones`` (``--dir-zones``): a folder of small zones
  (``z0001.example.zone`` with origin ``z0001.example.``): one ``mxlint DIR`` run against
  ``named-checkzone`` once per file (sequentially, times summed, memory the largest; above
  ``--named-files`` files, the time of that many files scaled up) and one python process
  loading every file with dnspython.
* ``root zone`` (``--corpus``): the IANA root zone of the shared corpus, origin ``.``.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import hashlib
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # run as a script: tests/bench/ is on the path, the repo is not
    sys.path.insert(0, str(REPO))
from tests.bench import zonegen  # noqa: E402

ROOT_ZONE = REPO.parent / "shared" / "corpus" / "large" / "rootzone__zone" / "root.zone"
MANIFEST = REPO.parent / "shared" / "corpus" / "MANIFEST.tsv"
ORIGIN = "example.com."
TOOLS = ("mxlint", "named", "dnspython", "python-import", "kzonecheck", "validns")
TABLE_TOOLS = ("mxlint", "named", "dnspython", "kzonecheck", "validns")
# The C peers, timed beside named-checkzone where installed (apt-get install knot-dnssecutils
# validns); they exit 1 on the generated zones' deliberate defects, which they still read whole.
PEERS = {"kzonecheck": "knot-dnssecutils", "validns": "validns"}
DNSPYTHON_LOAD = (
    "import dns.zone,sys; dns.zone.from_file(sys.argv[1], origin=sys.argv[2], relativize=False)"
)
DNSPYTHON_DIR = (
    "import dns.zone,pathlib,sys\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.zone')):\n"
    "    dns.zone.from_file(str(p), origin=p.name[:-len('zone')], relativize=False)\n"
)


@dataclass
class Run:
    """One child process."""

    seconds: float
    maxrss_kib: int
    returncode: int
    timed_out: bool = False
    cpu: float = 0.0  # user + system seconds of the child (steadier than wall on a busy host)


@dataclass
class Result:
    """One tool on one case: the runs and their summary."""

    tool: str
    runs: list[Run] = field(default_factory=list)
    seconds: float | None = None  # median wall time
    cpu: float | None = None  # median CPU time
    mib: float | None = None  # largest peak RSS
    returncodes: list[int] = field(default_factory=list)
    diagnostics: int | None = None  # mxlint only, from one --format json run
    note: str = ""

    def summarize(self) -> None:
        if self.runs:
            self.seconds = statistics.median(r.seconds for r in self.runs)
            self.cpu = statistics.median(r.cpu for r in self.runs)
            self.mib = max(r.maxrss_kib for r in self.runs) / 1024
            self.returncodes = sorted({r.returncode for r in self.runs})


@dataclass
class Case:
    name: str
    records: int
    results: dict[str, Result] = field(default_factory=dict)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


PR_SET_CHILD_SUBREAPER = 36
# Started by a small shell, the command's memory starts from the shell's, not from ours. The
# shell execs printf to tell the command's pid (a shell that went on running could reap a
# command that is already done, and its figures with it); then the orphaned command is ours.
TRAMPOLINE = 'p=$1; shift; "$@" >&3 3>&- </dev/null & exec "$p" "%s\\n" "$!"'


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux prctl), so that a grandchild can be waited for."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


SUBREAPER = sys.platform.startswith("linux") and become_subreaper()
SHELL = shutil.which("sh")
PRINTF = shutil.which("printf")


def run_child(
    cmd: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    stdout: Path | None = None,
    stderr: Path | None = None,
    timeout: float | None = None,
    exact_memory: bool = True,
) -> Run:
    """Run ``cmd`` once: wall time and its peak RSS (``ru_maxrss`` from ``os.wait4``).

    Output goes to ``stdout`` (default: nowhere), errors to ``stderr`` (default: with the
    output). See :func:`_run_child`; a run whose figures the trampoline lost is run again.
    Without ``exact_memory`` the command is forked directly: about 1.5 ms quicker, but its
    memory is never reported below this process's own (about 12 MiB).
    """
    for _ in range(3):
        try:
            return _run_child(
                cmd,
                env=env,
                cwd=cwd,
                stdout=stdout,
                stderr=stderr,
                timeout=timeout,
                trampoline=exact_memory and SUBREAPER and SHELL is not None and PRINTF is not None,
            )
        except ChildProcessError:
            log(f"  (lost the figures of {cmd[0]}: running it again)")
    raise RuntimeError(f"cannot measure {list(cmd)}: the command was reaped by someone else")


def _run_child(
    cmd: Sequence[str],
    *,
    env: dict[str, str] | None,
    cwd: Path | None,
    stdout: Path | None,
    stderr: Path | None,
    timeout: float | None,
    trampoline: bool,
) -> Run:
    """Run ``cmd`` once: wall time and its peak RSS (``ru_maxrss`` from ``os.wait4``).

    Linux takes, at ``execve``, the resident size of the memory a process leaves as a floor of
    its ``ru_maxrss``. ``subprocess.Popen`` starts children with ``vfork``, whose memory is
    this process's (about 20 MiB), and even a plain ``fork`` carries over about 12 MiB: more
    than named-checkzone or a bare python need. So the command is started by ``sh`` (well
    under 2 MiB), which prints its pid and exits; as a subreaper we then wait for the command
    itself. Without prctl (not Linux) it falls back to a plain fork, and the ``/bin/true``
    floor in the report says how much that adds.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    out = os.open(stdout or os.devnull, flags, 0o644)
    err = os.open(stderr, flags, 0o644) if stderr is not None else out
    argv = list(cmd)
    argv[0] = shutil.which(argv[0]) or argv[0]
    if trampoline:
        assert SHELL is not None and PRINTF is not None
        argv = [SHELL, "-c", TRAMPOLINE, "sh", PRINTF, *argv]
    read_end, write_end = os.pipe()
    timed_out = False
    pid = 0

    def on_alarm(signum: int, frame: object) -> None:
        nonlocal timed_out
        timed_out = True
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        start = time.perf_counter()
        child = os.fork()
        if child == 0:  # only system calls until execve
            try:
                os.close(read_end)
                os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
                os.dup2(write_end if trampoline else out, 1)
                os.dup2(err, 2)
                os.dup2(out, 3)  # the shell hands it on to the command as its output
                os.set_inheritable(3, True)  # in case out was 3 already
                if cwd is not None:
                    os.chdir(cwd)
                os.execve(argv[0], argv, env if env is not None else os.environ)
            except BaseException as exc:
                os.write(2, f"cannot run {argv[0]}: {exc}\n".encode())
            finally:
                os._exit(127)
        os.close(write_end)
        said = b""
        while not said.endswith(b"\n"):  # the pid; the command may hold the pipe open
            chunk = os.read(read_end, 64)
            if not chunk:
                break
            said += chunk
        os.close(read_end)
        if trampoline:
            _, shell_status = os.waitpid(child, 0)
            if not said.strip():  # the shell failed before starting the command
                code = os.waitstatus_to_exitcode(shell_status)
                return Run(time.perf_counter() - start, 0, code or 127)
            pid = int(said)
        else:
            pid = child
        if timeout is not None:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        _, status, usage = os.wait4(pid, 0)  # retried after the alarm handler (PEP 475)
        elapsed = time.perf_counter() - start
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        os.close(out)
        if err != out:
            os.close(err)
    with contextlib.suppress(ChildProcessError):  # orphans the command left to us
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    return Run(
        elapsed,
        usage.ru_maxrss,
        os.waitstatus_to_exitcode(status),
        timed_out,
        usage.ru_utime + usage.ru_stime,
    )


def count_diagnostics(raw: bytes) -> int | None:
    """Diagnostics in mxlint's JSON output: a list, an object holding one, or JSON lines."""
    text = raw.decode("utf-8", "replace").strip()
    if not text:
        return 0
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError:
        lines = [line for line in text.splitlines() if line.strip()]
        try:
            return sum(1 for line in lines if isinstance(json.loads(line), dict))
        except json.JSONDecodeError:
            return None
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        for key in ("diagnostics", "findings", "results", "problems"):
            value = data.get(key)
            if isinstance(value, list):
                return len(value)
        files = data.get("files")
        if isinstance(files, list):
            return sum(len(f.get("diagnostics", [])) for f in files if isinstance(f, dict))
    return None


def human(n: int) -> str:
    for unit, size in (("M", 1_000_000), ("k", 1_000)):
        if n >= size and n % size == 0:
            return f"{n // size}{unit}"
    return str(n)


def source_digest(compiled: bool = False) -> str:
    """A hash of what goes into the wheel: the package and the build configuration."""
    h = hashlib.sha256(b"compiled" if compiled else b"")
    for path in sorted((REPO / "mxlint").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    h.update((REPO / "pyproject.toml").read_bytes())
    h.update((REPO / "setup.py").read_bytes())
    return h.hexdigest()[:12]


def install_wheel(cache: Path, compiled: bool = False) -> Path:
    """Build a wheel of this tree and install it into a venv of its own; its python.

    The venv is kept under ``cache`` keyed by the sources, so a second run starts at once.
    pip compiles the installed modules to bytecode (as for any user's install), whatever
    ``PYTHONDONTWRITEBYTECODE`` says for the running processes.
    """
    venv = cache / f"venv-{'compiled-' if compiled else ''}{source_digest(compiled)}"
    python = venv / "bin" / "python"
    if (venv / ".complete").exists():
        return python
    shutil.rmtree(venv, ignore_errors=True)
    log(f"building a wheel of {REPO} and installing it into {venv}")
    wheels = Path(tempfile.mkdtemp(prefix="mxlint-wheel-"))
    try:
        isolation = []
        with contextlib.suppress(ImportError):
            import setuptools  # noqa: F401

            isolation = ["--no-build-isolation"]
        # Built from a copy: a build/ folder left in the tree could add stale modules.
        tree = wheels / "src"
        shutil.copytree(
            REPO / "mxlint", tree / "mxlint", ignore=shutil.ignore_patterns("__pycache__")
        )
        for name in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in", "setup.py"):
            if (REPO / name).exists():
                shutil.copy2(REPO / name, tree / name)
        build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation]
        build_env = {k: v for k, v in os.environ.items() if k != "MXLINT_COMPILE"}
        if compiled:  # mypyc must be importable by the build: no isolation
            build_env["MXLINT_COMPILE"] = "1"
            build = (
                [*build, "--no-build-isolation"] if "--no-build-isolation" not in build else build
            )
        subprocess.run([*build, "-w", str(wheels), str(tree)], check=True, env=build_env)
        (wheel,) = wheels.glob("mxlint-*.whl")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--compile", str(wheel)],
            check=True,
            env=env,
        )
    finally:
        shutil.rmtree(wheels, ignore_errors=True)
    (venv / ".complete").touch()
    return python


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tools: list[str] = args.tools
        self.repeat: int = args.repeat
        self.timeout: float = args.timeout
        self.cases: list[Case] = []
        self.notes: list[str] = []
        self.scratch = Path(tempfile.mkdtemp(prefix="mxlint-bench-"))
        digest = hashlib.sha256(Path(zonegen.__file__).read_bytes()).hexdigest()[:12]
        self.cache: Path = args.cache_dir / f"zonegen-{digest}"
        self.cache.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ)
        self.python = sys.executable
        if args.install == "source":
            self.env["PYTHONPATH"] = os.pathsep.join(
                p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p
            )
        else:
            self.env.pop("PYTHONPATH", None)
            self.python = str(install_wheel(args.cache_dir, args.build == "compiled"))
        self.named = shutil.which("named-checkzone")
        self.have: dict[str, bool] = {tool: tool in self.tools for tool in TOOLS}
        if self.have["named"] and self.named is None:
            log("named-checkzone not installed: apt-get install bind9-utils (skipping 'named')")
            self.notes.append("named-checkzone not installed: apt-get install bind9-utils")
            self.have["named"] = False
        self.peers = {tool: shutil.which(tool) for tool in PEERS}
        for tool, package in PEERS.items():
            if self.have[tool] and self.peers[tool] is None:
                log(f"{tool} not installed: apt-get install {package} (skipping '{tool}')")
                self.have[tool] = False
        if self.have["mxlint"]:
            probe = run_child([self.python, "-m", "mxlint", "--help"], env=self.env)
            if probe.returncode != 0:
                log("python -m mxlint --help failed: skipping 'mxlint'")
                self.notes.append("mxlint not runnable (python -m mxlint --help failed)")
                self.have["mxlint"] = False

    # -- inputs ---------------------------------------------------------------------------

    def zone(self, n: int) -> Path:
        path = self.cache / f"{ORIGIN}{n}.zone"
        if not path.exists():
            log(f"generating {human(n)}-record zone -> {path}")
            tmp = path.with_suffix(".tmp")
            zonegen.write_zone(tmp, n, ORIGIN)
            tmp.replace(path)
        return path

    def shape(self, shape: str, n: int) -> Path:
        path = self.cache / f"{shape}-{n}" / f"{ORIGIN}zone"
        if not (path.parent / ".complete").exists():
            log(f"generating {shape} zone of {human(n)} records -> {path}")
            path.parent.mkdir(parents=True, exist_ok=True)
            zonegen.write_shape(path, shape, n, ORIGIN)
            (path.parent / ".complete").touch()
        return path

    def zone_dir(self, count: int) -> tuple[Path, int, list[tuple[Path, str]]]:
        """``count`` small zones with distinct origins; (folder, total records, files)."""
        folder = self.cache / f"dir-{count}"
        rng = random.Random(count)
        sizes = [rng.randrange(20, 81) for _ in range(count)]
        files = []
        for i in range(1, count + 1):
            origin = f"z{i:0{max(4, len(str(count)))}d}.example."
            files.append((folder / f"{origin}zone", origin))
        done = folder / ".complete"
        if not done.exists():
            log(f"generating {count} small zones -> {folder}")
            folder.mkdir(parents=True, exist_ok=True)
            for (path, origin), n in zip(files, sizes, strict=True):
                zonegen.write_zone(path, n, origin, seed=7)
            done.touch()
        return folder, sum(sizes), files

    @staticmethod
    def manifest_records(path: Path) -> int | None:
        try:
            lines = MANIFEST.read_text(encoding="utf-8").splitlines()
        except OSError:
            return None
        header = lines[0].split("\t")
        for line in lines[1:]:
            row = dict(zip(header, line.split("\t"), strict=False))
            if row.get("dest") and path.as_posix().endswith(row["dest"]):
                try:
                    return int(row["records"])
                except (KeyError, ValueError):
                    return None
        return None

    # -- commands -------------------------------------------------------------------------

    def command(self, tool: str, path: Path, origin: str | None) -> list[str]:
        if tool == "mxlint":
            cmd = [self.python, "-m", "mxlint"]
            return [*cmd, "--origin", origin, str(path)] if origin else [*cmd, str(path)]
        if tool == "named":
            assert self.named is not None and origin is not None
            return [self.named, "-i", "local", origin.rstrip(".") or ".", str(path)]
        if tool == "dnspython":
            if origin is None:  # a folder
                return [self.python, "-c", DNSPYTHON_DIR, str(path)]
            return [self.python, "-c", DNSPYTHON_LOAD, str(path), origin]
        if tool == "python-import":
            return [self.python, "-c", "import dns.zone"]
        if tool in PEERS:
            binary = self.peers[tool]
            assert binary is not None and origin is not None
            flag = "-o" if tool == "kzonecheck" else "-z"
            return [binary, flag, origin, str(path)]
        raise ValueError(tool)

    def measure(
        self, case: str, tool: str, cmd: Sequence[str], repeat: int, cwd: Path | None = None
    ) -> Result:
        result = Result(tool)
        log_path = self.scratch / f"{tool}.out"
        for i in range(repeat):
            run = run_child(
                cmd, env=self.env, cwd=cwd or self.scratch, stdout=log_path, timeout=self.timeout
            )
            result.runs.append(run)
            status = "TIMEOUT" if run.timed_out else f"exit {run.returncode}"
            log(
                f"  {case:<12} {tool:<13} run {i + 1}/{repeat}: "
                f"{run.seconds:8.3f} s {run.maxrss_kib / 1024:8.1f} MiB  {status}"
            )
            if run.timed_out:
                result.note = f"timed out after {self.timeout:.0f} s"
                break
            if run.seconds > self.args.long and i + 1 < repeat:
                log(f"  {case:<12} {tool:<13} took over {self.args.long:g} s: no more repeats")
                result.note = f"1 run (over --long {self.args.long:g} s)"
                break
        if tool in ("named", "dnspython") and any(r.returncode != 0 for r in result.runs):
            tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-5:]
            note = f"{case}: {tool} exit {result.runs[-1].returncode}: " + " | ".join(tail)
            log("  !! " + note)
            self.notes.append(note)
        result.summarize()
        return result

    def diagnostics(
        self, case: Case, path: Path, origin: str | None, cwd: Path | None = None
    ) -> None:
        cmd = [self.python, "-m", "mxlint", "--format", "json"]
        cmd += ["--origin", origin, str(path)] if origin else [str(path)]
        out = self.scratch / "mxlint.json"
        run = run_child(
            cmd,
            env=self.env,
            cwd=cwd or self.scratch,
            stdout=out,
            stderr=self.scratch / "mxlint.err",
            timeout=self.timeout,
        )
        count = count_diagnostics(out.read_bytes())
        result = case.results["mxlint"]
        result.diagnostics = count
        shown = "unparsed JSON" if count is None else str(count)
        log(f"  {case.name:<12} mxlint diagnostics: {shown} (exit {run.returncode})")
        if count:
            sample = out.read_text(encoding="utf-8", errors="replace")[:600]
            self.notes.append(f"{case.name}: mxlint reported {count} diagnostics, e.g. {sample!r}")

    # -- cases ----------------------------------------------------------------------------

    def file_case(
        self, name: str, path: Path, records: int, origin: str, cwd: Path | None = None
    ) -> Case:
        case = Case(name, records)
        log(f"{name}: {records} records, {path.stat().st_size / 1e6:.1f} MB")
        for tool in TABLE_TOOLS:
            if not self.have[tool]:
                continue
            repeat = self.repeat
            if tool == "dnspython" and records > 100_000:
                if 0 < self.args.max_dnspython < records:
                    case.results[tool] = Result(tool, note="skipped (--max-dnspython)")
                    continue
                repeat = 1  # ~100 s a run at 1M
            if records >= 1_000_000:
                repeat = min(repeat, 2)
            case.results[tool] = self.measure(
                name, tool, self.command(tool, path, origin), repeat, cwd
            )
        if "mxlint" in case.results:
            self.diagnostics(case, path, origin, cwd)
        self.cases.append(case)
        return case

    def tiny(self) -> None:
        case = self.file_case("tiny", self.zone(10), 10, ORIGIN)
        if not self.have["python-import"]:
            return
        floor = self.measure(
            "tiny",
            "python-import",
            self.command("python-import", Path(), None),
            max(self.repeat, 5),
        )
        case.results["python-import"] = floor
        startup = self.measure(
            "tiny", "python -c pass", [self.python, "-c", "pass"], max(self.repeat, 5)
        )
        case.results["python-startup"] = startup
        mx = case.results.get("mxlint")
        if mx and mx.seconds and floor.seconds:
            self.notes.append(
                f"tiny zone: mxlint {mx.seconds * 1000:.0f} ms vs floor "
                f"`python -c 'import dns.zone'` {floor.seconds * 1000:.0f} ms "
                f"= {mx.seconds / floor.seconds:.2f}x; CPU time "
                f"{(mx.cpu or 0) * 1000:.0f} ms vs {(floor.cpu or 0) * 1000:.0f} ms "
                f"= {(mx.cpu or 0) / (floor.cpu or 1):.2f}x "
                f"(bare `python -c pass`: {(startup.seconds or 0) * 1000:.0f} ms)"
            )

    def folder(self, count: int) -> None:
        folder, records, files = self.zone_dir(count)
        name = f"{count} zones"
        case = Case(name, records)
        log(f"{name}: {records} records in {count} files")
        if self.have["mxlint"]:
            case.results["mxlint"] = self.measure(
                name, "mxlint", self.command("mxlint", folder, None), self.repeat
            )
            self.diagnostics(case, folder, None)
        if self.have["named"]:
            result = Result("named")
            sample = files[: self.args.named_files] if self.args.named_files > 0 else files
            scale = len(files) / len(sample)
            if scale > 1:
                result.note = f"time of {len(sample)} files x {scale:g}"
            for i in range(self.repeat):
                total, cpu, peak, codes = 0.0, 0.0, 0, set()
                for path, origin in sample:  # forked directly: time only
                    run = run_child(
                        self.command("named", path, origin),
                        cwd=self.scratch,
                        timeout=self.timeout,
                        exact_memory=False,
                    )
                    total += run.seconds
                    cpu += run.cpu
                    codes.add(run.returncode)
                total *= scale
                cpu *= scale
                path, origin = max(files, key=lambda f: f[0].stat().st_size)
                peak = run_child(self.command("named", path, origin), cwd=self.scratch).maxrss_kib
                bad = sorted(codes - {0})
                result.runs.append(Run(total, peak, bad[0] if bad else 0, cpu=cpu))
                log(
                    f"  {name:<12} named x{count:<6} run {i + 1}/{self.repeat}: {total:8.3f} s "
                    f"{peak / 1024:8.1f} MiB  exits {sorted(codes)} (MiB: largest file)"
                )
                if bad:
                    self.notes.append(f"{name}: named-checkzone failed on some files: {bad}")
            result.summarize()
            case.results["named"] = result
        if self.have["dnspython"]:
            case.results["dnspython"] = self.measure(
                name, "dnspython", self.command("dnspython", folder, None), self.repeat
            )
        self.cases.append(case)

    def corpus(self) -> None:
        if not ROOT_ZONE.exists():
            log(f"no corpus root zone at {ROOT_ZONE}: skipping --corpus")
            self.notes.append(f"--corpus: {ROOT_ZONE} missing")
            return
        records = self.manifest_records(ROOT_ZONE) or sum(
            1
            for line in ROOT_ZONE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith((";", "$"))
        )
        self.file_case("root zone", ROOT_ZONE, records, ".")

    # -- output ---------------------------------------------------------------------------

    def table(self) -> str:
        head = ["case", "records"]
        for tool in TABLE_TOOLS:
            head += [f"{tool} s", f"{tool} MiB"]
        head += ["mxlint µs/record", "mxlint/named time", "cpu time", "mxlint/named memory"]
        rows = [head]
        for case in self.cases:
            row = [case.name, f"{case.records:,}"]
            for tool in TABLE_TOOLS:
                res = case.results.get(tool)
                if res is None or res.seconds is None or res.mib is None:
                    cell = "skipped" if res is not None and res.note.startswith("skip") else "-"
                    row += [cell, "-"]
                else:
                    row += [f"{res.seconds:.3f}", f"{res.mib:.1f}"]
            mx, nm = case.results.get("mxlint"), case.results.get("named")
            per = mx.seconds * 1e6 / case.records if mx and mx.seconds and case.records else None
            row.append("-" if per is None else f"{per:.1f}")
            if mx and nm and mx.seconds and nm.seconds and mx.mib and nm.mib:
                cpu = f"{mx.cpu / nm.cpu:.2f}x" if mx.cpu and nm.cpu else "-"
                row += [f"{mx.seconds / nm.seconds:.2f}x", cpu, f"{mx.mib / nm.mib:.2f}x"]
            else:
                row += ["-", "-", "-"]
            rows.append(row)
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
        lines = []
        for n, row in enumerate(rows):
            cells = [
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ]
            lines.append("| " + " | ".join(cells) + " |")
            if n == 0:
                lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        return "\n".join(lines)

    def report(self) -> None:
        print(self.table())
        diag = [
            f"{c.name}: {c.results['mxlint'].diagnostics} (exit "
            f"{','.join(map(str, c.results['mxlint'].returncodes))})"
            for c in self.cases
            if "mxlint" in c.results
        ]
        if diag:
            print("\nmxlint diagnostics per case: " + "; ".join(diag))
        for note in self.notes:
            print(f"- {note}")
        print(
            f"\n{self.repeat} repeat(s), median wall time, largest peak RSS of the child; "
            f"mxlint's {self.args.build} build; "
            f"python {platform.python_version()}, {os.cpu_count()} cores, named-checkzone "
            f"{self.named or 'missing'}"
        )
        if self.args.json:
            data = {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "repeat": self.repeat,
                "build": self.args.build,
                "tools": self.tools,
                "named_checkzone": self.named,
                "cases": [asdict(c) for c in self.cases],
                "notes": self.notes,
            }
            self.args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
            log(f"wrote {self.args.json}")

    def run(self) -> None:
        true = shutil.which("true")
        if true is not None:
            floor = [run_child([true]) for _ in range(5)]
            ms = statistics.median(r.seconds for r in floor) * 1000
            mib = max(r.maxrss_kib for r in floor) / 1024
            self.notes.append(
                f"floor of the spawn method (`{true}`): {ms:.1f} ms, {mib:.1f} MiB"
                + ("" if SUBREAPER else " (no subreaper: memory floors are this process's)")
            )
        load = os.getloadavg()
        try:
            if not self.args.no_tiny:
                self.tiny()
            for n in self.args.sizes:
                self.file_case(f"zone {human(n)}", self.zone(n), n, ORIGIN)
            for shape in self.args.shapes:
                for n in self.args.shape_sizes:
                    path = self.shape(shape, n)
                    self.file_case(f"{shape} {human(n)}", path, n, ORIGIN, path.parent)
            for count in self.args.dir_zones:
                self.folder(count)
            if self.args.corpus:
                self.corpus()
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)
        end = os.getloadavg()[0]
        self.notes.append(
            f"load average (1 min) at start {load[0]:.2f}, at end {end:.2f}: "
            "figures are noisy when it is near or above the core count"
        )
        self.report()


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    def int_list(text: str) -> list[int]:
        return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]

    def tool_list(text: str) -> list[str]:
        tools = [t.strip() for t in text.split(",") if t.strip()]
        unknown = sorted(set(tools) - set(TOOLS))
        if unknown:
            raise argparse.ArgumentTypeError(f"unknown tool(s) {unknown}; known: {TOOLS}")
        return tools

    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--sizes",
        type=int_list,
        default=[1_000, 10_000, 100_000, 1_000_000],
        help="records per generated zone (default 1000,10000,100000,1000000)",
    )
    p.add_argument("--repeat", type=int, default=3, help="runs per tool and case (default 3)")
    p.add_argument(
        "--tools",
        type=tool_list,
        default=list(TOOLS),
        help=f"comma-separated subset of {','.join(TOOLS)} (default all)",
    )
    p.add_argument(
        "--max-dnspython",
        type=int,
        default=100_000,
        help="skip dnspython above this many records (0 = never; above 100k it "
        "runs once) (default 100000)",
    )
    p.add_argument(
        "--dir-zones",
        type=int_list,
        default=[1_000, 10_000],
        help="small zones in each folder case ('' or 0 = skip; default 1000,10000)",
    )
    p.add_argument(
        "--named-files",
        type=int,
        default=1000,
        help="in a folder case, time named-checkzone on at most this many files and scale "
        "(0 = every file; default 1000)",
    )
    p.add_argument(
        "--shapes",
        type=lambda text: [t.strip() for t in text.split(",") if t.strip()],
        default=list(zonegen.SHAPES),
        help=f"zone shapes to time ('' = none; default {','.join(zonegen.SHAPES)})",
    )
    p.add_argument(
        "--shape-sizes",
        type=int_list,
        default=[10_000, 100_000],
        help="records per shape zone (default 10000,100000)",
    )
    p.add_argument(
        "--install",
        choices=("wheel", "source"),
        default="wheel",
        help="run mxlint from a wheel installed into its own venv (default), or from this tree",
    )
    p.add_argument(
        "--build",
        choices=("pure", "compiled"),
        default="pure",
        help="the wheel's build: pure Python (default) or compiled with mypyc (MXLINT_COMPILE=1)",
    )
    p.add_argument("--no-tiny", action="store_true", help="skip the 10-record case")
    p.add_argument("--corpus", action="store_true", help=f"also time {ROOT_ZONE.name} (origin .)")
    p.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON")
    p.add_argument(
        "--long",
        type=float,
        default=60.0,
        help="after a run longer than this many seconds, no more repeats of it (default 60)",
    )
    p.add_argument("--timeout", type=float, default=900.0, help="seconds per child (default 900)")
    p.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "mxlint-bench",
        help="where generated zones are kept (default %(default)s)",
    )
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be >= 1")
    if any(n < zonegen.MIN_RECORDS for n in args.sizes):
        p.error(f"--sizes: each size must be >= {zonegen.MIN_RECORDS}")
    args.dir_zones = [n for n in args.dir_zones if n > 0]
    unknown = sorted(set(args.shapes) - set(zonegen.SHAPES))
    if unknown:
        p.error(f"--shapes: unknown {unknown}; known: {', '.join(zonegen.SHAPES)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    Bench(parse_args(argv)).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
