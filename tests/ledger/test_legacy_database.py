"""A database written by commit d27f253 still opens and reports identically.

`fixtures/legacy/ledger-d27f253.sqlite` was written once by d27f253's own command line
(`make_legacy_db.py`, kept for the record): the demo förbund plus everyday registrations, so
that every event type of that commit is stored in it. The golden files beside it are what
d27f253 printed from it. A change to how stored events are read (topics, field names,
encodings) fails here. The fixture is never regenerated: a deliberate format change needs
a migration or upcaster that makes these tests pass on the old file.

Nothing in the outputs is volatile (checked by running d27f253 twice, on fresh copies and on
a warm report cache, and with another FINSAM_TODAY and time zone for the reports and history):
the reports have `known_at` null and `position` = the last event; history's `recorded` times
come from the stored events; the SIE export's #GEN is FINSAM_TODAY, fixed here. The only
output that depends on the installed package is the SIE export's `#PROGRAM finsam <version>`
record and the closing #KSUMMA that covers it; see `test_…_exports_the_same_sie_file`.

The committed file is never opened in place: finsam switches a SQLite file to WAL mode
(rewriting its header) and puts a report cache beside it, so every test works on a copy.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from cli_helpers import event_count, finsam, ok
from paths import FIXTURES

LEGACY = FIXTURES / "legacy"
FIXTURE_DB = LEGACY / "ledger-d27f253.sqlite"
TODAY = date(2025, 2, 10)  # FINSAM_TODAY when the fixture and its goldens were made
EVENTS = 937

REPORTS = {
    "arsredovisning-2024": ("arsredovisning", "--year", "2024"),
    "delarsrapport-2024-08-31": ("delarsrapport", "--cutoff", "2024-08-31"),
    "uppfoljning-2024-08-31": ("uppfoljning", "--cutoff", "2024-08-31"),
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _golden_json(name: str) -> object:
    return json.loads((LEGACY / f"d27f253-{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def legacy_url(tmp_path: Path) -> Iterator[str]:
    """A copy of the fixture database; the committed file's bytes are checked afterwards."""
    before = _sha256(FIXTURE_DB)
    copy = tmp_path / FIXTURE_DB.name
    shutil.copyfile(FIXTURE_DB, copy)
    yield f"sqlite:///{copy}"
    assert _sha256(FIXTURE_DB) == before, "the committed fixture database was modified"


def test_the_d27f253_database_holds_every_event_it_was_written_with(legacy_url: str) -> None:
    assert event_count(legacy_url) == EVENTS


def test_a_database_written_by_d27f253_lists_the_same_history(legacy_url: str) -> None:
    golden = _golden_json("history")
    current = json.loads(ok(finsam(legacy_url, "history", "--format", "json", today=TODAY)))
    assert len(golden) == len(current) == EVENTS
    for old, new in zip(golden, current):
        # Compared on the golden entry's keys: a later finsam may add keys to an entry (never
        # to `data`, which is the stored event itself), but must not drop or change any.
        # One presentation change is deliberate: a voucher that takes cost off its insatser (a
        # credit note, a reversal) shows its amount with a minus sign (U+2212), which d27f253
        # left out. Nothing else in a summary may change.
        shown = {k: new.get(k) for k in old}
        if old["aggregate"] == "voucher" and shown.get("summary"):
            shown["summary"] = shown["summary"].replace("\u2212", "", 1)
        assert shown == old, f"history entry {old['position']} differs"


@pytest.mark.parametrize("name", list(REPORTS))
def test_a_database_written_by_d27f253_reports_identically(legacy_url: str, name: str) -> None:
    current = json.loads(ok(finsam(legacy_url, "report", *REPORTS[name], "--format", "json", today=TODAY)))
    golden = _since_d27f253(_golden_json(name))
    # As for history: a later finsam may add top-level keys, sections and key figures to a
    # report (the JSON contract is only extended additively, docs/contracts.md), but every
    # section and figure d27f253 printed must still be there, unchanged and in the same order.
    # `godkand` names the board's approval, which the d27f253 database records for 2024.
    assert set(current) - set(golden) <= {"godkand", "styrelse", "narrative"}
    printed = {s["id"]: s for s in golden["sections"]}
    current["sections"] = [_columns_of(s, printed[s["id"]]) for s in current["sections"] if s["id"] in printed]
    current["key_figures"] = {k: v for k, v in current["key_figures"].items() if k in golden["key_figures"]}
    assert {k: current[k] for k in golden} == golden


