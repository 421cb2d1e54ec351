"""The one list of export formats: what the CLI offers, the app's dialog shows, the writer checks.

Each format names what it exports (a learner's canvas, a class report), its file suffixes,
and where its renderer lives (imported only when used, so `export --format md` never
loads the HTML or report code). A format drawn by a front end (the SVG picture of the
my-canvas screen) has no renderer here: the headless core cannot draw a screen.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from canvas_tutor.i18n import N_, _

Subject = Literal["canvas", "report", "certificate", "handbook", "xapi"]


@dataclass(frozen=True)
class Format:
    """One export format of one subject."""

    id: str
    subject: Subject
    suffixes: tuple[str, ...]
    description: str  # an English msgid: call `label()` to show it
    renderer: str = ""  # "module:function"; empty when a front end draws it
    to_stdout: bool = True  # False: a picture or binary, always written to a file

    def label(self) -> str:
        """The format as a person reads it, in the current language."""
        return _(self.description)

    @property
    def suffix(self) -> str:
        return self.suffixes[0]

    def render(self) -> Callable[..., Any]:
        """The renderer function (imported now)."""
        if not self.renderer:
            raise LookupError(f"format {self.id!r} is drawn by a front end")
        module, _sep, name = self.renderer.partition(":")
        function: Callable[..., Any] = getattr(importlib.import_module(module), name)
        return function


FORMATS: tuple[Format, ...] = (
    Format("html", "canvas", (".html", ".htm"), N_("HTML: a printable one-page canvas"),
           "canvas_tutor.export.html:canvas_to_html"),
    Format("md", "canvas", (".md", ".markdown"),
           N_("Markdown: for notes and code-hosting sites"),
           "canvas_tutor.export.markdown:canvas_to_markdown"),
    Format("json", "canvas", (".json",), N_("JSON: data for other tools"),
           "canvas_tutor.export.json_export:canvas_to_json"),
    Format("svg", "canvas", (".svg",), N_("SVG: a picture of the canvas screen"),
           to_stdout=False),
    Format("html", "certificate", (".html", ".htm"),
           N_("HTML: a printable certificate of completion"),
           "canvas_tutor.export.certificate:certificate_html"),
    Format("html", "report", (".html", ".htm"), N_("HTML: one page for the whole class"),
           "canvas_tutor.export.report:report_html"),
    Format("json", "report", (".json",), N_("JSON: the class's figures for other tools"),
           "canvas_tutor.export.report:report_json"),
    Format("csv", "report", (".csv",), N_("CSV: one row per learner, for a spreadsheet"),
           "canvas_tutor.export.report:report_csv"),
    Format("html", "handbook", (".html", ".htm"),
           N_("HTML: the whole course as one printable handbook"),
           "canvas_tutor.export.handbook_html:handbook_to_html"),
    Format("md", "handbook", (".md", ".markdown"),
           N_("Markdown: the whole course as one handbook"),
           "canvas_tutor.export.handbook_md:handbook_to_markdown"),
    Format("json", "xapi", (".json",), N_("xAPI statements: learning records for an LRS"),
           "canvas_tutor.export.xapi:statements_to_json"),
)


def formats(subject: Subject) -> tuple[Format, ...]:
    """The formats of one subject, in the order they are offered."""
    return tuple(f for f in FORMATS if f.subject == subject)


def format_ids(subject: Subject) -> tuple[str, ...]:
    return tuple(f.id for f in formats(subject))


def get(subject: Subject, format_id: str) -> Format:
    """The format, or a LookupError naming the ones there are."""
    for f in formats(subject):
        if f.id == format_id:
            return f
    raise LookupError(f"unknown {subject} format {format_id!r} "
                      f"(use {', '.join(format_ids(subject))})")


def format_of_suffix(suffix: str) -> str | None:
    """The format id a file suffix belongs to (".htm" -> "html"), of any subject."""
    suffix = suffix.lower()
    return next((f.id for f in FORMATS if suffix in f.suffixes), None)
