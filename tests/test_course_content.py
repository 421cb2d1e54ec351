"""The built-in course has the structure the course promises (issue: the whole course)."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from canvas_tutor.course.loader import load_course
from canvas_tutor.course.location import builtin_root
from canvas_tutor.course.model import Course, Exercise, Lesson
from naima_facts import FACTS, FIGURES, NEVER_TRANSLATED, TRANSLATED

BLOCKS = {"customer_segments", "value_propositions", "channels", "customer_relationships",
          "revenue_streams", "key_resources", "key_activities", "key_partners",
          "cost_structure"}
TYPES = {"transactional", "long_term", "personal_assistance", "dedicated_personal_assistance",
         "self_service", "automated_services", "communities", "co_creation"}
ORDER = ["welcome", "the-canvas", "customer-segments", "value-propositions", "channels",
         "customer-relationships", "relationship-types", "revenue-streams", "key-resources",
         "key-activities", "key-partners", "cost-structure", "your-canvas"]
FENCE = re.compile(r"^```[a-z]*\n.*?^```\s*$", re.M | re.S)


def prose_words(course: Course, lesson_id: str) -> int:
    lesson = course.lesson(lesson_id)
    assert lesson is not None
    text = "\n".join(s.text for s in lesson.segments if s.kind in ("prose", "case"))
    return len(re.findall(r"[A-Za-z0-9'’-]+", FENCE.sub("", text)))


def test_thirteen_lessons_in_order(builtin_course: Course) -> None:
    assert [lesson.id for lesson in builtin_course.lessons] == ORDER


def test_every_block_has_a_full_lesson(builtin_course: Course) -> None:
    for block in BLOCKS:
        lesson = builtin_course.lesson_for_block(block)
        assert lesson is not None, block
        assert 15 <= lesson.minutes <= 40, lesson.id
        assert 2 <= len(lesson.objectives) <= 4, lesson.id
        kinds = [ex.kind for ex in lesson.exercises]
        assert any(ex.kind == "notes" and ex.saves_to == block for ex in lesson.exercises)
        assert any(ex.kind == "reflect" and ex.saves_to == block and ex.compare == "case"
                   for ex in lesson.exercises), lesson.id
        assert "choice" in kinds or "classify" in kinds, lesson.id
        assert any(s.kind == "case" for s in lesson.segments), lesson.id
        assert 600 <= prose_words(builtin_course, lesson.id) <= 1400 + 400, lesson.id


def test_every_exercise_has_a_hint_and_real_feedback(builtin_course: Course) -> None:
    for lesson in builtin_course.lessons:
        for ex in lesson.exercises:
            assert ex.hint.strip(), ex.id
            for option in ex.options if ex.kind == "choice" else ():
                words = option.feedback.split()
                assert len(words) >= 5, (ex.id, option.feedback)
                assert option.feedback.strip(" .!").lower() not in ("correct", "wrong", "yes",
                                                                     "no")
            for item in ex.items:
                assert len(item.feedback.split()) >= 5, (ex.id, item.feedback)


def test_every_lesson_has_facilitator_notes(builtin_course: Course) -> None:
    for lesson in builtin_course.lessons:
        notes = lesson.facilitator
        for label in ("**Timing:**", "**Discuss:**", "**Activity:**"):
            assert label in notes, (lesson.id, label)


def test_the_four_evaluation_questions_and_the_pick(builtin_course: Course) -> None:
    lesson = builtin_course.lesson("customer-relationships")
    assert lesson is not None
    reflects = [ex for ex in lesson.exercises if ex.kind == "reflect"
                and ex.saves_to == "customer_relationships"]
    assert [ex.id for ex in reflects][:4] == ["cr-expect", "cr-established", "cr-cost",
                                              "cr-integration"]
    picks = [ex for ex in lesson.exercises if ex.kind == "pick"]
    assert picks and {o.id for o in picks[0].options} == TYPES
    assert picks[0].saves_to == "customer_relationships"
    last_question = lesson.exercises.index(reflects[3])
    assert lesson.exercises.index(picks[0]) > last_question


def test_relationship_types_lesson_covers_all_eight(builtin_course: Course) -> None:
    lesson = builtin_course.lesson("relationship-types")
    assert lesson is not None
    sort = next(ex for ex in lesson.exercises if ex.kind == "classify")
    assert {c.id for c in sort.categories} == TYPES
    assert {item.answer for item in sort.items} == TYPES
    case = " ".join(s.text for s in lesson.segments if s.kind == "case").lower()
    for fact in ("#wornagainatwork", "giveaway", "stylist", "time", "money"):
        assert fact in case, fact


def test_case_fills_all_nine_blocks_and_every_comparison(builtin_course: Course) -> None:
    case = builtin_course.case
    assert set(case.blocks) == BLOCKS
    assert all(case.blocks[b].notes for b in BLOCKS)
    for q in ("cr-expect", "cr-established", "cr-cost", "cr-integration"):
        assert case.block("customer_relationships").answers[q].strip()


def test_course_metadata_and_no_funding_claim() -> None:
    root = builtin_root()
    manifest = tomllib.loads((root / "course" / "course.toml").read_text(encoding="utf-8"))
    assert manifest["license"] == "CC-BY-SA-4.0"
    assert "Strategyzer AG" in manifest["credit"] and "CC BY-SA 3.0" in manifest["credit"]
    for key in ("title", "version", "authors", "description", "audience", "level"):
        assert manifest[key], key
    everything = " ".join(p.read_text(encoding="utf-8").lower()
                          for p in [*root.glob("course/*.toml"), *root.glob("lessons/*/*.md")])
    for claim in ("erasmus", "european commission", "co-funded", "eu-funded",
                  "value proposition canvas"):
        assert claim not in everything, claim


# --- issue 13: one story, transfer quizzes, keys, time, glossary, outcomes -------------

def _norm(text: str) -> str:
    """Lower case, one space for any run of white space, no Markdown bold."""
    return " ".join(text.lower().replace("**", "").split())


def _story_text(course: Course, where: str) -> str:
    """What a fact is checked against: a lesson's prose and case panels, or case.toml."""
    if where == "case":
        return _norm((builtin_root() / "course" / "case.toml").read_text(encoding="utf-8"))
    lesson = course.lesson(where)
    assert lesson is not None, where
    return _norm(" ".join(s.text for s in lesson.segments if s.kind in ("prose", "case")))


