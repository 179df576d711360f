"""A cold rebuild of the facts that decodes the common event in bulk, not one by one.

Nearly every event of a real ledger is a posted voucher (99.9 % of the benchmark's log).
Decoding each through the library's mapper and the per-event `Decoder` was ~90 % of a cold
report. Here the log is read as stored rows (`ledger.bulk_read`), and the state of every
voucher stored in today's exact form is matched by one regular expression and turned into
its `log`, `aggregates` and `journal` rows with vectorised polars expressions. Everything
else – other topics, a voucher stored in an older or odd form (other keys or key order, an
escape, a character `ledger.text.shown` would rewrite, a number beyond the cap, a time
without microseconds) – goes through the ordinary `Decoder`, in log order, so it decodes
exactly as before. The frames are the per-event decoder's, row for row
(tests/projections/test_bulk_rebuild.py).

Why the two can be merged: a plain voucher needs nothing from earlier events (its förbund
and key are in the event), and later events need from it only what `aggregates` says (the
decoder looks that up). The one rule spanning events is the cap on the sum of all numbers
(`decoding.SUM_LIMIT`): when the whole log stays within it no event is refused by it; when
not, `bulk_facts` returns None and the caller decodes event by event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from ledger.bulk_read import RawRow, bulk_readable, read_rows, to_notification
from ledger.money import MAX_ABS_ORE

from .decoding import SUM_LIMIT, Decoder
from .schema import SCHEMAS

if TYPE_CHECKING:
    from ledger.store import LedgerStore

    from .facts import Facts

PAGE = 50_000
POSTED = "finsam.voucher:Posted"
BULK_FRAMES = ("log", "aggregates", "journal")

# A JSON string with no escape, of printable ASCII and Latin-1/Latin Extended letters only (no
# soft hyphen, no-break space, control or format character): `shown()` leaves it as it is.
_CH = r'[\x20\x21\x23-\x5B\x5D-\x7E\x{A1}-\x{AC}\x{AE}-\x{24F}]*'
_STR = '"' + _CH + '"'
_INT = r"-?(?:0|[1-9][0-9]{0,17})"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_LINE = r'\{"konto":"(' + _CH + r')","belopp":(' + _INT + r'),"insats":(null|' + _STR + r')\}'
_LINE_PLAIN = r'\{"konto":' + _STR + r',"belopp":' + _INT + r',"insats":(?:null|' + _STR + r')\}'
#: The state of a Posted event exactly as today's store writes it (keys in this order).
VOUCHER = (
    r'^\{"timestamp":\{"_type_":"datetime_iso","_data_":"(?<ts>' + _DATE
    + r'T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6})\+00:00"\},'
    r'"originator_topic":"finsam\.voucher:Voucher",'
    r'"actor":"(?<actor>' + _CH + r')",'
    r'"effective":\{"_type_":"date_iso","_data_":"(?<effective>' + _DATE + r')"\},'
    r'"forbund":\{"_type_":"uuid_hex","_data_":"(?<forbund>[0-9a-f]{32})"\},'
    r'"year":(?<year>-?(?:0|[1-9][0-9]{0,8})),'
    r'"serie":"(?<serie>' + _CH + r')","nummer":"(?<nummer>' + _CH + r')",'
    r'"datum":\{"_type_":"date_iso","_data_":"(?<datum>' + _DATE + r')"\},'
    r'"text":"(?<text>' + _CH + r')",'
    r'"rader":\[(?<rader>(?:' + _LINE_PLAIN + r'(?:,' + _LINE_PLAIN + r')*)?)\],'
    r'"kalla":"(?<kalla>' + _CH + r')","reverses":(?<reverses>null|' + _STR + r'),"reason":(?:null|' + _STR + r')\}$'
)


def bulk_facts(store: LedgerStore, page: int = PAGE) -> Facts | None:
    """Every fact of the log (a cold rebuild), or None when the store cannot be read in bulk
    or the log's numbers add up beyond `SUM_LIMIT` (then decode event by event)."""
    from .facts import Facts

    if not bulk_readable(store):
        return None
    parts: dict[str, list[pl.DataFrame]] = {name: [] for name in BULK_FRAMES}
    others: list[RawRow] = []
    weight, position = 0, 0
    rows = read_rows(store, 1, page)
    while rows:
        frames, odd, chunk_weight = plain_vouchers(rows)
        for name, frame in frames.items():
            parts[name].append(frame)
        others.extend(odd)
        weight += chunk_weight
        position = rows[-1][0]
        rows = read_rows(store, position + 1, page) if len(rows) >= page else []
    bulk = {name: pl.concat(frames) if frames else pl.DataFrame(schema=SCHEMAS[name])
            for name, frames in parts.items()}
    decoder = Decoder()
    decoder.known_aggregates = bulk["aggregates"].select("aggregate", "forbund", "kind", "key")
    for row in others:
        decoder.add(to_notification(store, row))
    if weight + decoder.magnitude > SUM_LIMIT or _refused_for_sum(decoder):
        return None
    frames = decoder.frames()
    for name, frame in bulk.items():
        if frame.height:  # one event's rows are all in one source: a stable sort restores log order
            frames[name] = pl.concat([frame, frames[name]]).sort("position", maintain_order=True)
    return Facts.from_frames(frames, position)


