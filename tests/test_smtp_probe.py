"""--probe-smtp against real SMTP servers on loopback: aiosmtpd with and without STARTTLS, a
self-signed certificate made here (and a TLSA record computed from it), a port that accepts
and closes, one that accepts and never speaks, one where nothing listens.

Every server listens on its own 127.0.0.N address, all on one port, so one zone's MX hosts
reach all of them. No connection may leave loopback: socket connections to any other address
fail the test, and the system's resolver is never asked.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import os
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")
aiosmtpd_handlers = pytest.importorskip("aiosmtpd.handlers")
x509 = pytest.importorskip("cryptography.x509")

from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402

from mxlint.api import Options, lint  # noqa: E402
from mxlint.stages import smtp  # noqa: E402

from .conftest import ROOT  # noqa: E402
from .test_rule_examples import expectations, mismatches  # noqa: E402

EXAMPLES = ROOT / "rules" / "smtp-probe"
TIMEOUT = 2.0  # seconds per host in these tests


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail on any connection that is not to loopback, and on any resolver lookup."""
    for name in ("connect", "connect_ex"):
        real = getattr(socket.socket, name)

        def guarded(self: socket.socket, address: Any, _real: Any = real) -> Any:
            host = address[0] if isinstance(address, tuple) else address
            assert ipaddress.ip_address(host).is_loopback, f"a connection to {address}"
            return _real(self, address)

        monkeypatch.setattr(socket.socket, name, guarded)

    def no_resolver(host: Any, timeout: float) -> list[str]:
        raise AssertionError(f"the tests must not resolve {host}")

    monkeypatch.setattr(smtp, "_resolve", no_resolver)


def test_the_guard_refuses_other_destinations() -> None:
    with pytest.raises(AssertionError, match="a connection to"):
        socket.create_connection(("192.0.2.1", 25), timeout=0.1)


# --------------------------------------------------------------------------- certificates


def certificate(tmp: Path, name: str) -> tuple[ssl.SSLContext, bytes]:
    """A server context with a self-signed certificate for ``name``, and the certificate
    (DER)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / f"{name}.crt", tmp / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context, cert.public_bytes(serialization.Encoding.DER)


def spki(der: bytes) -> bytes:
    cert = x509.load_der_x509_certificate(der)
    return cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


# --------------------------------------------------------------------------- servers


class Recorder(aiosmtpd_handlers.Sink):  # type: ignore[misc]
    """Accepts every conversation and records the commands that would start a mail."""

    def __init__(self) -> None:
        self.mail: list[str] = []

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, *args: Any) -> str:
        self.mail.append("MAIL")
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, *args: Any) -> str:
        self.mail.append("RCPT")
        return "250 OK"


class Servers:
    """The loopback servers of one test, all on one port."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        probe = socket.socket()
        probe.bind(("127.0.0.2", 0))
        self.port = int(probe.getsockname()[1])
        probe.close()
        self.handler = Recorder()
        self._controllers: list[Any] = []
        self._sockets: list[socket.socket] = []
        self._stop = threading.Event()
        self.der: dict[str, bytes] = {}

    def smtp(self, address: str, cert_name: str | None = None) -> None:
        """aiosmtpd on ``address``, offering STARTTLS with a certificate for ``cert_name``."""
        kwargs: dict[str, Any] = {}
        if cert_name is not None:
            context, der = certificate(self.tmp, cert_name)
            self.der[address] = der
            kwargs = {"tls_context": context, "require_starttls": False}
        c = aiosmtpd_controller.Controller(
            self.handler, hostname=address, port=self.port, ready_timeout=10, **kwargs
        )
        c.start()
        self._controllers.append(c)

    def closing(self, address: str) -> None:
        """Accepts each connection and closes it at once."""
        sock = socket.socket()
        sock.bind((address, self.port))
        sock.listen(8)
        sock.settimeout(0.2)
        self._sockets.append(sock)

        def serve() -> None:
            while not self._stop.is_set():
                try:
                    conn, _ = sock.accept()
                except OSError:
                    continue
                conn.close()

        threading.Thread(target=serve, daemon=True).start()

    def silent(self, address: str) -> None:
        """Listens (the kernel completes the handshake) and never accepts nor speaks."""
        sock = socket.socket()
        sock.bind((address, self.port))
        sock.listen(64)
        self._sockets.append(sock)

    def stop(self) -> None:
        self._stop.set()
        for c in self._controllers:
            c.stop()
        for s in self._sockets:
            s.close()


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Servers]:
    s = Servers(tmp_path)
    yield s
    s.stop()


