"""`import_budget`: one budget decision from a CSV/XLSX sheet, the meeting recorded if needed."""

from __future__ import annotations

from datetime import date

import pytest

from import_helpers import fixture, make_service
from intake.importers import ImportFailure, import_budget
from ledger.domain.meeting import Meeting
from ledger.errors import Conflict, LedgerError

MEETING = date(2024, 3, 28)
PAYLOAD = {
    "ar": 2024,
    "budgetram": 950_000_000,
    "eget_kapital": 150_000_000,
    "insatser": {
        "4.0": {"kostnadsbudget": 295_000_000, "volym": 120},
        "SIP": {"kostnadsbudget": 80_000_050, "volym": 60},
        "1.0": {"kostnadsbudget": 120_000_000, "volym": None},
    },
    "medlemsbidrag": {"Försäkringskassan": 200_000_000, "Arbetsförmedlingen": 200_000_000,
                      "Region Test": 200_000_000, "Testkommun": 200_000_000},
}


@pytest.fixture
def service(sqlite_url):
    svc = make_service(sqlite_url)
    yield svc
    svc.store.close()


def decision(service, paragraf: str = "5"):
    meeting = service.load(Meeting.create_id(service.forbund().id, MEETING))
    return None if meeting is None else meeting.decisions.get(paragraf)


def refused(service, path, beslut: str = "2024-03-28 §5", **kw) -> ImportFailure:
    before = service.store.event_count()
    with pytest.raises(ImportFailure) as info:
        import_budget(service, path, beslut=beslut, **kw)
    assert service.store.event_count() == before
    return info.value


def sheet(tmp_path, text: str):
    path = tmp_path / "budget.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_budget_sheet_becomes_one_decision_and_its_meeting_on_both_databases(db_url):
    service = make_service(db_url)
    try:
        result = import_budget(service, fixture("budget_2024.csv"), beslut="2024-03-28 §5")
        # The meeting did not exist: it is recorded first, then § 5.
        assert result.details == ["Sammanträde 2024-03-28: Styrelsesammanträde",
                                  "Beslut 2024-03-28 § 5 (budget antagen): Budget 2024"]
        stored = decision(service)
        assert (stored["typ"], stored["text"], stored["datum"]) == ("budget", "Budget 2024", MEETING)
        assert stored["data"] == PAYLOAD
    finally:
        service.store.close()


def test_the_xlsx_sheet_gives_the_same_decision(service):
    import_budget(service, fixture("budget_2024.xlsx"), beslut="2024-03-28 § 5")
    assert decision(service)["data"] == PAYLOAD


def test_an_existing_meeting_is_used_as_it_is(service):
    service.record_meeting(MEETING, "Styrelsemöte")
    result = import_budget(service, fixture("budget_2024.csv"), beslut="2024-03-28 §5", text="Budget 2024 antas")
    assert result.details == ["Beslut 2024-03-28 § 5 (budget antagen): Budget 2024 antas"]
    assert service.load(Meeting.create_id(service.forbund().id, MEETING)).namn == "Styrelsemöte"


def test_importing_the_same_budget_twice_is_a_no_op_that_says_so(service):
    import_budget(service, fixture("budget_2024.csv"), beslut="2024-03-28 §5")
    before = service.store.event_count()
    again = import_budget(service, fixture("budget_2024.xlsx"), beslut="2024-03-28 §5")
    assert service.store.event_count() == before
    assert again.nothing_new
    assert again.skipped == ["budget_2024.xlsx: beslut 2024-03-28 § 5: beslutet redan registrerat"]


def test_a_different_budget_under_the_same_paragraph_is_refused(service, tmp_path):
    import_budget(service, fixture("budget_2024.csv"), beslut="2024-03-28 §5")
    changed = sheet(tmp_path, fixture("budget_2024.csv").read_text(encoding="utf-8").replace("2950000", "3000000"))
    error = refused(service, changed)
    assert isinstance(error.cause, Conflict)
    assert error.message.startswith('budget.csv: beslut 2024-03-28 § 5, fält "paragraf": § 5 i sammanträdet '
                                    "2024-03-28 finns redan med annat innehåll")


def test_a_dry_run_writes_nothing_but_lists_what_it_would_record(service):
    before = service.store.event_count()
    result = import_budget(service, fixture("budget_2024.csv"), beslut="2024-03-28 §5", dry_run=True)
    assert service.store.event_count() == before
    assert len(result.would_record) == 2 and result.recorded == 0
    assert decision(service) is None


