"""The Uppföljning Finsam figures as a field list: one line per value to key in, in the
order of that system's registration pages, and as CSV.

Each line names where the value goes (avsnitt, insats or finansiär, inriktning, fält) and
the value as the system takes it: whole kronor without spaces (half-up), counts as digits;
a value finsam does not have (kön of a meeting count) is no line. Sum rows are left out: the system adds up itself.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from .model import Report, Section
from .numbers import ore_to_kronor, round_half_up

# Names, codes and words that describe a row rather than being a value keyed in.
NOT_FIELDS = ("kod", "insats", "finansiar", "inriktning", "matt_text", "typ_av_finansiar")
HEADER = ("Avsnitt", "Insatskod", "Insats/finansiär", "Inriktning", "Fält", "Värde")


def field_lines(report: Report) -> list[tuple[str, str, str, str, str, str]]:
    """(avsnitt, kod, namn, inriktning, fält, värde) for every value of the report's sections,
    rows in order and, within a row, the columns in order (names, codes and empty text are not fields)."""
    lines = []
    for s in report.sections:
        for row in s.rows:
            if row.get("typ") == "summa" and row.get("post") != "summa_deltagare":
                continue
            name = row.get("insats") or row.get("finansiar") or ""
            for column in s.columns:
                if column.id in NOT_FIELDS or row.get(column.id) in (None, ""):
                    continue
                lines.append((s.title, str(row.get("kod") or ""), str(name), str(row.get("inriktning") or ""),
                              _field_title(s, column.id, row), _value(row.get(column.id), column.kind)))
    return lines


def _field_title(s: Section, column_id: str, row: dict[str, object]) -> str:
    title = s.column(column_id).title
    if column_id == "totalt" and row.get("matt_text"):
        return f"{title} ({row['matt_text']})"
    return title


def _value(value: object, kind: str) -> str:
    if value is None:
        return ""
    if kind in ("amount_ore", "amount_tkr"):
        return str(round_half_up(ore_to_kronor(int(value))))  # type: ignore[arg-type]
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    return str(value)


def to_csv(report: Report) -> str:
    """The field list as CSV with a header line: semicolon-separated, as Swedish Excel opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(field_lines(report))
    return out.getvalue()
