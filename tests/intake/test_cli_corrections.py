"""`finsam record correction …` through the real entry point: a correction changes only
what it names, prints each change as före → efter, and is refused when it changes nothing;
the number of employees takes one decimal (årsarbetare, "1,5").

The prepared ledger (tests/cli_helpers.py) has March 2024 of Försteg Exempel (4.0) reported
as 3 women and 2 men started, 1 woman ended (to work), and 2 employees in 2023.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import event_count, finsam, history_json, ok, prepared_ledger, refused

FLOW = ("record", "correction", "flow", "--insats", "4.0", "--manad", "2024-03")
MARCH_AS_REPORTED = {
    "paborjade": {"kvinna": 3, "man": 2, "ej_angivet": 0},
    "avslutade": {"kvinna": 1, "man": 0, "ej_angivet": 0},
    "utfall": {"arbete": 1, "studier": 0, "arbetssokande": 0, "annan_insats": 0, "ovrigt": 0},
}


@pytest.fixture
def url(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(db, tmp_path)
    return db


def last_event(url: str, name: str) -> dict:
    return [e for e in history_json(url) if e["event"] == name][-1]


# -- trap 1: a partial correction erases what it does not repeat ------------------------------------
def test_a_partial_flow_correction_keeps_what_it_does_not_name(url: str) -> None:
    # One more woman started in March than was reported; nothing else was wrong.
    ok(finsam(url, *FLOW, "--paborjade-kvinnor", "4", "--orsak", "En start saknades"))

    corrected = last_event(url, "FlowCorrected")["data"]
    expected = {**MARCH_AS_REPORTED, "paborjade": {"kvinna": 4, "man": 2, "ej_angivet": 0}}
    assert corrected["flow"] == expected
    assert corrected["reason"] == "En start saknades"


def test_a_partial_flow_correction_must_still_add_up_after_merging(url: str) -> None:
    # Two women ended, not one: the outcomes (one to work) no longer add up, so it is refused.
    message = refused(url, *FLOW, "--avslutade-kvinnor", "2", "--orsak", "En avslutad saknades")
    assert "--till-…" in message and "summerar till 1 men 2 avslutades" in message

    # Naming the second woman's outcome too: the first one's (work) is kept.
    ok(finsam(url, *FLOW, "--avslutade-kvinnor", "2", "--till-studier", "1", "--orsak", "En avslutad saknades"))
    flow = last_event(url, "FlowCorrected")["data"]["flow"]
    assert flow["avslutade"] == {"kvinna": 2, "man": 0, "ej_angivet": 0}
    assert flow["utfall"] == {"arbete": 1, "studier": 1, "arbetssokande": 0, "annan_insats": 0, "ovrigt": 0}
    assert flow["paborjade"] == MARCH_AS_REPORTED["paborjade"]


def test_a_count_can_be_corrected_to_zero_by_naming_it(url: str) -> None:
    ok(finsam(url, *FLOW, "--paborjade-man", "0", "--orsak", "Männen hörde till april"))
    flow = last_event(url, "FlowCorrected")["data"]["flow"]
    assert flow["paborjade"] == {"kvinna": 3, "man": 0, "ej_angivet": 0}
    assert flow["avslutade"] == MARCH_AS_REPORTED["avslutade"]


def test_a_volume_correction_keeps_the_month_and_shows_the_change(url: str) -> None:
    ok(finsam(url, "record", "volume", "--insats", "SIP", "--manad", "2024-03", "--volym", "4"))
    out = ok(finsam(url, "record", "correction", "volume", "--insats", "SIP", "--manad", "2024-03",
                    "--volym", "6", "--orsak", "Två möten saknades"))
    assert "1 ändring" in out
    assert "  antal möten: 4 → 6" in out.splitlines()
    assert last_event(url, "VolumeCorrected")["data"]["antal"] == 6


BUDGET = ("record", "decision", "--sammantrade", "2024-03-28", "--paragraf", "6", "--typ", "budget",
          "--text", "Budget 2024", "--ar", "2024", "--budgetram", "10 010 000", "--eget-kapital", "1 366 000",
          "--insats-budget", "4.0=2 950 000", "--insats-volym", "4.0=120", "--insats-budget", "SIP=400 000",
          "--medlemsbidrag", "Försäkringskassan=4 897 000", "--mal-individ", "333")
DECISION = ("record", "correction", "decision", "--sammantrade", "2024-03-28", "--paragraf", "6")


def test_a_decision_correction_with_only_a_budgetram_keeps_the_other_values(url: str) -> None:
    ok(finsam(url, *BUDGET))
    recorded = last_event(url, "DecisionRecorded")["data"]["data"]

    out = ok(finsam(url, *DECISION, "--budgetram", "10 000 000", "--orsak", "Fel ram"))

    corrected = last_event(url, "DecisionCorrected")["data"]
    assert corrected["data"] == {**recorded, "budgetram": 1_000_000_000}
    assert corrected["text"] == "Budget 2024"
    assert "  budgetram: 10 010 000,00 kr → 10 000 000,00 kr" in out.splitlines()
    assert "1 ändring" in out


def test_a_decision_correction_of_one_insats_keeps_the_rest_of_its_line_and_the_others(url: str) -> None:
    ok(finsam(url, *BUDGET))
    recorded = last_event(url, "DecisionRecorded")["data"]["data"]

    out = ok(finsam(url, *DECISION, "--insats-volym", "Försteg Exempel=130", "--text", "Budget 2024 (rättad)",
                    "--orsak", "Fel volym"))

    corrected = last_event(url, "DecisionCorrected")["data"]
    assert corrected["data"]["insatser"] == {
        "4.0": {"kostnadsbudget": 295_000_000, "volym": 130}, "5.0": recorded["insatser"]["5.0"]}
    assert corrected["data"]["budgetram"] == recorded["budgetram"]
    lines = out.splitlines()
    assert "  volym 4.0: 120 → 130" in lines
    assert '  text: "Budget 2024" → "Budget 2024 (rättad)"' in lines
    assert "2 ändringar" in out


# -- every correction shows före → efter; one that changes nothing is refused ------------------------
def test_a_flow_correction_prints_each_change_before_and_after(url: str) -> None:
    out = ok(finsam(url, *FLOW, "--paborjade-kvinnor", "4", "--avslutade-kvinnor", "2", "--till-studier", "1",
                    "--orsak", "Felräknat"))
    lines = out.splitlines()
    assert "3 ändringar" in lines[0] and "orsak: Felräknat" in lines[0]
    assert lines[1:] == ["  påbörjade kvinnor: 3 → 4", "  avslutade kvinnor: 1 → 2", "  till studier: 0 → 1"]


def test_a_dry_run_correction_shows_the_changes_and_writes_nothing(url: str) -> None:
    before = event_count(url)
    out = ok(finsam(url, *FLOW, "--paborjade-man", "3", "--orsak", "Sen anmälan", "--dry-run"))
    assert out.startswith("Provkörning – inget sparat: ") and "1 ändring" in out
    assert "  påbörjade män: 2 → 3" in out.splitlines()
    assert event_count(url) == before


@pytest.mark.parametrize("args", [
    pytest.param(FLOW + ("--paborjade-kvinnor", "3"), id="flow-same-value"),
    pytest.param(FLOW, id="flow-nothing-named"),
    pytest.param(("record", "correction", "employees", "--ar", "2023", "--antal", "2"), id="employees"),
    pytest.param(("record", "correction", "decision", "--sammantrade", "2024-03-28", "--paragraf", "5",
                  "--text", "Information om verksamheten"), id="decision-same-text"),
    pytest.param(("record", "correction", "decision", "--sammantrade", "2024-03-28", "--paragraf", "5"),
                 id="decision-nothing-named"),
])
def test_a_correction_that_changes_nothing_is_refused(url: str, args: tuple[str, ...]) -> None:
    message = refused(url, *args, "--orsak", "Kontroll")
    assert "ändrar inget" in message


def test_a_volume_correction_to_the_same_number_is_refused(url: str) -> None:
    ok(finsam(url, "record", "volume", "--insats", "SIP", "--manad", "2024-03", "--volym", "4"))
    message = refused(url, "record", "correction", "volume", "--insats", "SIP", "--manad", "2024-03",
                      "--volym", "4", "--orsak", "Kontroll")
    assert "ändrar inget" in message


def test_the_help_no_longer_asks_for_every_value(url: str) -> None:
    help_text = ok(finsam(url, *FLOW[:3], "--help"))
    assert "ange alla värden" not in help_text.lower()
    assert "oförändrade" in help_text
    decision_help = ok(finsam(url, "record", "correction", "decision", "--help"))
    assert "ersätter de alla" not in decision_help


# -- the number of employees takes one decimal ---------------------------------------------------------
def test_a_number_of_employees_with_one_decimal_is_recorded_and_shown_with_a_comma(url: str) -> None:
    out = ok(finsam(url, "record", "employees", "--ar", "2024", "--antal", "1,5"))
    assert "Antal anställda 2024: 1,5" in out

    events = history_json(url)
    recorded = [e for e in events if e["event"] == "EmployeesRecorded"][-1]
    assert recorded["summary"] == "Antal anställda 2024: 1,5"
    assert recorded["data"] == {"antal": "1.5"}

    # A correction from a whole number to a half shows both the Swedish way.
    out = ok(finsam(url, "record", "correction", "employees", "--ar", "2023", "--antal", "2,5",
                    "--orsak", "En halvtid saknades"))
    assert "  antal anställda: 2 → 2,5" in out.splitlines()


def test_the_five_year_overview_shows_a_number_of_employees_with_one_decimal(url: str) -> None:
    # Books in 2023 too, so the overview has two years.
    ok(finsam(url, "record", "voucher", "--datum", "2023-12-15", "--serie", "A", "--text", "Faktura december",
              "--rad", "4610:1 000:4.0", "--rad", "2440:-1 000"))
    ok(finsam(url, "record", "correction", "employees", "--ar", "2023", "--antal", "1,5", "--orsak", "Halvtid"))
    ok(finsam(url, "record", "employees", "--ar", "2024", "--antal", "3"))

    text = ok(finsam(url, "report", "arsredovisning", "--year", "2024"))
    overview = text[text.index("Översikt över verksamhetens utveckling"):].splitlines()
    header = next(i for i, line in enumerate(overview) if line.endswith("Antal anställda"))
    rows = overview[header + 2:header + 4]
    assert rows[0].startswith("2024") and rows[0].endswith(" 3")
    assert rows[1].startswith("2023") and rows[1].endswith(" 1,5")

    report = __import__("json").loads(ok(finsam(url, "report", "arsredovisning", "--year", "2024",
                                                "--format", "json")))
    section = next(s for s in report["sections"] if s["id"] == "femarsoversikt")
    assert [r["antal_anstallda"] for r in section["rows"]] == [3, "1.5"]


def test_a_whole_number_of_employees_is_still_stored_as_an_integer(url: str) -> None:
    ok(finsam(url, "record", "employees", "--ar", "2024", "--antal", "3,0"))
    recorded = last_event(url, "EmployeesRecorded")
    assert recorded["data"] == {"antal": 3}
    assert recorded["summary"] == "Antal anställda 2024: 3"


@pytest.mark.parametrize("value, words", [
    ("1,25", ["--antal", "en decimal"]),
    ("-1,5", ["--antal", "≥ 0"]),
    ("-1", ["--antal", "≥ 0"]),
    ("1,5,0", ["--antal"]),
    ("tre", ["--antal"]),
])
def test_a_number_of_employees_with_two_decimals_or_a_sign_is_refused(url: str, value: str,
                                                                       words: list[str]) -> None:
    message = refused(url, "record", "employees", "--ar", "2024", "--antal", value)
    for word in words:
        assert word in message
    message = refused(url, "record", "correction", "employees", "--ar", "2023", "--antal", value, "--orsak", "fel")
    for word in words:
        assert word in message
