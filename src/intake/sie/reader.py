"""Read a SIE 4 file into a `SieFile`, refusing what is not sound.

Checks the file's own consistency only: the #FLAGGA/#KSUMMA frame, #SIETYP 4, voucher blocks,
balanced vouchers, #RTRANS twins, unique voucher numbers, declared objects, real dates and
exact amounts. Whether the organisation number, years, accounts and objects fit the förbund
is for the importer to decide against the ledger. Every refusal is a `SieError` naming the
file, the line and, where there is one, the field.

Every problem of the file is found in one reading (`read_sie_collecting`), so that the
coordinator can mend them all at once: a line the lexer refuses and a record that does not
parse are noted and the next record read; a voucher with a problem in its head or any of its
rows is noted and left out (no balance or #RTRANS check, no duplicate or object check), and
the next voucher read. A wrong #KSUMMA is noted too, and reading goes on, since the other
problems are what the coordinator must see. Only problems of the frame, which make the rest
meaningless, stop at once: undecodable bytes, an empty file, a first record other than
#FLAGGA (or a first line the lexer refuses), and a file that is not SIE type 4 (#SIETYP
missing or another type).

Most of a file is voucher blocks in one plain form; each is read whole with one match
(`plain_blocks`) and stands in the list of records as a `PlainBlock` where its #VER would be.
Everything else, and any block in which something would be refused or noted, is read line by
line into records. Both ways give the same file and problems (`read_sie_collecting_by_lines`
reads every line, for the tests that hold the two to each other).
"""

from __future__ import annotations

from dataclasses import replace

from ledger.gc_pause import collector_paused

from .encoding import decode_sie
from .errors import SieError, SieProblems
from .lexer import (
    BLOCK_MARKERS,
    CUT_QUOTE,
    SEPARATOR,
    ObjectList,
    Record,
    crc_of_contents,
    has_no_control,
    record_content,
    tokenize_clean_line,
    tokenize_line,
)
from .model import SieFile, SieTrans, SieVoucher, format_sie_amount, parse_sie_amount
from .plain_blocks import PLAIN_BLOCK, PlainBlock, plain_block
from .records import RecordReader

