"""Costs in the chat: "Försteg Motala mars 245 000 kr" books the insats' cost through the
service's cost form, checked by a dry run (nothing written) and posted only on "ja"."""

from __future__ import annotations

from datetime import date

from dialog_helpers import dialog, prepare
from ledger.store import LedgerStore


def vouchers(url: str) -> list[tuple[date, list[dict[str, object]]]]:
    """(date, lines) of every posted voucher."""
    store = LedgerStore(url)
    try:
        return [(n.event.datum, n.event.rader) for n in store.iter_all()
                if type(n.event).TOPIC == "finsam.voucher:Posted"]
    finally:
        store.close()


def cost_lines(insats: str, ore: int) -> list[dict[str, object]]:
    return [{"konto": "4610", "belopp": ore, "insats": insats}, {"konto": "2440", "belopp": -ore, "insats": None}]


def ledger(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    prepare(url)
    return url


def test_a_cost_in_one_message_shows_the_voucher_and_posts_it_on_ja(tmp_path):
    url = ledger(tmp_path)

    with dialog(url) as chat:
        card = chat.say("Försteg Motala mars 245 000 kr")
        assert vouchers(url) == []
        done = chat.say("ja")

    assert card.card is not None and "belopp: 245 000,00 kr" in card.text()
    assert [(e.aggregate, e.event) for e in card.card.events] == [("voucher", "Posted")]
    assert done.recorded is not None and done.recorded.events == 1
    assert vouchers(url) == [(date(2024, 3, 31), cost_lines("4.1", 24_500_000))]


def test_a_cost_slot_by_slot_for_an_insats_without_statistics(tmp_path):
    url = ledger(tmp_path)

    with dialog(url) as chat:
        said = [chat.say(line).text() for line in ("kostnad", "Kansli", "april", "12 500", "spara")]

    assert "Hur stort är beloppet?" in "\n".join(said)
    assert vouchers(url) == [(date(2024, 4, 30), cost_lines("9.0", 1_250_000))]


def test_nej_with_a_new_amount_replaces_it_before_anything_is_posted(tmp_path):
    url = ledger(tmp_path)

    with dialog(url) as chat:
        for line in ("ISA april 12 000 kr", "nej, 13 000 kr", "ja"):
            chat.say(line)

    assert vouchers(url) == [(date(2024, 4, 30), cost_lines("2.0", 1_300_000))]


def test_an_ambiguous_amount_is_explained_and_nothing_is_posted(tmp_path):
    url = ledger(tmp_path)

    with dialog(url) as chat:
        turn = chat.say("ISA mars 1,234.50 kr")

    assert "1,234.50" in turn.text()
    assert vouchers(url) == []


def test_the_same_cost_twice_is_refused_by_the_dry_run_and_nothing_more_is_posted(tmp_path):
    url = ledger(tmp_path)

    with dialog(url) as chat:
        chat.say("SIP mars 5 000 kr")
        chat.say("ja")
        again = chat.say("SIP mars 5 000 kr")

    assert "Samma kostnad finns redan som K1 (2024-03-31)" in again.text()
    assert "Inget är sparat." in again.text()
    assert len(vouchers(url)) == 1
