"""Render a ClassReport as JSON (for tools) and CSV (for spreadsheets).

The CSV is opened by people in Excel or LibreOffice, where a cell that starts with `=`
is a formula: learner text is neutralised with a leading quote so a hostile answer
cannot run anything or leak data when the trainer opens the file.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from canvas_tutor.export.report_data import ClassReport
from canvas_tutor.i18n import _

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(text: str) -> str:
    """A spreadsheet cell that cannot start a formula (OWASP's CSV injection advice)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def report_dict(report: ClassReport) -> dict[str, Any]:
    """The report as plain data; every key is always present, in a fixed order."""
    r = report
    return {
        "format": "canvas-tutor/class-report",
        "format_version": 1,
        "course": {"id": r.course_id, "title": r.course_title},
        "generated": r.generated.isoformat().replace("+00:00", "Z"),
        "credit": r.credit,
        "learner_count": len(r.learners),
        "skipped": [{"file": s.file, "reason": s.reason} for s in r.skipped],
        "duplicates": [[x.file for x in g] for g in r.duplicate_groups],
        "lessons": [{"id": s.id, "title": s.title, "done": s.done, "percent": s.percent,
                     "started": s.started, "started_percent": s.started_percent}
                    for s in r.lessons],
        "exercises": [{"id": c.id, "kind": c.kind, "lesson": c.lesson_id, "prompt": c.prompt,
                       "answered": c.answered,
                       "answers": [{"file": x.file, "name": x.name, "answer": x.work[c.id]}
                                   for x in r.learners if c.id in x.work]}
                      for c in r.exercises],
        "quizzes": [{"id": q.id, "kind": q.kind, "lesson": q.lesson, "prompt": q.prompt,
                     "attempted": q.attempted, "first_try": q.first_try,
                     "percent": q.percent} for q in r.quizzes],
        "types": {"block": r.types_block, "title": r.types_title,
                  "items": [{"id": t.id, "label": t.label, "count": t.count,
                             "known": t.known} for t in r.types]},
        "self_check": [{"id": o.id, "text": o.text, "before": o.before, "after": o.after,
                        "rated_before": o.rated_before, "rated_after": o.rated_after,
                        "change": o.change} for o in r.outcomes],
        "rubrics": [{"id": b.id, "lesson": b.lesson, "prompt": b.prompt,
                     "criteria": [{"id": c.id, "title": c.title, "scored": c.scored,
                                   "mean": c.mean, "per_level": c.counts}
                                  for c in b.criteria],
                     "scores": [{"file": x.file, "name": x.name,
                                 "levels": dict(x.ratings[b.id])}
                                for x in r.learners if x.ratings.get(b.id)]}
                    for b in r.rubrics],
        "questions": [{"id": q.id, "prompt": q.prompt,
                       "answers": [{"file": x.file, "name": x.name,
                                    "answer": x.answers.get(q.id, "")} for x in r.learners]}
                      for q in r.questions],
        "learners": [{"file": x.file, "name": x.name, "venture": x.venture,
                      "updated": x.updated.isoformat().replace("+00:00", "Z"),
                      "completed": x.completed, "started": x.started, "types": x.types,
                      "other_types": x.other_types, "answers": x.work, "notes": x.notes,
                      "return_code": x.code,
                      "duplicate_of": x.duplicate_of,
                      "duplicate_count": x.duplicate_count} for x in r.learners],
    }


def report_json(report: ClassReport) -> str:
    """Pretty JSON, UTF-8 characters kept as they are (write it with encoding='utf-8')."""
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"


def report_csv(report: ClassReport) -> str:
    """One row per learner: who, how far, which types, and the evaluation answers."""
    r = report
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(["file", "name", "venture", "completed_lessons", "started_lessons"]
                 + [f"done:{s.id}" for s in r.lessons]
                 + [f"types:{r.types_block}" if r.types_block else "types"]
                 + [f"answer:{c.id}" for c in r.exercises]
                 + ["duplicate"])
    lesson_ids = [s.id for s in r.lessons]
    exercise_ids = [c.id for c in r.exercises]
    for x in r.learners:
        done = set(x.completed)
        types = "; ".join(r.type_labels.get(t, t) for t in x.types)
        row = [x.file, x.name, x.venture, str(len(done)), str(len(x.started))]
        row += ["1" if lid in done else "0" for lid in lesson_ids]
        row.append(types)
        row += [x.work.get(e, "") for e in exercise_ids]
        row.append(_("yes") if x.duplicate_of else "")  # a flag read by the trainer
        out.writerow([safe_cell(cell) for cell in row])
    return buf.getvalue()
