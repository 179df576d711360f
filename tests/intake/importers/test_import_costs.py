"""`import_costs`: one simple cost voucher per row, idempotent by row content."""

from __future__ import annotations

from datetime import date

import pytest

from import_helpers import fixture, make_service
from intake.importers import ImportFailure, import_costs
from ledger.domain.voucher import Voucher
from ledger.errors import PeriodLocked


@pytest.fixture
def service(sqlite_url):
    svc = make_service(sqlite_url)
    yield svc
    svc.store.close()


def voucher(service, nummer: int, year: int = 2024) -> Voucher | None:
    return service.load(Voucher.create_id(service.forbund().id, year, "K", str(nummer)))


def refused(service, path) -> ImportFailure:
    before = service.store.event_count()
    with pytest.raises(ImportFailure) as info:
        import_costs(service, path)
    assert service.store.event_count() == before
    return info.value


def test_each_row_becomes_a_cost_voucher_on_both_databases(db_url):
    service = make_service(db_url)
    try:
        result = import_costs(service, fixture("kostnader.csv"))
        assert result.recorded == 4
        first, second, third, credit = (voucher(service, n) for n in (1, 2, 3, 4))
        assert (first.datum, first.text) == (date(2024, 1, 31), "Försteg januari")
        assert first.rader == [{"konto": "4610", "belopp": 24_500_000, "insats": "4.0"},
                               {"konto": "2440", "belopp": -24_500_000, "insats": None}]
        assert second.text == "Försteg, februari 2024"  # the cost form's default text
        assert third.rader[0]["belopp"] == 1_250_050 and third.rader[0]["insats"] == "SIP"
        assert credit.rader[0] == {"konto": "4610", "belopp": -150_000, "insats": "1.0"}
        assert first.kalla.startswith("import:kostnader:") and first.kalla.endswith(":kostnader.csv:2")
        assert voucher(service, 5) is None
    finally:
        service.store.close()


def test_importing_the_same_costs_again_is_a_no_op_that_says_so(service):
    import_costs(service, fixture("kostnader.csv"))
    before = service.store.event_count()
    # The XLSX holds the same rows: the same costs, already booked.
    again = import_costs(service, fixture("kostnader.xlsx"))
    assert service.store.event_count() == before and again.nothing_new
    assert again.skipped[0] == "kostnader.xlsx rad 2: kostnad 2024-01-31 Försteg (4.0) redan registrerad som K1 (2024)"


def test_a_file_that_extends_an_earlier_one_books_only_the_new_rows(service, tmp_path):
    import_costs(service, fixture("kostnader.csv"))
    longer = tmp_path / "kostnader_mars.csv"
    longer.write_text(fixture("kostnader.csv").read_text(encoding="utf-8") + "2024-03-31;4.0;245000;Försteg mars\n",
                      encoding="utf-8")
    result = import_costs(service, longer)
    assert result.recorded == 1 and len(result.skipped) == 4
    assert voucher(service, 5).text == "Försteg mars"


def test_two_identical_costs_in_one_file_are_both_booked_and_both_recognised_later(service, tmp_path):
    path = tmp_path / "dubbel.csv"
    path.write_text("datum;insats;belopp;text\n2024-04-30;SIP;500;Fika\n2024-04-30;SIP;500;Fika\n", encoding="utf-8")
    assert import_costs(service, path).recorded == 2
    assert import_costs(service, path).recorded == 0


def test_a_dry_run_writes_nothing_but_lists_what_it_would_record(service):
    before = service.store.event_count()
    result = import_costs(service, fixture("kostnader.csv"), dry_run=True)
    assert service.store.event_count() == before and voucher(service, 1) is None
    # Numbers run on inside the rolled-back transaction, as a real run would number them.
    assert [w.split()[1] for w in result.would_record] == ["K1", "K2", "K3", "K4"]


@pytest.mark.parametrize("name, shown", [("kostnader_tusental.csv", "245 000"), ("kostnader_kr.csv", "245000 kr")])
def test_amounts_with_thousands_separators_or_kr_are_refused(service, name, shown):
    error = refused(service, fixture(name))
    assert error.message.startswith(f'{name} rad 2, fält "belopp": "{shown}" – belopp i en importfil skrivs med '
                                    "bara siffror")


def test_an_xlsx_amount_that_is_not_whole_ore_is_refused(service):
    error = refused(service, fixture("kostnader_oren.xlsx"))
    assert error.message == ('kostnader_oren.xlsx rad 2, fält "belopp": "245000,125" har fler än två decimaler – '
                             "belopp anges i hela ören.")


@pytest.mark.parametrize("row, expected", [
    ("03/04/2024;4.0;100;x", 'rad 3, fält "datum": "03/04/2024" är inget entydigt datum – skriv ÅÅÅÅ-MM-DD.'),
    ("2024-02-30;4.0;100;x", 'rad 3, fält "datum": datumet "2024-02-30" finns inte.'),
    ("2024-01-31;4.0;0;x", 'rad 3, fält "rader": verifikationen har bara nollbelopp.'),
    ("2024-01-31;9.9;100;x", 'rad 3, fält "insats": insatsen "9.9" finns inte i förbundets katalog.'),
    ("2024-01-31;4.0;;x", 'rad 3, fält "belopp": beloppet saknas.'),
    ("2024-01-31;4.0;100;Avser 811218-9876", 'rad 3, fält "text": '),
])
def test_rows_that_break_a_rule_are_refused(service, tmp_path, row, expected):
    path = tmp_path / "k.csv"
    # Row 2 is fine; row 3 refuses the whole file.
    path.write_text(f"datum;insats;belopp;text\n2024-01-30;SIP;100;ok\n{row}\n", encoding="utf-8")
    assert refused(service, path).message.startswith("k.csv " + expected)


def test_a_cost_dated_in_a_locked_period_is_refused(service):
    service.close_period(date(2024, 2, 1))
    error = refused(service, fixture("kostnader.csv"))
    assert isinstance(error.cause, PeriodLocked)
    lines = error.message.splitlines()
    assert lines[0] == "kostnader.csv: 2 problem – inget sparat:"  # both February rows, not the first alone
    assert lines[1].startswith('  kostnader.csv rad 3, fält "datum": perioden 2024-02 är stängd')
    assert all("perioden 2024-02 är stängd" in line for line in lines[1:])
    assert voucher(service, 1) is None  # row 2 (January) rolled back with the rest
