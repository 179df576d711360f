"""The förbund file (TOML): name, members, chart settings and the insats catalogue.

`parse_forbund_file` turns the file into a checked `ForbundSpec`; unknown keys, missing
fields and bad values are refused with the file, the table and the field named.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from intake.parsing.dates import parse_date
from ledger.charts import CHARTS, report_lines
from ledger.errors import InputError
from ledger.forbund_spec import ORGNR, ForbundSpec, InsatsSpec, MemberSpec
from ledger.personnummer import check_free_text
from ledger.suggestions import closest, either
from ledger.text import clean_text, same_text_key
from ledger.values import LEVELS, MEASURES, MEMBER_KINDS, check_choice, fold, format_share

from .runner import FileInputError
from .toml_text import parse_toml

TOP_KEYS = {"namn", "organisationsnummer", "kontoplan", "medlem", "insats", "konto", "installningar", "rapportrader",
            "styrelse"}
MEMBER_KEYS = {"namn", "typ", "andel"}
INSATS_KEYS = {"kod", "namn", "niva", "matt", "typ", "agare", "start", "objekt", "slut"}
BOARD_KEYS = {"namn", "roll", "medlem"}
# The board's roles as shown (signature page, styrelse list); the file may write them without å/ä/ö.
BOARD_ROLES = {"ordforande": "ordförande", "vice_ordforande": "vice ordförande", "ledamot": "ledamot",
               "ersattare": "ersättare"}
SETTING_KEYS = {"kostnadskonto", "motkonto", "kostnadsserie", "rattelseserie", "siedimension"}


class _Where:
    def __init__(self, path: str) -> None:
        self.path = path

    def error(self, where: str, key: str, message: str) -> FileInputError:
        return FileInputError(f'{self.path}: {where}, fältet "{key}": {message}', field=key, file=self.path)


def parse_forbund_file(path: str | Path) -> ForbundSpec:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileInputError(f"Filen {path} finns inte.", field=None, file=str(path)) from None
    except UnicodeDecodeError:
        raise FileInputError(f"{path}: filen är inte UTF-8-kodad.", field=None, file=str(path)) from None
    return parse_forbund_dict(parse_toml(text, str(path)), str(path))


def parse_forbund_dict(raw: dict[str, Any], source: str = "förbundsfilen") -> ForbundSpec:
    w = _Where(source)
    _no_unknown(w, "förbundet", raw, TOP_KEYS)
    namn = _text(w, "förbundet", raw, "namn")
    orgnr = _text(w, "förbundet", raw, "organisationsnummer")
    if not ORGNR.match(orgnr):
        raise w.error("förbundet", "organisationsnummer", f'"{orgnr}" ska skrivas NNNNNN-NNNN.')
    kontoplan = str(raw.get("kontoplan", "kommunbas"))
    if kontoplan not in CHARTS:
        raise w.error("förbundet", "kontoplan", f'"{kontoplan}" är okänd – välj kommunbas eller bas.')

    members = []
    for i, m in enumerate(raw.get("medlem", []), 1):
        where = f"[[medlem]] nr {i}"
        _no_unknown(w, where, m, MEMBER_KEYS)
        typ = _choice(w, where, m, "typ", MEMBER_KINDS)
        members.append(MemberSpec(_text(w, where, m, "namn"), typ, _share(w, where, m.get("andel"))))
    _unique(w, "[[medlem]]", "namn", [m.namn for m in members])
    _shares_add_up(w, members)

    insatser = []
    member_names = {same_text_key(m.namn): m.namn for m in members}
    for i, s in enumerate(raw.get("insats", []), 1):
        where = f"[[insats]] nr {i}"
        _no_unknown(w, where, s, INSATS_KEYS)
        agare = _text(w, where, s, "agare")
        if same_text_key(agare) not in member_names:
            near = closest(agare, [m.namn for m in members])
            guess = " – menade du " + either([f'"{n}"' for n in near]) + "?" if near else "."
            raise w.error(where, "agare", f'"{agare}" är ingen medlem i förbundet{guess}')
        start = _date(w, where, s, "start")
        slut = _date(w, where, s, "slut") if "slut" in s else None
        if slut is not None and slut < start:
            raise w.error(where, "slut", "slutdatum ligger före startdatum.")
        insatser.append(
            InsatsSpec(
                kod=_text(w, where, s, "kod"),
                namn=_text(w, where, s, "namn"),
                niva=_choice(w, where, s, "niva", LEVELS),
                matt=_choice(w, where, s, "matt", MEASURES),
                typ=_text(w, where, s, "typ"),
                agare=member_names[same_text_key(agare)],
                start=start,
                objekt=str(s.get("objekt", "")).strip(),
                slut=slut,
            )
        )
    _unique(w, "[[insats]]", "kod", [s.kod for s in insatser])
    _unique(w, "[[insats]]", "namn", [s.namn for s in insatser])

    konton = {}
    for i, k in enumerate(raw.get("konto", []), 1):
        where = f"[[konto]] nr {i}"
        _no_unknown(w, where, k, {"nummer", "namn"})
        nr = _text(w, where, k, "nummer")
        if not re.match(r"^\d{4}$", nr):
            raise w.error(where, "nummer", f'"{nr}" är inget kontonummer (fyra siffror).')
        konton[nr] = _text(w, where, k, "namn")

    settings = dict(raw.get("installningar", {}))
    _no_unknown(w, "[installningar]", settings, SETTING_KEYS)
    if "styrelse" in raw:  # optional: the board who sign the reports (stored with the settings)
        settings["styrelse"] = _board(w, raw["styrelse"], member_names)
    if "rapportrader" in raw:
        report_lines(kontoplan, raw["rapportrader"])  # refuses unknown lines and bad ranges
        settings["rapportrader"] = dict(raw["rapportrader"])
    return ForbundSpec(namn, orgnr, kontoplan, tuple(members), tuple(insatser), konton, settings)


def _board(w: _Where, rows: Any, member_names: dict[str, str]) -> list[dict[str, str]]:
    """The `[[styrelse]]` rows in file order: namn, roll (shown with å/ä/ö) and, if given, medlem."""
    if not isinstance(rows, list):
        raise w.error("förbundet", "styrelse", "skriv styrelsen som [[styrelse]]-tabeller, en per ledamot.")
    board = []
    for i, row in enumerate(rows, 1):
        where = f"[[styrelse]] nr {i}"
        _no_unknown(w, where, row, BOARD_KEYS)
        namn = _text(w, where, row, "namn")
        roll = _text(w, where, row, "roll")
        if fold(roll) not in BOARD_ROLES:
            raise w.error(where, "roll", f'"{roll}" är ingen roll i styrelsen – välj ordförande, vice ordförande, '
                                         "ledamot eller ersättare.")
        member = {"namn": namn, "roll": BOARD_ROLES[fold(roll)]}
        if "medlem" in row:
            medlem = _text(w, where, row, "medlem")
            if same_text_key(medlem) not in member_names:
                raise w.error(where, "medlem", f'"{medlem}" är ingen medlem i förbundet.')
            member["medlem"] = member_names[same_text_key(medlem)]
        board.append(member)
    _unique(w, "[[styrelse]]", "namn", [m["namn"] for m in board])
    return board


def _no_unknown(w: _Where, where: str, table: Any, allowed: set[str]) -> None:
    if not isinstance(table, dict):
        raise w.error(where, "?", "förväntade en tabell.")
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise w.error(where, unknown[0], f"okänt fält – tillåtna är {', '.join(sorted(allowed))}.")


def _text(w: _Where, where: str, table: dict[str, Any], key: str) -> str:
    value = table.get(key)
    if value is None or not str(value).strip():
        raise w.error(where, key, "saknas.")
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise w.error(where, key, "ska vara text.")
    try:
        text = clean_text(str(value).strip(), field=key)
    except InputError as error:
        raise w.error(where, key, error.message) from None
    check_free_text(text, field=key)
    return text


def _choice(w: _Where, where: str, table: dict[str, Any], key: str, choices: tuple[str, ...]) -> str:
    value = _text(w, where, table, key)
    try:
        return check_choice(value, choices, field=key)
    except InputError as exc:
        raise w.error(where, key, exc.message) from None


def _date(w: _Where, where: str, table: dict[str, Any], key: str) -> date:
    value = table.get(key)
    if value is None:
        raise w.error(where, key, "saknas.")
    try:
        return parse_date(value if isinstance(value, date) else str(value), field=key)
    except InputError as exc:
        raise w.error(where, key, exc.message) from None


def _share(w: _Where, where: str, value: Any) -> int | None:
    """'25 %', '12,5 %', 25 or 0.25 -> basis points. Fractions ≤ 1 are read as parts of one."""
    if value is None:
        return None
    try:
        if isinstance(value, str):
            d = Decimal(value.replace("%", "").replace(",", ".").strip())
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            d = Decimal(str(value))
            if d <= 1:
                d *= 100
        else:
            raise InvalidOperation
    except InvalidOperation:
        raise w.error(where, "andel", f'"{value}" är ingen andel – skriv t.ex. "25 %".') from None
    if not 0 <= d <= 100 or d * 100 != int(d * 100):
        raise w.error(where, "andel", f'"{value}" ska vara mellan 0 och 100 % med högst två decimaler.')
    return int(d * 100)


def _shares_add_up(w: _Where, members: list[MemberSpec]) -> None:
    """Shares given for every member make 100 %; given for some, they leave a part for the
    others (who share the rest as they agree); none given is fine."""
    given = [m for m in members if m.andel is not None]
    if not given:
        return
    total = sum(m.andel for m in given)  # type: ignore[misc]
    without = [m.namn for m in members if m.andel is None]
    if not without and total != 10_000:
        raise w.error("[[medlem]]", "andel", f"andelarna är tillsammans {format_share(total)} – de ska vara 100 %.")
    if without and total >= 10_000:
        raise w.error("[[medlem]]", "andel",
                      f"andelarna är tillsammans {format_share(total)} och lämnar inget åt "
                      f"{', '.join(without)} – ge dem andel 0 % eller sänk de andra.")


def _unique(w: _Where, where: str, key: str, values: list[str]) -> None:
    seen: set[str] = set()
    for v in values:
        if same_text_key(v) in seen:  # NFC and case aside: names that look the same are one
            raise w.error(where, key, f'"{v}" förekommer två gånger.')
        seen.add(same_text_key(v))