def _everything(course: Course) -> str:
    lessons = " ".join(lesson.path.read_text(encoding="utf-8") for lesson in course.lessons)
    case = (builtin_root() / "course" / "case.toml").read_text(encoding="utf-8")
    return _norm(lessons + " " + case)


def test_naima_facts_are_told_the_same_everywhere(builtin_course: Course) -> None:
    missing = [(fact.id, where, phrase) for fact in FACTS
               for where, phrases in fact.told.items() for phrase in phrases
               if _norm(phrase) not in _story_text(builtin_course, where)]
    assert not missing


def test_no_lesson_contradicts_a_naima_fact(builtin_course: Course) -> None:
    text = _everything(builtin_course)
    found = [(fact.id, phrase) for fact in FACTS for phrase in fact.never
             if _norm(phrase) in text]
    assert not found


def test_every_figure_of_naimas_story_is_in_the_facts_table(builtin_course: Course) -> None:
    number = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
    case_text = [(builtin_root() / "course" / "case.toml").read_text(encoding="utf-8")]
    case_text += [s.text for lesson in builtin_course.lessons for s in lesson.segments
                  if s.kind == "case"]
    unknown = {n for text in case_text for n in number.findall(text.replace("format_version = 1",
                                                                          ""))} - set(FIGURES)
    assert not unknown


def _translated_story(course: Course, where: str) -> str:
    if where == "case":
        overlay = builtin_root() / "course" / "translations" / f"{course.language}.toml"
        return _norm(overlay.read_text(encoding="utf-8"))
    return _story_text(course, where)


@pytest.mark.parametrize("language", sorted(TRANSLATED))
def test_the_translations_tell_naimas_story_the_same_way(language: str) -> None:
    course = load_course(None, language)
    assert course.language == language
    missing = [(fact, where, phrase) for fact, places in TRANSLATED[language].items()
               for where, phrases in places.items() for phrase in phrases
               if _norm(phrase) not in _translated_story(course, where)]
    assert not missing
    assert set(TRANSLATED[language]) <= {fact.id for fact in FACTS}
    text = _norm(" ".join(lesson.path.read_text(encoding="utf-8") for lesson in course.lessons)
                 + _translated_story(course, "case"))
    assert not [phrase for phrase in NEVER_TRANSLATED[language] if _norm(phrase) in text]


