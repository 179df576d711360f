"""Every aggregate's id is `uuid5(förbund, "part:part:…")` (ledger.domain.base.child_id): the
stored ids of every ledger depend on it, so the quicker computation must give the very same
UUID for any förbund and any key."""

from __future__ import annotations

from uuid import UUID, uuid5

from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.base import child_id, forbund_id, fresh_child_id
from ledger.domain.voucher import Voucher

parts = st.one_of(st.text(), st.integers(), st.dates(), st.booleans(), st.sampled_from(["voucher", "é", "\u0301"]))


@given(forbund=st.uuids(), key=st.lists(parts, max_size=5))
def test_child_id_is_uuid5_of_the_joined_key(forbund: UUID, key: list) -> None:
    made = child_id(forbund, *key)
    assert made == uuid5(forbund, ":".join(str(part) for part in key)) == fresh_child_id(forbund, *key)
    assert (made.version, made.variant) == (5, "specified in RFC 4122")


def test_a_known_voucher_id_is_unchanged() -> None:
    """An id as stored by earlier versions (the demo's förbund, voucher B1 of 2024)."""
    forbund = forbund_id("222000-0000")
    assert forbund == UUID("e613a458-ffb0-5eab-9851-68eb21b2a715")
    assert child_id(forbund, "voucher", 2024, "B", "1") == UUID("8609cc54-cd9c-5a39-9ad8-4780d26097e3")


@given(forbund=st.uuids(), keys=st.lists(st.tuples(st.integers(1990, 2100), st.text(max_size=3), st.text(max_size=5))))
def test_voucher_ids_made_in_bulk_are_those_made_one_by_one(forbund: UUID, keys: list) -> None:
    assert Voucher.create_ids(forbund, keys) == [Voucher.create_id(forbund, *key) for key in keys]
