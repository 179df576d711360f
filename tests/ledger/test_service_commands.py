"""Use cases as typed commands: `check(command)` runs every rule without the write lock and
returns the problems as data; `execute(command)` takes the lock, checks again and saves.
An `Outcome` carries, as data, the events recorded (or, in a dry run, that would be) and
what a correction changes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy import event as sa_event

from helpers import (  # noqa: F401  (fixtures)
    FLOW_INSATS,
    ORGNR,
    VOLUME_INSATS,
    count_unchanged,
    example_ledger,
    flow,
    sqlite_ledger,
)
from ledger.domain.forbund import Forbund
from ledger.domain.insats import Insats
from ledger.errors import Conflict, IntegrityFailure, NotFound, RuleViolation
from ledger.service.base import Change, PlannedEvent
from ledger.service.commands import (
    HANDLERS,
    Command,
    CorrectDecision,
    CorrectEmployees,
    CorrectFlow,
    CorrectVolume,
    RecordEmployees,
    ReportFlow,
    ReportVolume,
)
from ledger.store import EVENTS_TABLE

MARCH, APRIL = date(2024, 3, 1), date(2024, 4, 1)
MEETING = date(2024, 2, 20)


def flows_of(store):
    return store.get(Insats.create_id(Forbund.create_id(ORGNR), FLOW_INSATS)).flows


# -- outcomes as data ------------------------------------------------------------------------------
def test_an_outcome_lists_the_events_it_recorded_as_data(sqlite_ledger):
    store, service = sqlite_ledger

    outcome = service.report_flow(FLOW_INSATS, MARCH, **flow({"kvinna": 2}))
    assert outcome.planned == (PlannedEvent("insats", "FlowReported", MARCH),)
    assert outcome.events == 1 and outcome.changes == []
    assert outcome.summary.startswith("Flöde Försteg Exempel (4.0) 2024-03")

    # A year with nothing recorded yet is opened in the same unit: two events.
    outcome = service.record_employees(2024, 2)
    assert outcome.planned == (PlannedEvent("fiscal_year", "Opened", date(2024, 1, 1)),
                               PlannedEvent("fiscal_year", "EmployeesRecorded", date(2024, 12, 31)))
    assert outcome.events == 2


def test_a_dry_run_outcome_lists_what_would_be_recorded_and_writes_nothing(sqlite_ledger):
    store, service = sqlite_ledger
    service.report_flow(FLOW_INSATS, MARCH, **flow({"kvinna": 2}))
    with count_unchanged(store):
        outcome = service.correct_flow(FLOW_INSATS, MARCH, {"man": 1}, {}, {}, "sen anmälan", dry_run=True)
    assert outcome.dry_run
    assert outcome.planned == (PlannedEvent("insats", "FlowCorrected", MARCH),)
    assert outcome.changes == [Change("paborjade_man", "påbörjade män", 0, 1)]


def test_a_correction_outcome_lists_each_change_as_data_and_as_text(sqlite_ledger):
    store, service = sqlite_ledger
    service.report_flow(FLOW_INSATS, MARCH, **flow({"kvinna": 2, "man": 1}, {"kvinna": 1}, {"arbete": 1}))
    service.report_volume(VOLUME_INSATS, MARCH, 4)
    service.record_employees(2024, 2)
    service.record_meeting(MEETING)
    service.record_decision(MEETING, "3", "budget", "Budget 2024",
                            {"ar": 2024, "budgetram": 900_000_00,
                             "insatser": {FLOW_INSATS: {"kostnadsbudget": 500_000_00}}})

    # The flow: only the named counts change, the rest (women started, the outcome) is kept.
    outcome = service.correct_flow(FLOW_INSATS, MARCH, {"man": 2}, {"kvinna": None}, {}, "sen anmälan")
    assert outcome.changes == [Change("paborjade_man", "påbörjade män", 1, 2)]
    assert flows_of(store)["2024-03"]["paborjade"] == {"kvinna": 2, "man": 2, "ej_angivet": 0}
    assert flows_of(store)["2024-03"]["utfall"]["arbete"] == 1
    assert outcome.text().splitlines() == [
        "Rättelse av flöde Försteg Exempel (4.0) 2024-03: 1 ändring – orsak: sen anmälan",
        "  påbörjade män: 1 → 2",
    ]

    outcome = service.correct_volume(VOLUME_INSATS, MARCH, 6, "två möten saknades")
    assert outcome.changes == [Change("volym", "antal möten", 4, 6)]

    outcome = service.correct_employees(2024, Decimal("1.5"), "en halvtid")
    assert outcome.changes == [Change("antal", "antal anställda", 2, Decimal("1.5"), "headcount")]
    assert outcome.changes[0].text() == "antal anställda: 2 → 1,5"

    # A decision: the amount changes, the insats line is kept.
    outcome = service.correct_decision(MEETING, "3", "fel ram", text="Budget 2024 (rättad)",
                                       data={"budgetram": 950_000_00})
    assert outcome.changes == [
        Change("text", "text", "Budget 2024", "Budget 2024 (rättad)", "text"),
        Change("budgetram", "budgetram", 900_000_00, 950_000_00, "amount"),
    ]
    assert outcome.changes[1].text() == "budgetram: 900 000,00 kr → 950 000,00 kr"
    assert "2 ändringar" in outcome.summary


# -- check without writing ---------------------------------------------------------------------------
def test_check_accepts_a_valid_command_and_writes_nothing(example_ledger):
    store, service = example_ledger
    command = ReportFlow(FLOW_INSATS, MARCH, {"kvinna": 2})

    with count_unchanged(store):
        assert service.check(command) == []
    assert flows_of(store) == {}

    outcome = service.execute(command)
    assert outcome.events == 1 and flows_of(store)["2024-03"]["paborjade"]["kvinna"] == 2


def test_check_returns_each_refusal_with_its_field_and_writes_nothing(example_ledger):
    store, service = example_ledger
    service.report_flow(FLOW_INSATS, MARCH, **flow({"kvinna": 2}))
    service.report_flow(FLOW_INSATS, APRIL, **flow({}, {"kvinna": 2}, {"arbete": 2}))

    cases = [
        # March with one woman would leave April ending two of one.
        (CorrectFlow(FLOW_INSATS, MARCH, "dubbelräknad", {"kvinna": 1}), RuleViolation, "avslutade_kvinna"),
        (CorrectFlow(FLOW_INSATS, MARCH, "ingen ändring", {"kvinna": 2}), Conflict, None),
        (CorrectFlow(FLOW_INSATS, MARCH, " ", {"kvinna": 3}), type(None), "orsak"),
        (ReportFlow(FLOW_INSATS, MARCH, {"kvinna": 1}), Conflict, "manad"),
        (ReportVolume(FLOW_INSATS, MARCH, 4), RuleViolation, "insats"),
        (CorrectVolume(VOLUME_INSATS, MARCH, 3, "sen rapport"), NotFound, "manad"),
        (RecordEmployees(2024, Decimal("1.25")), type(None), "antal"),
        (CorrectEmployees(2024, 3, "fel"), NotFound, "ar"),
        (CorrectDecision(MEETING, "1", "fel", text="Ny text"), NotFound, "sammantrade"),
    ]
    with count_unchanged(store):
        for command, kind, field in cases:
            [problem] = service.check(command)
            assert problem.field == field, command
            if kind is not type(None):
                assert isinstance(problem, kind), command
    assert "ändrar inget" in service.check(cases[1][0])[0].message


def test_execute_checks_again_under_the_lock(sqlite_ledger):
    store, service = sqlite_ledger
    command = ReportFlow(FLOW_INSATS, MARCH, {"kvinna": 2})
    assert service.check(command) == []

    # Someone reports March in between: the command is now refused, and nothing is written.
    service.report_flow(FLOW_INSATS, MARCH, **flow({"man": 1}))
    with count_unchanged(store), pytest.raises(Conflict):
        service.execute(command)
    [problem] = service.check(command)
    assert isinstance(problem, Conflict) and problem.field == "manad"


def test_a_check_leaves_nothing_behind_for_the_next_use_case(sqlite_ledger):
    store, service = sqlite_ledger
    service.report_flow(FLOW_INSATS, MARCH, **flow({"kvinna": 2}))
    command = CorrectFlow(FLOW_INSATS, MARCH, "sen anmälan", {"man": 1})

    # Checked twice, then executed: one correction of the reported event.
    assert service.check(command) == [] and service.check(command) == []
    outcome = service.execute(command)
    assert outcome.events == 1
    [reported, corrected] = [e for e in store.events_of(Insats.create_id(Forbund.create_id(ORGNR), FLOW_INSATS))
                             if type(e).__name__ in ("FlowReported", "FlowCorrected")]
    assert corrected.corrects == reported.originator_version
    assert flows_of(store)["2024-03"]["paborjade"] == {"kvinna": 2, "man": 1, "ej_angivet": 0}


def test_a_check_inside_a_batch_sees_the_batch_and_changes_nothing_in_it(sqlite_ledger):
    store, service = sqlite_ledger
    before = store.event_count()
    with service.batch():
        service.report_flow(FLOW_INSATS, MARCH, **flow({"kvinna": 2}))
        # The month reported in this unit can be corrected; checking it adds nothing to the unit.
        assert service.check(CorrectFlow(FLOW_INSATS, MARCH, "fel", {"kvinna": 3})) == []
        service.report_flow(FLOW_INSATS, APRIL, **flow({"man": 1}))
    assert store.event_count() == before + 2
    assert flows_of(store)["2024-03"]["paborjade"]["kvinna"] == 2


def test_every_command_has_a_use_case():
    commands = typing.get_args(Command)
    assert len(commands) >= 7
    assert set(commands) <= set(HANDLERS)


# -- check never waits for a writer ------------------------------------------------------------------
@contextmanager
def another_writer_holding_the_lock(url: str) -> Iterator[None]:
    """A second connection that holds the database's write lock for the block."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            with conn.begin():
                conn.execute(text(f"LOCK TABLE {EVENTS_TABLE} IN EXCLUSIVE MODE"))
                yield
    finally:
        engine.dispose()


