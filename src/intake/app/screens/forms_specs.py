"""The forms of the Formulär screen as data: each form's fields (named as the ledger names
them, so a refusal's `LedgerError.field` finds its input), how each field's text is read,
and the service command the values make. No Textual here: the screen lays them out.

Reading a form gives every field's problem at once; the command is then checked by the
service (`check`, nothing written) and its refusal placed under the field it names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from intake.parsing.amounts import parse_amount, parse_count
from intake.parsing.dates import parse_date, parse_month
from intake.parsing.headcount import parse_headcount
from ledger.decision_kinds import DECISION_KINDS, KINDS
from ledger.errors import InputError, LedgerError
from ledger.service.commands import (
    Command,
    Line,
    PostVoucher,
    RecordCost,
    RecordDecision,
    RecordEmployees,
    RecordMeeting,
    RecordOpening,
    RecordOpeningBalances,
    ReportFlow,
    ReportVolume,
)
from ledger.values import GENDERS, LABELS, OUTCOMES

#: A form-level problem (no field, or a field the form has no input for).
FORM = "form"
#: The problem of a form's lines as a whole (unbalanced, none filled in), shown under them.
LINES = "rader"
#: In a form's values: its filled-in lines, each (its row number on screen, its values).
ROWS = "_rows"
_LINE_FIELD = re.compile(r"rad (\d+) (\w+)")


@dataclass(frozen=True)
class FieldSpec:
    """One input: the ledger's field name, its Swedish label, a hint, how it is read
    ("text", "month", "day", "count", "amount", "year", "headcount") and whether it may be empty
    (an empty count is 0, an empty optional text None)."""

    name: str
    label: str
    placeholder: str = ""
    kind: str = "text"
    required: bool = True


@dataclass(frozen=True)
class FormSpec:
    """One form: its id, Swedish title, fields and the command its values make."""

    id: str
    title: str
    fields: tuple[FieldSpec, ...]
    build: Callable[[dict[str, Any]], Command]
    extra_errors: tuple[str, ...] = ()  # fields refusals name that have no input ("utfall")
    lines: tuple[FieldSpec, ...] = ()  # the columns of a line, when the form takes lines
    rows: int = 0  # lines shown at first; the screen adds more
    aliases: tuple[tuple[str, str], ...] = ()  # a refusal's field -> where it is shown


def line_input(row: int, column: str) -> str:
    """The input name of a line's column: `rad_2_belopp`."""
    return f"rad_{row}_{column}"


def _counts(prefix: str, keys: tuple[str, ...], values: dict[str, Any]) -> dict[str, int]:
    return {k: values[prefix + k] for k in keys if values.get(prefix + k)}


def _flow(v: dict[str, Any]) -> Command:
    return ReportFlow(v["insats"], v["manad"], _counts("paborjade_", GENDERS, v), _counts("avslutade_", GENDERS, v),
                      _counts("till_", OUTCOMES, v))


_INSATS = FieldSpec("insats", "Insats", "namn eller kod, t.ex. Försteg Motala eller 4.1")
_MANAD = FieldSpec("manad", "Månad", "ÅÅÅÅ-MM, t.ex. 2024-03", "month")

#: The decision form's payload fields: every kind's own fields that are typed one value each.
_DECISION_FIELDS = tuple(dict.fromkeys(
    (f.name, f.type) for kind in KINDS.values() for f in kind.typed_fields() if f.type != "mapping"))
_FIELD_KINDS = {"year": "year", "amount": "amount", "count": "count", "date": "day", "insats": "text", "text": "text"}
_DECISION_LABELS = {"ar": "År", "budgetram": "Budgetram", "eget_kapital": "Varav eget kapital", "insats": "Insats",
                    "belopp": "Belopp", "fran": "Från", "till": "Till", "namn": "Nytt namn",
                    "ersatt_av": "Ersätts av (insats)", "slut": "Sista dag", "rapport": "Rapport",
                    "period_start": "Periodens första dag", "period_slut": "Periodens sista dag",
                    "mal_individ": "Mål deltagare individ", "mal_struktur": "Mål deltagare struktur"}


_HINTS = {"date": "ÅÅÅÅ-MM-DD", "amount": "t.ex. 300 000 kr", "year": "ÅÅÅÅ", "insats": "namn eller kod",
          "text": "för rapport: delarsrapport | arsredovisning | uppfoljning"}


def decision_kind(text: str) -> str:
    """A decision kind by its id or Swedish name ("budget", "budget antagen")."""
    said = text.strip().casefold()
    for kind, label in DECISION_KINDS.items():
        if said in (kind, label.casefold()):
            return kind
    raise InputError(f'"{text}" är ingen beslutstyp – välj en av {", ".join(DECISION_KINDS)}.', field="typ")


