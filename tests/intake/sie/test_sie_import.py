"""`import_sie`: an SIE 4 file into the ledger, all or nothing, and never twice.

The förbund is Testbygden (sie_helpers): insatser with objects 10, 40, 50 and 60. The year
file is what a kommun sends: CP437 with CRLF and #KSUMMA, a new account, objects in two
dimensions, object 99 on supplier-debt lines (which no insats claims), #RTRANS/#BTRANS.
A file from finsam's own export also names each line's insats in dimension 20 ("Insats
(finsam)"), which comes before the objects of dimension 1.
Every refusal names file, line and field, and leaves the store exactly as it was.
"""

from __future__ import annotations

import copy
from datetime import date

import pytest

from intake.importers.forbund_toml import parse_forbund_dict
from intake.importers.runner import ImportFailure, ImportProblems
from intake.sie_books.importer import import_sie
from ledger.domain.fiscal_year import FiscalYear
from ledger.errors import Conflict, InputError, PeriodLocked, RuleViolation
from paths import FIXTURES as FIXTURE_ROOT
from sie_helpers import (
    FORBUND,
    IB_2024,
    MAP_99,
    count_unchanged_events,
    line_number,
    open_sie_service,
    opening_balances,
    posted,
    replaced,
    stored,
    with_ksumma,
    write,
    year_file,
    year_lines,
)

FIXTURES = FIXTURE_ROOT / "sie"
YEAR_FILE = FIXTURES / "testbygden_2024.se"


def refused(store, service, path, cls=ImportFailure, **kwargs):
    """Import `path`, expect a refusal of `cls`, and show that nothing was stored."""
    with count_unchanged_events(store), pytest.raises(cls) as caught:
        import_sie(service, path, **kwargs)
    return caught.value


# -- a whole year ---------------------------------------------------------------------------

def test_the_year_fixture_is_the_generated_year_file():
    assert YEAR_FILE.read_bytes() == year_file()


def test_a_kommuns_year_file_becomes_accounts_opening_balances_and_vouchers(books_any):
    store, service = books_any
    result = import_sie(service, YEAR_FILE, mapping=MAP_99)
    # The encoding found is said, and what was recorded is summed up.
    assert result.encoding == "cp437" and "läst som CP437" in result.text()
    assert "1 nytt konto, ingående balanser 2024 (2 konton) och 43 verifikationer registrerade" in result.text()
    # The new account is in the chart; the opening balances are recorded for 2024.
    assert service.forbund().accounts == {"6540": "IT-tjänster"}
    assert opening_balances(store) == [(2024, IB_2024)]
    vouchers = {(s, n): (d, t, lines) for s, n, d, t, lines in posted(store)}
    assert len(vouchers) == 43
    # Objects of dimension 1 became insatser; object 99 (--map 99=-) no insats; dimension 6 ignored.
    assert vouchers[("B", "1")] == (date(2024, 1, 31), 'Faktura Försteg "1"',
                                    [("4610", 24_500_000, "4.0"), ("2440", -24_500_000, None)])
    assert vouchers[("B", "2")][2][0] == ("4610", 8_750_150, "5.0")
    assert vouchers[("C", "3")][2] == [("5010", 6_140_000, "9.0"), ("1930", -6_140_000, None)]
    # #RTRANS counted once (its #TRANS twin), #BTRANS ignored; a tab inside a quoted text kept.
    assert vouchers[("D", "3")][2] == [("4610", 3_100_000, "4.0"), ("2440", -3_100_000, None)]
    assert vouchers[("D", "1")][1] == "IT-tjänster första halvåret"  # the file's tab, as one space
    # Every voucher names the file it came from.
    source = {e.kalla for e in stored(store, "finsam.voucher:Posted")}
    assert source == {"sie:testbygden_2024.se"}


