"""`export_sie`: a year of the ledger as a valid SIE 4 file, and the round trip through it.

Import → export → import into an empty database (the same förbund registered first) gives
the same vouchers and opening balances, and exporting that copy gives the same bytes – also
for a förbund whose insatser share a bookkeeping object, since every line names its insats
in dimension 20 ("Insats (finsam)") besides its object in dimension 1.
"""

from __future__ import annotations

import copy
from datetime import date

import pytest

from intake.importers.forbund_toml import parse_forbund_dict
from intake.sie import read_sie
from intake.sie_books.export import account_type, export_sie
from intake.sie_books.importer import import_sie
from ledger.charts import report_lines
from ledger.errors import InputError
from ledger.service import LedgerService, Line
from ledger.store import LedgerStore
from paths import FIXTURES
from projections.facts import load_facts
from projections.reports import arsredovisning, delarsrapport
from sie_helpers import (
    FORBUND,
    IB_2024,
    MAP_99,
    TODAY,
    count_unchanged_events,
    open_sie_service,
    opening_balances,
    posted,
)

YEAR_FILE = FIXTURES / "sie" / "testbygden_2024.se"
GEN = date(2025, 2, 1)


@pytest.fixture
def imported(sqlite_url):
    """Testbygden with the 2024 file imported (object 99 on no insats)."""
    store, service = open_sie_service(sqlite_url)
    import_sie(service, YEAR_FILE, mapping=MAP_99)
    yield store, service
    store.close()


def test_the_export_is_a_valid_sie4_file_of_the_year(imported, tmp_path):
    store, service = imported
    with count_unchanged_events(store):
        result = export_sie(service, 2024, tmp_path / "ut.se", generated=GEN)
    data = (tmp_path / "ut.se").read_bytes()
    assert data.startswith(b"#FLAGGA 0\r\n#KSUMMA\r\n#PROGRAM finsam ")
    assert "43 verifikationer" in result.text() and result.warnings == []
    sie = read_sie(data, filename="ut.se")  # the codec accepts it, #KSUMMA included
    assert sie.encoding == "cp437" and sie.ksumma is not None and sie.format == "PC8"
    assert (sie.gen, sie.sietyp, sie.orgnr) == (GEN, "4", "222000-0000")
    assert sie.fnamn == "Samordningsförbundet Testbygden"
    assert sie.rar == {0: (date(2024, 1, 1), date(2024, 12, 31))}  # no 2023 in the ledger
    # The whole chart plus the account the file added, typed by class.
    assert sie.konto["6540"] == "IT-tjänster" and sie.konto["2050"] == "Balanserat eget kapital"
    assert {k: sie.ktyp[k] for k in ("1930", "2440", "3740", "4610", "6540", "8410", "8590")} == {
        "1930": "T", "2440": "S", "3740": "I", "4610": "K", "6540": "K", "8410": "I", "8590": "K"}
    assert set(sie.konto) == set(sie.ktyp)
    # Dimension 1 with an object per kostnadsställe, dimension 20 with an object per insats.
    assert sie.dims == {"1": "Kostnadsställe", "20": "Insats (finsam)"}
    assert sie.objekt == {("1", "10"): "Kansli", ("1", "40"): "Försteg", ("1", "50"): "SIP",
                          ("1", "60"): "Nätverket", ("20", "9.0"): "Kansli", ("20", "4.0"): "Försteg",
                          ("20", "5.0"): "SIP", ("20", "6.0"): "Nätverket"}
    # The balances are the ones the kommun's file stated.
    source = read_sie(YEAR_FILE.read_bytes())
    assert sie.ib == {(0, k): v for k, v in IB_2024.items()}
    assert sie.ub == {k: v for k, v in source.ub.items() if k[0] == 0}
    assert sie.res == {k: v for k, v in source.res.items() if k[0] == 0}
    # Vouchers: object and code of their insatser, #RTRANS/#BTRANS history gone, lines as posted.
    assert len(sie.vouchers) == 43
    b1 = next(v for v in sie.vouchers if (v.series, v.number) == ("B", "1"))
    assert [(r.kind, r.account, r.objects, r.amount_ore) for r in b1.lines] == [
        ("TRANS", "4610", (("1", "40"), ("20", "4.0")), 24_500_000), ("TRANS", "2440", (), -24_500_000)]
    assert b'#TRANS 4610 {1 "40" 20 "4.0"} 245000.00' in data
    d3 = next(v for v in sie.vouchers if (v.series, v.number) == ("D", "3"))
    assert [r.kind for r in d3.lines] == ["TRANS", "TRANS"]


