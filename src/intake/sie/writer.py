"""Write a `SieFile` as a SIE 4 file: CP437 (`#FORMAT PC8`), CRLF line ends, with #KSUMMA.

The writer changes nothing silently: a text holding a character CP437 cannot express (such
as "€") or a control character is refused with a `SieError` naming the text. #FLAGGA is
always 0 (the file has not been imported anywhere) and #FORMAT always PC8.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from .errors import SieError
from .lexer import Field, ObjectList, Record, format_record, ksumma
from .model import SieFile, SieTrans, SieVoucher, format_sie_amount, format_sie_date

ENCODING = "cp437"
NEWLINE = "\r\n"


def write_sie(sie: SieFile) -> bytes:
    """The file's bytes; `read_sie` of them gives a model equal to `sie`."""
    body = list(_records(sie))
    for record in body:
        _check_writable(record)
    lines = [
        "#FLAGGA 0",
        "#KSUMMA",
        *(format_record(record) for record in body),
        f"#KSUMMA {ksumma(body, ENCODING)}",
    ]
    return (NEWLINE.join(lines) + NEWLINE).encode(ENCODING)


def _record(label: str, *fields: Field, keep: int = 0) -> Record:
    """A record with trailing empty optional fields (beyond the first `keep`) left out."""
    values = list(fields)
    while len(values) > keep and values[-1] == "":
        values.pop()
    return Record(label, tuple(values), 0)


def _records(sie: SieFile) -> Iterator[Record]:
    if sie.program:
        yield _record("#PROGRAM", *sie.program, keep=len(sie.program))
    yield _record("#FORMAT", "PC8")
    if sie.gen is not None:
        yield _record("#GEN", format_sie_date(sie.gen))
    yield _record("#SIETYP", sie.sietyp)
    if sie.fnamn:
        yield _record("#FNAMN", sie.fnamn)
    if sie.orgnr:
        yield _record("#ORGNR", sie.orgnr)
    for yearno, (start, end) in sie.rar.items():
        yield _record("#RAR", str(yearno), format_sie_date(start), format_sie_date(end))
    for account, name in sie.konto.items():
        yield _record("#KONTO", account, name, keep=2)
    for account, kind in sie.ktyp.items():
        yield _record("#KTYP", account, kind)
    for dim, name in sie.dims.items():
        yield _record("#DIM", dim, name, keep=2)
    for (dim, obj), name in sie.objekt.items():
        yield _record("#OBJEKT", dim, obj, name, keep=3)
    for label, balances in (("#IB", sie.ib), ("#UB", sie.ub)):
        for (yearno, account), ore in balances.items():
            yield _record(label, str(yearno), account, format_sie_amount(ore))
    for label, balances in (("#OIB", sie.oib), ("#OUB", sie.oub)):
        for (yearno, account, objects), ore in balances.items():
            yield _record(label, str(yearno), account, ObjectList(objects), format_sie_amount(ore))
    for (yearno, account), ore in sie.res.items():
        yield _record("#RES", str(yearno), account, format_sie_amount(ore))
    for label, balances in (("#PSALDO", sie.psaldo), ("#PBUDGET", sie.pbudget)):
        for (yearno, period, account, objects), ore in balances.items():
            yield _record(label, str(yearno), period, account, ObjectList(objects),
                          format_sie_amount(ore))
    for voucher in sie.vouchers:
        yield from _voucher(voucher)


def _voucher(voucher: SieVoucher) -> Iterator[Record]:
    regdate = format_sie_date(voucher.regdate) if voucher.regdate else ""
    yield _record("#VER", voucher.series, voucher.number, format_sie_date(voucher.date),
                  voucher.text, regdate, keep=3)
    yield Record("{", (), 0)
    for row in voucher.lines:
        yield _row(row)
    yield Record("}", (), 0)


def _row(row: SieTrans) -> Record:
    transdate = format_sie_date(row.transdate) if row.transdate else ""
    quantity = format(row.quantity, "f") if row.quantity is not None else ""
    return _record("#" + row.kind, row.account, ObjectList(row.objects),
                   format_sie_amount(row.amount_ore), transdate, row.text, quantity, keep=3)


def _check_writable(record: Record) -> None:
    texts = [value for value in record.fields if isinstance(value, str)]
    texts += [part for value in record.fields if isinstance(value, tuple)
              for pair in value for part in pair]
    for text in texts:
        for char in text:
            if unicodedata.category(char) == "Cc" and char != "\t":
                raise SieError(f'texten "{text!r}" innehåller ett styrtecken och kan inte '
                               "skrivas till SIE", field=record.label)
            try:
                char.encode(ENCODING)
            except UnicodeEncodeError:
                raise SieError(f'texten "{text}" innehåller tecknet "{char}" som inte finns '
                               "i teckentabellen CP437 (#FORMAT PC8); ändra texten",
                               field=record.label) from None
