"""`canvas-tutor course init DIR`: a copy of the built-in course for a trainer to adapt."""

from __future__ import annotations

import shutil
from pathlib import Path

from canvas_tutor.course.location import builtin_root
from canvas_tutor.errors import UserError
from canvas_tutor.i18n import _

_README = """\
# Your course pack

A copy of canvas-tutor's built-in course, yours to adapt: your own case, your language,
your examples. The format is described in canvas-tutor's docs/course-format.md.

- course/course.toml   title, version, authors, the order of the lessons
- course/canvas.toml   the canvas: its blocks, their places and guiding questions
- course/case.toml     the running case learners compare their answers with
- course/glossary.toml the glossary; each lesson lists the terms it uses (`glossary`)
- course/translations/ the texts of those files in each language after the first
- lessons/<code>/      one Markdown file per lesson in each language (en, es, fr)

Another language: canvas-tutor's docs/translating.md walks you through it, start to end.

Check it:   canvas-tutor check {dir}          (add --watch to re-check on every save)
Run it:     canvas-tutor --course {dir}

The course text is under CC BY-SA 4.0: keep the licence and credit the original authors.
The Business Model Canvas is by Strategyzer AG (strategyzer.com), CC BY-SA 3.0.
"""


class InitError(UserError):
    """The target folder cannot take a new pack."""


def init_pack(target: Path) -> Path:
    """Copy course/ and lessons/ into `target` (which must be new or empty)."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitError(_("{folder} already exists and is not empty: choose a new "
                          "folder").format(folder=target))
    source = builtin_root()
    target.mkdir(parents=True, exist_ok=True)
    for part in ("course", "lessons"):
        shutil.copytree(source / part, target / part,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (target / "README.md").write_text(_README.format(dir=target), encoding="utf-8")
    return target
