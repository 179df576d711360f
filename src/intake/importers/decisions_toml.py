"""Import board meetings and their decisions from a TOML file (UTF-8).

Schema: an array of tables `[[sammantrade]]` with `datum` (required; a TOML date or
"YYYY-MM-DD") and `namn` (optional, default "Styrelsesammanträde"); under each meeting an
array `[[sammantrade.beslut]]` with `paragraf` (required; 5 or "1.8"), `typ` (required,
a kind the ledger knows), `text` (required) and `datum` (optional, the decision's date, not
after the meeting), plus the fields of its kind as `ledger.decision_kinds` defines them
(README has them as a table): a mapping of rows is `insatser = { ref = { kostnadsbudget,
volym } }`, a mapping of amounts `medlemsbidrag = { medlem = belopp }`.

Keys are matched after folding (`år` = `ar`); an insats is named by code or name. Amounts
are Swedish-style strings parsed by `intake.parsing.amounts.parse_amount` ("2 950 000", "1 234,50")
or TOML integers in kronor; floats are refused. A budget without `budgetram` gets the sum of
its medlemsbidrag plus eget_kapital. Errors name the file, meeting, § and field. Meetings
and decisions already recorded identically are skipped ("redan registrerat"); a different
decision under a recorded § is refused (it would be a correction).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from intake.parsing.amounts import parse_amount, parse_count
from intake.parsing.dates import parse_date
from ledger.decision_kinds import KINDS, Field, family
from ledger.service import LedgerService
from ledger.stored import check_ore
from ledger.values import fold
from projections.freeze import APPROVAL, freeze

from .board import default_budgetram, record_or_skip_decision, record_or_skip_meeting
from .result import ImportResult
from .runner import Location, Problems, Progress, Step, execute
from .toml_text import parse_toml

#: How the importer reads each field type of `ledger.decision_kinds` from TOML.
_READ_AS = {"year": "year", "amount": "amount", "count": "count", "date": "date",
            "insats": "text", "member": "text", "text": "text"}


def _read_as(f: Field) -> str:
    if f.type != "mapping":
        return _READ_AS[f.type]
    return "budget_rows" if isinstance(f.values, tuple) else "amounts"


#: The keys each decision kind takes in the file (folded), and how each is read.
KIND_FIELDS: dict[str, dict[str, str]] = {
    kind.id: {f.name: _read_as(f) for f in kind.typed_fields()} for kind in KINDS.values()
}
_COMMON = ("paragraf", "typ", "text", "datum")
_DATUM = Field("datum", "date")
_LABELS = {f.name: f.label for kind in KINDS.values() for f in kind.fields if f.label}


def import_decisions(service: LedgerService, path: str | Path, *, dry_run: bool = False,
                     progress: Progress | None = None) -> ImportResult:
    """Record the meetings and decisions of `path` in one transaction (or, with `dry_run`, none)."""
    path = Path(path)
    raw = _load(path)
    steps: list[Step] = []
    meetings = raw.get("sammantrade", [])
    unknown = sorted(set(raw) - {"sammantrade"})
    here = Location(path.name, labels=_LABELS)
    if unknown or not isinstance(meetings, list):
        raise here.error(unknown[0] if unknown else "sammantrade",
                         "okänd tabell – filen består av [[sammantrade]] med [[sammantrade.beslut]].")
    seen: set[date] = set()
    problems = Problems(path.name)
    for i, meeting in enumerate(meetings, 1):
        at = Location(path.name, where=f"sammanträde nr {i}", labels=_LABELS)
        with problems.collecting(at):
            steps += _meeting(service, path.name, meeting, at, seen, problems)
    if not steps and not problems.found:
        raise here.error(None, "filen har inga sammanträden ([[sammantrade]]).")
    result = ImportResult(path.name, "UTF-8", kind="beslut")
    return execute(service, result, steps, dry_run=dry_run, progress=progress, problems=problems)


def _meeting(service: LedgerService, file: str, meeting: Any, at: Location, seen: set[date],
             problems: Problems) -> list[Step]:
    """The steps of one [[sammantrade]]: the meeting, then each decision that reads."""
    meeting = _table(meeting, at, "sammantrade", {"datum", "namn", "beslut"})
    datum = _convert(meeting.get("datum"), _DATUM, at, "datum")
    at = Location(file, where=f"sammanträde {datum.isoformat()}", labels=_LABELS)
    if datum in seen:
        raise at.error("datum", "sammanträdet finns två gånger i filen.")
    seen.add(datum)
    namn = str(meeting.get("namn") or "Styrelsesammanträde")
    return [Step(at, partial(record_or_skip_meeting, service, datum, namn)),
            *_decisions(service, file, datum, meeting.get("beslut", []), at, problems)]


def _load(path: Path) -> dict[str, Any]:
    here = Location(path.name)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise here.error(None, "filen finns inte.") from None
    except UnicodeDecodeError:
        raise here.error(None, "filen är inte UTF-8-kodad (TOML ska vara UTF-8).") from None
    return parse_toml(text, path.name)


def _decisions(service: LedgerService, file: str, sammantrade: date, items: Any, meeting_at: Location,
               problems: Problems) -> list[Step]:
    if not isinstance(items, list):
        raise meeting_at.error("beslut", "beslut skrivs som [[sammantrade.beslut]].")
    steps: list[Step] = []
    seen: set[str] = set()
    for i, item in enumerate(items, 1):
        at = Location(file, where=f"{meeting_at.where} beslut nr {i}", labels=_LABELS)
        with problems.collecting(at):
            steps.append(_decision(service, file, sammantrade, item, at, seen))
    return steps


def _decision(service: LedgerService, file: str, sammantrade: date, item: Any, at: Location,
              seen: set[str]) -> Step:
    """The step recording one [[sammantrade.beslut]] (refused with its field when it does not read)."""
    item = {fold(k): v for k, v in _table(item, at, "beslut", None).items()}
    if "paragraf" not in item:
        raise at.error("paragraf", "saknas.")
    paragraf = str(item["paragraf"]).strip().lstrip("§").strip()
    at = Location(file, where=f"sammanträde {sammantrade.isoformat()} § {paragraf}", labels=_LABELS)
    if paragraf in seen:
        raise at.error("paragraf", f"§ {paragraf} används två gånger i sammanträdet.")
    seen.add(paragraf)
    typ = fold(_required(item, "typ", at))
    if typ not in KIND_FIELDS:
        raise at.error("typ", f'"{item["typ"]}" är ingen beslutstyp – välj en av {", ".join(KINDS)}.')
    fields = {f.name: f for f in KINDS[typ].typed_fields()}
    for key in item:
        if key not in fields and key not in _COMMON:
            allowed = ", ".join(_LABELS.get(k, k) for k in (*_COMMON, *fields))
            raise at.error(key, f"okänt fält för {typ} – tillåtna är {allowed}.")
    text = _required(item, "text", at)
    datum = _convert(item["datum"], _DATUM, at, "datum") if "datum" in item else None
    data = {k: _convert(v, fields[k], at, k) for k, v in item.items() if k in fields}
    if family(typ) == "budget":
        default_budgetram(data)
    if typ == APPROVAL:
        with at.located():
            data = freeze(service.store, service.forbund().orgnr, data)
    return Step(at, partial(record_or_skip_decision, service, sammantrade, paragraf, typ, text, data, datum=datum))


def _table(value: Any, at: Location, name: str, allowed: set[str] | None) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise at.error(name, "förväntade en tabell.")
    extra = sorted(set(value) - allowed) if allowed is not None else []
    if extra:
        raise at.error(extra[0], f"okänt fält – tillåtna är {', '.join(sorted(allowed or ()))}.")
    return value


def _required(item: dict[str, Any], key: str, at: Location) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise at.error(key, "saknas." if value is None else "ska vara text.")
    return value.strip()


def _convert(value: Any, f: Field, at: Location, key: str) -> Any:
    """One TOML value of field `f`, as the ledger's payloads hold it."""
    if value is None:
        raise at.error(key, "saknas.")
    kind = _read_as(f)
    if kind == "text":
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise at.error(key, "ska vara text.")
        return str(value).strip()
    if kind == "date":
        if isinstance(value, datetime) or not isinstance(value, (date, str)):
            raise at.error(key, f'"{value}" är inget datum – skriv ÅÅÅÅ-MM-DD.')
        with at.located(key):
            return parse_date(value, field=key)
    if kind == "year":
        if isinstance(value, bool) or not isinstance(value, int) or not 2000 <= value <= 2100:
            raise at.error(key, f'"{value}" är inget år – skriv t.ex. 2024.')
        return value
    if kind == "count":
        with at.located(key):  # a TOML integer meets the same cap as the text form
            return parse_count(value if isinstance(value, str) else str(value), field=key)
    if kind == "amount":
        return _amount(value, at, key)
    if not isinstance(value, dict):
        raise at.error(key, "förväntade en tabell, t.ex. { \"4.0\" = \"1 200 000\" }.")
    if kind == "amounts":
        return {ref: _amount(v, at, f'{key}."{ref}"') for ref, v in value.items()}
    fields = {row.name: row for row in f.values}  # type: ignore[union-attr]
    rows = {}
    for ref, row in value.items():
        name = f'{key}."{ref}"'
        row = {fold(k): v for k, v in _table(row, at, name, None).items()}
        extra = sorted(set(row) - set(fields))
        if extra:
            raise at.error(f"{name}.{extra[0]}", f"okänt fält – tillåtna är {', '.join(fields)}.")
        rows[ref] = {r.name: r.default if row.get(r.name) is None and not r.required
                     else _convert(row.get(r.name), r, at, f"{name}.{r.name}") for r in fields.values()}
    return rows


def _amount(value: Any, at: Location, key: str) -> int:
    """A TOML integer is kronor; a string is Swedish style; floats are refused (binary)."""
    if value is None:
        raise at.error(key, "saknas.")
    if isinstance(value, bool) or isinstance(value, float) or not isinstance(value, (int, str)):
        raise at.error(key, f'skriv beloppet som heltal (kronor) eller text, t.ex. "1 234,50" – inte {value!r}.')
    if isinstance(value, int):
        with at.located(key):  # the terminal's cap, for a TOML integer too
            ore = check_ore(value * 100, field=key)
    else:
        with at.located(key):
            ore = parse_amount(value, field=key)
    if ore < 0:
        raise at.error(key, "beloppet får inte vara negativt.")
    return ore


__all__ = ["KIND_FIELDS", "import_decisions"]
