"""Smoke tests of the hand-run mutation script: it finds the mutants it promises, inside
decorated functions too, and tells a killed mutant from a survivor on a toy project."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from . import mutate

TOY = '''\
"""Module docstring: not mutated."""

import functools


@functools.lru_cache(maxsize=8)
def negative(x):
    """Docstring: not mutated."""
    return x < 0


def evens(xs):
    for x in xs:
        if x % 2 and not x == 0:
            continue
        yield x
'''


def write_toy(tmp_path: Path) -> Path:
    (tmp_path / "toy.py").write_text(TOY, encoding="utf-8")
    (tmp_path / "test_toy.py").write_text(
        textwrap.dedent(
            """\
            from toy import evens, negative

            def test_negative():
                assert negative(-5) and not negative(5)

            def test_evens():
                assert list(evens([1, 2, 3, 4])) == [2, 4]
            """
        ),
        encoding="utf-8",
    )
    return tmp_path


def test_every_operator_and_decorated_functions_too(tmp_path: Path) -> None:
    root = write_toy(tmp_path)
    found = {(m.line, m.operator) for m in mutate.mutants_of(root, "toy.py")}
    assert found == {
        (9, "compare"),  # x < 0, inside the decorated function
        (9, "const+1"),
        (9, "const-1"),
        (14, "negate"),
        (14, "boolop"),
        (14, "const+1"),  # x % 2
        (14, "const-1"),
        (14, "drop-not"),
        (14, "compare"),  # x == 0
        (15, "del-continue"),
        (16, "del-yield"),
    }
    # the decorator's argument (maxsize=8) and the docstrings are not mutation points
    assert not any(m.description.endswith("8 -> 9") for m in mutate.mutants_of(root, "toy.py"))


def test_each_mutant_changes_exactly_what_it_says(tmp_path: Path) -> None:
    root = write_toy(tmp_path)
    by_op = {(m.line, m.operator): m for m in mutate.mutants_of(root, "toy.py")}
    src = mutate.mutated_source(root, by_op[(9, "compare")])
    assert "return x >= 0" in src and "@functools.lru_cache(maxsize=8)" in src
    src = mutate.mutated_source(root, by_op[(16, "del-yield")])
    assert "yield x" not in src and "if False:\n            yield" in src  # still a generator
    src = mutate.mutated_source(root, by_op[(14, "boolop")])
    assert "if x % 2 or not x == 0:" in src
    assert '"""Docstring: not mutated."""' in src.replace("'", '"')


def test_a_run_kills_the_noticed_mutant_and_lists_the_survivor(tmp_path: Path) -> None:
    root = tmp_path / "toy"
    root.mkdir()
    (root / "toy.py").write_text("def negative(x):\n    return x < 0\n", encoding="utf-8")
    (root / "test_toy.py").write_text(
        "from toy import negative\n\ndef test():\n    assert negative(-5) and not negative(5)\n",
        encoding="utf-8",
    )
    out = tmp_path / "results.json"
    equivalent = tmp_path / "equivalent.txt"
    equivalent.write_text("toy.py:2:16:const+1  x < 1: nothing tests 0 (pretend equivalent)\n")
    code = mutate.main(
        [
            "--only",
            "toy.py:2:12:compare",
            "--only",
            "toy.py:2:16:const",
            "--root",
            str(root),
            "--tests",
            "test_toy.py",
            "--equivalent",
            str(equivalent),
            "--json",
            str(out),
            "toy.py",
        ]
    )
    results = {r["id"]: r["outcome"] for r in json.loads(out.read_text())}
    assert results == {
        "toy.py:2:12:compare": "killed",  # x >= 0: the test notices
        "toy.py:2:16:const+1": "survived",  # x < 1: listed as equivalent
        "toy.py:2:16:const-1": "survived",  # x < -1: nothing tests -1 < x < 0
    }
    assert code == 1  # a survivor not listed as equivalent
    assert list(root.iterdir()) and (root / "toy.py").read_text().endswith("x < 0\n")
