"""Several förbund in one PostgreSQL database, each in its own schema (`?schema=NAMN` in the
URL): own tables, chain, guards and write lock per schema; roles and backups per schema; a bad
schema name refused before anything is created; the projections' cache never shared."""

from __future__ import annotations

import subprocess
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from chain_helpers import recomputed_heads, stored_links

from cli_helpers import EXAMPLE_TOML, cli_url, event_count, finsam, history_json, ok, prepared_ledger
from ledger.audit.pg_backup import program
from ledger.errors import IntegrityFailure
from ledger.store import LedgerStore, normalize_url
from projections.cache import default_cache_dir

FLOW = ("record", "flow", "--insats", "4.0", "--manad", "2024-04", "--paborjade-kvinnor", "1")
REPORT = ("report", "uppfoljning", "--cutoff", "2024-03-31", "--format", "json")


def in_schema(url: str, schema: str) -> str:
    return f"{url}?schema={schema}"


def plain(url: str) -> str:
    """The database's URL for psycopg (no schema: these checks look at the catalog)."""
    return cli_url(url)


def schemas(url: str) -> set[str]:
    with psycopg.connect(plain(url)) as conn:
        return {name for (name,) in conn.execute("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%'")}


def finsam_tables(url: str) -> set[tuple[str, str]]:
    with psycopg.connect(plain(url)) as conn:
        return set(conn.execute("SELECT schemaname, tablename FROM pg_tables WHERE tablename LIKE 'finsam%'"))


def test_two_forbund_in_two_schemas_keep_their_own_events_chains_and_caches(pg_url, tmp_path: Path):
    motala, finspang = in_schema(pg_url, "motala"), in_schema(pg_url, "finspang")
    prepared_ledger(motala, tmp_path)
    ok(finsam(finspang, "init", str(EXAMPLE_TOML)))
    ok(finsam(finspang, *FLOW))

    assert finsam_tables(pg_url) == {(s, t) for s in ("motala", "finspang")
                                     for t in ("finsam_events", "finsam_chain")}  # nothing in public
    # Each one's history shows only its own events.
    assert "Faktura mars" in ok(finsam(motala, "history")) and "Faktura mars" not in ok(finsam(finspang, "history"))
    assert event_count(finspang) == len(history_json(finspang))
    assert event_count(motala) == len(history_json(motala)) != event_count(finspang)
    assert stored_links(motala) == recomputed_heads(motala)
    assert stored_links(finspang) == recomputed_heads(finspang)
    assert ok(finsam(motala, "verify")) and ok(finsam(finspang, "verify"))

    # The projections' cache is per schema: each report writes its own, in its own folder.
    caches = [default_cache_dir(normalize_url(url)) for url in (motala, finspang)]
    assert caches[0] != caches[1]
    first, second = ok(finsam(motala, *REPORT)), ok(finsam(finspang, *REPORT))
    assert first != second
    assert all((cache / "facts.json").is_file() for cache in caches)
    assert ok(finsam(motala, *REPORT)) == first and ok(finsam(finspang, *REPORT)) == second


def test_the_schema_goes_with_the_urls_own_libpq_options(pg_url):
    url = in_schema(pg_url, "motala") + "&options=-cstatement_timeout%3D5s"
    store = LedgerStore(url)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "5s"
    finally:
        store.close()
    assert finsam_tables(pg_url) == {("motala", "finsam_events"), ("motala", "finsam_chain")}


