"""Seed 001 expressed as import files gives the same delårsrapport as seed 001 recorded through
the service (issue 4, "the seed fixtures of the report issue can be expressed as import files").

tests/fixtures/seed001_files/ holds what a coordinator would have on disk in November 2021:
the förbund file, the economy office's SIE 4 file, the insatser's monthly statistics and the
board's decisions, written by make_files.py from the events of the recorded fixture. Here
they are imported into an EMPTY database, in the order a coordinator would, and the reports
are compared with those of the recorded fixture.

Two things are not in the files, and the test says so where it does them:
- the participants active at 2021-01-01: no import format holds opening participants
  (`finsam record opening` is the only way), so they are recorded through the service;
- the locking of January–August (`finsam close-period`), a command, not a file.
The SIE file needs no `--dimension` and no `--map`, although insatser share cost centres
(2.4.1, 4.0): every insats line names its insats in dimension 20 ("Insats (finsam)").
"""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest

from fixtures.seed001 import record_seed001
from fixtures.seed001_data import PARTICIPANTS
from fixtures.seed001_files import make_files
from intake.importers import import_decisions, import_stats
from intake.importers.forbund_toml import parse_forbund_file
from intake.sie import read_sie
from intake.sie_books.export import export_sie
from intake.sie_books.importer import import_sie
from ledger.service import LedgerService
from ledger.store import LedgerStore
from ledger.values import GENDERS
from projections.facts import Facts, load_facts
from projections.reports import delarsrapport, uppfoljning

FILES = make_files.HERE
CUTOFF = date(2021, 8, 31)
TODAY = date(2021, 11, 15)  # the coordinator imports after the board approved the delårsrapport


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """Seed 001 recorded through the application service (the reference)."""
    store = LedgerStore(f"sqlite:///{tmp_path_factory.mktemp('seed001') / 'recorded.sqlite'}")
    record_seed001(LedgerService(store, actor="test"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """An empty database, then the files, as a coordinator imports them on 2021-11-15."""
    store = LedgerStore(f"sqlite:///{tmp_path_factory.mktemp('seed001') / 'imported.sqlite'}")
    service = LedgerService(store, actor="koordinator", today=lambda: TODAY)
    results = {"init": service.apply_forbund_spec(parse_forbund_file(FILES / "forbund.toml"))}
    # No import format for opening participants: what `finsam record opening` would record.
    for kod, p in PARTICIPANTS.items():
        service.record_opening(kod, date(2021, 1, 1), dict(zip(GENDERS, p["ib"])))
    results["sie"] = import_sie(service, FILES / "bokforing_2021.se")  # `finsam import sie bokforing_2021.se`
    results["stats"] = import_stats(service, FILES / "statistik_2021.csv")
    results["decisions"] = import_decisions(service, FILES / "beslut.toml")
    for month in range(1, 9):  # `finsam close-period 2021-MM`
        service.close_period(date(2021, month, 1))
    yield store, results
    store.close()


@pytest.fixture(scope="module")
def facts_recorded(recorded) -> Facts:
    return load_facts(recorded)


@pytest.fixture(scope="module")
def facts_imported(imported) -> Facts:
    return load_facts(imported[0])


@pytest.fixture(scope="module")
def reports(facts_recorded, facts_imported):
    """The delårsrapport per 2021-08-31: (from the files, recorded through the service)."""
    return delarsrapport(facts_imported, CUTOFF), delarsrapport(facts_recorded, CUTOFF)


def comparable(report) -> dict:
    """The report as JSON without `position` and `known_at`: the log positions legitimately
    differ (other events, in another order: the SIE file lists vouchers by series, the
    fixture records them by date), and neither report is built as known at a moment."""
    data = report.to_json_dict()
    del data["position"], data["known_at"]
    return data


def test_the_committed_files_are_what_make_files_writes_from_the_recorded_events(recorded):
    written = make_files.build_files(recorded)
    assert sorted(written) == sorted(make_files.FILES)
    stale = [name for name, data in written.items() if (FILES / name).read_bytes() != data]
    assert stale == [], "kör python tests/fixtures/seed001_files/make_files.py"


def test_the_sie_file_is_what_finsam_export_sie_writes(recorded, tmp_path):
    """`finsam export sie --year 2021` of the recorded fixture: the same file but for #PROGRAM
    (make_files.py pins it) – insatser sharing a cost centre are no reason to refuse."""
    export_sie(recorded, 2021, tmp_path / "export.se", generated=make_files.GENERATED)
    exported = read_sie((tmp_path / "export.se").read_bytes())
    committed = read_sie((FILES / "bokforing_2021.se").read_bytes())
    assert committed.program == make_files.PROGRAM
    committed.program = exported.program
    assert committed == exported
    uses = {row.objects for v in committed.vouchers for row in v.lines if row.objects}
    assert {(("1", "2.4.1"), ("20", "2.4.1")), (("1", "2.4.1"), ("20", "2.4.2")),
            (("1", "4.0"), ("20", "4.0.1")), (("1", "4.0"), ("20", "4.0.6"))} <= uses


def test_every_file_imports_without_warnings(imported):
    _store, results = imported
    sie, stats, decisions = results["sie"], results["stats"], results["decisions"]
    assert sie.warnings == [] and sie.skipped_vouchers == []
    assert (sie.encoding, len(sie.vouchers)) == ("cp437", 215)
    assert stats.encoding.lower().startswith("utf-8") and stats.skipped == [] and stats.recorded == 135
    assert decisions.skipped == [] and decisions.recorded == 8 + 9


def test_the_delarsrapport_from_the_files_equals_the_recorded_one(reports):
    from_files, recorded = reports
    assert comparable(from_files) == comparable(recorded)


def test_the_economic_follow_up_from_the_files_equals_the_recorded_one(facts_recorded, facts_imported):
    assert comparable(uppfoljning(facts_imported, CUTOFF)) == comparable(uppfoljning(facts_recorded, CUTOFF))


@pytest.mark.parametrize("section", ["resultatrakning", "kostnadsfordelning", "ekonomisk_sammanfattning",
                                     "budgetram", "balansrakning", "eget_kapital"])
def test_each_economic_section_is_identical(reports, section):
    """Said section by section, so a difference names the section that differs."""
    a, b = (report.section(section) for report in reports)
    assert (a.rows, a.columns, a.note) == (b.rows, b.columns, b.note)


def test_the_imported_report_shows_the_published_figures(reports):
    report = reports[0]
    assert report.problems == []
    assert round(report.key_figures["resultat"].value / 100) == 1_129_829
    figures = report.key_figures
    assert [figures[k].value for k in ("deltagare", "paborjade", "avslutade", "aktuella_vid_periodens_slut")] == [
        197, 94, 67, 130]


# -- the events themselves ---------------------------------------------------------------------
def _rows(frame: pl.DataFrame, drop: tuple[str, ...] = ()) -> list[dict]:
    """A frame's rows without what says when, by whom and in which order it was recorded."""
    gone = {"forbund", "position", "recorded", "effective", "actor", "version", *drop}
    rows = frame.drop([c for c in frame.columns if c in gone]).to_dicts()
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))


