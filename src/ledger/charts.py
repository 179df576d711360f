"""Charts of accounts (kontoplaner) the ledger knows, and the defaults built on them.

A förbund uses `kommunbas` (the municipal chart, the usual case) or `bas`. An account is
known when it is in the built-in chart below or was added to the förbund (from the TOML
file's `[[konto]]` tables or an SIE file's #KONTO records). Account *groups* map to report
lines in `projections`; the ranges are part of the förbund's settings and can be overridden.
"""

from __future__ import annotations

import re

from .errors import InputError, NotFound

KOMMUNBAS: dict[str, str] = {
    "1350": "Andelar",
    "1510": "Kundfordringar",
    "1640": "Mervärdesskattefordringar",
    "1680": "Övriga kortfristiga fordringar",
    "1710": "Förutbetalda kostnader",
    "1790": "Upplupna intäkter",
    "1930": "Bank",
    "2050": "Balanserat eget kapital",
    "2099": "Årets resultat",
    "2440": "Leverantörsskulder",
    "2710": "Personalens skatter",
    "2730": "Lagstadgade sociala avgifter",
    "2790": "Övriga kortfristiga skulder",
    "2910": "Upplupna personalrelaterade kostnader",
    "2970": "Förutbetalda intäkter",
    "2990": "Övriga upplupna kostnader",
    "3740": "Medlemsbidrag",
    "3750": "EU-bidrag och andra bidrag",
    "3990": "Övriga intäkter",
    "4610": "Köp av huvudverksamhet (insatser)",
    "5010": "Löner",
    "5110": "Arvoden förtroendevalda",
    "5410": "Sociala avgifter",
    "5510": "Pensionskostnader",
    "5539": "Övriga personalkostnader",
    "6110": "Lokalhyror",
    "6410": "Köp av administrativa tjänster",
    "6420": "Revision",
    "6910": "Kurser och konferenser",
    "6990": "Övriga kostnader",
    "8410": "Ränteintäkter",
    "8510": "Räntekostnader",
    "8590": "Bankkostnader och övriga finansiella kostnader",
}

BAS: dict[str, str] = {
    "1380": "Andra långfristiga fordringar",
    "1510": "Kundfordringar",
    "1650": "Momsfordran",
    "1680": "Övriga kortfristiga fordringar",
    "1710": "Förutbetalda kostnader",
    "1790": "Upplupna intäkter",
    "1930": "Företagskonto",
    "2091": "Balanserat resultat",
    "2099": "Årets resultat",
    "2440": "Leverantörsskulder",
    "2710": "Personalens skatter",
    "2730": "Lagstadgade sociala avgifter",
    "2990": "Övriga upplupna kostnader och förutbetalda intäkter",
    "3010": "Medlemsbidrag",
    "3990": "Övriga intäkter",
    "4010": "Köp av insatser",
    "6550": "Konsultarvoden",
    "7010": "Löner",
    "7510": "Sociala avgifter",
    "8310": "Ränteintäkter",
    "8410": "Räntekostnader",
}

CHARTS = {"kommunbas": KOMMUNBAS, "bas": BAS}

# Accounts the simple cost form ("Försteg Motala, mars 2024, 245 000 kr") books against.
DEFAULT_COST_ACCOUNTS = {
    "kommunbas": {"kostnadskonto": "4610", "motkonto": "2440"},
    "bas": {"kostnadskonto": "4010", "motkonto": "2440"},
}

_ACCOUNT = re.compile(r"^\d{4}$")


def chart(kontoplan: str, added: dict[str, str]) -> dict[str, str]:
    """The förbund's accounts: the built-in chart plus its own additions."""
    return {**CHARTS[kontoplan], **added}


def check_account(konto: str, accounts: dict[str, str], *, field: str = "konto") -> str:
    konto = str(konto).strip()
    if not _ACCOUNT.match(konto):
        raise InputError(f'"{konto}" är inget kontonummer (fyra siffror).', field=field)
    if konto not in accounts:
        raise NotFound(
            f'konto {konto} finns inte i förbundets kontoplan – lägg till det '
            "med [[konto]] i förbundsfilen eller via #KONTO i en SIE-fil.",
            field=field,
        )
    return konto


# Report lines: (line id, Swedish title, statement, account ranges). The first matching line
# wins, so a narrow range (leverantörsskulder) stands before the wider one around it.
# A förbund overrides ranges per line in its file: [rapportrader] kassa_och_bank = "1900-1999".
ReportLine = tuple[str, str, str, tuple[str, ...]]

