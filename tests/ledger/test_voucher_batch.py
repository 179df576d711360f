"""A `VoucherBatch` plans exactly what `post_voucher(..., dubblett=True)` plans, voucher by
voucher and a whole run at once (`plan`): the same outcome or the same refusal (class,
message, field) for any voucher, and the same stored rows. `plan` of a run plans all of it
or, at the first refusal, raises what that voucher's `post_voucher` raises and plans nothing.

The vouchers mix what surely passes (the quick path of `plan`) with every way of being
refused or of needing the rules themselves: texts with personnummer, control characters or
decomposed letters, bad series and numbers, days outside the books' time or in a closed
month, unknown accounts, insatser by name or unknown, zero and unbalanced lines, amounts
beyond the cap, a bool for an amount, a number twice and a number the ledger has.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.domain.base import recorded_at
from ledger.errors import LedgerError
from ledger.service import LedgerService
from ledger.service.commands import Line
from ledger.service.voucher_batch import VoucherBatch
from sie_helpers import open_sie_service

MOMENT = datetime(2025, 1, 20, 9, 30, 12, 345678, tzinfo=UTC)
KALLA = "sie:test.se"

# Plain values (the quick path's kind), and for each field the values that are refused or
# need the rules themselves. March 2024 is closed; 1999 and 2027 are outside the books' time.
PLAIN = {
    "datum": st.sampled_from([date(2024, 1, 15), date(2024, 6, 30)]),
    "serie": st.sampled_from(["A", "B2"]),
    "nummer": st.integers(1, 30).map(str),
    "text": st.sampled_from(["Faktura 1 insats 01", "Hyra", "Kontor", " Kontor ", "Leverantör 12"]),
}
ODD = {
    "datum": st.sampled_from([date(2024, 3, 10), date(1999, 12, 31), date(2027, 1, 1)]),
    "serie": st.sampled_from(["", "A B", "Å", "A" * 11]),
    "nummer": st.sampled_from(["0", "-3", " 7 ", "A12", "x" * 25, "1.5"]),
    "text": st.one_of(
        st.sampled_from(["Lön 19121212-1212", "Ränta", "e\u0301n", 'citat "x"', "", "tab\tinne", "nolla\x00",
                         "1234567890", "19121212-1212"]),
        st.text(alphabet='aåö"\\ -0123456789\u200b\u0301', max_size=20)),
}
plain_lines = st.tuples(st.sampled_from(["4610", "2440", "1930"]), st.integers(-10**6, 10**6),
                        st.sampled_from([None, "9.0", "4.0"]))
ODD_LINE = [st.sampled_from(["9999", "46l0", 4610]),
            st.sampled_from([0, 10**14, -(10**14), True, 1.5]),
            st.sampled_from(["Kansli", "okänd", ""])]


@st.composite
def vouchers(draw: st.DrawFn) -> tuple[Any, ...]:
    """A plain voucher, now and then with one field, one part of a line or its balance of
    an odd kind."""
    odd = draw(st.sampled_from([None] * 6 + [*ODD, "konto", "belopp", "insats", "balans", "en rad"]))
    fields = {name: draw(ODD[name] if name == odd else PLAIN[name]) for name in PLAIN}
    lines = draw(st.lists(plain_lines, min_size=1, max_size=3))
    if odd in ("konto", "belopp", "insats"):
        part = ("konto", "belopp", "insats").index(odd)
        line = list(lines[0])
        line[part] = draw(ODD_LINE[part])
        lines[0] = tuple(line)  # type: ignore[assignment]
    if odd != "balans":
        # Balanced by what the lines add up to, a bool counted as Python counts it (1).
        lines.append(("2440", -sum(b for _k, b, _i in lines if type(b) in (int, bool)), None))
    if odd == "en rad":
        lines = [("4610", 0, None)]
    return fields["datum"], fields["serie"], fields["nummer"], fields["text"], lines


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The Testbygden förbund with voucher A 1 of 2024 booked and March 2024 closed."""
    path: Path = tmp_path_factory.mktemp("batch") / "finsam.sqlite"
    store, service = open_sie_service(f"sqlite:///{path}")
    service.post_voucher(date(2024, 1, 10), "A", "1", "Hyra", [Line("4610", 100, "9.0"), Line("1930", -100)],
                         kalla=KALLA, dubblett=True)
    service.close_period(date(2024, 3, 1))
    yield store, service
    store.close()


class _Planned(Exception):
    """Ends a plan before anything is saved, carrying what it planned."""


def planned(service: LedgerService, plan: Any) -> tuple[Any, list[Any]]:
    """What `plan()` returned and the stored rows of the events it planned, in a batch that
    is never saved."""
    def run() -> None:
        with recorded_at(MOMENT):
            answer = plan()
        assert service._batch is not None
        mapper = service.store.app.mapper
        raise _Planned(answer, [e if hasattr(e, "state") else mapper.to_stored_event(e) for e in service._batch.events])

    try:
        service.prepared(run)
    except _Planned as done:
        return done.args[0], done.args[1]
    raise AssertionError("unreachable")


def refusal(error: LedgerError) -> tuple[str, str, str | None]:
    return type(error).__name__, error.message, error.field


def each(post: Any, run: list[tuple[Any, ...]]) -> list[Any]:
    """Each voucher's outcome summary, or its refusal."""
    answers = []
    for datum, serie, nummer, text, lines in run:
        try:
            answers.append(post(datum, serie, nummer, text, [Line(*line) for line in lines]).summary)
        except LedgerError as error:
            answers.append(refusal(error))
    return answers


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(run=st.lists(vouchers(), max_size=12))
def test_a_batch_plans_what_post_voucher_plans(ledger: Any, run: list[tuple[Any, ...]]) -> None:
    _store, service = ledger
    by_use_case = planned(service, lambda: each(
        lambda *voucher: service.post_voucher(*voucher, kalla=KALLA, dubblett=True), run))
    one_by_one = planned(service, lambda: each(VoucherBatch(service, KALLA).post, run))
    assert one_by_one == by_use_case

    def at_once() -> Any:
        try:
            return [o.summary for o in VoucherBatch(service, KALLA).plan(run)]
        except LedgerError as error:
            return refusal(error)

    answers, rows = planned(service, at_once)
    expected, expected_rows = by_use_case
    first_refusal = next((answer for answer in expected if isinstance(answer, tuple)), None)
    if first_refusal is None:
        assert (answers, rows) == (expected, expected_rows)
    else:
        assert (answers, rows) == (first_refusal, [])


def test_the_quick_path_is_taken_for_plain_vouchers(ledger: Any) -> None:
    """After the first voucher of a series and a day (checked by the rules), plain vouchers
    of that series and day are not checked by the rules again."""
    _store, service = ledger
    run = [(date(2024, 1, 15), "B", str(n), f"Faktura {n}", [("4610", 250_00, "4.0"), ("2440", -250_00, None)])
           for n in range(1, 6)]
    batch_and_calls: list[Any] = []

    def plan() -> Any:
        batch = VoucherBatch(service, KALLA)
        checked = batch._checked
        batch._checked = lambda *args: (batch_and_calls.append(args), checked(*args))[1]  # type: ignore[method-assign]
        return batch.plan(run)

    outcomes, rows = planned(service, plan)
    assert len(outcomes) == len(rows) == 5
    assert [args[2] for args in batch_and_calls] == ["1"]
