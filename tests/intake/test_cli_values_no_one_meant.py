"""Values no one meant are refused where they are typed (bad-input #31; issue 8, hole 7).

A voucher dated 0001 or 9999, a § "abc", "0" or "−1", a voucher number "−5" or a `--known-at`
in the future would be accepted for good, since nothing stored can be removed. Each is
refused with exit 3, the field named as the user typed it, and nothing written.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cli_helpers import finsam, ok, prepared_ledger, refused

TODAY = date(2024, 5, 10)


@pytest.fixture
def url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)  # the example förbund with a meeting 2024-03-28 (§ 5)
    return url


@pytest.mark.parametrize("day", ["0001-01-01", "1900-06-30", "1999-12-31", "2026-01-01", "9999-12-31"])
def test_a_voucher_or_cost_dated_outside_the_books_time_is_refused(url, day):
    stderr = refused(url, "record", "voucher", "--datum", day, "--serie", "A", "--text", "Hyra",
                     "--rad", "6110:1 000", "--rad", "1930:-1 000")
    assert 'Fältet "--datum"' in stderr and "utanför bokföringens tid" in stderr
    stderr = refused(url, "record", "cost", "--insats", "4.0", "--datum", day, "--belopp", "1 000 kr")
    assert 'Fältet "--datum"' in stderr


def test_the_books_time_runs_from_2000_to_the_end_of_next_year(url):
    for day, number in (("2000-01-01", "1"), ("2025-12-31", "2")):
        ok(finsam(url, "record", "voucher", "--datum", day, "--serie", "A", "--nummer", number, "--text", "Hyra",
                  "--rad", "6110:1 000", "--rad", "1930:-1 000", today=TODAY))


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_meeting_dated_outside_the_books_time_is_refused(url, day):
    assert 'Fältet "--datum"' in refused(url, "record", "meeting", "--datum", day)


@pytest.mark.parametrize("paragraf", ["abc", "0", "-1", "−1", "§", "12345"])
def test_a_paragraph_that_is_no_positive_number_is_refused(url, paragraf):
    stderr = refused(url, "record", "decision", "--sammantrade", "2024-03-28", "--paragraf", paragraf,
                     "--typ", "ovrigt", "--text", "Information")
    assert 'Fältet "--paragraf"' in stderr and "paragrafnummer" in stderr


def test_a_paragraph_with_a_letter_is_accepted(url):
    ok(finsam(url, "record", "decision", "--sammantrade", "2024-03-28", "--paragraf", "§ 5a",
              "--typ", "ovrigt", "--text", "Information", today=TODAY))


@pytest.mark.parametrize("nummer", ["-5", "0", "00", "−5"])
def test_a_voucher_number_that_is_zero_or_negative_is_refused(url, nummer):
    stderr = refused(url, "record", "voucher", "--datum", "2024-03-05", "--serie", "A", "--nummer", nummer,
                     "--text", "Hyra", "--rad", "6110:1 000", "--rad", "1930:-1 000")
    assert 'Fältet "--nummer"' in stderr


def test_a_grant_reaching_past_the_years_finsam_plans_for_is_refused(url):
    stderr = refused(url, "record", "decision", "--sammantrade", "2024-03-28", "--paragraf", "7",
                     "--typ", "medfinansiering", "--text", "Medel", "--insats", "4.0", "--belopp", "91 000",
                     "--fran", "2024-04-01", "--till", "9999-12-31")
    assert 'Fältet "--till"' in stderr and "planerar" in stderr


@pytest.mark.parametrize("command", [("history",), ("report", "arsredovisning", "--year", "2024")])
def test_known_at_in_the_future_is_refused(url, command):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()  # by the real clock, which stamps events
    stderr = refused(url, *command, "--known-at", tomorrow)
    assert 'Fältet "--known-at"' in stderr and "har inte inträffat än" in stderr
    ok(finsam(url, *command, "--known-at", "#3", today=TODAY))  # an event number is never in the future
