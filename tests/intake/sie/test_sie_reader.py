"""Reading SIE 4 files: the fixture corpus, encodings, and every refusal."""

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.sie import SieError, SieFile, decode_sie, read_sie
from ledger.errors import InputError
from paths import FIXTURES as FIXTURE_ROOT

FIXTURES = FIXTURE_ROOT / "sie"


def read_fixture(name: str) -> SieFile:
    return read_sie((FIXTURES / name).read_bytes(), filename=name)


def refusal(name: str) -> SieError:
    with pytest.raises(SieError) as caught:
        read_fixture(name)
    assert caught.value.filename == name
    return caught.value


def minimal(*lines: str) -> bytes:
    head = ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", "#DIM 1 Kostnadsställe",
            '#OBJEKT 1 "10" Kansli', '#OBJEKT 1 "40" Försteg']
    return ("\n".join(head + list(lines)) + "\n").encode("cp437")


# -- files that are read ------------------------------------------------------------------

def test_a_cp437_file_with_swedish_letters_and_a_checksum_is_read_in_full():
    sie = read_fixture("samordning_cp437.se")
    # The frame: who wrote it, for whom, which years.
    assert sie.encoding == "cp437" and sie.warnings == []
    assert sie.ksumma is not None
    assert sie.program == ("Kommunens ekonomisystem", "7.2")
    assert sie.gen == date(2025, 1, 15) and sie.sietyp == "4"
    assert sie.fnamn == "Samordningsförbundet Älvdalen-Mora"
    assert sie.orgnr == "222000-1234"
    assert sie.rar == {0: (date(2024, 1, 1), date(2024, 12, 31)),
                       -1: (date(2023, 1, 1), date(2023, 12, 31))}
    # The chart, the dimension and its objects.
    assert sie.konto["3740"] == "Medlemsbidrag" and sie.ktyp["3740"] == "I"
    assert sie.dims == {"1": "Kostnadsställe"}
    assert sie.objekt == {("1", "10"): "Kansli", ("1", "40"): "Försteg"}
    # Balances in öre, keyed by year number.
    assert sie.ib[(0, "1930")] == 515875700 and sie.ib[(-1, "1930")] == 322201000
    assert sie.ub[(0, "1930")] == 821335650
    assert sie.oib[(0, "4610", (("1", "40"),))] == 0
    assert sie.oub[(0, "4610", (("1", "40"),))] == 24500000
    assert sie.res[(0, "3740")] == -335800000
    assert sie.psaldo[(0, "202401", "4610", (("1", "40"),))] == 24500000
    # The vouchers, with objects, dates and texts.
    assert [(v.series, v.number) for v in sie.vouchers] == [("A", "1"), ("B", "1"), ("B", "2"),
                                                             ("C", "1")]
    invoice = sie.vouchers[1]
    assert invoice.text == "Faktura Försteg, januari" and invoice.date == date(2024, 1, 31)
    assert invoice.lines[0].objects == (("1", "40"),)
    assert invoice.lines[0].amount_ore == 24500000
    assert invoice.lines[0].transdate == date(2024, 1, 31)
    assert invoice.lines[0].text == "Försteg januari"
    assert sie.vouchers[0].regdate == date(2024, 1, 16)
    assert all(voucher.balance_ore() == 0 for voucher in sie.vouchers)


def test_utf8_and_cp1252_files_give_the_same_model_and_say_which_encoding_was_used():
    cp437 = read_fixture("samordning_cp437.se")
    utf8 = read_fixture("samordning_utf8.se")
    cp1252 = read_fixture("samordning_cp1252.se")
    assert utf8.encoding == "utf-8" and cp1252.encoding == "cp1252"
    assert utf8.fnamn == cp1252.fnamn == "Samordningsförbundet Älvdalen-Mora"
    # The UTF-8 file has no #FORMAT; otherwise all three say the same thing.
    assert utf8 == SieFile(**{**cp437.__dict__, "format": ""})
    assert cp1252 == cp437


