"""The regex tokenizer reads every line exactly as the character-by-character one did.

`char_lexer.py` keeps the old tokenizer as the reference. For any line built from the
characters SIE's syntax turns on (blanks, quotes, backslashes, braces, `#`, letters, digits,
control characters, non-ASCII text) both give the same record – fields, notes and quoted
fields – or refuse with the same message.
"""

from pathlib import Path

import pytest
from char_lexer import tokenize_line as char_tokenize_line
from hypothesis import example, given, settings
from hypothesis import strategies as st

from intake.sie import SieError, decode_sie, tokenize_line

# The characters that steer the tokenizer, and some ordinary ones.
ALPHABET = list(' \t"\\{}#') + list("TRANSVE01 9") + ["ö", "\r", "\n", "\x00", "\x1b", "\x85", "\u00a0", "\u200b"]
PIECES = ["#TRANS", "#VER", "#KONTO", '"', '\\"', "\\\\", "{", "}", "{1 ", ' "40"', "  ", "\t", "1930", "-5.00",
          "Faktura", "ö", "\r\n"]


def outcome(tokenize, line: str):
    """What a tokenizer makes of `line`: the record with its notes and quoted fields, or the refusal."""
    try:
        record = tokenize(line, 7)
    except SieError as exc:
        return ("refused", str(exc), exc.line)
    if record is None:
        return None
    return (record.label, record.fields, type(record.fields[1]).__name__ if len(record.fields) > 1 else None,
            record.lineno, record.notes, record.quoted)


lines = st.one_of(
    st.text(alphabet=ALPHABET, max_size=40),
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(alphabet=ALPHABET, max_size=3)), max_size=12).map("".join),
)


@settings(max_examples=3000, deadline=None)
@given(lines)
@example('#TRANS 4610{1 "40" 6 "P\\"12"}  245000.00\t"text \\\\ x" 20240101')
@example('#VER A 1 20240131 "Faktura Försteg avser janu')
@example('#TRANS 1930 {1 "40}')
@example('#TRANS 1930 {1 40 6} 1.00')
@example('#TRANS 1930 {1 {2 3}} 1.00')
@example('#KONTO 1930"Bank"')
@example('#KONTO 19"30 Bank')
@example('#FNAMN "a"b')
@example('\t#TRANS  1930 {}  1.00  ')
@example('{1 2} #TRANS')
# The plain lines read with one match (`lexer._PLAIN_LINE`), and lines just outside it.
@example('\t#TRANS 4610 {1 "20" 6 "a b"} -4000.00 "" "x{y}"\r')
@example('#VER B 1 20150102 "" 20150102')
@example('#TRANS 1930 {1 "4}0"} 1.00')
@example('#TRANS 1930 {1} 1.00')
@example('#TRANS 1930 {} 1.00 ')
@example('#KSUMMA')
def test_the_regex_tokenizer_reads_any_line_as_the_character_tokenizer_did(line):
    assert outcome(tokenize_line, line) == outcome(char_tokenize_line, line)


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sie"


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.se")), ids=lambda p: p.name)
def test_both_tokenizers_read_every_line_of_the_fixture_files_alike(path):
    try:
        text, _encoding = decode_sie(path.read_bytes())
    except SieError:  # a fixture of unclear encoding: its lines as CP437 read them
        text = path.read_bytes().decode("cp437")
    for lineno, line in enumerate(text.split("\n"), 1):
        assert outcome(tokenize_line, line) == outcome(char_tokenize_line, line), (path.name, lineno)
