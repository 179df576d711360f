"""A report as the JSON of the contract (docs/contracts.md): `Report.to_json_dict()`.

UTF-8 text (not ASCII-escaped), indented by two, ending with a newline. Keys come in a
stable order whatever order a builder filled its dicts in: the contract's own order at the
top, each row's keys in the order of its section's columns and then any extra keys
sorted, so two runs over the same facts give byte-identical files.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Report


def render_json(report: Report) -> str:
    """The report as contract JSON text."""
    data = report.to_json_dict()
    for section in data["sections"]:
        order = [c["id"] for c in section["columns"]]
        section["rows"] = [_ordered(row, order) for row in section["rows"]]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _ordered(row: dict[str, Any], order: list[str]) -> dict[str, Any]:
    known = [k for k in order if k in row]
    extra = sorted(k for k in row if k not in order)
    return {k: row[k] for k in [*known, *extra]}
