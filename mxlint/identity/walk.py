"""Turn the paths on the command line into the files to read.

A file named explicitly is always read, whatever its name (zone identity then says what it is).
A folder is walked recursively (hidden folders skipped) and each file is judged by its
content (:func:`mxlint.identity.sniff.classify`), not its name alone: a file named like a zone
(``*.zone``, ``*.db``, ``db.*``, ...) is linted when it reads as a zone file or a template of
one; any other file only when it also starts like one (a directive or an SOA record first, or
records up to an SOA record: :func:`mxlint.identity.sniff.starts_like_zone`), and one that reads
as records but does not is passed over with why.
``LICENSE.zone``, ``src/db.c``, ``docs/db.example.org.md`` and root hints are skipped, each
with the reason (``--verbose`` lists them). Server configurations (``named.conf`` and the
files it includes, ``nsd.conf``, ``knot.conf``) found on the way are collected for zone
identity. ``--fix`` temporary files (``.mxlint-*``) are skipped.

Inside a git work tree, a walk passes over what git ignores (``.gitignore`` files at every
level with their negations, ``.git/info/exclude``, the global excludes file), as git itself
decides: :func:`git_ignored` asks ``git ls-files``. Tracked files are never ignored (as in
git), a file named explicitly is read even if ignored, and so is everything below a folder
named explicitly that is itself ignored. Outside a work tree, or without git, nothing is
ignored.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Final

from mxlint import safeopen
from mxlint._paths import work_tree as work_tree
from mxlint._value import Value
from mxlint.identity.sniff import Sniffed, Verdict, classify, starts_like_zone

ZONE_GLOBS: Final = ("*.zone", "*.db", "db.*", "*.hosts", "*.signed", "*.zone.*", "pri.*")
SERVER_CONF_GLOBS: Final = ("named.conf*", "*.named.conf", "nsd.conf*", "knot.conf*")
_SNIFF_BYTES: Final = 64 * 1024
# Endings of files that are never zone files, whatever else their name says.
_NOT_ZONES: Final = frozenset(
    (
        ".md",
        ".markdown",
        ".rst",
        ".adoc",
        ".html",
        ".htm",
        ".c",
        ".h",
        ".cc",
        ".cpp",
        ".hpp",
        ".py",
        ".pyc",
        ".go",
        ".rs",
        ".js",
        ".ts",
        ".java",
        ".rb",
        ".pl",
        ".sh",
        ".bash",
        ".json",
        ".yaml",
        ".yml",
        ".toml",
        ".xml",
        ".ini",
        ".cfg",
        ".lock",
        ".patch",
        ".diff",
        ".rej",
        ".pdf",
        ".png",
        ".jpg",
        ".gif",
        ".svg",
        ".gz",
        ".bz2",
        ".xz",
        ".zip",
        ".tar",
        ".swp",
        ".mo",
        ".po",
    )
)
# ``--fix`` writes through temporary files named ``.mxlint-tmp-*.tmp`` (before, ``.mxlint-*``);
# one left behind by a killed run holds zone text but is never a zone to lint.
FIX_TEMP_PREFIX: Final = ".mxlint-"


class Candidate(Value):
    """A file to read: ``explicit`` when named on the command line.

    A file found by a walk also carries what the walk learnt while judging it, so that zone
    identity need not work it out again: ``sniffed``, the verdict on the text the walk read
    (reused only for the same text, see :class:`mxlint.identity.sniff.Sniffed`), and ``real``, its
    real path (``None``: not known). :func:`mxlint.identity.zones.plan` takes both (they are
    ``None`` after it): a run over many files keeps them no longer than it needs them.
    """

    __slots__ = ("explicit", "path", "real", "sniffed")
    _fields = ("path", "explicit")

    def __init__(
        self,
        path: str,
        explicit: bool,
        sniffed: Sniffed | None = None,
        real: str | None = None,
    ) -> None:
        self.path = path
        self.explicit = explicit
        self.sniffed = sniffed
        self.real = real


class Expansion:
    """What ``paths`` expand to: files to read, paths that do not exist, files a walk
    passed over (with why), server configurations found (in the folders, in the folders above
    them up to their git work tree's root, or given by name: ``named_configs``), and the
    folders named (``roots``: outside a git work tree, each is the root its zones' includes
    and configurations may reach)."""

    def __init__(self) -> None:
        self.files: list[Candidate] = []
        self.missing: list[str] = []
        self.skipped: list[tuple[str, str]] = []
        self.server_configs: list[str] = []
        self.unreadable: list[str] = []  # "folder: why", never skipped silently
        self.roots: list[str] = []  # the folders named: each is a repository's root
        self.named_configs: list[str] = []  # server configurations given by name


def zone_named(name: str) -> bool:
    """True if a file name looks like a zone file's."""
    lower = name.lower()
    return any(fnmatch.fnmatch(lower, g) for g in ZONE_GLOBS)


def server_conf_named(name: str) -> bool:
    """True if a file name matches :data:`SERVER_CONF_GLOBS` (in any case): each glob has
    its one ``*`` at an end, so this is a test of the name's start or end (what ``fnmatch``
    answers, without compiling four patterns on every run)."""
    lower = name.lower()
    return lower.startswith(_CONF_STARTS) or lower.endswith(_CONF_ENDS)


_CONF_STARTS: Final = tuple(g[:-1] for g in SERVER_CONF_GLOBS if g.endswith("*"))
_CONF_ENDS: Final = tuple(g[1:] for g in SERVER_CONF_GLOBS if g.startswith("*"))


def head(path: str, size: int = _SNIFF_BYTES) -> str | None:
    """The first ``size`` bytes of a regular file as text (``None``: it cannot be read, or is
    no regular file). Opened without blocking: a named pipe in a folder must not hang a walk.
    """
    try:
        data = safeopen.read_head(path, size)
    except OSError:
        return None
    return data.decode("utf-8", "replace")


# Why a file that reads as zone records is passed over (listed by --verbose, never silently).
NOT_STARTING: Final = (
    "reads like zone records but is not named like a zone file and does not start like one "
    "(a directive, or records up to an SOA record); name it on the command line to lint it"
)


def judge(path: str) -> Verdict:
    """What a file found by a walk is, and whether to read it (see the module docstring)."""
    return _judge(path)[0]


def _judge(path: str) -> tuple[Verdict, Sniffed | None]:
    """:func:`judge`, with the verdict on the text read when the file is one to read."""
    name = os.path.basename(path)
    ext = os.path.splitext(name)[1].lower()
    if ext in _NOT_ZONES:
        return Verdict("other", f"a {ext} file, not a zone file"), None
    text = head(path)
    if text is None:
        return Verdict("other", "cannot be read, or is no regular file (a pipe, a device)"), None
    verdict = classify(text)
    if verdict.kind in ("zone", "template") and not zone_named(name) and not starts_like_zone(text):
        return Verdict("other", NOT_STARTING), None
    return verdict, Sniffed(text, verdict)


Excluded = Callable[[str], bool]


def _never(path: str) -> bool:
    return False


GIT_IGNORED: Final = "ignored by git (.gitignore)"


def maybe_work_tree(folder: str) -> bool:
    """False only when git could not find a work tree from ``folder``: no ``.git`` in it or
    above it, and no ``GIT_DIR``/``GIT_WORK_TREE`` telling git where to look (a small zone
    outside any repository then costs no git process)."""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return True
    return work_tree(folder) is not None


def git_ignored(folder: str) -> tuple[set[str], set[str]]:
    """``(files, folders)`` below ``folder`` that git ignores, as paths joined onto
    ``folder``; both empty outside a git work tree, without git, or when ``folder`` itself
    is ignored (it was named explicitly)."""
    if not maybe_work_tree(folder):
        return set(), set()  # no git process for a folder outside any repository
    import subprocess

    env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    cmd = ["git", "-C", folder, "ls-files", "-z", "--others", "--ignored", "--exclude-standard"]
    try:
        proc = subprocess.run(
            [*cmd, "--directory"], capture_output=True, env=env, check=False, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return set(), set()
    if proc.returncode != 0:
        return set(), set()
    files: set[str] = set()
    folders: set[str] = set()
    for entry in proc.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        if entry in ("./", "."):
            return set(), set()
        path = os.path.normpath(os.path.join(folder, entry))
        (folders if entry.endswith("/") else files).add(path)
    return files, folders


def walk(
    folder: str, excluded: Excluded = _never, errors: list[str] | None = None
) -> Iterator[tuple[str, str | None]]:
    """``(path, None)`` for each file below ``folder`` to read, ``(path, why)`` for each
    passed over, and ``(path, "server configuration")`` for those; sorted, as paths joined
    onto ``folder``.

    A symbolic link that leads out of ``folder`` is skipped: a pull request must not make CI
    read (and echo in syntax errors) ``/etc/shadow`` by adding ``evil.zone`` pointing there.
    A file named explicitly on the command line is read wherever it points. A folder that
    cannot be read (the top one or any below it) is added to ``errors`` as ``"path: reason"``,
    never skipped without a word.
    """
    for path, why, _found in _walk(folder, excluded, errors):
        yield path, why


class _Found:
    """What a walk learnt of a file to read: its real path, the verdict on its text."""

    __slots__ = ("real", "sniffed")

    def __init__(self, real: str, sniffed: Sniffed | None) -> None:
        self.real = real
        self.sniffed = sniffed


def _walk(
    folder: str, excluded: Excluded = _never, errors: list[str] | None = None
) -> Iterator[tuple[str, str | None, _Found | None]]:
    """:func:`walk`, with a :class:`_Found` for each file to read."""
    top = os.path.realpath(folder)
    ignored_files, ignored_dirs = git_ignored(folder)

    def unreadable(exc: OSError) -> None:
        where = os.fspath(exc.filename if exc.filename is not None else folder)
        if errors is not None and not excluded(where):
            errors.append(f"{where}: {exc.strerror or exc}")

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if ignored_dirs:
            for d in [d for d in dirs if os.path.normpath(os.path.join(root, d)) in ignored_dirs]:
                dirs.remove(d)
                yield os.path.normpath(os.path.join(root, d)), GIT_IGNORED, None
        # The walk enters no symbolic link to a folder, so below ``top`` a file that is no
        # link is where its folders' names say: its real path needs no lookup per file.
        below = os.path.relpath(root, folder)
        real_root = top if below == os.curdir else os.path.join(top, below)
        for name in sorted(files):
            if name.startswith(FIX_TEMP_PREFIX):
                continue
            path = os.path.normpath(os.path.join(root, name))
            if os.path.islink(path):
                real = os.path.realpath(path)
                if not _below(real, top):
                    yield path, "a symbolic link leading out of the folder", None
                    continue
            else:
                real = os.path.join(real_root, name)
            if path in ignored_files:
                yield path, GIT_IGNORED, None
                continue
            if excluded(path):
                yield path, "excluded by the configuration", None
                continue
            if _found_config(name, path):
                yield path, "server configuration", None
                continue
            verdict, sniffed = _judge(path)
            if verdict.kind == "zone" or verdict.kind == "template":
                yield path, None, _Found(real, sniffed)
            elif zone_named(name) or verdict.kind == "hints" or verdict.why == NOT_STARTING:
                yield path, verdict.why, None


def _is_server_conf(path: str) -> bool:
    from mxlint.identity.conf import sniff

    return sniff(path) is not None


def _found_config(name: str, path: str) -> bool:
    """True for a server configuration a walk finds: named like one, or a ``.conf`` file
    that reads like one."""
    return server_conf_named(name) or (name.lower().endswith(".conf") and _is_server_conf(path))


def _names_zones(path: str) -> bool:
    """True for a server configuration given by name (``mxlint named.conf``)."""
    name = os.path.basename(path)
    return (server_conf_named(name) or name.lower().endswith(".conf")) and _is_server_conf(path)


def _configs_above(
    folder: str, own: bool = False, cache: dict[str, list[str]] | None = None
) -> list[str]:
    """The server configurations in the folders above ``folder`` (and in ``folder`` itself
    with ``own``) up to its git work tree's root: ``named.conf`` at the root of a repository
    whose ``zones/`` (or one file of it) is linted. ``cache``: folder -> what it holds."""
    tree = work_tree(folder)
    if tree is None:
        return []
    here = os.path.abspath(folder)
    found: list[str] = []
    folders = [here] if own else []
    while here != tree and _below(here, tree):
        here = os.path.dirname(here)
        folders.append(here)
    for each in folders:
        if cache is not None and each in cache:
            found += cache[each]
            continue
        held: list[str] = []
        try:
            names = sorted(os.listdir(each))
        except OSError:
            names = []
        for name in names:
            path = os.path.join(each, name)
            if not name.startswith(".") and os.path.isfile(path) and _found_config(name, path):
                held.append(os.path.relpath(path))
        if cache is not None:
            cache[each] = held
        found += held
    return found


def _below(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


def expand(paths: Sequence[str], excluded: Excluded = _never) -> Expansion:
    """Every explicit file plus the files found in folders (see :class:`Expansion`).

    ``excluded`` filters what folders yield and what is named explicitly alike, so that a
    pre-commit hook passing an excluded file by name does not lint it either. Paths are
    normalised (``./zones/a.zone`` is ``zones/a.zone``), and a file reached twice is read once.
    """
    out = Expansion()
    seen: set[str] = set()
    held: dict[str, list[str]] = {}  # folder -> the server configurations it holds
    for p in paths:
        if os.path.isdir(p):
            out.roots.append(p)
            found = list(_walk(p, excluded, out.unreadable))
            found += [(c, "server configuration", None) for c in _configs_above(p, cache=held)]
            explicit = False
        elif os.path.isfile(p) and not excluded(p) and _names_zones(p):
            # named.conf given by name: the configuration, and the zones it loads
            out.server_configs.append(os.path.normpath(p))
            out.named_configs.append(os.path.normpath(p))
            continue
        elif os.path.exists(p):
            found = [] if excluded(p) else [(os.path.normpath(p), None, None)]
            if found and os.path.isfile(p):  # a zone of a repository whose named.conf is above
                above = _configs_above(os.path.dirname(p) or os.curdir, True, held)
                found += [(c, "server configuration", None) for c in above]
            explicit = True
        else:
            out.missing.append(p)
            continue
        for f, why, learnt in found:
            key = os.path.realpath(f) if learnt is None else learnt.real
            if key in seen:
                continue
            seen.add(key)
            if why == "server configuration":
                out.server_configs.append(f)
            elif why is not None:
                out.skipped.append((f, why))
            elif learnt is None:
                out.files.append(Candidate(f, explicit, real=key))
            else:
                out.files.append(Candidate(f, explicit, learnt.sniffed, key))
    return out
