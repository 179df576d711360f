"""An auditor's recomputation of the hash chain: raw SQL and `hashlib` only, no finsam code.

Written from the definition in docs/architecture.md ("Hashkedjan"), independently of
`ledger.audit.chain`, so the two must agree for the tests to pass.
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from typing import Any

import psycopg

from ledger.pg_schema import driver_url


def raw_connect(url: str) -> Any:
    """A DB-API connection that bypasses finsam entirely (autocommit)."""
    if url.startswith("sqlite:///"):
        return sqlite3.connect(url[len("sqlite:///"):], isolation_level=None)
    url = driver_url(url)  # a förbund's schema (`?schema=`) becomes the connection's search path
    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)


def fetch(url: str, sql: str) -> list[tuple[Any, ...]]:
    conn = raw_connect(url)
    try:
        cur = conn.cursor()
        cur.execute(sql)
        return list(cur.fetchall())
    finally:
        conn.close()


def execute(url: str, *statements: str) -> None:
    conn = raw_connect(url)
    try:
        cur = conn.cursor()
        for sql in statements:
            cur.execute(sql)
    finally:
        conn.close()


def recomputed_heads(url: str) -> list[tuple[int, str]]:
    """(position, head) for every stored event, recomputed from the rows as stored."""
    head = "0" * 64
    out = []
    rows = fetch(url, "SELECT id, originator_id, originator_version, topic, state FROM finsam_events ORDER BY id")
    for position, originator, version, topic, state in rows:
        uid = uuid.UUID(bytes=bytes(originator)) if isinstance(originator, (bytes, memoryview)) else originator
        data = f"{position}\n{uid}\n{version}\n{topic}\n".encode() + bytes(state)
        head = hashlib.sha256(head.encode("ascii") + b"\n" + data).hexdigest()
        out.append((position, head))
    return out


def stored_links(url: str) -> list[tuple[int, str]]:
    return [(int(p), h) for p, h in fetch(url, "SELECT position, head FROM finsam_chain ORDER BY position")]


def drop_guards(url: str) -> None:
    """Drop the append-only triggers, as someone tampering behind finsam's back would."""
    if url.startswith("sqlite:///"):
        execute(url, *(f"DROP TRIGGER IF EXISTS {t}_no_{v}" for t in ("finsam_events", "finsam_chain")
                       for v in ("update", "delete")))
    else:
        execute(url, *(f"DROP TRIGGER IF EXISTS {t}_{n} ON {t}" for t in ("finsam_events", "finsam_chain")
                       for n in ("append_only", "no_truncate")))


def _mark(url: str) -> str:
    return "?" if url.startswith("sqlite:///") else "%s"


def edit_state(url: str, position: int, old: bytes, new: bytes) -> None:
    """Replace `old` by `new` in the stored state of the event at `position`."""
    (state,) = fetch(url, f"SELECT state FROM finsam_events WHERE id = {position}")[0]
    changed = bytes(state).replace(old, new)
    assert changed != bytes(state), "nothing to edit"
    conn = raw_connect(url)
    try:
        conn.cursor().execute(f"UPDATE finsam_events SET state = {_mark(url)} WHERE id = {position}", (changed,))
    finally:
        conn.close()


def positions_of(url: str, topic: str) -> list[int]:
    return [int(r[0]) for r in fetch(url, f"SELECT id FROM finsam_events WHERE topic = '{topic}' ORDER BY id")]


def swap(url: str, a: int, b: int) -> None:
    """Give the events at positions a and b each other's position."""
    execute(url, f"UPDATE finsam_events SET id = -1 WHERE id = {a}",
            f"UPDATE finsam_events SET id = {a} WHERE id = {b}",
            f"UPDATE finsam_events SET id = {b} WHERE id = -1")


def relink(url: str) -> None:
    """Rewrite the whole chain from the rows as they now are (a tamperer who knows the chain)."""
    execute(url, "DELETE FROM finsam_chain")
    conn = raw_connect(url)
    try:
        m = _mark(url)
        cur = conn.cursor()
        for position, head in recomputed_heads(url):
            cur.execute(f"INSERT INTO finsam_chain (position, head, linked) VALUES ({m}, {m}, 'saved')",
                        (position, head))
    finally:
        conn.close()