def test_a_cp1252_file_that_declares_pc8_is_read_as_cp1252_with_a_warning():
    sie = read_fixture("samordning_cp1252.se")
    assert sie.warnings == ["filen anger #FORMAT PC8 men är kodad som cp1252; "
                            "den lästes som cp1252"]


def test_objects_written_without_a_space_after_the_account_are_read():
    sie = read_fixture("objekt_utan_mellanslag.se")
    assert sie.vouchers[1].lines[0].objects == (("1", "40"),)
    assert sie.vouchers[2].lines[0].objects == (("1", "10"),)
    assert sie == read_fixture("samordning_cp437.se")


def test_quoted_fields_with_escaped_quotes_tabs_and_crlf_are_read():
    sie = read_fixture("citat_tabbar_crlf.se")
    assert sie.fnamn == 'Samordningsförbundet "Vägen framåt"'
    assert sie.konto["6910"] == 'Kurser och konferenser "Steget"' and sie.konto["6990"] == ""
    (voucher,) = sie.vouchers
    assert voucher.text == 'Konferens "Steget vidare" i Mora'
    assert voucher.lines[0].amount_ore == 1250000 and voucher.lines[0].transdate is None
    assert voucher.lines[0].account == "6910"
    assert voucher.lines[0].text == 'Konferensavgift \\ "Steget vidare"'


def test_an_rtrans_counts_once_and_a_btrans_is_kept_as_history_only():
    sie = read_fixture("rtrans_btrans.se")
    correction = sie.vouchers[-1]
    assert [row.kind for row in correction.lines] == ["BTRANS", "RTRANS", "TRANS", "TRANS"]
    removed, added, twin, _ = correction.lines
    assert removed.objects == (("1", "10"),) and removed.quantity == Decimal(0)
    assert added.text == twin.text == "Rätt kostnadsställe"
    # Only the #TRANS rows balance; counting the RTRANS too would leave 31 000 kr over.
    assert correction.balance_ore() == 0
    assert sum(row.amount_ore for row in correction.lines if row.kind != "BTRANS") == 3100000


def test_unknown_records_are_skipped_with_one_warning_per_label():
    sie = read_sie(minimal("#FOO 1", "#FOO 2", "#ADRESS Kalle Gatan 1", "#BAR"))
    assert sie.warnings == ["okänd post #FOO hoppades över (2 rader, första på rad 7)",
                            "okänd post #BAR hoppades över (1 rader, första på rad 10)"]


def test_objects_of_an_undeclared_dimension_give_a_warning():
    sie = read_sie(b'#FLAGGA 0\n#SIETYP 4\n#OBJEKT 6 "P1" Projekt\n')
    assert sie.warnings == ["dimension 6 används av #OBJEKT men deklareras inte med #DIM"]


def test_an_object_used_without_objekt_in_a_known_dimension_is_read_by_its_number_and_noted():
    # Dimension 1 is known from its other #OBJEKT; object 50 never got one.
    sie = read_fixture("odeklarerat_objekt.se")
    assert sie.objekt[("1", "50")] == "50"
    assert [(t.what, t.lines) for t in sie.tolerated] == [
        ('objekt "50" i dimension 1 saknar #OBJEKT – lästes som ett objekt med namnet "50"', (50,))]


def test_an_object_in_a_dimension_the_file_never_declares_is_refused():
    with pytest.raises(SieError, match="filen deklarerar ingen dimension 6") as caught:
        read_sie(minimal("#VER A 1 20240105", "{", '#TRANS 4610 {6 "P1"} 1.00', "#TRANS 1930 {} -1.00", "}"))
    assert (caught.value.line, caught.value.field) == (9, "objektlista")


def test_a_signed_checksum_is_accepted_like_the_unsigned_one():
    data = (FIXTURES / "samordning_cp437.se").read_bytes()
    unsigned = read_sie(data).ksumma
    signed = unsigned - 2**32 if unsigned >= 2**31 else unsigned
    data = data.replace(f"#KSUMMA {unsigned}".encode(), f"#KSUMMA {signed}".encode())
    assert read_sie(data).ksumma == signed


