"""`finsam init`: the README's example file registers a förbund; a changed file records only
the differences. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import EXAMPLE_TOML, event_count, finsam, history_json, ok

CHANGED = (
    EXAMPLE_TOML.read_text(encoding="utf-8")
    .replace('namn = "Försteg Exempel"', 'namn = "Försteg Exempelstad"')
    + """
[[insats]]
kod = "5.0"
namn = "SIP"
niva = "individ"
matt = "moten"
typ = "kartläggning"
agare = "Försäkringskassan"
start = 2024-03-01
objekt = "50"
slut = 2024-12-31
"""
)


def test_init_registers_the_readme_example_and_a_rerun_records_only_the_differences(
        db_url: str, tmp_path: Path) -> None:
    # A dry run says what would be recorded and writes nothing.
    dry = ok(finsam(db_url, "init", str(EXAMPLE_TOML), "--dry-run"))
    assert dry.startswith("Provkörning – inget sparat")
    assert event_count(db_url) == 0

    # The README example registers the förbund, its members and its insats.
    out = ok(finsam(db_url, "init", str(EXAMPLE_TOML)))
    assert "förbundet Samordningsförbundet Exempel (222000-0000) registrerat" in out
    assert "insats tillagd: Försteg Exempel (4.0)" in out
    registered = event_count(db_url)
    assert registered > 0

    # The same file again changes nothing.
    assert "Inga ändringar" in ok(finsam(db_url, "init", str(EXAMPLE_TOML)))
    assert event_count(db_url) == registered

    # A changed file: 4.0 renamed, 5.0 added (and closed, it has an end date).
    changed = tmp_path / "forbund_andrad.toml"
    changed.write_text(CHANGED, encoding="utf-8")
    out = ok(finsam(db_url, "init", str(changed)))
    assert "insats 4.0 bytte namn: Försteg Exempel → Försteg Exempelstad" in out
    assert "insats tillagd: SIP (5.0)" in out
    new = sorted((e["aggregate"], e["event"]) for e in history_json(db_url)[registered:])
    assert new == [
        ("forbund", "CatalogueFileApplied"),
        ("forbund", "InsatsListed"),
        ("insats", "Closed"),
        ("insats", "Registered"),
        ("insats", "Renamed"),
    ]
