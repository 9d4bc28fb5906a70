"""What mxlint relies on in dnspython beyond its documented interface (mxlint/_dnspython.py).

Each test fails, naming what moved, when a dnspython release changes one of the seam's items:
update mxlint/_dnspython.py (and the pin in pyproject.toml) after comparing.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import textwrap
from pathlib import Path

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.tokenizer
import dns.zonefile
import pytest

from mxlint import _dnspython as seam
from mxlint.zonefile import bindcompat
from mxlint.zonefile.tokenizer import FastTokenizer

from .conftest import ROOT


def _self_attributes(function: object) -> set[str]:
    """The ``self.X`` names a method's source reads or writes."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))  # type: ignore[arg-type]
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    }


@pytest.mark.parametrize(
    "subclass, make",
    [
        (FastTokenizer, lambda: FastTokenizer("a 1\n", "z")),
        (bindcompat._Replay, lambda: bindcompat._Replay([], ("z", 1))),
    ],
    ids=["FastTokenizer", "bindcompat._Replay"],
)
def test_inherited_tokenizer_helpers_reach_only_what_the_subclass_has(
    subclass: type, make: object
) -> None:
    assert issubclass(subclass, dns.tokenizer.Tokenizer)
    instance = make()  # type: ignore[operator]
    for name, member in vars(dns.tokenizer.Tokenizer).items():
        if not inspect.isfunction(member) or name == "__init__":
            continue
        if getattr(subclass, name) is not member:
            continue  # the subclass overrides it
        missing = {a for a in _self_attributes(member) if not hasattr(instance, a)}
        assert not missing, f"dns.tokenizer.Tokenizer.{name} now uses self.{sorted(missing)}"


def test_the_private_delimiter_sets_are_what_the_tokenizer_splits_on() -> None:
    assert seam.DELIMITERS is dns.tokenizer._DELIMITERS
    assert seam.QUOTING_DELIMITERS is dns.tokenizer._QUOTING_DELIMITERS
    # what FastTokenizer's regular expressions split on (mxlint/zonefile/tokenizer.py)
    assert set(seam.DELIMITERS) == {" ", "\t", "\n", ";", "(", ")", '"'}
    assert set(seam.QUOTING_DELIMITERS) == {'"'}


def test_a_name_built_from_labels_is_the_name_dnspython_builds() -> None:
    slots = [s for cls in dns.name.Name.__mro__ for s in getattr(cls, "__slots__", ())]
    assert slots == ["labels"], f"dns.name.Name's slots are now {slots}"
    for text in ("example.com.", "a.b.c.example.", ".", "xn--p1ai."):
        expected = dns.name.from_text(text)
        built = seam.name_from_labels(expected.labels)
        assert built == expected and hash(built) == hash(expected)
        assert built.to_text() == expected.to_text() and built.is_absolute()
        assert not hasattr(built, "__dict__")
    relative = seam.name_from_labels((b"www",))
    assert relative == dns.name.from_text("www", None) and not relative.is_absolute()


@pytest.mark.parametrize("method", sorted(seam.READER_SOURCES))
def test_the_reader_grammar_the_loader_mirrors_is_the_one_compared(method: str) -> None:
    source = inspect.getsource(getattr(dns.zonefile.Reader, method))
    digest = hashlib.sha256(source.encode()).hexdigest()[:16]
    assert digest == seam.READER_SOURCES[method], (
        f"dns.zonefile.Reader.{method} changed in dnspython {dns.version.version}: compare it "
        f"with mxlint/zonefile/statements.py and directives.py, then record {digest} in "
        "mxlint/_dnspython.py"
    )


def test_rdata_parsers_take_the_positional_parameters_passed() -> None:
    mx = dns.rdata.get_rdata_class(dns.rdataclass.IN, dns.rdatatype.MX)  # type: ignore[no-untyped-call]
    for function in (dns.rdata.from_text, mx.from_text):
        names = tuple(inspect.signature(function).parameters)
        if names[0] == "cls":
            names = names[1:]
        assert names[: len(seam.RDATA_FROM_TEXT)] == seam.RDATA_FROM_TEXT, function


def test_no_other_module_reaches_below_dnspythons_interface() -> None:
    """Private dnspython names (``dns.x._y``, ``from dns.x import _y``) and ``object.__new__``
    appear only in the seam (and in mxlint/_features.py, which must run before dnspython)."""
    allowed = {"_dnspython.py", "_features.py"}
    found = []
    for path in sorted((ROOT / "mxlint").rglob("*.py")):
        if path.name in allowed and path.parent == ROOT / "mxlint":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dns"):
                found += [f"{path}:{node.lineno}" for a in node.names if a.name.startswith("_")]
            elif isinstance(node, ast.Attribute) and node.attr.startswith("_"):
                dotted = ast.unparse(node)
                if dotted.startswith("dns.") or dotted == "object.__new__":
                    found.append(f"{Path(path).relative_to(ROOT)}:{node.lineno} {dotted}")
    assert found == []
