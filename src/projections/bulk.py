"""A cold rebuild of the facts that decodes the common event in bulk, not one by one.

Nearly every event of a real ledger is a posted voucher (99.9 % of the benchmark's log).
Decoding each through the library's mapper and the per-event `Decoder` was ~90 % of a cold
report. Here the log is read as stored rows (`ledger.bulk_read`), and the state of every
voucher stored in today's exact form is cut into its values at its literal keys
(`voucher_form`) and turned into its `log`, `aggregates` and `journal` rows with vectorised
polars expressions, each chunk of rows in a second thread while the next is read. Everything
else – other topics, a voucher stored in an older or odd form (other keys or key order, an
escape, a character `ledger.text.shown` would rewrite, a number beyond the cap, a time
without microseconds, a time or date Python's `fromisoformat` refuses such as a leap second or
year 0000) – goes through the ordinary `Decoder`, in log order, so it decodes exactly as before.
The frames are the per-event decoder's, row for row (tests/projections/test_bulk_rebuild.py).

Why the two can be merged: a plain voucher needs nothing from earlier events (its förbund
and key are in the event), and later events need from it only what `aggregates` says (the
decoder looks that up). The one rule spanning events is the cap on the sum of all numbers
(`decoding.SUM_LIMIT`): when the whole log stays within it no event is refused by it; when
not, `bulk_facts` returns None and the caller decodes event by event.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from operator import itemgetter
from typing import TYPE_CHECKING

import polars as pl

from ledger.bulk_read import LeanRow, RawRow, bulk_readable, raw_row, read_lean_rows, to_notification
from ledger.money import MAX_ABS_ORE

from . import voucher_form
from .decoding import SUM_LIMIT, Decoder
from .journal_days import summary, summed
from .schema import FRAME_NAMES, SCHEMAS, empty_frame

if TYPE_CHECKING:
    from ledger.mapping import StoredNotification
    from ledger.store import LedgerStore

    from .facts import Facts

# Chunks of 25 000 rows, two decoding while the next is read: polars keeps one core busy for
# only part of a chunk's decoding, so a second chunk fills the other core (cold report at M:
# 2.70 -> 2.42 s, measured alternating in one minute; one decoder with 50 000-row chunks, as
# before, held 830 MB at the peak, this 760 MB).
PAGE = 25_000
DECODERS = 2
POSTED = "finsam.voucher:Posted"
BULK_FRAMES = ("log", "aggregates", "journal")
_TIME, _DATE = "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d"  # the stored forms' parse formats (`voucher_form`)
MOST_RUNS = 256  # runs of decoder rows among the bulk rows put in place by slicing (`_in_log_order`)

def bulk_facts(store: LedgerStore, page: int = PAGE) -> Facts | None:
    """Every fact of the log (a cold rebuild), or None when the store cannot be read in bulk
    or the log's numbers add up beyond `SUM_LIMIT` (then decode event by event)."""
    if not bulk_readable(store):
        return None
    return rebuilt_from(lambda start, limit: read_lean_rows(store, start, limit, POSTED),
                        lambda rows: [to_notification(store, row) for row in rows], page)


def rebuilt_from(read: Callable[[int, int], list[LeanRow]],
                 notes: Callable[[list[RawRow]], list[StoredNotification] | None], page: int = PAGE) -> Facts | None:
    """Every fact of the log whose rows `read(start, limit)` gives (`LeanRow`s with `POSTED` as
    the common topic), the rows not decoded in bulk decoded by `notes` (None: they cannot be
    here); None too when the numbers add up beyond `SUM_LIMIT`.

    Each chunk of rows is decoded in another thread (`DECODERS` at once) while the next is read:
    the reading is mostly the driver making Python objects, the decoding mostly polars, which
    lets go of the GIL. The chunks are put together in log order, whatever order they finish in."""
    from concurrent.futures import Future, ThreadPoolExecutor

    from .facts import Facts

    chunks = []
    position = 0
    with ThreadPoolExecutor(max_workers=DECODERS) as decoding:
        rows = read(1, page)
        pending: deque[Future[tuple[dict[str, pl.DataFrame], list[RawRow], int]]] = deque()
        while rows:
            if len(pending) >= DECODERS:  # DECODERS chunks decoding, one read: the rows of no more are held
                chunks.append(pending.popleft().result())
            pending.append(decoding.submit(_lean_vouchers, rows))
            position = rows[-1][0]
            rows = read(position + 1, page) if len(rows) >= page else []
        while pending:
            chunks.append(pending.popleft().result())
    parts = {name: [frames[name] for frames, _odd, _weight in chunks] for name in (*BULK_FRAMES, "journal_days")}
    bulk = {name: pl.concat(parts[name]) if chunks else pl.DataFrame(schema=SCHEMAS[name]) for name in BULK_FRAMES}
    decoder = Decoder()
    decoder.known_aggregates = bulk["aggregates"].select("aggregate", "forbund", "kind", "key")
    decoded = notes([row for _frames, odd, _weight in chunks for row in odd])
    if decoded is None:
        return None
    for note in decoded:
        decoder.add(note)
    weight = sum(chunk_weight for _frames, _odd, chunk_weight in chunks)
    if weight + decoder.magnitude > SUM_LIMIT or _refused_for_sum(decoder):
        return None
    frames: dict[str, pl.DataFrame] = decoder.frames()
    # The journal's daily sums: each chunk's, summed in its thread, and the decoder's, added up.
    frames["journal_days"] = summed(pl.concat([*parts["journal_days"], summary(frames["journal"])]))
    for name, frame in bulk.items():
        frames[name] = _in_log_order(frame, frames[name])
    return Facts.from_frames(frames, position)  # type: ignore[arg-type]