def test_an_import_file_of_type_4i_may_leave_voucher_numbers_to_the_importer():
    sie = read_sie(minimal("#SIETYP 4i", '#VER A "" 20240105', "{", "#TRANS 1930 {} 1.00",
                           "#TRANS 3740 {} -1.00", "}", '#VER A "" 20240106', "{", "}")
                   .replace(b"#SIETYP 4\n", b""))
    assert sie.sietyp == "4i" and [v.number for v in sie.vouchers] == ["", ""]


def test_a_trans_without_an_object_list_is_read_as_having_no_objects():
    sie = read_sie(minimal("#VER A 1 20240105", "{", "#TRANS 1930 100.00 20240105",
                           "#TRANS 3740 -100.00", "}"))
    assert sie.vouchers[0].lines[0].objects == ()
    assert sie.vouchers[0].lines[0].transdate == date(2024, 1, 5)


# -- encodings ----------------------------------------------------------------------------

def test_a_cp437_file_is_not_mistaken_for_cp1252():
    text, encoding = decode_sie("#FLAGGA 0\n#KONTO 3740 intäkter\n".encode("cp437"))
    assert encoding == "cp437" and "intäkter" in text and "int„kter" not in text


def test_a_utf8_byte_order_mark_is_removed():
    assert decode_sie("\ufeff#FLAGGA 0\n#FNAMN Förbund\n".encode("utf-8")) == (
        "#FLAGGA 0\n#FNAMN Förbund\n", "utf-8")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [(b"#FLAGGA 0\n#FORMAT PC8\n", "cp437"), (b"#FLAGGA 0\n", "cp437"),
     (b"#FLAGGA 0\n#FORMAT UTF8\n", "utf-8")],
)
def test_a_pure_ascii_file_is_reported_in_its_declared_encoding(data, encoding):
    assert decode_sie(data)[1] == encoding


def test_a_pc8_file_without_swedish_letters_trusts_its_declaration():
    assert decode_sie("#FLAGGA 0\n#FORMAT PC8\n#FNAMN ½\n".encode("cp437"))[1] == "cp437"


def test_an_undeclared_file_without_evidence_of_its_encoding_is_refused():
    with pytest.raises(SieError, match="teckenkodning"):
        decode_sie("#FLAGGA 0\n#FNAMN ½\n".encode("cp437"))


def test_the_refusal_of_an_unclear_encoding_shows_both_readings():
    error = refusal("fel_blandad_kodning.se")
    assert "Kan inte avgöra filens teckenkodning" in error.message
    assert '"Samordningsförbundet" som CP437' in error.message
    assert '"Samordningsf”rbundet" som cp1252' in error.message


# -- refusals -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "line", "field", "fragment"),
    [
        ("fel_forsta_raden.se", 1, None, "första raden ska vara #FLAGGA"),
        ("fel_post_fore_flagga.se", 1, None, "posten #PROGRAM står före #FLAGGA"),
        ("fel_sietyp_3.se", 5, "typ", "endast SIE typ 4 stöds (filen är typ 3)"),
        ("fel_ksumma.se", 60, "kontrollsumma", "kontrollsumman stämmer inte"),
        ("fel_avkortad.se", 49, None, "verifikation B 2 saknar avslutande }"),
        ("fel_trans_utanfor.se", 43, None, "#TRANS utanför en verifikation"),
        ("fel_dubbel_ver.se", 59, "vernr", "A 1 förekommer två gånger samma år"),
        ("fel_obalans.se", 53, "belopp", "C 1 är inte i balans: #TRANS-raderna summerar "
                                         "till -10.00"),
        ("fel_utf8_pc8.se", 3, "#FORMAT", "anger #FORMAT PC8 (CP437) men är kodad som UTF-8"),
        ("fel_styrtecken.se", 48, None, "otillåtet styrtecken U+000C"),
        ("fel_rtrans_utan_tvilling.se", 40, None, "#RTRANS ska direkt följas av sin #TRANS-tvilling"),
        ("fel_decimalkomma.se", 50, "belopp", '"58400,00" är inget belopp'),
        ("fel_tre_decimaler.se", 55, "belopp", '"1155.500" är inget belopp'),
        ("fel_datum.se", 48, "verdatum", '"20230229" är inget giltigt datum'),
    ],
)
def test_each_bad_fixture_is_refused_naming_file_line_and_field(name, line, field, fragment):
    error = refusal(name)
    assert (error.line, error.field) == (line, field)
    assert fragment in error.message
    place = f"{name} rad {line}" + (f', fält "{field}"' if field else "")
    assert str(error).startswith(place + ": ")


