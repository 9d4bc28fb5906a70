"""A small zone's run imports only what it needs (start-up is most of its time).

No timing here (tests/bench/bench.py measures): these check which modules a run loads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, ZONE_HEADER

WRAPPER = """
import json, os, runpy, sys
sys.argv = ["mxlint", *sys.argv[1:]]
os._exit = sys.exit  # mxlint.cli.exit_now's quick ending: raised here, to be caught below
try:
    runpy.run_module("mxlint", run_name="__main__")
except SystemExit as exc:
    code = exc.code
import gc
print(json.dumps({"code": code, "modules": sorted(sys.modules), "frozen": gc.get_freeze_count(),
    "collecting": gc.isenabled()}), file=sys.stderr)
"""


def _run(tmp_path: Path, *argv: str, site: Path | None = None) -> tuple[int, set[str]]:
    path = [os.fspath(ROOT)] if site is None else [os.fspath(site), os.fspath(ROOT)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, *argv],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    last = json.loads(proc.stderr.strip().splitlines()[-1])
    # what the imports made is frozen (never walked by the collector again), and the
    # collector is on again for what the run makes (mxlint.__main__.run)
    assert last["frozen"] > 5_000 and last["collecting"]
    return last["code"], set(last["modules"])


def _zone(tmp_path: Path) -> Path:
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + "@ IN MX 10 mail\nmail IN A 192.0.2.1\n", encoding="ascii")
    return zone


def test_small_zone_run_leaves_out_metadata_git_and_xml(tmp_path: Path) -> None:
    _zone(tmp_path)
    code, modules = _run(tmp_path, "example.com.zone")
    assert code == 0
    assert "mxlint.zonefile.loader" in modules and "dns.name" in modules  # it did lint
    # no plugin declared: no entry-point scan; dnspython's idna probe answered without it
    assert "importlib.metadata" not in modules
    assert "subprocess" not in modules  # not in a git work tree: no git process
    assert "xml.etree.ElementTree" not in modules  # text output
    assert "publicsuffixlist" not in modules  # no MX target needs the TLD list
    # its own hosts only, none a provider's: the providers' catalogue is not read
    assert "mxlint.check.providers" not in modules
    assert "dns.zone" not in modules and "dns.rdtypes.svcbbase" not in modules
    # outside a work tree and without a baseline: neither stage's module; argparse's width
    # is read without shutil (and the compression modules shutil imports)
    assert "mxlint.stages.serial" not in modules and "mxlint.stages.baseline" not in modules
    assert "shutil" not in modules and "bz2" not in modules
    assert "dns.rdtypes.ANY.DNSKEY" not in modules  # TA and RKEY borrow it only when read
    # the SOA is mxlint.model.Soa on every path: no dnspython rdata (nor what it imports)
    # before a record the fast path leaves
    assert {"dns.rdata", "dns.rdtypes.ANY.SOA", "random", "base64"} & modules == set()
    # rule modules are imported when their rule runs (mxlint.check.registry.BUILTIN): not
    # the rules off by default, those run in a stage, nor those that read what this zone
    # lacks (TXT, TLSA records, problems, limits hit, directives, a reverse zone)
    not_run = {
        f"mxlint.rules.{m}"
        for m in (
            "single_mx",
            "implicit_mx",
            "unverifiable_target",
            "mx_propagation",
            "mx_drift",
            "server_serial_ahead",
            "serial_not_increased",
            "smtp_probe",
            "unused_suppression",
            "dane_tlsa",
            "mta_sts",
            "tls_rpt",
            "spf_mx",
            "reverse_dns",
            "limit_exceeded",
            "out_of_zone",
            "invalid_directive",
        )
    }
    assert not_run & modules == set()
    assert "mxlint.rules.missing_address" in modules  # a rule that runs is imported
    # what only those rules import: the mail-path helpers, reverse names, the stages' helper
    assert {"mxlint.check.mailpath", "dns.reversename", "glob", "mxlint.stages.stage"} & (
        modules
    ) == set()


def test_a_declared_plugin_still_loads(tmp_path: Path) -> None:
    site = tmp_path / "site"
    info = site / "acme-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[mxlint.rules]\nacme = acme_rules\n")
    (site / "acme_rules.py").write_text(
        "from mxlint.check.registry import rule\n\n"
        "@rule('ACME001', 'acme-always', 'warning')\n"
        "def check(ctx):\n"
        '    """Always one finding."""\n'
        "    from mxlint.model import Finding\n"
        "    yield Finding(ctx.zone.path, 1, 1, 'acme')\n"
    )
    _zone(tmp_path)
    code, modules = _run(tmp_path, "example.com.zone", site=site)
    assert code == 0 and "importlib.metadata" in modules and "acme_rules" in modules


# Run before mxlint is imported: records every dataclass made and every pattern a module of
# mxlint compiles at import (its top level), and which of those patterns the run then used.
COUNTING = """
import dataclasses, re, sys
made, patterns = [], []
process = dataclasses._process_class
def counted(cls, *args, **kwargs):
    made.append(f"{cls.__module__}.{cls.__qualname__}")
    return process(cls, *args, **kwargs)
