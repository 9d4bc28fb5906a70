"""Origin evidence reads a file's head once: every question asked of it (SOA, $ORIGIN, names
written absolute, NS targets, the SOA's data) is answered from one reading of its lines."""

from __future__ import annotations

import pytest

from mxlint.identity import origin


@pytest.mark.parametrize(
    "text",
    [
        # a fragment: no SOA, no $ORIGIN; every kind of evidence is looked for
        "".join(f"h{i} IN A 192.0.2.{i % 250}\n" for i in range(300)),
        # an SOA at @ with nothing setting the origin: the file name is weighed with the names
        "$TTL 300\n@ IN SOA ns1.example.net. h.example.net. 1 2 3 4 5\n@ IN NS ns1.example.net.\n"
        + "".join(f"h{i}.example.org. IN A 192.0.2.1\n" for i in range(300)),
    ],
)
def test_each_line_is_read_once(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    calls = 0
    real = origin.record_type

    def counting(code: str) -> tuple[str | None, str | None]:
        nonlocal calls
        calls += 1
        return real(code)

    monkeypatch.setattr(origin, "record_type", counting)
    _found, evidence = origin.infer("db.example.org", text)
    assert evidence.kind in ("filename", "names")
    assert calls <= text.count("\n")


def test_a_head_answered_at_the_top_is_not_read_further(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = origin.record_type

    def counting(code: str) -> tuple[str | None, str | None]:
        nonlocal calls
        calls += 1
        return real(code)

    monkeypatch.setattr(origin, "record_type", counting)
    text = "example.org. IN SOA ns1 h 1 2 3 4 5\n" + "h IN A 192.0.2.1\n" * 10_000
    found, evidence = origin.infer("zone.txt", text)
    assert (str(found), evidence.kind) == ("example.org.", "soa")
    assert calls == 1


def test_readers_that_stop_and_start_again_see_every_line() -> None:
    scan = origin._Scan("".join(f"h{i} IN A 192.0.2.1\n" for i in range(10)))
    first = iter(scan)
    assert [next(first)[0] for _ in range(3)] == [1, 2, 3]
    assert [line[0] for line in scan] == list(range(1, 11))
    assert [line[0] for line in first] == list(range(4, 11))  # resumes where it was
