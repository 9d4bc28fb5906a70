"""The compiled build's matcher of the usual line (mxlint/zonefile/_linematch.c) against the
pure build's regular expression (fastpath._LINE_AT): the same parts for every text and
position, generated and from the shared corpus.

The C file is compiled here with the machine's C compiler (the compiled build's own copy is
used when it is installed), so the pure suite compares the two as well.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sysconfig
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mxlint.zonefile import fastpath

SOURCE = Path(fastpath.__file__).with_name("_linematch.c")
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    try:
        from mxlint.zonefile import _linematch  # the compiled build's

        return _linematch
    except ImportError:
        pass
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None or not SOURCE.exists():
        pytest.skip("no C compiler here to build the matcher")
    out = tmp_path_factory.mktemp("linematch") / (
        "_linematch" + (sysconfig.get_config_var("EXT_SUFFIX") or ".so")
    )
    flags = ["-shared", "-fPIC", "-O2", "-Wall", "-Werror"]
    include = sysconfig.get_paths()["include"]
    subprocess.run([cc, *flags, f"-I{include}", str(SOURCE), "-o", str(out)], check=True)
    spec = importlib.util.spec_from_file_location("mxlint.zonefile._linematch", out)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def regex_parts(text: str, pos: int) -> tuple[Any, ...] | None:
    m = fastpath._LINE_AT(text, pos)
    if m is None:
        return None
    return (
        m.group("owner"),
        m.end("lead"),
        *m.group("t1", "t2", "type", "strings", "a1", "a2"),
        m.start("a1"),
        m.start("a2"),
        m.end(),
    )


def test_regex_parts_reads_the_groups() -> None:
    """(the helper itself, on a line whose every part is there)"""
    text = "www 300 IN 600 MX 10 mx1 ; c\r\nnext"
    # t1 and t2 both: the fast path refuses the line later; the match gives both
    assert regex_parts(text, 0) == ("www", 4, "300", "600", "MX", None, "10", "mx1", 18, 21, 30)


# pattern groups: (owner, lead_end, t1, t2, type, strings, a1, a2, a1_start, a2_start, end)
CASES = [
    "www IN A 192.0.2.1\n",
    "\tIN MX 10 mail.example.com.\n",
    '@ 3600 IN TXT "v=spf1 -all" "x"  ; c\n',
    "a..b IN A 1.2.3.4\n",
    ".a IN A 1.2.3.4\n",
    "@x IN A 1.2.3.4\n",
    "host 300\n",
    "host IN\n",
    "host 300 IN\n",
    "host in 300 a 1.2.3.4",
    "host 1w IN A 1.2.3.4\n",
    'host IN TXT "a\\"b"\n',
    'host IN TXT "abc" xyz\n',
    'host IN TXT "abc\n',
    "host IN A 1.2.3.4 5 6\n",
    "host IN A 1.2.3.4 ;x\r\n",
    "host IN A 1.2.3.4\r",
    "host IN A 1.2.3.4\rx\n",
    "  ; only a comment\n",
    "x" * 64 + " IN A 1.2.3.4\n",
    "x" * 63 + "." + "y" * 63 + ". IN A 1.2.3.4\n",
    "h IN MX 10 (\n",
    'h IN TXT ("a")\n',
    "h IN 300 300 A 1.2.3.4\n",
    "h 300 300 A 1.2.3.4\n",
    "",
    " ",
    "é IN A 1.2.3.4\n",
    "h IN A 1.2.3.4 ; é\n",
]


@pytest.mark.parametrize("text", CASES)
def test_cases(matcher: ModuleType, text: str) -> None:
    for pos in range(len(text) + 1):
        assert matcher.line_at(text, pos) == regex_parts(text, pos), (text, pos)


ALPHABET = st.sampled_from(
    [*' \t\n\r";()\\@.-*_/:', *"aAiInNmMxXtT019", "IN ", "in\t", "MX", "TXT", "é", "\x85"]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join), st.integers(0, 8))
def test_generated(matcher: ModuleType, text: str, pos: int) -> None:
    if not matcher.one_byte(text):
        return  # (the fast path uses the matcher only on such texts)
    pos = min(pos, len(text))
    assert matcher.line_at(text, pos) == regex_parts(text, pos)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *("www", "@", "mail.example.com.", "a-b", "\t", " ", "  ", "300", "IN", "in"),
                *("MX", "A", "TXT", "10", "192.0.2.1", '"v=spf1 -all"', '""', "; c", "\n"),
                *("\r\n", "x."),
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_generated_words(matcher: ModuleType, text: str) -> None:
    for pos in range(len(text) + 1):
        assert matcher.line_at(text, pos) == regex_parts(text, pos)


def test_corpus(matcher: ModuleType) -> None:
    if not CORPUS.is_dir():
        pytest.skip("no shared corpus beside the project")
    lines = 0
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        try:
            text = path.read_text("utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if not matcher.one_byte(text):
            continue
        pos = 0
        while pos < len(text):
            assert matcher.line_at(text, pos) == regex_parts(text, pos), (path, pos)
            lines += 1
            nl = text.find("\n", pos)
            pos = len(text) if nl < 0 else nl + 1
    assert lines > 10_000


def test_other_texts_and_arguments(matcher: ModuleType) -> None:
    assert matcher.one_byte("a") and matcher.one_byte("é")
    assert not matcher.one_byte("€ IN A 1.2.3.4")
    with pytest.raises(ValueError):
        matcher.line_at("€ IN A 1.2.3.4", 0)
    with pytest.raises(TypeError):
        matcher.line_at(b"x", 0)
    assert matcher.line_at("www IN A 1.2.3.4", -1) is None
    assert matcher.line_at("www IN A 1.2.3.4", 99) is None
