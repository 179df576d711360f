"""`finsam report` in-process: the --known-at parser, problems on stderr, the progress note.

These run `intake.cli.app.run` (the real entry function) with a stand-in report builder,
so they do not depend on the figures of `projections.reports`.
"""

from __future__ import annotations

import sys
import types
from datetime import UTC, datetime, timedelta, timezone

import pytest

from intake import parsing
from intake.cli import report_cmd
from intake.cli.app import run
from projections_helpers import tiny_ledger
from render_helpers import golden_report

SUMMER = timezone(timedelta(hours=2))
WINTER = timezone(timedelta(hours=1))


@pytest.mark.parametrize("text, expected", [  # a day, minute or second given covers all of it
    ("2021-09-15", datetime(2021, 9, 15, 23, 59, 59, 999999, tzinfo=SUMMER)),
    ("2021-01-15", datetime(2021, 1, 15, 23, 59, 59, 999999, tzinfo=WINTER)),
    ("2021-09-15T14:00", datetime(2021, 9, 15, 14, 0, 59, 999999, tzinfo=SUMMER)),
    ("2021-09-15 14:00:05", datetime(2021, 9, 15, 14, 0, 5, 999999, tzinfo=SUMMER)),
    ("2021-09-15T12:00Z", datetime(2021, 9, 15, 12, 0, 59, 999999, tzinfo=UTC)),
    ("2021-09-15T12:00+00:00", datetime(2021, 9, 15, 12, 0, 59, 999999, tzinfo=UTC)),
    ("2021-09-15T12:00:00.5+00:00", datetime(2021, 9, 15, 12, 0, 0, 500000, tzinfo=UTC)),
])
def test_known_at_is_iso_8601_and_swedish_time_when_no_zone_is_given(text, expected):
    parsed = parsing.parse_known_at(text)
    assert parsed == expected and parsed.utcoffset() == expected.utcoffset()
    assert type(parsed) is datetime  # a plain datetime goes inward, not a pendulum one


@pytest.mark.parametrize("text", ["2021-09", "igår", "2021-13-01", "2021-09-15T25:00", "15/9 2021", ""])
def test_anything_else_is_a_usage_error(text):
    with pytest.raises(parsing.MomentError) as refused:
        parsing.parse_known_at(text)
    assert refused.value.exit_code == 2 and refused.value.field == "--known-at"


@pytest.fixture
def ledger(tmp_path, monkeypatch):
    """The tiny förbund on SQLite, a fixed today, and a builder that returns the golden report."""
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    store, _ = tiny_ledger(url)
    store.close()
    calls = []

    def builder(facts, period, known_at, *, forbund=None):
        assert forbund == "222000-0001"
        calls.append((facts.position, period, known_at))
        return golden_report()

    fake = types.SimpleNamespace(delarsrapport=builder, arsredovisning=builder, uppfoljning=builder)
    monkeypatch.setitem(sys.modules, "projections.reports", fake)
    monkeypatch.setattr("projections.reports", fake, raising=False)
    monkeypatch.setenv("FINSAM_TODAY", "2025-01-15")
    return url, calls


def test_a_report_with_problems_is_still_a_report_and_says_so_on_stderr(ledger, capsys):
    url, calls = ledger
    assert run(["--db", url, "report", "delarsrapport", "--cutoff", "2021-08-31"]) == 0
    out, err = capsys.readouterr()
    assert "RAPPORTEN HAR ETT PROBLEM" in out
    assert "Obs: Delårsrapport 2021 har 1 problem" in err
    assert "Driftredovisningens summa" in err
    assert calls[0][1].isoformat() == "2021-08-31" and calls[0][2] is None


def test_the_builder_gets_the_year_and_the_known_at_moment(ledger, capsys):
    url, calls = ledger
    # (A moment after the förbund was registered – one before it is refused – and not in the
    # future, which is refused too: this minute, which covers the whole minute.)
    minute = datetime.now(UTC).replace(second=0, microsecond=0)
    assert run(["--db", url, "report", "arsredovisning", "--year", "2021", "--known-at",
                minute.strftime("%Y-%m-%dT%H:%M+00:00"), "--format", "json"]) == 0
    assert calls == [(calls[0][0], 2021, minute + timedelta(seconds=59, microseconds=999999))]
    assert calls[0][0] > 0  # the facts were read


def test_reading_many_events_prints_a_note_on_stderr(ledger, capsys, monkeypatch):
    url, _ = ledger
    monkeypatch.setattr(report_cmd, "PROGRESS_FROM", 5)
    assert run(["--db", url, "report", "uppfoljning", "--cutoff", "2021-08-31", "--format", "json"]) == 0
    assert "händelser till rapportunderlaget" in capsys.readouterr().err
    # The second time the cache has them: no note.
    assert run(["--db", url, "report", "uppfoljning", "--cutoff", "2021-08-31", "--format", "json"]) == 0
    assert "rapportunderlaget" not in capsys.readouterr().err