@pytest.mark.parametrize("kontoplan, konto, kind", [
    ("kommunbas", "8410", "I"), ("kommunbas", "8510", "K"), ("bas", "8310", "I"), ("bas", "8410", "K"),
    ("kommunbas", "1510", "T"), ("kommunbas", "2990", "S"), ("kommunbas", "3990", "I"), ("bas", "7010", "K"),
])
def test_account_types_follow_the_class_and_the_financial_income_line(kontoplan, konto, kind):
    assert account_type(konto, report_lines(kontoplan)) == kind


def test_import_export_import_gives_the_same_events_and_the_same_file(db_url, tmp_path):
    # Import the kommun's file and export the year.
    first, service = open_sie_service(db_url)
    import_sie(service, YEAR_FILE, mapping=MAP_99)
    export_sie(service, 2024, tmp_path / "ett.se", generated=GEN)
    vouchers, balances = posted(first), opening_balances(first)
    first.close()
    # A second, empty ledger with the same förbund reads the export: no --map needed.
    second_url = f"sqlite:///{tmp_path / 'kopia.sqlite'}"
    second, copy = open_sie_service(second_url)
    import_sie(copy, tmp_path / "ett.se")
    assert posted(second) == vouchers and len(vouchers) == 43
    assert opening_balances(second) == balances == [(2024, IB_2024)]
    # Exporting the copy gives the same bytes.
    export_sie(second, 2024, tmp_path / "tva.se", generated=GEN)
    assert (tmp_path / "tva.se").read_bytes() == (tmp_path / "ett.se").read_bytes()
    second.close()


# -- insatser sharing a bookkeeping object ----------------------------------------------------
NORRA = {"kod": "4.1", "namn": "Försteg Norra", "niva": "individ", "matt": "deltagare", "typ": "förberedande",
         "agare": "Testbygdens kommun", "start": date(2023, 1, 1), "objekt": "40"}


def open_shared_service(url: str) -> tuple[LedgerStore, LedgerService]:
    """Testbygden with a fifth insats, Försteg Norra (4.1), on Försteg's object 40."""
    spec = copy.deepcopy(FORBUND)
    spec["insats"].append(dict(NORRA))
    store = LedgerStore(url)
    service = LedgerService(store, actor="test", today=lambda: TODAY)
    service.apply_forbund_spec(parse_forbund_dict(spec))
    return store, service


def reports_of(store: LedgerStore) -> list[dict]:
    """The årsredovisning 2024 and the delårsrapport per 2024-08-31 as JSON, without the log
    position and `known_at` (the two databases hold other events in another order)."""
    facts = load_facts(store)
    out = []
    for report in (arsredovisning(facts, 2024), delarsrapport(facts, date(2024, 8, 31))):
        data = report.to_json_dict()
        del data["position"], data["known_at"]
        out.append(data)
    return out


def test_insatser_sharing_an_object_round_trip_to_the_same_events_and_reports(db_url, tmp_path):
    first, service = open_shared_service(db_url)
    # The kommun's file only knows object 40, which two insatser share: the coordinator says
    # its lines are Försteg's (4.0). Försteg Norra's invoices are booked in finsam.
    import_sie(service, YEAR_FILE, mapping={**MAP_99, "40": "4.0"})
    for nummer, day, ore in (("1", date(2024, 5, 31), 1_200_000), ("2", date(2024, 11, 29), 800_050)):
        service.post_voucher(day, "E", nummer, "Faktura Försteg Norra",
                             [Line("4610", ore, "4.1"), Line("2440", -ore)])
    result = export_sie(service, 2024, tmp_path / "ett.se", generated=GEN)  # not refused
    assert result.warnings == []
    sie = read_sie((tmp_path / "ett.se").read_bytes())
    assert sie.objekt[("1", "40")] == "Försteg"  # the kostnadsställe, as the reports name it
    assert (sie.objekt[("20", "4.0")], sie.objekt[("20", "4.1")]) == ("Försteg", "Försteg Norra")
    e1 = next(v for v in sie.vouchers if (v.series, v.number) == ("E", "1"))
    assert e1.lines[0].objects == (("1", "40"), ("20", "4.1"))
    events, balances, reports = posted(first), opening_balances(first), reports_of(first)
    first.close()
    # An empty database with the same förbund reads the export without any --map.
    second, copy_service = open_shared_service(f"sqlite:///{tmp_path / 'kopia.sqlite'}")
    imported = import_sie(copy_service, tmp_path / "ett.se")
    assert imported.warnings == [] and len(imported.vouchers) == 45
    assert posted(second) == events
    on_norra = [line for *_, lines in events for line in lines if line[2] == "4.1"]
    assert on_norra == [("4610", 1_200_000, "4.1"), ("4610", 800_050, "4.1")]
    assert opening_balances(second) == balances == [(2024, IB_2024)]
    assert reports_of(second) == reports
    # … and exporting the copy gives the same bytes.
    export_sie(copy_service, 2024, tmp_path / "tva.se", generated=GEN)
    assert (tmp_path / "tva.se").read_bytes() == (tmp_path / "ett.se").read_bytes()
    second.close()