def short_waits(store, milliseconds: int = 200) -> None:
    """Let the service's connections wait at most `milliseconds` for a lock (not a minute)."""
    statement = (f"PRAGMA busy_timeout={milliseconds}" if store.is_sqlite
                 else f"SET lock_timeout = '{milliseconds}ms'")

    @sa_event.listens_for(store.engine, "connect")
    def _short(dbapi_conn, _record):  # runs after the store's own settings
        cur = dbapi_conn.cursor()
        cur.execute(statement)
        cur.close()
        if not store.is_sqlite:
            dbapi_conn.commit()

    store.engine.dispose()


def in_thread(call, seconds: float = 20.0):
    """`call()` in a thread; fails the test if it has not returned within `seconds`."""
    result: dict = {}

    def run():
        try:
            result["value"] = call()
        except BaseException as exc:  # handed to the test
            result["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "blocked while another connection held the write lock"
    if "error" in result:
        raise result["error"]
    return result["value"]


def test_check_does_not_wait_while_another_connection_holds_the_write_lock(example_ledger, db_url):
    store, service = example_ledger
    service.report_flow(FLOW_INSATS, MARCH, **flow({"kvinna": 2}))
    short_waits(store)

    with another_writer_holding_the_lock(db_url):
        began = time.monotonic()
        assert in_thread(lambda: service.check(CorrectFlow(FLOW_INSATS, MARCH, "sen anmälan", {"man": 1}))) == []
        [problem] = in_thread(lambda: service.check(ReportFlow(FLOW_INSATS, MARCH, {"man": 1})))
        assert isinstance(problem, Conflict) and problem.field == "manad"
        assert time.monotonic() - began < 10
        if store.is_sqlite:
            # The lock is really held: a write gives up after the short wait, writing nothing.
            with pytest.raises(IntegrityFailure):
                in_thread(lambda: service.execute(CorrectFlow(FLOW_INSATS, MARCH, "sen anmälan", {"man": 1})))

    assert service.execute(CorrectFlow(FLOW_INSATS, MARCH, "sen anmälan", {"man": 1})).events == 1
