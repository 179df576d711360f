"""The theme is kept between runs in appen.toml; the footer shows the essential keys first
and whole at 100 columns."""

from __future__ import annotations

from shell_helpers import finsam_app
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from intake.app.settings import FILE_NAME, load_theme


async def test_a_theme_chosen_in_one_run_is_the_theme_of_the_next(tmp_path):
    settings = tmp_path / "config" / FILE_NAME
    with finsam_app(tmp_path, settings=settings) as (app, _):
        async with app.run_test(size=(120, 40)) as pilot:
            assert app.theme == "textual-dark"
            app.theme = "nord"
            await pilot.pause()
    assert 'tema = "nord"' in settings.read_text(encoding="utf-8")
    with finsam_app(tmp_path, settings=settings) as (app, _):
        async with app.run_test(size=(120, 40)) as pilot:
            assert app.theme == "nord"


def test_a_settings_file_that_is_broken_or_names_an_unknown_theme_gives_the_default(tmp_path):
    path = tmp_path / FILE_NAME
    assert load_theme(path, {"nord"}) is None  # no file
    path.write_text("tema = [", encoding="utf-8")
    assert load_theme(path, {"nord"}) is None
    path.write_text('tema = "finns-inte"\n', encoding="utf-8")
    assert load_theme(path, {"nord"}) is None
    path.write_text('tema = "nord"\n', encoding="utf-8")
    assert load_theme(path, {"nord"}) == "nord"


async def test_at_100_columns_the_footer_shows_the_screens_keys_quit_help_and_every_screen_key(tmp_path):
    with finsam_app(tmp_path) as (app, _):
        async with app.run_test(size=(100, 30)) as pilot:
            for key in ("f2", "f3", "f4", "f6", "f7", "f8"):
                await pilot.press(key)
                await pilot.pause()
                footer = app.screen.query_one(Footer)
                keys = [k for k in footer.query(FooterKey) if "-command-palette" not in k.classes]
                right = max(k.region.right for k in keys)
                assert right <= 100 - len(" ^p Kommandon")  # nothing cut off before the palette key
                shown = [k.key for k in keys]
                assert {"ctrl+q", "f1", "f2", "f3", "f4", "f6", "f7", "f8"} <= set(shown)
                assert shown.index("ctrl+q") < shown.index("f2")  # the essentials first
                assert [str(label.render()) for label in footer.query(FooterLabel)][-1] == "Skärmar"
