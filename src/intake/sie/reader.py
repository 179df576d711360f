"""Read a SIE 4 file into a `SieFile`, refusing what is not sound.

Checks the file's own consistency only: the #FLAGGA/#KSUMMA frame, #SIETYP 4, voucher blocks,
balanced vouchers, #RTRANS twins, unique voucher numbers, declared objects, real dates and
exact amounts. Whether the organisation number, years, accounts and objects fit the förbund
is for the importer to decide against the ledger. Every refusal is a `SieError` naming the
file, the line and, where there is one, the field.
"""

from __future__ import annotations

from dataclasses import replace

from .encoding import decode_sie
from .errors import SieError
from .lexer import CUT_QUOTE, SEPARATOR, Record, ksumma, tokenize_line
from .model import SieFile, SieTrans, SieVoucher, format_sie_amount
from .records import RecordReader

_ROWS = {"#TRANS": "TRANS", "#RTRANS": "RTRANS", "#BTRANS": "BTRANS"}
# How lines the lexer noted were read (see `lexer.Record.notes`).
_NOTES = {
    CUT_QUOTE: "citerad text utan avslutande citattecken (avkortad av exportprogrammet) – resten "
               "av raden lästes som texten",
    SEPARATOR: "fält åtskilda av tabb eller flera mellanslag – lästes som ett mellanslag",
}
TWIN_OPTIONAL = ("#RTRANS och dess #TRANS-tvilling skiljer sig bara i valfria fält (transdatum, text, "
                 "kvantitet) – samma konto, objekt och belopp, raden räknades en gång")


def read_sie(data: bytes, *, filename: str = "fil.se") -> SieFile:
    """The parsed file, with `encoding` saying how it was decoded and `warnings` what was
    skipped. Raises `SieError` (with `filename` set) for anything it refuses."""
    try:
        text, encoding = decode_sie(data)
        records = [
            record
            for lineno, line in enumerate(text.split("\n"), 1)
            if (record := tokenize_line(line, lineno)) is not None
        ]
        return _Reader(encoding).read(records)
    except SieError as error:
        error.filename = filename
        raise