def test_a_dry_run_checks_everything_and_stores_nothing(books):
    store, service = books
    with count_unchanged_events(store):
        result = import_sie(service, YEAR_FILE, mapping=MAP_99, dry_run=True)
    assert result.dry_run and result.recorded == 0
    assert result.text().startswith("Provkörning – inget sparat.")
    assert "43 verifikationer skulle registreras" in result.text()


@pytest.mark.parametrize("at_once", [True, False])
def test_progress_goes_forward_up_to_the_last_step(books, monkeypatch, tmp_path, at_once):
    """Told while a plain year's vouchers are planned at once (every
    `VoucherBatch.PROGRESS_EVERY`), or step by step for a file planned voucher by voucher
    (here one with tabs in texts); never backwards, one total, ending at it."""
    from ledger.service import voucher_batch

    store, service = books
    monkeypatch.setattr(voucher_batch, "PROGRESS_EVERY", 10)
    # The helpers' year has one text with a tab (read leniently: voucher by voucher).
    plain = with_ksumma([line.replace("\tförsta", " första") for line in year_lines(invoices=40)])
    path = write(tmp_path, plain, "ar-2024.se") if at_once else YEAR_FILE
    seen: list[tuple[int, int]] = []
    import_sie(service, path, mapping=MAP_99, progress=lambda done, total: seen.append((done, total)))
    dones, totals = [done for done, _ in seen], {total for _, total in seen}
    assert len(totals) == 1 and dones[-1] == totals.pop() >= 43
    assert dones == sorted(set(dones))
    if at_once:  # the plan's own steps, then every PROGRESS_EVERY vouchers, then the end
        assert len(dones) < 10
    else:
        assert dones == list(range(1, len(dones) + 1))


@pytest.mark.parametrize("encoding, declared, said", [
    ("utf-8", "#FORMAT UTF8", "UTF-8"),
    ("cp1252", "#FORMAT PC8", "Windows-1252"),
])
def test_utf8_and_cp1252_files_are_read_and_the_encoding_is_said(books, tmp_path, encoding, declared, said):
    store, service = books
    lines = replaced(year_lines(), "#FORMAT", declared)
    result = import_sie(service, write(tmp_path, with_ksumma(lines, encoding=encoding)), mapping=MAP_99)
    assert f"läst som {said}" in result.text() and len(posted(store)) == 43
    assert service.forbund().accounts == {"6540": "IT-tjänster"}


def test_an_org_number_without_dash_is_the_same_number(books, tmp_path):
    store, service = books
    import_sie(service, write(tmp_path, year_file(orgnr="222000-0000")), mapping=MAP_99)
    assert len(posted(store)) == 43


# -- twice, and overlapping -----------------------------------------------------------------

def test_importing_the_same_file_again_is_a_no_op_that_says_so(books):
    store, service = books
    import_sie(service, YEAR_FILE, mapping=MAP_99)
    with count_unchanged_events(store):
        again = import_sie(service, YEAR_FILE, mapping=MAP_99)
    assert again.nothing_new and again.recorded == 0
    assert "redan inläst: 43 verifikationer – inget nytt att registrera" in again.text()
    assert "Ingående balanser 2024 är redan registrerade (lika)" in again.text()


def test_an_overlapping_file_imports_only_what_is_new_and_lists_what_it_skipped(books, tmp_path):
    store, service = books
    import_sie(service, write(tmp_path, year_file(invoices=12), "jan-jun.se"), mapping=MAP_99)
    assert len(posted(store)) == 31
    result = import_sie(service, write(tmp_path, year_file(invoices=20), "helar.se"), mapping=MAP_99)
    assert result.vouchers == [("B", str(n)) for n in range(13, 21)]
    assert "8 verifikationer registrerade" in result.text()
    assert "Redan inläst: 31 verifikationer (A 1–4; B 1–12; C 1–12; D 1–3) – hoppades över." in result.text()
    assert len(posted(store)) == 39 and len(opening_balances(store)) == 1