def test_a_later_year_opens_with_last_years_closing_balances_and_result_in_equity(imported, tmp_path):
    store, service = imported
    # 2025: a payment, and the reversal of a 2024 invoice (an ordinary voucher in the file).
    service.post_voucher(date(2025, 1, 10), "B", "100", "Betalning Försteg",
                         [Line("2440", 24_500_000), Line("1930", -24_500_000)])
    service.reverse_voucher(2024, "B", "2", "Fel faktura", datum=date(2025, 1, 12))
    export_sie(service, 2025, tmp_path / "2025.se", generated=GEN)
    sie = read_sie((tmp_path / "2025.se").read_bytes())
    assert sie.rar[-1] == (date(2024, 1, 1), date(2024, 12, 31))
    # 2024's result (a loss: costs exceed income by 387 424,50 kr) is carried into 2050.
    assert sie.ib == {(0, "1930"): 306_773_120, (0, "2050"): -51_587_570 + 38_742_450,
                      (0, "2440"): -293_928_000}
    assert sum(sie.ib.values()) == 0
    reversal = next(v for v in sie.vouchers if v.text.startswith("Vändning av B2 (2024)"))
    assert [(r.account, r.objects, r.amount_ore) for r in reversal.lines] == [
        ("4610", (("1", "50"), ("20", "5.0")), -8_750_150), ("2440", (), 8_750_150)]
    assert sie.res == {(0, "4610"): -8_750_150}
    # The 2025 file opens a new ledger: its #IB become that ledger's opening balances.
    other, copy = open_sie_service(f"sqlite:///{tmp_path / 'ny.sqlite'}")
    import_sie(copy, tmp_path / "2025.se")
    assert opening_balances(other) == [(2025, {k: v for (_, k), v in sie.ib.items()})]
    other.close()


def test_text_cp437_cannot_hold_is_transliterated_and_reported(imported, tmp_path):
    store, service = imported
    service.post_voucher(date(2024, 12, 20), "E", "1", "Licens 100 € – helår",
                         [Line("6540", 100_000, "9.0"), Line("1930", -100_000)])
    result = export_sie(service, 2024, tmp_path / "ut.se", generated=GEN)
    sie = read_sie((tmp_path / "ut.se").read_bytes())
    assert sie.vouchers[-1].text == "Licens 100 EUR - helår"
    assert result.warnings == ['verifikation E 1: "Licens 100 € – helår" skrevs som "Licens 100 EUR - helår" '
                               "(tecken som saknas i CP437)"]


def test_the_export_takes_a_store_and_defaults_gen_to_today(imported, tmp_path):
    store, service = imported
    export_sie(LedgerStore(store.url), 2024, tmp_path / "ut.se")
    assert read_sie((tmp_path / "ut.se").read_bytes()).gen is not None
    export_sie(service, 2024, tmp_path / "idag.se")
    assert read_sie((tmp_path / "idag.se").read_bytes()).gen == TODAY


def test_a_year_without_bookkeeping_is_not_exported(imported, tmp_path):
    store, service = imported
    with pytest.raises(InputError) as caught:
        export_sie(service, 2022, tmp_path / "tom.se")
    assert caught.value.field == "--year" and "inget att exportera" in caught.value.message
    assert not (tmp_path / "tom.se").exists()


def test_a_year_exported_and_read_back_into_the_same_books_is_a_no_op_despite_cp437(imported, tmp_path):
    store, service = imported
    service.post_voucher(date(2024, 12, 20), "E", "1", "Licens 100 € – helår",
                         [Line("6540", 100_000, "9.0"), Line("1930", -100_000)])
    export_sie(service, 2024, tmp_path / "ut.se", generated=GEN)
    last = store.max_position()
    result = import_sie(service, tmp_path / "ut.se", mapping=MAP_99)  # "Licens 100 EUR - helår" in the file
    assert ("E", "1") in result.skipped_vouchers and result.nothing_new
    assert store.max_position() == last
