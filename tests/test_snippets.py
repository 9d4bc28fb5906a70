"""The README's pre-commit, GitHub Actions and GitLab CI snippets, run as written.

The snippets are read from README.md; only the repository URL is rewritten, to a local git
repository holding this working tree (uncommitted changes committed there, on a ``main``
branch). pre-commit then installs the hook from it by ``rev: main``, and by the tag or sha
``pre-commit autoupdate`` pins; the Actions and GitLab steps run in a fresh virtual
environment that ``pip install``s mxlint from the repository's URL. Slow (each installs
mxlint into a new environment), but it is exactly what a new user does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from mxlint import __version__

from .conftest import ROOT, ZONE_HEADER
from .test_readme import block

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

URL = "https://example.invalid/mxlint"
JUNK = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
    )
    return proc.stdout.strip()


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree as a git repository with a ``main`` branch and no tags."""
    repo = tmp_path_factory.mktemp("upstream") / "mxlint"
    if (ROOT / ".git").exists():
        listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        for name in filter(None, listed.split("\0")):
            src = ROOT / name
            if src.is_file():
                (repo / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, repo / name)
    else:  # an unpacked sdist
        shutil.copytree(ROOT, repo, ignore=JUNK)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "working tree")
    return repo


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def user_repo(path: Path, config: str | None = None) -> Path:
    """A user's repository: two zones, an MX in one pointing at a CNAME in the other."""
    path.mkdir()
    (path / "zones").mkdir()
    (path / "zones" / "example.com.zone").write_text(ZONE_HEADER + "@ IN MX 10 mail.example.net.\n")
    (path / "zones" / "example.net.zone").write_text(
        ZONE_HEADER.replace("example.com", "example.net").replace(
            "NS    ns1.example.net.", "NS    ns1.example.org."
        )
        + "mail IN CNAME x\nx IN A 192.0.2.1\n"
    )
    if config is not None:
        (path / ".pre-commit-config.yaml").write_text(config)
    git(path, "init", "-q")
    git(path, "add", "-A")
    git(path, "commit", "-qm", "zones")
    return path


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": os.fspath(home), "NO_COLOR": "1", **GIT_ENV}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_pre_commit_snippet_as_written(upstream: Path, home: Path, tmp_path: Path) -> None:
    snippet = block("pre-commit")
    assert URL in snippet and "rev: main" in snippet
    repo = user_repo(tmp_path / "user", snippet.replace(URL, os.fspath(upstream)))
    proc = pre_commit(repo, home, "run", "--files", "zones/example.com.zone")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    # the hook's args from the snippet: the sibling zone is loaded as context
    assert "zones/example.com.zone:5:12: error:" in out and "[MX003 cname-target]" in out


def test_pre_commit_autoupdate_pins_a_sha_then_the_release_tag(
    upstream: Path, home: Path, tmp_path: Path
) -> None:
    snippet = block("pre-commit").replace(URL, os.fspath(upstream))
    repo = user_repo(tmp_path / "user", snippet)
    # No release tag yet: autoupdate pins main's commit sha.
    proc = pre_commit(repo, home, "autoupdate")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [pinned] = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text())["repos"]
    assert pinned["rev"] == git(upstream, "rev-parse", "HEAD")
    # A release is tagged as RELEASING.md says: autoupdate moves to the tag, and it runs.
    tag = f"v{__version__}"
    git(upstream, "tag", "-a", tag, "-m", f"mxlint {__version__}")
    try:
        proc = pre_commit(repo, home, "autoupdate")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        [pinned] = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text())["repos"]
        assert pinned["rev"] == tag
        git(repo, "add", "-A")
        proc = pre_commit(repo, home, "run", "--files", "zones/example.com.zone")
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "[MX003 cname-target]" in proc.stdout
    finally:
        git(upstream, "tag", "-d", tag)


@pytest.fixture(scope="module")
def served(upstream: Path) -> Iterator[str]:
    """The repository over git's plain HTTP protocol on 127.0.0.1, as pip clones it.

    (pip refuses ``git+file:///...`` URLs in requirement form, so a URL like the README's.)
    """
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    bare = upstream.parent / "served" / "mxlint.git"
    git(upstream, "clone", "-q", "--bare", os.fspath(upstream), os.fspath(bare))
    git(bare, "update-server-info")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=os.fspath(bare.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/mxlint.git"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with pip and nothing else, as on a CI runner."""
    path = tmp_path_factory.mktemp("ci") / "venv"
    venv.create(path, with_pip=True)
    return path


def run_steps(
    commands: list[str], cwd: Path, bindir: Path, extra_env: dict[str, str]
) -> list[subprocess.CompletedProcess[str]]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(extra_env)
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    done = []
    for command in commands:
        proc = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", command],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        done.append(proc)
        if proc.returncode != 0:
            break
    return done


def test_github_actions_snippet_installs_and_lints(
    served: str, fresh_venv: Path, tmp_path: Path
) -> None:
    job = yaml.safe_load(block("github-actions"))
    steps = [s["run"] for s in job["jobs"]["mxlint"]["steps"] if "run" in s]
    assert len(steps) == 2 and URL in steps[0]
    steps[0] = steps[0].replace(URL, served)
    work = user_repo(tmp_path / "work")
    summary = tmp_path / "step-summary.md"
    install, lint = run_steps(
        steps, work, fresh_venv / "bin", {"GITHUB_STEP_SUMMARY": os.fspath(summary)}
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    # zones/example.com.zone's target is a CNAME in the sibling zone: one error, exit 1
    assert lint.returncode == 1, lint.stdout + lint.stderr
    assert lint.stdout.startswith(
        "::error file=zones/example.com.zone,line=5,col=12,title=MX003 cname-target::"
    )
    assert "| error | zones/example.com.zone\\:5\\:12 | MX003 cname-target |" in summary.read_text()
    version = subprocess.run(
        [fresh_venv / "bin" / "mxlint", "--version"], capture_output=True, text=True
    )
    assert version.stdout.strip() == f"mxlint {__version__}"


def test_gitlab_ci_snippet_writes_a_code_quality_report(
    served: str, fresh_venv: Path, tmp_path: Path
) -> None:
    job = yaml.safe_load(block("gitlab-ci"))["mxlint"]
    script = [s.replace(URL, served) for s in job["script"]]
    report = job["artifacts"]["reports"]["codequality"]
    work = user_repo(tmp_path / "work")
    done = run_steps(script, work, fresh_venv / "bin", {})
    # the lint step fails the job (exit 1) after writing the report; artifacts: when: always
    assert [p.returncode for p in done] == [0, 1], [p.stderr[-2000:] for p in done]
    assert job["artifacts"]["when"] == "always"
    issues = json.loads((work / report).read_text())
    assert [(i["check_name"], i["location"]["path"]) for i in issues] == [
        ("MX003 cname-target", "zones/example.com.zone")
    ]
