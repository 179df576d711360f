"""The stored state of a posted voucher read in bulk, when it is in today's exact form.

A cold rebuild reads ~500 000 voucher states at a million postings (bulk.py). Matching each
against one regular expression with capture groups (`VOUCHER`, the definition of the form),
and each line again, was most of the ≈ 3.5 s the bulk decoding took there: the capturing
engine walks every byte of every state. Today's form has no escapes and no quote inside a
value, so a state can instead be cut at its literal keys: `fields` finds each key with
polars' substring search, checks each literal piece where it must be, cuts the fixed-width
values (times, dates, the förbund's id) at their offsets and each other value up to the key
after it – the same fields for the same states in less than half the time. A state that is
not exactly in the form gets ok = false and is left to the `Decoder`;
tests/projections/test_voucher_form.py holds the cut to the regular expression.
"""

from __future__ import annotations

import polars as pl

# A JSON string with no escape, of printable ASCII and Latin-1/Latin Extended letters only (no
# soft hyphen, no-break space, control or format character): `shown()` leaves it as it is.
CHARS = r"\x20\x21\x23-\x5B\x5D-\x7E\x{A1}-\x{AC}\x{AE}-\x{24F}"
_CH = f"[{CHARS}]*"
_STR = '"' + _CH + '"'
INT = r"-?(?:0|[1-9][0-9]{0,17})"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_TIME = _DATE + r"T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}"
_LINE = r'\{"konto":' + _STR + r',"belopp":' + INT + r',"insats":(?:null|' + _STR + r')\}'
#: The state of a Posted event exactly as today's store writes it (keys in this order): the
#: definition of the form `fields` reads (its test holds the two to the same states and fields).
VOUCHER = (
    r'^\{"timestamp":\{"_type_":"datetime_iso","_data_":"(?<ts>' + _TIME + r')\+00:00"\},'
    r'"originator_topic":"finsam\.voucher:Voucher",'
    r'"actor":"(?<actor>' + _CH + r')",'
    r'"effective":\{"_type_":"date_iso","_data_":"(?<effective>' + _DATE + r')"\},'
    r'"forbund":\{"_type_":"uuid_hex","_data_":"(?<forbund>[0-9a-f]{32})"\},'
    r'"year":(?<year>-?(?:0|[1-9][0-9]{0,8})),'
    r'"serie":"(?<serie>' + _CH + r')","nummer":"(?<nummer>' + _CH + r')",'
    r'"datum":\{"_type_":"date_iso","_data_":"(?<datum>' + _DATE + r')"\},'
    r'"text":"(?<text>' + _CH + r')",'
    r'"rader":\[(?<rader>(?:' + _LINE + r'(?:,' + _LINE + r')*)?)\],'
    r'"kalla":"(?<kalla>' + _CH + r')","reverses":(?<reverses>null|' + _STR + r'),"reason":(?:null|' + _STR + r')\}$'
)

#: The form as pieces: literal text between the values, each value a name and its width
#: (None: it ends where the next literal starts, found as the literal's first occurrence in
#: the state – each such literal holds a quoted key, which no value can hold, so the first
#: occurrence is the key's own). The last value ends before the closing brace.
FORM: list[str | tuple[str, int | None]] = [
    '{"timestamp":{"_type_":"datetime_iso","_data_":"', ("ts", 26),
    '+00:00"},"originator_topic":"finsam.voucher:Voucher","actor":"', ("actor", None),
    '","effective":{"_type_":"date_iso","_data_":"', ("effective", 10),
    '"},"forbund":{"_type_":"uuid_hex","_data_":"', ("forbund", 32),
    '"},"year":', ("year", None),
    ',"serie":"', ("serie", None),
    '","nummer":"', ("nummer", None),
    '","datum":{"_type_":"date_iso","_data_":"', ("datum", 10),
    '"},"text":"', ("text", None),
    '","rader":[', ("rader", None),
    '],"kalla":"', ("kalla", None),
    '","reverses":', ("reverses", None),
    ',"reason":', ("reason", None),
]
#: What each value must look like, whole (`rader`: its lines, `lines`).
SHAPES = {
    "ts": _TIME, "actor": _CH, "effective": _DATE, "forbund": "[0-9a-f]{32}", "year": r"-?(?:0|[1-9][0-9]{0,8})",
    "serie": _CH, "nummer": _CH, "datum": _DATE, "text": _CH, "kalla": _CH, "reverses": "null|" + _STR,
    "reason": "null|" + _STR,
}
_LINE_HEAD, _LINE_SEP = '{"konto":"', '},{"konto":"'