def _in_log_order(bulk: pl.DataFrame, decoded: pl.DataFrame) -> pl.DataFrame:
    """The rows of `bulk` and `decoded` in log order, in one chunk. Each is in log order and
    one event's rows are all in one of them, so the decoder's rows go in between slices of
    the bulk rows where their positions fall: every row is copied once. A stable sort of
    everything (three times the work for the journal at a million postings) only when the
    decoder's rows fall in more than `MOST_RUNS` places, where slicing would not pay."""
    if not decoded.height:
        return bulk.rechunk()
    at = bulk["position"].search_sorted(decoded["position"]).to_list()  # bulk rows before each
    starts = [i for i, index in enumerate(at) if i == 0 or at[i - 1] != index]  # each run of decoder rows
    if len(starts) > MOST_RUNS:
        return pl.concat([bulk, decoded]).sort("position", maintain_order=True)
    pieces: list[pl.DataFrame] = []
    done = 0  # bulk rows placed
    for start, end in zip(starts, [*starts[1:], decoded.height], strict=True):
        pieces += [bulk.slice(done, at[start] - done), decoded.slice(start, end - start)]
        done = at[start]
    return pl.concat([*pieces, bulk.slice(done)], rechunk=True)


def _refused_for_sum(decoder: Decoder) -> bool:
    """Whether the decoder refused an event for the sum cap (its reason, `Decoder._unusable`)."""
    return any(reason.startswith("summan") for reason in decoder.columns["unreadable"]["reason"])


def plain_vouchers(rows: list[RawRow]) -> tuple[dict[str, pl.DataFrame], list[RawRow], int]:
    """The bulk frames of the plain vouchers among `rows`, the rows left for the decoder (in
    log order) and the absolute sum of the plain vouchers' numbers."""
    raw = _stored_frame(rows, pl.String)
    frames, plain, weight = _plain_frames(raw)
    return frames, [rows[i] for i in _left_over(raw, plain)], weight


def plain_voucher_facts(rows: list[RawRow]) -> tuple[dict[str, pl.DataFrame] | None, int]:
    """The fact rows of `rows` (a frame for every fact frame) when every one is a plain voucher,
    and the absolute sum of their numbers; (None, 0) when any is not (then they are decoded one
    by one). What a catch-up of new rows decodes in bulk (facts.plain_catch_up, lean_catch_up)."""
    if any(row[3] != POSTED for row in rows):
        return None, 0
    new, odd, weight = plain_vouchers(rows)
    if odd:
        return None, 0
    return {name: new.get(name, empty_frame(name)) for name in FRAME_NAMES}, weight


def _lean_vouchers(rows: list[LeanRow]) -> tuple[dict[str, pl.DataFrame], list[RawRow], int]:
    """As `plain_vouchers`, of rows read as `LeanRow`s with `POSTED` as the common topic."""
    raw = _stored_frame(rows, pl.Binary).with_columns(pl.col("hex").bin.encode("hex"),
                                                      pl.col("topic").fill_null(POSTED))
    frames, plain, weight = _plain_frames(raw)
    frames["journal_days"] = summary(frames["journal"])  # here, in the decoding thread
    return frames, [raw_row(rows[i], POSTED) for i in _left_over(raw, plain)], weight


def _left_over(raw: pl.DataFrame, plain: pl.Series) -> list[int]:
    """The indices of the rows of `raw` whose positions are not among `plain`'s, in order."""
    return raw.select(pl.arg_where(~pl.col("position").is_in(plain.implode()))).to_series().to_list()


def _stored_frame(rows: list[RawRow] | list[LeanRow], hex_type: type[pl.DataType]) -> pl.DataFrame:
    """`rows` as a frame: position, hex (as `hex_type`), version, topic, state (bytes).

    Each column is taken with an `itemgetter` (a quarter of the time of `zip(*rows)`, which
    unpacks every row as an argument); the bytes are copied only when polars refuses what the
    driver gave (a memoryview), as the check per value costs as much as building the column."""
    schema = {"position": pl.Int64, "hex": hex_type, "version": pl.Int64, "topic": pl.String, "state": pl.Binary}
    columns = {name: list(map(itemgetter(i), rows)) for i, name in enumerate(schema)}
    try:
        return pl.DataFrame(columns, schema=schema)
    except ValueError:  # polars cannot convert a memoryview
        binary = [name for name, dtype in schema.items() if dtype == pl.Binary]
        return pl.DataFrame(columns | {name: _bytes(columns[name]) for name in binary}, schema=schema)


