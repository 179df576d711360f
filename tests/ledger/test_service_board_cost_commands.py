"""Costs, reversals and a meeting's decisions as typed commands: `check` runs every rule in
a read transaction (no write lock, nothing written), `preview` says what would be recorded,
and `execute` records it all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from test_service_commands import another_writer_holding_the_lock, in_thread, short_waits

from helpers import (  # noqa: F401  (fixtures)
    FLOW_INSATS,
    count_unchanged,
    example_ledger,
    sqlite_ledger,
)
from ledger.errors import Conflict, InputError, NotFound
from ledger.service.base import PlannedEvent
from ledger.service.commands import (
    RecordBoardDecisions,
    RecordCost,
    RecordDecision,
    RecordMeeting,
    ReverseVoucher,
)

MARCH = date(2024, 3, 1)
MEETING = date(2024, 2, 20)


def test_a_cost_command_is_checked_without_writing_and_recorded_by_execute(sqlite_ledger):
    store, service = sqlite_ledger
    command = RecordCost("Försteg Exempel", 245_000_00, manad=MARCH)

    with count_unchanged(store):
        assert service.check(command) == []
        preview = service.preview(command)
    assert preview.dry_run and preview.planned == (PlannedEvent("voucher", "Posted", date(2024, 3, 31)),)
    assert preview.summary == "Verifikation K1 2024-03-31: Försteg Exempel, mars 2024 (245 000,00 kr)"

    outcome = service.execute(command)
    assert outcome.events == 1 and outcome.summary == preview.summary


def test_the_same_cost_twice_is_refused_by_check_with_the_message_of_the_cost_form(sqlite_ledger):
    store, service = sqlite_ledger
    service.record_cost(FLOW_INSATS, 5_000_00, manad=MARCH)

    with count_unchanged(store):
        [problem] = service.check(RecordCost(FLOW_INSATS, 5_000_00, manad=MARCH))
        both = service.check(RecordCost(FLOW_INSATS, 5_000_00, datum=date(2024, 3, 5), manad=MARCH))
        unknown = service.check(RecordCost("Kalle Anka", 5_000_00, manad=MARCH))
    assert isinstance(problem, Conflict)
    assert problem.message.startswith("samma kostnad finns redan som K1 (2024-03-31)")
    assert isinstance(both[0], InputError) and both[0].field == "datum"
    assert isinstance(unknown[0], NotFound) and unknown[0].field == "insats"
    # A second one meant as such passes.
    assert service.check(RecordCost(FLOW_INSATS, 5_000_00, manad=MARCH, dubblett=True)) == []


def test_a_cost_check_does_not_wait_while_another_connection_holds_the_write_lock(example_ledger, db_url):
    store, service = example_ledger
    short_waits(store)

    with another_writer_holding_the_lock(db_url):
        assert in_thread(lambda: service.check(RecordCost(FLOW_INSATS, 100_00, manad=MARCH))) == []

    assert service.execute(RecordCost(FLOW_INSATS, 100_00, manad=MARCH)).events == 1


def test_a_reversal_command_previews_the_reversal_and_writes_nothing_until_executed(sqlite_ledger):
    store, service = sqlite_ledger
    service.record_cost(FLOW_INSATS, 5_000_00, manad=MARCH)
    command = ReverseVoucher(2024, "K", "1", "fel insats")

    with count_unchanged(store):
        preview = service.preview(command)
    assert preview.summary == "Verifikation R1 2024-03-31 vänder K1 (2024) – fel insats"
    assert [p.event for p in preview.planned] == ["Posted", "Reversed"]

    service.execute(command)
    [problem] = service.check(command)
    assert "vänd" in problem.message


def test_a_meeting_and_its_decisions_are_checked_together_and_recorded_all_or_none(sqlite_ledger):
    store, service = sqlite_ledger
    budget = RecordDecision(MEETING, "7", "budget", "Budget 2025", {"ar": 2025, "budgetram": 4_200_000_00})
    other = RecordDecision(MEETING, "8", "ovrigt", "Nästa möte i maj")
    command = RecordBoardDecisions((budget, other), RecordMeeting(MEETING))

    with count_unchanged(store):
        assert service.check(command) == []
        preview = service.preview(command)
        # The same § twice is refused before anything is written.
        [twice] = service.check(RecordBoardDecisions((budget, budget), RecordMeeting(MEETING)))
        # Decisions of a meeting never recorded are refused without the meeting.
        [missing] = service.check(RecordBoardDecisions((budget,)))
    assert [p.event for p in preview.planned] == ["Recorded", "DecisionRecorded", "DecisionRecorded"]
    assert "§ 7" in twice.message and twice.field == "paragraf"
    assert missing.field == "sammantrade"

    assert service.execute(command).events == 3
    # Later decisions of the same meeting come without it.
    assert service.check(RecordBoardDecisions((RecordDecision(MEETING, "9", "ovrigt", "Övrigt"),))) == []
    [again] = service.check(command)
    assert again.field == "datum"


@pytest.mark.parametrize("typ, data, field", [
    ("medfinansiering", {"insats": FLOW_INSATS, "belopp": 100_00, "fran": date(2024, 6, 1),
                         "till": date(2024, 1, 1)}, "till"),
    ("insats_namnbyte", {"insats": "Kalle Anka", "namn": "Nytt"}, "insats"),
    ("budget", {"ar": 1999, "budgetram": 1}, "ar"),
])
def test_a_refused_decision_refuses_the_meeting_with_it(sqlite_ledger, typ, data, field):
    store, service = sqlite_ledger
    command = RecordBoardDecisions((RecordDecision(MEETING, "1", typ, "Beslut", data),), RecordMeeting(MEETING))

    with count_unchanged(store):
        [problem] = service.check(command)
        with pytest.raises(type(problem)):
            service.execute(command)
    assert problem.field == field
