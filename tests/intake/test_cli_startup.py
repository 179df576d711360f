"""`finsam --help` starts lean: the heavy libraries load only in the commands that use them.

Each check runs in a fresh interpreter (the test process itself has loaded everything) and
looks at `sys.modules` after the command, so a module-level import added anywhere on the
way to the help screen fails here instead of slowing every `finsam` down again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from paths import FIXTURES

HEAVY = ("polars", "textual", "typst", "docx", "xlsxwriter", "sqlalchemy", "eventsourcing", "babel", "pendulum",
         "sqlalchemy_utils", "arrow", "pydantic", "rapidfuzz")
SCRIPT = f"""
import contextlib, io, json, sys
from intake.cli.app import run
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = run(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})
print(json.dumps(dict(code=code, loaded=loaded, help=out.getvalue())))
"""


def loaded_by(*args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("args", [["--help"], ["record", "--help"], ["report", "arsredovisning", "--help"],
                                  ["import", "sie", "--help"]])
def test_help_screens_load_no_database_dataframe_or_app_library(args: list[str]) -> None:
    result = loaded_by(*args)
    assert result["code"] == 0
    assert "Användning:" in str(result["help"])
    assert result["loaded"] == []


def initialised(tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A SQLite ledger with one förbund and its insats 1.0, made by `finsam init`."""
    db = f"sqlite:///{tmp_path / 'f.sqlite'}"
    forbund = tmp_path / "forbund.toml"
    forbund.write_text('namn = "Förbundet"\norganisationsnummer = "222000-0000"\nkontoplan = "kommunbas"\n'
                       '[[medlem]]\nnamn = "Kommunen"\ntyp = "kommun"\n'
                       '[[insats]]\nkod = "1.0"\nnamn = "Insatsen"\nniva = "individ"\nmatt = "deltagare"\n'
                       'typ = "förberedande"\nagare = "Kommunen"\nstart = 2024-01-01\n', encoding="utf-8")
    assert loaded_by("--db", db, "init", str(forbund))["code"] == 0
    return db


