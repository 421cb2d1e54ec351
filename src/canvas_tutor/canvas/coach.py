"""An offline, rule-based canvas coach: where do the blocks of a canvas not fit together?

Every rule is a small function that reads the canvas and says, in plain words, which
blocks are involved, why it matters and what to try. No model, no network: the same
canvas always gets the same findings, each with a stable id a trainer can refer to.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from canvas_tutor.canvas.model import BlockWork, Canvas
from canvas_tutor.canvas.words import mentions, normalise, overlap
from canvas_tutor.course.model import Course, Vocabulary
from canvas_tutor.i18n import _, labelled, ngettext
from canvas_tutor.text import one_line

Severity = Literal["problem", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("problem", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One piece of advice: stable id, how serious, the blocks involved, why, what to try."""

    id: str
    severity: Severity
    blocks: tuple[str, ...]
    title: str
    why: str
    try_: str


class Blocks:
    """The canvas seen through the roles its pack gives to blocks, so rules name no block."""

    def __init__(self, canvas: Canvas, course: Course) -> None:
        self.canvas, self.course = canvas, course

    def id(self, role: str) -> str:
        return self.course.canvas.role_id(role)

    def work(self, block_id: str) -> BlockWork:
        return self.canvas.blocks.get(block_id) or BlockWork()

    def notes(self, block_id: str) -> list[str]:
        return [n for n in self.work(block_id).notes if n.strip()]

    def filled(self, block_id: str) -> bool:
        return bool(block_id) and not self.work(block_id).is_empty()

    def title(self, block_id: str) -> str:
        block = self.course.canvas.block(block_id)
        return one_line(block.title) if block else one_line(block_id.replace("_", " "))

    def vocabulary(self, block_id: str) -> Vocabulary | None:
        """What a pick keeps in this block: its declared vocabulary, or its own options."""
        for lesson in self.course.lessons:
            for ex in lesson.exercises:
                if ex.kind == "pick" and ex.saves_to == block_id:
                    declared = self.course.canvas.vocabularies.get(ex.vocabulary)
                    return declared or Vocabulary(ex.id, self.title(block_id), ex.options)
        return None


def evaluation_ids(course: Course) -> tuple[str, ...]:
    """Ids of the evaluation questions (cr-expect ... cr-integration in the built-in course)."""
    return tuple(ex.id for ex in course.evaluation_questions())


Rule = Callable[[Blocks], Iterator[Finding]]


def _segments_reach(b: Blocks) -> Iterator[Finding]:
    segments, relationships, channels = b.id("segments"), b.id("relationships"), b.id("channels")
    if not b.filled(segments):
        return
    vocab = b.vocabulary(relationships) if relationships else None
    if relationships and vocab is not None and not b.work(relationships).types:
        yield Finding(
            "segments-without-relationship-type", "warning", (segments, relationships),
            _("{segments} but nothing chosen for {block}").format(
                segments=b.title(segments), block=b.title(relationships).lower()),
            _("You wrote {segments} but chose nothing for {block}, so the canvas does not "
              "say how you win, keep or grow these customers.").format(
                segments=b.title(segments).lower(), block=b.title(relationships).lower()),
            _("In the {block} lesson, choose what each segment would expect ({list}).").format(
                block=b.title(relationships).lower(), list=one_line(vocab.title).lower()))
    if channels and not b.notes(channels):
        yield Finding(
            "segments-without-channel", "problem", (segments, channels),
            _("{segments} but no {channels}").format(
                segments=b.title(segments), channels=b.title(channels).lower()),
            _("You wrote {segments} but no {channels}: nothing says how they hear of you, "
              "buy from you or receive what you offer.").format(
                segments=b.title(segments).lower(), channels=b.title(channels).lower()),
            _("For each segment, write at least one way they find you and one way they get "
              "the product (a shop, a website, a courier, a sales call)."))


def _no_revenue(b: Blocks) -> Iterator[Finding]:
    segments, revenue = b.id("segments"), b.id("revenue")
    if b.filled(segments) and revenue and not b.notes(revenue):
        yield Finding(
            "segments-without-revenue", "problem", (segments, revenue),
            _("{segments} but no {revenue}").format(
                segments=b.title(segments), revenue=b.title(revenue).lower()),
            _("You know who your customers are but not what they pay for: without "
              "{revenue} the model cannot carry its costs.").format(
                revenue=b.title(revenue).lower()),
            _("For each segment write what it pays for, how (once, per month, per use) and "
              "roughly how much."))


