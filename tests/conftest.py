"""Shared fixtures: course packs and a data folder under tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course

FIXTURES = Path(__file__).parent / "fixtures"
MINI_PACK = FIXTURES / "mini-pack"

# On a developer's machine the property tests explore new examples every run; in CI they
# replay a fixed set, so a landing never depends on the luck of the draw. What local
# runs find is kept as a regression test.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches the real user data folder."""
    monkeypatch.setenv("CANVAS_TUTOR_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.setenv("CANVAS_TUTOR_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.setenv("CANVAS_TUTOR_CONFIG_DIR", str(tmp_path / "user-config"))


@pytest.fixture(autouse=True)
def _english_interface(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English, whatever the machine's language, and leaves it so."""
    from canvas_tutor import i18n

    monkeypatch.delenv(i18n.LANGUAGE_ENV, raising=False)
    monkeypatch.delenv(i18n.LOCALE_DIR_ENV, raising=False)
    for name in ("LC_ALL", "LC_MESSAGES"):  # a French desktop must not make tests French
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.set_language(None)
    yield
    i18n.set_language(None)
    i18n.reset()


@pytest.fixture(scope="session")
def mini_course() -> Course:
    return load_course(MINI_PACK)


@pytest.fixture(scope="session")
def builtin_course() -> Course:
    return load_course()
