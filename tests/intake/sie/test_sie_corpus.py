"""SIE files as other accounting programs write them (issue 12): each tolerated pattern is read,
said in the summary with file and line, and gives the figures the file itself states.

The corpus is tests/fixtures/sie/make_corpus.py's (CP437, CRLF, tab-indented rows). The
figures the file states are read here without the codec – `#RES 0` and `#UB 0` lines split
on blanks – and compared with the ledger's books and the årsredovisning: årets resultat is
−Σ #RES 0, the closing balances are #UB 0. Every file also round-trips: import → export →
import into an empty database gives the same vouchers, opening balances and figures.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from fixtures.sie import make_corpus
from intake.importers.runner import ImportFailure
from intake.sie_books.export import export_sie
from intake.sie_books.importer import import_sie
from paths import FIXTURES
from projections.facts import load_facts
from projections.reports import arsredovisning
from projections.views.yearly_books import YearlyBooks
from sie_helpers import count_unchanged_events, line_number, open_sie_service, opening_balances, posted

CORPUS = FIXTURES / "sie"
RESULT_2023 = make_corpus.RESULT_2023


def stated(path: Path, label: str) -> dict[str, int]:
    """`label 0 konto belopp` lines of the file, in öre, read without the codec."""
    out = {}
    for line in path.read_bytes().decode("cp437").splitlines():
        parts = [part.strip('"') for part in line.split()]
        if parts[:2] == [label, "0"]:
            out[parts[2]] = int(Decimal(parts[3]) * 100)
    return out


def figures(service) -> tuple[int, int, dict[str, int]]:
    """(årets resultat per the books, per the årsredovisning, closing balances) for 2024, in öre."""
    f = service.forbund()
    books = YearlyBooks.read(service.store, f.id, f.kontoplan)
    report = arsredovisning(load_facts(service.store), 2024).to_json_dict()["key_figures"]["resultat"]
    return -sum(books.result(2024).values()), int(Decimal(str(report)) * 100), books.closing(2024)


def assert_figures_of_the_file(service, path: Path, *, carried: int = 0) -> None:
    """The ledger's figures are the file's: −Σ #RES 0 and #UB 0 (plus, on 2050, what the
    import carried there as balanserat resultat)."""
    result = -sum(stated(path, "#RES").values())
    closing = stated(path, "#UB")
    closing["2050"] = closing.get("2050", 0) - carried
    books_result, report_result, books_closing = figures(service)
    assert books_result == report_result == result
    assert books_closing == {k: v for k, v in closing.items() if v}


def tolerated(result, name: str, lines: list[int], what: str) -> None:
    where = ", ".join(str(n) for n in lines)
    assert f"Tolererat: {name} rad {where}: {what}" in result.text().replace("\u00a0", " ")


def test_the_corpus_is_what_make_corpus_writes():
    for name in make_corpus.CORPUS:
        assert (CORPUS / name).read_bytes() == make_corpus.corpus_bytes(name), name


# -- one test per pattern -------------------------------------------------------------------

def test_1_an_rtrans_twin_differing_in_optional_fields_is_counted_once(books):
    store, service = books
    path = CORPUS / "tolerant_rtrans_tvilling.se"
    result = import_sie(service, path)
    tolerated(result, path.name, [line_number(path.read_bytes(), "#RTRANS")],
              "#RTRANS och dess #TRANS-tvilling skiljer sig bara i valfria fält (transdatum, text, kvantitet) – "
              "samma konto, objekt och belopp, raden räknades en gång")
    vouchers = {(s, n): lines for s, n, _d, _t, lines in posted(store)}
    assert vouchers[("D", "2")] == [("4610", 3_100_000, "4.0"), ("2440", -3_100_000, None)]
    assert_figures_of_the_file(service, path)


def test_2_a_text_cut_off_without_its_closing_quote_takes_the_rest_of_the_line(books):
    store, service = books
    path = CORPUS / "tolerant_avkortad_text.se"
    data = path.read_bytes()
    result = import_sie(service, path)
    lines = [line_number(data, "#KONTO 4610"), line_number(data, "#VER B 4"), line_number(data, "#VER B 4") + 2]
    tolerated(result, path.name, lines, "citerad text utan avslutande citattecken (avkortad av "
              "exportprogrammet) – resten av raden lästes som texten")
    b4 = next(v for v in posted(store) if v[:2] == ("B", "4"))
    assert b4[3] == "Faktura Nätverket avser samverkansinsats"  # 40 characters, as the file has it
    assert b4[4] == [("4610", 1_500_000, "6.0"), ("2440", -1_500_000, None)]
    assert_figures_of_the_file(service, path)


def test_3_objects_without_objekt_in_a_declared_dimension_go_through_the_insats_mapping(books):
    store, service = books
    path = CORPUS / "tolerant_odeklarerade_objekt.se"
    data = path.read_bytes()
    n0, n12 = line_number(data, '#TRANS 4610 {1 "0"}'), line_number(data, '#TRANS 4610 {1 "12"}')
    # Read as objects named by their number, they need an answer like any other object …
    with count_unchanged_events(store), pytest.raises(ImportFailure) as caught:
        import_sie(service, path)
    assert f"objekt 0 i dimension 1 (rad {n0}) motsvarar ingen insats" in caught.value.message
    assert f"objekt 12 i dimension 1 (rad {n12}) motsvarar ingen insats" in caught.value.message
    # … and get it from --map.
    result = import_sie(service, path, mapping={"0": None, "12": "6.0"})
    tolerated(result, path.name, [n0], 'objekt "0" i dimension 1 saknar #OBJEKT – lästes som ett objekt med namnet "0"')
    tolerated(result, path.name, [n12], 'objekt "12" i dimension 1 saknar #OBJEKT – lästes som ett objekt med '
              'namnet "12"')
    vouchers = {(s, n): lines for s, n, _d, _t, lines in posted(store)}
    assert vouchers[("B", "4")][0] == ("4610", 2_000_000, None)
    assert vouchers[("B", "5")][0] == ("4610", 1_250_000, "6.0")
    assert_figures_of_the_file(service, path)


def test_4_opening_balances_off_by_exactly_last_years_result_carry_it_as_balanserat_resultat(books):
    store, service = books
    path = CORPUS / "tolerant_ib_utan_resultat.se"
    data = path.read_bytes()
    result = import_sie(service, path)
    tolerated(result, path.name, [line_number(data, "#IB 0"), line_number(data, "#RES -1")],
              "#IB 0 går inte jämnt ut; differensen 115 875,70 kr är precis föregående års resultat enligt "
              "#RES -1 (ännu inte fört till eget kapital) – fördes till konto 2050 som balanserat resultat")
    ib = stated(path, "#IB")
    assert sum(ib.values()) == RESULT_2023 == 11_587_570
    assert opening_balances(store) == [(2024, {**ib, "2050": ib["2050"] - RESULT_2023})]
    assert_figures_of_the_file(service, path, carried=RESULT_2023)
    # Read again, the same carried balances are recognised as the ones recorded.
    with count_unchanged_events(store):
        assert "redan registrerade (lika)" in import_sie(service, path).text()


@pytest.mark.parametrize("name, said", [
    ("tolerant_layout.se", ["fält åtskilda av tabb eller flera mellanslag – lästes som ett mellanslag",
                            "tal och datum inom citattecken – lästes som tal och datum",
                            "organisationsnumret 2220000000 saknar bindestreck – lästes som 222000-0000"]),
    ("tolerant_tomt_orgnr.se", ["#ORGNR är tomt – organisationsnumret kunde inte kontrolleras"]),
])
def test_5_tabs_spaces_quoted_numbers_and_dates_and_odd_org_numbers_are_read(books, name, said):
    store, service = books
    path = CORPUS / name
    result = import_sie(service, path)
    summary = [line for line in result.text().splitlines() if line.startswith("Tolererat:")]
    assert [line.split(": ", 2)[2] for line in summary] == said
    assert all(line.startswith(f"Tolererat: {name} rad ") for line in summary)
    assert len(posted(store)) == 8
    assert_figures_of_the_file(service, path)


def test_6_map_star_books_every_object_no_insats_has_on_no_insats_and_lists_them(books):
    store, service = books
    path = CORPUS / "tolerant_kostnadsstallen.se"
    data = path.read_bytes()
    with count_unchanged_events(store), pytest.raises(ImportFailure) as caught:
        import_sie(service, path)
    assert "3 objekt kan inte kopplas till en insats" in caught.value.message
    result = import_sie(service, path, mapping={"*": None})
    lines = [line_number(data, '#TRANS 4610 {1 "70"}'), line_number(data, '#TRANS 4610 {1 "80"}'),
             line_number(data, '#TRANS 2440 {1 "99"}')]
    tolerated(result, path.name, lines, '--map *: 3 objekt som ingen insats har bokfördes utan insats: '
              '70 "Kommunstyrelsen", 80 "Gemensamt", 99 "Övrigt"')
    vouchers = {(s, n): lines for s, n, _d, _t, lines in posted(store)}
    assert vouchers[("E", "1")] == [("4610", 500_000, None), ("4610", 250_000, None), ("2440", -750_000, None)]
    assert vouchers[("B", "1")][0] == ("4610", 24_500_000, "4.0")  # objects of insatser keep theirs
    assert_figures_of_the_file(service, path)


def test_map_star_does_not_answer_an_object_of_an_insats_or_give_a_needless_warning(books):
    store, service = books
    result = import_sie(service, CORPUS / "tolerant_rtrans_tvilling.se", mapping={"*": None})
    assert "Varning: --map *: varje objekt i dimension 1 motsvarar en insats; --map * behövs inte" in result.text()
    assert not any("--map *" in line for line in result.tolerated)


# -- the refusals stay ------------------------------------------------------------------------

@pytest.mark.parametrize("name, place, fragment", [
    ("fel_obalanserad_ver.se", '#VER B 1 ', "verifikation B 1 är inte i balans"),
    ("fel_brutet_ar.se", "#RAR 0", "räkenskapsåret 2023-07-01–2024-06-30 är inget kalenderår"),
    ("fel_tvilling_belopp.se", "#RTRANS", "#RTRANS ska direkt följas av sin #TRANS-tvilling med samma konto, "
                                          "objekt och belopp"),
    ("fel_ib_differens.se", "#IB 0", "ingående balanser (#IB 0) går inte jämnt ut: differensen är 115 876,70 kr, "
                                     "och det är inte föregående års resultat (#RES -1 ger 115 875,70 kr; "
                                     "#UB -1 ger 115 875,70 kr)"),
])
def test_what_is_not_a_known_pattern_is_still_refused_at_its_line(books, name, place, fragment):
    store, service = books
    path = CORPUS / name
    with count_unchanged_events(store), pytest.raises(ImportFailure) as caught:
        import_sie(service, path, mapping={"*": None})
    assert caught.value.message.startswith(f"{name} rad {line_number(path.read_bytes(), place)}")
    assert fragment in caught.value.message.replace("\u00a0", " ")


# -- every file round-trips -------------------------------------------------------------------

TOLERANT = {"tolerant_rtrans_tvilling.se": None, "tolerant_avkortad_text.se": None,
            "tolerant_odeklarerade_objekt.se": {"0": None, "12": "6.0"},
            "tolerant_ib_utan_resultat.se": None, "tolerant_layout.se": None, "tolerant_tomt_orgnr.se": None,
            "tolerant_kostnadsstallen.se": {"*": None}}


def test_every_tolerant_file_of_the_corpus_is_in_the_round_trip():
    assert sorted(TOLERANT) == sorted(n for n in make_corpus.CORPUS if n.startswith("tolerant_"))


@pytest.mark.parametrize("name", sorted(TOLERANT))
def test_import_export_import_into_an_empty_database_gives_the_same_figures(name, tmp_path):
    path = CORPUS / name
    first, service = open_sie_service(f"sqlite:///{tmp_path / 'ett.sqlite'}")
    import_sie(service, path, mapping=TOLERANT[name])
    export_sie(service, 2024, tmp_path / "ut.se")
    vouchers, balances, numbers = posted(first), opening_balances(first), figures(service)
    first.close()
    second, copy = open_sie_service(f"sqlite:///{tmp_path / 'tva.sqlite'}")
    again = import_sie(copy, tmp_path / "ut.se")
    assert again.tolerated == [] and again.warnings == []  # finsam's own file needs no lenience
    assert sorted(posted(second)) == sorted(vouchers) and opening_balances(second) == balances
    assert figures(copy) == numbers
    carried = RESULT_2023 if name == "tolerant_ib_utan_resultat.se" else 0
    assert_figures_of_the_file(copy, path, carried=carried)
    second.close()
