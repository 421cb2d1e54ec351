"""Parse one ```exercise fence into an Exercise, recording every fault in it.

Cross-references (does `saves_to` name a block? is the id unique in the course?) need the
whole course and are checked by the loader.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from canvas_tutor.course.faults import Source
from canvas_tutor.course.model import KINDS, Category, Exercise, Item, Option

_COMMON = {"id", "kind", "prompt"}
_OPTIONAL = {
    "reflect": {"hint", "saves_to", "compare"},
    "notes": {"hint", "saves_to"},
    "choice": {"hint", "multiple", "options"},
    "classify": {"hint", "categories", "items"},
    "pick": {"hint", "saves_to", "options"},
}
_REQUIRED_EXTRA = {
    "reflect": {"saves_to"},
    "notes": {"saves_to"},
    "choice": {"options"},
    "classify": {"categories", "items"},
    "pick": {"saves_to", "options"},
}


def parse_exercise(src: Source, block_ids: Collection[str] | None = None) -> Exercise | None:
    """Build an Exercise from a fence's TOML; None when it is too broken to use.

    With `block_ids` (the canvas's blocks) a `saves_to` naming no block is reported on
    its own line, where the author has to fix it.
    """
    data = src.parse()
    if data is None:
        return None
    kind = data.get("kind")
    if kind not in KINDS:
        src.fault("kind", f"unknown exercise kind {kind!r} (one of: {', '.join(KINDS)})"
                  if kind is not None else "exercise: missing key 'kind'")
        return None
    what = f"{kind} exercise"
    src.keys(data, "", _COMMON | _REQUIRED_EXTRA[kind], _OPTIONAL[kind], what)
    ex_id = src.ident(data, "id", "id")
    prompt = src.string(data, "prompt", "prompt")
    hint = src.string(data, "hint", "hint", required="hint" in data)
    saves_to = src.string(data, "saves_to", "saves_to") if "saves_to" in data else ""
    if saves_to and block_ids is not None and saves_to not in block_ids:
        src.fault("saves_to", f"exercise '{data.get('id')}': saves_to '{saves_to}' is not a "
                  "block of canvas.toml")
    compare = src.string(data, "compare", "compare") if "compare" in data else ""
    if compare and compare != "case":
        src.fault("compare", f"'compare' can only be \"case\", not {compare!r}")
        compare = ""
    multiple = src.boolean(data, "multiple", "multiple")
    options: tuple[Option, ...] = ()
    categories: tuple[Category, ...] = ()
    items: tuple[Item, ...] = ()
    if kind == "choice":
        options = _choice_options(src, data, multiple)
    elif kind == "pick":
        options = _pick_options(src, data)
    elif kind == "classify":
        categories, items = _classify(src, data)
    if not ex_id:
        return None
    return Exercise(id=ex_id, kind=kind, prompt=prompt, hint=hint, saves_to=saves_to,
                    compare=compare, multiple=multiple, options=options,
                    categories=categories, items=items, line=src.offset)


def _letter(index: int) -> str:
    """Default option ids: a, b, ... z, then a2, b2 ..."""
    letter = "abcdefghijklmnopqrstuvwxyz"[index % 26]
    return letter if index < 26 else f"{letter}{index // 26 + 1}"


def _unique(src: Source, ids: list[tuple[str, str]], what: str) -> None:
    seen: set[str] = set()
    for value, dotted in ids:
        if value and value in seen:
            src.fault(dotted, f"duplicate {what} id '{value}'")
        seen.add(value)


def _choice_options(src: Source, data: dict[str, Any], multiple: bool) -> tuple[Option, ...]:
    raw = src.tables(data, "options", "options")
    if len(raw) < 2:
        src.fault("options", "a choice needs at least two options")
    options = []
    for i, opt in enumerate(raw):
        dotted = f"options.{i}"
        src.keys(opt, dotted, {"text", "feedback"}, {"id", "correct"}, "option")
        opt_id = src.ident(opt, "id", f"{dotted}.id") if "id" in opt else _letter(i)
        options.append(Option(
            id=opt_id,
            text=src.string(opt, "text", f"{dotted}.text"),
            correct=src.boolean(opt, "correct", f"{dotted}.correct"),
            feedback=src.string(opt, "feedback", f"{dotted}.feedback"),
        ))
    _unique(src, [(o.id, f"options.{i}.id") for i, o in enumerate(options)], "option")
    right = sum(o.correct for o in options)
    if options and right == 0:
        src.fault("options", "a choice with no correct option: mark one with correct = true")
    elif right > 1 and not multiple:
        src.fault("options", f"{right} options are correct but 'multiple' is not true")
    return tuple(options)


def _pick_options(src: Source, data: dict[str, Any]) -> tuple[Option, ...]:
    raw = src.tables(data, "options", "options")
    if not raw:
        src.fault("options", "a pick needs at least one option")
    options = []
    for i, opt in enumerate(raw):
        dotted = f"options.{i}"
        src.keys(opt, dotted, {"id", "text"}, {"feedback"}, "option")
        options.append(Option(
            id=src.ident(opt, "id", f"{dotted}.id"),
            text=src.string(opt, "text", f"{dotted}.text"),
            feedback=src.string(opt, "feedback", f"{dotted}.feedback", required=False),
        ))
    _unique(src, [(o.id, f"options.{i}.id") for i, o in enumerate(options)], "option")
    return tuple(options)


def _classify(src: Source, data: dict[str, Any]) -> tuple[tuple[Category, ...], tuple[Item, ...]]:
    raw_cats = src.tables(data, "categories", "categories")
    if len(raw_cats) < 2:
        src.fault("categories", "a classify exercise needs at least two categories")
    cats = []
    for i, cat in enumerate(raw_cats):
        dotted = f"categories.{i}"
        src.keys(cat, dotted, {"id", "text"}, set(), "category")
        cats.append(Category(id=src.ident(cat, "id", f"{dotted}.id"),
                             text=src.string(cat, "text", f"{dotted}.text")))
    _unique(src, [(c.id, f"categories.{i}.id") for i, c in enumerate(cats)], "category")
    known = {c.id for c in cats}
    raw_items = src.tables(data, "items", "items")
    if not raw_items:
        src.fault("items", "a classify exercise needs at least one item")
    items = []
    for i, item in enumerate(raw_items):
        dotted = f"items.{i}"
        src.keys(item, dotted, {"text", "answer", "feedback"}, set(), "item")
        answer = src.string(item, "answer", f"{dotted}.answer")
        if answer and answer not in known:
            src.fault(f"{dotted}.answer", f"answer '{answer}' is not one of the categories")
        items.append(Item(text=src.string(item, "text", f"{dotted}.text"), answer=answer,
                          feedback=src.string(item, "feedback", f"{dotted}.feedback")))
    return tuple(cats), tuple(items)