_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*")
# Where a translation rightly writes a number of its own: a clock time ("9 p.m." is
# "21 heures"), the year of a book's translated edition.
_OWN_NUMBERS = {("fr", "value-propositions", "prose"): (Counter({"9": 1}), Counter({"21": 1})),
                ("es", "your-canvas", "prose"): (Counter(), Counter({"2011": 1})),
                ("fr", "your-canvas", "prose"): (Counter(), Counter({"2011": 1}))}


def _numbers(text: str) -> Counter[str]:
    return Counter(re.sub(r"[.,\u00a0\u202f ]", "", n) for n in _NUMBER.findall(text))


def _lesson_numbers(lesson: Lesson) -> dict[str, Counter[str]]:
    parts = {kind: _numbers(" ".join(s.text for s in lesson.segments if s.kind == kind))
             for kind in ("prose", "case", "facilitator")}
    parts["exercises"] = _numbers(" ".join(
        " ".join([ex.prompt, ex.hint, *(f"{o.text} {o.feedback}" for o in ex.options),
                  *(f"{i.text} {i.feedback}" for i in ex.items)]) for ex in lesson.exercises))
    return parts


@pytest.mark.parametrize("language", ["es", "fr"])
def test_every_language_uses_the_same_figures(builtin_course: Course, language: str) -> None:
    """Every number of every lesson (prose, case panels, exercises, facilitator notes) and
    of Naima's canvas is the English one: a figure changed in one language only would tell
    learners of that language a different story."""
    other = load_course(None, language)
    assert all(lesson.path.parent.name == language for lesson in other.lessons)
    differ = []
    for english, translated in zip(builtin_course.lessons, other.lessons, strict=True):
        mine, theirs = _lesson_numbers(english), _lesson_numbers(translated)
        for part in mine:
            gone, added = _OWN_NUMBERS.get((language, english.id, part), (Counter(), Counter()))
            if mine[part] - theirs[part] != gone or theirs[part] - mine[part] != added:
                differ.append((english.id, part, dict(mine[part] - theirs[part]),
                               dict(theirs[part] - mine[part])))
    case, their_case = builtin_course.case, other.case
    assert _numbers(case.summary) == _numbers(their_case.summary)
    for block_id, work in case.blocks.items():
        theirs_block = their_case.blocks[block_id]
        assert [_numbers(n) for n in work.notes] == [_numbers(n) for n in theirs_block.notes]
        for answer_id, text in work.answers.items():
            if _numbers(text) != _numbers(theirs_block.answers[answer_id]):
                differ.append(("case", answer_id))
    assert not differ


def test_the_money_of_naimas_month_adds_up() -> None:
    # The figures of the worked month (revenue streams) and the cost table (cost structure).
    essential, executive = 100, 30
    money_in = essential * 59 + executive * 99 + 40 * 5 + 10 * 45 + 12 * 15
    variable_essential = 3 * 6 + (3 * 4 + 1) + 10
    variable_executive = 6 * 6 + (6 * 4 + 2) + 10
    fixed = 450 + 200 + 250 + 400
    money_out = essential * variable_essential + executive * variable_executive + fixed
    assert (variable_essential, variable_executive, fixed) == (41, 72, 1300)
    assert variable_essential + fixed // 130 == 51 and 59 - 51 == 8
    assert essential * 59 + executive * 99 == 8870
    assert (money_in, money_out, money_in - money_out) == (9700, 7560, 2140)
    assert 600 * 120 == 72000 and 120 // 20 == 6 and 40000 * 1200 == 48_000_000


def test_lesson_files_are_numbered_in_course_order(builtin_course: Course) -> None:
    assert [lesson.path.name for lesson in builtin_course.lessons] == [
        f"{i:02d}-{lesson_id}.md" for i, lesson_id in enumerate(ORDER, 1)]
    assert ORDER.index("relationship-types") == ORDER.index("customer-relationships") + 1


FEEDBACK_OPENERS = ("right", "yes", "not quite", "correct", "wrong", "no", "not so", "true",
                    "false", "incorrect")


