"""Plain mode end to end: `canvas-tutor --plain` as a subprocess with scripted input.

A learner goes through the whole customer relationships lesson (four questions, the
choice, the pick of types, the notes), quits, comes back, and every answer is in the
canvas file; the output never holds an escape character and reads in order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.course.model import Course
from plain_helpers import PlainSession, last_line, run_script

LESSON = "customer-relationships"
BLOCK = "customer_relationships"
ANSWERS = {
    "cr-expect": ["Students want a fast, fair repair.", "Hotels want one contact person."],
    "cr-established": ["A phone number and a WhatsApp group with regulars."],
    "cr-cost": ["About six hours a week of my time, and 20 euros for the app."],
    "cr-integration": ["The WhatsApp group brings new customers: it is also a channel."],
}
NOTES = ["WhatsApp group for regulars", "Phone help within one hour for hotels"]
KEEP = "7 5 2"  # communities, self-service, long-term


def _question(course: Course, since: str) -> str:
    """The id of the reflect exercise whose question was just read out."""
    lesson = course.lesson(LESSON)
    assert lesson is not None
    asked = [ex.id for ex in lesson.exercises if f"Question: {ex.prompt}" in since]
    assert len(asked) == 1, since
    return asked[0]


def _whole_lesson(session: PlainSession, course: Course) -> list[str]:
    """Answer every prompt of the lesson as a learner would; returns the prompts seen."""
    seen: list[str] = []
    pending: list[str] = []
    choices = ["1", "2"]  # a wrong answer first, then the right one
    notes = [*NOTES, ""]
    while True:
        since = session.prompt()
        prompt = last_line(since)
        seen.append(prompt)
        if prompt == "Your name: ":
            session.send("Ada")
        elif prompt == "Your business idea, in a few words: ":
            session.send("Bike repair shop")
        elif prompt == "Enter for more: " and "Lesson 6 of 13" not in session.text:
            session.send("go 6")
        elif prompt == "Enter for more: ":
            session.send("")
        elif prompt == "Answer: ":
            first, *pending = ANSWERS[_question(course, since)]
            session.send(first)
        elif prompt.startswith("Answer, next line"):
            session.send(pending.pop(0) if pending else "")
        elif prompt == "Your choice, a number: ":
            session.send(choices.pop(0))
        elif prompt.startswith("Numbers of the ones you keep"):
            session.send(KEEP)
        elif re.fullmatch(r"Note \d+: ", prompt):
            session.send(notes.pop(0))
        elif prompt == "Enter for the next lesson: ":
            session.send("quit")
            return seen
        else:
            raise AssertionError(f"unexpected prompt {prompt!r} after:\n{since}")


def test_whole_lesson_saved_then_resumed(tmp_path: Path, builtin_course: Course) -> None:
    path = tmp_path / "ada.canvas.toml"
    session = PlainSession("--plain", "--canvas", str(path))
    try:
        prompts = _whole_lesson(session, builtin_course)
        assert session.finish() == 0, session.stderr
    finally:
        session.kill()
    out = session.raw

    canvas = read_canvas(path)
    work = canvas.blocks[BLOCK]
    for ex_id, lines in ANSWERS.items():
        assert work.answers[ex_id] == "\n".join(lines)
    assert work.types == ["long_term", "self_service", "communities"]
    assert work.notes == NOTES
    quiz = canvas.progress.quiz["cr-goal"]
    assert (quiz.answer, quiz.correct, quiz.attempts, quiz.first_try) == (["keep"], True, 2, False)
    assert LESSON in canvas.progress.completed
    assert canvas.progress.current == LESSON
    assert (canvas.name, canvas.venture) == ("Ada", "Bike repair shop")

    # Nothing but text: not one escape character in the whole conversation.
    assert b"\x1b" not in out and b"\xc2\x9b" not in out
    # Every prompt is labelled (no bare "> " or empty prompts).
    assert all(p.strip(": ").strip() for p in prompts)
    transcript = session.text
    # The lesson reads in order: heading, the case panel, the seven exercises, the end.
    steps = ["Lesson 6 of 13: Customer relationships", "What this block is about",
             "Four questions to check your relationships", "Naima's story:",
             "End of Naima's story.",
             *(f"Exercise {n} of 7: " for n in range(1, 8)),
             "End of the lesson: Customer relationships.", "Lesson done: Customer "
             "relationships.", "Goodbye."]
    places = [transcript.find(step) for step in steps]
    assert -1 not in places, [s for s, p in zip(steps, places, strict=True) if p < 0]
    assert places == sorted(places)
    # Read aloud, a list line without a stop runs into the next ("customers two"): every
    # item of a list, option, objective and lesson ends as a sentence does.
    items = re.findall(r"^ *(?:\d+\.|•) .*$", transcript, re.MULTILINE)
    assert len(items) > 20 and all(i.rstrip()[-1] in ".?!:;" for i in items), \
        [i for i in items if i.rstrip()[-1] not in ".?!:;"]
    # A heading just before the case panel opens it, not a passage of its own.
    assert "Naima's choice\n\nNaima's story:\n" in transcript
    # Each answer stands on the line of the prompt that asked for it.
    for lines in ANSWERS.values():
        assert f"Answer: {lines[0]}\n" in transcript
        for more in lines[1:]:
            assert f"Answer, next line (an empty line ends): {more}\n" in transcript
    for number, note in enumerate(NOTES, 1):
        assert f"Note {number}: {note}\n" in transcript
    assert "Not quite." in transcript and "Attempt 2. Well done." in transcript

    # Resume: the next lesson opens by itself; the answers are there when going back.
    again = PlainSession("--plain", "--canvas", str(path))
    try:
        first = again.prompt()
        assert "Lesson 7 of 13: Relationship types in depth" in first
        again.send("go 6")
        assert "Lesson 6 of 13" in again.prompt()
        again.send("skip")
        at_question = again.prompt()
        assert "Your answer so far:\n" + "\n".join(ANSWERS["cr-expect"]) in at_question
        assert last_line(at_question) == "Answer: "
        again.send("")  # Enter keeps the answer
        assert "You kept your answer." in again.prompt()
        again.send("q")
        assert again.finish() == 0
    finally:
        again.kill()
    assert read_canvas(path).blocks[BLOCK].answers == canvas.blocks[BLOCK].answers


def test_end_of_input_saves_an_answer_cut_off(tmp_path: Path) -> None:
    """Ctrl+D (or the end of a pipe) in the middle of an answer: every line is kept."""
    path = tmp_path / "cut.canvas.toml"
    lines = ["Ann", "Cafe", "go 6", "skip", "First line of my answer", "second line"]
    done = run_script(lines, "--plain", "--canvas", str(path))
    assert done.returncode == 0, done.stderr
    assert b"End of input: your canvas is saved." in done.stdout
    answers = read_canvas(path).blocks[BLOCK].answers
    assert answers["cr-expect"] == "First line of my answer\nsecond line"
    assert not path.with_name(path.name + ".lock").exists() or _unlocked(path)


def _unlocked(path: Path) -> bool:
    from filelock import FileLock

    lock = FileLock(str(path.with_name(path.name + ".lock")), timeout=0)
    with lock:
        return True


def test_a_100_kb_line_is_saved_exactly(tmp_path: Path) -> None:
    path = tmp_path / "long.canvas.toml"
    unit = "Ünïcode, quotes \" ' and a backslash \\ and a tab\t; "
    line = (unit * (100_000 // len(unit) + 1))[:100_000]
    done = run_script(["Ann", "Cafe", "go 6", "skip", line, ""], "--plain", "--canvas",
                      str(path))
    assert done.returncode == 0, done.stderr
    assert read_canvas(path).blocks[BLOCK].answers["cr-expect"] == line


def test_hostile_course_text_is_shown_not_obeyed(tmp_path: Path) -> None:
    """A pack with ESC, CSI, OSC, C1 and bidi controls in its title, prose, case, question
    and options: the output holds none of them raw, and shows each one."""
    pack = Path(__file__).parent / "fixtures" / "hostile-pack"
    done = run_script(["Eve", "Shop", "", "", "2", "", "", "q"], "--plain", "--course",
                      str(pack), "--canvas", str(tmp_path / "eve.canvas.toml"))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for raw in (b"\x1b", b"\x07", b"\xc2\x9b", "\u202e".encode()):
        assert raw not in out
    text = out.decode()
    # The pack's control characters are removed when it is read (issue 12, in the core,
    # for every front end), so what is left of each attack is plain text; the bidi
    # override is not a control character and is shown visibly.
    for shown in (r"Hostile [41mcourse", r"Intro[2J]0;pwnedduction",
                  r"course.]0;owned-title Clear: [2J[H", r"C1: 6n",
                  r"bidi: \u202eevil", r"Naima[7m's story:", r"an [5midea",
                  r"Where is [8myour work[28m saved?",
                  r"2. Nowhere]8;;http://evil.example/"):
        assert shown in text, shown


def test_a_broken_canvas_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "broken.canvas.toml"
    broken = b'format = "canvas-tutor/canvas"\nformat_version = 1\n[learner\nname = "x"\n'
    path.write_bytes(broken)
    done = run_script([""], "--plain", "--canvas", str(path))
    assert done.returncode == 1
    assert path.read_bytes() == broken
    text = done.stdout.decode()
    assert f"{path}:3" in text and "left exactly as it is" in text
    assert "There is no backup of it." in text


def test_a_broken_canvas_offers_its_backup(tmp_path: Path) -> None:
    good = tmp_path / "good.canvas.toml"
    assert run_script(["Bea", "Bakery", "q"], "--plain", "--canvas", str(good)).returncode == 0
    path = tmp_path / "bea.canvas.toml"
    path.with_name(path.name + ".bak").write_bytes(good.read_bytes())
    path.write_bytes(b"\x00\x01 not toml")
    done = run_script(["yes", "q"], "--plain", "--canvas", str(path))
    assert done.returncode == 0, done.stdout.decode()
    assert path.read_bytes() == b"\x00\x01 not toml"
    recovered = tmp_path / "bea-recovered.canvas.toml"
    assert read_canvas(recovered).name == "Bea"
    assert f"Your canvas: {recovered}" in done.stdout.decode()


def test_a_canvas_open_elsewhere_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "held.canvas.toml"
    assert run_script(["Cy", "Cafe", "q"], "--plain", "--canvas", str(path)).returncode == 0
    before = path.read_bytes()
    first = PlainSession("--plain", "--canvas", str(path))
    try:
        first.prompt()
        second = run_script(["q"], "--plain", "--canvas", str(path))
        assert second.returncode == 1
        assert b"already open in another canvas-tutor window" in second.stdout
    finally:
        first.send("q")
        first.finish()
    assert read_canvas(path).name == "Cy" and path.read_bytes().startswith(before[:40])


@pytest.mark.parametrize("how", ["flag", "command", "env", "pipe"])
def test_plain_mode_is_chosen(tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """--plain, `canvas-tutor plain`, CANVAS_TUTOR_PLAIN=1, and input from a pipe."""
    args = {"flag": ["--plain"], "command": ["plain"], "env": [], "pipe": []}[how]
    if how == "env":
        monkeypatch.setenv("CANVAS_TUTOR_PLAIN", "1")
    canvas = ["--canvas", str(tmp_path / "x.canvas.toml")]
    done = run_script(["Di", "Shop", "q"], *args, *canvas)
    assert done.returncode == 0, done.stderr
    assert b"plain text mode" in done.stdout and b"\x1b" not in done.stdout
    assert read_canvas(tmp_path / "x.canvas.toml").name == "Di"


def test_help_says_how_to_get_plain_mode() -> None:
    done = run_script([], "--help")
    text = done.stdout.decode()
    assert "--plain" in text and "screen reader" in text and "TERM=dumb" in text
    assert "--theme" in text


def test_every_exercise_kind_is_answerable(tmp_path: Path) -> None:
    """The test pack has reflect, notes, choice (single and multiple), classify and pick."""
    pack = Path(__file__).parent / "fixtures" / "all-kinds-pack"
    path = tmp_path / "kinds.canvas.toml"
    session = PlainSession("--plain", "--course", str(pack), "--canvas", str(path))
    answers: dict[str, str] = {}
    try:
        while True:
            since = session.prompt()
            prompt = last_line(since)
            if prompt == "Your name: ":
                session.send("Kim")
            elif prompt.startswith("Your business idea"):
                session.send("Tea")
            elif prompt in ("Enter for more: ", "Enter for the next lesson: "):
                session.send("")
            elif prompt == "Enter for the end of the course: " or \
                    prompt == "Enter to quit, or a command: ":
                session.send("q")
                break
            elif prompt == "Answer: ":
                session.send("My reflection")
            elif prompt.startswith("Answer, next line"):
                session.send("")
            elif prompt.startswith("Note "):
                session.send("" if "Note 2" in prompt else "A note")
            elif prompt == "Your choice, a number: ":  # once each: a wrong one asks again
                session.send("" if "Attempt" in since else "1")
            elif prompt.startswith("Your choices"):
                session.send("" if "Attempt" in since else "1 2")
            elif prompt.startswith("Category"):
                session.send("" if "again" in since or "Attempt" in since else "1")
            elif prompt.startswith("Numbers of the ones you keep"):
                session.send("1")
            else:
                raise AssertionError(f"unexpected prompt {prompt!r}:\n{since}")
            answers[prompt] = since
        assert session.finish() == 0
    finally:
        session.kill()
    canvas = read_canvas(path)
    from canvas_tutor.course.loader import load_course

    course = load_course(pack)
    for lesson in course.lessons:
        for ex in lesson.exercises:
            if ex.kind in ("choice", "classify"):
                assert canvas.progress.quiz[ex.id].attempts >= 1, ex.id
            elif ex.kind == "reflect":
                assert canvas.answer(ex.saves_to, ex.id) == "My reflection"
            elif ex.kind == "notes":
                assert canvas.blocks[ex.saves_to].notes[:1] == ["A note"]
            elif ex.kind == "pick":
                assert canvas.blocks[ex.saves_to].types == [ex.options[0].id]
    assert b"\x1b" not in session.raw


def test_canvas_coach_export_hint_and_compare_commands(tmp_path: Path) -> None:
    path = tmp_path / "cmd.canvas.toml"
    lines = ["Ola", "Bike repair", "go 6", "skip", "Students want speed.", "", "compare",
             "hint", "canvas", "coach", "export md", "export", "1", "go 99", "lessons",
             "help", "q"]
    done = run_script(lines, "--plain", "--canvas", str(path))
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode()
    assert b"\x1b" not in done.stdout
    # compare: the learner's answer, then Naima's, labelled
    mine = text.index("Your answer:\nStudents want speed.")
    assert text.index("Naima's answer:", mine) < text.index("End of the comparison.", mine)
    assert "Hint: List what exists now" in text  # the hint of the question being asked
    # canvas: block by block, with the answer under its block, and the credit
    start = text.index("Your canvas (Ola, Bike repair), 9 blocks:")
    block = text.index("Block 5 of 9: Customer relationships", start)
    assert "Block 1 of 9: Key partners" in text[start:block]
    assert text.index("Students want speed.", block) < text.index("End of your canvas.", block)
    assert "Strategyzer AG" in text[block:]
    assert "The coach has" in text or "The coach has nothing to point out" in text
    # export: by name and by number, where the TUI puts them
    exports = tmp_path / "user-data" / "exports"
    assert (exports / "cmd.md").read_text(encoding="utf-8").count("Students want speed") == 1
    assert (exports / "cmd.md").exists() and (exports / "cmd.html").exists()
    assert f"Exported to {exports / 'cmd.md'}" in text
    assert "There is no lesson 99: choose one from 1 to 13." in text
    assert "6. Customer relationships: started (you are here)" in text
    assert "export [FORMAT] (x)" in text


def test_hostile_learner_text_in_a_canvas_is_shown_safely(tmp_path: Path) -> None:
    """A canvas edited by a hostile classmate: controls never reach the terminal."""
    path = tmp_path / "evil.canvas.toml"
    path.write_text(
        'format = "canvas-tutor/canvas"\nformat_version = 1\n'
        'course = "business-model-canvas"\nlanguage = "en"\n'
        'created = 2026-11-22T09:30:00Z\nupdated = 2026-11-22T09:30:00Z\n'
        '[learner]\nname = "Eve\\u001b]0;owned\\u0007"\nventure = "\\u009b2J shop"\n'
        '[progress]\ncurrent = "customer-relationships"\ncompleted = []\n'
        f'[blocks.{BLOCK}]\nnotes = ["[bold]note[/bold]\\u001b[5m"]\n'
        f'[blocks.{BLOCK}.answers]\ncr-expect = "line\\u001b[2J one\\nline two"\n',
        encoding="utf-8")
    done = run_script(["skip", "", "canvas", "q"], "--plain", "--canvas", str(path))
    assert done.returncode == 0, done.stdout.decode()
    assert b"\x1b" not in done.stdout and b"\xc2\x9b" not in done.stdout
    text = done.stdout.decode()
    # Cleaned when read, as for every front end: the control character goes, the rest
    # of what was typed stays.
    assert "Your answer so far:\nline[2J one\nline two" in text
    assert "Your canvas (Eve]0;owned, 2J shop)" in text
    assert "1. [bold]note[/bold]" in text  # brackets are text, never markup
