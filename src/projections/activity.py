"""The participant tables of a report: flows by gender, outcomes, volumes and structural
attendees (docs/domain.md, the participant flow arithmetic), built on `participants`.

`participant_part(b, period)` returns the sections, the key figures they feed and the
problems found (openings inside the period, more ended than active).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ledger.values import LABELS

from .economy import Books
from .in_memory import in_memory
from .model import Section
from .participants import (
    FLOW_FIGURES,
    OUTCOME_COLUMNS,
    opening_problems,
    outcomes,
    participant_flows,
    volume_table,
)
from .periods import Period
from .schema import GENDERS
from .tables import catalogue, count_column, percent_column, percent_of, section, share_expr, text_column

MEASURE_TITLES = {
    "aktuella_vid_start": "Aktuella vid periodens början",
    "paborjade": "Påbörjade",
    "avslutade": "Avslutade",
    "deltagare": "Deltagare under perioden",
    "aktuella_vid_slut": "Aktuella vid periodens slut",
}
GENDER_COLUMNS = {"kvinna": "kvinnor", "man": "man", "ej_angivet": "ej_angivet"}
OUTCOME_TITLES = {"utfall_arbete": "Arbete", "utfall_studier": "Studier",
                  "utfall_arbetssokande": "Aktivt arbetssökande", "utfall_annan_insats": "Annan insats/rehabilitering",
                  "utfall_ovrigt": "Övrigt"}


@dataclass
class ParticipantPart:
    sections: list[Section] = field(default_factory=list)
    figures: dict[str, tuple[Any, str]] = field(default_factory=dict)  # id -> (value, kind)
    problems: list[str] = field(default_factory=list)
    flows: pl.DataFrame | None = None  # participant_flows, for cost per participant
    volumes: pl.DataFrame | None = None  # volume_table


def gender_table(flows: pl.DataFrame) -> pl.DataFrame:
    """matt, rubrik, totalt, kvinnor, man, ej_angivet: the five measures summed over insatser.
    A few dozen rows summed in Python: the unpivot and pivot were ~9 polars plans per table."""
    sums = {g: dict.fromkeys(FLOW_FIGURES, 0) for g in GENDERS}
    for kon, *figures in flows.select("kon", *FLOW_FIGURES).iter_rows():
        for measure, n in zip(FLOW_FIGURES, figures, strict=True):
            sums[kon][measure] += n
    columns = {GENDER_COLUMNS[g]: [sums[g][m] for m in FLOW_FIGURES] for g in GENDERS}
    return pl.DataFrame({"matt": list(FLOW_FIGURES), "rubrik": [MEASURE_TITLES[m] for m in FLOW_FIGURES],
                         "totalt": [sum(c[i] for c in columns.values()) for i in range(len(FLOW_FIGURES))],
                         **columns},
                        schema={"matt": pl.String, "rubrik": pl.String, "totalt": pl.Int64,
                                **dict.fromkeys(columns, pl.Int64)})


def per_insats_table(flows: pl.DataFrame) -> pl.DataFrame:
    """kod, insats, the five measures, deltagare_kvinnor, deltagare_man: one row per insats
    (null where an insats has no rows of that gender; 0 when no insats has any)."""
    per: dict[tuple[str, str], list[int]] = {}
    women_men: dict[str, dict[str, int]] = {"kvinna": {}, "man": {}}
    for kod, namn, kon, *figures in flows.select("kod", "namn", "kon", *FLOW_FIGURES).iter_rows():
        totals_of = per.setdefault((kod, namn), [0] * len(FLOW_FIGURES))
        for i, n in enumerate(figures):
            totals_of[i] += n
        if kon in women_men:
            women_men[kon][kod] = women_men[kon].get(kod, 0) + figures[FLOW_FIGURES.index("deltagare")]

    def split(kon: str) -> list[int | None]:
        return [women_men[kon].get(kod) if women_men[kon] else 0 for kod, _namn in per]
    return pl.DataFrame({"kod": [kod for kod, _namn in per], "insats": [namn for _kod, namn in per],
                         **{m: [t[i] for t in per.values()] for i, m in enumerate(FLOW_FIGURES)},
                         "deltagare_kvinnor": split("kvinna"), "deltagare_man": split("man")},
                        schema={"kod": pl.String, "insats": pl.String, **dict.fromkeys(FLOW_FIGURES, pl.Int64),
                                "deltagare_kvinnor": pl.Int64, "deltagare_man": pl.Int64})


def participant_part(b: Books, period: Period, *, title_suffix: str = "",
                     previous: Period | None = None) -> ParticipantPart:
    """The participant sections of `period`; with `previous` (the årsredovisning's previous
    year) the flows by gender of that year beside them, when it has any."""
    part = ParticipantPart()
    flows = participant_flows(b.facts, period)
    part.flows = flows
    table = gender_table(flows)
    before = gender_table(participant_flows(b.facts, previous)) if previous is not None else None
    if before is not None and not before.select(pl.col("totalt").abs().sum()).item():
        before = None  # no participants that year: no empty columns
    has_unspecified = bool(table["ej_angivet"].sum()) or (before is not None and bool(before["ej_angivet"].sum()))
    gender_cols = [count_column("kvinnor", "Kvinnor"), count_column("man", "Män")]
    if has_unspecified:
        gender_cols.append(count_column("ej_angivet", "Ej angivet"))
    if before is not None and previous is not None:
        year = previous.start.year
        gender_cols += [count_column("foregaende_totalt", f"Totalt {year}"),
                        count_column("foregaende_kvinnor", f"Kvinnor {year}"),
                        count_column("foregaende_man", f"Män {year}")]
        if has_unspecified:
            gender_cols.append(count_column("foregaende_ej_angivet", f"Ej angivet {year}"))
        table = table.lazy().join(before.lazy().select("matt", *[pl.col(c).alias(f"foregaende_{c}") for c in
                                                    ("totalt", *GENDER_COLUMNS.values())]), on="matt",
                                  how="left").pipe(in_memory)
    part.sections.append(section(
        "deltagare", f"Individinriktade insatser: deltagare{title_suffix}",
        [text_column("rubrik", "Antal deltagare"), count_column("totalt", "Totalt"), *gender_cols], table,
        note="Deltagare under perioden = aktuella vid periodens början + påbörjade; aktuella vid periodens slut = "
             "deltagare − avslutade. En person i två insatser räknas två gånger; volyminsatser räknas inte in."))
    per = per_insats_table(flows)
    part.sections.append(section(
        "deltagare_per_insats", "Deltagare per insats",
        [text_column("kod", "Kod"), text_column("insats", "Insats"),
         *(count_column(m, MEASURE_TITLES[m]) for m in FLOW_FIGURES),
         count_column("deltagare_kvinnor", "Varav kvinnor"), count_column("deltagare_man", "Varav män")],
        [*per.to_dicts(), {"kod": "", "insats": "Summa", "typ": "summa",
                           **{c: int(per[c].sum()) for c in per.columns[2:]}}]))
    by_row = {r["matt"]: r for r in table.to_dicts()}
    part.figures.update({
        "deltagare": (by_row["deltagare"]["totalt"], "count"),
        "deltagare_kvinnor": (by_row["deltagare"]["kvinnor"], "count"),
        "deltagare_man": (by_row["deltagare"]["man"], "count"),
        "paborjade": (by_row["paborjade"]["totalt"], "count"),
        "avslutade": (by_row["avslutade"]["totalt"], "count"),
        "aktuella_vid_periodens_slut": (by_row["aktuella_vid_slut"]["totalt"], "count"),
    })

    ended = outcomes(b.facts, period)
    positive = share_expr(pl.col("positiva"), pl.col("avslutade"))
    total = ended.select(pl.col("avslutade", *OUTCOME_COLUMNS, "positiva").sum())
    total_row = {"kod": "", "insats": "Summa", "typ": "summa", **total.row(0, named=True)}
    total_row["andel_positiva_procent"] = percent_of(total_row["positiva"], total_row["avslutade"])
    part.sections.append(section(
        "utfall", "Avslutade deltagare och utfall",
        [text_column("kod", "Kod"), text_column("insats", "Insats"), count_column("avslutade", "Avslutade"),
         *(count_column(c, t) for c, t in OUTCOME_TITLES.items()),
         count_column("positiva", "Positiv stegförflyttning"),
         percent_column("andel_positiva_procent", "Andel positiva")],
        [*ended.select("kod", pl.col("namn").alias("insats"), "avslutade", *OUTCOME_COLUMNS, "positiva",
                       positive.alias("andel_positiva_procent")).to_dicts(), total_row],
        note="Positiv stegförflyttning: avslutade till arbete, studier eller aktivt arbetssökande."))
    part.figures["avslutade_positiv_stegforflyttning"] = (total_row["positiva"], "count")
    part.figures["avslutade_positiv_stegforflyttning_procent"] = (total_row["andel_positiva_procent"], "percent")

    volumes = volume_table(b.facts, period)
    part.volumes = volumes
    volumes = (volumes.lazy().join(catalogue(b.facts).lazy().select("kod", "ordning"), on="kod", how="left")
               .sort("ordning").pipe(in_memory))
    measure = pl.col("matt").replace_strict(LABELS, default=pl.col("matt")).alias("matt")
    shown = ("kod", pl.col("namn").alias("insats"), measure, "antal")
    individual = volumes.lazy().filter(pl.col("niva") != "struktur").select(*shown).pipe(in_memory)
    part.sections.append(section(
        "volymer", "Individinriktade volyminsatser",
        [text_column("kod", "Kod"), text_column("insats", "Insats"), text_column("matt", "Mäts i"),
         count_column("antal", "Antal")], individual,
        note="Möten, tillfällen och unika deltagare räknas inte in i deltagarantalet."))
    structural = volumes.lazy().filter(pl.col("niva") == "struktur").select(*shown).pipe(in_memory)
    attendees = int(structural["antal"].sum())
    part.sections.append(section(
        "struktur", "Strukturövergripande insatser",
        [text_column("kod", "Kod"), text_column("insats", "Insats"), text_column("matt", "Mäts i"),
         count_column("antal", "Antal")],
        [*structural.to_dicts(), *unit_sums(structural)],
        note="Summeras per enhet: deltagare och tillfällen läggs inte ihop." if structural["matt"].n_unique() > 1
        else None))
    part.figures["deltagare_struktur"] = (attendees, "count")  # the JSON contract's figure, all units

    part.problems += opening_problems(b.facts, period)
    negative = flows.lazy().filter(pl.col("aktuella_vid_slut") < 0).select("kod", "namn", "kon", "aktuella_vid_slut")
    part.problems += [
        f"{namn} ({kod}): fler avslutade än aktiva ({LABELS[kon]}): aktuella vid periodens slut blir {n}."
        for kod, namn, kon, n in negative.pipe(in_memory).iter_rows()]
    return part


def unit_sums(rows: pl.DataFrame) -> list[dict[str, Any]]:
    """One "Summa" row per unit of `rows` (kod, insats, matt, antal), in the order the units
    first appear: a total never adds deltagare and tillfällen. The row's `post` is
    "summa_<unit>"; a single unit gives the plain "Summa" row as before."""
    units = list(dict.fromkeys(rows["matt"].to_list()))
    if len(units) <= 1:
        return [{"kod": "", "insats": "Summa", "matt": "", "antal": int(rows["antal"].sum()), "typ": "summa"}]
    return [{"kod": "", "insats": f"Summa {unit}", "matt": unit, "typ": "summa", "post": f"summa_{unit}",
             "antal": int(rows.filter(pl.col("matt") == unit)["antal"].sum())} for unit in units]
