"""``mxlint.Options``, ``mxlint.Result`` and the model's ``Finding`` and ``Diagnostic`` are
dataclasses whose ``__init__``, equality, hashing and repr are written out (generated ones
cost a tenth of a small zone's run): they behave as the dataclasses ``@dataclass`` would
make of the same fields (frozen; slotted for the model's)."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from typing import Any

import pytest

from mxlint.api import Options, Result
from mxlint.model import Diagnostic, Finding


def _generated(cls: type, **params: Any) -> type:
    """The dataclass the decorator would make of ``cls``'s fields, methods generated."""
    specs = [
        (
            f.name,
            f.type,
            dataclasses.field(default=f.default, default_factory=f.default_factory),
        )
        for f in dataclasses.fields(cls)
    ]
    return dataclasses.make_dataclass(cls.__name__, specs, **params)


def _same_signature(ours: type, generated: type) -> None:
    a = inspect.signature(ours.__init__).parameters  # type: ignore[misc]
    b = inspect.signature(generated.__init__).parameters  # type: ignore[misc]
    assert [(p.name, p.kind, p.default) for p in a.values()] == [
        (p.name, p.kind, p.default) for p in b.values()
    ]


def test_options_is_the_frozen_dataclass_of_its_fields() -> None:
    ref = _generated(Options, frozen=True)
    _same_signature(Options, ref)
    assert dataclasses.is_dataclass(Options) and Options.__dataclass_params__.frozen  # type: ignore[attr-defined]
    names = [f.name for f in dataclasses.fields(Options)]
    assert list(Options._fields) == names
    for kwargs in ({}, {"origin": "example.com.", "enable": ["MX001"], "sources": {"a": "b"}}):
        ours, theirs = Options(**kwargs), ref(**kwargs)
        assert [getattr(ours, n) for n in names] == [getattr(theirs, n) for n in names]
        assert repr(ours) == repr(theirs)
        assert ours == Options(**kwargs) and ours != Options(origin="other.")
        assert ours.__eq__(theirs) is NotImplemented  # another class, as the generated eq
    assert Options().sources == {} and Options().sources is not Options().sources
    for each in (Options(), ref()):  # hashed over its fields, as generated: a dict is not
        with pytest.raises(TypeError, match="unhashable type: 'dict'"):
            hash(each)
    hashable = {"sources": ()}  # a tuple where the dict was: the same hash
    assert hash(Options(**hashable)) == hash(ref(**hashable))
    with pytest.raises(dataclasses.FrozenInstanceError):
        Options().origin = "x."  # type: ignore[misc]
    changed = dataclasses.replace(Options(origin="a."), use_config=False)
    assert (changed.origin, changed.use_config) == ("a.", False)


def test_result_is_the_dataclass_of_its_fields() -> None:
    ref = _generated(Result)
    _same_signature(Result, ref)
    names = [f.name for f in dataclasses.fields(Result)]
    assert list(Result._fields) == names
    args: list[Any] = [[], ["a.zone"], [], None, None, {}, None]
    ours, theirs = Result(*args), ref(*args)
    assert [getattr(ours, n) for n in names] == [getattr(theirs, n) for n in names]
    assert repr(ours) == repr(theirs)
    assert ours == Result(*args) and ours != Result(*args, baselined=1)
    assert ours.notes is not Result(*args).notes
    with pytest.raises(TypeError):
        hash(ours)
    assert dataclasses.replace(ours, baselined=2).baselined == 2


@pytest.mark.parametrize(
    ("cls", "args"),
    [
        (Finding, ["a.zone", 3, 7, "a message"]),
        (Finding, ["a.zone", 3, 7, "a message", "warning"]),
        (Diagnostic, ["a.zone", 3, 7, "error", "MX001", "some-rule", "a message"]),
    ],
)
def test_findings_and_diagnostics_are_the_frozen_slotted_dataclasses_of_their_fields(
    cls: type, args: list[Any]
) -> None:
    ref = _generated(cls, frozen=True, slots=True)
    _same_signature(cls, ref)
    assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    names = [f.name for f in dataclasses.fields(cls)]
    assert list(cls._fields) == names  # type: ignore[attr-defined]
    assert cls.__match_args__ == ref.__match_args__ and cls.__slots__ == ref.__slots__  # type: ignore[attr-defined]
    ours, theirs = cls(*args), ref(*args)
    assert [getattr(ours, n) for n in names] == [getattr(theirs, n) for n in names]
    assert repr(ours) == repr(theirs) and hash(ours) == hash(theirs)
    assert ours == cls(*args) and ours != cls(*args[:-1], "other")
    assert ours.__eq__(theirs) is NotImplemented  # another class, as the generated eq
    assert not hasattr(ours, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ours.path = "b.zone"
    changed = dataclasses.replace(ours, line=9)
    assert changed.line == 9 and dataclasses.astuple(changed)[2:] == dataclasses.astuple(ours)[2:]
    assert pickle.loads(pickle.dumps(ours)) == ours and copy.copy(ours) == ours
