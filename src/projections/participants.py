"""Participant statistics for a period: the flow arithmetic of docs/domain.md, as polars expressions.

Per insats and gender, for a period [start, cutoff]:
    aktuella_vid_start = opening balance + all started − all ended in months before the start
    deltagare          = aktuella_vid_start + paborjade            (within the period)
    aktuella_vid_slut  = deltagare − avslutade

Only individ insatser measured in deltagare count as participants. Volume insatser (möten,
tillfällen, unika deltagare) and structural attendees are reported apart by `volume_table`
and never summed into participants. A month counts toward the period when all of it lies
inside (periods.months_in); a corrected month counts with its corrected figures.

Volumes are summed over the period's months, so a monthly "unika deltagare" figure must be
the month's *new* unique participants (the intake asks for it that way).

Every function is pure: (facts, period, known_at) in, a frame out; no I/O, no row loops.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TypeVar

import polars as pl

from .facts import Facts, last_by_position
from .in_memory import in_memory
from .numbers import round_half_up
from .periods import Period, months_before, months_in
from .schema import GENDERS, OUTCOMES, POSITIVE_OUTCOMES

FLOW_FIGURES = ("aktuella_vid_start", "paborjade", "avslutade", "deltagare", "aktuella_vid_slut")
OUTCOME_COLUMNS = tuple(f"utfall_{o}" for o in OUTCOMES)
INSATS = ["forbund", "kod"]
Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


def participant_insatser(catalogue: Frame) -> Frame:
    """The catalogue rows of insatser whose participants are counted (individ, deltagare)."""
    return catalogue.filter((pl.col("niva") == "individ") & (pl.col("matt") == "deltagare"))


def _alive_in(period: Period) -> pl.Expr:
    return (pl.col("start") <= period.last_day) & (pl.col("slut").is_null() | (pl.col("slut") >= period.start))


def _by_gender(frame: pl.LazyFrame, columns: dict[str, str], keep: tuple[str, ...] = ()) -> pl.LazyFrame:
    """Wide per-gender columns (`{prefix}_{gender}`) to long rows with a `kon` column."""
    return pl.concat([
        frame.select(*INSATS, *keep, pl.lit(g).alias("kon"),
                     *[pl.col(f"{prefix}_{g}").alias(name) for name, prefix in columns.items()])
        for g in GENDERS
    ])


def participant_flows(facts: Facts, period: Period, known_at: datetime | None = None) -> pl.DataFrame:
    """One row per (forbund, kod, kon) with the five measures of the flow arithmetic.

    Columns: forbund, kod, namn, kon, aktuella_vid_start, paborjade, avslutade, deltagare,
    aktuella_vid_slut (Int64). Insatser alive in the period appear even with no figures;
    rows are ordered by förbund, insats code and gender (kvinna, man, ej_angivet).
    """
    facts = facts.as_known_at(known_at)  # one lazy query: each eager step costs a polars plan of its own
    insatser = participant_insatser(facts.catalogue().lazy())
    months = _by_gender(
        facts.latest_flows().lazy().join(insatser.select(INSATS), on=INSATS, how="semi"),
        {"paborjade": "paborjade", "avslutade": "avslutade"}, keep=("month",),
    )
    sums = months.group_by(*INSATS, "kon").agg(
        (pl.col("paborjade") - pl.col("avslutade")).filter(months_before(period)).sum().alias("fore_start"),
        pl.col("paborjade").filter(months_in(period)).sum(),
        pl.col("avslutade").filter(months_in(period)).sum(),
    )
    openings = last_by_position(facts.openings.lazy(), INSATS).filter(pl.col("datum") <= period.last_day)
    opening = _by_gender(openings, {"ingaende": "aktiva"})
    skeleton = insatser.select(*INSATS, "namn", _alive_in(period).alias("alive")).join(
        pl.LazyFrame({"kon": list(GENDERS)}).with_row_index("kon_order"), how="cross")
    table = (
        skeleton.join(sums, on=[*INSATS, "kon"], how="left").join(opening, on=[*INSATS, "kon"], how="left")
        .with_columns(pl.col("fore_start", "paborjade", "avslutade", "ingaende").fill_null(0))
        .with_columns((pl.col("ingaende") + pl.col("fore_start")).alias("aktuella_vid_start"))
        .with_columns((pl.col("aktuella_vid_start") + pl.col("paborjade")).alias("deltagare"))
        .with_columns((pl.col("deltagare") - pl.col("avslutade")).alias("aktuella_vid_slut"))
    )
    active = pl.any_horizontal(pl.col(m) != 0 for m in FLOW_FIGURES).any().over(INSATS)
    return (
        table.filter(pl.col("alive").any().over(INSATS) | active)
        .sort(*INSATS, "kon_order")
        .select(*INSATS, "namn", "kon", *[pl.col(m).cast(pl.Int64) for m in FLOW_FIGURES])
        .pipe(in_memory)
    )


def totals(flows: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """`participant_flows` summed over everything but `by`, e.g. ["forbund", "kon"] per gender,
    ["forbund", "kod", "namn"] per insats, ["forbund"] for the förbund as a whole."""
    return flows.group_by(by, maintain_order=True).agg(pl.col(m).sum() for m in FLOW_FIGURES)


def outcomes(facts: Facts, period: Period, known_at: datetime | None = None) -> pl.DataFrame:
    """Outcomes of the participants who ended in the period, per insats.

    Columns: forbund, kod, namn, avslutade, utfall_{arbete, studier, arbetssokande,
    annan_insats, ovrigt}, positiva (arbete + studier + arbetssokande: "positiv
    stegförflyttning"). Use `share_percent(positiva, avslutade)` for the share.
    """
    facts = facts.as_known_at(known_at)
    insatser = participant_insatser(facts.catalogue().lazy())
    ended = pl.sum_horizontal(pl.col(f"avslutade_{g}") for g in GENDERS)
    in_period = (facts.latest_flows().lazy().filter(months_in(period))
                 .group_by(INSATS).agg(ended.sum().alias("avslutade"), *[pl.col(c).sum() for c in OUTCOME_COLUMNS]))
    return (
        insatser.select(*INSATS, "namn", _alive_in(period).alias("alive"))
        .join(in_period, on=INSATS, how="left")
        .with_columns(pl.col("avslutade", *OUTCOME_COLUMNS).fill_null(0))
        .filter(pl.col("alive") | (pl.col("avslutade") > 0))
        .with_columns(pl.sum_horizontal(pl.col(f"utfall_{o}") for o in POSITIVE_OUTCOMES).alias("positiva"))
        .select(*INSATS, "namn", pl.col("avslutade", *OUTCOME_COLUMNS, "positiva").cast(pl.Int64))
        .sort(INSATS)
        .pipe(in_memory)
    )


def volume_table(facts: Facts, period: Period, known_at: datetime | None = None) -> pl.DataFrame:
    """Volumes per insats over the period's months: möten, tillfällen, unika deltagare, and
    structural attendees (niva "struktur"). Never participants.

    Columns: forbund, kod, namn, niva, matt, antal, manader (months reported).
    """
    facts = facts.as_known_at(known_at)
    catalogue = facts.catalogue().lazy()
    measured = catalogue.filter(pl.col("matt").is_in(["moten", "tillfallen", "unika_deltagare"])
                                | ((pl.col("niva") == "struktur") & (pl.col("matt") == "deltagare")))
    sums = (facts.latest_volumes().lazy().filter(months_in(period))
            .group_by(INSATS).agg(pl.col("antal").sum(), pl.len().alias("manader")))
    return (
        measured.select(*INSATS, "namn", "niva", "matt", _alive_in(period).alias("alive"))
        .join(sums, on=INSATS, how="left")
        .with_columns(pl.col("antal").fill_null(0).cast(pl.Int64), pl.col("manader").fill_null(0).cast(pl.Int64))
        .filter(pl.col("alive") | (pl.col("antal") > 0))
        .drop("alive")
        .sort(INSATS)
        .pipe(in_memory)
    )


def structural_attendees(volumes: pl.DataFrame) -> pl.DataFrame:
    """The structural rows of a `volume_table` (attendees of training, networks, …)."""
    return volumes.filter(pl.col("niva") == "struktur")


def share_percent(part: int, whole: int, decimals: int = 1) -> Decimal | None:
    """part / whole in percent, half-up (32 of 67 -> Decimal('47.8')); None when whole is 0."""
    if not whole:
        return None
    return round_half_up(Decimal(part * 100) / Decimal(whole), decimals)


def opening_problems(facts: Facts, period: Period, known_at: datetime | None = None) -> list[str]:
    """Openings dated inside the period: the months before them are unknown, so the
    period's start figure is really the opening balance. Returned as Swedish text."""
    facts = facts.as_known_at(known_at)
    late = (
        last_by_position(facts.openings.lazy(), INSATS)
        .filter((pl.col("datum") > period.start) & (pl.col("datum") <= period.last_day))
        .join(facts.catalogue().lazy().select(*INSATS, "namn"), on=INSATS, how="left")
        .sort(INSATS)
        .select("kod", "namn", "datum")
        .pipe(in_memory)
    )
    return [
        f"{namn} ({kod}): ingående deltagare är registrerade per {datum.isoformat()}, inne i perioden – "
        f"månaderna före det saknas och räknas inte."
        for kod, namn, datum in late.iter_rows()
    ]
