"""A report as known at a moment: the same delårsrapport at two `known_at` moments differs
exactly by the events recorded in between, and the earlier one is the report that was
built at that moment; the årsredovisning's employees are the latest known then."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ledger.service import Line
from projections.facts import load_facts
from projections.participants import share_percent
from projections.ratios import NO_EMPLOYEES_NOTE
from projections.render import render
from projections.reports import arsredovisning, delarsrapport
from projections_helpers import tiny_ledger
from report_helpers import KR, record_year

CUTOFF = date(2024, 8, 31)
LATE_COST = 5_000 * KR


@pytest.fixture(scope="module")
def moments(tmp_path_factory):
    """(facts now, the report built at the first moment, that moment)."""
    path = tmp_path_factory.mktemp("known_at") / "finsam.sqlite"
    store, service = tiny_ledger(f"sqlite:///{path}")
    # 1. January–August as first recorded; the report is built and the moment noted.
    record_year(service, months=range(1, 9))
    first = datetime.now(UTC)
    built_then = delarsrapport(load_facts(store), CUTOFF)
    # 2. Later: March of insats A is corrected (two more women started) and a late invoice
    #    for May is booked on B.
    service.correct_flow("A", date(2024, 3, 1), {"kvinna": 4, "man": 1}, {"kvinna": 1, "man": 1},
                         {"arbete": 1, "ovrigt": 1}, "Två starter i mars saknades i månadsrapporten")
    service.post_voucher(date(2024, 5, 10), "LF", None, "Faktura B maj (sent inkommen)",
                         [Line("4610", LATE_COST, "B"), Line("1930", -LATE_COST)])
    facts = load_facts(store)
    store.close()
    return facts, built_then, first


def test_the_report_as_known_then_is_the_report_built_then(moments):
    facts, built_then, first = moments
    then = delarsrapport(facts, CUTOFF, known_at=first)
    assert then.known_at == first
    assert {**then.to_json_dict(), "known_at": None} == built_then.to_json_dict()


def test_the_two_moments_differ_exactly_by_the_correction_and_the_late_voucher(moments):
    facts, _built, first = moments
    then = {k: f.value for k, f in delarsrapport(facts, CUTOFF, known_at=first).key_figures.items()}
    now_report = delarsrapport(facts, CUTOFF)
    now = {k: f.value for k, f in now_report.key_figures.items()}
    changed = {k: (then[k], now[k]) for k in now if then.get(k) != now[k]}
    # The correction: 2 more women started in March, so 2 more participants and 2 more active.
    # The voucher: 5 000 kr more cost and less cash, result and equity.
    deltas = {"paborjade": 2, "deltagare": 2, "deltagare_kvinnor": 2, "aktuella_vid_periodens_slut": 2,
              "verksamhetens_kostnader": -LATE_COST, "verksamhetens_nettokostnad": -LATE_COST,
              "resultat": -LATE_COST, "balanskravsresultat": -LATE_COST, "kassa_och_bank": -LATE_COST,
              "summa_tillgangar": -LATE_COST, "summa_eget_kapital": -LATE_COST}
    assert {k: now[k] - then[k] for k in deltas} == deltas
    ratios = {"budget_forbrukning_procent": share_percent(-now["verksamhetens_kostnader"], 1_100_000 * KR),
              "soliditet_procent": share_percent(now["summa_eget_kapital"], now["summa_tillgangar"]),
              "eget_kapital_andel_av_medlemsbidrag_procent": share_percent(now["summa_eget_kapital"], 1_000_000 * KR)}
    assert {k: now[k] for k in ratios} == ratios
    assert set(changed) - set(ratios) == set(deltas)


def test_the_tables_change_only_where_the_new_events_land(moments):
    facts, _built, first = moments
    then, now = delarsrapport(facts, CUTOFF, known_at=first), delarsrapport(facts, CUTOFF)
    assert now.position > then.position
    per_insats = {s: {r["kod"]: r for r in rep.section("deltagare_per_insats").rows} for s, rep in
                  (("then", then), ("now", now))}
    assert per_insats["now"]["A"]["paborjade"] - per_insats["then"]["A"]["paborjade"] == 2
    assert per_insats["now"]["B"] == per_insats["then"]["B"]
    summary = {s: {r["objekt"]: r for r in rep.section("ekonomisk_sammanfattning").rows} for s, rep in
               (("then", then), ("now", now))}
    assert summary["now"]["20"]["utfall"] - summary["then"]["20"]["utfall"] == LATE_COST
    assert summary["now"]["10"] == summary["then"]["10"]
    assert summary["now"]["90"] == summary["then"]["90"]


def test_a_moment_before_the_forbund_was_registered_gives_an_empty_report(moments):
    facts, _built, _first = moments
    report = delarsrapport(facts, CUTOFF, known_at=datetime(2000, 1, 1, tzinfo=UTC))
    assert report.position == 0
    assert report.forbund["namn"] == "Samordningsförbundet Liten"
    assert report.problems == []
    assert all(f.value in (0, None) for f in report.key_figures.values())
    assert "budgetram" not in report.key_figures and "riktpunkt_procent" not in report.key_figures


def test_the_five_year_overview_shows_the_employees_as_known_at_the_moment(tmp_path, monkeypatch):
    store, service = tiny_ledger(f"sqlite:///{tmp_path / 'finsam.sqlite'}")
    record_year(service)  # books for 2024, and one invoice in 2023: two years in the overview
    service.post_voucher(date(2023, 12, 15), "LF", None, "Faktura A december 2023",
                         [Line("4610", 1_000 * KR, "A"), Line("1930", -1_000 * KR)])
    before = datetime.now(UTC)
    service.record_employees(2024, 1)
    recorded = datetime.now(UTC)
    service.correct_employees(2024, 2, "Förbundschefen anställdes i december")
    facts = load_facts(store)
    store.close()

    def overview(known_at):
        report = arsredovisning(facts, 2024, known_at=known_at)
        return report, report.section("femarsoversikt")

    # Before any number was recorded: no employees column, and notes that say so.
    report, section = overview(before)
    assert "antal_anstallda" not in [c.id for c in section.columns]
    assert NO_EMPLOYEES_NOTE in section.note and NO_EMPLOYEES_NOTE not in report.notes  # said once, in place

    # As first recorded, then as corrected; 2023 has no number ("–" when rendered).
    report, section = overview(recorded)
    assert [(r["ar"], r["antal_anstallda"]) for r in section.rows] == [("2024", 1), ("2023", None)]
    report, section = overview(None)
    assert [(r["ar"], r["antal_anstallda"]) for r in section.rows] == [("2024", 2), ("2023", None)]
    assert NO_EMPLOYEES_NOTE not in report.notes and "visas som –" in section.note
    monkeypatch.setenv("COLUMNS", "200")  # the table on one line per row, headers unwrapped
    text = render(report, "text")
    table = text[text.index("Översikt över verksamhetens utveckling"):].splitlines()
    assert table[2].endswith("Soliditet  Antal anställda")
    assert table[4].endswith(" 2") and table[5].endswith(" –")
