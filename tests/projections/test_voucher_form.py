"""The voucher state cut at its literal keys (projections/voucher_form.py) reads exactly the
states, and the values, that the regular expression defining the form matches."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from projections import voucher_form

# Values that try to fool the cut: quotes, escapes, the literals themselves, characters outside
# the form's letters (a soft hyphen, a no-break space, a control character, CJK), and numbers
# in forms the regular expression refuses.
TRICKY = ['"', "\\", '],"kalla":"', '","rader":[', ',"reason":', '},{"konto":"', '","effective":{', "{", "}",
          ",", ":", "\u00ad", "\u00a0", "\x07", "日本", "Åsa", "null", ""]
TEXT = st.lists(st.sampled_from([*TRICKY, "a", "B 1", "Faktura", "é"]), max_size=3).map("".join)
NUMBER = st.sampled_from(["0", "-0", "7", "-400000", "0012", "+5", "1e3", "9999999999999999999", "12,3", ""])
DATE = st.sampled_from(["2015-01-02", "2015-1-02", "2024-02-30", "20x5-01-02"])
TIME = st.sampled_from(["2026-12-05T16:09:26.371310", "2026-12-05T16:09:26", "2026-12-05 16:09:26.371310"])
HEX = st.sampled_from(["e613a458ffb05eab985168eb21b2a715", "E613A458FFB05EAB985168EB21B2A715", "e613a458"])
OPTIONAL = st.one_of(st.just("null"), TEXT.map(lambda t: f'"{t}"'), TEXT)
LINE = st.builds(lambda konto, belopp, insats: f'{{"konto":"{konto}","belopp":{belopp},"insats":{insats}}}',
                 TEXT, NUMBER, OPTIONAL)


@st.composite
def states(draw: st.DrawFn) -> str:
    state = (
        f'{{"timestamp":{{"_type_":"datetime_iso","_data_":"{draw(TIME)}+00:00"}},'
        f'"originator_topic":"finsam.voucher:Voucher","actor":"{draw(TEXT)}",'
        f'"effective":{{"_type_":"date_iso","_data_":"{draw(DATE)}"}},'
        f'"forbund":{{"_type_":"uuid_hex","_data_":"{draw(HEX)}"}},"year":{draw(NUMBER)},'
        f'"serie":"{draw(TEXT)}","nummer":"{draw(TEXT)}",'
        f'"datum":{{"_type_":"date_iso","_data_":"{draw(DATE)}"}},"text":"{draw(TEXT)}",'
        f'"rader":[{",".join(draw(st.lists(LINE, max_size=3)))}],'
        f'"kalla":"{draw(TEXT)}","reverses":{draw(OPTIONAL)},"reason":{draw(OPTIONAL)}}}'
    )
    cut = draw(st.integers(0, len(state)))  # sometimes a character lost or doubled
    return draw(st.sampled_from([state, state[:cut] + state[cut + 1:], state[:cut] + state[cut:cut + 1] + state[cut:]]))


TEXT_RE = f"[{voucher_form.CHARS}]*"
LINE_RE = (r'\{"konto":"(' + TEXT_RE + r')","belopp":(' + voucher_form.INT + r'),"insats":(null|"' + TEXT_RE
           + r'")\}')


@settings(max_examples=300, deadline=None)
@given(st.lists(states(), min_size=1, max_size=8))
def test_the_cut_reads_what_the_regular_expression_matches(texts):
    frame = pl.DataFrame({"position": list(range(len(texts))), "state": texts})
    cut = voucher_form.fields(frame)
    lines = voucher_form.lines(cut.filter("ok").select("position", "rader"))
    # The oracle: the form's regular expression in polars, as the bulk decoder read it before.
    oracle = frame.with_columns(matched=pl.col("state").str.contains(voucher_form.VOUCHER),
                                groups=pl.col("state").str.extract_groups(voucher_form.VOUCHER))
    names = list(oracle.schema["groups"].to_schema())
    for row, expected in zip(cut.iter_rows(named=True), oracle.iter_rows(named=True), strict=True):
        mine = lines.filter(pl.col("position") == row["position"])
        assert (row["ok"] and all(mine["ok"])) == expected["matched"], row["state"]
        if expected["matched"]:
            assert {name: row[name] for name in names} == expected["groups"]
            their = pl.DataFrame({"rader": [expected["groups"]["rader"]]}).select(
                pl.col("rader").str.extract_all(LINE_RE).explode().str.extract_groups(LINE_RE)).unnest("rader")
            assert mine.select("konto", "belopp", "insats").rows() == [r for r in their.rows() if r != (None,) * 3]
