"""The stylesheets the app loads at start: what every screen uses, and the first screen's.

Every other screen names its own files in `CSS_PATH` (Textual loads a screen's CSS when
the screen is first shown), so the welcome is drawn without parsing and matching the
rules of screens the learner has not opened yet. Each file lives next to its screen or
widget.
"""

from pathlib import PurePath

STYLESHEETS: list[str | PurePath] = [
    "app.tcss",
    "widgets/bars.tcss",
    "screens/welcome.tcss",  # the first screen; switching language shows it again
]