def test_vouchers_without_numbers_are_numbered_by_the_ledger_and_not_doubled(books, tmp_path):
    store, service = books
    lines = ["#FORMAT PC8", "#SIETYP 4I", "#ORGNR 222000-0000", '#DIM 1 "Kostnadsställe"',
             '#OBJEKT 1 "10" "Kansli"']
    for day in ("20240105", "20240105", "20240212"):
        lines += [f'#VER L "" {day} "Löneutbetalning"', "{", '#TRANS 5010 {1 "10"} 1000.00',
                  "#TRANS 1930 {} -1000.00", "}"]
    path = write(tmp_path, with_ksumma(lines), "lon.si")
    import_sie(service, path)
    assert [(s, n) for s, n, *_ in posted(store)] == [("L", "1"), ("L", "2"), ("L", "3")]
    with count_unchanged_events(store):
        again = import_sie(service, path)
    assert "redan inläst: 3 verifikationer" in again.text()


def test_the_next_years_vouchers_are_not_looked_up_one_by_one_when_the_books_hold_none_of_that_year(
        books_any, tmp_path, monkeypatch):
    """A file with #IB reads the books (caught up); a year they hold no voucher of has none
    of the file's numbers, so the store is asked only for the fiscal years' ids."""
    store, service = books_any
    import_sie(service, YEAR_FILE, mapping=MAP_99)
    asked: list = []
    real = store.existing
    monkeypatch.setattr(store, "existing", lambda ids, *a, **k: (asked.extend(ids), real(ids, *a, **k))[1])
    closing = {"1930": 306_773_120, "2440": -293_928_000, "2050": -51_587_570, "2099": 38_742_450}
    result = import_sie(service, write(tmp_path, year_file(2025, ib=closing), "2025.se"), mapping=MAP_99)
    assert result.recorded and len(posted(store)) == 86
    fid = service.forbund().id
    assert asked and set(asked) <= {FiscalYear.create_id(fid, 2024), FiscalYear.create_id(fid, 2025)}


def test_a_year_the_books_hold_is_looked_up_and_its_numbers_found(books_any, monkeypatch):
    store, service = books_any
    import_sie(service, YEAR_FILE, mapping=MAP_99)
    asked: list = []
    real = store.existing
    monkeypatch.setattr(store, "existing", lambda ids, *a, **k: (asked.extend(ids), real(ids, *a, **k))[1])
    with count_unchanged_events(store):
        again = import_sie(service, YEAR_FILE, mapping=MAP_99)
    assert "redan inläst: 43 verifikationer" in again.text() and len(asked) > 43


def test_were_the_books_ever_wrong_about_a_year_the_store_itself_refuses_the_numbers_it_has(books_any, monkeypatch):
    """The books are only trusted to spare the look-ups: a voucher id the store has is still
    refused by its unique index when saved, and nothing is written."""
    from projections.views.yearly_books import YearlyBooks

    store, service = books_any
    import_sie(service, YEAR_FILE, mapping=MAP_99)
    monkeypatch.setattr(YearlyBooks, "voucher_years", lambda self: set())
    with count_unchanged_events(store), pytest.raises(Conflict, match="inget sparades"):
        import_sie(service, YEAR_FILE, mapping=MAP_99)


# -- refusals -------------------------------------------------------------------------------

def test_a_file_for_another_org_number_is_refused(books):
    store, service = books
    error = refused(store, service, FIXTURES / "samordning_cp437.se")
    assert error.message.startswith('samordning_cp437.se rad 8, fält "orgnr": ')
    assert "222000-1234" in error.message and "222000-0000" in error.message


def test_a_financial_year_that_is_not_a_calendar_year_is_refused(books, tmp_path):
    store, service = books
    lines = replaced(year_lines(), "#RAR 0", "#RAR 0 20230701 20240630")
    path = write(tmp_path, with_ksumma(lines))
    error = refused(store, service, path, mapping=MAP_99)
    assert error.message.startswith(f'fil.se rad {line_number(path.read_bytes(), "#RAR 0")}, fält "start": ')
    assert "2023-07-01–2024-06-30 är inget kalenderår" in error.message


