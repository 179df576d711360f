"""The report model: what every report builder returns and every renderer formats.

Plain dataclasses, no polars and no formatting: a `Report` is titled `Section`s of rows
(dicts keyed by column id) with typed `Column`s, a flat set of `KeyFigure`s, and the
`problems` the builder found (inconsistencies are shown, never hidden) and `notes`.

Values inside the model stay exact: amounts are integer öre (also in "amount_tkr"
columns — the kind only says how to *display* them), counts are ints, percentages are
`Decimal` in percent units (15.2 means 15,2 %), dates are `date`. `Report.to_json_dict()`
is the JSON contract (docs/contracts.md): amounts as decimal strings in kronor ("-1846437.00"),
percentages as decimal strings ("15.0"), dates ISO, counts as numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the chain module loads SQLAlchemy
    from ledger.audit.chain import Mark

from .document.narrative import TextSection
from .numbers import json_kronor, json_percent

if TYPE_CHECKING:
    from .charts.inputs import ChartInputs

COLUMN_KINDS = ("text", "amount_ore", "amount_tkr", "count", "percent", "date")
AMOUNT_KINDS = ("amount_ore", "amount_tkr")


@dataclass(frozen=True)
class Column:
    """A typed column; `kind` is one of COLUMN_KINDS and decides formatting and alignment.
    `missing` is what a renderer shows for an empty cell (None): "" unless told, "–" where an
    empty cell means "not known" rather than "nothing" (the JSON value stays null)."""

    id: str
    title: str
    kind: str = "text"
    missing: str = ""

    def __post_init__(self) -> None:
        if self.kind not in COLUMN_KINDS:
            raise ValueError(f"unknown column kind {self.kind!r} (one of {', '.join(COLUMN_KINDS)})")


@dataclass
class Section:
    """A titled table. Each row maps column ids to values; extra keys (e.g. "niva") are allowed."""

    id: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None

    def column(self, column_id: str) -> Column:
        for col in self.columns:
            if col.id == column_id:
                return col
        raise KeyError(column_id)


@dataclass(frozen=True)
class KeyFigure:
    """One figure of the JSON contract's `key_figures` (ids listed in docs/contracts.md)."""

    id: str
    value: int | Decimal | None
    kind: str = "amount_ore"


@dataclass(frozen=True)
class Approval:
    """The board's decision that approved a report: "Godkänd av styrelsen 2021-10-29 § 7".
    `position` is the decision's place in the log; `digest`, `rapport_position` and `huvud`
    what was frozen when it was recorded (None for an approval recorded before finsam froze them)."""

    sammantrade: date
    paragraf: str
    datum: date
    position: int
    digest: str | None = None
    rapport_position: int | None = None
    huvud: str | None = None

    def text(self) -> str:
        return f"Godkänd av styrelsen {self.sammantrade.isoformat()} § {self.paragraf}"

    def to_json_dict(self) -> dict[str, Any]:
        return {"sammantrade": self.sammantrade.isoformat(), "paragraf": self.paragraf,
                "datum": self.datum.isoformat(), "text": self.text()}


@dataclass
class Report:
    """A built report. `period` is inclusive (start, last day) as printed on the report."""

    report: str
    title: str
    forbund: dict[str, str]
    period: tuple[date, date]
    known_at: datetime | None
    position: int
    key_figures: dict[str, KeyFigure] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The whole document (docs/contracts.md, --text): the förbund's own text, and the board
    # members who sign ({"namn", "roll", "medlem"}) as the förbund file lists them.
    narrative: list[TextSection] = field(default_factory=list)
    styrelse: list[dict[str, str]] = field(default_factory=list)
    #: The newest approval of this report (kind and period) as known; in JSON only when set.
    approval: Approval | None = None
    #: The hash chain at `position` (set by whoever has the store; printed in footers, not in JSON).
    chain: Mark | None = None
    #: Month-by-month figures for the charts (drawn, never in JSON or the digest). `built.build`
    #: leaves a recipe in `chart_source` instead: only the formats that draw charts pay for them.
    charts: ChartInputs | None = None
    chart_source: Callable[[], ChartInputs] | None = field(default=None, repr=False, compare=False)

    def chart_inputs(self) -> ChartInputs | None:
        """The charts' month-by-month figures, computed on first use from `chart_source`."""
        if self.charts is None and self.chart_source is not None:
            self.charts = self.chart_source()
        return self.charts

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def add_key_figure(self, figure_id: str, value: int | Decimal | None, kind: str = "amount_ore") -> None:
        self.key_figures[figure_id] = KeyFigure(figure_id, value, kind)

    def to_json_dict(self) -> dict[str, Any]:
        """The report as the JSON contract (docs/contracts.md) (ready for `json.dumps`); the
        key `godkand` is added last, only when the report has been approved."""
        data: dict[str, Any] = {
            "report": self.report,
            "title": self.title,
            "forbund": dict(self.forbund),
            "period": {"start": self.period[0].isoformat(), "end": self.period[1].isoformat()},
            "known_at": self.known_at.isoformat() if self.known_at else None,
            "position": self.position,
            "key_figures": {k: json_value(f.value, f.kind) for k, f in self.key_figures.items()},
            "sections": [
                {
                    "id": s.id,
                    "title": s.title,
                    "note": s.note,
                    "columns": [{"id": c.id, "title": c.title, "kind": c.kind} for c in s.columns],
                    "rows": [_json_row(row, s.columns) for row in s.rows],
                }
                for s in self.sections
            ],
            "problems": list(self.problems),
            "notes": list(self.notes),
        }
        if self.narrative:  # additive keys: only a report with the förbund's text has them
            data["narrative"] = [t.to_json_dict() for t in self.narrative]
        if self.styrelse:
            data["styrelse"] = [dict(m) for m in self.styrelse]
        if self.approval is not None:
            data["godkand"] = self.approval.to_json_dict()
        return data


def json_value(value: Any, kind: str) -> Any:
    """One value as the JSON contract wants it, by the kind of its column or key figure."""
    if value is None:
        return None
    if kind in AMOUNT_KINDS:
        return json_kronor(int(value))
    if kind == "percent":
        return json_percent(value)
    return plain_json(value)


def plain_json(value: Any) -> Any:
    """A value with no declared kind: dates ISO, Decimals as strings, the rest unchanged."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _json_row(row: dict[str, Any], columns: list[Column]) -> dict[str, Any]:
    kinds = {c.id: c.kind for c in columns}
    return {k: json_value(v, kinds[k]) if k in kinds else plain_json(v) for k, v in row.items()}