class _Reader(RecordReader):
    def read(self, records: list[Record]) -> SieFile:
        self.check_flagga(records)
        closing = self.check_ksumma(records)
        for record in records:
            for note in sorted(record.notes):
                self.tolerate(_NOTES[note], record.lineno)
        position = 0
        while position < len(records):
            record = records[position]
            if record.label == "#VER":
                position = self.voucher(records, position)
                continue
            if record.label in _ROWS:
                raise SieError(f"{record.label} utanför en verifikation", line=record.lineno)
            if record.label in ("{", "}"):
                raise SieError(f"{record.label} utan föregående #VER", line=record.lineno)
            self.record(record)
            position += 1
        if closing is False:
            raise SieError(
                "filen saknar avslutande #KSUMMA (avkortad fil?)", line=records[-1].lineno
            )
        self.finish()
        return self.sie

    def check_flagga(self, records: list[Record]) -> None:
        if not records:
            raise SieError("filen är tom")
        first = records[0]
        if first.label != "#FLAGGA":
            if any(record.label == "#FLAGGA" for record in records):
                raise SieError(f"posten {first.label} står före #FLAGGA", line=first.lineno)
            raise SieError("första raden ska vara #FLAGGA", line=first.lineno)

    def check_ksumma(self, records: list[Record]) -> bool | None:
        """Verifies the checksum; None without #KSUMMA, False when the closing one is missing."""
        marks = [k for k, record in enumerate(records) if record.label == "#KSUMMA"]
        if not marks:
            return None
        opening = records[marks[0]]
        if opening.fields:
            raise SieError("första #KSUMMA ska vara tom (andra raden i filen)",
                           line=opening.lineno)
        if len(marks) == 1:
            return False
        if len(marks) > 2:
            raise SieError("#KSUMMA förekommer mer än två gånger",
                           line=records[marks[2]].lineno)
        closing = records[marks[1]]
        if marks[1] != len(records) - 1:
            raise SieError("rader efter avslutande #KSUMMA", line=records[marks[1] + 1].lineno)
        stated = self.integer(closing, 0, "kontrollsumma")
        if not -(2**31) <= stated < 2**32:
            raise SieError(f"{stated} är ingen CRC-32", line=closing.lineno, field="kontrollsumma")
        covered = records[marks[0] + 1 : marks[1]]
        computed = {_crc(covered, "cp437"), _crc(covered, self.sie.encoding)} - {None}
        if stated & 0xFFFFFFFF not in computed:
            raise SieError(
                f"kontrollsumman stämmer inte: filen anger {stated}, beräknad "
                f"{min(computed)}; filen har ändrats eller skadats",
                line=closing.lineno,
                field="kontrollsumma",
            )
        self.sie.ksumma = stated
        return True

    def voucher(self, records: list[Record], position: int) -> int:
        """Reads #VER and its block; returns the position after the closing `}`."""
        head = records[position]
        voucher = SieVoucher(
            series=self.text(head, 0, "serie"),
            number=self.text(head, 1, "vernr"),
            date=self.day(head, 2, "verdatum"),
            text=self.text(head, 3, "vertext"),
            regdate=self.optional_date(head, 4, "regdatum"),
            lineno=head.lineno,
        )
        if position + 1 >= len(records) or records[position + 1].label != "{":
            raise SieError("#VER ska följas av en rad med {", line=head.lineno)
        position += 2
        while position < len(records):
            record = records[position]
            if record.label == "}":
                self.close_voucher(voucher)
                return position + 1
            if record.label in _ROWS:
                row = self.row(record, _ROWS[record.label])
                if row.kind == "RTRANS":
                    self.check_twin(row, records[position + 1 : position + 2])
                voucher.lines.append(row)
            elif record.label in ("#VER", "{", "#KSUMMA"):
                break
            else:
                self.record(record)
            position += 1
        raise SieError(
            f"verifikation {voucher.series} {voucher.number} saknar avslutande }} "
            "(avkortad fil?)",
            line=head.lineno,
        )

    def row(self, record: Record, kind: str) -> SieTrans:
        account = self.required(record, 0, "konto")
        objects, rest = self.objects_of(record, 1, "objektlista", optional=True)
        return SieTrans(
            kind=kind,  # type: ignore[arg-type]
            account=account,
            objects=objects,
            amount_ore=self.amount(record, rest, "belopp"),
            transdate=self.optional_date(record, rest + 1, "transdatum"),
            text=self.text(record, rest + 2, "transtext"),
            quantity=self.quantity(record, rest + 3, "kvantitet"),
            lineno=record.lineno,
        )

    def check_twin(self, row: SieTrans, following: list[Record]) -> None:
        """The #TRANS after an #RTRANS is its twin: same account, objects and amount. Other
        programs let the optional fields differ (a date, a text); that is noted, not refused."""
        twin = self.row(following[0], "TRANS") if following and following[0].label == "#TRANS" else None
        if twin is None or (twin.account, twin.objects, twin.amount_ore) != (
            row.account, row.objects, row.amount_ore
        ):
            raise SieError(
                "#RTRANS ska direkt följas av sin #TRANS-tvilling med samma konto, objekt och "
                "belopp (raden räknas en gång)",
                line=row.lineno,
            )
        if replace(twin, kind="RTRANS") != row:
            self.tolerate(TWIN_OPTIONAL, row.lineno)

    def close_voucher(self, voucher: SieVoucher) -> None:
        difference = voucher.balance_ore()
        if difference:
            raise SieError(
                f"verifikation {voucher.series} {voucher.number} är inte i balans: "
                f"#TRANS-raderna summerar till {format_sie_amount(difference)}",
                line=voucher.lineno,
                field="belopp",
            )
        self.sie.vouchers.append(voucher)


def _crc(records: list[Record], encoding: str) -> int | None:
    try:
        return ksumma(records, encoding)
    except UnicodeEncodeError:
        return None
