"""The prepared course: read from the cache while the pack is unchanged, never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from canvas_tutor.cachefile import cache_dir
from canvas_tutor.course.cache import load_course_cached, prepare_course
from canvas_tutor.course.loader import load_course
from canvas_tutor.errors import CourseError
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.home import HomeScreen
from canvas_tutor.tui.screens.lesson import LessonScreen

MINI_PACK = Path(__file__).parent / "fixtures" / "mini-pack"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(MINI_PACK, target)
    return target


def _retitle(pack: Path, title: str) -> None:
    manifest = pack / "course" / "course.toml"
    text = manifest.read_text(encoding="utf-8")
    start = text.index("title = ")
    end = text.index("\n", start)
    manifest.write_text(text[:start] + f'title = "{title}"' + text[end:], encoding="utf-8")


def test_the_second_preparation_comes_from_the_cache_and_equals_the_pack(pack: Path) -> None:
    first = prepare_course(pack)
    assert list(cache_dir().glob("course-*.pickle"))
    second = prepare_course(pack)
    assert second.card.title == first.card.title == load_course(pack).title
    assert second.card.lessons == len(load_course(pack).lessons)
    assert second.load() == load_course(pack)


def test_a_changed_pack_is_loaded_again(pack: Path) -> None:
    assert prepare_course(pack).card.title != "Renamed course"
    _retitle(pack, "Renamed course")
    assert prepare_course(pack).card.title == "Renamed course"
    assert load_course_cached(pack).title == "Renamed course"


def test_a_pack_that_breaks_after_caching_is_refused(pack: Path) -> None:
    prepare_course(pack)
    (pack / "course" / "course.toml").write_text("title = [unclosed", encoding="utf-8")
    with pytest.raises(CourseError):
        prepare_course(pack)


def test_a_damaged_cache_file_is_ignored_and_replaced(pack: Path) -> None:
    prepare_course(pack)
    [cached] = cache_dir().glob("course-*.pickle")
    cached.write_bytes(b"not a pickle at all")
    assert prepare_course(pack).load() == load_course(pack)
    assert cached.read_bytes() != b"not a pickle at all"


async def test_the_app_runs_on_a_prepared_course(pack: Path, tmp_path: Path) -> None:
    prepare_course(pack)
    prepared = prepare_course(pack)  # from the cache: the body is not loaded yet
    app = CanvasTutorApp(prepared, data_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.create_canvas(tmp_path / "data" / "p.canvas.toml", "Pat", "Pottery")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == load_course(pack).lessons[0].id
