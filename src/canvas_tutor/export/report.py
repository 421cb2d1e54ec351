"""The class report: many learners' canvas files in, one HTML (or JSON, CSV) report out.

The public entry points live here so the CLI imports one module; the work is split into
report_files (finding files), report_data (reading and statistics), report_html and
report_text (rendering) and progress (the stderr bar). Nothing here imports Textual.
"""

from __future__ import annotations

from canvas_tutor.export.progress import ProgressBar
from canvas_tutor.export.report_data import (
    ClassReport,
    LessonStat,
    Question,
    QuizStat,
    Skipped,
    TypeStat,
    collect,
)
from canvas_tutor.export.report_html import report_html
from canvas_tutor.export.report_read import MAX_BYTES, Learner
from canvas_tutor.export.report_text import report_csv, report_dict, report_json

__all__ = [
    "MAX_BYTES",
    "ClassReport",
    "Learner",
    "LessonStat",
    "ProgressBar",
    "Question",
    "QuizStat",
    "Skipped",
    "TypeStat",
    "collect",
    "report_csv",
    "report_dict",
    "report_html",
    "report_json",
]
