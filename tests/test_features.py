"""The stand-in for dnspython's feature probe answers as dnspython's own module does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
import mxlint, dns.name
stand_in = type(sys.modules["dns._features"]).__name__
lazy = "importlib.metadata" not in sys.modules
import dns._features
real = dns._features._load().have("idna") if stand_in == "_Features" else None
print(json.dumps({"stand_in": stand_in, "lazy": lazy, "idna": dns.name.have_idna_2008,
                  "real": real, "dnssec": dns._features.have("dnssec")}))
"""
REAL = """
import json, dns.name, dns._features
print(json.dumps({"idna": dns.name.have_idna_2008, "dnssec": dns._features.have("dnssec")}))
"""


def _run(code: str, path: Path | None, **env: str) -> dict[str, object]:
    environ = dict(os.environ, **env)
    if path is not None:
        environ["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(path), environ.get("PYTHONPATH", "")) if p
        )
    out = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def _fake_idna(tmp_path: Path, version: str) -> Path:
    dist = tmp_path / f"idna-{version}.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: idna\nVersion: {version}\n", encoding="utf-8"
    )
    (tmp_path / "idna").mkdir()
    (tmp_path / "idna" / "__init__.py").write_text("", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("version", [None, "1.0", "99.1"])
def test_same_answers_as_dnspython(tmp_path: Path, version: str | None) -> None:
    path = None if version is None else _fake_idna(tmp_path, version)
    if version == "99.1":  # dnspython would import the stand-in package: give it the API
        (tmp_path / "idna" / "__init__.py").write_text(
            "def encode(*a, **k): raise NotImplementedError\n"
            "def decode(*a, **k): raise NotImplementedError\n"
            "class IDNAError(Exception): pass\n",
            encoding="utf-8",
        )
    ours = _run(PROBE, path)
    real = _run(REAL, path)
    assert ours["stand_in"] == "_Features"
    assert ours["lazy"] is True  # dns.name came without importlib.metadata
    assert ours["idna"] == ours["real"] == real["idna"]
    assert ours["dnssec"] == real["dnssec"]
    if version is not None:
        assert ours["idna"] is (version == "99.1")


def test_opt_out_and_odd_folder_fall_back(tmp_path: Path) -> None:
    real = _run(REAL, None)
    off = _run(PROBE, None, MXLINT_REAL_DNS_FEATURES="1")
    assert off["stand_in"] == "module" and off["idna"] == real["idna"]
    (tmp_path / "IDNA-weird.dist-info").mkdir()  # cannot be read cheaply: the real module
    odd = _run(PROBE, tmp_path)
    assert odd["lazy"] is False and odd["idna"] == real["idna"]
