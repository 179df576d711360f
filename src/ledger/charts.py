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
        raise InputError(f'Fältet "{field}": "{konto}" är inget kontonummer (fyra siffror).', field=field)
    if konto not in accounts:
        raise NotFound(
            f'Fältet "{field}": konto {konto} finns inte i förbundets kontoplan – lägg till det '
            "med [[konto]] i förbundsfilen eller via #KONTO i en SIE-fil.",
            field=field,
        )
    return konto
