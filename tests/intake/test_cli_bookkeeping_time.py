"""Bookkeeping traps and times, through the real `finsam` entry point.

- A reversal without `--datum` lands on the original's date when that month is open, else
  on the first day of the first open month after it, and says which and why.
- Amounts keep their sign in confirmations and history (a credit note is −5 000 kr), an
  identical cost or voucher is refused naming the one already booked unless `--dubblett`,
  and "245 000:-" is 245 000 kr.
- History prints recorded times in Swedish time with the zone; `--known-at` takes that
  form back, and `#N` (as known when event N was recorded); a report as known before the
  förbund was registered says so.
- The demo's events carry the times of its story, so history and `--known-at` mean
  something on it.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cli_helpers import event_count, finsam, history_json, ok, prepared_ledger, refused

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MINUS = "\u2212"
STORY_END = date(2025, 3, 28)  # the demo's last registration: the board approves årsredovisning 2024
AFTER_STORY = date(2025, 4, 1)
PRINTED_TIME = re.compile(r"^\d+\s+(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} CES?T)\s")


@pytest.fixture
def url(tmp_path: Path) -> str:
    """The prepared example förbund: voucher A12 of 2024-03-31, 2024-02 closed, today 2024-05-10."""
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    return url


def posted(url: str) -> list[dict]:
    return [e for e in history_json(url) if e["event"] == "Posted"]


# -- trap 5: the reversal's default date ---------------------------------------------------------
REVERSE_A12 = ("record", "correction", "voucher", "--ar", "2024", "--serie", "A", "--nummer", "12",
               "--orsak", "Fel insats")


def test_a_reversal_without_a_date_takes_the_originals_date_when_its_month_is_open(url: str) -> None:
    out = ok(finsam(url, *REVERSE_A12))
    assert "2024-03-31" in out and "dagen för originalet, perioden är öppen" in out
    reversal = posted(url)[-1]
    assert reversal["data"]["reverses"] == "A12 (2024)" and reversal["data"]["datum"] == "2024-03-31"


def test_a_reversal_of_a_voucher_in_closed_months_lands_on_the_first_day_of_the_first_open_one(url: str) -> None:
    ok(finsam(url, "close-period", "2024-03"))
    ok(finsam(url, "close-period", "2024-04"))
    out = ok(finsam(url, *REVERSE_A12))
    assert "2024-05-01, första dagen i första öppna perioden efter 2024-03" in out
    assert "stängd" in out
    assert posted(url)[-1]["data"]["datum"] == "2024-05-01"


def test_one_closed_month_moves_the_reversal_to_the_next_month(url: str) -> None:
    ok(finsam(url, "close-period", "2024-03"))
    out = ok(finsam(url, *REVERSE_A12))
    assert "2024-04-01, första dagen i första öppna perioden efter 2024-03 som är stängd" in out
    assert posted(url)[-1]["data"]["datum"] == "2024-04-01"


def test_an_explicit_reversal_date_still_wins_and_is_still_checked_against_locks(url: str) -> None:
    stderr = refused(url, *REVERSE_A12, "--datum", "2024-02-15")
    assert 'Fel: Fältet "--datum": perioden 2024-02 är stängd' in stderr
    out = ok(finsam(url, *REVERSE_A12, "--datum", "2024-04-15"))
    assert "2024-04-15" in out and "dagen för originalet" not in out
    assert posted(url)[-1]["data"]["datum"] == "2024-04-15"


# -- trap 6: signs, duplicates and ":-" ------------------------------------------------------------
COST = ("record", "cost", "--insats", "4.0", "--manad", "2024-03")


def test_a_credit_note_is_shown_with_its_minus_sign_in_the_confirmation_and_the_history(url: str) -> None:
    out = ok(finsam(url, *COST, "--belopp", "-5 000 kr", "--text", "Kreditnota mars"))
    assert f"{MINUS}5 000,00 kr" in out
    history = ok(finsam(url, "history"))
    line = next(row for row in history.splitlines() if "Kreditnota mars" in row)
    assert f"{MINUS}5 000,00 kr" in line
    ok(finsam(url, *COST, "--belopp", "245 000 kr"))
    assert "Verifikation K2 2024-03-31 245 000,00 kr: Försteg Exempel, mars 2024" in ok(finsam(url, "history"))


def test_a_credit_note_voucher_shows_the_signed_cost_it_puts_on_the_insats(url: str) -> None:
    out = ok(finsam(url, "record", "voucher", "--datum", "2024-04-15", "--serie", "A", "--text", "Kreditfaktura",
                    "--rad", "4610:-5 000:4.0", "--rad", "2440:5 000"))
    assert f"{MINUS}5 000,00 kr" in out
    assert f"{MINUS}5 000,00 kr: Kreditfaktura" in posted(url)[-1]["summary"]


def test_a_cost_identical_to_one_already_booked_is_refused_naming_it_unless_dubblett(url: str) -> None:
    ok(finsam(url, *COST, "--belopp", "245 000 kr"))
    stderr = refused(url, *COST, "--belopp", "245 000")
    assert "samma kostnad finns redan som K1 (2024-03-31)" in stderr and "--dubblett" in stderr
    out = ok(finsam(url, *COST, "--belopp", "245 000", "--dubblett"))
    assert "K2" in out
    # Another amount, month or text is another cost.
    ok(finsam(url, *COST, "--belopp", "245 001"))


def test_a_voucher_identical_to_one_already_booked_is_refused_naming_it_unless_dubblett(url: str) -> None:
    again = ("record", "voucher", "--datum", "2024-03-31", "--serie", "A", "--text", "Faktura mars",
             "--rad", "2440:-245 000", "--rad", "4610:245 000:4.0")  # the lines of A12, in another order
    stderr = refused(url, *again)
    assert "samma verifikation finns redan som A12 (2024-03-31)" in stderr
    assert "Verifikation A1 2024-03-31" in ok(finsam(url, *again, "--dubblett"))  # the next free number


def test_a_reversed_voucher_is_no_duplicate_of_its_replacement(url: str) -> None:
    ok(finsam(url, *REVERSE_A12))
    ok(finsam(url, "record", "voucher", "--datum", "2024-03-31", "--serie", "A", "--text", "Faktura mars",
              "--rad", "4610:245 000:4.0", "--rad", "2440:-245 000"))


@pytest.mark.parametrize("typed", ["245 000:-", "245 000 :-", "245000:-"])
def test_the_swedish_colon_dash_suffix_reads_as_whole_kronor(url: str, typed: str) -> None:
    out = ok(finsam(url, *COST, "--belopp", typed))
    assert "245 000,00 kr" in out
    assert posted(url)[-1]["data"]["rader"][0]["belopp"] == 24_500_000


# -- trap 7: times -------------------------------------------------------------------------------
def printed_times(url: str, *args: str) -> list[tuple[int, str]]:
    """(position, the recorded time as history prints it) for every row of the text history."""
    rows = ok(finsam(url, "history", *args, env={"TZ": "UTC"})).splitlines()[2:-2]
    return [(int(r.split()[0]), PRINTED_TIME.match(r).group(1)) for r in rows]  # type: ignore[union-attr]


def test_history_prints_recorded_times_in_swedish_time_with_the_zone(url: str) -> None:
    printed = dict(printed_times(url))
    entries = history_json(url)
    assert len(printed) == len(entries)
    for entry in entries:
        recorded = datetime.fromisoformat(entry["recorded"])
        assert recorded.utcoffset().total_seconds() == 0  # JSON keeps UTC (the contract)
        local = recorded.astimezone(STOCKHOLM)
        assert printed[entry["position"]] == local.strftime("%Y-%m-%d %H:%M:%S ") + local.tzname()


# -- trap 8 (and 7 on the demo): the demo's story times --------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'finsam.sqlite'}"
    ok(finsam(url, "demo", today=AFTER_STORY))
    return url


def test_the_demos_history_carries_the_times_of_its_story(demo: str) -> None:
    entries = history_json(demo)
    times = [datetime.fromisoformat(e["recorded"]).astimezone(STOCKHOLM) for e in entries]
    assert times == sorted(times)  # in the order of the log
    assert times[0].date() == date(2022, 12, 1)  # the catalogue at the start
    assert times[-1].date() <= STORY_END
    # A month's flow is reported early the following month; a decision on the meeting day.
    flow = next(t for e, t in zip(entries, times)
                if e["event"] == "FlowReported" and e["data"]["manad"] == "2024-03")
    assert date(2024, 4, 5) <= flow.date() <= date(2024, 4, 10)
    decision = next(t for e, t in zip(entries, times) if e["summary"].startswith("Beslut 2023-11-24 § 5"))
    assert decision.date() == date(2023, 11, 24)
    cost = next(t for e, t in zip(entries, times)
                if e["event"] == "Posted" and e["data"]["kalla"] == "kostnad" and e["data"]["datum"] == "2024-01-31")
    assert date(2024, 2, 1) <= cost.date() <= date(2024, 2, 7)


def report_json(url: str, *args: str) -> dict:
    return json.loads(ok(finsam(url, "report", *args, "--format", "json", today=AFTER_STORY)))


def test_the_demos_annual_report_as_known_at_midsummer_lacks_the_second_half_year(demo: str) -> None:
    full = report_json(demo, "arsredovisning", "--year", "2024")
    midyear = report_json(demo, "arsredovisning", "--year", "2024", "--known-at", "2024-06-30")
    assert 0 < midyear["position"] < full["position"]
    assert midyear["key_figures"]["paborjade"] > 0  # the first half-year was known by then
    assert midyear["key_figures"] != full["key_figures"]
    assert midyear["key_figures"]["paborjade"] < full["key_figures"]["paborjade"]


def test_known_at_takes_back_exactly_the_time_history_prints(demo: str) -> None:
    printed = printed_times(demo)
    position, moment = printed[len(printed) // 2]
    known = history_json(demo, "--known-at", moment)
    last = max(p for p, t in printed if t == moment)
    assert known and known[-1]["position"] == last >= position
    assert [e["position"] for e in known] == [p for p, _t in printed if p <= last]


def test_known_at_hash_n_is_as_known_when_event_n_was_recorded(demo: str) -> None:
    assert [e["position"] for e in history_json(demo, "--known-at", "#5")] == [1, 2, 3, 4, 5]
    # The last event of a registration in mid-2024: as known then, by number and by time.
    printed = printed_times(demo)
    moment = next(t for _p, t in printed if t.startswith("2024-06"))
    n = max(p for p, t in printed if t == moment)
    report = report_json(demo, "arsredovisning", "--year", "2024", "--known-at", f"#{n}")
    assert report["position"] == n
    same_moment = report_json(demo, "arsredovisning", "--year", "2024", "--known-at", moment)
    assert same_moment["position"] == n
    assert report["key_figures"] == same_moment["key_figures"] and report["sections"] == same_moment["sections"]
    assert report["key_figures"] != report_json(demo, "arsredovisning", "--year", "2024")["key_figures"]


def test_known_at_an_event_that_does_not_exist_is_refused(demo: str) -> None:
    result = finsam(demo, "history", "--known-at", "#999999", today=AFTER_STORY)
    assert result.returncode == 3 and "#999999" in result.stderr


def test_a_report_as_known_before_the_forbund_was_registered_says_so(demo: str) -> None:
    result = finsam(demo, "report", "arsredovisning", "--year", "2024", "--known-at", "2022-11-30",
                    "--format", "json", today=AFTER_STORY)
    assert result.returncode == 3 and result.stdout == ""
    assert "förbundet var inte registrerat vid den tidpunkten (registrerades 2022-12-01 " in result.stderr.lower()
    assert re.search(r"registrerades 2022-12-01 \d{2}:\d{2} CET", result.stderr)


def test_a_cost_typed_by_hand_is_not_booked_again_by_the_cost_import(url: str, tmp_path: Path) -> None:
    ok(finsam(url, *COST, "--belopp", "245 000 kr"))  # K1: Försteg Exempel, mars 2024
    rows = tmp_path / "kostnader.csv"
    rows.write_text("datum;insats;belopp;text\n"
                    "2024-03-31;4.0;245000;\n"             # the cost typed by hand (default text)
                    "2024-03-31;4.0;245000;\n"             # a second, identical one in the file
                    "2024-04-30;4.0;-5000;Kreditnota april\n", encoding="utf-8")
    out = ok(finsam(url, "import", "costs", str(rows)))
    assert "redan registrerad som K1 (2024)" in out
    costs = [e for e in posted(url) if e["data"]["serie"] == "K"]
    assert [c["summary"].split(":")[0] for c in costs] == [
        "Verifikation K1 2024-03-31 245 000,00 kr", "Verifikation K2 2024-03-31 245 000,00 kr",
        f"Verifikation K3 2024-04-30 {MINUS}5 000,00 kr"]
    # The same file again books nothing.
    before = event_count(url)
    ok(finsam(url, "import", "costs", str(rows)))
    assert event_count(url) == before