def _refused_for_sum(decoder: Decoder) -> bool:
    """Whether the decoder refused an event for the sum cap (its reason, `Decoder._unusable`)."""
    return any(reason.startswith("summan") for reason in decoder.columns["unreadable"]["reason"])


def plain_vouchers(rows: list[RawRow]) -> tuple[dict[str, pl.DataFrame], list[RawRow], int]:
    """The bulk frames of the plain vouchers among `rows`, the rows left for the decoder (in
    log order) and the absolute sum of the plain vouchers' numbers."""
    ids, hexes, versions, topics, states = zip(*rows, strict=True)
    raw = pl.DataFrame({"position": ids, "hex": hexes, "version": versions, "topic": topics,
                        "state": [s if isinstance(s, bytes) else bytes(s) for s in states]},
                       schema={"position": pl.Int64, "hex": pl.String, "version": pl.Int64,
                               "topic": pl.String, "state": pl.Binary})
    fields = (
        raw.filter((pl.col("topic") == POSTED) & pl.col("hex").is_not_null())
        .with_columns(pl.col("state").cast(pl.String, strict=False))
        .filter(pl.col("state").is_not_null())
        .with_columns(pl.col("state").str.extract_groups(VOUCHER).alias("f"))
        .unnest("f")
        .with_columns(
            recorded=pl.col("ts").str.to_datetime("%Y-%m-%dT%H:%M:%S%.f", time_unit="us", strict=False)
            .dt.replace_time_zone("UTC"),
            effective=pl.col("effective").str.to_date("%Y-%m-%d", strict=False),
            datum=pl.col("datum").str.to_date("%Y-%m-%d", strict=False),
            year=pl.col("year").cast(pl.Int64, strict=False),
        )
    )
    lines = (
        fields.select("position", pl.col("rader").str.extract_all(_LINE_PLAIN).alias("line"))
        .with_columns(rad=pl.int_ranges(1, pl.col("line").list.len() + 1))
        .explode("line", "rad")
        .filter(pl.col("line").is_not_null())
        .with_columns(pl.col("line").str.extract_groups(_LINE).alias("g"))
        .select("position", "rad", konto=pl.col("g").struct.field("1"),
                belopp=pl.col("g").struct.field("2").cast(pl.Int64, strict=False),
                insats=pl.col("g").struct.field("3"))
    )
    too_big = lines.filter(pl.col("belopp").is_null() | (pl.col("belopp").abs() > MAX_ABS_ORE))["position"]
    plain = fields.filter(
        pl.col("ts").is_not_null() & pl.col("recorded").is_not_null() & pl.col("effective").is_not_null()
        & pl.col("datum").is_not_null() & pl.col("year").is_not_null()
        & (pl.col("year").abs() <= MAX_ABS_ORE) & ~pl.col("position").is_in(too_big.implode())
    ).with_columns(
        forbund=_hyphenated(pl.col("forbund")),
        aggregate=_hyphenated(pl.col("hex")),
        reverses=_json_text(pl.col("reverses")),
    )
    plain_ids = set(plain["position"].to_list())
    odd = [row for row in rows if row[0] not in plain_ids]
    lines = lines.join(plain.select("position"), on="position", how="semi").with_columns(
        insats=_json_text(pl.col("insats")))
    weight = int(plain["year"].abs().cast(pl.Int128).sum() or 0) + int(
        lines["belopp"].abs().cast(pl.Int128).sum() or 0)
    common = [pl.col("forbund"), pl.col("position"), pl.col("recorded"), pl.col("effective"), pl.col("actor")]
    log = plain.select(*common, topic=pl.lit(POSTED), aggregate="aggregate", version="version")
    aggregates = plain.select(*common, aggregate="aggregate", kind=pl.lit("voucher"),
                              key=pl.concat_str(pl.col("year").cast(pl.String), "serie", "nummer", separator=":"))
    journal = lines.join(plain, on="position", how="left", maintain_order="left").select(
        *common, "year", "serie", "nummer", "rad", "datum", "text", "konto", "belopp", "insats", "kalla", "reverses")
    frames = {"log": log, "aggregates": aggregates, "journal": journal}
    return {name: frame.cast(SCHEMAS[name]) for name, frame in frames.items()}, odd, weight  # type: ignore[arg-type]


def _hyphenated(hex32: pl.Expr) -> pl.Expr:
    """32 hex digits as `str(uuid.UUID(...))` writes them."""
    return pl.concat_str(hex32.str.slice(0, 8), hex32.str.slice(8, 4), hex32.str.slice(12, 4),
                         hex32.str.slice(16, 4), hex32.str.slice(20, 12), separator="-")


def _json_text(value: pl.Expr) -> pl.Expr:
    """A matched `null` or `"text"` (no escapes) as null or the text."""
    return pl.when(value == "null").then(None).otherwise(value.str.slice(1, value.str.len_chars() - 2))