def _decision(v: dict[str, Any]) -> Command:
    typ = v["typ"]
    names = {f.name for f in KINDS[typ].typed_fields()}
    given = {name: v[name] for name, _ in _DECISION_FIELDS if v.get(name) not in (None, 0, "")}
    for name in given:
        if name not in names:
            raise InputError(f"hör inte till beslutstypen {DECISION_KINDS[typ]}.", field=name)
    return RecordDecision(v["sammantrade"], v["paragraf"], typ, v["text"], given)


def _voucher(v: dict[str, Any]) -> Command:
    lines = tuple(Line(r["konto"], r["belopp"], r.get("insats")) for _, r in v[ROWS])
    return PostVoucher(v["datum"], v["serie"], v.get("nummer"), v["text"], lines)


def _opening_balances(v: dict[str, Any]) -> Command:
    balances: dict[str, int] = {}
    for row, r in v[ROWS]:
        konto = r["konto"].strip()
        if konto in balances:
            raise InputError(f"konto {konto} står redan på en rad ovanför.", field=line_input(row, "konto"))
        balances[konto] = r["belopp"]
    return RecordOpeningBalances(v["ar"], balances)


_KONTO = FieldSpec("konto", "Konto", "t.ex. 4610")
_BELOPP = FieldSpec("belopp", "Belopp", "debet +, kredit −", "amount")

FORMS: tuple[FormSpec, ...] = (
    FormSpec("flow", "Flöde", (
        _INSATS, _MANAD,
        *(FieldSpec(f"paborjade_{g}", f"Påbörjade {LABELS[g]}", "0", "count", False) for g in GENDERS),
        *(FieldSpec(f"avslutade_{g}", f"Avslutade {LABELS[g]}", "0", "count", False) for g in GENDERS),
        *(FieldSpec(f"till_{o}", f"Avslutade till {LABELS[o]}", "0", "count", False) for o in OUTCOMES),
    ), _flow, extra_errors=("utfall",)),
    FormSpec("volume", "Volym", (_INSATS, _MANAD, FieldSpec("volym", "Antal", "t.ex. 6", "count")),
             lambda v: ReportVolume(v["insats"], v["manad"], v["volym"])),
    FormSpec("cost", "Kostnad", (
        _INSATS, _MANAD, FieldSpec("belopp", "Belopp", 't.ex. "245 000 kr"; en kreditering är negativ', "amount"),
        FieldSpec("text", "Verifikationstext", "standard: insats, månad år", required=False),
    ), lambda v: RecordCost(v["insats"], v["belopp"], manad=v["manad"], text=v.get("text"))),
    FormSpec("meeting", "Sammanträde", (
        FieldSpec("datum", "Datum", "ÅÅÅÅ-MM-DD", "day"),
        FieldSpec("namn", "Namn", "Styrelsesammanträde", required=False),
    ), lambda v: RecordMeeting(v["datum"], v.get("namn") or "Styrelsesammanträde")),
    FormSpec("decision", "Beslut", (
        FieldSpec("sammantrade", "Sammanträdets datum", "ÅÅÅÅ-MM-DD (registrerat sammanträde)", "day"),
        FieldSpec("paragraf", "Paragraf (§)", "t.ex. 7"),
        FieldSpec("typ", "Beslutstyp", " | ".join(DECISION_KINDS), "kind"),
        FieldSpec("text", "Beslutet i klartext", "t.ex. Budget 2025 antas"),
        *(FieldSpec(name, _DECISION_LABELS.get(name, name), _HINTS.get(kind, ""), _FIELD_KINDS[kind], False)
          for name, kind in _DECISION_FIELDS),
    ), _decision),
    FormSpec("opening", "Ingående deltagare", (
        _INSATS, FieldSpec("datum", "Per dag", "den första i en månad, ÅÅÅÅ-MM-01", "day"),
        *(FieldSpec(f"aktiva_{g}", f"Aktiva {LABELS[g]}", "0", "count", False) for g in GENDERS),
    ), lambda v: RecordOpening(v["insats"], v["datum"], _counts("aktiva_", GENDERS, v))),
    FormSpec("employees", "Anställda", (
        FieldSpec("ar", "År", "ÅÅÅÅ", "year"),
        FieldSpec("antal", "Årsarbetare", "t.ex. 2 eller 1,5", "headcount"),
    ), lambda v: RecordEmployees(v["ar"], v["antal"])),
    FormSpec("voucher", "Verifikation", (
        FieldSpec("serie", "Serie", "t.ex. A"),
        FieldSpec("nummer", "Nummer", "tomt = nästa lediga", required=False),
        FieldSpec("datum", "Datum", "ÅÅÅÅ-MM-DD", "day"),
        FieldSpec("text", "Text", "t.ex. Lokalhyra mars"),
    ), _voucher, extra_errors=(LINES,), rows=3,
        lines=(_KONTO, FieldSpec("insats", "Insats/objekt", "tomt, namn eller kod", required=False), _BELOPP)),
    FormSpec("balances", "Ingående balanser", (FieldSpec("ar", "År", "ÅÅÅÅ", "year"),),
             _opening_balances, extra_errors=(LINES,), rows=3,
             lines=(_KONTO, FieldSpec("belopp", "Belopp", "tillgång +, skuld och eget kapital −", "amount")),
             aliases=(("konto", LINES), ("belopp", LINES))),
)


