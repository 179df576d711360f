"""Which database and which förbund a `finsam` run opens, through the real entry point.

- The demo lives in a database of its own (`<data dir>/demo.sqlite`); a bare `finsam` shows
  it, clearly labelled, until the user's default database has a förbund of its own.
- The förbund is chosen by `--forbund` > `FINSAM_FORBUND` > `finsam use ORGNR` > the only one.
- `--db`, `--forbund` and `--actor` are accepted after the subcommand too.
- Only `init` and `demo` create a database: any other command on a missing SQLite file is
  refused with exit 2 and creates nothing.
- A command group without its subcommand shows Swedish help and exits 2.

Every test runs with HOME and the XDG directories in its own tmp folder, so the user's real
data and config directories are never touched.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from cli_helpers import EXAMPLE_TOML, event_count, finsam, history_json, ok
from intake.cli.app import app
from intake.cli.argv import hoist_global_options

DEMO_LABEL = "Demoförbundet (demo.sqlite) – dina egna uppgifter finns inte här."
OWN_HINT = "Registrera ert eget förbund: finsam init FIL.toml – se README."
FLOW = ("record", "flow", "--insats", "4.0", "--manad", "2024-03", "--paborjade-kvinnor", "2")


class Home:
    """A private HOME with XDG data, config and cache directories (platformdirs honours them)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.config = root / "config"
        self.cache = root / "cache"
        self.env = {"HOME": str(root / "home"), "XDG_DATA_HOME": str(self.data),
                    "XDG_CONFIG_HOME": str(self.config), "XDG_CACHE_HOME": str(self.cache)}

    @property
    def default_db(self) -> Path:
        return self.data / "finsam" / "finsam.sqlite"

    @property
    def demo_db(self) -> Path:
        return self.data / "finsam" / "demo.sqlite"

    def run(self, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        """`finsam ARGS…` without --db, in this home."""
        return finsam(None, *args, env={**self.env, **(env or {})})


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path / "hem")


def second_forbund_toml(tmp_path: Path) -> Path:
    """The README example renamed to a second förbund (orgnr 222000-1111)."""
    text = EXAMPLE_TOML.read_text(encoding="utf-8")
    text = text.replace('"222000-0000"', '"222000-1111"').replace(
        'namn = "Samordningsförbundet Exempel"', 'namn = "Samordningsförbundet Andra"', 1)
    path = tmp_path / "andra.toml"
    path.write_text(text, encoding="utf-8")
    return path


def two_forbund(tmp_path: Path) -> str:
    """A database holding the example förbund and a second one; returns its URL."""
    url = f"sqlite:///{tmp_path / 'tva.sqlite'}"
    ok(finsam(url, "init", str(EXAMPLE_TOML)))
    ok(finsam(url, "init", str(second_forbund_toml(tmp_path))))
    return url


# -- 1. the demo lives in its own database --------------------------------------------------

def test_bare_finsam_on_a_fresh_home_opens_the_demo_database_labelled_and_never_the_default(home: Home) -> None:
    first = home.run()
    out = ok(first)
    assert out.splitlines()[0] == DEMO_LABEL
    assert OWN_HINT in out.splitlines()
    assert "Samordningsförbundet Västra Östergötland (222000-9990)" in out
    assert "Läser in demodata: 100 %" in first.stderr
    assert home.demo_db.exists() and not home.default_db.exists()

    loaded = event_count(str(home.demo_db))
    again = home.run()
    assert ok(again).splitlines()[0] == DEMO_LABEL
    assert "Läser in demodata" not in again.stderr
    assert event_count(str(home.demo_db)) == loaded
    assert not home.default_db.exists()


def test_after_init_bare_finsam_and_every_command_use_the_users_own_forbund(home: Home) -> None:
    ok(home.run())  # the demo first, as a new user would
    ok(home.run("init", str(EXAMPLE_TOML)))
    assert home.default_db.exists()

    out = ok(home.run())
    assert out.startswith("Samordningsförbundet Exempel (222000-0000)")
    assert "Demoförbundet" not in out and "Västra Östergötland" not in out
    ok(home.run(*FLOW))  # no --forbund needed: the demo is not in this database
    assert [e["event"] for e in history_json(str(home.default_db))].count("FlowReported") == 1


