"""Units behind the bookkeeping and time traps: the ":-" amount suffix, the `--known-at`
forms (history's printed time, `#N`) and the recorded-time hook the demo uses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from intake import parsing
from intake.parsing.amounts import AmountError, parse_amount
from intake.parsing.moments import MomentError
from ledger import money
from ledger.domain import base
from ledger.service import LedgerService, Line
from ledger.store import LedgerStore
from projections.as_known import AsOfEvent

SUMMER = timezone(timedelta(hours=2))
WINTER = timezone(timedelta(hours=1))
MINUS = "\u2212"


@pytest.mark.parametrize("text, ore", [
    ("245 000:-", 24_500_000), ("245 000 :-", 24_500_000), ("245000:-", 24_500_000),
    ("1 234,50:-", 123_450), ("-500:-", -50_000), ("245 000:\u2013", 24_500_000),
])
def test_the_swedish_colon_dash_means_kronor_where_kr_is_allowed(text: str, ore: int) -> None:
    assert parse_amount(text, allow_kr=True) == ore


@pytest.mark.parametrize("text", ["245 000:-", ":-", "245 000:-:-", "245 000 kr:-"])
def test_the_colon_dash_is_refused_where_kr_is_not_allowed_or_stands_alone(text: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(text, allow_kr=text != "245 000:-")


def test_format_kr_signs_with_the_minus_the_reports_use_and_parses_back() -> None:
    assert money.format_kr(-500_000) == f"{MINUS}5 000,00 kr"
    assert money.format_kr(24_500_000) == "245 000,00 kr"
    assert parse_amount(money.format_kr(-123_45), allow_kr=True) == -123_45


@pytest.mark.parametrize("text, expected", [
    # What history prints: to the second, with the zone; it covers that whole second.
    ("2024-05-10 14:03:12 CEST", datetime(2024, 5, 10, 14, 3, 12, 999999, tzinfo=SUMMER)),
    ("2024-01-05 10:00:00 CET", datetime(2024, 1, 5, 10, 0, 0, 999999, tzinfo=WINTER)),
    ("2024-01-05T10:00:00+01:00", datetime(2024, 1, 5, 10, 0, 0, 999999, tzinfo=WINTER)),
    ("2024-01-05 10:00 CET", datetime(2024, 1, 5, 10, 0, 59, 999999, tzinfo=WINTER)),
    ("2024-05-10T12:03:12.250000+00:00", datetime(2024, 5, 10, 12, 3, 12, 250000, tzinfo=UTC)),
])
def test_known_at_takes_the_printed_form_and_a_time_covers_the_second_or_minute_it_names(text, expected):
    parsed = parsing.parse_known_at(text)
    assert parsed == expected and parsed.utcoffset() == expected.utcoffset()


def test_known_at_hash_n_is_a_log_position() -> None:
    assert parsing.parse_known_at("#42") == AsOfEvent(42)
    assert parsing.parse_known_at(" #7 ") == AsOfEvent(7)
    for bad in ("#", "#0", "#-3", "#x", "# 4"):
        with pytest.raises(MomentError):
            parsing.parse_known_at(bad)


def test_a_zone_name_other_than_cet_or_cest_is_refused() -> None:
    with pytest.raises(MomentError):
        parsing.parse_known_at("2024-05-10 14:03:12 EST")


def test_events_created_under_recorded_at_carry_that_moment_and_others_the_clock(tmp_path) -> None:
    store = LedgerStore(f"sqlite:///{tmp_path / 'finsam.sqlite'}")
    try:
        from cli_helpers import example_with_sip
        from intake.importers.forbund_toml import parse_forbund_file

        svc = LedgerService(store, actor="test", today=lambda: date(2024, 5, 10))
        story = datetime(2024, 1, 5, 9, 0, tzinfo=WINTER)
        with base.recorded_at(story):
            svc.apply_forbund_spec(parse_forbund_file(example_with_sip(tmp_path)))
        before = datetime.now(UTC)
        svc.post_voucher(date(2024, 3, 31), "A", "1", "Faktura", [Line("4610", 100, "4.0"), Line("2440", -100)])
        events = [n.event for n in store.iter_all()]
        assert all(e.timestamp == story for e in events[:-1])
        assert events[-1].timestamp >= before
    finally:
        store.close()