@pytest.mark.parametrize("name, shown", [("budget_tusental.csv", "2 950 000"), ("budget_kr.csv", "2950000 kr")])
def test_amounts_with_thousands_separators_or_kr_are_refused(service, name, shown):
    error = refused(service, fixture(name))
    assert error.message == (
        f'{name} rad 2, fält "kostnadsbudget": "{shown}" – belopp i en importfil skrivs med bara siffror och '
        'ev. decimalkomma (högst två decimaler), utan tusentalsavgränsare och utan "kr", t.ex. 2950000 eller 1234,50.'
    )


def test_a_missing_budgetram_is_the_member_contributions_plus_equity(service, tmp_path):
    path = sheet(tmp_path, "år;insats;kostnadsbudget;medlem;medlemsbidrag;eget_kapital\n"
                           "2024;4.0;100000;;;\n2024;;;Testkommun;400000;\n2024;;;Region Test;400000;\n"
                           ";;;;;50000\n")
    import_budget(service, path, beslut="2024-03-28 §5")
    assert decision(service)["data"]["budgetram"] == 85_000_000


@pytest.mark.parametrize("text, expected", [
    ("år;insats;kostnadsbudget;medlem;medlemsbidrag\n2024;4.0;1;Testkommun;1\n",
     'budget.csv rad 2, fält "medlem": en rad har antingen insats eller medlem, inte båda.'),
    ("år;insats;kostnadsbudget;budgetram\n2024;4.0;1;10\n2024;SIP;1;11\n",
     'budget.csv rad 3, fält "budgetram": anges bara en gång – rad 2 har ett annat värde.'),
    ("år;insats;kostnadsbudget\n2024;4.0;1\n2025;SIP;1\n",
     'budget.csv rad 3, fält "år": året 2025 skiljer sig från 2024 på rad 2 – en budget gäller ett år.'),
    ("år;insats;kostnadsbudget;budgetram\n2024;9.9;1;10\n",
     'budget.csv rad 2, fält "insats": insatsen "9.9" finns inte i förbundets katalog.'),
    ("år;insats;kostnadsbudget;budgetram\n2024;4.0;1;10\n2024;Försteg;2;\n",
     'budget.csv rad 3, fält "insats": insatsen 4.0 finns redan på rad 2.'),
    ("år;medlem;medlemsbidrag\n2024;Grannkommun;1\n",
     'budget.csv rad 2, fält "medlem": medlemmen "Grannkommun" finns inte i förbundet'),
    ("år;insats;kostnadsbudget\n2024;4.0;-5\n",
     'budget.csv rad 2, fält "kostnadsbudget": "-5" – beloppet får inte vara negativt.'),
    ("år;insats;kostnadsbudget\n2024;4.0;100\n",
     'budget.csv, fält "budgetram": budgetramen saknas'),
    ("år;insats;kostnadsbudget;budgeterad_volym\n2024;;;12\n",
     'budget.csv rad 2, fält "budgeterad_volym": värdet hör till en rad med insats'),
    ("år;insats\n24;4.0\n", 'budget.csv rad 2, fält "år": "24" är inget år'),
])
def test_sheets_that_break_a_rule_are_refused_naming_row_and_column(service, tmp_path, text, expected):
    assert refused(service, sheet(tmp_path, text)).message.startswith(expected)


@pytest.mark.parametrize("beslut, expected", [
    ("2024-03-28", 'Fältet "--beslut": "2024-03-28" – ange sammanträdets datum och paragraf, t.ex. "2024-03-28 §5".'),
    ("§5", 'Fältet "--beslut": "§5" – ange sammanträdets datum och paragraf'),
    ("28/3 §5", 'Fältet "--beslut": "28/3" är inget entydigt datum – skriv ÅÅÅÅ-MM-DD.'),
    ("2024-02-30 §5", 'Fältet "--beslut": datumet "2024-02-30" finns inte.'),
])
def test_a_beslut_that_names_no_meeting_and_paragraph_is_refused(service, beslut, expected):
    before = service.store.event_count()
    with pytest.raises(LedgerError) as info:
        import_budget(service, fixture("budget_2024.csv"), beslut=beslut)
    assert info.value.text().startswith(expected) and info.value.exit_code == 3
    assert service.store.event_count() == before


def test_the_budget_is_recorded_at_the_meeting_named_by_beslut(service):
    # The decision is dated at its meeting, whichever meeting --beslut names.
    import_budget(service, fixture("budget_2024.csv"), beslut="2024-12-12 §9")
    meeting = service.load(Meeting.create_id(service.forbund().id, date(2024, 12, 12)))
    assert meeting.decisions["9"]["data"]["ar"] == 2024