# Deliberate changes to how reports present the same figures since d27f253 (issue 11, report
# hygiene), applied to d27f253's output before the comparison; the goldens stay what d27f253 wrote.
OVER_BUDGET = " (negativ = över budget)"  # every deviation column says which sign is over budget
CENTRE_INSATSER = {"2.4.1": 5, "4.0": 6}  # Not 2: a cost centre of several insatser says how many
UNIT_NOTE = "Summeras per enhet: deltagare och tillfällen läggs inte ihop."


def _since_d27f253(golden: dict) -> dict:
    changed = copy.deepcopy(golden)
    budget = " ".join(changed["notes"])  # the budget sentence moved from the list at the end to its table
    changed["notes"] = []
    for s in changed["sections"]:
        columns = {c["id"]: c for c in s["columns"]}
        for deviation in ("avvikelse", "prognosavvikelse"):
            if deviation in columns and s["id"] in ("driftredovisning", "ekonomisk_sammanfattning"):
                columns[deviation]["title"] += OVER_BUDGET
        if s["id"] in ("driftredovisning", "ekonomisk_sammanfattning"):
            s["note"] = f"{budget} {s['note']}"
        if s["id"] == "ekonomisk_sammanfattning":  # "Kod" is an insats code everywhere else
            columns["objekt"]["title"] = "Kostnadsställe"
        if s["id"] == "not_kostnader_per_insats":  # grouped by cost centre, not per insats
            s["title"] = s["title"].replace("per insats", "per kostnadsställe")
            s["note"] = ("Grupperat per kostnadsställe (objekt i bokföringen): insatser som bokförs på samma "
                         "kostnadsställe redovisas tillsammans, med antalet insatser inom parentes. "
                         "Driftredovisningen visar samma kostnader per insats.")
            columns["rubrik"]["title"] = "Kostnadsställets insatser"
            for row in s["rows"]:
                if row.get("objekt") in CENTRE_INSATSER:
                    row["rubrik"] += f" ({CENTRE_INSATSER[row['objekt']]} insatser)"
        if s["id"] == "struktur":  # a total never adds deltagare and tillfällen
            rows = [r for r in s["rows"] if r.get("typ") != "summa"]
            units = list(dict.fromkeys(r["matt"] for r in rows))
            s["rows"] = rows + [{"kod": "", "insats": f"Summa {u}", "matt": u, "typ": "summa", "post": f"summa_{u}",
                                 "antal": sum(r["antal"] for r in rows if r["matt"] == u)} for u in units]
            s["note"] = UNIT_NOTE
    return changed


def _columns_of(section: dict, old: dict) -> dict:
    """`section` without the columns added since d27f253 (e.g. the previous year's participants
    beside the current): additive, like new sections; every old column must still be there."""
    added = {c["id"] for c in section["columns"]} - {c["id"] for c in old["columns"]}
    return {**section, "columns": [c for c in section["columns"] if c["id"] not in added],
            "rows": [{k: v for k, v in row.items() if k not in added} for row in section["rows"]]}


def _versioned(line: bytes) -> bool:
    return line.startswith(b"#PROGRAM ") or line.startswith(b"#KSUMMA ")


def test_a_database_written_by_d27f253_exports_the_same_sie_file(legacy_url: str, tmp_path: Path) -> None:
    exported = tmp_path / "export-2024.se"
    ok(finsam(legacy_url, "export", "sie", "--year", "2024", "-o", str(exported), today=TODAY))
    new, old = exported.read_bytes(), (LEGACY / "d27f253-export-2024.se").read_bytes()
    new_lines, old_lines = new.splitlines(), old.splitlines()
    # `#PROGRAM finsam 0.1.0` names the installed version, and the closing #KSUMMA is a
    # checksum over every record, #PROGRAM included: only a version bump may change those two.
    assert [x for x in new_lines if not _versioned(x)] == [x for x in old_lines if not _versioned(x)]
    if b"#PROGRAM finsam 0.1.0" in new_lines:  # the version that wrote the golden file
        assert new == old
