"""Whole voucher blocks in the plain form most files consist of, read with one match each.

A plain block is `#VER serie nr datum [text [regdatum]]`, a `{` line, `#TRANS konto {objekt}
belopp` rows and a `}` line: fields one space apart, bare or quoted without backslashes,
dates and amounts bare, rows with exactly those three fields. `plain_block` reads one into
the `SieVoucher` the general reader would make of its records, or gives None when anything
in it would make the general reader refuse or note something (an invalid date or object
list, an amount too long to be sure of): such a block is read line by line, so that every refusal and
tolerance keeps its wording and line. What is left for the reader is what needs the whole
file: the balance, the object uses (`uses`, for the #OBJEKT check) and duplicate numbers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ledger.money import MAX_ABS_ORE

from .lexer import _PLAIN_OBJECT
from .model import Objects, SieTrans, SieVoucher, parse_sie_date
from .records import _DIM

_TEXT = r'(?:[^ \t{}"\\\r\n]+|"[^"\\\r\n]*")'  # a bare or quoted field (no escapes)
_ACCOUNT = r'(?:[^ \t{}"\\\r\n]+|"[^"\\\r\n]+")'  # the same, not empty
_ITEM = r'(?:[^ \t{}"\\\r\n]+|"[^"\\{}\r\n]*")'  # an object list's item, as `lexer._PLAIN_LINE` has it
_OBJECTS = rf"(?:{_ITEM}(?: {_ITEM})*)?"
_DAY = r"[0-9]{8}"
# Whole kronor of fewer digits than MAX_ABS_ORE has, less the two of öre: never more than it
# (longer ones, leading zeros too, are for `parse_sie_amount` to refuse or read).
_AMOUNT = rf"-?[0-9]{{1,{len(str(MAX_ABS_ORE)) - 3}}}(?:\.[0-9]{{1,2}})?"


def _row(group: str) -> str:
    """A plain #TRANS line; `group` "(" captures its account, object list and amount."""
    close = ")" if group else ""
    return rf"[ \t]*#TRANS {group}{_ACCOUNT}{close} \{{{group}{_OBJECTS}{close}\}} {group}{_AMOUNT}{close}\r?\n"


_ROWS = re.compile(_row("("))
# The first three rows in groups of their own (most vouchers have two or three), the rest in one.
PLAIN_BLOCK = re.compile(
    rf"^[ \t]*#VER ({_TEXT}) ({_TEXT}) ({_DAY})(?: ({_TEXT})(?: ({_DAY}))?)?\r?\n"
    rf"[ \t]*\{{[ \t]*\r?\n"
    rf"(?:{_row('(')}(?:{_row('(')}(?:{_row('(')})?)?)?"
    rf"((?:{_row('')})*)"
    rf"[ \t]*\}}[ \t]*(?:\r?\n|\Z)",
    re.MULTILINE,
)


class PlainBlock:
    """A plain voucher block in the reader's list of records, where its #VER record would be."""

    __slots__ = ("lineno", "end_lineno", "voucher", "balance", "uses", "match")
    label = "#VER"  # the reader stops an unclosed voucher or a skipped block at it, as at a #VER
    notes: frozenset[str] = frozenset()

    def __init__(self, lineno: int, end_lineno: int, voucher: SieVoucher, balance: int,
                 uses: list[tuple[int, Objects]], match: re.Match[str]) -> None:
        self.lineno = lineno  # of the #VER line
        self.end_lineno = end_lineno  # of the } line
        self.voucher = voucher
        self.balance = balance  # the sum of its rows (all #TRANS)
        self.uses = uses
        self.match = match

    def content(self) -> str:
        """What #KSUMMA covers of the block (as `lexer.record_content` of each of its records)."""
        groups = self.match.groups()
        parts = ["#VER", *[_unquoted(part) for part in groups[:5] if part is not None]]
        for account, listed, amount in _rows(groups):
            parts += ("#TRANS", _unquoted(account), _listed_content(listed), amount)
        return "".join(parts)


def _rows(groups: tuple) -> tuple[tuple[str, str, str], ...]:
    """The (account, object list, amount) of each row, from `PLAIN_BLOCK`'s groups."""
    rows = (groups[5:8], groups[8:11], groups[11:14])
    rows = rows[:0] if groups[5] is None else rows[:1] if groups[8] is None else rows[:2] if groups[11] is None \
        else rows
    return rows + tuple(_ROWS.findall(groups[14])) if groups[14] else rows


def plain_block(match: re.Match[str], lineno: int, objects_seen: dict[str, Objects | None]) -> PlainBlock | None:
    """The block `PLAIN_BLOCK` matched, its #VER on line `lineno`; None when it must be read
    line by line (see the module's docstring). `objects_seen` remembers the object lists read
    so far in the file (a file repeats a few), None for one the general reader refuses."""
    groups = match.groups()
    series, number, day, text, regday = groups[:5]
    try:
        date = parse_sie_date(day)
        regdate = parse_sie_date(regday) if regday else None
    except ValueError:
        return None
    lines: list[SieTrans] = []
    uses: list[tuple[int, Objects]] = []
    balance = 0
    row_line = lineno + 1
    for account, listed, amount in _rows(groups):
        row_line += 1
        objects: Objects | None = ()
        if listed:
            objects = objects_seen[listed] if listed in objects_seen else objects_seen.setdefault(
                listed, _pairs(listed))
            if objects is None:
                return None
            uses.append((row_line, objects))
        if amount[-3:-2] == ".":  # the usual two decimals
            ore = int(amount.replace(".", ""))
        else:
            whole, _, decimals = amount.partition(".")
            ore = int(whole + (decimals + "00")[:2])
        balance += ore
        if account[0] == '"':
            account = account[1:-1]
        lines.append(SieTrans("TRANS", account, objects, ore, None, "", None, row_line))  # type: ignore[arg-type]
    voucher = SieVoucher(series[1:-1] if series[0] == '"' else series, number[1:-1] if number[0] == '"' else number,
                         date, _unquoted(text) if text else "", regdate, lines, lineno)
    return PlainBlock(lineno, row_line + 1, voucher, balance, uses, match)


def _pairs(listed: str) -> Objects | None:
    """The pairs of an object list's text, or None when the lexer or `RecordReader.objects_of`
    would refuse them: an odd number of items, a dimension not a number, an empty object, a
    dimension twice."""
    items = [bare or text for bare, text in _PLAIN_OBJECT.findall(listed)]
    dims, objs = items[::2], items[1::2]
    if len(items) % 2 or len(set(dims)) < len(dims) or not all(objs) or not all(map(_DIM.fullmatch, dims)):
        return None
    return tuple(zip(dims, objs))


@lru_cache(maxsize=256)  # a file repeats a few object lists
def _listed_content(listed: str) -> str:
    """An object list's items written together, as #KSUMMA covers them."""
    return "".join(bare or text for bare, text in _PLAIN_OBJECT.findall(listed))


def _unquoted(field: str) -> str:
    return field[1:-1] if field[:1] == '"' else field
