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


def test_a_stratified_sample_splits_in_proportion_and_keeps_every_area() -> None:
    sizes = {"rules": 983, "names": 161, "suppress": 65, "fix": 396}
    share = mutate.allocate(sizes, 60)
    assert sum(share.values()) == 60
    assert share == {"rules": 35, "names": 7, "suppress": 3, "fix": 15}
    # a sample smaller than the areas' count still gives each area one mutant first
    assert mutate.allocate({"big": 1000, "a": 1, "b": 1}, 3) == {"big": 1, "a": 1, "b": 1}
    assert mutate.allocate({"a": 2, "b": 3}, 10) == {"a": 2, "b": 3}


def _toy_mutants(n_per_module: dict[str, int]) -> list[mutate.Mutant]:
    return [
        mutate.Mutant(path, i, i + 1, 1, "compare", "")
        for path, n in n_per_module.items()
        for i in range(n)
    ]


def test_a_sample_is_reproducible_for_its_seed_and_stratified_by_area() -> None:
    mutants = _toy_mutants({"r/a.py": 50, "r/b.py": 40, "fix.py": 9, "s.py": 1})
    area_of = {"r/a.py": "r/*.py", "r/b.py": "r/*.py", "fix.py": "fix.py", "s.py": "s.py"}
    one = mutate.sample_mutants(mutants, 10, 1, area_of)
    assert [m.id for m in one] == [m.id for m in mutate.sample_mutants(mutants, 10, 1, area_of)]
    assert [m.id for m in one] != [m.id for m in mutate.sample_mutants(mutants, 10, 2, area_of)]
    per_area: dict[str, int] = {}
    for m in one:
        per_area[area_of[m.path]] = per_area.get(area_of[m.path], 0) + 1
    assert per_area == {"r/*.py": 7, "fix.py": 2, "s.py": 1}  # one each, 7 by 89:8:0
    # unstratified, a sample of 10 from these 100 is the seed's plain random.sample
    plain = mutate.sample_mutants(mutants, 10, 1)
    assert len(plain) == 10 and len({m.id for m in plain}) == 10


def test_the_report_names_the_sample_and_scores_each_area() -> None:
    a = _toy_mutants({"r/a.py": 1, "fix.py": 2})
    results = [
        mutate.Result(a[0], "killed", 1.0),
        mutate.Result(a[1], "survived", 1.0),
        mutate.Result(a[2], "survived", 1.0),
    ]
    area_of = {"r/a.py": "r/*.py", "fix.py": "fix.py"}
    text = mutate.summarise(
        results, {a[2].id: "same"}, 40, area_of, " (sample of 3, seed 7, stratified)"
    )
    assert "mutants: 40 in total, 3 run (sample of 3, seed 7, stratified)" in text
    assert "  r/*.py: 1/1 caught (100.0%), 1/1 of the non-equivalent (100.0%)" in text
    assert "  fix.py: 0/2 caught (0.0%), 0/1 of the non-equivalent (0.0%)" in text


def test_only_and_sample_together_sample_among_the_chosen(tmp_path: Path) -> None:
    root = write_toy(tmp_path)
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        mutate.main(
            ["--root", str(root), "--only", "toy.py:14", "--sample", "2", "--list", "toy.py"]
        )
    listed = [x for x in buf.getvalue().splitlines() if x.startswith("toy.py")]
    assert len(listed) == 2 and all(x.startswith("toy.py:14:") for x in listed)
