"""A course in another language: the translated texts of the pack's TOML files, and the
checks that keep each translated lesson in step with its source.

A language other than the pack's first one brings `lessons/<lang>/` (one file per
lesson, same names) and `course/translations/<lang>.toml`, which holds the translated
strings of course.toml, canvas.toml and case.toml keyed by the source's ids. The
translated strings are laid over the parsed source tables before anything is built, so
a translation is validated exactly like the source; an id the source lacks is a fault
in the translation file.

A translated lesson names the version of its source in its front matter (`translates`,
the first 12 hex digits of the source file's SHA-256): `check` then says which lessons
are outdated. Differences of structure (exercise ids, kinds, options, categories,
answers, `saves_to`, fences) are faults; in the app such a lesson is replaced by its
source, so a learner never meets a broken one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from canvas_tutor.course.faults import Fault, Source, read_text
from canvas_tutor.course.model import Exercise, Lesson
from canvas_tutor.i18n import N_, _

HASH_LENGTH = 12


def source_hash(path: Path) -> str:
    """What a translation records of its source: the start of the file's SHA-256."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
    except OSError:
        return ""


def overlay_path(root: Path, language: str) -> Path:
    return root / "course" / "translations" / f"{language}.toml"


def read_overlay(root: Path, language: str, faults: list[Fault],
                 strict: bool = True) -> tuple[Source, dict[str, Any]] | None:
    """The translation file of a language, parsed; None when it is missing (a fault for
    `check`; the app then shows the source's texts)."""
    path = overlay_path(root, language)
    if not path.is_file():
        if strict:
            faults.append(Fault(path, 1, _("the course lists language '{language}' but has "
                                           "no course/translations/{language}.toml").format(
                                             language=language)))
        return None
    text = read_text(path, faults)
    if text is None:
        return None
    src = Source(path, text, faults)
    data = src.parse()
    if data is None:
        return None
    src.keys(data, "", set(), {"course", "outcomes", "blocks", "vocabularies", "case"},
             _("translation file"))
    return src, data


def _strings(src: Source, over: Any, dotted: str, target: dict[str, Any],
             allowed: set[str], what: str) -> None:
    """Copy the translated string (or list of strings) values of `over` into `target`."""
    if not isinstance(over, dict):
        src.fault(dotted, _("'{dotted}' must be a table").format(dotted=dotted))
        return
    for key, value in over.items():
        if key not in allowed:
            src.fault(f"{dotted}.{key}", _("'{key}' is not a translatable text of {what}").format(
                                             key=key, what=what))
            continue
        if isinstance(value, str) or (isinstance(value, list)
                                      and all(isinstance(v, str) for v in value)):
            target[key] = value
        else:
            src.fault(f"{dotted}.{key}", _("'{dotted}.{key}' must be text").format(
                                             dotted=dotted, key=key))


def apply_manifest(overlay: tuple[Source, dict[str, Any]] | None, data: dict[str, Any]) -> None:
    """Lay the translated title, description and outcomes over course.toml's tables."""
    if overlay is None:
        return
    src, over = overlay
    if "course" in over:
        _strings(src, over["course"], "course", data, {"title", "description", "audience"},
                 "course.toml")
    outcomes = {o.get("id"): o for o in data.get("outcomes", []) if isinstance(o, dict)}
    for outcome_id, texts in (over.get("outcomes") or {}).items():
        target = outcomes.get(outcome_id)
        if target is None:
            src.fault(f"outcomes.{outcome_id}", _("course.toml has no outcome "
                                                  "'{outcome_id}'").format(outcome_id=outcome_id))
            continue
        _strings(src, texts, f"outcomes.{outcome_id}", target, {"text"}, _("an outcome"))