def read_form(spec: FormSpec, raw: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The values of the form's inputs and, per field, the problem reading it (all at once)."""
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for f in spec.fields:
        text = (raw.get(f.name) or "").strip()
        if not text:
            if f.required:
                problems[f.name] = f"{f.label} saknas."
            else:
                values[f.name] = 0 if f.kind == "count" else None
            continue
        try:
            values[f.name] = _read(f, text)
        except LedgerError as exc:
            problems[f.name] = shown(exc.message)
    if spec.lines:
        values[ROWS] = _read_lines(spec, raw, problems)
    return values, problems


def line_rows(raw: dict[str, str]) -> list[int]:
    """The row numbers of the lines among the form's inputs, in order."""
    rows = {int(m.group(1)) for key in raw if (m := re.fullmatch(r"rad_(\d+)_\w+", key))}
    return sorted(rows)


def _read_lines(spec: FormSpec, raw: dict[str, str], problems: dict[str, str]) -> list[tuple[int, dict[str, Any]]]:
    """The filled-in lines (an empty line is skipped), each problem under its own input."""
    lines = []
    for row in line_rows(raw):
        texts = {c.name: (raw.get(line_input(row, c.name)) or "").strip() for c in spec.lines}
        if not any(texts.values()):
            continue
        line: dict[str, Any] = {}
        for c in spec.lines:
            name = line_input(row, c.name)
            if not texts[c.name]:
                if c.required:
                    problems[name] = f"{c.label} saknas."
                line[c.name] = None
                continue
            try:
                line[c.name] = _read(c, texts[c.name], field=name)
            except LedgerError as exc:
                problems[name] = shown(exc.message)
        lines.append((row, line))
    if not lines:
        problems[LINES] = "Fyll i minst en rad."
    return lines


def _read(f: FieldSpec, text: str, *, field: str | None = None) -> Any:
    if field is not None:  # a line's column, named by its row
        f = FieldSpec(field, f.label, f.placeholder, f.kind, f.required)
    if f.kind == "month":
        return parse_month(text, field=f.name)
    if f.kind == "day":
        return parse_date(text, field=f.name)
    if f.kind == "count":
        return parse_count(text, field=f.name)
    if f.kind == "year":
        year = parse_count(text, field=f.name)
        if not 2000 <= year <= 2100:
            raise LedgerError(f"{year} är inget rimligt år.", field=f.name)
        return year
    if f.kind == "amount":
        return parse_amount(text, field=f.name, allow_kr=True)
    if f.kind == "headcount":
        return parse_headcount(text, field=f.name)
    if f.kind == "kind":
        return decision_kind(text)
    return text


def placed(spec: FormSpec, error: LedgerError, rows: list[int] | None = None) -> tuple[str, str]:
    """(the input, or `FORM`, that shows `error`; its Swedish message). `rows`: the screen
    rows of the lines the command was given, so the service's "rad 2 konto" (its second
    line) finds the row it came from."""
    names = {f.name for f in spec.fields} | set(spec.extra_errors)
    field = dict(spec.aliases).get(error.field or "", error.field or "")
    line = _LINE_FIELD.fullmatch(field)
    if spec.lines and line:
        index, column = int(line.group(1)), line.group(2)
        row = rows[index - 1] if rows and index <= len(rows) else index
        return line_input(row, column), shown(error.message)
    if spec.lines and re.fullmatch(r"rad_\d+_\w+", field):  # a line the form itself refused
        return field, shown(error.message)
    if field.startswith("rad "):  # a voucher line ("rad 1 belopp") is the cost's amount
        field = field.rpartition(" ")[2]
    return (field if field in names else FORM), shown(error.message)


def shown(message: str) -> str:
    """A service message as a sentence under its field."""
    message = message.strip()
    return message[:1].upper() + message[1:]