def test_a_voucher_dated_outside_the_financial_year_is_refused(books, tmp_path):
    store, service = books
    lines = year_lines() + ['#VER E 1 20250102 "Hyra januari"', "{", "#TRANS 6110 {} 100.00",
                            "#TRANS 1930 {} -100.00", "}"]
    lines = replaced(lines, "#UB 0 1930")  # keep the file consistent: no #UB to contradict
    path = write(tmp_path, with_ksumma([ln for ln in lines if not ln.startswith("#UB")]))
    error = refused(store, service, path, mapping=MAP_99)
    line = line_number(path.read_bytes(), "#VER E 1")
    assert error.message.startswith(f'fil.se rad {line}, fält "verdatum": ')
    assert "2025-01-02, utanför räkenskapsåret 2024" in error.message


def test_an_object_no_insats_claims_stops_the_import_until_map_says_what_it_is(books):
    store, service = books
    error = refused(store, service, YEAR_FILE)
    first_use = line_number(YEAR_FILE.read_bytes(), '#TRANS 2440 {1 "99"}')
    assert error.message.startswith(f'testbygden_2024.se rad {first_use}, fält "objektlista": ')
    assert '99 "Gemensamt"' in error.message and "--map" in error.message
    # --map 99=9.0 books the object on the Kansli insats instead of on none.
    import_sie(service, YEAR_FILE, mapping={"99": "9.0"})
    assert posted(store)[4][4] == [("4610", 24_500_000, "4.0"), ("2440", -24_500_000, "9.0")]


# -- dimension 20: the insats itself (finsam's export) --------------------------------------

def finsam_lines(*rows: str, dim20: str = "Insats (finsam)") -> list[str]:
    """A small file as finsam's export writes it: dimension 1 and dimension 20 declared, and
    one voucher E 1 with the given #TRANS rows (which must balance)."""
    return ["#FORMAT PC8", "#SIETYP 4", "#ORGNR 222000-0000", "#RAR 0 20240101 20241231",
            '#DIM 1 "Kostnadsställe"', f'#DIM 20 "{dim20}"', '#OBJEKT 1 "10" "Kansli"',
            '#OBJEKT 1 "40" "Försteg"', '#OBJEKT 1 "77" "Okänt"', '#OBJEKT 1 "99" "Gemensamt"',
            '#OBJEKT 20 "4.0" "Försteg"', '#OBJEKT 20 "5.0" "SIP"', '#OBJEKT 20 "7.7" "Okänd"',
            '#VER E 1 20240301 "Fakturor"', "{", *rows, "}"]


def test_a_lines_dimension_20_object_names_its_insats_before_its_cost_centre(books, tmp_path):
    store, service = books
    path = write(tmp_path, with_ksumma(finsam_lines(
        '#TRANS 4610 {1 "40" 20 "5.0"} 100.00',  # object 40 is Försteg's, the insats SIP
        '#TRANS 5010 {1 "10"} 50.00',  # no dimension 20: by dimension 1 as always
        "#TRANS 1930 {} -150.00")))
    result = import_sie(service, path)
    assert result.warnings == []
    assert posted(store)[0][4] == [("4610", 10_000, "5.0"), ("5010", 5_000, "9.0"), ("1930", -15_000, None)]


def test_an_explicit_dimension_reads_that_dimension_only(books, tmp_path):
    store, service = books
    path = write(tmp_path, with_ksumma(finsam_lines('#TRANS 4610 {1 "40" 20 "5.0"} 100.00',
                                                    "#TRANS 1930 {} -100.00")))
    import_sie(service, path, dimension="1")
    assert posted(store)[0][4] == [("4610", 10_000, "4.0"), ("1930", -10_000, None)]


