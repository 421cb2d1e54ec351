"""canvas-tutor's own theme for low vision: high contrast, registered through Textual's API.

Every colour a text can take in this theme has a contrast of at least 7:1 (WCAG AAA)
with every background it is drawn on; tests compute the ratios from the colours below.
Textual's derived text colours are blended (text at 87%, muted text at 60%), so the ones
the app uses are set here outright instead. Borders and focus marks are at least 3:1.
"""

from __future__ import annotations

import os
from typing import Any

from textual.app import App
from textual.theme import Theme

from canvas_tutor.i18n import _

HIGH_CONTRAST = "high-contrast"
ENV = "CANVAS_TUTOR_THEME"

BLACK, WHITE, YELLOW, CYAN = "#000000", "#FFFFFF", "#FFFF00", "#00FFFF"

HIGH_CONTRAST_THEME = Theme(
    name=HIGH_CONTRAST,
    dark=True,
    primary=YELLOW,
    secondary=CYAN,
    accent=CYAN,
    warning="#FFD000",
    error="#FF8080",
    success="#00FF00",
    foreground=WHITE,
    background=BLACK,
    surface=BLACK,
    panel="#101010",
    boost="#FFFFFF0A",
    text_alpha=1.0,
    variables={
        "text": WHITE,
        "text-muted": "#D8D8D8",
        "text-disabled": "#B0B0B0",
        "foreground-muted": "#D8D8D8",
        "text-primary": YELLOW,
        "text-secondary": CYAN,
        "text-accent": CYAN,
        "text-warning": "#FFD000",
        "text-error": "#FFA0A0",
        "text-success": "#00FF00",
        "border": YELLOW,
        "border-blurred": "#A0A0A0",
        "block-cursor-foreground": BLACK,
        "block-cursor-background": YELLOW,
        "block-cursor-blurred-foreground": WHITE,
        "block-cursor-blurred-background": "#202020",
        "block-hover-background": "#181818",
        "button-foreground": WHITE,
        "button-color-foreground": BLACK,
        "input-cursor-foreground": BLACK,
        "input-cursor-background": WHITE,
        "input-selection-background": "#0000C0",
        "input-selection-foreground": WHITE,
        "footer-foreground": WHITE,
        "footer-background": BLACK,
        "footer-key-foreground": YELLOW,
        "footer-description-foreground": WHITE,
        "link-color": CYAN,
        "link-color-hover": BLACK,
        "link-background-hover": CYAN,
        "markdown-h1-color": YELLOW,
        "markdown-h2-color": YELLOW,
        "markdown-h3-color": YELLOW,
        "markdown-h4-color": WHITE,
        "markdown-h5-color": WHITE,
        "markdown-h6-color": WHITE,
        "scrollbar": "#A0A0A0",
        "scrollbar-hover": WHITE,
        "scrollbar-active": YELLOW,
    },
)

THEMES: tuple[Theme, ...] = (HIGH_CONTRAST_THEME,)
CYCLE: tuple[str, ...] = ("textual-dark", "textual-light", HIGH_CONTRAST)


def register_themes(app: App[Any], chosen: str | None = None) -> str | None:
    """Register canvas-tutor's themes and switch to the chosen one, if it exists.

    `chosen` (from --theme) wins over CANVAS_TUTOR_THEME. Returns a sentence for the
    learner when the name is not a theme, None otherwise.
    """
    for theme in THEMES:
        app.register_theme(theme)
    name = (chosen or os.environ.get(ENV, "")).strip()
    if not name:
        return None
    if name not in app.available_themes:
        known = ", ".join(sorted(app.available_themes))
        return _("There is no theme {name}; the themes are: {known}.").format(name=name,
                                                                             known=known)
    app.theme = name
    return None


def next_theme(current: str) -> str:
    """The theme Ctrl+T switches to: dark, light, high contrast, and round again."""
    if current in CYCLE:
        return CYCLE[(CYCLE.index(current) + 1) % len(CYCLE)]
    return CYCLE[0]
