"""`finsam chat`: the real command, lines piped into it, the events found with `finsam history`."""

from __future__ import annotations

import os
import subprocess
import sys

from cli_helpers import ACTOR, SRC, TODAY, cli_url, event_count, history_json, prepared_ledger


def chat(url: str, lines: str) -> subprocess.CompletedProcess[str]:
    """`finsam --db URL chat` with `lines` on standard input (a pipe)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FINSAM_")}
    environ.update({"FINSAM_TODAY": TODAY.isoformat(), "FINSAM_ACTOR": ACTOR,
                    "PYTHONPATH": os.pathsep.join(p for p in (str(SRC), environ.get("PYTHONPATH")) if p)})
    return subprocess.run([sys.executable, "-m", "intake.cli", "--db", cli_url(url), "chat"], input=lines,
                          capture_output=True, text=True, env=environ, timeout=120)


def test_a_volume_piped_into_chat_is_recorded_and_found_in_history(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)

    done = chat(url, "SIP januari 2024: 6 möten\nja\n")

    assert done.returncode == 0, done.stderr
    assert "Sparat: Volym SIP (5.0) 2024-01: 6 möten." in done.stdout
    recorded = [e for e in history_json(url) if e["event"] == "VolumeReported"]
    assert [(e["data"], e["actor"]) for e in recorded] == [({"manad": "2024-01", "antal": 6}, ACTOR)]


def test_a_flow_told_one_slot_at_a_time_is_recorded(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)

    done = chat(url, "Försteg Exempel\napril\ntre kvinnor och en man\nen kvinna\ntill arbete\nspara\n")

    assert done.returncode == 0, done.stderr
    flows = [e for e in history_json(url) if e["event"] == "FlowReported" and e["data"]["manad"] == "2024-04"]
    assert len(flows) == 1
    flow = flows[0]["data"]["flow"]
    assert flow["paborjade"] == {"kvinna": 3, "man": 1, "ej_angivet": 0}
    assert flow["avslutade"] == {"kvinna": 1, "man": 0, "ej_angivet": 0}
    assert flow["utfall"]["arbete"] == 1


def test_each_turn_is_printed_after_the_line_it_answers(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)

    out = chat(url, "SIP\nfebruari\n").stdout

    assert out.index("> SIP") < out.index("Vilken månad gäller SIP (5.0)?") < out.index("> februari")
    assert out.index("> februari") < out.index("Hur många möten?")


def test_a_refused_answer_is_explained_and_nothing_is_recorded(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    before = event_count(url)

    done = chat(url, "Försteg Exempel april: 9 män slutade\navbryt\n")

    assert done.returncode == 0, done.stderr
    assert "9 män kan inte avslutas i Försteg Exempel (4.0) 2024-04" in done.stdout
    assert "Avbrutet – inget sparat." in done.stdout
    assert event_count(url) == before


def test_input_ending_before_ja_records_nothing_and_says_so(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)
    before = event_count(url)

    done = chat(url, "SIP januari 2024: 6 möten\n")

    assert done.returncode == 0
    assert "Inget sparat: indata tog slut innan posten bekräftades." in done.stdout
    assert event_count(url) == before


def test_chat_on_a_database_without_forbund_is_refused_with_exit_3(tmp_path):
    from ledger.store import LedgerStore

    url = f"sqlite:///{tmp_path / 'tom.sqlite'}"
    LedgerStore(url).close()

    done = chat(url, "ja\n")

    assert done.returncode == 3
    assert "inget förbund" in done.stderr


def test_a_correction_through_chat_shows_before_and_after_and_is_recorded(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)

    done = chat(url, "rätta Försteg Exempel mars: det var 4 kvinnor\npåbörjade\nfelräknat\nja\n")

    assert done.returncode == 0, done.stderr
    assert "påbörjade kvinnor: 3 → 4" in done.stdout
    fixed = [e for e in history_json(url) if e["event"] == "FlowCorrected"]
    assert len(fixed) == 1 and fixed[0]["data"]["flow"]["paborjade"]["kvinna"] == 4
    assert fixed[0]["data"]["reason"] == "felräknat"


def test_a_cost_piped_into_chat_is_posted_as_a_voucher(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)

    done = chat(url, "Försteg Exempel april 12 500 kr\nja\n")

    assert done.returncode == 0, done.stderr
    posted = [e for e in history_json(url) if e["event"] == "Posted" and e["effective"] == "2024-04-30"]
    assert len(posted) == 1
    assert {"konto": "4610", "belopp": 1_250_000, "insats": "4.0"} in posted[0]["data"]["rader"]


def test_a_meeting_with_its_decision_piped_into_chat_is_recorded_and_found_in_history(tmp_path):
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepared_ledger(url, tmp_path)

    done = chat(url, "styrelsemöte 2024-03-15 § 7: budget 2025 4 200 000 kr\nja\n")

    assert done.returncode == 0, done.stderr
    assert "Beslut 2024-03-15 § 7 (budget antagen)" in done.stdout
    decided = [e for e in history_json(url) if e["event"] == "DecisionRecorded" and e["effective"] == "2024-03-15"]
    assert len(decided) == 1 and decided[0]["data"]["data"]["budgetram"] == 420_000_000