def _type_costs(b: Blocks) -> Iterator[Finding]:
    costs = b.id("costs")
    if not costs:
        return
    cost_notes = b.notes(costs)
    for block in b.course.canvas.blocks:
        vocab = b.vocabulary(block.id)
        if vocab is None:
            continue
        for item_id in b.work(block.id).types:
            words = vocab.cost_words.get(item_id)
            if not words or mentions(cost_notes, words):
                continue
            label = one_line(vocab.label(item_id)) or one_line(item_id)
            yield Finding(
                "vocabulary-item-not-costed", "warning", (block.id, costs),
                _("'{item}' has no cost in your {costs}").format(
                    item=label, costs=b.title(costs).lower()),
                _("You chose '{item}', but your {costs} mention nothing it usually costs "
                  "(for example: {examples}). What you promise customers costs time and "
                  "money; a model that forgets it looks cheaper than it is.").format(
                    item=label, costs=b.title(costs).lower(), examples=", ".join(words[:4])),
                _("Add a cost note for what '{item}' needs, or drop it if you cannot pay "
                  "for it.").format(item=label))


def _evaluation(b: Blocks) -> Iterator[Finding]:
    block = b.id("relationships")
    ids = evaluation_ids(b.course)
    missing = [i for i in ids if not b.canvas.answer(block, i).strip()]
    if not block or not missing:
        return
    prompts = [one_line(ex.prompt) for i in missing if (ex := b.course.exercise(i))]
    title = (_("None of the {count} questions on {block} is answered yet").format(
                count=len(ids), block=b.title(block).lower())
             if len(missing) == len(ids) else
             ngettext("{missing} of the {count} questions on {block} is unanswered",
                      "{missing} of the {count} questions on {block} are unanswered",
                      len(missing)).format(missing=len(missing), count=len(ids),
                                           block=b.title(block).lower()))
    yield Finding(
        "evaluation-unanswered", "warning", (block,), title,
        _("The evaluation questions test whether {block} fit your segments, what you "
          "have today, what it costs and how it fits the rest of the model. Still open: "
          "{open}").format(block=b.title(block).lower(),
                           open="; ".join(prompts) or ", ".join(missing)),
        _("Go back to the {block} lesson and answer the open questions, even in a sentence "
          "each.").format(block=b.title(block).lower()))


def _not_costed(role: str) -> Rule:
    def rule(b: Blocks) -> Iterator[Finding]:
        block, costs = b.id(role), b.id("costs")
        notes = b.notes(block) if block else []
        if not notes or not costs or overlap(notes, b.notes(costs)):
            return
        yield Finding(
            f"{role}-not-in-costs", "warning", (block, costs),
            _("No cost matches your {block}").format(block=b.title(block).lower()),
            _("None of the words in your {block} appear in your {costs}. What you must do "
              "and have usually costs money: staff, equipment, premises, software.").format(
                block=b.title(block).lower(), costs=b.title(costs).lower()),
            _("Name the biggest cost behind each note in {block}, or check that {costs} "
              "use the same words.").format(block=b.title(block).lower(),
                                             costs=b.title(costs).lower()))
    return rule


def _value_names_segment(b: Blocks) -> Iterator[Finding]:
    value, segments = b.id("value"), b.id("segments")
    value_notes = b.notes(value) if value else []
    segment_notes = b.notes(segments) if segments else []
    if not value_notes or not segment_notes or overlap(value_notes, segment_notes):
        return
    yield Finding(
        "value-names-no-segment", "info", (value, segments),
        _("Your {value} name no segment").format(value=b.title(value).lower()),
        _("No word of your {value} appears in your {segments}, so a reader cannot tell "
          "whom each one is for.").format(value=b.title(value).lower(),
                                           segments=b.title(segments).lower()),
        _("Rewrite each note using the segment's own words, e.g. 'For busy commuters: "
          "...'."))


def _repeats(b: Blocks) -> Iterator[Finding]:
    layout = b.course.canvas.block_ids
    order = list(layout) + [x for x in b.canvas.blocks if x not in layout]
    sets = {x: {normalise(n) for n in b.notes(x)} - {""} for x in order}
    for i, one in enumerate(order):
        for j, other in enumerate(order):
            if one == other or not sets[one] or not sets[other] or not sets[one] <= sets[other]:
                continue
            if sets[one] == sets[other] and j < i:
                continue  # identical blocks are reported once, under the first
            yield Finding(
                "repeated-notes", "warning", (one, other),
                _("{one} only repeats {other}").format(one=b.title(one), other=b.title(other)),
                _("Every note in {one} is also in {other}. Each block answers a different "
                  "question; copying notes hides the answer.").format(
                    one=b.title(one), other=b.title(other)),
                _("Ask the guiding question of {one} again and write notes that answer "
                  "it.").format(one=b.title(one)))
            break