def loopback_zone(tmp: Path, source: Path, extra: str = "") -> str:
    """The example with its documentation addresses 192.0.2.N moved to 127.0.0.N."""
    path = tmp / source.name
    path.write_text(source.read_text().replace("192.0.2.", "127.0.0.") + extra)
    return os.fspath(path)


def probe_lint(path: str, port: int) -> tuple[list[Any], float]:
    options = Options(
        probe_smtp=True,
        smtp_port=port,
        smtp_timeout=TIMEOUT,
        use_config=False,
        progress=False,
        # the hosts are on loopback here; the TLSA records of the tests are in unsigned zones
        disable=["unroutable-address", "dane-tlsa"],
    )
    start = time.monotonic()
    diagnostics = lint([path], options).diagnostics
    return diagnostics, time.monotonic() - start


# --------------------------------------------------------------------------- the examples


def test_bad_example_fires_exactly_where_marked(servers: Servers, tmp_path: Path) -> None:
    servers.smtp("127.0.0.2", "mail.example.com")  # its TLSA record matches another key
    servers.closing("127.0.0.3")
    servers.silent("127.0.0.4")
    servers.smtp("127.0.0.5")  # no STARTTLS
    servers.smtp("127.0.0.6", "other.example.net")
    # 127.0.0.7: nothing listens
    path = loopback_zone(tmp_path, EXAMPLES / "bad.zone")
    got, seconds = probe_lint(path, servers.port)
    want = expectations(EXAMPLES / "bad.zone")
    assert mismatches(want, got) == []
    assert servers.handler.mail == []  # never MAIL FROM, never RCPT TO
    # every host is asked at once: the whole run waits about one per-host bound
    assert seconds < 2 * TIMEOUT + 3, seconds


def test_good_example_is_clean(servers: Servers, tmp_path: Path) -> None:
    servers.smtp("127.0.0.12", "mail.example.com")
    servers.smtp("127.0.0.13", "mail2.example.com")
    got, _ = probe_lint(loopback_zone(tmp_path, EXAMPLES / "good.zone"), servers.port)
    assert got == []
    assert servers.handler.mail == []


def test_a_tlsa_record_made_from_the_certificate_matches(servers: Servers, tmp_path: Path) -> None:
    # The certificate names another host: with a matching DANE-EE record, names do not matter
    # (RFC 7672 3.1.1), so nothing is reported.
    servers.smtp("127.0.0.12", "elsewhere.example.net")
    servers.smtp("127.0.0.13", "mail2.example.com")
    key = hashlib.sha256(spki(servers.der["127.0.0.12"])).hexdigest()
    full = hashlib.sha512(servers.der["127.0.0.13"]).hexdigest()
    extra = f"_25._tcp.mail IN TLSA 3 1 1 {key}\n_25._tcp.mail2 IN TLSA 3 0 2 {full}\n"
    got, _ = probe_lint(loopback_zone(tmp_path, EXAMPLES / "good.zone", extra), servers.port)
    assert got == []


def test_tlsa_without_starttls_is_an_error(servers: Servers, tmp_path: Path) -> None:
    servers.smtp("127.0.0.12")  # no STARTTLS, yet a TLSA record
    servers.smtp("127.0.0.13", "mail2.example.com")
    extra = "_25._tcp.mail IN TLSA 3 1 1 " + "ab" * 32 + "\n"
    got, _ = probe_lint(loopback_zone(tmp_path, EXAMPLES / "good.zone", extra), servers.port)
    assert [(d.line, d.severity, d.rule) for d in got] == [(9, "error", "smtp-probe")]
    assert "does not offer STARTTLS, but it has TLSA records" in got[0].message


