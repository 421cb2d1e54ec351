"""Every screen brings its own stylesheet: the app loads only the welcome's at start.

A screen module that forgets `CSS_PATH` draws without its styles (a dialog without its
frame) only when no other screen that shares the file was opened first, which a test of
one screen at a time may never see.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.screen import Screen

import canvas_tutor.tui.screens as screens
from canvas_tutor.tui.screens.welcome import WelcomeScreen
from canvas_tutor.tui.styles import STYLESHEETS


def _screen_classes() -> list[type[Screen[object]]]:
    found = []
    for info in pkgutil.iter_modules(screens.__path__):
        if info.name == "base":  # the shared base class draws nothing of its own
            continue
        module = importlib.import_module(f"{screens.__name__}.{info.name}")
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Screen) and value.__module__ == module.__name__:
                found.append(value)
    return found


def test_every_screen_names_its_stylesheet() -> None:
    classes = _screen_classes()
    assert len(classes) > 10  # the finder found the screens
    missing = [cls.__name__ for cls in classes
               if cls is not WelcomeScreen and "CSS_PATH" not in vars(cls)
               and not any("CSS_PATH" in vars(base) for base in cls.__mro__[1:]
                           if base.__module__.startswith("canvas_tutor."))]
    assert missing == []


def test_the_app_loads_only_the_welcome_at_start() -> None:
    assert [str(path) for path in STYLESHEETS if "screens/" in str(path)] == \
        ["screens/welcome.tcss"]
