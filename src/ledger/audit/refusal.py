"""Whether a database error is PostgreSQL refusing a privilege: a user with the read-only role
(`finsam_revisor`, see roles.py) tried to write. Loads no database library: the ledger
service asks on every refused write, whichever store it runs on."""

from __future__ import annotations

READ_ONLY_STATE = "42501"  # PostgreSQL's insufficient_privilege


def is_read_only_refusal(exc: BaseException) -> bool:
    """True when `exc` (or what caused it) is PostgreSQL refusing a privilege: a user who may
    only read tried to write."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if getattr(current, "sqlstate", None) == READ_ONLY_STATE or getattr(current, "pgcode", None) == READ_ONLY_STATE:
            return True
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return False
