"""Every stylesheet of the app, in two parts: what the first screen needs, and the rest.

Textual re-parses the whole stylesheet and restyles every node each time a screen brings
a CSS file of its own, which cost a noticeable pause on each first visit. So the files
live next to their screens, but the app reads them itself: the first part before the
first frame, the rest in one go just after it (or before any other screen, if sooner).
"""

from pathlib import Path, PurePath

HERE = Path(__file__).parent

FIRST: list[str | PurePath] = [
    "app.tcss",
    "widgets/bars.tcss",
    "screens/welcome.tcss",
]

REST: list[str | PurePath] = [
    "screens/home.tcss",
    "screens/lesson.tcss",
    "screens/my_canvas.tcss",
    "screens/dialogs.tcss",
    "widgets/exercises.tcss",
]

STYLESHEETS: list[str | PurePath] = FIRST + REST