def test_a_writer_holding_one_schemas_lock_does_not_block_a_writer_in_another(pg_url, tmp_path: Path):
    motala, finspang = in_schema(pg_url, "motala"), in_schema(pg_url, "finspang")
    for url in (motala, finspang):
        ok(finsam(url, "init", str(EXAMPLE_TOML)))
    holder = LedgerStore(motala)
    try:
        with holder.write_transaction():  # motala's write lock, held open
            # The lock is held: another writer in motala waits (a short timeout says so at once)...
            for url, blocked in ((motala, True), (finspang, False)):
                with psycopg.connect(plain(pg_url), options=f"-csearch_path={url.rsplit('=', 1)[1]}") as conn:
                    conn.execute("SET lock_timeout = '200ms'")
                    if blocked:
                        with pytest.raises(psycopg.errors.LockNotAvailable):
                            conn.execute("LOCK TABLE finsam_events IN EXCLUSIVE MODE")
                    else:  # ...and finspang's lock is free
                        conn.execute("LOCK TABLE finsam_events IN EXCLUSIVE MODE")
            # A whole finsam process records in finspang while motala's lock is still held.
            before = event_count(finspang)
            ok(finsam(finspang, *FLOW))
            assert event_count(finspang) == before + 1
    finally:
        holder.close()


def test_roles_are_granted_on_the_forbunds_schema(pg_url, pg_cluster, tmp_path: Path):
    motala = in_schema(pg_url, "motala")
    prepared_ledger(motala, tmp_path)
    out = ok(finsam(motala, "admin", "roller"))
    assert "Rollerna finns i schemat motala: finsam_registrator" in out
    with psycopg.connect(plain(pg_url)) as conn:
        assert conn.execute("SELECT has_schema_privilege('finsam_revisor', 'motala', 'USAGE'), "
                            "has_schema_privilege('finsam_registrator', 'motala', 'USAGE')").fetchone() == (True, True)
    users = {}
    with pg_cluster.connect(autocommit=True) as conn:
        for role in ("finsam_registrator", "finsam_revisor"):
            user = f"u_{role.removeprefix('finsam_')}_{uuid.uuid4().hex[:8]}"
            conn.execute(f"CREATE ROLE {user} LOGIN IN ROLE {role}")
            users[role] = motala.replace("postgres@", f"{user}@", 1)
    before = event_count(motala)
    ok(finsam(users["finsam_registrator"], *FLOW))
    assert event_count(motala) == before + 1
    assert "Flöde" in ok(finsam(users["finsam_revisor"], "history"))
    refused = finsam(users["finsam_revisor"], *FLOW[:-1], "2")
    assert refused.returncode == 4 and "får bara läsa" in refused.stderr
    assert event_count(motala) == before + 1


def test_a_backup_of_one_schema_holds_only_that_forbund_and_restores_into_its_schema(pg_url, pg_cluster,
                                                                                       tmp_path: Path):
    motala, finspang = in_schema(pg_url, "motala"), in_schema(pg_url, "finspang")
    prepared_ledger(motala, tmp_path)
    ok(finsam(finspang, "init", str(EXAMPLE_TOML)))
    dump = tmp_path / "motala.dump"
    ok(finsam(motala, "backup", str(dump)))
    listing = subprocess.run([program("pg_restore"), "--list", str(dump)], capture_output=True, text=True,
                             check=True).stdout
    assert "TABLE motala finsam_events" in listing and "finspang" not in listing and " public " not in listing

    other = pg_cluster.create_database(f"t_{uuid.uuid4().hex}")
    try:
        wrong = finsam(in_schema(other, "finspang"), "restore", str(dump))
        assert wrong.returncode == 3 and "schemat motala" in wrong.stderr and "?schema=motala" in wrong.stderr
        assert "finspang" not in schemas(other)  # refused before anything was opened
        restored = in_schema(other, "motala")
        ok(finsam(restored, "init", str(EXAMPLE_TOML)))  # the schema exists already, with only the förbund
        wiped = finsam(restored, "restore", str(dump))
        assert wiped.returncode == 3 and "har redan händelser" in wiped.stderr
    finally:
        pg_cluster.drop_database(other.rsplit("/", 1)[1])

    other = pg_cluster.create_database(f"t_{uuid.uuid4().hex}")
    try:
        restored = in_schema(other, "motala")
        out = ok(finsam(restored, "restore", str(dump)))
        assert "Loggen stämmer" in out
        assert stored_links(restored) == stored_links(motala)
        assert ok(finsam(restored, *REPORT)) == ok(finsam(motala, *REPORT))
        assert finsam_tables(other) == {("motala", "finsam_events"), ("motala", "finsam_chain")}
        ok(finsam(restored, *FLOW))  # an ordinary ledger again
    finally:
        pg_cluster.drop_database(other.rsplit("/", 1)[1])


