"""Parsed stylesheets kept between runs: used when they fit, ignored when they do not."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from canvas_tutor.cachefile import cache_dir
from canvas_tutor.course.model import Course
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.css_cache import CachedStylesheet
from canvas_tutor.tui.screens.home import HomeScreen
from canvas_tutor.tui.screens.welcome import WelcomeScreen

CSS_A = "Static { color: red; }"
CSS_B = "Static { color: blue; }"
WHERE = ("test.tcss", "")


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The CSS texts Textual itself parsed (cache misses) during the test."""
    seen: list[str] = []
    real = Stylesheet._parse_rules

    def counted(self: Stylesheet, css: str, *args: object, **kwargs: object) -> object:
        seen.append(css)
        return real(self, css, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Stylesheet, "_parse_rules", counted)
    return seen


def _shape(rule: RuleSet) -> tuple[object, ...]:
    """What a rule means: its selectors and every declaration's value."""
    values = {name: repr(value) for name, value in rule.styles.get_rules().items()}
    return (repr(rule.selector_set), values, rule.is_default_rules,
            rule.tie_breaker, rule.selector_names, rule.pseudo_classes)


async def _session(course: Course, data: Path) -> CanvasTutorApp:
    """A learner's session: welcome, a new canvas, home, quit; caches saved as on exit."""
    app = CanvasTutorApp(course, data_dir=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        app.create_canvas(data / "c.canvas.toml", "Cy", "Cafe")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    app.save_styles()
    return app


async def test_a_second_session_parses_no_css(mini_course: Course, tmp_path: Path,
                                              parses: list[str]) -> None:
    await _session(mini_course, tmp_path / "one")
    assert parses  # the first session parsed its CSS ...
    parses.clear()
    await _session(mini_course, tmp_path / "two")
    assert parses == []  # ... the second found all of it kept


async def test_kept_rules_are_the_rules_textual_parses(mini_course: Course,
                                                       tmp_path: Path) -> None:
    app = await _session(mini_course, tmp_path)
    again = CachedStylesheet(variables=app.stylesheet._variables)
    fresh = Stylesheet(variables=app.stylesheet._variables)
    for (location, source) in app.stylesheet.source.items():
        kept = again._parse_rules(source.content, location, source.is_defaults,
                                  source.tie_breaker, source.scope)
        parsed = fresh._parse_rules(source.content, location, source.is_defaults,
                                    source.tie_breaker, source.scope)
        assert [_shape(rule) for rule in kept] == [_shape(rule) for rule in parsed]


async def test_a_damaged_cache_is_ignored_and_replaced(mini_course: Course,
                                                       tmp_path: Path) -> None:
    await _session(mini_course, tmp_path / "one")
    files = sorted(cache_dir().glob("css-*.pickle"))
    assert len(files) == 2  # the first screen's part and the rest
    for path in files:
        path.write_bytes(b"\x80\x05 not a pickle")
    await _session(mini_course, tmp_path / "two")  # starts and reaches home as usual
    for path in files:
        assert not path.read_bytes().startswith(b"\x80\x05 not")


def test_changed_css_is_parsed_again(parses: list[str]) -> None:
    first = CachedStylesheet(variables={"v": "1"})
    first.add_source(CSS_A, read_from=WHERE)
    first.parse()
    first.save()
    second = CachedStylesheet(variables={"v": "1"})
    second.add_source(CSS_B, read_from=WHERE)
    second.parse()
    assert parses == [CSS_A, CSS_B]
    assert "#0000FF" in second.rules[0].css


def test_other_theme_variables_are_parsed_again(parses: list[str]) -> None:
    for variables in ({"v": "1"}, {"v": "2"}, {"v": "1"}):
        sheet = CachedStylesheet(variables=variables)
        sheet.add_source(CSS_A, read_from=WHERE)
        sheet.parse()
        sheet.save()
    assert parses == [CSS_A, CSS_A]  # the third found what the first kept