def test_a_dimension_20_of_another_program_is_not_read_as_insatser(books, tmp_path):
    store, service = books
    path = write(tmp_path, with_ksumma(finsam_lines('#TRANS 4610 {1 "40" 20 "7.7"} 100.00',
                                                    "#TRANS 1930 {} -100.00", dim20="Avdelning")))
    import_sie(service, path)  # 7.7 is a department here, not an insats: no refusal
    assert posted(store)[0][4] == [("4610", 10_000, "4.0"), ("1930", -10_000, None)]


def test_an_unknown_insats_code_in_dimension_20_is_refused_at_its_line(books, tmp_path):
    store, service = books
    path = write(tmp_path, with_ksumma(finsam_lines(
        '#TRANS 4610 {1 "40" 20 "4.0"} 100.00', '#TRANS 4610 {1 "40" 20 "7.7"} 50.00',
        "#TRANS 1930 {} -150.00")))
    error = refused(store, service, path, mapping={"40": "4.0"})  # --map does not answer dimension 20
    line = line_number(path.read_bytes(), '#TRANS 4610 {1 "40" 20 "7.7"}')
    assert error.message.startswith(f'fil.se rad {line}, fält "objektlista": 1 objekt kan inte kopplas')
    assert f'insatskod 7.7 "Okänd" i dimension 20 (rad {line}) är ingen insats i förbundet' in error.message
    assert isinstance(error.cause, RuleViolation)


@pytest.fixture
def shared(sqlite_url):
    """Testbygden with Försteg Norra (4.1) sharing Försteg's object 40."""
    store, service = open_sie_service(sqlite_url)
    spec = copy.deepcopy(FORBUND)
    spec["insats"].append({"kod": "4.1", "namn": "Försteg Norra", "niva": "individ", "matt": "deltagare",
                           "typ": "förberedande", "agare": "Testbygdens kommun", "start": date(2023, 1, 1),
                           "objekt": "40"})
    service.apply_forbund_spec(parse_forbund_dict(spec))
    yield store, service
    store.close()


def test_every_unanswered_object_is_listed_in_one_refusal(shared, tmp_path):
    store, service = shared
    rows = ['#TRANS 4610 {1 "77"} 10.00',  # no insats claims 77
            '#TRANS 4610 {1 "40"} 20.00',  # 4.0 and 4.1 share 40
            '#TRANS 4610 {1 "40" 20 "7.7"} 30.00',  # no insats 7.7
            '#TRANS 2440 {1 "99"} -60.00']  # no insats claims 99
    path = write(tmp_path, with_ksumma(finsam_lines(*rows)))
    data = path.read_bytes()
    n77, n40, n77_7, n99 = (line_number(data, row[:row.index("}") + 1]) for row in rows)
    error = refused(store, service, path)
    assert error.message.startswith(f'fil.se rad {n77}, fält "objektlista": 4 objekt kan inte kopplas till en insats: ')
    for said in ((f'objekt 77 "Okänt" i dimension 1 (rad {n77}) motsvarar ingen insats – ange vad det ska '
                  "bokföras på med --map 77=INSATSKOD, eller --map 77=- för ingen insats"),
                 (f'objekt 40 "Försteg" i dimension 1 (rad {n40}) är objekt för flera insatser (4.0, 4.1) – '
                  "ange vilken med --map 40=INSATSKOD"),
                 f'insatskod 7.7 "Okänd" i dimension 20 (rad {n77_7}) är ingen insats i förbundet',
                 f'objekt 99 "Gemensamt" i dimension 1 (rad {n99}) motsvarar ingen insats'):
        assert said in error.message
    assert error.message.endswith(". Inget har sparats.")
    # With --map for the three objects, only the unknown insats code is left.
    error = refused(store, service, path, mapping={"77": "9.0", "40": "4.1", "99": None})
    assert error.message.startswith(f'fil.se rad {n77_7}, fält "objektlista": 1 objekt kan inte kopplas')
    assert "objekt 40" not in error.message and "insatskod 7.7" in error.message


