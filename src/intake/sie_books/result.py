"""What an SIE import did, told in a few Swedish lines rather than one line per voucher.

A year's file holds thousands of vouchers; the summary names them as ranges per series
("A 1–120, B 1–14"), so a re-import says "redan inläst: 134 verifikationer" and an
overlapping file lists exactly which vouchers it skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..importers.result import ImportResult

ENCODING_NAMES = {"cp437": "CP437", "utf-8": "UTF-8", "cp1252": "Windows-1252 (cp1252)"}


@dataclass
class SieImportResult(ImportResult):
    """`ImportResult` plus what an SIE import records, by kind (each a voucher label list)."""

    kind: str = "sie"
    accounts_added: list[str] = field(default_factory=list)
    opening: str | None = None
    vouchers: list[tuple[str, str]] = field(default_factory=list)
    skipped_vouchers: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tolerances: list[tuple[int, str]] = field(default_factory=list)

    def tolerate(self, what: str, lines: tuple[int | None, ...] | list[int | None] = ()) -> None:
        """Note something read leniently, where it is: `fil.se rad 12, 40: what`."""
        first = min((n for n in lines if n is not None), default=0)
        self.tolerances.append((first, f"{where(self.file, lines)}: {what}"))

    @property
    def tolerated(self) -> list[str]:
        """What was read leniently, with file and lines, in the order of the file."""
        return [text for _first, text in sorted(self.tolerances, key=lambda item: item[0])]

    @property
    def nothing_new(self) -> bool:
        return not (self.accounts_added or self.opening or self.vouchers)

    def text(self) -> str:
        head = f"{self.file} (läst som {ENCODING_NAMES.get(self.encoding, self.encoding)})"
        lines: list[str] = []
        if self.nothing_new and self.skipped_vouchers and not self.dry_run:
            lines.append(f"{head}: redan inläst: {_vouchers(len(self.skipped_vouchers))} – inget nytt "
                         "att registrera.")
        elif self.nothing_new:
            lines.append(f"{head}: inget att registrera.")
        else:
            verb = "skulle registreras" if self.dry_run else "registrerade"
            lines.append(("Provkörning – inget sparat. " if self.dry_run else "")
                         + f"{head}: {_and(self._parts())} {verb}.")
            if self.accounts_added:
                lines.append("  nya konton: " + ", ".join(self.accounts_added))
            if self.vouchers:
                lines.append("  verifikationer: " + ranges(self.vouchers))
        if self.skipped_vouchers and not (self.nothing_new and not self.dry_run):
            lines.append(f"Redan inläst: {_vouchers(len(self.skipped_vouchers))} "
                         f"({ranges(self.skipped_vouchers)}) – hoppades över.")
        lines += self.notes
        lines += [f"Tolererat: {t}" for t in self.tolerated]
        lines += [f"Varning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def _parts(self) -> list[str]:
        parts = []
        if self.accounts_added:
            parts.append(f"{len(self.accounts_added)} nya konton" if len(self.accounts_added) > 1
                         else "1 nytt konto")
        if self.opening:
            parts.append(self.opening)
        if self.vouchers:
            parts.append(_vouchers(len(self.vouchers)))
        return parts


SHOWN_LINES = 5


def where(file: str, lines: tuple[int | None, ...] | list[int | None]) -> str:
    """`fil.se rad 3, 5, 9`; beyond SHOWN_LINES lines `… och 12 rader till`."""
    known = sorted({n for n in lines if n is not None})
    if not known:
        return file
    shown = ", ".join(str(n) for n in known[:SHOWN_LINES])
    more = len(known) - SHOWN_LINES
    return f"{file} rad {shown}" + (f" och {more} rader till" if more > 0 else "")


def ranges(labels: list[tuple[str, str]]) -> str:
    """[("A", "1"), ("A", "2"), ("A", "3"), ("A", "7"), ("B", "1")] -> "A 1–3, 7; B 1"."""
    by_series: dict[str, set[str]] = {}
    for serie, nummer in labels:
        by_series.setdefault(serie, set()).add(nummer)
    return "; ".join(f"{serie} " + ", ".join(_runs(by_series[serie])) for serie in sorted(by_series))


def _runs(numbers: set[str]) -> list[str]:
    """Runs of consecutive numbers in natural order ("1–3", "7"), then each other number in
    text order. A year holds tens of thousands: the numbers are sorted as whole numbers, not
    by a key function per number."""
    digits = [n for n in numbers if n.isdigit()]
    if any(n[0] == "0" for n in digits):  # "01" beside "1": both 1, in text order
        texts = [text for _value, text in sorted((int(n), n) for n in digits)]
        values = [int(text) for text in texts]
    else:  # each number written as its value: the values alone are sorted
        values = sorted(map(int, digits))
        texts = None
    runs: list[str] = []
    start = 0
    for end in range(1, len(values) + 1):
        if end == len(values) or values[end] != values[end - 1] + 1:
            first, last = (texts[start], texts[end - 1]) if texts else (str(values[start]), str(values[end - 1]))
            runs.append(first if start == end - 1 else f"{first}–{last}")
            start = end
    return runs + sorted(n for n in numbers if not n.isdigit())


def _vouchers(n: int) -> str:
    return f"{n} verifikation" if n == 1 else f"{n} verifikationer"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]
