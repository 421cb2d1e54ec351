"""Every stylesheet of the app, loaded once at start-up.

Textual re-parses the whole stylesheet each time a screen brings a CSS file of its own,
which cost a noticeable pause on every first visit; the files still live next to their
screens, but the app reads them all in one go.
"""

from pathlib import PurePath

STYLESHEETS: list[str | PurePath] = [
    "app.tcss",
    "screens/welcome.tcss",
    "screens/home.tcss",
    "screens/lesson.tcss",
    "screens/my_canvas.tcss",
    "widgets/exercises.tcss",
]
