"""Every figure of a report, by a stable id, to compare two versions of it.

A figure is a key figure or one cell of a section that is not text: id
"key_figures.resultat" or "<section>.<row>.<column>", where the row is named by its `post`,
`kod`, `konto`, `objekt` or `medlem`, else its first text cell, else its index (a repeated
name gets "#2", "#3" …). The label is what a reader looks for: "Resultaträkning › Summa
verksamhetens kostnader › Perioden".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import KeyFigure, Report, json_value
from .render.common import cell_text, key_figure_label, key_figure_text

ROW_KEYS = ("post", "kod", "konto", "objekt", "medlem")


@dataclass(frozen=True)
class Figure:
    """One figure: its id, its Swedish label, its kind (a column kind) and its value (None: empty)."""

    id: str
    label: str
    kind: str
    value: Any

    def text(self) -> str:
        """The value as the report prints it ("1 129 829 kr", "66,7 %", "–")."""
        return key_figure_text(KeyFigure(self.id, self.value, self.kind))

    def json(self) -> Any:
        return json_value(self.value, self.kind)


def figures(report: Report) -> dict[str, Figure]:
    """Every figure of `report` by id, in the report's order."""
    out: dict[str, Figure] = {}
    for key, figure in report.key_figures.items():
        out[f"key_figures.{key}"] = Figure(f"key_figures.{key}", f"Nyckeltal › {key_figure_label(key)}",
                                           figure.kind, figure.value)
    for section in report.sections:
        texts = [c for c in section.columns if c.kind == "text"]
        seen: dict[str, int] = {}
        for i, row in enumerate(section.rows):
            shown = [cell_text(row.get(c.id), "text") for c in texts]
            first = " ".join(t for t in shown if t)
            name = next((str(row[k]) for k in ROW_KEYS if row.get(k) not in (None, "")), None) or first or str(i + 1)
            seen[name] = seen.get(name, 0) + 1
            key = name if seen[name] == 1 else f"{name}#{seen[name]}"
            for column in section.columns:
                if column.kind == "text":
                    continue
                fid = f"{section.id}.{key}.{column.id}"
                label = " › ".join(p for p in (section.title, first or name, column.title) if p)
                out[fid] = Figure(fid, label, column.kind, row.get(column.id))
    return out


def changed(before: dict[str, Figure], after: dict[str, Figure]) -> list[tuple[Figure | None, Figure | None]]:
    """(before, after) for each figure whose value differs (None where a version lacks it), in
    the order of `after` and then the figures only `before` has."""
    pairs = []
    for fid in dict.fromkeys([*after, *before]):
        old, new = before.get(fid), after.get(fid)
        if (old.value if old else None) != (new.value if new else None):
            pairs.append((old, new))
    return pairs
