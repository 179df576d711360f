"""The greeting's own examples work on the demo förbund a new user first meets."""

from __future__ import annotations

from datetime import date

from intake.demo import load_demo
from intake.dialog.engine import Dialog
from ledger.service import LedgerService
from ledger.store import LedgerStore


def test_sip_as_the_greeting_says_it_is_the_demos_sip_samordnad_individuell_plan(tmp_path):
    store = LedgerStore(f"sqlite:///{tmp_path / 'demo.sqlite'}", create=True)
    try:
        load_demo(LedgerService(store, actor="test"))
        chat = Dialog(LedgerService(store, actor="samordnaren", today=lambda: date(2025, 2, 10)))
        turn = chat.say("SIP januari: 6 möten")
        assert turn.card is not None, turn.text()
        assert "SIP – samordnad individuell plan (2.4.4) 2025-01" in turn.card.title
    finally:
        store.close()
