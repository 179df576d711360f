"""A throwaway PostgreSQL cluster for the test suite.

The tests never talk to a mocked database: every PostgreSQL test runs against
a real server that this module creates in a temporary directory, on a free TCP
port on 127.0.0.1, and throws away afterwards::

    with ThrowawayCluster() as cluster:
        cluster.create_database("t_abc")
        engine = sqlalchemy.create_engine(cluster.url("t_abc"))

The server binaries (``initdb``, ``pg_ctl``, ``postgres``) are taken from
``$FINSAM_PG_BINDIR`` when set, else looked up on ``PATH`` first and then in
``/usr/lib/postgresql/*/bin`` (newest version first).  ``initdb`` refuses to run as
root, so when the tests run as root (as CI does) every binary is run as the
``postgres`` system user through ``runuser -u postgres --`` and the temporary
directory is handed to that user.

The cluster trusts every local connection (``initdb -A trust``), runs with
``fsync=off`` (it is thrown away, durability across a crash is pointless) and
otherwise keeps PostgreSQL's default settings, so that tests see the same
transactional behaviour as production.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

__all__ = ["ClusterError", "ThrowawayCluster", "find_bindir"]

SERVICE_USER = "postgres"
SUPERUSER = "postgres"
HOST = "127.0.0.1"

_REQUIRED = ("initdb", "pg_ctl", "postgres")
_LOG_TAIL_LINES = 40


class ClusterError(RuntimeError):
    """The throwaway cluster could not be created, started or stopped."""


def _version_key(path: str) -> tuple[int, ...]:
    # /usr/lib/postgresql/15/bin -> (15,)
    return tuple(int(n) for n in re.findall(r"\d+", Path(path).parent.name))


def find_bindir() -> Path:
    """Return the directory holding initdb, pg_ctl and postgres.

    PATH wins (``shutil.which``); otherwise the newest
    ``/usr/lib/postgresql/*/bin`` that has all three binaries.  Symlinks on
    PATH (Debian puts some in /usr/local/bin) are resolved so that the three
    binaries come from one installation.
    """
    on_path = shutil.which("initdb")
    if on_path:
        bindir = Path(os.path.realpath(on_path)).parent
        if all((bindir / name).is_file() for name in _REQUIRED):
            return bindir
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    for candidate in candidates:
        bindir = Path(candidate)
        if all((bindir / name).is_file() for name in _REQUIRED):
            return bindir
    raise ClusterError(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH "
        "nor in /usr/lib/postgresql/*/bin; install the Debian package 'postgresql' "
        "(apt-get install postgresql) or put the server's bin directory on PATH"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(no server log at {path}: {exc})"
    tail = text.splitlines()[-lines:]
    return "\n".join(tail) if tail else "(server log is empty)"