def test_a_ksumma_mismatch_gives_both_values():
    error = refusal("fel_ksumma.se")
    assert "filen anger 4048815899, beräknad 3924886971" in error.message


def test_a_sie_error_is_an_input_error_with_exit_code_3():
    error = refusal("fel_obalans.se")
    assert isinstance(error, InputError) and error.exit_code == 3


@pytest.mark.parametrize(
    ("lines", "fragment"),
    [
        (["#VER A 1 20240105", "#TRANS 1930 {} 1.00"], "#VER ska följas av en rad med {"),
        (["#VER A 1 20240105", "{", "#TRANS 1930 {} 1.00", "#VER A 2 20240105", "{", "}"],
         "A 1 saknar avslutande }"),
        (["}"], "} utan föregående #VER"),
        (["#RAR 0 20241231 20240101"], "slutar före det börjar"),
        (["#KTYP 1930 X"], "kontotypen ska vara T, S, K eller I"),
        (["#KONTO 1930 Bank", "#KONTO 1930 Kassa"], "#KONTO för 1930 förekommer två gånger"),
        (['#OBJEKT 1 "40" Steget'], "#OBJEKT för 1 40 förekommer två gånger"),
        (["#IB 0 1930 1.00", "#IB 0 1930 2.00"], "förekommer två gånger"),
        (["#VER A 1 20240105", "{", "#TRANS 1930 {} 1 000.00", "}"], "inget giltigt datum"),
        (["#IB 0 1930 1 000,00"], "ingen kvantitet"),
        (["#IB 0 1930 1.000,00"], "inget belopp"),
        (["#IB 0 1930 +5.00"], "inget belopp"),
        (["#OIB 0 4610 0.00"], "objektlista {dim objekt} saknas"),
        (['#OIB 0 4610 {1 "40" 1 "10"} 0.00'], "dimension 1 anges två gånger"),
        (['#OIB 0 4610 {x "40"} 0.00'], "ogiltigt objekt"),
        (["#PSALDO 0 202413 4610 {} 1.00"], "ingen giltig period"),
        (["#FLAGGA 0"], "#FLAGGA förekommer två gånger"),
        (["#KSUMMA"], "saknar avslutande #KSUMMA"),
        (["#KSUMMA 12345"], "första #KSUMMA ska vara tom"),
        (["#VER A 1 20240105", "{", '#TRANS "" {} 1.00', "}"], "fältet saknas eller är tomt"),
        (["#VER A 1 20240105", "{", "#TRANS {} 1.00", "}"], "oväntad objektlista"),
    ],
)
def test_structural_and_field_errors_are_refused(lines, fragment):
    with pytest.raises(SieError, match=re.escape(fragment)):
        read_sie(minimal(*lines))


def test_digits_from_other_scripts_are_not_amounts():
    with pytest.raises(SieError, match="inget belopp"):
        read_sie("#FLAGGA 0\n#SIETYP 4\n#IB 0 1930 ١٢.٠٠\n".encode())


def test_a_file_without_sietyp_is_refused_as_not_type_4():
    with pytest.raises(SieError, match="saknar #SIETYP"):
        read_sie(b"#FLAGGA 0\n#FNAMN X\n")


@pytest.mark.parametrize("sietyp", ["1", "2", "3", "5", "4E"])
def test_sie_types_other_than_4_and_4i_are_refused(sietyp):
    with pytest.raises(SieError, match="endast SIE typ 4 stöds"):
        read_sie(f"#FLAGGA 0\n#SIETYP {sietyp}\n".encode())