_BALANCE_LINES: list[ReportLine] = [
    ("immateriella_anlaggningstillgangar", "Immateriella anläggningstillgångar", "BR", ("1000-1099",)),
    ("materiella_anlaggningstillgangar", "Materiella anläggningstillgångar", "BR", ("1100-1299",)),
    ("finansiella_anlaggningstillgangar", "Andelar", "BR", ("1300-1399",)),
    ("forrad", "Förråd", "BR", ("1400-1499",)),
    ("kortfristiga_fordringar", "Övriga kortfristiga fordringar", "BR", ("1500-1699",)),
    ("forutbetalda_kostnader_upplupna_intakter", "Förutbetalda kostnader och upplupna intäkter", "BR", ("1700-1799",)),
    ("kortfristiga_placeringar", "Kortfristiga placeringar", "BR", ("1800-1899",)),
    ("kassa_och_bank", "Kassa och bank", "BR", ("1900-1999",)),
    ("eget_kapital", "Eget kapital", "BR", ("2000-2099",)),
    ("avsattningar", "Avsättningar", "BR", ("2100-2299",)),
    ("langfristiga_skulder", "Långfristiga skulder", "BR", ("2300-2399",)),
    ("leverantorsskulder", "Leverantörsskulder", "BR", ("2440-2449",)),
    ("kortfristiga_skulder", "Kortfristiga skulder", "BR", ("2400-2899",)),
    ("upplupna_kostnader_forutbetalda_intakter", "Upplupna kostnader och förutbetalda intäkter", "BR", ("2900-2999",)),
]

DEFAULT_REPORT_LINES: dict[str, list[ReportLine]] = {
    "kommunbas": _BALANCE_LINES + [
        ("verksamhetens_intakter", "Verksamhetens intäkter", "RR", ("3000-3999",)),
        ("avskrivningar", "Avskrivningar", "RR", ("7800-7899",)),
        ("verksamhetens_kostnader", "Verksamhetens kostnader", "RR", ("4000-7999",)),
        ("finansiella_intakter", "Finansiella intäkter", "RR", ("8000-8499",)),
        ("finansiella_kostnader", "Finansiella kostnader", "RR", ("8500-8799",)),
        ("extraordinara_poster", "Extraordinära poster", "RR", ("8800-8999",)),
    ],
    "bas": _BALANCE_LINES + [
        ("verksamhetens_intakter", "Verksamhetens intäkter", "RR", ("3000-3999",)),
        ("avskrivningar", "Avskrivningar", "RR", ("7800-7899",)),
        ("verksamhetens_kostnader", "Verksamhetens kostnader", "RR", ("4000-7999",)),
        ("finansiella_intakter", "Finansiella intäkter", "RR", ("8000-8399",)),
        ("finansiella_kostnader", "Finansiella kostnader", "RR", ("8400-8799",)),
        ("extraordinara_poster", "Extraordinära poster", "RR", ("8800-8999",)),
    ],
}

_RANGE = re.compile(r"^(\d{4})-(\d{4})$")


def report_lines(kontoplan: str, overrides: dict[str, object] | None = None) -> list[ReportLine]:
    """The förbund's report lines: the defaults of its chart with its own ranges applied."""
    lines = []
    overrides = overrides or {}
    known = {line[0] for line in DEFAULT_REPORT_LINES[kontoplan]}
    for unknown in sorted(set(overrides) - known):
        raise InputError(
            f'okänd rapportrad – kända är {", ".join(sorted(known))}.',
            field=f"rapportrader.{unknown}",
        )
    for line_id, title, statement, ranges in DEFAULT_REPORT_LINES[kontoplan]:
        given = overrides.get(line_id, ranges)
        given = (given,) if isinstance(given, str) else tuple(str(r) for r in given)  # type: ignore[arg-type]
        for r in given:
            if not _RANGE.match(r) or r[:4] > r[5:]:
                raise InputError(
                    f'"{r}" är inget kontointervall som 1900-1999.',
                    field=f"rapportrader.{line_id}",
                )
        lines.append((line_id, title, statement, given))
    return lines


def line_of(konto: str, lines: list[ReportLine]) -> str | None:
    """The report line an account belongs to (first match), or None."""
    for line_id, _title, _statement, ranges in lines:
        if any(r[:4] <= konto <= r[5:] for r in ranges):
            return line_id
    return None
