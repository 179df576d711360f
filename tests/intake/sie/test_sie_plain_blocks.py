"""Plain voucher blocks read whole (`plain_blocks`) give exactly what reading them line by line
gives: for files mixing plain vouchers with every irregular shape, `read_sie_collecting` and
`read_sie_collecting_by_lines` give equal files (vouchers and rows with their lines, checksum,
warnings, tolerances) and the same problems (message, line, field, file) or the same refusal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from intake.sie import SieError, SieFile, SieTrans, SieVoucher, write_sie
from intake.sie.lexer import ksumma, tokenize_line
from intake.sie.plain_blocks import PLAIN_BLOCK, plain_block
from intake.sie.reader import read_sie_collecting, read_sie_collecting_by_lines


def outcome(read, data: bytes):
    """Everything `read` makes of `data`, line numbers included (they take no part in equality)."""
    try:
        sie, problems = read(data, filename="bok.se")
    except SieError as error:
        return ("refused", error.message, error.line, error.field, error.filename)
    vouchers = [(v, v.lineno, [(row, row.lineno) for row in v.lines]) for v in sie.vouchers]
    return (sie, vouchers, sie.ksumma, sie.warnings, sie.tolerated, sie.encoding,
            [(p.message, p.line, p.field, p.filename) for p in problems])


def assert_read_alike(data: bytes) -> None:
    assert outcome(read_sie_collecting, data) == outcome(read_sie_collecting_by_lines, data)


# -- files mixing plain vouchers with every irregular shape -------------------------------

HEAD = ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", "#RAR 0 20150101 20151231", "#RAR -1 20140101 20141231",
        '#DIM 1 "Kostnadsställe"', '#OBJEKT 1 "20" "Insats"', '#OBJEKT 1 "21" "Insats 2"']
SERIES = ["A", "B", '"C"', '""', '"A"']
NUMBERS = ["1", "2", "3", '"2"', '""', "7"]
DATES = ["20150102", "20150102", "20150315", "20140601", "20150230", '"20150102"', "2015-01-02", "20200101"]
TEXTS = [None, '"Faktura 1"', "Bank", '""', '"Räntor"', '"a \\"b\\""', '"kapad text', '"a{b}"', '"x\\\\y"']
REGDATES = [None, "20150102", '"20150102"', "20151399", '""']
ACCOUNTS = ["1930", "2440", "4610", '"1930"', '""', "19 30"]
OBJECTS = ["{}", "{}", '{1 "20"}', '{1 "20"}', "{1 20}", '{1 "21"}', '{1 "99"}', '{7 "1"}', '{1 "20" 1 "21"}',
           '{1 "20" 6 "P1"}', "{1}", '{x "1"}', '{1 ""}', "{ }", '{1  "20"}', '{1 "2}0"}', '{1 "20"']
AMOUNTS = ["100.00", "250.5", "3", "1,00", '"100.00"', "99999999999999999", "1.234", "-0.00"]
EXTRAS = ["", "", "", " 20150105", ' 20150105 "text"', ' "" "" 0', ' ""']
GAPS = [" ", " ", " ", " ", "  ", "\t"]
INDENTS = ["", "\t", "", "  "]
LABELS = ["#TRANS", "#TRANS", "#TRANS", "#TRANS", "#RTRANS", "#BTRANS"]
ODD_LINES = ["", "   ", '#TRANS 1930 {1 "20} 1.00', "#OKAND 1 2", '#KONTO 1930 "Bank"', "{", "}", "#VER",
             "#TRANS 1930 {} 1.00", "#VER A 9 20150101", '#TRANS 1930 "x"y 1.00', "\x1b", "#KSUMMA"]


# What a plain block may hold (an undeclared object or dimension, a repeated number and a
# date of another year are for the checks of the whole file; a date or an object list that
# the reader refuses is read line by line), and the odd shapes besides.
PLAIN = {"series": ["A", "B", '"C"'], "number": ["1", "2", "3", '"2"'],
         "date": ["20150102", "20150315", "20140601", "20150230"],
         "regdate": [None, "20150102", "20150103"], "account": ["1930", "2440", "4610", '"1930"'],
         "objects": ["{}", '{1 "20"}', "{1 20}", '{1 "99"}', '{7 "1"}', '{1 "20" 6 "P1"}', "{1 21}",
                     '{1 "20" 1 "21"}', '{1 ""}', '{x "1"}', "{1}"]}
ODD = {"series": SERIES, "number": NUMBERS, "date": DATES, "regdate": REGDATES, "account": ACCOUNTS,
       "objects": OBJECTS}


@st.composite
def vouchers(draw) -> list[str]:
    """A voucher's lines: most often plain (balanced or not), else with one or more odd shapes."""
    odd = draw(st.integers(0, 2)) == 0
    palette = ODD if odd else PLAIN
    pick = (lambda options: draw(st.sampled_from(options))) if odd else (lambda options: options[0])
    gap = pick(GAPS)
    head = ["#VER", draw(st.sampled_from(palette["series"])), draw(st.sampled_from(palette["number"])),
            draw(st.sampled_from(palette["date"]))]
    text, regdate = draw(st.sampled_from(TEXTS)), draw(st.sampled_from(palette["regdate"]))
    if text is not None:
        head.append(text)
        if regdate is not None:
            head.append(regdate)
    lines = [gap.join(head) + pick(["", "", " "]), pick(["{", "{", " { ", "\t{"])]
    amount = draw(st.integers(-10**6, 10**6))
    unbalanced = draw(st.integers(0, 5)) == 0
    for k in range(draw(st.integers(0, 5))):
        ore = amount if k == 0 else -amount + unbalanced if k == 1 else draw(st.sampled_from([0, 1, -1, 10**13 + 1]))
        text_amount = f"{'-' if ore < 0 else ''}{abs(ore) // 100}.{abs(ore) % 100:02d}"
        if draw(st.integers(0, 4)) == 0:  # no decimals, or one
            text_amount = text_amount.removesuffix(".00").removesuffix("0")
        fields = [pick(LABELS), draw(st.sampled_from(palette["account"]))]
        objects, glue = draw(st.sampled_from(palette["objects"])), pick([" ", " ", ""])
        row = gap.join(fields) + glue + objects + gap + (pick(AMOUNTS) if odd and draw(st.booleans()) else text_amount)
        lines.append(draw(st.sampled_from(INDENTS)) + row + pick(EXTRAS))
    lines.append(pick(["}", "}", " }", "}\t"]))
    if odd and draw(st.booleans()):
        del lines[draw(st.integers(0, len(lines) - 1))]  # a missing brace, row or head
    if odd and draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(ODD_LINES)))
    return lines