def test_the_kommuns_file_needs_map_for_an_object_two_insatser_share(shared):
    store, service = shared
    error = refused(store, service, YEAR_FILE, mapping=MAP_99)
    assert "1 objekt kan inte kopplas" in error.message
    assert 'objekt 40 "Försteg" i dimension 1' in error.message and "(4.0, 4.1)" in error.message
    import_sie(service, YEAR_FILE, mapping={**MAP_99, "40": "4.1"})
    assert posted(store)[4][4] == [("4610", 24_500_000, "4.1"), ("2440", -24_500_000, None)]


def test_a_map_to_an_unknown_insats_is_refused(books):
    store, service = books
    error = refused(store, service, YEAR_FILE, mapping={"99": "7.7"})
    assert error.field == "--map" and 'insatsen "7.7" finns inte' in error.message


def test_a_posting_in_a_locked_period_is_refused_with_file_line_and_field(books):
    store, service = books
    service.close_period(date(2024, 3, 1))
    error = refused(store, service, YEAR_FILE, cls=ImportProblems, mapping=MAP_99)
    assert isinstance(error.cause, PeriodLocked)
    first_march = line_number(YEAR_FILE.read_bytes(), "#VER B 4 202403")
    assert error.problems[0].message.startswith(f'testbygden_2024.se rad {first_march}, fält "verdatum": ')
    assert all("perioden 2024-03 är stängd" in p.message for p in error.problems)  # each voucher of March
    assert len(error.problems) == 3


@pytest.mark.parametrize("label, account, wrong", [("#UB 0 1930", "1930", "#UB 0 1930 1.00"),
                                                   ("#RES 0 4610", "4610", "#RES 0 4610 2.00")])
def test_closing_or_result_balances_the_vouchers_contradict_are_refused(books, tmp_path, label, account, wrong):
    store, service = books
    path = write(tmp_path, with_ksumma(replaced(year_lines(), label, wrong)))
    error = refused(store, service, path, mapping=MAP_99)
    assert isinstance(error.cause, RuleViolation)
    assert error.message.startswith(f'fil.se rad {line_number(path.read_bytes(), label)}, fält "saldo": ')
    assert f"filen motsäger sig själv för konto {account}" in error.message


def test_the_same_series_and_number_with_other_content_is_refused_and_named(books, tmp_path):
    store, service = books
    import_sie(service, YEAR_FILE, mapping=MAP_99)
    lines = year_lines(invoices=30)  # six new invoices …
    k = lines.index(next(ln for ln in lines if ln.startswith("#VER B 4 ")))
    lines[k + 2] = lines[k + 2].replace("245003", "246003")  # … and B 4 with another amount
    lines[k + 3] = lines[k + 3].replace("245003", "246003")
    path = write(tmp_path, with_ksumma([ln for ln in lines if not ln.startswith(("#UB", "#RES"))]))
    error = refused(store, service, path, mapping=MAP_99)
    assert isinstance(error.cause, Conflict)
    assert error.message.startswith(f'fil.se rad {line_number(path.read_bytes(), "#VER B 4 ")}, fält "vernr": ')
    assert "verifikation B 4 (2024) finns redan i bokföringen med annat innehåll (rader" in error.message


def test_opening_balances_that_differ_from_those_recorded_are_refused(books, tmp_path):
    store, service = books
    import_sie(service, YEAR_FILE, mapping=MAP_99)
    ib = {"1930": 51_587_500, "2050": -51_587_500}
    path = write(tmp_path, with_ksumma([ln for ln in year_lines(ib=ib) if not ln.startswith("#UB")]))
    error = refused(store, service, path, mapping=MAP_99)
    assert error.message.startswith(f'fil.se rad {line_number(path.read_bytes(), "#IB 0 1930")}, fält "saldo": ')
    assert "#IB för konto 1930 är 515 875,00 kr i filen men 515 875,70 kr" in error.message.replace("\u00a0", " ")