def test_voucher_numbers_may_repeat_in_different_financial_years():
    sie = read_sie(minimal("#RAR 0 20240101 20241231", "#RAR -1 20230101 20231231",
                           "#VER A 1 20230105", "{", "}", "#VER A 1 20240105", "{", "}"))
    assert len(sie.vouchers) == 2


def test_an_empty_file_is_refused():
    with pytest.raises(SieError, match="filen är tom"):
        read_sie(b"\n\n")


# -- properties ---------------------------------------------------------------------------

@settings(max_examples=300)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_a_sie_file_or_a_sie_error_and_nothing_else(data):
    try:
        assert isinstance(read_sie(b"#FLAGGA 0\n#SIETYP 4\n" + data), SieFile)
    except SieError:
        pass
    try:
        read_sie(data)
    except SieError:
        pass


sie_words = st.sampled_from([
    "#FLAGGA", "#SIETYP", "#VER", "#TRANS", "#RTRANS", "#BTRANS", "#KSUMMA", "#OBJEKT",
    "#DIM", "#IB", "#OIB", "#PSALDO", "#RAR", "#KONTO", "#KTYP", "{", "}", '{1 "40"}', "{}",
    "4", "0", "-1", "1", "40", "1930", "100.00", "-100.00", "20240101", "20241231", "202401",
    '""', '"Försteg"', "A", "\t", '"\\"', "1,5", "PC8", "#FORMAT", "ä", "\x84", "€",
])
sie_lines = st.lists(st.lists(sie_words, max_size=7).map(" ".join), max_size=14)


@settings(max_examples=300)
@given(sie_lines, st.sampled_from(["cp437", "utf-8", "cp1252"]))
def test_arbitrary_sie_like_text_gives_a_sie_file_or_a_sie_error_and_nothing_else(lines, enc):
    data = "\n".join(["#FLAGGA 0", "#SIETYP 4", *lines]).encode(enc, errors="replace")
    try:
        assert isinstance(read_sie(data), SieFile)
    except SieError as error:
        assert error.filename == "fil.se" and error.message


def test_an_rtrans_twin_with_another_date_and_text_is_the_twin_and_is_noted():
    sie = read_sie(minimal("#VER A 1 20240105", "{", '#RTRANS 4610 {1 "40"} 10.00 20240107 "Rätt" 0 "anna"',
                           '#TRANS 4610 {1 "40"} 10.00 20240105 "Faktura"', "#TRANS 1930 {} -10.00", "}"))
    assert [row.kind for row in sie.vouchers[0].lines] == ["RTRANS", "TRANS", "TRANS"]
    assert [(t.what.split(" – ")[0], t.lines) for t in sie.tolerated] == [
        ("#RTRANS och dess #TRANS-tvilling skiljer sig bara i valfria fält (transdatum, text, kvantitet)", (9,))]


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
@pytest.mark.parametrize(("char", "column"), [("\r", 8), ("\x0b", 8), ("\x7f", 8), ("\x00", 8)])
def test_a_control_character_inside_a_line_is_refused_at_its_line_whatever_the_line_ends(ending, char, column):
    """The reader looks for control characters in the whole text once and line by line only
    when it finds one; a CR is a line end only before LF (or at the very end of the file)."""
    data = minimal('#VER A 1 20240115 "Medlemsbidrag"', "{", f"#TRANS {char}1930 {{}} 100.00",
                   "#TRANS 3740 {} -100.00", "}").decode("cp437").replace("\n", ending)
    with pytest.raises(SieError) as caught:
        read_sie(data.encode("cp437"))
    assert caught.value.line == 9 and f"U+{ord(char):04X} i kolumn {column}" in caught.value.message


def test_a_cr_at_the_very_end_of_the_file_ends_its_last_line():
    data = minimal('#VER A 1 20240115 "Medlemsbidrag"', "{", "#TRANS 1930 {} 100.00",
                   "#TRANS 3740 {} -100.00", "}").rstrip(b"\n") + b"\r"
    assert read_sie(data).vouchers[0].lines[1].amount_ore == -10_000