@pytest.mark.parametrize("query", ["schema=Motala", "schema=pg_motala", "schema=mo-tala", "schema=",
                                   "schema=a&schema=b", "options=-csearch_path%3Dmotala"])
def test_a_bad_schema_is_refused_as_a_usage_error_and_nothing_is_created(pg_url, query):
    before = schemas(pg_url)
    result = finsam(f"{pg_url}?{query}", "init", str(EXAMPLE_TOML))
    assert result.returncode == 2, result.stderr
    assert 'Fältet "--db"' in result.stderr and ("schema" in result.stderr)
    assert schemas(pg_url) == before
    assert finsam_tables(pg_url) == set()


def test_a_schema_on_a_sqlite_file_is_refused(tmp_path: Path):
    db = tmp_path / "finsam.sqlite"
    result = finsam(f"sqlite:///{db}?schema=motala", "init", str(EXAMPLE_TOML))
    assert result.returncode == 2 and "bara PostgreSQL" in result.stderr
    assert not db.exists()


def test_concurrent_first_starts_in_new_schemas_all_succeed(pg_url):
    urls = [in_schema(pg_url, f"forbund_{i}") for i in range(4)] * 2
    errors: list[BaseException] = []

    def open_close(url: str) -> None:
        try:
            LedgerStore(url).close()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_close, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert {s for s, _ in finsam_tables(pg_url)} == {f"forbund_{i}" for i in range(4)}


def test_a_connection_that_did_not_get_the_schemas_search_path_is_refused(pg_url, monkeypatch):
    # As through a connection pooler that drops libpq's `options`: the server's default path.
    monkeypatch.setattr("ledger.store.pg_schema.driver_url", lambda url: url.split("?", 1)[0])
    with pytest.raises(IntegrityFailure) as refused:
        LedgerStore(in_schema(pg_url, "motala"))
    assert "inte schemat motala" in refused.value.message and refused.value.field == "--db"
    assert finsam_tables(pg_url) == set() and "motala" not in schemas(pg_url)


def test_a_forbunds_own_role_with_the_readmes_grants_records_in_its_schema_and_reaches_no_other(
        pg_url, tmp_path: Path):
    motala, finspang = in_schema(pg_url, "motala"), in_schema(pg_url, "finspang")
    prepared_ledger(motala, tmp_path)
    ok(finsam(finspang, "init", str(EXAMPLE_TOML)))
    user = f"motala_kansli_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(plain(pg_url), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {user} LOGIN")
        for statement in (  # README, "Ett nätverk av förbund": a förbund's own role in its schema
                "GRANT USAGE ON SCHEMA motala TO motala_kansli",
                "GRANT SELECT, INSERT ON motala.finsam_events, motala.finsam_chain TO motala_kansli",
                "GRANT UPDATE ON motala.finsam_events TO motala_kansli",
                "GRANT USAGE ON SEQUENCE motala.finsam_events_id_seq TO motala_kansli"):
            conn.execute(statement.replace("motala_kansli", user))
    before = event_count(motala), finsam_tables(pg_url), stored_links(finspang)
    ok(finsam(motala.replace("postgres@", f"{user}@", 1), *FLOW))
    assert event_count(motala) == before[0] + 1
    refused = finsam(finspang.replace("postgres@", f"{user}@", 1), "history")
    assert refused.returncode == 4, refused.stderr
    assert finsam_tables(pg_url) == before[1] and stored_links(finspang) == before[2]