# --------------------------------------------------------------------------- bounds


def test_the_probe_is_bounded_per_host_overall_and_in_parallel(servers: Servers) -> None:
    servers.silent("127.0.0.4")
    jobs: list[tuple[str, str, list[tuple[int, int, int, bytes]]]] = [
        (f"h{i}.example.com.", "127.0.0.4", []) for i in range(10)
    ]
    opts = smtp.ProbeOptions(port=servers.port, timeout=0.5, total=1.2, concurrency=4)
    start = time.monotonic()
    outcomes = smtp.probe(jobs, opts)
    seconds = time.monotonic() - start
    # 4 at once, 0.5 s each: two rounds fit in 1.2 s, the third is cut off
    assert seconds < 1.2 + 2.5, seconds
    problems = [o.problem[1] for o in outcomes if o.problem is not None]
    assert len(problems) == 10
    assert sum("sends no SMTP greeting within 0.5 s" in p for p in problems) == 8
    assert sum("ran out" in p for p in problems) == 2


def test_an_unreachable_host_is_only_info() -> None:
    out = smtp.Outcome("mx.example.com.", "127.0.0.9", problem=("info", "could not be reached"))
    assert smtp.verdicts(out, 25) == [
        ("info", 'MX host "mx.example.com." (127.0.0.9) could not be reached')
    ]


# --------------------------------------------------------------------------- pieces


def test_certificate_names_and_key_are_read_from_der(tmp_path: Path) -> None:
    _, der = certificate(tmp_path, "mx.example.com")
    names, key = smtp.cert_facts(der)
    assert names == ["mx.example.com"]
    assert key == spki(der)
    assert smtp.tlsa_matches((3, 1, 1, hashlib.sha256(key).digest()), der, key)
    assert smtp.tlsa_matches((3, 0, 0, der), der, key)
    assert not smtp.tlsa_matches((3, 1, 1, b"\0" * 32), der, key)
    with pytest.raises(ValueError):
        smtp.cert_facts(der[:40])


@pytest.mark.parametrize(
    ("pattern", "host", "match"),
    [
        ("mx.example.com", "mx.example.com.", True),
        ("MX.Example.com", "mx.example.com.", True),
        ("*.example.com", "mx.example.com.", True),
        ("*.example.com", "a.mx.example.com.", False),
        ("*.example.com", "example.com.", False),
        ("mx2.example.com", "mx.example.com.", False),
    ],
)
def test_certificate_name_matching(pattern: str, host: str, match: bool) -> None:
    assert smtp.name_matches(pattern, host) is match


def test_smtp_port_without_the_probe_is_a_usage_error(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    path = loopback_zone(tmp_path, EXAMPLES / "good.zone")
    code, _, err = cli("--no-config", "--smtp-port", "2525", path)
    assert code == 2 and "--smtp-port and --smtp-timeout apply only with --probe-smtp" in err


def test_hosts_outside_the_zones_are_resolved_in_parallel(
    servers: Servers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    servers.smtp("127.0.0.12", "mx.provider.example")
    asked: list[str] = []

    def resolve(host: Any, timeout: float) -> list[str]:
        asked.append(str(host))
        return ["127.0.0.12"] if str(host) == "mx.provider.example." else []

    monkeypatch.setattr(smtp, "_resolve", resolve)
    text = (
        "$ORIGIN example.com.\n$TTL 3600\n"
        "@ IN SOA ns1.example.net. hostmaster.example.com. 1 7200 3600 1209600 300\n"
        "@ IN NS ns1.example.net.\n"
        "@ IN MX 10 mx.provider.example.\n"
        "@ IN MX 20 nowhere.provider.example.\n"
    )
    path = tmp_path / "z.zone"
    path.write_text(text)
    got, _ = probe_lint(os.fspath(path), servers.port)
    assert sorted(asked) == ["mx.provider.example.", "nowhere.provider.example."]
    assert [(d.line, d.severity) for d in got] == [(6, "info")]
    assert "was not probed: the resolver gave no address" in got[0].message