def test_next_years_opening_balances_are_checked_against_the_ledger_not_recorded(books, tmp_path):
    store, service = books
    import_sie(service, YEAR_FILE, mapping=MAP_99)
    # 2024 closes with 1930 and 2440 as the vouchers left them; the result goes to equity,
    # which the kommun keeps in two accounts (2050 and 2099): compared as one sum.
    closing = {"1930": 306_773_120, "2440": -293_928_000, "2050": -51_587_570, "2099": 38_742_450}
    result = import_sie(service, write(tmp_path, year_file(2025, ib=closing), "2025.se"), mapping=MAP_99)
    assert "stämmer med bokföringens utgående balanser 2024" in result.text()
    assert len(opening_balances(store)) == 1 and len(posted(store)) == 86
    wrong = dict(closing, **{"1930": 306_773_100, "2440": -293_927_980})
    error = refused(store, service, write(tmp_path, year_file(2025, ib=wrong), "fel.se"), mapping=MAP_99)
    assert "#IB för konto 1930" in error.message and "bokföringens utgående balanser 2024" in error.message


def test_a_voucher_text_with_a_personnummer_is_refused_at_its_line(books, tmp_path):
    store, service = books
    lines = year_lines()
    k = lines.index(next(ln for ln in lines if ln.startswith("#VER C 2 ")))
    lines[k] = '#VER C 2 20240225 "Lön 19121212-1212" 20240225'
    error = refused(store, service, write(tmp_path, with_ksumma(lines)), mapping=MAP_99)
    assert error.message.startswith(f'fil.se rad {k + 3}, fält "vertext": ')


def test_an_account_number_the_ledger_cannot_hold_is_refused(books, tmp_path):
    store, service = books
    lines = replaced(year_lines(), "#KONTO 6540", '#KONTO 65401 "IT"')
    error = refused(store, service, write(tmp_path, with_ksumma(lines)), cls=ImportProblems, mapping=MAP_99)
    line = line_number(with_ksumma(lines), "#KONTO 65401")
    first, then = error.problems  # and the voucher on 6540, which no #KONTO declares now
    assert first.message.startswith(f'fil.se rad {line}, fält "konto": ') and "65401" in first.message
    assert "konto 6540 finns inte i förbundets kontoplan" in then.message


def test_a_codec_refusal_names_file_and_line_and_stores_nothing(books):
    store, service = books
    error = refused(store, service, FIXTURES / "fel_ksumma.se", cls=ImportProblems)
    other_forbund, checksum = error.problems  # the file is also another förbund's: it is checked no further
    assert other_forbund.message.startswith('fel_ksumma.se rad 8, fält "orgnr": ')
    assert checksum.message.startswith('fel_ksumma.se rad 60, fält "kontrollsumma": kontrollsumman stämmer inte')


def test_a_missing_file_is_refused(books, tmp_path):
    store, service = books
    error = refused(store, service, tmp_path / "finns-inte.se", cls=InputError)
    assert error.field == "fil" and "finns-inte.se kan inte läsas" in error.message


def test_opening_balances_that_do_not_balance_without_a_previous_result_to_explain_them_are_refused(books, tmp_path):
    store, service = books
    path = write(tmp_path, year_file(ib={"1930": 51_587_570, "2050": -51_587_000}))
    error = refused(store, service, path, mapping=MAP_99)
    assert error.message.startswith(f'fil.se rad {line_number(path.read_bytes(), "#IB 0")}, fält "saldo": ')
    assert ("går inte jämnt ut: differensen är 5,70 kr, och det är inte föregående års resultat (filen har "
            "varken #RES -1 eller #UB -1 som visar det)") in error.message