@pytest.mark.parametrize("frame", ["openings", "flows", "volumes", "opening_balances", "closed_months",
                                   "meetings", "decisions", "budgets", "budget_lines", "member_budget",
                                   "forecasts", "approvals", "members", "accounts", "insatser"])
def test_the_files_carry_the_same_facts(facts_recorded, facts_imported, frame):
    drop = {"opening_balances": ("kalla",), "approvals": FROZEN_COLUMNS}.get(frame, ())
    imported, recorded = (_unfrozen(_rows(getattr(f, frame), drop)) for f in (facts_imported, facts_recorded))
    assert imported == recorded


# An approval imported from a file is frozen (its report's digest, position and chain head);
# the fixture records through the service, which does not freeze. The rest must be equal.
FROZEN = ("digest", "position", "huvud")
FROZEN_COLUMNS = ("digest", "rapport_position", "huvud")


def _unfrozen(rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        if row.get("typ") == "rapport_godkand" and row.get("data"):
            data = {k: v for k, v in json.loads(row["data"]).items() if k not in FROZEN}
            row = {**row, "data": json.dumps(data, sort_keys=True)}
        out.append(row)
    return sorted(out, key=lambda r: json.dumps(r, sort_keys=True, default=str))


def test_approvals_imported_from_the_decisions_file_are_frozen(facts_imported):
    approvals = facts_imported.approvals
    assert approvals.height == 2 and approvals["digest"].str.len_chars().to_list() == [64, 64]


def test_the_journal_is_the_same_but_for_the_source_and_what_cp437_cannot_hold(facts_recorded, facts_imported):
    """The SIE file is CP437 (#FORMAT PC8): "SIP – samordnad individuell plan" in a voucher
    text comes back as "SIP - samordnad …". Every other text, amount and insats is the same."""
    imported = _rows(facts_imported.journal, ("kalla",))
    recorded = _rows(facts_recorded.journal.with_columns(pl.col("text").str.replace_all("–", "-")), ("kalla",))
    assert imported == recorded
    changed = facts_recorded.journal.filter(pl.col("text").str.contains("–"))["text"].unique().to_list()
    assert changed and all("SIP – samordnad individuell plan" in t for t in changed)