def test_feedback_never_starts_with_a_verdict(builtin_course: Course) -> None:
    """The app shows its own 'right' or 'not quite' before the feedback."""
    bad = []
    for lesson in builtin_course.lessons:
        for ex in lesson.exercises:
            for text in [o.feedback for o in ex.options] + [i.feedback for i in ex.items]:
                first = re.sub(r"[^a-z ]", " ", text.lower()).split()
                opener = " ".join(first[:2])
                if first and (first[0] in FEEDBACK_OPENERS or opener in FEEDBACK_OPENERS):
                    bad.append((ex.id, text[:40]))
    assert not bad


TRANSFER_LESSONS = ("relationship-types", "revenue-streams", "key-resources", "key-activities",
                    "key-partners", "cost-structure", "your-canvas")
COMMON_WORDS = {"A", "An", "The", "EUR", "Naima", "Executive", "Essential", "Instagram"}


def test_later_quizzes_use_new_scenarios(builtin_course: Course) -> None:
    """Transfer, not recall: a quiz in a later lesson names no place, person or firm that
    the lesson's own text uses, and never Naima."""
    reused = []
    for lesson_id in TRANSFER_LESSONS:
        lesson = builtin_course.lesson(lesson_id)
        assert lesson is not None
        prose = " ".join(s.text for s in lesson.segments if s.kind in ("prose", "case"))
        for ex in lesson.exercises:
            if ex.kind not in ("choice", "classify"):
                continue
            scenarios = [ex.prompt, *(i.text for i in ex.items),
                         *(o.text for o in ex.options)]
            for text in scenarios:
                assert "Naima" not in text, (ex.id, text)
                names = set(re.findall(r"(?<!^)(?<![.?!] )\b[A-Z][a-zé]{3,}", text))
                reused += [(ex.id, n) for n in names - COMMON_WORDS if n in prose]
    assert not reused


def test_no_person_name_is_used_for_two_businesses(builtin_course: Course) -> None:
    """A name (a capitalised word the course never writes in lower case) that starts a
    story is used in one lesson only: 'Kofi' once ran a juice bar and a bike shop."""
    texts = {lesson.id: lesson.path.read_text(encoding="utf-8")
             for lesson in builtin_course.lessons}
    words = set(re.findall(r"\b[a-z]+\b", " ".join(texts.values())))
    person = re.compile(r"\b([A-Z][a-z]+)(?: (?:is|runs|makes|wants|starts|says)\b|'s canvas)")
    owners: dict[str, set[str]] = {}
    for lesson_id, text in texts.items():
        for name in person.findall(text):
            if name.lower() not in words and name != "Naima":
                owners.setdefault(name, set()).add(lesson_id)
    assert {"Efua", "Lina", "Thu", "Selin", "Omar", "Amara"} <= set(owners)
    assert not {name: ids for name, ids in owners.items() if len(ids) > 1}


# Keys: every key a lesson names exists in the app's bindings, where the lesson says.
KEY_WORDS = {"esc": "escape", "échap": "escape", "enter": "enter", "tab": "tab",
             "?": "question_mark"}  # Échap: the French name of Escape (its key bar's too)
WHERE = {"home": ("HomeScreen", "BlockTile"), "lesson": ("LessonScreen",),
         "my canvas": ("MyCanvasScreen", "BoardTile"), "notes editor": ("NotesEditor",),
         "everywhere": ("CanvasTutorApp",)}


