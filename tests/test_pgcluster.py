"""The throwaway PostgreSQL cluster really runs, and really goes away."""

from __future__ import annotations

import re
import socket
import uuid

import psycopg
import pytest
import sqlalchemy as sa

from pgcluster import ClusterError, ThrowawayCluster


def test_session_cluster_answers_select_version(pg_cluster):
    with pg_cluster.connect() as conn:
        (version,) = conn.execute("SELECT version()").fetchone()
    assert version.startswith("PostgreSQL ")
    assert pg_cluster.running


def test_cluster_settings(pg_cluster):
    with pg_cluster.connect() as conn:
        settings = dict(
            conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
                [["fsync", "max_connections", "unix_socket_directories",
                  "listen_addresses", "server_encoding"]],
            ).fetchall()
        )
    assert settings["fsync"] == "off"
    assert settings["max_connections"] == "100"
    assert settings["unix_socket_directories"] == str(pg_cluster.socket_dir)
    assert settings["listen_addresses"] == "127.0.0.1"
    assert settings["server_encoding"] == "UTF8"


def test_url_format(pg_cluster):
    url = pg_cluster.url("somedb")
    assert url == f"postgresql+psycopg://postgres@127.0.0.1:{pg_cluster.port}/somedb"
    assert re.fullmatch(r"postgresql\+psycopg://postgres@127\.0\.0\.1:\d+/somedb", url)


def test_two_databases_are_independent(pg_cluster):
    a, b = (f"t_{uuid.uuid4().hex}" for _ in range(2))
    url_a = pg_cluster.create_database(a)
    url_b = pg_cluster.create_database(b)
    assert url_a != url_b
    try:
        with pg_cluster.connect(a) as conn:
            conn.execute("CREATE TABLE only_in_a (x int)")
            conn.execute("INSERT INTO only_in_a VALUES (1)")
            conn.commit()
        with pg_cluster.connect(b) as conn:
            (exists,) = conn.execute("SELECT to_regclass('only_in_a') IS NOT NULL").fetchone()
            assert exists is False
            (dbname,) = conn.execute("SELECT current_database()").fetchone()
            assert dbname == b
        with pg_cluster.connect(a) as conn:
            assert conn.execute("SELECT x FROM only_in_a").fetchall() == [(1,)]
    finally:
        pg_cluster.drop_database(a)
        pg_cluster.drop_database(b)


def test_url_works_with_sqlalchemy(pg_url):
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT current_database()")).scalar().startswith("t_")
    finally:
        engine.dispose()


def _port_accepts_connections(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.postgres
def test_stop_removes_directory_and_frees_port():
    cluster = ThrowawayCluster()
    cluster.start()
    try:
        base, port = cluster.base_dir, cluster.port
        assert base is not None and base.is_dir()
        assert (base / "data" / "PG_VERSION").is_file()
        with cluster.connect() as conn:
            (version,) = conn.execute("SELECT version()").fetchone()
            assert version.startswith("PostgreSQL ")
        assert _port_accepts_connections(port)
    finally:
        cluster.stop()

    assert not base.exists()
    assert not cluster.running
    assert not _port_accepts_connections(port)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres",
                        connect_timeout=2)
    # The port can be bound again (SO_REUSEADDR, as servers do: TIME_WAIT is allowed).
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        s.listen()
    cluster.stop()  # idempotent
    with pytest.raises(ClusterError):
        cluster.url("postgres")


@pytest.mark.postgres
def test_context_manager_starts_and_stops():
    with ThrowawayCluster() as cluster:
        assert cluster.running
        base = cluster.base_dir
        url = cluster.create_database("ctx_db")
        assert url.endswith(f":{cluster.port}/ctx_db")
        with cluster.connect("ctx_db") as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        # About a second is expected; allow a slow machine plenty of slack.
        assert cluster.startup_seconds is not None and cluster.startup_seconds < 30
    assert not cluster.running
    assert not base.exists()


def test_missing_binaries_give_a_clear_error(tmp_path):
    cluster = ThrowawayCluster(bindir=tmp_path)
    with pytest.raises(ClusterError, match="missing in .*initdb"):
        cluster.start()
    assert cluster.base_dir is None
    assert not cluster.running


def test_sqlite_url_fixture(sqlite_url, tmp_path):
    assert sqlite_url == f"sqlite:///{tmp_path / 'finsam.sqlite'}"
    engine = sa.create_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()


def test_db_url_fixture(db_url):
    engine = sa.create_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE t (x integer)"))
            conn.execute(sa.text("INSERT INTO t VALUES (42)"))
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT x FROM t")).scalar() == 42
    finally:
        engine.dispose()
    assert db_url.startswith(("sqlite:///", "postgresql+psycopg://"))
