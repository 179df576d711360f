"""`finsam verify` (failure matrix row 1): tampering behind finsam's back – triggers dropped
first – is named by position and kind with exit 4, on SQLite and PostgreSQL; an intact log
verifies with exit 0. Row 8: a clock set back still verifies."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from chain_helpers import drop_guards, edit_state, execute, fetch, positions_of, recomputed_heads, relink, swap

from cli_helpers import TODAY, finsam, prepared_ledger
from ledger.domain.base import recorded_at
from ledger.service import LedgerService
from ledger.store import LedgerStore

FLOW = "finsam.insats:FlowReported"
CORRECTED = "finsam.insats:FlowCorrected"
POSTED = "finsam.voucher:Posted"


@pytest.fixture
def ledger(db_url: str, tmp_path: Path) -> str:
    """The prepared example ledger plus a flow correction and a reversed voucher."""
    prepared_ledger(db_url, tmp_path)
    store = LedgerStore(db_url)
    try:
        svc = LedgerService(store, actor="rättaren", today=lambda: TODAY)
        svc.correct_flow("4.0", date(2024, 3, 1), {"kvinna": 4}, {}, {}, "En deltagare saknades")
        svc.reverse_voucher(2024, "A", "12", "Fel leverantör")
    finally:
        store.close()
    return db_url


def verify(url: str, *args: str) -> tuple[int, str, str]:
    result = finsam(url, "verify", *args)
    return result.returncode, result.stdout, result.stderr


def last_position(url: str) -> int:
    return int(fetch(url, "SELECT max(id) FROM finsam_events")[0][0])


def test_an_intact_log_verifies_with_its_event_count_and_chain_head(ledger):
    code, out, err = verify(ledger)
    assert code == 0, err
    heads = recomputed_heads(ledger)
    assert f"Loggen stämmer: {len(heads)} händelser (#1–#{heads[-1][0]})" in out
    assert f"Kedjans huvud: #{heads[-1][0]} {heads[-1][1]}" in out


def test_an_edited_payload_is_named_by_its_position(ledger):
    drop_guards(ledger)
    voucher = positions_of(ledger, POSTED)[0]
    edit_state(ledger, voucher, b"24500000", b"25400000")  # both lines: it still balances
    code, out, err = verify(ledger)
    assert code == 4 and "1 problem" in err
    assert out.splitlines() == [f"#{voucher} ändrad: händelsen stämmer inte med sin länk i kedjan "
                                "(ändrad, utbytt eller flyttad – eller en händelse före den har tagits bort)."]


def test_a_deleted_event_is_named_by_its_position(ledger):
    drop_guards(ledger)
    flow = positions_of(ledger, FLOW)[0]
    execute(ledger, f"DELETE FROM finsam_events WHERE id = {flow}")
    code, out, _ = verify(ledger)
    assert code == 4
    assert f"#{flow} raderad:" in out
    # The correction after it now lacks the version before it.
    assert f"#{positions_of(ledger, CORRECTED)[0]} versionslucka:" in out


def test_a_deleted_event_with_its_link_breaks_the_chain_at_the_next_event(ledger):
    drop_guards(ledger)
    flow = positions_of(ledger, FLOW)[0]
    execute(ledger, f"DELETE FROM finsam_events WHERE id = {flow}", f"DELETE FROM finsam_chain WHERE position = {flow}")
    code, out, _ = verify(ledger)
    assert code == 4
    assert out.splitlines()[0].startswith(f"#{flow + 1} ändrad:")


def test_two_swapped_events_are_both_named(ledger):
    drop_guards(ledger)
    flow, corrected = positions_of(ledger, FLOW)[0], positions_of(ledger, CORRECTED)[0]
    swap(ledger, flow, corrected)
    code, out, _ = verify(ledger)
    assert code == 4
    assert f"#{flow} ändrad:" in out and f"#{corrected} ändrad:" in out
    assert f"#{corrected} ordning:" in out  # the insats's versions now run backwards


def test_a_truncated_tail_is_named_from_its_first_missing_position(ledger):
    drop_guards(ledger)
    last = last_position(ledger)
    execute(ledger, f"DELETE FROM finsam_events WHERE id > {last - 2}")
    code, out, _ = verify(ledger)
    assert code == 4
    assert out.splitlines() == [f"#{p} avkortad: händelsen har en länk i kedjan men finns inte i loggen – "
                                "loggen har avkortats." for p in (last - 1, last)]


def test_a_tail_truncated_with_its_links_is_caught_by_a_head_written_down_elsewhere(ledger):
    witness = recomputed_heads(ledger)[-1]
    drop_guards(ledger)
    execute(ledger, f"DELETE FROM finsam_events WHERE id > {witness[0] - 2}",
            f"DELETE FROM finsam_chain WHERE position > {witness[0] - 2}")
    assert verify(ledger)[0] == 0  # a consistent prefix: only a witness can tell
    code, out, _ = verify(ledger, "--huvud", f"{witness[0]}:{witness[1]}")
    assert code == 4
    assert out.startswith(f"#{witness[0]} avkortad: kedjan saknar #{witness[0]}")


def test_an_event_spliced_in_is_named_as_unlinked(ledger):
    drop_guards(ledger)
    flow = positions_of(ledger, FLOW)[0]
    execute(ledger, "INSERT INTO finsam_events (originator_id, originator_version, topic, state) "
            "SELECT originator_id, (SELECT max(originator_version) + 1 FROM finsam_events e "
            "WHERE e.originator_id = f.originator_id), topic, state "
            f"FROM finsam_events f WHERE id = {flow}")
    spliced = last_position(ledger)
    code, out, _ = verify(ledger)
    assert code == 4
    assert out.splitlines() == [f"#{spliced} olänkad: händelsen saknar länk i kedjan (inskjuten utanför finsam)."]


def test_a_rewritten_chain_is_still_caught_by_the_ledgers_rules_and_by_a_witness(ledger):
    witness = recomputed_heads(ledger)[-1]
    drop_guards(ledger)
    voucher = positions_of(ledger, POSTED)[0]
    correction = positions_of(ledger, CORRECTED)[0]
    edit_state(ledger, voucher, b'"belopp":-24500000', b'"belopp":-24000000')
    edit_state(ledger, correction, b'"reason":"En deltagare saknades"', b'"reason":""')
    reversal = positions_of(ledger, POSTED)[-1]
    edit_state(ledger, reversal, b'"reverses":"A12 (2024)"', b'"reverses":"A99 (2024)"')
    relink(ledger)
    code, out, _ = verify(ledger)
    assert code == 4
    assert f"#{voucher} obalanserad: verifikationen A12 (2024) balanserar inte (differens 500000 öre)." in out
    assert f"#{correction} rättelse: rättelsen saknar skäl." in out
    assert f"#{reversal} rättelse: vändningen pekar på A99 (2024), som inte finns." in out
    code, out, _ = verify(ledger, "--huvud", f"{witness[0]}:{witness[1]}")
    assert f"#{witness[0]} vittne:" in out


def test_verify_from_a_position_checks_only_the_tail(ledger):
    drop_guards(ledger)
    voucher = positions_of(ledger, POSTED)[0]
    edit_state(ledger, voucher, b"24500000", b"25400000")
    last = last_position(ledger)
    code, out, _ = verify(ledger, "--from", str(voucher + 1))
    assert code == 0, out
    assert f"{last - voucher} händelser (#{voucher + 1}–#{last})" in out
    assert verify(ledger, "--from", str(voucher))[0] == 4


def test_a_malformed_witness_is_a_usage_error(ledger):
    code, _, err = verify(ledger, "--huvud", "12:abc")
    assert code == 2 and "N:HASH" in err


def test_a_clock_set_back_still_verifies_and_orders_by_position(ledger):
    store = LedgerStore(ledger)
    try:
        svc = LedgerService(store, actor="bakåtklockan", today=lambda: TODAY)
        with recorded_at(datetime(2001, 1, 1, 12, tzinfo=UTC)):
            svc.report_flow("4.0", date(2024, 4, 1), {"kvinna": 1}, {}, {})
    finally:
        store.close()
    code, out, err = verify(ledger)
    assert code == 0, out + err
    entries = json.loads(finsam(ledger, "history", "--format", "json").stdout)
    assert entries[-1]["actor"] == "bakåtklockan" and entries[-1]["recorded"].startswith("2001-01-01")
    assert entries[-2]["recorded"] > entries[-1]["recorded"]  # recorded earlier, yet stored later
