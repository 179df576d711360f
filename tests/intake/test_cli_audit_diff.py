"""Failure-matrix row 2: approve a report, then a late flow and a voucher correction arrive.

`finsam audit diff` lists exactly the figures they changed, each with the event that changed
it (actor, time, reason), and the approved version is reproduced byte for byte by
`finsam report … --known-at #N --format json` (its sha256 is the digest frozen at approval).
On SQLite and on a real PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json

from audit_helpers import approve, ok, small_year
from cli_helpers import finsam
from projections_helpers import TODAY


def test_the_diff_lists_exactly_the_figures_a_late_flow_and_a_reversal_changed(db_url):
    small_year(db_url)
    approval = approve(db_url)
    stored = json.loads(ok(finsam(db_url, "history", "--format", "json", today=TODAY)))[-1]["data"]["data"]
    frozen_at = stored["position"]
    assert frozen_at == approval - 1 and len(stored["digest"]) == len(stored["huvud"]) == 64

    ok(finsam(db_url, "record", "flow", "--insats", "B", "--manad", "2021-08", "--paborjade-kvinnor", "2",
              today=TODAY, actor="sen-rapportor"))
    ok(finsam(db_url, "record", "correction", "voucher", "--ar", "2021", "--serie", "A", "--nummer", "1",
              "--orsak", "Fel belopp på medlemsbidraget", today=TODAY, actor="ekonomen"))
    history = json.loads(ok(finsam(db_url, "history", "--format", "json", today=TODAY)))
    late_flow = next(e["position"] for e in history if e["event"] == "FlowReported" and e["position"] > approval)
    reversal = next(e["position"] for e in history if e["event"] == "Posted" and e["position"] > approval)

    result = json.loads(ok(finsam(db_url, "audit", "diff", "--godkand", "2021-10-29 §7", "--format", "json",
                                  today=TODAY)))
    assert result["digest_stammer"] is True and result["godkand_position"] == frozen_at
    changed = {c["id"]: c for c in result["andrade"]}
    # The late flow: two more started women in Beta; the reversal takes the member income away.
    assert changed["key_figures.paborjade"]["fore"] + 2 == changed["key_figures.paborjade"]["efter"]
    assert changed["key_figures.paborjade"]["handelser"] == [late_flow]
    assert changed["key_figures.verksamhetens_intakter"]["handelser"] == [reversal]
    assert changed["key_figures.verksamhetens_intakter"]["efter"] == "0.00"
    # Exactly those two events changed anything, each figure names one of them, nothing else moved.
    assert {p for c in result["andrade"] for p in c["handelser"]} == {late_flow, reversal}
    assert all(len(c["handelser"]) == 1 for c in result["andrade"])
    assert not any(k.startswith(("volymer.", "key_figures.verksamhetens_kostnader")) for k in changed)
    assert [e["position"] for e in result["handelser"]] == [late_flow, reversal]
    assert result["handelser"][0]["actor"] == "sen-rapportor"
    assert "Fel belopp på medlemsbidraget" in result["handelser"][1]["summary"]

    text = ok(finsam(db_url, "audit", "diff", "--rapport", "delarsrapport", "--period", "2021-08-31", today=TODAY))
    assert "godkänd av styrelsen 2021-10-29 § 7" in text and "(stämmer)" in text
    assert f"Nyckeltal › Påbörjade: {changed['key_figures.paborjade']['fore']} → " in text
    assert f"#{reversal} " in text and "ekonomen" in text and "orsak: Fel belopp på medlemsbidraget" in text

    # The approved version, byte for byte, is the report as known at the frozen position.
    approved = finsam(db_url, "report", "delarsrapport", "--cutoff", "2021-08-31", "--known-at", f"#{frozen_at}",
                      "--format", "json", today=TODAY)
    assert hashlib.sha256(approved.stdout.encode("utf-8")).hexdigest() == stored["digest"]
    now = json.loads(ok(finsam(db_url, "report", "delarsrapport", "--cutoff", "2021-08-31", "--format", "json",
                               today=TODAY)))
    assert now["godkand"] == {"sammantrade": "2021-10-29", "paragraf": "7", "datum": "2021-10-29",
                              "text": "Godkänd av styrelsen 2021-10-29 § 7"}
    assert "godkand" not in json.loads(approved.stdout)


def test_a_diff_of_an_approval_that_is_not_recorded_is_refused(sqlite_url):
    small_year(sqlite_url)
    result = finsam(sqlite_url, "audit", "diff", "--godkand", "2021-10-29 §7", today=TODAY)
    assert result.returncode == 3 and "2021-10-29 § 7" in result.stderr
    result = finsam(sqlite_url, "audit", "diff", "--godkand", "i fredags", today=TODAY)
    assert result.returncode == 2 and "--godkand" in result.stderr


def test_an_approval_of_a_period_no_report_covers_is_refused_and_nothing_is_written(sqlite_url):
    small_year(sqlite_url)
    ok(finsam(sqlite_url, "record", "meeting", "--datum", "2021-10-29", today=TODAY))
    before = len(json.loads(ok(finsam(sqlite_url, "history", "--format", "json", today=TODAY))))
    result = finsam(sqlite_url, "record", "decision", "--sammantrade", "2021-10-29", "--paragraf", "7",
                    "--typ", "rapport_godkand", "--text", "Årsredovisningen godkänns", "--rapport", "arsredovisning",
                    "--period-start", "2021-03-01", "--period-slut", "2021-12-31", today=TODAY)
    assert result.returncode == 3 and "2021-01-01 – 2021-12-31" in result.stderr
    assert len(json.loads(ok(finsam(sqlite_url, "history", "--format", "json", today=TODAY)))) == before


BESLUT = """
[[sammantrade]]
datum = 2021-10-29

[[sammantrade.beslut]]
paragraf = 7
typ = "rapport_godkand"
text = "Delårsrapporten godkänns"
rapport = "delarsrapport"
period_start = 2021-01-01
period_slut = 2021-08-31
"""


def test_an_approval_imported_from_a_file_is_frozen_too_and_a_second_import_changes_nothing(sqlite_url, tmp_path):
    small_year(sqlite_url)
    path = tmp_path / "beslut.toml"
    path.write_text(BESLUT, encoding="utf-8")
    ok(finsam(sqlite_url, "import", "decisions", str(path), today=TODAY))
    history = json.loads(ok(finsam(sqlite_url, "history", "--format", "json", today=TODAY)))
    frozen = history[-1]["data"]["data"]
    assert frozen["position"] == history[-3]["position"] and len(frozen["digest"]) == 64
    ok(finsam(sqlite_url, "import", "decisions", str(path), today=TODAY))
    assert len(json.loads(ok(finsam(sqlite_url, "history", "--format", "json", today=TODAY)))) == len(history)
    approved = finsam(sqlite_url, "report", "delarsrapport", "--cutoff", "2021-08-31", "--known-at",
                      f"#{frozen['position']}", "--format", "json", today=TODAY)
    assert hashlib.sha256(approved.stdout.encode("utf-8")).hexdigest() == frozen["digest"]