def _bytes(values: list[bytes | memoryview | None]) -> list[bytes | None]:
    """Stored bytes as `bytes` (a driver may give a memoryview)."""
    return [v if v is None or isinstance(v, bytes) else bytes(v) for v in values]


def _plain_frames(raw: pl.DataFrame) -> tuple[dict[str, pl.DataFrame], pl.Series, int]:
    """The bulk frames of the plain vouchers among the stored rows `raw` (position, hex,
    version, topic, state), their positions and the absolute sum of their numbers."""
    candidates = (
        raw.filter((pl.col("topic") == POSTED) & pl.col("hex").is_not_null())
        .with_columns(pl.col("state").cast(pl.String, strict=False))
        .filter(pl.col("state").is_not_null())
    )
    fields = (
        voucher_form.fields(candidates).filter("ok").drop("state", "ok")
        .with_columns(
            recorded=_as_python_reads(pl.col("ts"), _TIME).dt.replace_time_zone("UTC"),
            effective=_as_python_reads(pl.col("effective"), _DATE),
            datum=_as_python_reads(pl.col("datum"), _DATE),
            year=pl.col("year").cast(pl.Int64, strict=False),
        )
    )
    lines = voucher_form.lines(fields.select("position", "rader")).with_columns(
        belopp=pl.col("belopp").cast(pl.Int64, strict=False))
    too_big = lines.filter(~pl.col("ok") | pl.col("belopp").is_null()
                           | (pl.col("belopp").abs() > MAX_ABS_ORE))["position"]
    plain = fields.filter(
        pl.col("recorded").is_not_null() & pl.col("effective").is_not_null()
        & pl.col("datum").is_not_null() & pl.col("year").is_not_null()
        & (pl.col("year").abs() <= MAX_ABS_ORE) & ~pl.col("position").is_in(too_big.implode())
    ).with_columns(
        forbund=_hyphenated(pl.col("forbund")),
        aggregate=_hyphenated(pl.col("hex")),
        reverses=_json_text(pl.col("reverses")),
    )
    if plain.height < fields.height:  # a voucher refused above: its lines go too (else all stay)
        lines = lines.join(plain.select("position"), on="position", how="semi")
    lines = lines.with_columns(insats=_json_text(pl.col("insats"))).drop("ok")
    weight = int(plain["year"].abs().cast(pl.Int128).sum() or 0) + int(
        lines["belopp"].abs().cast(pl.Int128).sum() or 0)
    common = [pl.col("forbund"), pl.col("position"), pl.col("recorded"), pl.col("effective"), pl.col("actor")]
    log = plain.select(*common, topic=pl.lit(POSTED), aggregate="aggregate", version="version")
    aggregates = plain.select(*common, aggregate="aggregate", kind=pl.lit("voucher"),
                              key=pl.concat_str(pl.col("year").cast(pl.String), "serie", "nummer", separator=":"))
    # Each line's voucher, taken by its index: `plain` is in log order, one row per position,
    # and holds every line's position (a join's hash table found the same rows, slower).
    voucher = plain.drop("position")[plain["position"].search_sorted(lines["position"])]
    journal = pl.concat([lines, voucher], how="horizontal").select(
        *common, "year", "serie", "nummer", "rad", "datum", "text", "konto", "belopp", "insats", "kalla", "reverses")
    frames = {"log": log, "aggregates": aggregates, "journal": journal}
    return {name: frame.cast(SCHEMAS[name]) for name, frame in frames.items()}, plain["position"], weight  # type: ignore[arg-type]


def _as_python_reads(text: pl.Expr, form: str) -> pl.Expr:
    """The time (`_TIME`) or date (`_DATE`) `text`, digits in the stored form's places
    (`voucher_form`), as the store's `fromisoformat` reads it, or null where Python refuses it.
    Polars refuses what Python refuses (a 13th month, a 30 February, hour 24, minute 60) but
    for two: it reads a second 60 (as the next minute's start) and year 0000. Such a voucher
    (finsam writes none) is left to the decoder, to fare as it does event by event; checked
    on the text, as writing every value back to compare (exact too) took four times the parse."""
    if form == _TIME:
        value = text.str.to_datetime(form, time_unit="us", strict=False)
        refused = text.str.starts_with("0000") | (text.str.slice(17, 2) >= "60")
    else:
        value = text.str.to_date(form, strict=False)
        refused = text.str.starts_with("0000")
    return pl.when(~refused).then(value)


def _hyphenated(hex32: pl.Expr) -> pl.Expr:
    """32 hex digits as `str(uuid.UUID(...))` writes them."""
    return pl.concat_str(hex32.str.slice(0, 8), hex32.str.slice(8, 4), hex32.str.slice(12, 4),
                         hex32.str.slice(16, 4), hex32.str.slice(20, 12), separator="-")


def _json_text(value: pl.Expr) -> pl.Expr:
    """A matched `null` or `"text"` (no escapes) as null or the text."""
    return pl.when(value == "null").then(None).otherwise(value.str.slice(1, value.str.len_chars() - 2))