@st.composite
def sie_files(draw) -> bytes:
    body = [line for voucher in draw(st.lists(vouchers(), max_size=8)) for line in voucher]
    if draw(st.booleans()):
        body.insert(draw(st.integers(0, len(body))), draw(st.sampled_from(ODD_LINES)))
    checksum = draw(st.sampled_from(["none", "right", "right", "wrong", "opening only"]))
    lines = HEAD[:1] + (["#KSUMMA"] if checksum != "none" else []) + HEAD[1:] + body
    if checksum in ("right", "wrong"):
        records = [r for n, line in enumerate(lines[2:]) if (r := _record(line, n)) is not None]
        lines.append(f"#KSUMMA {ksumma(records) + (checksum == 'wrong')}")
    ending = draw(st.sampled_from(["\r\n", "\n"]))
    return (ending.join(lines) + draw(st.sampled_from([ending, ""]))).encode("cp437")


def _record(line: str, lineno: int):
    try:
        return tokenize_line(line, lineno)
    except SieError:
        return None


def plain_file(*rows: str, checksum: bool = False) -> bytes:
    """HEAD, then `#VER A 1 20150102` with `rows` (and an opening #KSUMMA only)."""
    head = [HEAD[0], "#KSUMMA", *HEAD[1:]] if checksum else HEAD
    return "\n".join([*head, "#VER A 1 20150102", "{", *rows, "}"]).encode()


@settings(max_examples=1500, deadline=None)
@given(sie_files())
@example(plain_file('#TRANS 4610 {1 "99"} 1.00', "#TRANS 1930 {} -1.00"))  # an object without #OBJEKT
@example(plain_file('#TRANS 4610 {7 "1"} 1.00', "#TRANS 1930 {} -1.00"))  # an undeclared dimension
@example(plain_file("#TRANS 4610 {} 1.00", "}", "#VER A 1 20150103", "{"))  # unbalanced, the same number
@example(plain_file("#TRANS 4610 {} 1.00", "#TRANS 1930 {} -1.00", checksum=True))  # a block last, a block first:
@example(b"#VER A 1 20150102\n{\n#TRANS 1930 {} 1.00\n#TRANS 2440 {} -1.00\n}\n#FLAGGA 0\n#SIETYP 4\n")
def test_plain_blocks_read_whole_give_what_reading_line_by_line_gives(data):
    assert_read_alike(data)


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.se")), ids=lambda p: p.name)
def test_every_fixture_file_is_read_alike_both_ways(path):
    assert_read_alike(path.read_bytes())


def test_the_usual_voucher_blocks_are_read_whole():
    """What yearly exports and `export sie` write takes the whole-block way (else the
    comparisons above would hold however slowly the file was read)."""
    exported = '#VER B 1 20150102 "Faktura 1" 20150102\r\n{\r\n\t#TRANS 4610 {1 "20"} 4000.00\r\n' \
               "\t#TRANS 2440 {} -4000.00\r\n}\r\n"
    block = plain_block(PLAIN_BLOCK.fullmatch(exported), 12, {})
    assert block is not None and (block.lineno, block.end_lineno) == (12, 16)
    assert block.voucher == SieVoucher("B", "1", date(2015, 1, 2), "Faktura 1", date(2015, 1, 2), [
        SieTrans("TRANS", "4610", (("1", "20"),), 400000), SieTrans("TRANS", "2440", (), -400000)])
    assert [row.lineno for row in block.voucher.lines] == [14, 15] and block.uses == [(14, (("1", "20"),))]
    written = write_sie(SieFile(rar={0: (date(2015, 1, 1), date(2015, 12, 31))}, vouchers=[block.voucher]))
    assert len(PLAIN_BLOCK.findall(written.decode("cp437"))) == 1