class ThrowawayCluster:
    """A PostgreSQL cluster living in a temporary directory.

    ``start()`` runs initdb and starts the server (about a second);
    ``stop()`` stops it with ``pg_ctl -m immediate`` and removes the
    directory.  Both are idempotent; the object is a context manager, and a
    started cluster is also stopped at interpreter exit as a last resort.
    """

    def __init__(
        self,
        bindir: str | os.PathLike[str] | None = None,
        *,
        start_timeout: int = 60,
        port_attempts: int = 5,
    ) -> None:
        self._bindir = Path(bindir) if bindir is not None else None
        self.start_timeout = start_timeout
        self.port_attempts = port_attempts
        self.base_dir: Path | None = None
        self.port: int | None = None
        self.startup_seconds: float | None = None
        self._running = False

    # -- paths ---------------------------------------------------------

    @property
    def data_dir(self) -> Path:
        return self._require_base() / "data"

    @property
    def socket_dir(self) -> Path:
        return self._require_base()

    @property
    def log_file(self) -> Path:
        return self._require_base() / "server.log"

    @property
    def running(self) -> bool:
        return self._running

    def _require_base(self) -> Path:
        if self.base_dir is None:
            raise ClusterError("the cluster has not been started")
        return self.base_dir

    # -- running binaries ----------------------------------------------

    @staticmethod
    def _as_root() -> bool:
        return os.geteuid() == 0

    def _command(self, name: str, *args: str) -> list[str]:
        assert self._bindir is not None
        argv = [str(self._bindir / name), *args]
        if self._as_root():
            runuser = shutil.which("runuser") or "/usr/sbin/runuser"
            argv = [runuser, "-u", SERVICE_USER, "--", *argv]
        return argv

    def _run(self, name: str, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
        argv = self._command(name, *args)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        try:
            return subprocess.run(
                argv,
                cwd=self.base_dir,  # readable by the postgres user, unlike e.g. /root
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except FileNotFoundError as exc:
            raise ClusterError(f"cannot run {shlex.join(argv)}: {exc}") from exc
        except subprocess.TimeoutExpired as exc:
            raise ClusterError(
                f"{shlex.join(argv)} did not finish within {timeout} s\n"
                f"--- server log tail ({self.log_file}) ---\n{_tail(self.log_file)}"
            ) from exc

    def _fail(self, what: str, proc: subprocess.CompletedProcess[str]) -> ClusterError:
        return ClusterError(
            f"{what} failed (exit {proc.returncode}): {shlex.join(proc.args)}\n"
            f"--- output ---\n{(proc.stdout + proc.stderr).strip()}\n"
            f"--- server log tail ({self.log_file}) ---\n{_tail(self.log_file)}"
        )

    # -- lifecycle -----------------------------------------------------

    def _make_base_dir(self) -> Path:
        base = Path(tempfile.mkdtemp(prefix="finsam-pg-"))
        if self._as_root():
            try:
                user = pwd.getpwnam(SERVICE_USER)
            except KeyError:
                shutil.rmtree(base, ignore_errors=True)
                raise ClusterError(
                    f"running as root, so PostgreSQL must run as the '{SERVICE_USER}' system "
                    f"user, but that user does not exist (create it with "
                    f"'useradd --system {SERVICE_USER}'; .ci/run does this)"
                ) from None
            os.chown(base, user.pw_uid, user.pw_gid)
            # The postgres user must be able to reach the directory through its parents.
            probe = subprocess.run(
                ["runuser", "-u", SERVICE_USER, "--", "test", "-w", str(base)],
                capture_output=True,
                check=False,
            )
            if probe.returncode != 0:
                shutil.rmtree(base, ignore_errors=True)
                raise ClusterError(
                    f"the '{SERVICE_USER}' user cannot write to {base}: one of its parent "
                    f"directories is not searchable by that user; point TMPDIR somewhere "
                    f"world-searchable (e.g. /tmp)"
                )
        return base

    def _initdb(self) -> None:
        last: subprocess.CompletedProcess[str] | None = None
        # C.UTF-8 gives Unicode-aware upper()/lower(); plain C works everywhere.
        for locale in ("C.UTF-8", "C"):
            if self.data_dir.exists():
                shutil.rmtree(self.data_dir, ignore_errors=True)
            last = self._run(
                "initdb",
                "-D", str(self.data_dir),
                "-A", "trust",
                "-U", SUPERUSER,
                "-E", "UTF8",
                f"--locale={locale}",
                "--no-sync",
                timeout=120,
            )
            if last.returncode == 0:
                break
        else:
            assert last is not None
            raise self._fail("initdb", last)
        with open(self.data_dir / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                "\n# throwaway test cluster (tests/pgcluster.py)\n"
                "fsync = off\n"
                "max_connections = 100\n"
                f"unix_socket_directories = '{self.socket_dir}'\n"
                f"listen_addresses = '{HOST}'\n"
            )

    def _start_server(self) -> None:
        last: subprocess.CompletedProcess[str] | None = None
        for _ in range(self.port_attempts):
            self.port = _free_port()
            options = shlex.join(["-p", str(self.port), "-k", str(self.socket_dir), "-h", HOST])
            last = self._run(
                "pg_ctl",
                "-D", str(self.data_dir),
                "-l", str(self.log_file),
                "-w",
                "-t", str(self.start_timeout),
                "-o", options,
                "start",
                timeout=self.start_timeout + 10,
            )
            if last.returncode == 0:
                return
            log = _tail(self.log_file)
            if "could not bind" not in log and "Address already in use" not in log:
                break  # not a port race: retrying will not help
        assert last is not None
        raise self._fail("pg_ctl start", last)

    def start(self) -> ThrowawayCluster:
        if self._running:
            return self
        began = time.monotonic()
        if self._bindir is None and os.environ.get("FINSAM_PG_BINDIR"):
            self._bindir = Path(os.environ["FINSAM_PG_BINDIR"])
        if self._bindir is None:
            self._bindir = find_bindir()
        missing = [n for n in _REQUIRED if not (self._bindir / n).is_file()]
        if missing:
            raise ClusterError(
                f"PostgreSQL server binaries missing in {self._bindir}: {', '.join(missing)}"
            )
        self.base_dir = self._make_base_dir()
        atexit.register(self.stop)
        try:
            self._initdb()
            self._start_server()
            self._running = True
            self._wait_until_connectable()
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - began
        return self

    def _wait_until_connectable(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while True:
            try:
                with self.connect():
                    return
            except psycopg.OperationalError as exc:
                if time.monotonic() > deadline:
                    raise ClusterError(
                        f"server on {HOST}:{self.port} accepts no connections: {exc}\n"
                        f"--- server log tail ({self.log_file}) ---\n{_tail(self.log_file)}"
                    ) from exc
                time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server (immediate mode) and remove the directory. Idempotent."""
        atexit.unregister(self.stop)
        base = self.base_dir
        if base is None:
            return
        try:
            if self.data_dir.joinpath("postmaster.pid").exists():
                proc = self._run(
                    "pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop",
                    timeout=60,
                )
                if proc.returncode != 0 and self.data_dir.joinpath("postmaster.pid").exists():
                    self._kill_postmaster()
        finally:
            self._running = False
            shutil.rmtree(base, ignore_errors=True)
            self.base_dir = None

    def _kill_postmaster(self) -> None:
        try:
            pid = int((self.data_dir / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)

    def __enter__(self) -> ThrowawayCluster:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"running on {HOST}:{self.port}" if self._running else "stopped"
        return f"<ThrowawayCluster {state} in {self.base_dir}>"

    # -- using the cluster ---------------------------------------------

    def _require_running(self) -> None:
        if not self._running:
            raise ClusterError("the cluster is not running; call start() first")

    def url(self, dbname: str) -> str:
        """SQLAlchemy URL of database ``dbname`` (psycopg 3 driver)."""
        self._require_running()
        return f"postgresql+psycopg://{SUPERUSER}@{HOST}:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres", **kwargs: object) -> psycopg.Connection:
        """A psycopg connection to ``dbname`` as the superuser."""
        self._require_running()
        return psycopg.connect(
            host=HOST, port=self.port, user=SUPERUSER, dbname=dbname, connect_timeout=10,
            **kwargs,
        )

    def create_database(self, name: str) -> str:
        """Create database ``name``; return its SQLAlchemy URL."""
        with self.connect(autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name``, closing any connections still open to it."""
        with self.connect(autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
