"""The welcome offers the course's languages; the choice switches everything and is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, OptionList

from canvas_tutor.canvas.settings import load_settings
from canvas_tutor.cli import main
from canvas_tutor.course.loader import load_course
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.language_dialog import LanguageDialog
from canvas_tutor.tui.screens.welcome import WelcomeScreen


async def test_choosing_a_language_on_the_welcome(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CANVAS_TUTOR_CONFIG_DIR", str(tmp_path / "config"))
    app = CanvasTutorApp(load_course(), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.pause()
        button = app.screen.query_one("#language", Button)
        assert str(button.label) == "English ▾"  # the language in its own words
        button.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LanguageDialog)
        listed = app.screen.query_one(OptionList)
        assert [listed.get_option_at_index(i).id for i in range(listed.option_count)] == \
            ["en", "es", "fr"]
        assert str(listed.get_option_at_index(1).prompt) == "Español"
        assert listed.highlighted == 0  # the cursor on the language in use
        await pilot.press("escape")  # back, nothing changed
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.course.language == "en"
        app.screen.query_one("#language", Button).focus()
        await pilot.press("enter", "down", "enter")
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.course.language == "es" and app.course.title.startswith("El ")
        assert "Empezar" in app.export_screenshot() or "Comenzar" in app.export_screenshot()
        assert str(app.screen.query_one("#language", Button).label) == "Español ▾"
    assert load_settings().language == "es"


def test_the_choice_is_kept_for_the_next_start(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import canvas_tutor.tui.app as app_module
    from canvas_tutor.canvas.settings import Settings, save_settings

    monkeypatch.setenv("CANVAS_TUTOR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("CANVAS_TUTOR_LANG", raising=False)
    save_settings(Settings(language="fr"))
    seen: dict[str, object] = {}
    monkeypatch.setattr(app_module, "run_app",
                        lambda course, **kw: seen.setdefault("language", course.language) and 0)
    monkeypatch.setattr("canvas_tutor.plain.wanted", lambda *args, **kwargs: False)
    main(["--data-dir", str(tmp_path)])
    assert seen["language"] == "fr"
    seen.clear()
    main(["--data-dir", str(tmp_path), "--language", "es"])  # asked for: the option wins
    assert seen["language"] == "es"


async def test_in_a_served_class_each_browser_chooses_for_itself(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One learner choosing French (or a theme) leaves the next learner's session as it
    was: the settings file is the server's, shared by every session."""
    from canvas_tutor.cli import served_language

    monkeypatch.setenv("CANVAS_TUTOR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("CANVAS_TUTOR_LANG", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    app = CanvasTutorApp(load_course(), data_dir=tmp_path, fixed_folder=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.switch_language("fr")
        await pilot.pause()
        assert app.course.language == "fr"
        app.action_toggle_theme()
    assert load_settings().language == "" and load_settings().theme == ""
    assert served_language(None, None)[0] == "en"  # the next browser starts as before
