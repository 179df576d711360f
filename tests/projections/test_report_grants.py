"""Medfinansiering per insats in the årsredovisning: granted, used in the grant's period up to
the report's end, and what remains (negative: overrun), per grant decision."""

from __future__ import annotations

from datetime import date

import pytest

from projections.facts import load_facts
from projections.reports import arsredovisning
from projections_helpers import tiny_ledger
from report_helpers import KR, record_year


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    store, service = tiny_ledger(f"sqlite:///{tmp_path_factory.mktemp('grants') / 'finsam.sqlite'}")
    record_year(service)
    service.record_meeting(date(2024, 3, 15))
    for paragraf, kod, kr, start, end in [("7", "B", 150_000, date(2024, 4, 1), date(2025, 3, 31)),
                                          ("8", "A", 500_000, date(2024, 7, 1), date(2024, 12, 31)),
                                          ("9", "A", 90_000, date(2023, 1, 1), date(2023, 12, 31))]:
        service.record_decision(date(2024, 3, 15), paragraf, "medfinansiering", f"Medel till {kod}.",
                                {"insats": kod, "belopp": kr * KR, "fran": start, "till": end})
    facts = load_facts(store)
    store.close()
    return arsredovisning(facts, 2024)


def test_each_grant_of_the_year_shows_granted_used_and_remaining(report):
    rows = {(r["kod"], r["beslut"]): r for r in report.section("medfinansiering").rows if r.get("typ") != "summa"}
    b = rows[("B", "§ 7, 2024-03-15")]
    # B costs 20 000 kr a month: April–December 2024 is 180 000 kr of a 150 000 kr grant.
    assert (b["beviljat"], b["forbrukat"], b["kvar"]) == (150_000 * KR, 180_000 * KR, -30_000 * KR)
    assert b["period"] == "2024-04-01 – 2025-03-31"
    a = rows[("A", "§ 8, 2024-03-15")]
    assert (a["beviljat"], a["forbrukat"], a["kvar"]) == (500_000 * KR, 180_000 * KR, 320_000 * KR)
    assert ("A", "§ 9, 2024-03-15") not in rows  # a grant for 2023 only is not this year's


def test_the_grants_are_summed_and_the_sign_of_remaining_is_explained(report):
    section = report.section("medfinansiering")
    total = next(r for r in section.rows if r.get("typ") == "summa")
    assert (total["beviljat"], total["forbrukat"], total["kvar"]) == (650_000 * KR, 360_000 * KR, 290_000 * KR)
    assert section.column("kvar").title == "Kvar (negativt: överskridet)"


def test_a_year_without_grants_has_no_medfinansiering_section(tmp_path):
    store, service = tiny_ledger(f"sqlite:///{tmp_path / 'f.sqlite'}")
    record_year(service)
    facts = load_facts(store)
    store.close()
    assert "medfinansiering" not in [s.id for s in arsredovisning(facts, 2024).sections]