def test_recording_one_flow_loads_eventsourcing_but_no_sqlalchemy_dataframe_or_app_library(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = initialised(tmp_path)
    result = loaded_by("--db", db, "record", "flow", "--insats", "1.0", "--manad", "2024-03",
                       "--paborjade-kvinnor", "2")
    assert result["code"] == 0
    loaded = {str(m).split(".")[0] for m in result["loaded"]}  # type: ignore[attr-defined]
    assert "eventsourcing" in loaded
    # A SQLite ledger in order is written through sqlite3 (ledger/sqlite_store.py): SQLAlchemy
    # with its ORM is ≈ 0.14 s of a record's ≈ 0.3 s.
    assert not loaded & {"sqlalchemy", "sqlalchemy_utils"}
    assert not loaded & {"polars", "textual", "typst", "docx", "xlsxwriter"}
    assert "rapidfuzz" not in loaded  # close names are looked for only when a name is unknown
    assert "pydantic" not in loaded  # typer 0.29 parses flags through it (pyproject holds typer below)
    assert not loaded & {"pendulum", "arrow", "babel"}


def test_the_sqlalchemy_store_on_sqlite_loads_sqlites_dialect_and_the_uuid_column_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = loaded_by("--db", initialised(tmp_path), "history")  # read-only: through LedgerStore
    assert result["code"] == 0
    loaded = {str(m).split(".")[0] for m in result["loaded"]}  # type: ignore[attr-defined]
    assert {"sqlalchemy", "eventsourcing"} <= loaded
    assert not loaded & {"polars", "textual", "typst", "docx", "xlsxwriter"}
    # Of sqlalchemy-utils only the UUID column type the event table uses: not the package, whose
    # other types pull in pendulum, arrow and babel.
    assert "sqlalchemy_utils.types.uuid" in result["loaded"]  # type: ignore[operator]
    assert not loaded & {"pendulum", "arrow", "babel"}
    assert "sqlalchemy_utils" not in result["loaded"]  # type: ignore[operator]
    # A SQLite file needs SQLite's dialect alone: the uuid column type asks for PostgreSQL's or
    # MSSQL's native type only on those databases (≈ 30 ms of imports otherwise).
    dialects = {str(m).split(".")[2] for m in result["loaded"] if str(m).startswith("sqlalchemy.dialects.")}  # type: ignore[attr-defined]
    assert dialects <= {"sqlite", "_typing"}


# Which commands the run builds: typer's builder of one command, wrapped before the CLI imports it.
BUILT = """
import contextlib, io, json, sys
import typer.main
built = []
build = typer.main.get_command_from_info
def recording(*args, **kwargs):
    command = build(*args, **kwargs)
    built.append(command.name)
    return command
typer.main.get_command_from_info = recording
from intake.cli.app import run
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = run(sys.argv[1:])
print(json.dumps(dict(code=code, built=built, out=out.getvalue())))
"""


def built_by(*args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", BUILT, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_recording_a_cost_builds_that_command_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = initialised(tmp_path)
    result = built_by("record", "cost", "--db", db, "--insats", "1.0", "--belopp", "100 kr", "--datum", "2024-12-15")
    assert result["code"] == 0
    assert "Verifikation" in str(result["out"])
    assert result["built"] == ["cost"]  # not the other ~40 commands, nor record's other subcommands


def test_the_help_screen_builds_the_top_level_commands_it_lists_but_no_groups_subcommands() -> None:
    from intake.cli.app import app

    top_level = [c.name for c in app.registered_commands]
    result = built_by("--help")
    assert result["code"] == 0
    assert result["built"] == top_level
    assert all(name in str(result["out"]) for name in [*top_level, "record", "report", "audit"])


# How often the cyclic collector ran during the run, by generation.
COLLECTIONS = """
import contextlib, gc, io, json, sys
counts = [0, 0, 0]
def count(phase, info):
    if phase == "start":
        counts[info["generation"]] += 1
gc.callbacks.append(count)
from intake.cli.app import run
with contextlib.redirect_stdout(io.StringIO()):
    code = run(sys.argv[1:])
print(json.dumps(dict(code=code, collections=counts)))
"""


def test_recording_a_cost_loads_the_store_without_the_collector_walking_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # eventsourcing and the domain (and SQLAlchemy, where a run opens LedgerStore) load with the
    # collector paused and are frozen afterwards (intake/cli/session.py): they make tens of
    # thousands of lasting objects, which
    # the collector otherwise walked again and again (13 middle and 1 full collection, ≈ 25 ms).
    db = initialised(tmp_path)
    done = subprocess.run([sys.executable, "-c", COLLECTIONS, "record", "cost", "--db", db, "--insats", "1.0",
                           "--belopp", "100 kr", "--datum", "2024-12-15"], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert result["code"] == 0
    _young, middle, full = result["collections"]
    assert full == 0
    assert middle <= 5


def test_importing_an_sie_file_loads_no_sqlalchemy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Read against the ledger and refused there (another förbund's file): the store was opened,
    # through sqlite3 (ledger/sqlite_store.py), as for a file that is read in.
    result = loaded_by("--db", initialised(tmp_path), "import", "sie", str(FIXTURES / "sie" / "samordning_utf8.se"))
    assert result["code"] == 3
    loaded = {str(m).split(".")[0] for m in result["loaded"]}  # type: ignore[attr-defined]
    assert "eventsourcing" in loaded
    assert not loaded & {"sqlalchemy", "sqlalchemy_utils"}


# The console script's whole run (`intake.cli.main`: its imports, the command, the exit), its collections counted.
CONSOLE_SCRIPT = """
import contextlib, gc, io, json, sys
import intake.cli
counts = [0, 0, 0]
def count(phase, info):
    if phase == "start":
        counts[info["generation"]] += 1
gc.collect()  # objects are counted from here
gc.callbacks.append(count)
sys.argv = ["finsam", *sys.argv[1:]]
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        intake.cli.main()
    except SystemExit as exit:
        code = exit.code
seen = list(counts)
print(json.dumps(dict(code=code, collections=seen, out=out.getvalue())))
"""


def test_a_warm_report_runs_without_the_collector(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The CLI's modules, polars and the report's objects are made with the collector paused and
    # frozen before it runs again (intake/cli/__init__.py, report_cmd.py): it would walk them
    # again and again and free nothing (≈ 20 collections, ≈ 25 ms of a warm report at M).
    db = initialised(tmp_path)
    report = ["--db", db, "report", "arsredovisning", "--year", "2024", "--format", "json"]
    env = {**os.environ, "FINSAM_TODAY": "2025-02-01"}
    subprocess.run([sys.executable, "-m", "intake.cli", *report], capture_output=True, check=True, env=env)  # the cache
    done = subprocess.run([sys.executable, "-c", CONSOLE_SCRIPT, *report], capture_output=True, text=True,
                          check=True, env=env)
    result = json.loads(done.stdout)
    assert result["code"] == 0
    assert json.loads(result["out"])["report"] == "arsredovisning"
    assert result["collections"] == [0, 0, 0]
