"""Every stylesheet of the app, in one list: each file lives next to its screen or widget."""

from pathlib import PurePath

STYLESHEETS: list[str | PurePath] = [
    "app.tcss",
    "widgets/bars.tcss",
    "screens/welcome.tcss",
    "screens/home.tcss",
    "screens/lesson.tcss",
    "screens/my_canvas.tcss",
    "screens/dialogs.tcss",
    "screens/save_failed.tcss",
    "widgets/exercises.tcss",
]