_ROWS = {"#TRANS": "TRANS", "#RTRANS": "RTRANS", "#BTRANS": "BTRANS"}
BROKEN = "?"  # the label standing for a line the lexer refused (its problem is noted)
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
    skipped. Raises `SieError` (with `filename` set) for anything it refuses: one problem as
    it is, several as one `SieProblems` listing every one in file order."""
    sie, problems = read_sie_collecting(data, filename=filename)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise SieProblems(problems)
    return sie


def read_sie_collecting(data: bytes, *, filename: str = "fil.se") -> tuple[SieFile, list[SieError]]:
    """The file as far as it is sound (without the vouchers that have a problem) and every
    problem found, in file order (those of no line last), each with `filename` set. Raises a
    single `SieError` at once for a problem of the frame (see the module's docstring)."""
    return _read_collecting(data, filename, plain_blocks=True)


def read_sie_collecting_by_lines(data: bytes, *, filename: str = "fil.se") -> tuple[SieFile, list[SieError]]:
    """`read_sie_collecting` reading every line on its own, plain voucher blocks too: the
    reference that the tests hold the whole-block reading (`plain_blocks`) to."""
    return _read_collecting(data, filename, plain_blocks=False)


def _read_collecting(data: bytes, filename: str, *, plain_blocks: bool) -> tuple[SieFile, list[SieError]]:
    with collector_paused():  # a yearly file makes some ten thousand objects that all stay alive
        return _read_paused(data, filename, plain_blocks=plain_blocks)


def _read_paused(data: bytes, filename: str, *, plain_blocks: bool) -> tuple[SieFile, list[SieError]]:
    try:
        text, encoding = decode_sie(data)
        reader = _Reader(encoding)
        records: list[Record | PlainBlock] = []
        clean = has_no_control(text)
        lineno, position = 1, 0
        if clean and plain_blocks:  # a file with a control character is read line by line, where it says which
            objects_seen: dict = {}
            for match in PLAIN_BLOCK.finditer(text):
                start = match.start()
                block = plain_block(match, lineno + text.count("\n", position, start), objects_seen)
                if block is None:
                    continue  # read line by line with the lines before it
                lines = text[position:start].split("\n")
                lines.pop()  # the empty piece after the last line end before the block
                reader.tokenize(lines, lineno, clean, records)
                records.append(block)
                lineno, position = block.end_lineno + 1, match.end()
        reader.tokenize(text[position:].split("\n"), lineno, clean, records)
        sie = reader.read(records)
    except SieError as error:
        error.filename = filename
        raise
    for problem in reader.problems:
        problem.filename = filename
    return sie, sorted(reader.problems, key=lambda p: (p.line is None, p.line or 0))


class _Reader(RecordReader):
    cut_short = False  # the file ends inside a voucher: truncated

    def __init__(self, encoding: str) -> None:
        super().__init__(encoding)
        self.refused: dict[int, SieError] = {}  # the lexer's problems by line, until a voucher claims them

    def tokenize(self, lines: list[str], first: int, clean: bool, records: list[Record | PlainBlock]) -> None:
        """Appends the records of `lines` (the first on line `first`); a line the lexer
        refuses becomes a BROKEN record, its problem kept in `refused`."""
        for lineno, line in enumerate(lines, first):
            try:
                record = tokenize_clean_line(line.removesuffix("\r"), lineno) if clean else tokenize_line(line, lineno)
            except SieError as error:
                self.refused[lineno] = error
                record = Record(BROKEN, (), lineno)
            if record is not None:
                records.append(record)

    def read(self, records: list[Record]) -> SieFile:
        self.check_flagga(records)
        closing = self.check_ksumma(records)
        for record in records:
            if record.notes:  # most records have none
                for note in sorted(record.notes):
                    self.tolerate(_NOTES[note], record.lineno)
        position = 0
        while position < len(records):
            record = records[position]
            if record.label == "#VER":
                position = self.voucher(records, position)
                continue
            if record.label in _ROWS:
                self.problems.append(SieError(f"{record.label} utanför en verifikation", line=record.lineno))
            elif record.label == "{":
                self.problems.append(SieError("{ utan föregående #VER", line=record.lineno))
                position = self.skip_block(records, position + 1)
                continue
            elif record.label == "}":
                self.problems.append(SieError("} utan föregående #VER", line=record.lineno))
            elif record.label == BROKEN:
                if position + 1 < len(records) and records[position + 1].label == "{":
                    end = self.skip_block(records, position + 2)  # a refused #VER line: its block
                    self.keep_first(len(self.problems), records[position:end])
                    position = end
                    continue
            else:
                self.record(record)
            position += 1
        if closing is False and not self.cut_short:  # a voucher cut at the end already says so
            self.problems.append(SieError(
                "filen saknar avslutande #KSUMMA (avkortad fil?)", line=_last_line(records[-1])
            ))
        self.problems += self.refused.values()
        self.finish()
        return self.sie

    def check_flagga(self, records: list[Record]) -> None:
        if not records:
            raise SieError("filen är tom")
        first = records[0]
        if first.label == BROKEN:
            raise self.refused[first.lineno]
        if first.label != "#FLAGGA":
            if any(record.label == "#FLAGGA" for record in records):
                raise SieError(f"posten {first.label} står före #FLAGGA", line=first.lineno)
            raise SieError("första raden ska vara #FLAGGA", line=first.lineno)

    def check_ksumma(self, records: list[Record]) -> bool | None:
        """Verifies the checksum; None without #KSUMMA, False when the closing one is missing.
        A problem is noted, not raised: the rest of the file is read all the same."""
        try:
            return self._check_ksumma(records)
        except SieError as error:
            self.problems.append(error)
            return None

    def _check_ksumma(self, records: list[Record]) -> bool | None:
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
        if any(record.label == BROKEN for record in covered):
            return True  # a line the lexer refused has no checksum; its own problem is noted
        # once for a CP437 file (the CRC over every record costs as much as reading them)
        computed = {_crc(covered, encoding) for encoding in {"cp437", self.sie.encoding}} - {None}
        if stated & 0xFFFFFFFF not in computed:
            raise SieError(
                f"kontrollsumman stämmer inte: filen anger {stated}, beräknad "
                f"{min(computed)}; filen har ändrats eller skadats",
                line=closing.lineno,
                field="kontrollsumma",
            )
        self.sie.ksumma = stated
        return True

    def skip_block(self, records: list[Record], position: int) -> int:
        """The position after the `}` closing a block (or at the next #VER, `{` or #KSUMMA)."""
        while position < len(records) and records[position].label not in ("#VER", "{", "#KSUMMA"):
            position += 1
            if records[position - 1].label == "}":
                break
        return position

    def voucher(self, records: list[Record], position: int) -> int:
        """Reads #VER and its block; returns the position after the closing `}`. A voucher
        with a problem is left out, with its first problem only (the rest of its block is
        not read: one mend at a time); the next voucher is read all the same."""
        head, start = records[position], position
        if type(head) is PlainBlock:  # read whole: sound but for the checks needing the whole file
            self.object_uses += head.uses
            if head.balance:
                self.close_voucher(head.voucher)  # which says so
            else:
                self.sie.vouchers.append(head.voucher)
            return position + 1
        before, uses = len(self.problems), len(self.object_uses)
        broken = False
        try:
            voucher = SieVoucher(
                series=self.text(head, 0, "serie"),
                number=self.text(head, 1, "vernr"),
                date=self.day(head, 2, "verdatum"),
                text=self.text(head, 3, "vertext"),
                regdate=self.optional_date(head, 4, "regdatum"),
                lineno=head.lineno,
            )
        except SieError as error:
            self.problems.append(error)
            voucher = SieVoucher(series="", number="", date=None, lineno=head.lineno)  # type: ignore[arg-type]
        position += 1
        opened = position < len(records) and records[position].label == "{"
        if opened:
            position += 1
        elif len(self.problems) == before:
            self.problems.append(SieError("#VER ska följas av en rad med {", line=head.lineno))
        while position < len(records):
            record = records[position]
            if record.label == "}":
                position += 1
                break
            if record.label in ("#VER", "{", "#KSUMMA"):
                self.unclosed(voucher, opened and len(self.problems) == before and not broken)
                break
            if record.label == BROKEN:
                broken = True
            elif broken or len(self.problems) > before:
                pass  # the voucher's first problem is noted; the rest of its block is skipped
            elif record.label in _ROWS:
                try:
                    row = self.row(record, _ROWS[record.label])
                    if row.kind == "RTRANS":
                        self.check_twin(row, records[position + 1 : position + 2])
                    voucher.lines.append(row)
                except SieError as error:
                    self.problems.append(error)
            else:
                self.record(record)
            position += 1
        else:
            self.cut_short = True
            self.unclosed(voucher, opened and len(self.problems) == before and not broken)
        if broken or len(self.problems) > before:
            del self.object_uses[uses:]  # left out of the later checks, as the voucher is
            self.keep_first(before, records[start:position])
        else:
            self.close_voucher(voucher)
        return position

    def unclosed(self, voucher: SieVoucher, say: bool) -> None:
        if say:
            self.problems.append(SieError(
                f"verifikation {voucher.series} {voucher.number} saknar avslutande }} (avkortad fil?)",
                line=voucher.lineno,
            ))

    def keep_first(self, before: int, block: list[Record]) -> None:
        """Of one voucher's problems – those noted since `before` and the lines of `block` the
        lexer refused – keep only the first."""
        found = [self.refused.pop(r.lineno) for r in block if r.label == BROKEN] + self.problems[before:]
        del self.problems[before:]
        if found:
            self.problems.append(min(found, key=lambda p: p.line or 0))

    def row(self, record: Record, kind: str) -> SieTrans:
        fields = record.fields
        if (len(fields) == 3 and type(fields[1]) is ObjectList and type(fields[0]) is str and fields[0]
                and type(fields[2]) is str and fields[2] and 2 not in record.quoted):
            return self.plain_row(record, kind)
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

    def plain_row(self, record: Record, kind: str) -> SieTrans:
        """`row` for the usual `#TRANS konto {objekt} belopp` (amount unquoted): the same
        checks, without asking for the optional fields one by one (most rows have none)."""
        account, _, amount = record.fields
        objects, _ = self.objects_of(record, 1, "objektlista")
        try:
            ore = parse_sie_amount(amount)  # type: ignore[arg-type]
        except ValueError as error:
            raise SieError(str(error), line=record.lineno, field="belopp") from None
        return SieTrans(kind, account, objects, ore, None, "", None, record.lineno)  # type: ignore[arg-type]

    def check_twin(self, row: SieTrans, following: list[Record]) -> None:
        """The #TRANS after an #RTRANS is its twin: same account, objects and amount. Other
        programs let the optional fields differ (a date, a text); that is noted, not refused."""
        twin = None
        if following and following[0].label == "#TRANS":
            uses = len(self.object_uses)
            try:
                twin = self.row(following[0], "TRANS")
            except SieError:
                return  # the twin's own problem is noted when it is read as a row
            finally:
                del self.object_uses[uses:]  # counted when the twin is read as a row
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
            self.problems.append(SieError(
                f"verifikation {voucher.series} {voucher.number} är inte i balans: "
                f"#TRANS-raderna summerar till {format_sie_amount(difference)}",
                line=voucher.lineno,
                field="belopp",
            ))
            return
        self.sie.vouchers.append(voucher)


def _crc(records: list[Record], encoding: str) -> int | None:
    contents = (record.content() if type(record) is PlainBlock else record_content(record)
                for record in records if record.label not in BLOCK_MARKERS)
    try:
        return crc_of_contents(contents, encoding)
    except UnicodeEncodeError:
        return None


def _last_line(record: Record | PlainBlock) -> int:
    return record.end_lineno if type(record) is PlainBlock else record.lineno