def apply_canvas(overlay: tuple[Source, dict[str, Any]] | None, data: dict[str, Any]) -> None:
    """Lay translated block titles and questions, and vocabularies, over canvas.toml's."""
    if overlay is None:
        return
    src, over = overlay
    blocks = {b.get("id"): b for b in data.get("blocks", []) if isinstance(b, dict)}
    for block_id, texts in (over.get("blocks") or {}).items():
        target = blocks.get(block_id)
        if target is None:
            src.fault(f"blocks.{block_id}", _("canvas.toml has no block '{block_id}'").format(
                                                block_id=block_id))
            continue
        _strings(src, texts, f"blocks.{block_id}", target, {"title", "question"},
                 _("a block"))
    vocabularies = data.get("vocabularies") or {}
    for vocab_id, texts in (over.get("vocabularies") or {}).items():
        target = vocabularies.get(vocab_id)
        if not isinstance(target, dict) or not isinstance(texts, dict):
            src.fault(f"vocabularies.{vocab_id}",
                      _("canvas.toml has no vocabulary '{vocab_id}'").format(
                          vocab_id=vocab_id))
            continue
        items = {i.get("id"): i for i in target.get("items", []) if isinstance(i, dict)}
        _strings(src, {k: v for k, v in texts.items() if k != "items"},
                 f"vocabularies.{vocab_id}", target, {"title"}, _("a vocabulary"))
        for item_id, item_texts in (texts.get("items") or {}).items():
            item = items.get(item_id)
            if item is None:
                src.fault(f"vocabularies.{vocab_id}.items.{item_id}",
                          _("vocabulary '{vocab_id}' has no item '{item_id}'").format(
                              vocab_id=vocab_id, item_id=item_id))
                continue
            _strings(src, item_texts, f"vocabularies.{vocab_id}.items.{item_id}", item,
                     {"title", "description", "cost_words"}, _("a vocabulary item"))


def apply_case(overlay: tuple[Source, dict[str, Any]] | None, data: dict[str, Any]) -> None:
    """Lay the translated case (venture, summary, notes, model answers) over case.toml's."""
    if overlay is None or "case" not in overlay[1]:
        return
    src, over = overlay
    case = over["case"]
    if not isinstance(case, dict):
        src.fault("case", _("'case' must be a table"))
        return
    _strings(src, {k: v for k, v in case.items() if k != "blocks"}, "case", data,
             {"name", "venture", "summary"}, "case.toml")
    blocks = data.get("blocks") or {}
    for block_id, texts in (case.get("blocks") or {}).items():
        target = blocks.get(block_id)
        if not isinstance(target, dict) or not isinstance(texts, dict):
            src.fault(f"case.blocks.{block_id}", _("case.toml has no block '{block_id}'").format(
                                                     block_id=block_id))
            continue
        _strings(src, {k: v for k, v in texts.items() if k != "answers"},
                 f"case.blocks.{block_id}", target, {"notes"}, _("a case block"))
        answers = target.get("answers") or {}
        for answer_id, text in (texts.get("answers") or {}).items():
            if answer_id not in answers:
                src.fault(f"case.blocks.{block_id}.answers.{answer_id}",
                          _("case.toml has no answer '{answer_id}' in block '{block_id}'").format(
                              answer_id=answer_id, block_id=block_id))
            elif isinstance(text, str):
                answers[answer_id] = text
            else:
                src.fault(f"case.blocks.{block_id}.answers.{answer_id}", _("must be text"))


def _shape(ex: Exercise) -> dict[str, object]:
    """What must be the same in every language: ids, kinds, answers, where it saves."""
    return {"id": ex.id, "kind": ex.kind, "saves_to": ex.saves_to, "compare": ex.compare,
            "vocabulary": ex.vocabulary, "multiple": ex.multiple,
            "options": [(o.id, o.correct) for o in ex.options] if not ex.vocabulary else [],
            "categories": [c.id for c in ex.categories],
            "items": [i.answer for i in ex.items],
            "criteria": [(c.id, len(c.levels)) for c in ex.criteria]}


_WHAT = {"id": N_("exercise id"), "kind": "kind", "saves_to": "saves_to",  # translated where
         "compare": "compare", "vocabulary": "vocabulary", "multiple": "'multiple'",  # shown
         "options": N_("options (ids and which are correct)"), "categories": N_("category ids"),
         "items": N_("items (their number and answers)"),
         "criteria": N_("criteria (ids and number of levels)")}


