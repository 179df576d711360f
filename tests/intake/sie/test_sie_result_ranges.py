"""The SIE result names vouchers as runs per series ("A 1–3, 7; B 1"): the same text as
sorting every number by its natural key and joining consecutive ones, for any numbers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from intake.sie_books.result import ranges

numbers = st.one_of(st.integers(1, 60).map(str), st.integers(1, 9).map(lambda n: f"0{n}"),
                    st.sampled_from(["A12", "2024-15", "x", "10a", "B/3"]))
labels = st.lists(st.tuples(st.sampled_from(["A", "B", "C2"]), numbers), max_size=60)


def by_natural_key(labels: list[tuple[str, str]]) -> str:
    """The definition: per series in text order, the distinct numbers in natural order (2
    before 10, whole numbers before others, "01" before "1"), consecutive whole numbers
    joined as first–last."""
    out = []
    for serie in sorted({s for s, _n in labels}):
        numbers = sorted({n for s, n in labels if s == serie},
                         key=lambda n: (0, int(n), n) if n.isdigit() else (1, 0, n))
        runs: list[list[str]] = []
        for n in numbers:
            if runs and n.isdigit() and runs[-1][-1].isdigit() and int(n) == int(runs[-1][-1]) + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        out.append(f"{serie} " + ", ".join(r[0] if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs))
    return "; ".join(out)


@given(labels)
def test_ranges_are_the_runs_of_the_natural_order(labels: list[tuple[str, str]]) -> None:
    assert ranges(labels) == by_natural_key(labels)


def test_an_example() -> None:
    assert ranges([("A", "1"), ("A", "2"), ("A", "3"), ("A", "7"), ("B", "1"), ("A", "X1"), ("A", "3")]) == (
        "A 1–3, 7, X1; B 1")
