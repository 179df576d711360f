"""Helpers for the CLI tests: run the real `finsam` entry point in a subprocess.

`finsam(url, *args)` runs `python -m intake.cli --db URL …` with a fixed actor and a fixed
"today" (FINSAM_TODAY) and returns the completed process. `event_count(url)` counts the
stored events, so a refusal can be shown to have written nothing. `prepared_ledger(url)`
sets up the example förbund in-process (fast) for tests that exercise one command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from intake.importers.forbund_toml import parse_forbund_file
from ledger.personnummer import luhn_check_digit
from ledger.service import LedgerService, Line
from ledger.store import LedgerStore

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE_TOML = FIXTURES / "forbund_exempel.toml"
TODAY = date(2024, 5, 10)
ACTOR = "testaren"
SRC = Path(__file__).resolve().parents[1] / "src"

#: A second insats measured in meetings, appended to the README example for volume tests.
SIP_TOML = """
[[insats]]
kod = "5.0"
namn = "SIP"
niva = "individ"
matt = "moten"
typ = "kartläggning"
agare = "Försäkringskassan"
start = 2024-01-01
objekt = "50"
"""


def cli_url(url: str) -> str:
    """The URL as a user writes it (`postgresql://…`, not the SQLAlchemy driver form)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def finsam(url: str | None, *args: str, today: date = TODAY, actor: str = ACTOR,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `finsam [--db URL] ARGS…` through the real entry point; never raises on exit codes."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FINSAM_")}
    environ.update({"FINSAM_TODAY": today.isoformat(), "FINSAM_ACTOR": actor, "COLUMNS": "200"})
    environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), environ.get("PYTHONPATH")) if p)
    environ.update(env or {})
    db = ["--db", cli_url(url)] if url else []
    return subprocess.run([sys.executable, "-m", "intake.cli", *db, *args],
                          capture_output=True, text=True, env=environ, timeout=120)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    """Assert exit code 0 and return stdout."""
    assert result.returncode == 0, f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    return result.stdout


def history_json(url: str, *args: str) -> list[dict[str, Any]]:
    return json.loads(ok(finsam(url, "history", "--format", "json", *args)))


def event_count(url: str) -> int:
    store = LedgerStore(url)
    try:
        return store.event_count()
    finally:
        store.close()


def refused(url: str, *args: str, code: int = 3) -> str:
    """Run a command that must be refused with exit `code` and nothing written; returns stderr."""
    before = event_count(url)
    result = finsam(url, *args)
    assert result.returncode == code, f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert event_count(url) == before
    return result.stderr


def example_with_sip(tmp_path: Path) -> Path:
    """The README example plus a volume insats (SIP, 5.0), as a file."""
    path = tmp_path / "forbund_med_sip.toml"
    path.write_text(EXAMPLE_TOML.read_text(encoding="utf-8") + SIP_TOML, encoding="utf-8")
    return path


def valid_personnummer() -> str:
    """A personnummer that passes the Luhn check (born 1981-12-18, serial 987)."""
    return f"19811218-987{luhn_check_digit('811218987')}"


def prepared_ledger(url: str, tmp_path: Path) -> None:
    """The example förbund with SIP, one reported month, a voucher, a meeting with § 5, a
    closed period (2024-02) and 2 employees in 2023, set up in-process."""
    store = LedgerStore(url)
    try:
        svc = LedgerService(store, actor="förberedelse", today=lambda: TODAY)
        svc.apply_forbund_spec(parse_forbund_file(example_with_sip(tmp_path)))
        svc.report_flow("4.0", date(2024, 3, 1), {"kvinna": 3, "man": 2}, {"kvinna": 1}, {"arbete": 1})
        svc.post_voucher(date(2024, 3, 31), "A", "12", "Faktura mars",
                         [Line("4610", 24_500_000, "4.0"), Line("2440", -24_500_000)])
        svc.record_meeting(date(2024, 3, 28))
        svc.record_decision(date(2024, 3, 28), "5", "ovrigt", "Information om verksamheten")
        svc.close_period(date(2024, 2, 1))
        svc.record_employees(2023, 2)
    finally:
        store.close()


# A finsam run in a fresh interpreter: its exit code, whether it loaded the store (SQLAlchemy),
# its output and the top-level modules it loaded.
REPORT_SCRIPT = """
import contextlib, io, json, sys
from intake.cli.app import run
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = run(sys.argv[1:])
print(json.dumps(dict(code=code, store=bool({"sqlalchemy", "eventsourcing_sqlalchemy"} & set(sys.modules)),
                      out=out.getvalue(),
                      loaded=sorted({m.split(".")[0] for m in sys.modules}))))
"""


# The report as it was made before the path without the store: always through the store.
STORE_ONLY = "from projections import produce; produce.facts_without_store = lambda url, *args, **kwargs: None\n"


def in_process(url: str, *args: str, lean: bool = True) -> dict[str, object]:
    """Run finsam in a fresh interpreter: its exit code, whether it loaded SQLAlchemy, its
    output; without `lean` the report never takes the path without the store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINSAM_")}
    env.update(FINSAM_TODAY=TODAY.isoformat(), COLUMNS="200", PYTHONPATH=str(SRC))
    script = REPORT_SCRIPT if lean else STORE_ONLY + REPORT_SCRIPT
    done = subprocess.run([sys.executable, "-c", script, "--db", url, *args], capture_output=True, text=True,
                          env=env, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]
