"""mx-propagation: --online with --resolver against a real server (NSD) on 127.0.0.1 that
plays the resolver still holding the old MX set, and a resolver that never answers.

No query may leave 127.0.0.1: dnspython's UDP and TCP query functions are wrapped to refuse
any other destination, and the system's resolvers are never read.
"""

from __future__ import annotations

import datetime
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dns.query
import pytest

from mxlint.api import Options, lint
from mxlint.model import Diagnostic
from mxlint.stages import online

from .conftest import ROOT
from .dns_server import NSD, Server
from .test_rule_examples import expectations, mismatches

pytestmark = pytest.mark.skipif(NSD is None, reason="nsd is not installed (apt-get install nsd)")

EXAMPLES = ROOT / "rules" / "mx-propagation"


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    for fn in ("udp", "tcp"):
        real = getattr(dns.query, fn)

        def guarded(q: Any, where: str, *args: Any, _real: Any = real, **kw: Any) -> Any:
            assert where == "127.0.0.1", f"a query to {where}: tests may only ask 127.0.0.1"
            return _real(q, where, *args, **kw)

        monkeypatch.setattr(dns.query, fn, guarded)

    def no_system_resolvers() -> list[online.Server]:
        raise AssertionError("the tests must not read /etc/resolv.conf: pass --resolver")

    monkeypatch.setattr(online, "system_resolvers", no_system_resolvers)


@pytest.fixture
def resolver(tmp_path: Path) -> Iterator[int]:
    """A server on 127.0.0.1 that answers for example.com. with good.zone's MX set."""
    served = (EXAMPLES / "good.zone").read_text()
    server = Server(tmp_path / "nsd", {"example.com": served})
    port = server.start()
    yield port
    server.stop()


@pytest.fixture
def silent() -> Iterator[int]:
    """A UDP port on loopback that receives queries and never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    yield int(sock.getsockname()[1])
    sock.close()


def run(path: Path, *resolvers: int, enable: bool = True) -> list[Diagnostic]:
    options = Options(
        online=True,
        resolvers=[f"127.0.0.1:{p}" for p in resolvers],
        servers=[f"127.0.0.1:{resolvers[0]}"],
        timeout=0.5,
        enable=["mx-propagation"] if enable else [],
        use_config=False,
        progress=False,
    )
    found = lint([os.fspath(path)], options).diagnostics
    return [d for d in found if d.rule == "mx-propagation"]


def test_bad_example_fires_exactly_where_marked(resolver: int) -> None:
    before = datetime.datetime.now(datetime.UTC)
    got = run(EXAMPLES / "bad.zone", resolver)
    assert mismatches(expectations(EXAMPLES / "bad.zone"), got) == []
    # "visible at every resolver asked by" the moment the longest copy expires
    stamp = got[0].message.split("visible at every resolver asked by ", 1)[1][:20]
    when = datetime.datetime.strptime(stamp, "%Y-%m-%d %H:%M UTC").replace(tzinfo=datetime.UTC)
    assert before + datetime.timedelta(seconds=3540) <= when
    assert when <= datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=3600)


def test_good_example_is_clean(resolver: int) -> None:
    assert run(EXAMPLES / "good.zone", resolver) == []


def test_off_by_default(resolver: int) -> None:
    assert run(EXAMPLES / "bad.zone", resolver, enable=False) == []


def test_a_resolver_that_does_not_answer_is_said_so(resolver: int, silent: int) -> None:
    got = run(EXAMPLES / "good.zone", resolver, silent)
    assert [(d.line, d.severity) for d in got] == [(9, "info")]
    assert f"resolver 127.0.0.1:{silent} could not be asked" in got[0].message
    assert "did not answer (Timeout)" in got[0].message
