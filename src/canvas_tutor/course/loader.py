"""Load and validate a whole course pack: manifest, canvas, case and lessons.

`inspect_pack` collects every fault and returns whatever could be built; `load_course`
(course/load.py, re-exported here) is the strict entry point the app uses (any fault
raises CourseError), and reads a pack that has not changed from the course cache.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from canvas_tutor.course.exercises import Context
from canvas_tutor.course.faults import FILE_NAME, ID_PATTERN, Fault, Source, read_text
from canvas_tutor.course.glossary import check_glossary_use, read_glossary, read_outcomes
from canvas_tutor.course.lessons import parse_lesson
from canvas_tutor.course.load import load_course as load_course  # re-exported
from canvas_tutor.course.location import builtin_root  # noqa: F401  (re-exported)
from canvas_tutor.course.model import (
    ROLES,
    SIDES,
    Block,
    CanvasLayout,
    CaseBlock,
    CaseCanvas,
    Course,
    Lesson,
    Option,
    Vocabulary,
)
from canvas_tutor.course.translation import (
    apply_canvas,
    apply_case,
    apply_manifest,
    compare_lessons,
    missing_texts,
    outdated,
    read_overlay,
)
from canvas_tutor.i18n import _

_MANIFEST = {"format_version", "id", "title", "version", "languages", "license", "authors",
             "lessons"}
_MANIFEST_OPTIONAL = {"description", "audience", "level", "credit", "outcomes"}
_BLOCK_KEYS = {"id", "title", "question", "side", "column", "column_span", "row", "row_span"}
_BLOCK_OPTIONAL = {"area", "role", "icon"}


def _source(path: Path, faults: list[Fault]) -> tuple[Source, dict[str, Any]] | None:
    text = read_text(path, faults)
    if text is None:
        return None
    src = Source(path, text, faults)
    data = src.parse()
    return (src, data) if data is not None else None


def _format_version(src: Source, data: dict[str, Any]) -> None:
    if data.get("format_version") != 1:
        src.fault("format_version", _("'format_version' must be 1 (the only version this "
                                      "canvas-tutor reads)"))


def _languages(root: Path) -> list[str]:
    """The languages course.toml lists, read on their own (no faults: the full read has them)."""
    text = read_text(root / "course" / "course.toml", [])  # size-checked, like every read
    try:
        data = tomllib.loads(text or "")
    except (ValueError, RecursionError):
        return []
    found = data.get("languages")
    return [x for x in found if isinstance(x, str)] if isinstance(found, list) else []


def inspect_pack(root: Path, language: str | None = None, *, prose_checks: bool = True,
                 warnings: list[Fault] | None = None) -> tuple[Course | None, list[Fault]]:
    """Parse a pack, collecting every fault; returns the course when nothing stops it.

    `prose_checks` adds what `canvas-tutor check` reports beyond what stops the app: links
    and raw HTML, glossary use, and a translated lesson whose structure differs from its
    source (the app shows the source instead). `warnings` collects what is worth saying
    but is no fault, such as an outdated translation.
    """
    faults: list[Fault] = []
    root = Path(root)
    if not (root / "course").is_dir():
        what = _("no such folder") if not root.exists() else _("no 'course' folder here")
        return None, [Fault(root, 1, _("not a course pack: {what}").format(what=what))]
    listed = _languages(root)
    first = listed[0] if listed else "en"
    overlay = None
    if language and language != first and language in listed:
        overlay = read_overlay(root, language, faults, strict=prose_checks)
    manifest = _source(root / "course" / "course.toml", faults)
    canvas = _canvas(root / "course" / "canvas.toml", faults, overlay)
    case_src = _source(root / "course" / "case.toml", faults)
    if manifest is None:
        return None, faults
    src, data = manifest
    if prose_checks and overlay is not None:  # what the translation leaves in the source's words
        canvas_data = _source(root / "course" / "canvas.toml", [])
        faults.extend(missing_texts(overlay, data, canvas_data[1] if canvas_data else {},
                                    case_src[1] if case_src else {}))
    apply_manifest(overlay, data)
    if case_src is not None:
        apply_case(overlay, case_src[1])
    _format_version(src, data)
    src.keys(data, "", _MANIFEST, _MANIFEST_OPTIONAL, "course.toml")
    languages = src.strings(data, "languages", "languages")
    if "languages" in data and not languages:
        src.fault("languages", _("'languages' must name at least one language"))
    for lang in languages:
        if not lang.replace("-", "").replace("_", "").isalnum():
            src.fault("languages", _("language {lang!r} is not a valid language code").format(
                                       lang=lang))
    lang = language or (languages[0] if languages else "en")
    if language and languages and language not in languages:
        src.fault("languages", _("language {language!r} is not one of {list}").format(
                                   language=language, list=', '.join(languages)))
    order = src.strings(data, "lessons", "lessons")
    outcomes = read_outcomes(src, data)
    rated = tuple(Option(id=o.id, text=o.text) for o in outcomes)
    context = Context(outcomes=rated) if canvas is None else Context(
        canvas.block_ids, {v.id: v.items for v in canvas.vocabularies.values()}, rated)
    edition = lang != first and first in languages
    # In the app, a translated lesson that is missing or cannot be read is shown in the
    # source's words (like one whose structure differs); `check` reports it as a fault.
    lessons = _lessons(root, lang, order, src, [] if edition and not prose_checks else faults,
                       context, prose_checks)
    if edition:
        lessons = _against_source(root, first, order, src, context, lessons, faults,
                                  prose_checks, warnings)
    case = _case(case_src, canvas, faults) if case_src else None
    if canvas is not None:
        _cross_check(lessons, canvas, case, faults)
    glossary, glossary_src = read_glossary(root, lang, languages[0] if languages else lang,
                                           faults, strict=prose_checks)
    if prose_checks:  # usage faults are the author's to fix; they never stop the app
        check_glossary_use(lessons, glossary, glossary_src, faults)
    course_id = src.ident(data, "id", "id")
    if canvas is None or case is None or faults:
        return None, faults
    course = Course(
        root=root, id=course_id, title=src.string(data, "title", "title"),
        version=src.string(data, "version", "version"), language=lang,
        languages=tuple(languages), license=src.string(data, "license", "license"),
        authors=tuple(src.strings(data, "authors", "authors")), lessons=tuple(lessons),
        canvas=canvas, case=case,
        description=src.string(data, "description", "description", required=False),
        audience=src.string(data, "audience", "audience", required=False),
        level=src.string(data, "level", "level", required=False),
        credit=src.string(data, "credit", "credit", required=False) or canvas.credit,
        outcomes=outcomes, glossary=glossary,
    )
    return course, faults


def _lessons(root: Path, lang: str, order: list[str], manifest: Source,
             faults: list[Fault], context: Context,
             prose_checks: bool = True) -> list[Lesson]:
    folder = root / "lessons" / lang
    if not folder.is_dir():
        manifest.fault("languages", _("no lessons folder lessons/{lang}").format(lang=lang))
        return []
    by_id: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix != ".md":
            continue
        m = FILE_NAME.fullmatch(path.name)
        if not m:
            faults.append(Fault(path, 1, _("lesson file names look like NN-<id>.md (e.g. "
                                           "03-customer-segments.md)")))
        elif m.group(2) in by_id:
            faults.append(Fault(path, 1, _("two files for lesson '{lesson}': {first} and "
                                           "{second}").format(
                lesson=m.group(2), first=by_id[m.group(2)].name, second=path.name)))
        else:
            by_id[m.group(2)] = path
    seen: dict[str, int] = {}
    lessons: list[Lesson] = []
    for lesson_id in order:
        seen[lesson_id] = seen.get(lesson_id, 0) + 1
        if seen[lesson_id] > 1:
            faults.append(Fault(manifest.path,
                                manifest.value_line("lessons", lesson_id, seen[lesson_id]),
                                _("lesson '{lesson_id}' is listed twice").format(
                                    lesson_id=lesson_id)))
            continue
        if not ID_PATTERN.fullmatch(lesson_id):
            faults.append(Fault(manifest.path, manifest.value_line("lessons", lesson_id),
                                _("lesson {lesson_id!r} is not a valid id (lower-case "
                                  "letters, digits, '-' and '_', starting with a letter; no "
                                  "path characters)").format(lesson_id=lesson_id)))
            continue
        lesson_path = by_id.get(lesson_id)
        if lesson_path is None:
            faults.append(Fault(manifest.path, manifest.value_line("lessons", lesson_id),
                                _("lesson '{lesson_id}' is in the manifest but "
                                  "lessons/{lang}/ has no NN-{lesson_id}.md file").format(
                                    lesson_id=lesson_id, lang=lang)))
            continue
        lesson = parse_lesson(lesson_path, faults, context, prose_checks=prose_checks)
        if lesson is not None:
            lessons.append(lesson)
    for lesson_id, path in by_id.items():
        if lesson_id not in seen:
            faults.append(Fault(path, 1, _("lesson '{lesson_id}' is not in course.toml's "
                                           "'lessons' list").format(lesson_id=lesson_id)))
    return lessons


def _against_source(root: Path, first: str, order: list[str], manifest: Source,
                    context: Context, lessons: list[Lesson], faults: list[Fault],
                    strict: bool, warnings: list[Fault] | None) -> list[Lesson]:
    """Compare each translated lesson with its source; in the app, a lesson whose structure
    differs, or that is missing or unreadable, is replaced by its source, so answers
    always land where they belong."""
    # The source's own faults are reported when it is checked; in the app they stop it,
    # as they would in the source's language.
    source_faults: list[Fault] = []
    sources = {x.id: x for x in _lessons(root, first, order, manifest, source_faults, context,
                                        prose_checks=False)}
    if not strict:
        faults.extend(source_faults)
        translated = {x.id: x for x in lessons}
        lessons = [translated.get(x.id, x) for x in sources.values()]
    kept: list[Lesson] = []
    for lesson in lessons:
        source = sources.get(lesson.id)
        if source is None or source is lesson:
            kept.append(lesson)
            continue
        different = compare_lessons(source, lesson)
        if strict:
            faults.extend(different)
        if warnings is not None and (old := outdated(source, lesson)) is not None:
            warnings.append(old)
        kept.append(source if different and not strict else lesson)
    return kept


def _canvas(path: Path, faults: list[Fault],
            overlay: tuple[Source, dict[str, Any]] | None = None) -> CanvasLayout | None:
    loaded = _source(path, faults)
    if loaded is None:
        return None
    src, data = loaded
    apply_canvas(overlay, data)
    _format_version(src, data)
    src.keys(data, "", {"format_version", "id", "title", "columns", "rows", "blocks"},
             {"credit", "vocabularies"}, "canvas.toml")
    columns = src.integer(data, "columns", "columns", 1, 24)
    rows = src.integer(data, "rows", "rows", 1, 12)
    blocks: list[Block] = []
    taken: dict[tuple[int, int], str] = {}
    for i, raw in enumerate(src.tables(data, "blocks", "blocks")):
        d = f"blocks.{i}"
        src.keys(raw, d, _BLOCK_KEYS, _BLOCK_OPTIONAL, _("block"))
        block = Block(
            id=src.ident(raw, "id", f"{d}.id"), title=src.string(raw, "title", f"{d}.title"),
            question=src.string(raw, "question", f"{d}.question"),
            side=src.string(raw, "side", f"{d}.side"),
            area=src.string(raw, "area", f"{d}.area", required=False),
            column=src.integer(raw, "column", f"{d}.column", 1, columns),
            column_span=src.integer(raw, "column_span", f"{d}.column_span", 1, columns),
            row=src.integer(raw, "row", f"{d}.row", 1, rows),
            row_span=src.integer(raw, "row_span", f"{d}.row_span", 1, rows),
            role=src.ident(raw, "role", f"{d}.role") if "role" in raw else "",
            icon=src.string(raw, "icon", f"{d}.icon", required=False),
        )
        if block.role and any(b.role == block.role for b in blocks):
            src.fault(f"{d}.role", _("two blocks play the role '{role}'").format(
                                       role=block.role))
        if block.role and block.role not in ROLES and not block.role.startswith("x-"):
            src.fault(f"{d}.role", _("role {role!r} is not one of {list} (a pack's own role "
                                     "starts with 'x-')").format(
                                       role=block.role, list=', '.join(ROLES)))
        if block.side and block.side not in SIDES:
            src.fault(f"{d}.side", _("side {side!r} is not one of {list}").format(
                                       side=block.side, list=', '.join(SIDES)))
        if any(b.id == block.id for b in blocks):
            src.fault(f"{d}.id", _("duplicate block id '{id}'").format(id=block.id))
        if block.column + block.column_span - 1 > columns or block.row + block.row_span - 1 > rows:
            src.fault(d, _("block '{id}' reaches outside the {columns}x{rows} grid").format(
                             id=block.id, columns=columns, rows=rows))
        for c in range(block.column, block.column + block.column_span):
            for r in range(block.row, block.row + block.row_span):
                other = taken.setdefault((c, r), block.id)
                if other != block.id:
                    src.fault(d, _("block '{id}' overlaps '{other}' at column {c}, row {r}").format(
                                     id=block.id, other=other, c=c, r=r))
        blocks.append(block)
    if not blocks:
        src.fault("blocks", _("the canvas declares no blocks"))
    return CanvasLayout(id=src.ident(data, "id", "id"), title=src.string(data, "title", "title"),
                        columns=columns, rows=rows, blocks=tuple(blocks),
                        credit=src.string(data, "credit", "credit", required=False),
                        vocabularies=_vocabularies(src, data))


def _vocabularies(src: Source, data: dict[str, Any]) -> dict[str, Vocabulary]:
    """The lists pick exercises choose from, each item with a title and a description."""
    out: dict[str, Vocabulary] = {}
    for vocab_id, raw in src.table(data, "vocabularies", "vocabularies").items():
        d = f"vocabularies.{vocab_id}"
        if not ID_PATTERN.fullmatch(vocab_id):
            src.fault(d, _("vocabulary {vocab_id!r} is not a valid id").format(
                             vocab_id=vocab_id))
            continue
        if not isinstance(raw, dict):
            src.fault(d, _("'{key}' must be a table").format(key=d))
            continue
        src.keys(raw, d, {"title", "items"}, set(), _("vocabulary"))
        items: list[Option] = []
        cost_words: dict[str, tuple[str, ...]] = {}
        for i, item in enumerate(src.tables(raw, "items", f"{d}.items")):
            di = f"{d}.items.{i}"
            src.keys(item, di, {"id", "title", "description"}, {"cost_words"},
                     _("vocabulary item"))
            item_id = src.ident(item, "id", f"{di}.id")
            if any(o.id == item_id for o in items):
                src.fault(f"{di}.id", _("duplicate item id '{item_id}' in vocabulary "
                                        "'{vocab_id}'").format(
                                          item_id=item_id, vocab_id=vocab_id))
            items.append(Option(id=item_id, text=src.string(item, "title", f"{di}.title"),
                                feedback=src.string(item, "description", f"{di}.description")))
            words = src.strings(item, "cost_words", f"{di}.cost_words")
            if words:
                cost_words[item_id] = tuple(words)
        if not items:
            src.fault(d, _("vocabulary '{vocab_id}' has no items").format(vocab_id=vocab_id))
        out[vocab_id] = Vocabulary(id=vocab_id, title=src.string(raw, "title", f"{d}.title"),
                                   items=tuple(items), cost_words=cost_words)
    return out


def _case(loaded: tuple[Source, dict[str, Any]], canvas: CanvasLayout | None,
          faults: list[Fault]) -> CaseCanvas:
    src, data = loaded
    _format_version(src, data)
    src.keys(data, "", {"format_version", "name", "venture", "blocks"}, {"summary"}, "case.toml")
    blocks: dict[str, CaseBlock] = {}
    for block_id, raw in src.table(data, "blocks", "blocks").items():
        d = f"blocks.{block_id}"
        if canvas is not None and canvas.block(block_id) is None:
            src.fault(d, _("case block '{block_id}' is not a block of canvas.toml").format(
                             block_id=block_id))
        if not isinstance(raw, dict):
            src.fault(d, _("'{key}' must be a table").format(key=d))
            continue
        src.keys(raw, d, set(), {"notes", "types", "answers"}, _("case block"))
        answers = src.table(raw, "answers", f"{d}.answers")
        for key, value in answers.items():
            if not isinstance(value, str) or not value.strip():
                src.fault(f"{d}.answers.{key}", _("answer '{key}' must be a non-empty "
                                                  "string").format(key=key))
        blocks[block_id] = CaseBlock(
            notes=tuple(src.strings(raw, "notes", f"{d}.notes")),
            types=tuple(src.strings(raw, "types", f"{d}.types")),
            answers={k: v for k, v in answers.items() if isinstance(v, str)},
        )
    return CaseCanvas(name=src.string(data, "name", "name"),
                      venture=src.string(data, "venture", "venture"),
                      summary=src.string(data, "summary", "summary", required=False),
                      blocks=blocks)


def _cross_check(lessons: list[Lesson], canvas: CanvasLayout, case: CaseCanvas | None,
                 faults: list[Fault]) -> None:
    """Checks that need the whole course: unique ids, blocks that exist, case answers."""
    seen: dict[str, tuple[Path, int]] = {}
    for lesson in lessons:  # `block` and `saves_to` are checked by parse_lesson
        for ex in lesson.exercises:
            where = (lesson.path, ex.line)
            if ex.id in seen:
                first = seen[ex.id]
                faults.append(Fault(lesson.path, ex.line, _(
                    "duplicate exercise id '{id}' (first used at {file}:{line})").format(
                    id=ex.id, file=first[0].name, line=first[1])))
            seen.setdefault(ex.id, where)
            if ex.saves_to and canvas.block(ex.saves_to) is None:
                continue
            if ex.compare == "case" and case is not None \
                    and not case.block(ex.saves_to).answers.get(ex.id):
                faults.append(Fault(lesson.path, ex.line, _("exercise '{id}' compares with "
                                                            "the case, but case.toml has no "
                                                            "blocks.{saves_to}.answers.{id}").format(
                                                              id=ex.id, saves_to=ex.saves_to)))
