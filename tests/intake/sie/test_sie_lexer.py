"""The SIE 4 tokenizer: fields, quotes, object lists, block markers and refusals."""

import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.sie import ObjectList, Record, SieError, format_record, ksumma, tokenize_line
from intake.sie.lexer import CUT_QUOTE, SEPARATOR, crc_of_contents, record_content


def test_bare_fields_separated_by_spaces_and_tabs_are_split():
    record = tokenize_line("#KONTO\t1930  Bank", 7)
    assert record == Record("#KONTO", ("1930", "Bank"), 7)


def test_a_quoted_field_keeps_its_spaces_and_unescapes_quotes():
    record = tokenize_line('#FNAMN "Samordningsförbundet \\"Vägen framåt\\""', 1)
    assert record.fields == ('Samordningsförbundet "Vägen framåt"',)


def test_two_quotes_are_an_empty_field():
    record = tokenize_line('#TRANS 1930 {} -500.00 "" "Bankavgift"', 1)
    assert record.fields == ("1930", ObjectList(), "-500.00", "", "Bankavgift")


def test_an_escaped_backslash_is_one_backslash_and_other_backslashes_stay():
    record = tokenize_line('#FNAMN "a\\\\" "C:\\temp"', 1)
    assert record.fields == ("a\\", "C:\\temp")


def test_an_object_list_becomes_dimension_object_pairs():
    record = tokenize_line('#TRANS 4610 {1 "40" 6 P12} 245000.00', 1)
    assert record.fields[1] == ObjectList([("1", "40"), ("6", "P12")])


def test_an_object_list_may_follow_the_account_number_without_a_space():
    record = tokenize_line('#TRANS 4610{1 "40"} 245000.00', 1)
    assert record.fields == ("4610", ObjectList([("1", "40")]), "245000.00")


def test_an_empty_object_list_is_no_objects():
    assert tokenize_line("#TRANS 1930 {} 1.00", 1).fields[1] == ()


@pytest.mark.parametrize("line", ["{", "}", "  {\t", "}\r"])
def test_a_brace_alone_on_a_line_is_a_block_marker(line):
    assert tokenize_line(line, 3) == Record(line.strip(), (), 3)


@pytest.mark.parametrize("line", ["", "   ", "\t", "\r", "\r\n"])
def test_empty_lines_give_no_record(line):
    assert tokenize_line(line, 1) is None


def test_a_quote_cut_off_at_the_end_of_the_line_takes_the_rest_of_the_line_and_is_noted():
    record = tokenize_line('#VER A 1 20240131 "Faktura Försteg avser janu', 4)
    assert record.fields == ("A", "1", "20240131", "Faktura Försteg avser janu")
    assert record.notes == {CUT_QUOTE} and record.quoted == {3}


def test_tabs_or_several_spaces_between_fields_are_noted_but_indentation_is_not():
    assert tokenize_line("#RAR 0  20110101\t20111231", 1).notes == {SEPARATOR}
    assert tokenize_line("\t#TRANS 1930 {} 1.00", 1).notes == frozenset()
    assert tokenize_line('#ORGNR "5555555555"', 1).quoted == {0}


def test_a_carriage_return_before_the_line_feed_is_stripped():
    assert tokenize_line("#KONTO 1930 Bank\r\n", 1).fields == ("1930", "Bank")


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0c", "\x1b", "\x7f", "\r", "\x85"])
def test_control_characters_other_than_tab_are_refused_with_the_line(char):
    with pytest.raises(SieError, match="styrtecken") as caught:
        tokenize_line(f'#FNAMN "Förbund{char}et"', 12)
    assert caught.value.line == 12


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('#TRANS 1930 {1 "40} 100.00', "avslutas aldrig"),
        ("#TRANS 1930 {1 40 100.00", "saknar avslutande }"),
        ("#TRANS 1930 {1 {40}} 100.00", "nästlas"),
        ("#TRANS 1930 {1} 100.00", "par"),
        ("#TRANS 1930 } 100.00", "} utan"),
        ('#KONTO 1930 Ba"nk', "mitt i ett fält"),
        ('#KONTO 1930 "Bank"x', "mellanslag saknas"),
        ("#TRANS 1930 {}100.00", "mellanslag saknas"),
        ("KONTO 1930 Bank", "börjar inte med en post"),
        ("#konto 1930 Bank", "börjar inte med en post"),
        ("{1 40} 1930", "börjar inte med en post"),
    ],
)
def test_malformed_lines_are_refused_in_swedish(line, fragment):
    with pytest.raises(SieError, match=fragment) as caught:
        tokenize_line(line, 4)
    assert caught.value.line == 4


def test_the_checksum_covers_the_label_and_unquoted_contents_of_each_record():
    # Two records as a SIE file holds them; braces lines add nothing.
    records = [
        tokenize_line('#KONTO 1930 "Bank och kassa"', 3),
        tokenize_line("{", 4),
        tokenize_line('#TRANS 4610 {1 "40"} 245000.00 "" "Försteg"', 5),
        tokenize_line("}", 6),
    ]
    # The content is fed to CRC-32 as CP437 bytes, in order.
    expected = zlib.crc32("#KONTO1930Bank och kassa".encode("cp437"))
    expected = zlib.crc32("#TRANS4610140245000.00Försteg".encode("cp437"), expected)
    assert ksumma(records) == expected
    assert record_content(records[2]) == "#TRANS4610140245000.00Försteg"


def test_a_record_formatted_and_tokenized_again_is_the_same_record():
    record = Record("#VER", ("A", "12", "20240131", 'Faktura "Försteg" {jan}', ""), 9)
    line = format_record(record)
    assert line == '#VER A 12 20240131 "Faktura \\"Försteg\\" {jan}" ""'
    assert tokenize_line(line, 9) == record


printable = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\n"),
    max_size=20,
)
fields = st.one_of(
    printable,
    st.lists(st.tuples(st.from_regex(r"[0-9]{1,2}", fullmatch=True), printable.filter(bool)),
             max_size=3).map(ObjectList),
)


@given(
    label=st.from_regex(r"#[A-Z][A-Z0-9_]{0,8}", fullmatch=True),
    values=st.lists(fields, max_size=6),
)
def test_any_record_survives_formatting_and_tokenizing(label, values):
    record = Record(label, tuple(values), 1)
    assert tokenize_line(format_record(record), 1) == record


@given(st.text(max_size=80))
def test_any_line_either_tokenizes_or_is_refused_with_a_sie_error(line):
    try:
        record = tokenize_line(line, 1)
    except SieError as error:
        assert error.line == 1 and error.message
    else:
        assert record is None or record.label.startswith(("#", "{", "}"))


@given(st.lists(st.text(alphabet="#TRANS 19{}\"åäöÅÄÖé\t€", max_size=12), max_size=6),
       st.sampled_from(["cp437", "cp1252", "utf-8"]))
def test_the_checksum_is_the_crc_of_each_content_in_the_files_encoding(contents, encoding):
    """`crc_of_contents` takes ASCII through the ascii codec: the same CRC as the file's encoding gives."""
    expected = 0
    try:
        for content in contents:
            expected = zlib.crc32(content.encode(encoding), expected)
    except UnicodeEncodeError:
        with pytest.raises(UnicodeEncodeError):
            crc_of_contents(contents, encoding)
        return
    assert crc_of_contents(contents, encoding) == expected
