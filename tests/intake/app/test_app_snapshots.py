"""SVG snapshots of the chat and the Månadskoll at 120x40, on the chat tests' förbund with
today fixed at 2024-05-10 (update with `pytest --snapshot-update` after a deliberate change)."""

from __future__ import annotations

from shell_helpers import SIZE, finsam_app


def test_the_chat_with_a_summary_card_and_the_checklist_beside_it(tmp_path, snap_compare):
    with finsam_app(tmp_path) as (app, _store):
        typed = [*"Försteg Mjölby mars: 3 kvinnor och 2 män började, en man slutade till arbete", "enter", "_"]
        assert snap_compare(app, press=typed, terminal_size=SIZE)


def test_the_manadskoll_of_march(tmp_path, snap_compare):
    with finsam_app(tmp_path) as (app, _store):
        assert snap_compare(app, press=["f3", "_", "left", "_"], terminal_size=SIZE)
