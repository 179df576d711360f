"""The column names of the import files, in one place the CLI reuses for its flags.

Names are compared after `ledger.values.fold`, so `påbörjade_kvinnor`, `Påbörjade kvinnor`
and `paborjade_kvinnor` are the same column. `FLOW_COLUMNS` maps the folded name of each
flow column to where its count goes in `LedgerService.report_flow` (part, key); the flags of
`finsam record flow` are the same names with dashes (`--paborjade-kvinnor`, see
`cli_option`). `ACTIVE_COLUMNS` does the same for the opening balance of `finsam import
opening` and `LedgerService.record_opening` (`--aktiva-kvinnor` …).
"""

from __future__ import annotations

from collections.abc import Mapping

from ledger.values import fold

#: folded column name -> (part of the flow, key), part in paborjade / avslutade / utfall.
FLOW_COLUMNS: dict[str, tuple[str, str]] = {
    "paborjade_kvinnor": ("paborjade", "kvinna"),
    "paborjade_man": ("paborjade", "man"),
    "paborjade_ej_angivet": ("paborjade", "ej_angivet"),
    "avslutade_kvinnor": ("avslutade", "kvinna"),
    "avslutade_man": ("avslutade", "man"),
    "avslutade_ej_angivet": ("avslutade", "ej_angivet"),
    "till_arbete": ("utfall", "arbete"),
    "till_studier": ("utfall", "studier"),
    "till_arbetssokande": ("utfall", "arbetssokande"),
    "till_annan_insats": ("utfall", "annan_insats"),
    "till_ovrigt": ("utfall", "ovrigt"),
}

#: The ledger names a flow field `<part>_<key>` with `till_` for outcomes; -> column.
SERVICE_FIELDS: dict[str, str] = {
    (f"till_{key}" if part == "utfall" else f"{part}_{key}"): column
    for column, (part, key) in FLOW_COLUMNS.items()
}
SERVICE_FIELDS["utfall"] = "till_…"

#: folded column name -> gender of `LedgerService.record_opening`'s `aktiva`.
ACTIVE_COLUMNS: dict[str, str] = {
    "aktiva_kvinnor": "kvinna",
    "aktiva_man": "man",
    "aktiva_ej_angivet": "ej_angivet",
}

#: The ledger names an opening count `aktiva_<gender>`; -> column.
ACTIVE_SERVICE_FIELDS: dict[str, str] = {f"aktiva_{gender}": column for column, gender in ACTIVE_COLUMNS.items()}

#: How each column is written in documentation and messages (the Swedish spelling).
TITLES: dict[str, str] = {
    "insats": "insats",
    "manad": "månad",
    "paborjade_kvinnor": "påbörjade_kvinnor",
    "paborjade_man": "påbörjade_män",
    "paborjade_ej_angivet": "påbörjade_ej_angivet",
    "avslutade_kvinnor": "avslutade_kvinnor",
    "avslutade_man": "avslutade_män",
    "avslutade_ej_angivet": "avslutade_ej_angivet",
    "till_arbete": "till_arbete",
    "till_studier": "till_studier",
    "till_arbetssokande": "till_arbetssökande",
    "till_annan_insats": "till_annan_insats",
    "till_ovrigt": "till_övrigt",
    "volym": "volym",
    "ar": "år",
    "kostnadsbudget": "kostnadsbudget",
    "budgeterad_volym": "budgeterad_volym",
    "medlem": "medlem",
    "medlemsbidrag": "medlemsbidrag",
    "budgetram": "budgetram",
    "eget_kapital": "eget_kapital",
    "mal_individ": "mål_individ",
    "mal_struktur": "mål_struktur",
    "datum": "datum",
    "belopp": "belopp",
    "text": "text",
    "aktiva_kvinnor": "aktiva_kvinnor",
    "aktiva_man": "aktiva_män",
    "aktiva_ej_angivet": "aktiva_ej_angivet",
}

STATS_COLUMNS = ("insats", "manad", *FLOW_COLUMNS, "volym")
STATS_REQUIRED = ("insats", "manad")

BUDGET_SINGLE_VALUES = ("budgetram", "eget_kapital", "mal_individ", "mal_struktur")
BUDGET_COLUMNS = ("ar", "insats", "kostnadsbudget", "budgeterad_volym", "medlem", "medlemsbidrag",
                  *BUDGET_SINGLE_VALUES)
BUDGET_REQUIRED = ("ar",)

COST_COLUMNS = ("datum", "insats", "belopp", "text")
COST_REQUIRED = ("datum", "insats", "belopp")

OPENING_COLUMNS = ("insats", "datum", *ACTIVE_COLUMNS)
OPENING_REQUIRED = ("insats", "datum")


def title(column: str) -> str:
    """The Swedish spelling of a folded column name (`paborjade_man` -> `påbörjade_män`)."""
    return TITLES.get(column, column)


def cli_option(column: str) -> str:
    """The CLI flag of a column: `påbörjade_kvinnor` -> `--paborjade-kvinnor`."""
    return "--" + fold(column).replace("_", "-")


def split_flow(counts: Mapping[str, int]) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Counts by folded column name -> the (paborjade, avslutade, utfall) of `report_flow`.

    Keys that are not flow columns are ignored; missing columns count as 0 in the ledger.
    """
    parts: dict[str, dict[str, int]] = {"paborjade": {}, "avslutade": {}, "utfall": {}}
    for column, value in counts.items():
        target = FLOW_COLUMNS.get(fold(column))
        if target is not None:
            parts[target[0]][target[1]] = value
    return parts["paborjade"], parts["avslutade"], parts["utfall"]
