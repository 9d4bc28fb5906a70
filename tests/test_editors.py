"""The README's editor snippet in the real editor: Debian's Neovim, headless, receives
mxlint's diagnostics from ``mxlint lsp`` (skipped when nvim is not installed; .ci/run
installs Debian's package)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ZONE_HEADER
from .test_readme import block

NVIM = shutil.which("nvim")
pytestmark = pytest.mark.skipif(NVIM is None, reason="nvim is not installed (apt install neovim)")

# Run after the file is opened: wait for the server's diagnostics, write them down, quit.
PROBE = """\
local ok = vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local out = { 'filetype=' .. vim.bo.filetype }
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out, string.format('%d:%d %s', d.lnum + 1, d.col + 1, tostring(d.code)))
end
vim.fn.writefile(out, vim.env.PROBE_OUT)
vim.cmd('qa!')
"""


def nvim_diagnostics(tmp_path: Path, name: str, text: str) -> list[str]:
    (tmp_path / "init.lua").write_text(block("neovim"))
    (tmp_path / "probe.lua").write_text(PROBE)
    (tmp_path / name).write_text(text)
    out = tmp_path / "probe.out"
    env = {
        **os.environ,
        # the console script of this environment, as a user's PATH would have it
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
        "PROBE_OUT": os.fspath(out),
        "XDG_CONFIG_HOME": os.fspath(tmp_path / "config"),
        "XDG_DATA_HOME": os.fspath(tmp_path / "data"),
        "XDG_STATE_HOME": os.fspath(tmp_path / "state"),
    }
    assert NVIM is not None
    proc = subprocess.run(
        [NVIM, "--headless", "-u", "init.lua", "-c", "luafile probe.lua", name],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out.read_text().splitlines()


def test_neovim_shows_mxlints_diagnostics_for_a_zone_file(tmp_path: Path) -> None:
    text = ZONE_HEADER + "@ IN MX 10 mail.example.com\nmail IN A 192.0.2.1\n"
    got = nvim_diagnostics(tmp_path, "example.com.zone", text)
    assert got == ["filetype=bindzone", "5:12 MX001"]


def test_neovim_attaches_to_db_files_too(tmp_path: Path) -> None:
    text = ZONE_HEADER.replace("$ORIGIN example.com.\n", "") + "@ IN MX 10 192.0.2.1\n"
    got = nvim_diagnostics(tmp_path, "db.example.com", text)
    assert got == ["filetype=bindzone", "4:12 MX002"]
