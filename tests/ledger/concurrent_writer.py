"""A second process for tests/test_concurrency.py: writes to a ledger the test also uses.

    python concurrent_writer.py flows URL ACTOR
        Prints "ready", then for each JSON line on stdin
        {"manad": "2024-03", "kvinnor": 1, "start_at": <epoch seconds>} sleeps until
        start_at, reports that flow for insats 4.0 and prints one JSON line:
        {"ok": true|false, "error": class name, "message", "field", "cause", "began", "ended"}.

    python concurrent_writer.py open
        Prints "ready", then for each JSON line {"url": URL, "start_at": <epoch seconds>}
        opens the store at that instant (creating tables and guards on a new database)
        and prints "ok" or the error's class and first line.

    python concurrent_writer.py hold URL ACTOR MANAD SECONDS
        Takes the write lock, reports one flow inside it, prints "holding", sleeps SECONDS
        while still holding the lock, commits and prints "committed".

For flows and hold, the förbund must already be registered (the test does that). Runs as a script, so this
directory is on sys.path and `helpers` imports.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date

from helpers import FLOW_INSATS, flow, service_for
from ledger.errors import LedgerError
from ledger.store import LedgerStore


def month(text: str) -> date:
    year, mon = text.split("-")
    return date(int(year), int(mon), 1)


def say(line: str) -> None:
    print(line, flush=True)


def wait_until(moment: float) -> None:
    """Sleep, then spin the last few milliseconds: both writers leave within ~0.1 ms."""
    time.sleep(max(0.0, moment - time.time() - 0.005))
    while time.time() < moment:
        pass


def run_flows(url: str, actor: str) -> None:
    store = LedgerStore(url)
    service = service_for(store, actor=actor)
    say("ready")
    for line in sys.stdin:
        order = json.loads(line)
        wait_until(order["start_at"])
        began = time.time()
        result: dict[str, object] = {"ok": True}
        try:
            service.report_flow(FLOW_INSATS, month(order["manad"]), **flow({"kvinna": order["kvinnor"]}))
        except LedgerError as exc:
            cause = exc.__cause__
            result = {"ok": False, "error": type(exc).__name__, "message": exc.message, "field": exc.field,
                      "cause": type(cause).__name__ if cause is not None else None}
        result.update(began=began, ended=time.time())
        say(json.dumps(result))
    store.close()


def run_hold(url: str, actor: str, manad: str, seconds: float) -> None:
    store = LedgerStore(url)
    service = service_for(store, actor=actor)
    with service.writing():
        service.report_flow(FLOW_INSATS, month(manad), **flow({"kvinna": 1}))
        say("holding")
        time.sleep(seconds)
    say("committed")
    store.close()


def run_open() -> None:
    say("ready")
    for line in sys.stdin:
        order = json.loads(line)
        wait_until(order["start_at"])
        try:
            LedgerStore(order["url"]).close()
        except Exception as exc:  # noqa: BLE001 – the test wants to see any failure
            say(f"{type(exc).__name__}: {exc}".splitlines()[0])
        else:
            say("ok")


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode == "open":
        run_open()
    elif mode == "flows":
        run_flows(args[0], args[1])
    elif mode == "hold":
        run_hold(args[0], args[1], args[2], float(args[3]))
    else:
        raise SystemExit(f"unknown mode {mode}")
