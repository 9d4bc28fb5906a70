"""--online against a real authoritative server (NSD) on 127.0.0.1, and a silent socket.

No query may leave 127.0.0.1: every test here runs with dnspython's UDP and TCP query
functions wrapped to refuse any other destination, and without the system's resolvers.
"""

from __future__ import annotations

import io
import os
import shlex
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dns.message
import dns.query
import pytest

from mxlint.check.engine import RuleSetting
from mxlint.check.registry import Registry
from mxlint.identity.zones import load_zone
from mxlint.model import ZoneSet
from mxlint.progress import Progress
from mxlint.stages import online

from .conftest import ROOT
from .dns_server import NSD, Server
from .test_readme import block
from .test_rule_examples import expected

pytestmark = pytest.mark.skipif(NSD is None, reason="nsd is not installed (apt-get install nsd)")

Cli = Callable[..., tuple[int, str, str]]
SOA = "@ IN SOA ns1.example.net. hostmaster.example.com. {} 7200 3600 1209600 300\n"

SENT: list[str] = []


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    for fn in ("udp", "tcp"):
        real = getattr(dns.query, fn)

        def guarded(q: Any, where: str, *args: Any, _real: Any = real, **kw: Any) -> Any:
            assert where == "127.0.0.1", f"a query to {where}: tests may only ask 127.0.0.1"
            SENT.append(where)
            return _real(q, where, *args, **kw)

        monkeypatch.setattr(dns.query, fn, guarded)

    def no_system_resolvers() -> list[online.Server]:
        raise AssertionError("the tests must not read /etc/resolv.conf: pass --resolver")

    monkeypatch.setattr(online, "system_resolvers", no_system_resolvers)


def test_the_guard_refuses_other_destinations() -> None:
    with pytest.raises(AssertionError, match=r"only ask 127\.0\.0\.1"):
        dns.query.udp(dns.message.make_query("example.com", "A"), "192.0.2.1", timeout=0.1)


@pytest.fixture
def nsd(tmp_path: Path) -> Iterator[Callable[[dict[str, str]], int]]:
    servers: list[Server] = []

    def start(zones: dict[str, str]) -> int:
        server = Server(tmp_path / f"nsd{len(servers)}", zones)
        servers.append(server)
        return server.start()

    yield start
    for s in servers:
        s.stop()


