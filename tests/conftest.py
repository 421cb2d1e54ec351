"""Shared fixtures: course packs and a data folder under tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course

FIXTURES = Path(__file__).parent / "fixtures"
MINI_PACK = FIXTURES / "mini-pack"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches the real user data folder."""
    monkeypatch.setenv("CANVAS_TUTOR_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.setenv("CANVAS_TUTOR_CACHE_DIR", str(tmp_path / "user-cache"))


@pytest.fixture(scope="session")
def mini_course() -> Course:
    return load_course(MINI_PACK)


@pytest.fixture(scope="session")
def builtin_course() -> Course:
    return load_course()
