"""The per-file bounds in proportion to the file: all the ``$GENERATE`` lines of one zone
share the generate-records bound (a file under 1 KB used to make 10,000,000 records)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .conftest import ZONE_HEADER, run_cli


def test_generate_lines_share_one_bound(tmp_path: Path) -> None:
    lines = "".join(f"$GENERATE 0-399 h{k}-$ A 192.0.2.1\n" for k in range(3))
    zone = tmp_path / "example.com.zone"
    zone.write_text(ZONE_HEADER + lines)
    assert zone.stat().st_size < 1024
    code, out, _err = run_cli(
        ["--format", "json", "--limit", "generate-records=1000", os.fspath(zone)]
    )
    found = json.loads(out)["diagnostics"]
    assert [(d["rule"], d["line"]) for d in found] == [("limit-exceeded", 7)]
    assert "with the 800 the $GENERATE lines before it made" in found[0]["message"]
    assert code == 1