def compare_lessons(source: Lesson, other: Lesson) -> list[Fault]:
    """Every way a translated lesson's structure differs from its source, at its lines."""
    faults: list[Fault] = []
    src_name = f"{source.path.parent.name}/{source.path.name}"
    if other.block != source.block:
        faults.append(Fault(other.path, 1, _("block is '{block}', but {source} has "
                                             "'{expected}'").format(
            block=other.block, source=src_name, expected=source.block)))
    kinds = [s.kind for s in source.segments if s.kind != "prose"]
    mine = [s.kind for s in other.segments if s.kind != "prose"]
    if kinds != mine:
        first = next((s.line for s, k in zip(
            [s for s in other.segments if s.kind != "prose"], kinds, strict=False)
            if s.kind != k), other.segments[-1].line if other.segments else 1)
        faults.append(Fault(other.path, first, _("the fences (case, exercise, facilitator) "
                                                 "differ from {source}: {found} instead "
                                                 "of {expected}").format(
            source=src_name, found=", ".join(mine) or _("none"),
            expected=", ".join(kinds) or _("none"))))
    for ex_src, ex in zip(source.exercises, other.exercises, strict=False):
        a, b = _shape(ex_src), _shape(ex)
        for key in a:
            if a[key] != b[key]:
                faults.append(Fault(other.path, ex.line, _("exercise '{id}': its {what} "
                                                           "differ from {source} "
                                                           "(exercise '{source_id}' at line "
                                                           "{line})").format(
                    id=ex.id, what=_(_WHAT[key]), source=src_name, source_id=ex_src.id,
                    line=ex_src.line)))
                break
    if len(source.exercises) != len(other.exercises):
        faults.append(Fault(other.path, 1, _("{found} exercises, but {source} has "
                                             "{expected}").format(
            found=len(other.exercises), source=src_name, expected=len(source.exercises))))
    return faults


def outdated(source: Lesson, other: Lesson) -> Fault | None:
    """A warning when the translation names another version of its source than the file."""
    src_name = f"{source.path.parent.name}/{source.path.name}"
    if not other.translates:
        return Fault(other.path, 1, _("warning: does not say which version of {source} it "
                                      'translates (add translates = "{value}" to the front '
                                      "matter)").format(
                                        source=src_name, value=source_hash(source.path)))
    now = source_hash(source.path)
    if other.translates != now:
        return Fault(other.path, 1, _("warning: outdated: translates version {translates} "
                                      "of {source}, which is now {now}; update the "
                                      "translation, then the hash").format(
                                        translates=other.translates, source=src_name, now=now))
    return None


def missing_texts(overlay: tuple[Source, dict[str, Any]] | None, manifest: dict[str, Any],
                  canvas: dict[str, Any], case: dict[str, Any]) -> list[Fault]:
    """Texts of the source that the translation file does not translate (for `check`)."""
    if overlay is None:
        return []
    src, over = overlay
    wanted: list[str] = []
    wanted += [f"course.{k}" for k in ("title", "description", "audience") if manifest.get(k)]
    wanted += [f"outcomes.{o['id']}.text" for o in manifest.get("outcomes", [])
               if isinstance(o, dict) and isinstance(o.get("id"), str)]
    for block in canvas.get("blocks", []):
        if isinstance(block, dict) and isinstance(block.get("id"), str):
            wanted += [f"blocks.{block['id']}.{k}" for k in ("title", "question") if block.get(k)]
    for vocab_id, vocab in (canvas.get("vocabularies") or {}).items():
        if not isinstance(vocab, dict):
            continue
        wanted.append(f"vocabularies.{vocab_id}.title")
        for item in vocab.get("items", []):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                wanted += [f"vocabularies.{vocab_id}.items.{item['id']}.{k}"
                           for k in ("title", "description")]
    wanted += [f"case.{k}" for k in ("venture", "summary") if case.get(k)]
    for block_id, block in (case.get("blocks") or {}).items():
        if not isinstance(block, dict):
            continue
        if block.get("notes"):
            wanted.append(f"case.blocks.{block_id}.notes")
        wanted += [f"case.blocks.{block_id}.answers.{a}" for a in block.get("answers") or {}]
    missing = [key for key in wanted if _lookup(over, key) is None]
    return [Fault(src.path, 1, _("not translated: {key}").format(key=key)) for key in missing]


def _lookup(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data
