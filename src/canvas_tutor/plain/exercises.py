"""Each exercise kind as a short conversation: the question, the answer as lines, feedback.

Every kind saves exactly what its TUI widget saves, through the same canvas model calls
(a reflect answer under its block's answers, notes, a quiz attempt, the kept types), and
saves after every line, so an answer cut off by Ctrl+D or a closed terminal is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from canvas_tutor.course.model import Exercise
from canvas_tutor.i18n import _, ngettext

if TYPE_CHECKING:
    from canvas_tutor.plain.tutor import PlainTutor

_NOTE_ACTION = re.compile(r"^\s*(edit|e|delete|d)\s+(\d+)\s*$", re.IGNORECASE)
_NUMBERS = re.compile(r"[\s,;]+")


def numbered(texts: list[str]) -> list[str]:
    """Lines "  1. text", "  2. text" for a list read out."""
    return [f"  {i}. {text}" for i, text in enumerate(texts, 1)]


def read_numbers(line: str, count: int) -> list[int] | None:
    """1-based numbers typed as "1 3", "1,3" or "1, 3"; None if any is not an option."""
    words = [w for w in _NUMBERS.split(line.strip()) if w]
    if not words or not all(w.isdigit() for w in words):
        return None
    numbers = [int(w) for w in words]
    if not all(1 <= n <= count for n in numbers):
        return None
    return list(dict.fromkeys(numbers))


def ask_exercise(tutor: PlainTutor, exercise: Exercise) -> None:
    """Run one exercise of any kind."""
    kinds: dict[str, Callable[[PlainTutor, Exercise], None]] = {
        "reflect": reflect, "notes": notes, "choice": choice, "classify": classify,
        "pick": pick,
    }
    ask = kinds.get(exercise.kind)
    if ask is None:
        tutor.console.say(_("This kind of exercise ({kind}) cannot be answered in plain "
                            "mode yet; open the course without --plain for it.").format(
            kind=exercise.kind))
        return
    ask(tutor, exercise)


# Reflect ------------------------------------------------------------------------------

def reflect(tutor: PlainTutor, ex: Exercise) -> None:
    """A free answer of any number of lines, ended by an empty line."""
    out, canvas = tutor.console, tutor.canvas
    out.say(_("Question: {prompt}").format(prompt=ex.prompt))
    before = canvas.answer(ex.saves_to, ex.id)
    if before.strip():
        out.say(_("Your answer so far:"))
        out.say(before)
        out.say(_("Type a new answer to replace it, or press Enter to keep it."))
    else:
        out.say(_("Write as many lines as you like. An empty line ends your answer."))
    first = tutor.prompt(_("Answer: "))
    if not first.strip():
        out.say(_("You kept your answer.") if before.strip() else
                _("No answer for now. You can come back to it later."))
        return
    lines = [first]
    tutor.set_answer(ex, first)
    while True:
        line = out.ask(_("Answer, next line (an empty line ends): "))
        if not line.strip():
            break
        lines.append(line)
        tutor.set_answer(ex, "\n".join(lines))
    out.say(ngettext("Saved your answer ({n} line).", "Saved your answer ({n} lines).",
                     len(lines)).format(n=len(lines)))
    if tutor.case_answer(ex):
        out.say(_("Type compare to read {name}'s answer beside yours.").format(
            name=tutor.case_name))


# Notes --------------------------------------------------------------------------------

def notes(tutor: PlainTutor, ex: Exercise) -> None:
    """Sticky notes, one per line; "edit N" and "delete N" change the ones there are."""
    out, canvas = tutor.console, tutor.canvas
    out.say(_("Question: {prompt}").format(prompt=ex.prompt))
    work = canvas.blocks.get(ex.saves_to)
    current = list(work.notes) if work else []
    if current:
        out.say(_("Your notes so far:"))
        for line in numbered(current):
            out.say(line)
    out.say(_("Type one note per line. An empty line ends. To change a note type edit and "
              "its number (edit 2); to remove one, delete and its number (delete 2)."))
    while True:
        line = tutor.prompt(_("Note {n}: ").format(n=len(current) + 1))
        if not line.strip():
            break
        action = _NOTE_ACTION.match(line)
        if action is None:
            current.append(line)
            tutor.set_notes(ex, current)
            continue
        index = int(action.group(2)) - 1
        if not 0 <= index < len(current):
            out.say(ngettext("There is no note {n}: you have {count} note.",
                             "There is no note {n}: you have {count} notes.",
                             len(current)).format(n=index + 1, count=len(current)))
            continue
        if action.group(1).lower().startswith("d"):
            removed = current.pop(index)
            tutor.set_notes(ex, current)
            out.say(_("Removed note {n}: {text}").format(n=index + 1, text=removed))
        else:
            out.say(_("Note {n} is: {text}").format(n=index + 1, text=current[index]))
            text = out.ask(_("New text for note {n} (Enter keeps it): ").format(n=index + 1))
            if text.strip():
                current[index] = text
                tutor.set_notes(ex, current)
                out.say(_("Changed note {n}.").format(n=index + 1))
    work = canvas.blocks.get(ex.saves_to)
    kept = len(work.notes) if work else 0
    out.say(ngettext("This block has {n} note.", "This block has {n} notes.", kept).format(n=kept))


# Choice -------------------------------------------------------------------------------

def choice(tutor: PlainTutor, ex: Exercise) -> None:
    """One answer or several, by number; feedback for each; try again until right."""
    out = tutor.console
    out.say(_("Question: {prompt}").format(prompt=ex.prompt))
    for line in numbered([o.text for o in ex.options]):
        out.say(line)
    result = tutor.canvas.progress.quiz.get(ex.id)
    if result is not None and result.attempts:
        chosen = [str(i) for i, o in enumerate(ex.options, 1) if o.id in result.answer]
        out.say(_("Last time you chose {answer}: {verdict}").format(
            answer=", ".join(chosen) or "-",
            verdict=_("right.") if result.correct else _("not right yet.")))
    ask = (_("Your choices, numbers separated by spaces: ") if ex.multiple else
           _("Your choice, a number: "))
    while True:
        line = tutor.prompt(ask)
        if not line.strip():
            return
        numbers = read_numbers(line, len(ex.options))
        if numbers is None or (not ex.multiple and len(numbers) != 1):
            out.say(_("Type one number from 1 to {n}.").format(n=len(ex.options))
                    if not ex.multiple else
                    _("Type numbers from 1 to {n}, separated by spaces.").format(
                        n=len(ex.options)))
            continue
        answer = [o.id for i, o in enumerate(ex.options, 1) if i in numbers]
        correct = frozenset(answer) == ex.correct_ids
        attempt = tutor.record_quiz(ex, answer, correct)
        _choice_feedback(tutor, ex, answer, correct)
        summary = _("Attempt {n}.").format(n=attempt)
        if correct:
            out.say(summary + " " + _("Well done."))
            return
        out.say(summary + " " + _("Type another answer to try again, or press Enter to "
                                  "go on."))


def _choice_feedback(tutor: PlainTutor, ex: Exercise, answer: list[str], correct: bool) -> None:
    out = tutor.console
    if not ex.multiple:
        option = next(o for o in ex.options if o.id == answer[0])
        word = _("Right.") if correct else _("Not quite.")
        out.say(f"{word} {option.feedback}".strip())
        return
    for number, option in enumerate(ex.options, 1):
        picked = option.id in answer
        right = picked == option.correct
        what = _("you chose it") if picked else _("you left it out")
        verdict = _("right") if right else _("not right")
        line = _("{n}. {text}: {what}, {verdict}.").format(n=number, text=option.text,
                                                           what=what, verdict=verdict)
        out.say(f"{line} {option.feedback}".strip())


# Classify -----------------------------------------------------------------------------

def classify(tutor: PlainTutor, ex: Exercise) -> None:
    """Each item gets a category by number; after a check, the wrong ones can be redone."""
    out = tutor.console
    out.say(_("Question: {prompt}").format(prompt=ex.prompt))
    out.say(_("The categories:"))
    for line in numbered([c.text for c in ex.categories]):
        out.say(line)
    known = {c.id for c in ex.categories}
    result = tutor.canvas.progress.quiz.get(ex.id)
    saved = [a if a in known else "" for a in (result.answer if result else [])]
    saved += [""] * (len(ex.items) - len(saved))
    total = len(ex.items)
    out.say(ngettext("Sort {n} item. Press Enter at the first one to leave this exercise "
                     "for now.", "Sort {n} items. Press Enter at the first one to leave this "
                     "exercise for now.", total).format(n=total))
    todo = list(range(total))
    while True:
        answer = _sort_items(tutor, ex, todo, saved)
        if answer is None:
            return
        saved = answer
        right = [a == item.answer for a, item in zip(answer, ex.items, strict=True)]
        attempt = tutor.record_quiz(ex, answer, all(right))
        for index, (item, ok) in enumerate(zip(ex.items, right, strict=True)):
            category = ex.category(answer[index])
            verdict = _("right") if ok else _("not quite")
            out.say(_("Item {n}, {text}: {category}, {verdict}.").format(
                n=index + 1, text=item.text, category=category.text if category else "",
                verdict=verdict) + (f" {item.feedback}" if item.feedback else ""))
        out.say(_("Attempt {n}: {right} of {total} right.").format(
            n=attempt, right=sum(right), total=total))
        if all(right):
            out.say(_("Well done."))
            return
        todo = [i for i, ok in enumerate(right) if not ok]
        out.say(_("Sort the ones that are not right yet again, or press Enter at the first "
                  "one to go on."))


def _sort_items(tutor: PlainTutor, ex: Exercise, todo: list[int],
                saved: list[str]) -> list[str] | None:
    """Ask a category for each item in `todo`; None if the learner leaves at the first."""
    out = tutor.console
    answer = list(saved)
    count = len(ex.categories)
    for position, index in enumerate(todo):
        item = ex.items[index]
        out.say(_("Item {n} of {total}: {text}").format(n=index + 1, total=len(ex.items),
                                                        text=item.text))
        before = ex.category(saved[index])
        while True:
            ask = (_("Category, a number (Enter keeps {category}): ").format(
                category=before.text) if before else _("Category, a number: "))
            line = tutor.prompt(ask)
            if not line.strip():
                if position == 0:
                    return None
                if before is not None:
                    break
                out.say(_("Type a number from 1 to {n}.").format(n=count))
                continue
            numbers = read_numbers(line, count)
            if numbers is None or len(numbers) != 1:
                out.say(_("Type a number from 1 to {n}.").format(n=count))
                continue
            answer[index] = ex.categories[numbers[0] - 1].id
            break
    return answer


# Pick ---------------------------------------------------------------------------------

def pick(tutor: PlainTutor, ex: Exercise) -> None:
    """Keep the options that fit, by number; no right answer, so no check."""
    out, canvas = tutor.console, tutor.canvas
    out.say(_("Question: {prompt}").format(prompt=ex.prompt))
    out.say(_("There is no right answer: keep what fits your business."))
    for number, option in enumerate(ex.options, 1):
        about = f": {option.feedback}" if option.feedback else ""
        out.say(f"  {number}. {option.text}{about}")
    work = canvas.blocks.get(ex.saves_to)
    kept = [o.id for o in ex.options if work and o.id in work.types]
    out.say(_kept_line(ex, kept))
    while True:
        line = tutor.prompt(_("Numbers of the ones you keep, separated by spaces (Enter "
                              "keeps your choice, 0 keeps none): "))
        if not line.strip():
            return
        if line.strip() == "0":
            chosen: list[str] = []
        else:
            numbers = read_numbers(line, len(ex.options))
            if numbers is None:
                out.say(_("Type numbers from 1 to {n}, separated by spaces.").format(
                    n=len(ex.options)))
                continue
            chosen = [o.id for i, o in enumerate(ex.options, 1) if i in numbers]
        tutor.set_types(ex, chosen)
        out.say(_kept_line(ex, chosen))
        return


def _kept_line(ex: Exercise, kept: list[str]) -> str:
    names = [o.text for o in ex.options if o.id in kept]
    if not names:
        return _("You keep none of them yet.")
    return _("You keep: {names}.").format(names=", ".join(names))