def fields(frame: pl.DataFrame, state: str = "state") -> pl.DataFrame:
    """`frame` (with `state` as text) with a column per value of the form (null where it
    cannot be read) and `ok`: whether `state` is exactly in the form; `rader` is the text
    of its lines (`lines`). Offsets are in bytes: found in the text, cut from its bytes."""
    text, raw = pl.col(state), pl.col("_bytes")
    ends = {f"_e{i}": text.str.find(piece, literal=True).cast(pl.Int64)  # every search at once, over the whole state
            for i, piece in enumerate(FORM) if isinstance(piece, str) and i and FORM[i - 1][1] is None}
    frame = frame.with_columns(_n=text.str.len_bytes().cast(pl.Int64), _bytes=text.cast(pl.Binary), **ends)
    at: tuple[str | None, int] = (None, 0)  # where the next piece starts: a column of found offsets (or 0) + bytes
    checks: list[pl.Expr] = [raw.bin.slice(-1) == b"}"]
    cuts: dict[str, tuple[pl.Expr, pl.Expr]] = {}  # name -> (start, length)
    for i, piece in enumerate(FORM):
        if isinstance(piece, str):
            if f"_e{i}" in ends:  # found: where the value before it ends
                at = (f"_e{i}", 0)
            else:
                checks.append(raw.bin.slice(_offset(at), len(piece)) == piece.encode())
            at = (at[0], at[1] + len(piece))
            continue
        name, width = piece
        if width is not None:
            cuts[name] = (_offset(at), pl.lit(width, pl.Int64))
            at = (at[0], at[1] + width)
            continue
        end = (f"_e{i + 1}", 0) if i + 1 < len(FORM) else ("_n", -1)
        length = _offset(end) - _offset(at)
        checks.append(length >= 0)
        cuts[name] = (_offset(at), length)
        at = end
    # Every literal in place: each cut falls between two characters (a literal's ASCII ends it
    # or starts after it), so the cut bytes are text. Else nothing is cut.
    frame = frame.with_columns(_ok=pl.all_horizontal(checks).fill_null(False))
    frame = frame.with_columns(
        raw.bin.slice(start, pl.when("_ok").then(length).otherwise(0)).cast(pl.String).alias(name)
        for name, (start, length) in cuts.items())
    shaped = [pl.col(name).str.contains(f"^(?:{shape})$") for name, shape in SHAPES.items()]
    return (frame.with_columns(ok=pl.all_horizontal("_ok", *shaped).fill_null(False))
            .drop("_ok", "_n", "_bytes", *ends))


def _offset(at: tuple[str | None, int]) -> pl.Expr:
    column, bytes_after = at
    return pl.lit(bytes_after, pl.Int64) if column is None else pl.col(column) + bytes_after


def lines(rader: pl.DataFrame) -> pl.DataFrame:
    """The voucher lines of `rader` (columns position, rader: the text between the brackets)
    as position, rad (from 1), konto, belopp (text), insats (`null` or the quoted text) and
    `ok`: whether the line is exactly in the form. No text: no lines."""
    text = pl.col("rader")
    body = text.str.strip_prefix(_LINE_HEAD).str.strip_suffix("}")
    split = (
        rader.filter(text != "")
        .select("position", _head=text.str.starts_with(_LINE_HEAD) & text.str.ends_with("}"),
                line=body.str.split(_LINE_SEP))
        .with_columns(rad=pl.int_ranges(1, pl.col("line").list.len() + 1))
        .explode("line", "rad")
        # a line: `konto","belopp":N,"insats":null` or `…,"insats":"kod"` (the konto holds no quote)
        .with_columns(pl.col("line").str.splitn('"', 2).struct.rename_fields(["konto", "_rest"]))
        .unnest("line")
        .with_columns(_belopp=pl.col("_rest").str.starts_with(',"belopp":'),
                      _rest=pl.col("_rest").str.strip_prefix(',"belopp":').str.splitn(',"insats":', 2)
                      .struct.rename_fields(["belopp", "insats"]))
        .unnest("_rest")
    )
    ok = (pl.col("_head") & pl.col("konto").str.contains(f"^{_CH}$") & pl.col("_belopp")
          & pl.col("belopp").str.contains(f"^{INT}$")
          & pl.col("insats").str.contains(f"^(?:null|{_STR})$"))
    return split.select("position", "rad", "konto", "belopp", "insats", ok=ok.fill_null(False))