def _bindings() -> dict[str, set[str]]:
    """Class name -> the keys it binds, over every module of canvas_tutor.tui."""
    import importlib
    import inspect
    import pkgutil

    from textual.binding import Binding

    import canvas_tutor.tui as tui

    keys: dict[str, set[str]] = {}
    for info in pkgutil.walk_packages(tui.__path__, "canvas_tutor.tui."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            for binding in vars(cls).get("BINDINGS", ()):
                key = binding.key if isinstance(binding, Binding) else binding[0]
                keys.setdefault(name, set()).update(k.strip() for k in key.split(","))
            if name == "CanvasTutorApp":
                keys.setdefault(name, set()).add(cls.COMMAND_PALETTE_BINDING)
    return keys


def _key_name(shown: str) -> str:
    shown = shown.strip("` ").lower()
    return KEY_WORDS.get(shown, shown)


def test_every_key_a_lesson_names_is_bound(builtin_course: Course) -> None:
    bound = set().union(*_bindings().values())
    named = re.compile(r"`([a-z?])`|\b(Ctrl\+[A-Z]|F\d{1,2})\b|\b(Esc)\b")
    missing = []
    for lesson in builtin_course.lessons:
        text = lesson.path.read_text(encoding="utf-8")
        for m in named.finditer(text):
            key = _key_name(next(g for g in m.groups() if g))
            if key not in bound:
                missing.append((lesson.id, key))
    assert not missing


@pytest.mark.parametrize("language", ["es", "fr"])
def test_translated_lessons_name_the_keys_the_english_names(builtin_course: Course,
                                                             language: str) -> None:
    """The English lessons' keys are checked against the app's bindings above; a
    translation names the same keys, as many times, so it cannot drift either."""
    named = re.compile(r"`([a-z?])`|\b(Ctrl\+[A-Z]|F\d{1,2})\b|\b(Esc|Échap)\b")

    def keys(lesson: Lesson) -> Counter[str]:
        return Counter(_key_name(next(g for g in m.groups() if g))
                       for m in named.finditer(lesson.path.read_text(encoding="utf-8")))

    other = load_course(None, language)
    differ = [(english.id, dict(keys(english) - keys(translated)),
               dict(keys(translated) - keys(english)))
              for english, translated in zip(builtin_course.lessons, other.lessons, strict=True)
              if keys(english) != keys(translated)]
    assert not differ


def test_the_welcome_key_table_matches_each_screen(builtin_course: Course) -> None:
    keys = _bindings()
    welcome = builtin_course.lesson("welcome")
    assert welcome is not None
    rows = re.findall(r"^\| (.+?) \| (.+?) \| .+ \|$", welcome.path.read_text(encoding="utf-8"),
                      re.M)
    checked = 0
    for shown, where in rows:
        if shown in ("Key", "---") or "Arrow" in shown or shown in ("Enter",):
            continue
        for part in shown.split(" or "):
            key = _key_name(part)
            for place in (p.strip().lower() for p in where.split(",")):
                classes = WHERE[place]
                assert any(key in keys.get(c, set()) for c in classes), (shown, place)
                checked += 1
    assert checked >= 14
    shown = {_key_name(s) for part in rows for s in part[0].split(" or ")}
    for key in ("ctrl+q", "ctrl+s", "x", "k", "n", "q"):  # the keys the issue names
        assert key in shown, key
    # every key that works everywhere, the glossary's and the theme's too
    assert keys["CanvasTutorApp"] <= shown, keys["CanvasTutorApp"] - shown


def test_last_lesson_says_how_to_export_and_names_the_coach(builtin_course: Course) -> None:
    last = builtin_course.lessons[-1]
    text = " ".join(s.text for s in last.segments if s.kind == "prose")
    assert "`x`" in text and "canvas-tutor export" in text and "`k`" in text
    assert "press `n`" not in text.lower() and "press n" not in text.lower()


WORDS_PER_MINUTE = 130
# A rubric is like a self-check: its words are read above, then one level chosen per line.
DOING = {"reflect": 4, "notes": 4, "choice": 1, "classify": 2, "pick": 2, "rate": 2,
         "rubric": 2}


def _honest_minutes(lesson: Lesson) -> float:
    """Reading at 130 words a minute (prose, case, every prompt, option and feedback)
    plus time to do each exercise."""
    word = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")  # "lección" and "don't" are one word
    words = sum(len(word.findall(s.text)) for s in lesson.segments
                if s.kind in ("prose", "case"))
    for ex in lesson.exercises:
        words += len(word.findall(f"{ex.prompt} {ex.hint}"))
        words += sum(len(word.findall(f"{o.text} {o.feedback}")) for o in ex.options)
        words += sum(len(word.findall(f"{i.text} {i.feedback}")) for i in ex.items)
        words += sum(len(word.findall(" ".join((c.title, *c.levels)))) for c in ex.criteria)
    return words / WORDS_PER_MINUTE + sum(DOING[ex.kind] for ex in lesson.exercises)


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_minutes_are_honest(language: str) -> None:
    """The minutes a lesson states hold in every language: a translation is often longer."""
    course = load_course(None, language)
    for lesson in course.lessons:
        assert lesson.minutes % 5 == 0, lesson.id
        assert abs(lesson.minutes - _honest_minutes(lesson)) <= 5, (
            lesson.id, lesson.minutes, round(_honest_minutes(lesson), 1))
    assert 300 <= sum(lesson.minutes for lesson in course.lessons) <= 400


def test_facilitator_timing_counts_the_activity(builtin_course: Course) -> None:
    for lesson in builtin_course.lessons:
        notes = lesson.facilitator
        total = re.search(r"\*\*Timing:\*\* (\d+) minutes in all: (\d+) minutes for the lesson"
                          r".*?(\d+) minutes for the discussion and (\d+) minutes for the "
                          r"activity", notes)
        assert total, lesson.id
        whole, own, discuss, activity = (int(g) for g in total.groups())
        assert own == lesson.minutes and whole == own + discuss + activity, lesson.id
        assert f"**Activity:** {activity} minutes." in notes, lesson.id


def test_the_canvas_diagram_has_a_text_alternative(builtin_course: Course) -> None:
    lesson = builtin_course.lesson("the-canvas")
    assert lesson is not None
    prose = " ".join(s.text for s in lesson.segments if s.kind == "prose")
    after = _norm(prose.split("```text", 1)[1].split("```", 1)[1][:1200])
    assert "in words" in after
    for block in ("key partners", "key activities", "key resources", "value propositions",
                  "customer relationships", "channels", "customer segments",
                  "cost structure", "revenue streams"):
        assert block in after, block


def test_final_task_rubric_and_peer_review(builtin_course: Course) -> None:
    last = builtin_course.lessons[-1]
    prose = "\n".join(s.text for s in last.segments if s.kind == "prose")
    assert "three minutes" in prose
    peer = prose.split("## Peer review", 1)[1].split("\n## ", 1)[0]
    assert len(re.findall(r"^\d\. \*\*", peer, re.M)) == 4
    ids = {ex.id for ex in last.exercises}
    assert {"yc-rubric", "yc-weakest", "yc-peer"} <= ids
    # The rubric is a scored exercise, not prose: six criteria, three levels each, and the
    # final task's prose keeps only its lead-in.
    rubric = last_exercise(last, "yc-rubric")
    assert rubric.kind == "rubric"
    assert [c.id for c in rubric.criteria] == ["customer", "value", "fit", "money", "risk",
                                               "delivery"]
    assert all(len(c.levels) == 3 for c in rubric.criteria)
    task = prose.split("## Final task", 1)[1].split("\n## ", 1)[0]
    assert "1:" not in task and "rubric below" in task


def last_exercise(lesson: Lesson, exercise_id: str) -> Exercise:
    return next(ex for ex in lesson.exercises if ex.id == exercise_id)


def test_further_reading_names_the_real_references(builtin_course: Course) -> None:
    last = builtin_course.lessons[-1]
    prose = " ".join(s.text for s in last.segments if s.kind == "prose")
    reading = prose.split("## Further reading", 1)[1]
    assert "Osterwalder and Yves Pigneur" in reading and "2010" in reading
    assert "https://" in reading


def test_glossary_is_complete_and_used(builtin_course: Course) -> None:
    entries = {e.id: e for e in builtin_course.glossary}
    assert 25 <= len(entries) <= 45
    for term in ("margin", "commission", "fixed-cost", "variable-cost", "mvp", "segment",
                 "channel", "recurring-revenue"):
        assert term in entries, term
    used: set[str] = set()
    for lesson in builtin_course.lessons:
        assert lesson.glossary, lesson.id
        for term_id in lesson.glossary:
            assert term_id in entries, (lesson.id, term_id)
            used.add(term_id)
    assert used == set(entries)
    for entry in entries.values():
        assert entry.term and len(entry.definition.split()) >= 8, entry.id


def _stems(term: str) -> list[str]:
    """The start of each word of a glossary term, enough to find it inflected ('canal' in
    'canaux', 'margin' in 'margins'): four letters of a short word, five of a long one."""
    words = term.lower().split(" (")[0].replace("-", " ").split()
    return [w[:4] if len(w) <= 5 else w[:5] for w in words if len(w) > 3]


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_every_term_a_lesson_marks_is_in_its_text(language: str) -> None:
    """A term a lesson lists for the glossary is a word the learner meets in that lesson:
    every word of the term is in its objectives or body (not only in the list of ids)."""
    course = load_course(None, language)
    entries = {e.id: e for e in course.glossary}
    unused = []
    for lesson in course.lessons:
        body = lesson.path.read_text(encoding="utf-8").split("+++", 2)[2]
        text = _norm(body + " " + " ".join(lesson.objectives))
        unused += [(lesson.id, term_id, entries[term_id].term) for term_id in lesson.glossary
                   if not all(stem in text for stem in _stems(entries[term_id].term))]
    assert not unused


ENTRECOMP = {"Spotting opportunities", "Creativity", "Vision", "Valuing ideas",
             "Ethical and sustainable thinking", "Self-awareness and self-efficacy",
             "Motivation and perseverance", "Mobilising resources",
             "Financial and economic literacy", "Mobilising others", "Taking the initiative",
             "Planning and management", "Coping with uncertainty, ambiguity and risk",
             "Working with others", "Learning through experience"}


def test_course_outcomes_map_to_entrecomp_and_eqf(builtin_course: Course) -> None:
    outcomes = builtin_course.outcomes
    assert 5 <= len(outcomes) <= 8
    assert len({o.id for o in outcomes}) == len(outcomes)
    for outcome in outcomes:
        assert outcome.entrecomp in ENTRECOMP, outcome.id
        assert 1 <= outcome.eqf <= 8 and len(outcome.text.split()) >= 6, outcome.id


def test_self_check_before_and_after(builtin_course: Course) -> None:
    """A `rate` self-check on the course outcomes opens and closes the course."""
    first, last = builtin_course.lessons[0], builtin_course.lessons[-1]
    assert any(ex.id == "self-check-before" and ex.kind == "rate" for ex in first.exercises)
    assert any(ex.id == "self-check-after" and ex.kind == "rate" for ex in last.exercises)
    assert builtin_course.outcomes


def test_the_export_the_last_lesson_teaches_works(builtin_course: Course, tmp_path: Path) -> None:
    """The formats the lesson lists are the app's, and its command line really exports."""
    import shutil
    import subprocess
    import sys

    from canvas_tutor.export.formats import formats

    last = builtin_course.lessons[-1]
    prose = _norm(" ".join(s.text for s in last.segments if s.kind == "prose"))
    step = prose.split("export your canvas.", 1)[1].split("2. print", 1)[0]
    for fmt in formats("canvas"):
        assert fmt.label().split(":")[0].lower() in step, fmt.id
    command = re.search(r"`canvas-tutor (export [^`]+)`", step)
    assert command, step
    shutil.copy(Path(__file__).parent / "fixtures" / "export-full.canvas.toml",
                tmp_path / "my.canvas.toml")
    run = subprocess.run([sys.executable, "-m", "canvas_tutor", *command.group(1).split()],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "<html" in (tmp_path / "my-canvas.html").read_text(encoding="utf-8").lower()


def _syllables(word: str) -> int:
    """A common English heuristic: vowel groups, less a silent final e or -ed."""
    word = re.sub(r"[^a-z]", "", word.lower())
    if len(word) <= 3:
        return 1 if word else 0
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


def _reading_ease(text: str) -> float:
    """Flesch reading ease; list items, colons and semicolons end a sentence, as they
    end a unit of reading in the lessons' short lines."""
    text = re.sub(r"^```.*?^```", " ", text, flags=re.S | re.M)
    text = re.sub(r"[#*|`>_-]+", " ", text)
    sentences = [s for s in re.split(r"[.!?:;]\s|\n\s*\n|\n- ", text) if re.search("[A-Za-z]", s)]
    words = re.findall(r"[A-Za-z][A-Za-z']*", text)
    syllables = sum(_syllables(w) for w in words)
    return 206.835 - 1.015 * len(words) / len(sentences) - 84.6 * syllables / len(words)


def test_plain_language_stays_easy_to_read(builtin_course: Course) -> None:
    """B1 prose for adults from many countries: Flesch reading ease of 65 or more (the
    review measured 68 to 85; the lessons are 73 to 83 by this count)."""
    assert _reading_ease("The cat sat on the mat. It was warm.") > 90
    assert _reading_ease("Organisational considerations necessitate comprehensive "
                         "deliberation regarding infrastructural investment.") < 0
    for lesson in builtin_course.lessons:
        text = " ".join(s.text for s in lesson.segments if s.kind in ("prose", "case"))
        assert _reading_ease(text) >= 65, (lesson.id, round(_reading_ease(text), 1))
