"""A folder walk reads and judges each file once: zone identity reuses the walk's verdict
(:class:`mxlint.identity.sniff.Sniffed`) and real path instead of working them out again, and only
for the very text the walk judged."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mxlint import api
from mxlint.identity import sniff
from mxlint.identity import walk as files
from mxlint.identity import zones as identity
from mxlint.model import Zone
from mxlint.stages.suppress import comment_start

from .conftest import ROOT, ZONE_HEADER

REPOS = ROOT / "tests" / "repos"

TEMPLATE = ZONE_HEADER.replace(" 1 7200", " {{ serial }} 7200")
HINTS = """\
.                        3600000      NS    A.ROOT-SERVERS.NET.
A.ROOT-SERVERS.NET.      3600000      A     198.41.0.4
"""


def _counting(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count the calls of ``sniff.classify`` by text, wherever it was imported."""
    calls: Counter[str] = Counter()
    real = sniff.classify

    def counted(text: str) -> sniff.Verdict:
        calls[text] += 1
        return real(text)

    for module in (sniff, files, identity):
        monkeypatch.setattr(module, "classify", counted)
    return calls


def _folder(tmp_path: Path) -> Path:
    top = tmp_path / "zones"
    (top / "sub").mkdir(parents=True)
    for i in range(5):
        (top / f"z{i}.example.zone").write_text(
            ZONE_HEADER.replace("example.com.", f"z{i}.example.")
            + f"@ IN MX 10 mail{i}.example.net.\n",
            encoding="utf-8",
        )
    (top / "sub" / "db.example.org").write_text(
        ZONE_HEADER.replace("example.com.", "example.org.") + "@ IN MX 10 mx.example.org.\n",
        encoding="utf-8",
    )
    (top / "tmpl.zone").write_text(TEMPLATE, encoding="utf-8")
    (top / "named.root.zone").write_text(HINTS, encoding="utf-8")
    (top / "LICENSE.zone").write_text("Permission is hereby granted, free of charge.\n")
    return top


def test_each_walked_file_is_classified_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = _folder(tmp_path)
    calls = _counting(monkeypatch)
    result = api.lint([os.fspath(top)], api.Options(use_config=False, progress=False))
    texts = {p.read_text(encoding="utf-8") for p in top.rglob("*") if p.is_file()}
    assert set(calls) == texts  # every file was judged ...
    assert dict(calls) == dict.fromkeys(texts, 1)  # ... once
    assert len(result.files) == 7  # the template is a zone of the run, with its note
    assert any("a template" in n.message for z in result.zones for n in z.notes)
    assert {os.path.basename(p) for p, _ in result.skipped} == {
        "named.root.zone",
        "LICENSE.zone",
    }


def test_an_explicit_file_is_classified_by_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = _folder(tmp_path)
    calls = _counting(monkeypatch)
    path = top / "z1.example.zone"
    api.lint([os.fspath(path)], api.Options(use_config=False, progress=False))
    assert dict(calls) == {path.read_text(encoding="utf-8"): 1}


def test_a_file_changed_after_the_walk_is_judged_again(tmp_path: Path) -> None:
    top = _folder(tmp_path)
    walked = files.expand([os.fspath(top)])
    first = next(c for c in walked.files if c.path.endswith("z1.example.zone"))
    assert first.sniffed is not None and first.sniffed.verdict.kind == "zone"
    # Now a template of the same length: the walk's verdict no longer holds.
    text = Path(first.path).read_text(encoding="utf-8")
    changed = text.replace(" 1 7200", " {a} 7200", 1).replace("3600\n", "36\n", 1)
    assert len(changed) == len(text) and changed != text
    Path(first.path).write_text(changed, encoding="utf-8")
    config = api.load_configuration(
        api.Options(use_config=False, progress=False), api.load_registry()
    )
    planned = identity.plan(walked.files, [], lambda path: config)
    zones = identity.load(planned)
    zone = next(z for z in zones if z.path == first.path)
    # (a template whose placeholders only substitute values is linted record by record)
    assert any("a template" in note.message for note in zone.notes)


def test_sniffed_holds_only_for_the_same_text() -> None:
    text = ZONE_HEADER
    verdict = sniff.classify(text)
    known = sniff.Sniffed(text, verdict)
    assert known.verdict_for("".join(list(text))) is verdict  # equal, not the same object
    assert known.verdict_for("\ufeff" + text) is None  # a BOM the loader removes
    assert known.verdict_for(text[:-1] + "x") is None  # same length, other text
    assert known.verdict_for(text[:100]) is None  # the head of a longer file


def test_real_paths_from_the_walk(tmp_path: Path) -> None:
    top = _folder(tmp_path)
    (top / "link.zone").symlink_to(top / "sub" / "db.example.org")  # the same file again
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "other.zone").write_text(ZONE_HEADER, encoding="utf-8")
    (top / "out.zone").symlink_to(tmp_path / "elsewhere" / "other.zone")
    via = tmp_path / "via"
    via.symlink_to(top)  # the folder reached through a link
    walked = files.expand([os.fspath(via), os.fspath(top / "z0.example.zone")])
    assert walked.files  # and each with the real path a lookup gives
    for c in walked.files:
        assert c.real == os.path.realpath(c.path)
    reals = [c.real for c in walked.files]
    assert len(reals) == len(set(reals))  # a file reached twice is read once
    assert str(top / "z0.example.zone") in reals
    assert any(why.startswith("a symbolic link") for _, why in walked.skipped)


