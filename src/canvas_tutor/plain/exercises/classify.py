"""`classify` in plain mode: a category by number for each item; the wrong ones again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from canvas_tutor.course.model import Exercise
from canvas_tutor.i18n import _, ngettext
from canvas_tutor.plain.exercises import numbered, read_numbers

if TYPE_CHECKING:
    from canvas_tutor.plain.tutor import PlainTutor


def ask(tutor: PlainTutor, ex: Exercise) -> None:
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