def test_finsam_demo_without_db_opens_the_demo_database_and_with_db_loads_into_the_given_one(
        home: Home, tmp_path: Path) -> None:
    first = home.run("demo")
    assert ok(first).splitlines()[0] == DEMO_LABEL
    assert "Läser in demodata: 100 %" in first.stderr
    assert home.demo_db.exists() and not home.default_db.exists()
    again = home.run("demo")  # already there: shown, not refused, nothing added
    assert ok(again).splitlines()[0] == DEMO_LABEL and "Läser in demodata" not in again.stderr

    own = tmp_path / "egen" / "med-demo.sqlite"
    ok(finsam(f"sqlite:///{own}", "demo", env=home.env))
    assert event_count(str(own)) == event_count(str(home.demo_db)) > 0


def test_bare_finsam_with_an_explicit_empty_database_says_how_to_begin_and_loads_nothing(
        home: Home, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tom.sqlite'}"
    ok(finsam(url, "init", str(EXAMPLE_TOML), "--dry-run", env=home.env))  # creates the file, no events
    assert event_count(url) == 0
    out = ok(finsam(url, env=home.env))
    assert "Databasen har inget förbund ännu" in out and "finsam init FIL.toml" in out
    assert "finsam demo" in out
    assert event_count(url) == 0 and not home.demo_db.exists()


# -- 2. choosing the förbund --------------------------------------------------------------------

def test_several_forbund_without_a_choice_name_every_way_to_choose(home: Home, tmp_path: Path) -> None:
    url = two_forbund(tmp_path)
    refused = finsam(url, "status", env=home.env)
    assert refused.returncode == 3
    assert "222000-0000, 222000-1111" in refused.stderr
    assert "--forbund" in refused.stderr and "FINSAM_FORBUND" in refused.stderr
    assert "finsam use ORGNR" in refused.stderr


def test_finsam_use_lists_remembers_and_shows_the_chosen_forbund(home: Home, tmp_path: Path) -> None:
    url = two_forbund(tmp_path)
    listing = ok(finsam(url, "use", env=home.env))
    assert "222000-0000  Samordningsförbundet Exempel" in listing
    assert "222000-1111  Samordningsförbundet Andra" in listing
    assert "Inget förbund är valt" in listing

    ok(finsam(url, "use", "222000-1111", env=home.env))
    remembered = list((home.config / "finsam").iterdir())
    assert [p.name for p in remembered] == ["forbund.json"]
    assert "222000-1111" in json.loads(remembered[0].read_text(encoding="utf-8"))["forbund"].values()

    assert ok(finsam(url, "status", env=home.env)).startswith("Samordningsförbundet Andra (222000-1111)")
    listing = ok(finsam(url, "use", env=home.env))
    assert "* 222000-1111  Samordningsförbundet Andra" in listing
    assert "  222000-0000  Samordningsförbundet Exempel" in listing
    assert "finsam use" in listing.splitlines()[-1]


def test_forbund_flag_beats_the_environment_which_beats_the_remembered_choice(home: Home, tmp_path: Path) -> None:
    url = two_forbund(tmp_path)
    ok(finsam(url, "use", "222000-1111", env=home.env))
    env_first = {**home.env, "FINSAM_FORBUND": "222000-0000"}
    assert ok(finsam(url, "status", env=env_first)).startswith("Samordningsförbundet Exempel")
    flag_first = finsam(url, "--forbund", "222000-1111", "status", env=env_first)
    assert ok(flag_first).startswith("Samordningsförbundet Andra")
    shown = ok(finsam(url, "use", env=env_first))
    assert "* 222000-0000" in shown and "FINSAM_FORBUND" in shown


def test_the_remembered_choice_belongs_to_its_database_only(home: Home, tmp_path: Path) -> None:
    url = two_forbund(tmp_path)
    ok(finsam(url, "use", "222000-1111", env=home.env))
    other = f"sqlite:///{tmp_path / 'annan.sqlite'}"
    ok(finsam(other, "init", str(EXAMPLE_TOML), env=home.env))
    assert ok(finsam(other, "status", env=home.env)).startswith("Samordningsförbundet Exempel")


def test_a_remembered_choice_no_longer_in_the_database_is_ignored_with_a_note(home: Home, tmp_path: Path) -> None:
    url = two_forbund(tmp_path)
    ok(finsam(url, "use", "222000-1111", env=home.env))
    (tmp_path / "tva.sqlite").unlink()  # the database replaced by one with only the example
    ok(finsam(url, "init", str(EXAMPLE_TOML), env=home.env))
    shown = finsam(url, "status", env=home.env)
    assert ok(shown).startswith("Samordningsförbundet Exempel (222000-0000)")
    assert "det sparade valet 222000-1111 (finsam use) finns inte i databasen" in shown.stderr


def test_finsam_use_refuses_an_orgnr_that_is_not_in_the_database_and_remembers_nothing(
        home: Home, tmp_path: Path) -> None:
    url = two_forbund(tmp_path)
    refused = finsam(url, "use", "222000-9999", env=home.env)
    assert refused.returncode == 3
    assert "222000-9999" in refused.stderr and "222000-0000, 222000-1111" in refused.stderr
    assert not (home.config / "finsam").exists()


def test_db_forbund_and_actor_are_accepted_after_the_subcommand(home: Home, tmp_path: Path) -> None:
    url = two_forbund(tmp_path)
    before = event_count(url)
    ok(finsam(None, *FLOW, "--forbund", "222000-1111", "--db", url, "--actor", "efteråt", env=home.env))
    ok(finsam(None, "record", "flow", "--forbund=222000-0000", "--insats", "4.0", f"--db={url}",
              "--manad", "2024-04", "--actor=också-efteråt", "--avslutade-kvinnor", "0", env=home.env))
    assert event_count(url) == before + 2

    events = json.loads(ok(finsam(None, "history", "--format", "json", "--db", url, env=home.env)))
    flows = [e for e in events if e["event"] == "FlowReported"]
    assert [(e["actor"], e["effective"][:7]) for e in flows] == [("efteråt", "2024-03"), ("också-efteråt", "2024-04")]
    assert ok(finsam(None, "status", "--db", url, "--forbund", "222000-1111", env=home.env)).startswith(
        "Samordningsförbundet Andra")


def test_a_value_that_looks_like_a_global_option_stays_with_its_own_option(home: Home, tmp_path: Path) -> None:
    url = two_forbund(tmp_path)
    unknown = finsam(url, "history", "--insats", "--db", env=home.env)
    assert unknown.returncode == 3 and '"--db"' in unknown.stderr  # --insats got the value "--db"


def test_global_options_move_in_front_of_the_subcommand_but_never_a_value_or_what_follows_double_dash() -> None:
    root = typer.main.get_command(app)

    def hoist(*args: str) -> list[str]:
        return hoist_global_options(root, list(args))[0]

    assert hoist("record", "flow", "--forbund", "X", "--insats", "4.0") == \
        ["--forbund", "X", "record", "flow", "--insats", "4.0"]
    assert hoist("--actor", "a", "history", "--db=U", "--format", "json") == \
        ["--actor", "a", "--db=U", "history", "--format", "json"]
    assert hoist("history", "--insats", "--db", "U") == ["history", "--insats", "--db", "U"]
    assert hoist("history", "--", "--db", "U") == ["history", "--", "--db", "U"]
    assert hoist("--db", "record", "status", "--actor", "b") == ["--db", "record", "--actor", "b", "status"]
    assert hoist_global_options(root, ["record", "correction"])[1].name == "correction"


# -- 3. a mistyped --db creates nothing ------------------------------------------------------

@pytest.mark.parametrize("args", [
    (), ("status",), ("history",), FLOW, ("use",), ("use", "222000-0000"),
    ("report", "delarsrapport", "--cutoff", "2024-03-31"), ("export", "sie", "--year", "2024", "-o", "{tmp}/ut.se"),
    ("import", "stats", "{tmp}/statistik.csv"), ("close-period", "2024-01"),
])
def test_a_mistyped_db_path_is_refused_with_exit_2_and_creates_nothing(
        args: tuple[str, ...], home: Home, tmp_path: Path) -> None:
    typo = tmp_path / "fel-katalog" / "finsm.sqlite"
    (tmp_path / "statistik.csv").write_text("insats;manad;volym\n", encoding="utf-8")
    args = tuple(a.replace("{tmp}", str(tmp_path)) for a in args)
    refused = finsam(f"sqlite:///{typo}", *args, env=home.env)
    assert refused.returncode == 2, refused.stderr
    assert (f"Fel: databasen {typo} finns inte – skapa den med finsam init FIL.toml "
            "(eller prova demoförbundet: finsam demo)." in refused.stderr)
    assert not typo.parent.exists()
    assert not home.root.exists()  # no data, config or cache directory either


def test_a_command_on_the_default_database_before_init_is_refused_and_creates_nothing(home: Home) -> None:
    refused = home.run("status")
    assert refused.returncode == 2 and str(home.default_db) in refused.stderr
    assert not home.default_db.exists() and not home.demo_db.exists()


def test_init_and_demo_may_create_the_database_and_its_directories(home: Home, tmp_path: Path) -> None:
    new = tmp_path / "ny" / "katalog" / "finsam.sqlite"
    ok(finsam(f"sqlite:///{new}", "init", str(EXAMPLE_TOML), env=home.env))
    assert event_count(str(new)) > 0
    ok(home.run("init", str(EXAMPLE_TOML)))
    assert home.default_db.exists()


def test_a_file_that_is_not_a_finsam_database_is_refused_and_left_as_it_was(home: Home, tmp_path: Path) -> None:
    notes = tmp_path / "anteckningar.txt"
    notes.write_text("inte en databas\n", encoding="utf-8")
    refused = finsam(str(notes), "history", env=home.env)
    assert refused.returncode == 2 and f"{notes} är ingen finsam-databas" in refused.stderr
    assert notes.read_text(encoding="utf-8") == "inte en databas\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["anteckningar.txt"]  # no cache beside it either


# -- 4. a command group without its subcommand --------------------------------------------------

@pytest.mark.parametrize("group", [("report",), ("record",), ("import",), ("export",), ("record", "correction")])
def test_a_command_group_without_its_subcommand_shows_swedish_help_and_exits_2(
        group: tuple[str, ...], home: Home) -> None:
    result = home.run(*group)
    shown = result.stdout + result.stderr
    assert result.returncode == 2
    assert f"Användning: finsam {' '.join(group)}" in shown and "Kommandon" in shown
    assert "Fel:" not in shown and "Usage" not in shown and "Options" not in shown


@pytest.mark.parametrize("url", ["mysql://kansliet@localhost/finsam", "sqlit:///tmp/finsam.sqlite"])
def test_a_database_of_an_unknown_kind_is_a_usage_error_not_a_crash(tmp_path, url):
    # d27f253 answered exit 4 ("databasen svarade med ett fel") or 1; the kind of database is
    # a flag the user typed wrongly.
    result = finsam(url, "status")
    assert result.returncode == 2
    assert 'Fel: Fältet "--db": okänd databastyp' in result.stderr


def test_a_remembered_choice_never_stores_the_databases_password(tmp_path, monkeypatch) -> None:
    from intake.cli.choice import remember, remembered, settings_path

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    url = "postgresql://anna:hemlig@db.example:5432/natverk?schema=motala"
    settings_path().parent.mkdir(parents=True)
    legacy = "postgresql+psycopg://anna:hemlig@db.example:5432/natverk?schema=motala"  # as written before
    settings_path().write_text(json.dumps({"forbund": {legacy: "222000-1111"}}), encoding="utf-8")
    path = remember(url, "222000-2222")
    assert "hemlig" not in path.read_text(encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["forbund"] == {
        "postgresql+psycopg://anna@db.example:5432/natverk?schema=motala": "222000-2222"}
    assert remembered(url) == remembered("postgresql://anna:annat@db.example:5432/natverk?schema=motala") \
        == "222000-2222"
