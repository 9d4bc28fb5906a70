"""A real authoritative DNS server (NSD, Debian package ``nsd``) on loopback, for the tests.

Started in the foreground (``nsd -d``, no systemd, no privilege drop) with a configuration
written into a temporary folder, on a free port of 127.0.0.1, serving the zones it is given;
``start`` returns once the server answers, ``stop`` kills it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import dns.message
import dns.query

NSD = shutil.which("nsd") or ("/usr/sbin/nsd" if os.path.exists("/usr/sbin/nsd") else None)


def free_port() -> int:
    """A port free for both UDP and TCP on 127.0.0.1."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            u.bind(("127.0.0.1", 0))
            port = int(u.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
                try:
                    t.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise RuntimeError("no free port on 127.0.0.1")


class Server:
    def __init__(self, folder: Path, zones: dict[str, str]) -> None:
        self.folder = folder
        self.zones = zones
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> int:
        assert NSD is not None, "nsd is not installed (apt-get install -y nsd)"
        d = self.folder
        d.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        conf = [
            "server:",
            f"    ip-address: 127.0.0.1@{self.port}",
            '    username: ""',
            '    chroot: ""',
            f'    zonesdir: "{d}"',
            f'    pidfile: "{d}/nsd.pid"',
            f'    xfrdfile: "{d}/xfrd.state"',
            f'    zonelistfile: "{d}/zone.list"',
            '    database: ""',
            f'    logfile: "{d}/nsd.log"',
            "    server-count: 1",
            "    verbosity: 1",
            "remote-control:",
            "    control-enable: no",
        ]
        for i, (origin, text) in enumerate(self.zones.items()):
            (d / f"zone{i}.zone").write_text(text)
            conf += ["zone:", f"    name: {origin}", f'    zonefile: "zone{i}.zone"']
        (d / "nsd.conf").write_text("\n".join(conf) + "\n")
        self.proc = subprocess.Popen(
            [NSD, "-d", "-c", os.fspath(d / "nsd.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        first = next(iter(self.zones))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                log = (d / "nsd.log").read_text() if (d / "nsd.log").exists() else ""
                raise RuntimeError(f"nsd exited with {self.proc.returncode}: {log}")
            try:
                r = dns.query.udp(
                    dns.message.make_query(first, "SOA"), "127.0.0.1", timeout=0.2, port=self.port
                )
                if r.answer:
                    return self.port
            except (dns.exception.Timeout, OSError):
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("nsd did not answer within 20 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None