@pytest.fixture
def silent() -> Iterator[int]:
    """A UDP port on loopback that receives queries and never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    yield int(sock.getsockname()[1])
    sock.close()


TARGETS = (
    "$ORIGIN targets.test.\n$TTL 300\n"
    + SOA.format(1)
    + "@ IN NS ns1.example.net.\n"
    + "good IN A 192.0.2.1\nsix IN AAAA 2001:db8::1\nalias IN CNAME good\n"
    + 'noaddr IN TXT "no address"\n'
)
SERVED = (
    "$ORIGIN example.com.\n$TTL 3600\n"
    + SOA.format(2026112905)
    + "@ IN NS ns1.example.net.\n@ IN MX 10 mail\nmail IN A 192.0.2.25\n"
    + "sub IN MX 10 good.targets.test.\n"
)
FILE = (
    "$ORIGIN example.com.\n$TTL 3600\n"
    + SOA.format(2026112801)
    + "@ IN NS ns1.example.net.\n"
    + "@ IN MX 10 good.targets.test.\n"  # 5
    + "@ IN MX 20 six.targets.test.\n"  # 6
    + "@ IN MX 30 alias.targets.test.\n"  # 7
    + "@ IN MX 40 noaddr.targets.test.\n"  # 8
    + "@ IN MX 50 nx.targets.test.\n"  # 9
    + "@ IN MX 60 mx.elsewhere.test.\n"  # 10: the server refuses: could not check
    + "sub IN MX 10 good.targets.test.\n"  # 11: same as served
    + "mail IN A 192.0.2.25\n"
)


def lines(out: str) -> list[tuple[int, str, str]]:
    got = []
    for line in out.splitlines():
        parts = line.split(":", 4)
        got.append((int(parts[1]), parts[3].strip(), line.rsplit(" ", 1)[1][:-1]))
    return sorted(got)


def test_live_targets_drift_and_serial(
    nsd: Callable[[dict[str, str]], int], tmp_path: Path, cli: Cli
) -> None:
    port = nsd({"targets.test": TARGETS, "example.com": SERVED})
    zone = tmp_path / "example.com.zone"
    zone.write_text(FILE + "@ IN MX 70 mx.example.invalid.\n")  # 13: reported offline only
    server = f"127.0.0.1:{port}"
    SENT.clear()
    code, out, _ = cli("--online", "--server", server, "--resolver", server, os.fspath(zone))
    assert SENT and set(SENT) == {"127.0.0.1"}
    assert code == 1
    assert lines(out) == [
        (3, "warning", "server-serial-ahead"),
        (5, "warning", "mx-drift"),
        (7, "error", "cname-target"),
        (8, "error", "missing-address"),
        (9, "error", "missing-address"),
        (10, "info", "missing-address"),
        (13, "warning", "unroutable-address"),
    ]
    text = {int(line.split(":")[1]): line for line in out.splitlines()}
    assert "serves zone example.com. with serial 2026112905, higher than this file's" in text[3]
    assert (
        f"{server} serves MX 10 mail.example.com. for example.com., but this file has "
        "MX 10 good.targets.test., 20 six.targets.test., 30 alias.targets.test." in text[5]
    )
    assert f'is an alias (CNAME to "good.targets.test.", seen live from {server})' in text[7]
    assert "has no A or AAAA record (the name exists but has no address" in text[8]
    assert f"does not exist (NXDOMAIN, seen live from {server})" in text[9]
    assert f'could not check MX target "mx.elsewhere.test." live: asked {server}, ' in text[10]
    assert "it answered REFUSED" in text[10]


def test_offline_by_default(nsd: Callable[[dict[str, str]], int], tmp_path: Path, cli: Cli) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(FILE)
    SENT.clear()
    code, out, _ = cli(os.fspath(zone))
    assert (code, out, SENT) == (0, "", [])


def test_a_server_that_never_answers_is_info_not_error(
    silent: int, tmp_path: Path, cli: Cli
) -> None:
    zone = tmp_path / "example.com.zone"
    zone.write_text(FILE)
    server = f"127.0.0.1:{silent}"
    code, out, _ = cli(
        "--online", "--server", server, "--resolver", server, "--timeout", "0.2", os.fspath(zone)
    )
    assert code == 0
    got = lines(out)
    assert {sev for _, sev, _ in got} == {"info"}
    assert got[0] == (3, "info", "mx-drift")
    assert (
        f"could not check zone example.com. on {server}: no answer within 0.2 s, tried twice" in out
    )
    assert sum(1 for _, _, r in got if r == "missing-address") == 7  # one per MX record


def test_ns_records_and_glue_find_the_servers(
    nsd: Callable[[dict[str, str]], int], tmp_path: Path
) -> None:
    """Without --server, the zone's NS records and glue name the servers (on the API's port:
    the test server cannot listen on 53)."""
    port = nsd({"example.com": SERVED.replace("ns1.example.net.", "ns1")})
    zone = tmp_path / "example.com.zone"
    zone.write_text(
        FILE.replace("ns1.example.net.", "ns1").replace(
            "mail IN A", "ns1 IN A 127.0.0.1\nmail IN A"
        )
    )
    off = RuleSetting("off")
    ticks: list[tuple[int, int]] = []
    result = online.run(
        Registry.load(plugins=False),
        ZoneSet([load_zone(os.fspath(zone))]),
        {"MX003": off, "MX004": off},
        online.OnlineOptions(
            resolvers=[], port=port, timeout=1, progress=lambda d, t: ticks.append((d, t))
        ),
    )
    assert ticks and ticks[-1][0] == ticks[-1][1] == 3  # SOA, MX at the apex and at sub
    got = sorted((d.line, d.rule) for d in result.diagnostics)
    assert got == [(3, "server-serial-ahead"), (5, "mx-drift")]
    drift = next(d for d in result.diagnostics if d.rule == "mx-drift")
    assert f"ns1.example.com. (127.0.0.1:{port}) serves MX 10 mail" in drift.message


@pytest.mark.parametrize("name", ["mx-drift", "server-serial-ahead"])
def test_the_examples(name: str, nsd: Callable[[dict[str, str]], int], cli: Cli) -> None:
    folder = ROOT / "rules" / name
    port = nsd({"example.com": (folder / "served.zone").read_text()})
    server = f"127.0.0.1:{port}"
    code, out, _ = cli(
        "--online", "--server", server, "--resolver", server, os.fspath(folder / "bad.zone")
    )
    assert sorted((n, r) for n, _, r in lines(out)) == expected(folder / "bad.zone")
    code, out, _ = cli(
        "--online", "--server", server, "--resolver", server, os.fspath(folder / "good.zone")
    )
    assert (code, out) == (0, "")


def test_server_option_syntax(cli: Cli, tmp_path: Path) -> None:
    assert online.parse_server("127.0.0.1:5300") == ("127.0.0.1", 5300)
    assert online.parse_server("::1") == ("::1", 53)
    assert online.parse_server("[::1]:5300") == ("::1", 5300)
    for bad in ("ns1.example.net", "127.0.0.1:x", "127.0.0.1:70000", "[::1"):
        with pytest.raises(ValueError):
            online.parse_server(bad)
    zone = tmp_path / "example.com.zone"
    zone.write_text(FILE)
    code, _, err = cli("--online", "--server", "ns1.example.net", os.fspath(zone))
    assert code == 2 and "is not an IP address" in err
    code, _, err = cli("--server", "127.0.0.1", os.fspath(zone))
    assert code == 2 and "apply only with --online" in err
    code, _, err = cli("--online", "--timeout", "0", "--resolver", "127.0.0.1", os.fspath(zone))
    assert code == 2 and "--timeout" in err


def test_readme_online_example(
    nsd: Callable[[dict[str, str]], int], tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = ROOT / "rules" / "mx-drift"
    port = nsd({"example.com": (folder / "served.zone").read_text()})
    (tmp_path / "zones").mkdir()
    (tmp_path / "zones" / "example.com.zone").write_text((folder / "bad.zone").read_text())
    monkeypatch.chdir(tmp_path)
    own_zone, with_server = block("online").splitlines()
    assert shlex.split(own_zone, comments=True) == ["mxlint", "--online", "zones/"]
    command = shlex.split(with_server.replace("5300", str(port)))
    code, out, _ = cli(*command[1:])
    assert (code, out) == (0, block("online-output").replace("5300", str(port)))


def test_progress_status_shows_only_on_a_terminal_after_the_delay() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown = Progress(Tty(), after=0.0)
    shown.status("3/300 DNS queries answered")
    shown.done()
    assert shown.stream.getvalue() == "\rmxlint: 3/300 DNS queries answered\033[K\r\033[K"
    late = Progress(Tty(), after=60.0)
    late.status("3/300 DNS queries answered")
    assert late.stream.getvalue() == ""
    pipe = Progress(io.StringIO(), after=0.0)
    pipe.status("3/300 DNS queries answered")
    assert pipe.stream.getvalue() == ""