def test_a_walk_looks_up_no_real_path_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = _folder(tmp_path)
    for i in range(30):
        (top / "sub" / f"n{i}.zone").write_text(ZONE_HEADER, encoding="utf-8")
    lookups: list[str] = []
    real = os.path.realpath

    def counted(path: str, *args: object, **kwargs: object) -> str:
        lookups.append(path)
        return real(path)

    monkeypatch.setattr(os.path, "realpath", counted)
    walked = files.expand([os.fspath(top)])
    assert len(walked.files) == 37
    assert len(lookups) < 10, lookups  # the folder and the skipped files, not each zone


def _origin(zone: Zone) -> str | None:
    """The origin, but not a stand-in's (numbered in the order they were made)."""
    if zone.evidence is not None and zone.evidence.kind == "none":
        return "stand-in"
    return None if zone.origin is None else zone.origin.to_text()


def _results(repo: Path) -> tuple[object, ...]:
    result = api.lint(["."], api.Options())
    return (
        result.diagnostics,
        result.files,
        result.skipped,
        [(z.path, _origin(z), z.context, [n.message for n in z.notes]) for z in result.zones],
    )


@pytest.mark.parametrize("repo", sorted(p.name for p in REPOS.iterdir() if p.is_dir()))
def test_same_results_without_the_walks_verdicts(
    repo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / repo
    shutil.copytree(REPOS / repo, work, ignore=shutil.ignore_patterns("EXPECTED"))
    monkeypatch.chdir(work)
    reused = _results(work)
    monkeypatch.setattr(sniff.Sniffed, "verdict_for", lambda self, text: None)
    assert _results(work) == reused


# The classifier's faster steps against the plain forms they replace.

_LINE = st.text(alphabet='"\\; \tab1$(){}@%<>I', max_size=24)


def _comment_stripped(line: str) -> str:
    i = comment_start(line)
    return line if i < 0 else line[:i]


@given(_LINE)
@settings(max_examples=1000, deadline=None)
def test_strip_is_comment_start(line: str) -> None:
    assert sniff._strip(line) == _comment_stripped(line)


def _record_type(code: str) -> tuple[str | None, str | None]:
    """``sniff.record_type`` as first written: a word at a time, nothing remembered."""
    words = code.split()
    if not words:
        return None, None
    owner = None
    i = 0
    if not code[0].isspace():
        owner = words[0]
        if not sniff._OWNER(owner):
            return None, None
        i = 1
    for _ in range(3):
        if i < len(words) and sniff._is_type(words[i]):
            return owner, words[i].upper()
        if i < len(words) and (sniff._TTL(words[i]) or sniff._is_class(words[i])):
            i += 1
            continue
        break
    if i < len(words) and sniff._is_type(words[i]):
        return owner, words[i].upper()
    return None, None


_WORD = st.sampled_from(
    ["IN", "in", "CH", "ANY", "NONE", "CLASS3", "3600", "1h30m", "1x", "A", "mx", "TYPE99",
     "SOA", "@", "www", "10", "NS", ";", "(", "$TTL", "host.example."]
)  # fmt: skip


@given(st.lists(_WORD, max_size=7), st.booleans())
@settings(max_examples=1000, deadline=None)
def test_record_type_as_first_written(words: list[str], blank_owner: bool) -> None:
    code = (" " if blank_owner else "") + " ".join(words)
    assert sniff.record_type(code) == _record_type(code)
    assert sniff.record_type(code) == _record_type(code)  # the words now remembered


def test_classify_the_corpus_and_the_test_files_as_before() -> None:
    """Every file of the shared corpus and of tests/ is classified as the plain steps do."""
    found = [p for p in ROOT.joinpath("tests").rglob("*") if p.is_file()]
    corpus = ROOT.parent / "shared" / "corpus"
    if corpus.is_dir():
        found += [p for p in corpus.rglob("*") if p.is_file()]
    plain = {
        "_strip": _comment_stripped,
        "record_type": _record_type,
        "_may_be_template": lambda text: True,
    }
    checked = 0
    for path in found:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        fast = sniff.classify(text)
        with pytest.MonkeyPatch.context() as mp:
            for name, slow in plain.items():
                mp.setattr(sniff, name, slow)
            assert sniff.classify(text) == fast, path
        checked += 1
    assert checked > 100


def test_what_the_walk_learnt_is_kept_no_longer_than_needed(tmp_path: Path) -> None:
    top = _folder(tmp_path)
    walked = files.expand([os.fspath(top)])
    assert all(c.sniffed is not None and c.real is not None for c in walked.files)
    config = api.load_configuration(api.Options(use_config=False), api.load_registry())
    planned = identity.plan(walked.files, [], lambda path: config)
    assert all(c.sniffed is None and c.real is None for c in walked.files)
    assert all(e.sniffed is not None for e in planned.entries)
    identity.scan(planned)
    assert all(e.sniffed is None for e in planned.entries)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["named", "NSD", "knot", ".", "conf", ".conf", "x", "Named.Conf", "-"]),
        max_size=5,
    )
)
def test_server_conf_names_are_the_globs(parts: list[str]) -> None:
    """walk.server_conf_named answers as fnmatch with SERVER_CONF_GLOBS on the lower-cased
    name (each glob has one "*", at one end)."""
    import fnmatch

    from mxlint.identity import walk

    assert all(g.count("*") == 1 and "*" in (g[0], g[-1]) for g in walk.SERVER_CONF_GLOBS)
    name = "".join(parts)
    expected = any(fnmatch.fnmatch(name.lower(), g) for g in walk.SERVER_CONF_GLOBS)
    assert walk.server_conf_named(name) == expected