RULES: tuple[Rule, ...] = (
    _segments_reach, _no_revenue, _type_costs, _evaluation,
    _not_costed("activities"), _not_costed("resources"), _value_names_segment, _repeats,
)


def coach(canvas: Canvas, course: Course) -> list[Finding]:
    """All findings for a canvas: problems first, then warnings, then information."""
    view = Blocks(canvas, course)
    found = [f for rule in RULES for f in rule(view)]
    covered = {f.blocks[-1] for f in found if f.id in _EMPTY_COVERED}
    for block in course.canvas.blocks:
        if block.id not in covered and not view.filled(block.id):
            found.append(Finding(
                "empty-block", "warning", (block.id,),
                _("{block} is empty").format(block=one_line(block.title)),
                _("Every block of the canvas answers a question the model depends on; an "
                  "empty one is a question nobody has asked yet."),
                _("Answer the guiding question: {question}").format(
                    question=one_line(block.question))
                if block.question else _("Write at least one note for this block.")))
    return sorted(found, key=lambda f: SEVERITIES.index(f.severity))


# Findings that already say a block is empty, so the generic one would repeat them.
_EMPTY_COVERED = {"segments-without-channel", "segments-without-revenue"}


def findings_to_data(findings: list[Finding]) -> dict[str, object]:
    """Findings as plain data (the `coach --format json` schema, version 1)."""
    return {
        "schema": "canvas-tutor/coach",
        "schema_version": 1,
        "counts": {s: sum(f.severity == s for f in findings) for s in SEVERITIES},
        "findings": [
            {"id": f.id, "severity": f.severity, "blocks": list(f.blocks), "title": f.title,
             "why": f.why, "try": f.try_}
            for f in findings
        ],
    }


def findings_to_json(findings: list[Finding]) -> str:
    """Findings as UTF-8 JSON text, ending in a newline."""
    return json.dumps(findings_to_data(findings), ensure_ascii=False, indent=2) + "\n"


def _count(severity: Severity, n: int) -> str:
    if severity == "problem":
        return ngettext("{n} problem", "{n} problems", n).format(n=n)
    if severity == "warning":
        return ngettext("{n} warning", "{n} warnings", n).format(n=n)
    return ngettext("{n} note", "{n} notes", n).format(n=n)


def severity_heading(severity: Severity) -> str:
    """The heading of a group of findings, translated when shown."""
    return {"problem": _("Problems"), "warning": _("Warnings"), "info": _("Notes")}[severity]


def severity_word(severity: Severity) -> str:
    """The severity of one finding, in the words a list item starts with."""
    return {"problem": _("Problem"), "warning": _("Warning"), "info": _("Note")}[severity]


def block_titles(finding: Finding, course: Course) -> str:
    """The titles of the blocks a finding is about, as a reader knows them."""
    titles = []
    for block_id in finding.blocks:
        block = course.canvas.block(block_id)
        titles.append(one_line(block.title) if block else one_line(block_id))
    return ", ".join(titles)


def findings_to_text(findings: list[Finding], course: Course) -> str:
    """Findings as plain text for a terminal, grouped by severity (control codes removed)."""
    if not findings:
        return _("No findings: the blocks of this canvas fit together as far as the coach "
                 "can tell.") + "\n"
    counts = [_count(s, n) for s in SEVERITIES if (n := sum(f.severity == s for f in findings))]
    lines = [_("Coach: {counts}").format(counts=", ".join(counts)), ""]
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append(severity_heading(severity).upper())
        for f in group:
            lines.append(f"  [{f.id}] {one_line(f.title)}")
            rows = ((_("Blocks"), block_titles(f, course)), (_("Why"), f.why), (_("Try"), f.try_))
            width = max(len(labelled(label)) for label, _text in rows) + 1  # by language
            for label, text in rows:
                lines += textwrap.wrap(one_line(text), 88,
                                       initial_indent=f"    {labelled(label):{width}}",
                                       subsequent_indent=" " * (4 + width))
        lines.append("")
    return "\n".join(lines)