dataclasses._process_class = counted
compile_ = re.compile
class Seen:
    def __init__(self, compiled, where):
        self._compiled, self._where, self._used = compiled, where, False
    def __getattr__(self, name):  # a call of match, sub, ... (a method bound at import is
        attr = getattr(self._compiled, name)  # not a use until called), or .pattern read
        if not callable(attr):
            self._used = True
            return attr
        def called(*args, **kwargs):
            self._used = True
            return attr(*args, **kwargs)
        return called
def compile_seen(pattern, flags=0):
    frame = sys._getframe(1)
    module = frame.f_globals.get("__name__", "")
    compiled = compile_(pattern, flags)
    if module.startswith("mxlint") and frame.f_code.co_name == "<module>":
        seen = Seen(compiled, f"{module}:{frame.f_lineno}")
        patterns.append(seen)
        return seen
    return compiled
re.compile = compile_seen
"""


def test_small_zone_run_makes_no_dataclass_and_no_pattern_it_does_not_need(
    tmp_path: Path,
) -> None:
    # A dataclass costs about 4 M instructions at import, a pattern about 0.5 M (of some
    # 330 M for the whole run): classes every run makes are written out (mxlint._value), and
    # patterns only some files need are compiled at first use.
    _zone(tmp_path)
    wrapper = COUNTING + WRAPPER.replace(
        '"modules": sorted(sys.modules)',
        '"modules": sorted(sys.modules), "made": made, '
        '"unused": [p._where for p in patterns if not p._used]',
    )
    env = {**os.environ, "PYTHONPATH": os.fspath(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, "example.com.zone"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    last = json.loads(proc.stderr.strip().splitlines()[-1])
    assert last["code"] == 0
    ours = [m for m in last["made"] if m.startswith("mxlint.")]
    # the public Options and Result; the model's (owned by mxlint.model) are left as they are
    assert set(ours) <= {"mxlint.api.Options", "mxlint.api.Result"} | {
        m for m in ours if m.startswith("mxlint.model.")
    }
    # the fast path's own (bound at import: its per-line calls would pay for a lazy
    # pattern's indirection) are its business; every other module compiles at import only
    # what a small zone uses (the tokenizer's compile at their first call)
    loaders = ("mxlint.zonefile.fastpath:",)
    unused = [w for w in last["unused"] if not w.startswith(loaders)]
    assert unused == []


def test_small_zone_run_imports_one_format_no_parser_and_no_config_reader(
    tmp_path: Path,
) -> None:
    _zone(tmp_path)
    for argv in (
        ["example.com.zone"],
        ["--origin", "example.com.", "example.com.zone"],
        ["example.com.zone", "--origin=example.com."],
    ):
        code, modules = _run(tmp_path, *argv)
        assert code == 0 and "mxlint.check.engine" in modules  # it did lint
        # a command line of paths is read without argparse (and gettext, locale)
        assert {"argparse", "gettext", "locale", "mxlint.report.text"} & modules == {
            "mxlint.report.text"
        }
        # only the format written; no configuration file, so nothing to read one with
        lazy = {f"mxlint.report.{m}" for m in ("json", "sarif", "junit", "checkstyle")}
        lazy |= {"mxlint.report.github", "mxlint.report.gitlab"}
        lazy |= {"mxlint.config.files", "mxlint.config.validation"}
        # every record read by the fast path: BIND's readings of unusual types stay out
        lazy.add("mxlint.zonefile.bindcompat")
        assert lazy & modules == set()
    code, modules = _run(tmp_path, "--format", "json", "example.com.zone")
    assert code == 0 and "mxlint.report.json" in modules and "argparse" in modules
    assert "mxlint.report.sarif" not in modules


def test_a_configuration_file_is_still_read_and_checked(tmp_path: Path) -> None:
    _zone(tmp_path)
    (tmp_path / ".mxlint.yaml").write_text("rules:\n  no-such-rule: error\n", encoding="ascii")
    code, modules = _run(tmp_path, "example.com.zone")
    assert code == 2 and "mxlint.config.validation" in modules


PLAIN = [
    ["a.zone"],
    ["a.zone", "b.zone", "zones/"],
    ["--origin", "example.com.", "a.zone"],
    ["--origin=example.com.", "a.zone", "b.zone"],
    ["a.zone", "--origin", "example.com."],
    ["a.zone", "b.zone", "--origin=example.com"],
    ["lsp.zone", "a b.zone", "x=y"],
]
NOT_PLAIN = [
    [],
    ["-"],
    ["--origin", "example.com."],
    ["a.zone", "--origin"],
    ["--origin", "-x", "a.zone"],
    ["--origin=", "a.zone"],
    ["a.zone", "--origin", "x.", "b.zone"],
    ["--origin", "x.", "--origin", "y.", "a.zone"],
    ["--orig", "x.", "a.zone"],
    ["--format", "json", "a.zone"],
    ["a.zone", "-q"],
    ["", "a.zone"],
    ["--", "a.zone"],
    ["a.zone", "--version"],
]


def test_a_command_line_of_paths_reads_as_the_parser_reads_it() -> None:
    from mxlint.options import DEFAULTS, build_parser, parse_plain

    assert vars(build_parser().parse_args([])) == DEFAULTS
    for argv in PLAIN:
        fast = parse_plain(argv)
        assert fast is not None, argv
        assert vars(fast) == vars(build_parser().parse_args(argv)), argv
    for argv in NOT_PLAIN:
        assert parse_plain(argv) is None, argv
    # each answer has lists of its own (an option appended to one leaves the defaults alone)
    first = parse_plain(["a.zone"])
    assert first is not None
    first.enable.append("MX001")
    assert DEFAULTS["enable"] == [] and parse_plain(["a.zone"]).enable == []  # type: ignore[union-attr]


EXITING = """
import os, runpy, sys
sys.argv = ["mxlint", *sys.argv[2:]]
real = os._exit
def quick(code):
    print("quick exit", code, file=sys.stderr)
    sys.stderr.flush()
    real(code)
os._exit = quick
exec(os.environ["ASK"])
runpy.run_module("mxlint", run_name="__main__")
"""


@pytest.mark.parametrize(
    "ask",
    [
        "",
        "import atexit; atexit.register(lambda: print('atexit ran', file=sys.stderr))",
        "import threading",
    ],
)
def test_the_command_ends_at_once_unless_the_exit_has_work(tmp_path: Path, ask: str) -> None:
    # The interpreter's own ending (every object freed, garbage collected) costs about a
    # tenth of a small zone's run; it is skipped only when nothing was asked of it.
    zone = _zone(tmp_path)
    text = zone.read_text(encoding="ascii")
    zone.write_text(text + "@ IN MX 20 nomail\n", encoding="ascii")  # no address: an error
    env = {**os.environ, "PYTHONPATH": os.fspath(ROOT), "ASK": ask}
    proc = subprocess.run(
        [sys.executable, "-c", EXITING, "-", "--format", "json", "example.com.zone"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1  # the lint failure's exit code, either way
    assert json.loads(proc.stdout)  # the whole report was flushed
    assert ("quick exit 1" in proc.stderr) == (ask == "")
    assert ("atexit ran" in proc.stderr) == ("atexit" in ask)
