"""Plain mode's pieces: visible text, the command words, Markdown as plain paragraphs,
when plain mode is chosen, and a session stopped by a signal or a closed reader."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.plain import wanted
from canvas_tutor.plain.commands import COMMANDS, help_lines, parse
from canvas_tutor.plain.console import Console, EndOfInput
from canvas_tutor.plain.exercises import numbered, read_numbers
from canvas_tutor.plain.prose import full_stop, paragraphs
from canvas_tutor.text import visible
from plain_helpers import PlainSession, last_line, plain_command


def test_visible_shows_every_control_and_keeps_layout() -> None:
    assert visible("a\x1b[31mb") == r"a\x1b[31mb"
    assert visible("\x1b]0;title\x07") == r"\x1b]0;title\x07"
    assert visible("\x9b2J\x85") == r"\x9b2J\x85"
    assert visible("left\u202eright\u2066x\u2069") == r"left\u202eright\u2066x\u2069"
    assert visible("cr\rhere\x00\x7f") == r"cr\x0dhere\x00\x7f"
    assert visible("tab\tand\nnewline, é ü 漢") == "tab\tand\nnewline, é ü 漢"
    assert "\x1b" not in visible("".join(chr(c) for c in range(0x00, 0xA0)))


def test_every_exercise_kind_has_a_plain_module() -> None:
    import importlib

    from canvas_tutor.course.exercises import KINDS

    for kind in KINDS:
        assert callable(importlib.import_module(f"canvas_tutor.plain.exercises.{kind}").ask)


def test_commands_have_unique_words_and_short_forms() -> None:
    words = [w for c in COMMANDS for w in (c.name, c.short)]
    assert len(words) == len(set(words))
    assert all(len(c.short) == 1 for c in COMMANDS)
    assert {c.name for c in COMMANDS} >= {"next", "back", "lessons", "go", "hint", "compare",
                                          "canvas", "coach", "export", "quit", "help"}
    shown = "\n".join(help_lines())
    assert all(c.name in shown for c in COMMANDS)


@pytest.mark.parametrize(("line", "name", "argument"), [
    ("next", "next", ""), ("  N  ", "next", ""), ("g 4", "go", "4"), ("go 12", "go", "12"),
    ("?", "help", ""), ("x md", "export", "md"), ("quit", "quit", ""), ("k", "coach", ""),
])
def test_a_whole_line_is_a_command(line: str, name: str, argument: str) -> None:
    found = parse(line)
    assert found is not None and (found[0].name, found[1]) == (name, argument)


@pytest.mark.parametrize("line", ["next month we open", "go home", "quit my job", "nope",
                                  "", "hint: ask", "back to basics"])
def test_an_answer_is_not_a_command(line: str) -> None:
    assert parse(line) is None


def test_numbers_are_read_as_options() -> None:
    assert read_numbers("1 3", 4) == [1, 3]
    assert read_numbers("3,1, 3", 4) == [3, 1]
    assert read_numbers("5", 4) is None and read_numbers("one", 4) is None
    assert read_numbers("", 4) is None


def test_markdown_becomes_plain_paragraphs() -> None:
    text = ("## A heading\n\nSome **bold** and *soft*\ntext with `code` and a "
            "[link](https://example.org).\n\n- one\n- two\n\n1. first\n2. second\n\n"
            "| Type | Cost |\n|---|---|\n| Kiosk | low |\n\n> A quote\n")
    parts = paragraphs(text)
    assert parts[0] == ("A heading\n\nSome bold and soft text with code and a link "
                        "(https://example.org).")
    assert parts[1] == "• one.\n• two."  # a full stop: speech pauses between items
    assert parts[2] == "1. first.\n2. second."
    assert parts[3] == "Type: Kiosk; Cost: low."
    assert parts[4] == "  A quote"
    assert not any("*" in p or "`" in p or "](" in p for p in parts)


def test_list_lines_end_as_sentences_so_speech_pauses() -> None:
    """espeak-ng read "1. Welcome: to do" and "2. The canvas: to do" as "to do two":
    a line without a stop runs into the next one when spoken."""
    assert full_stop("Welcome: to do") == "Welcome: to do."
    for kept in ("Done.", "Why?", "Wow!", "Two kinds:", "a; b;", "Said \"so.\"", "(Yes.)",
                 "Wait…", ""):
        assert full_stop(kept) == kept
    assert numbered(["Winning new customers", "Keep them."]) == [
        "  1. Winning new customers.", "  2. Keep them."]


def test_help_reads_one_sentence_a_command_and_names_the_question_mark() -> None:
    """Help was a padded table: "help (?)" was spoken "help" (the sign is silent) and
    each row ran into the next; the padding cost a braille line half its cells."""
    lines = help_lines()
    assert "  help (?, question mark): list these commands." in lines
    assert "  go N (g): go to lesson number N." in lines
    for line in lines[1:-1]:
        assert line.endswith("."), line
        assert "  " not in line.strip(), line


def test_a_heading_before_a_case_is_said_with_it_not_alone(tmp_path: Path) -> None:
    """A lesson's heading just before a case panel or an exercise was a passage of its
    own ("Naima's choice", then Enter for more): it now opens what follows."""
    from canvas_tutor.course.loader import load_course
    from canvas_tutor.plain.start import run_plain
    from conftest import FIXTURES

    pack = tmp_path / "pack"
    import shutil

    shutil.copytree(FIXTURES / "mini-pack", pack)
    lesson = sorted((pack / "lessons" / "en").glob("*.md"))[0]
    text = lesson.read_text(encoding="utf-8")
    head, _sep, body = text.partition("+++\n\n")
    if not _sep:
        head, _sep, body = text.rpartition("+++\n")
    lesson.write_text(head + _sep + "Some words.\n\n## The story\n\n```case\nShe began.\n"
                      "```\n\n## Your turn\n\n" + body, encoding="utf-8")
    course = load_course(pack)
    out = io.StringIO()
    run_plain(course, canvas_path=tmp_path / "h.canvas.toml",
              stdin=io.StringIO("Ann\nTea\n\n\n\n\nq\n"), stdout=out)
    said = out.getvalue()
    assert "Some words.\nEnter for more: \n\nThe story\n\n" in said
    assert "The story\n\n" + course.case.name + "'s story:\nShe began." in said
    assert "\n\nYour turn\n" in said
    assert "The story\nEnter for more" not in said


def test_a_drawing_is_announced_and_its_end_said() -> None:
    """The canvas drawn with + - | in lesson 2 was read aloud "plus plus plus, key, key"
    with no warning: what it is and how long is said first, and where it ends."""
    parts = paragraphs("Before.\n\n```\n+---+\n| a |\n+---+\n```\n\nAfter.")
    assert parts == ["Before.", "Preformatted text, 3 lines (a drawing or a listing), as "
                     "it is written:\n    +---+\n    | a |\n    +---+\nEnd of the "
                     "preformatted text.", "After."]


def test_raw_html_stays_text() -> None:
    assert paragraphs("<script>alert(1)</script>\n\nok") == ["<script>alert(1)</script>", "ok"]


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize(("env", "tty_in", "tty_out", "asked", "served", "expected"), [
    ({}, True, True, False, False, False),        # a terminal: the full screen
    ({}, False, True, False, False, True),        # input from a pipe
    ({}, True, False, False, False, True),        # output to a pipe or a file
    ({"TERM": "dumb"}, True, True, False, False, True),
    ({"CANVAS_TUTOR_PLAIN": "1"}, True, True, False, False, True),
    ({"CANVAS_TUTOR_PLAIN": "0"}, False, False, False, False, False),
    ({}, True, True, True, False, True),          # --plain
    ({}, False, False, False, True, False),       # a browser session of `serve`
    ({"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}, False, False, False, False,
     False),
])
def test_when_plain_mode_is_chosen(monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
                                   tty_in: bool, tty_out: bool, asked: bool, served: bool,
                                   expected: bool) -> None:
    for name in ("TERM", "CANVAS_TUTOR_PLAIN", "TEXTUAL_DRIVER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert wanted(asked, served=served, stdin=_Stream(tty_in),
                  stdout=_Stream(tty_out)) is expected


def test_console_output_has_no_escape_and_end_of_input_is_raised() -> None:
    out = _Stream(False)
    console = Console(_Stream(False), out, echo=True)
    console.say("title\x1b]0;x\x07")
    with pytest.raises(EndOfInput):
        console.ask("Answer: ")
    assert out.getvalue() == "title\\x1b]0;x\\x07\nAnswer: \n"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_term_dumb_on_a_real_terminal_gets_plain_mode(tmp_path: Path) -> None:
    import pty

    env = {**os.environ, "TERM": "dumb", "CANVAS_TUTOR_DATA_DIR": str(tmp_path)}
    env.pop("CANVAS_TUTOR_PLAIN", None)
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execve(sys.executable, plain_command()[:1] + plain_command()[1:], env)
        finally:
            os._exit(127)
    seen = b""
    try:
        deadline = time.monotonic() + 30
        while b"Your name: " not in seen and time.monotonic() < deadline:
            import select

            if select.select([fd], [], [], 0.2)[0]:
                seen += os.read(fd, 65536)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    assert b"plain text mode" in seen and b"Your name: " in seen
    assert b"\x1b" not in seen


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 128 + signal.SIGTERM),
                                               (signal.SIGHUP, 128 + signal.SIGHUP),
                                               (signal.SIGINT, 130)])
def test_a_signal_saves_and_releases_the_canvas(tmp_path: Path, signum: int,
                                                status: int) -> None:
    """SIGTERM, a closed terminal (SIGHUP) and Ctrl+C (SIGINT) in the middle of an answer."""
    path = tmp_path / "sig.canvas.toml"
    session = PlainSession("--plain", "--canvas", str(path))
    try:
        assert last_line(session.prompt()) == "Your name: "
        session.send("Sam")
        session.prompt()
        session.send("Shop")
        session.prompt()
        session.send("go 6")
        session.prompt()
        session.send("skip")
        session.prompt()
        session.send("half an answer")
        assert last_line(session.prompt()).startswith("Answer, next line")
        session.proc.send_signal(signum)
        assert session.finish() == status
    finally:
        session.kill()
    assert read_canvas(path).answer("customer_relationships", "cr-expect") == "half an answer"
    again = subprocess.run(plain_command("--plain", "--canvas", str(path)), input=b"q\n",
                           capture_output=True, timeout=60)
    assert again.returncode == 0 and b"already open" not in again.stdout


def test_a_reader_that_goes_away_ends_the_session_cleanly(tmp_path: Path) -> None:
    """`canvas-tutor --plain | head -c 2000`: the canvas is saved, no traceback."""
    path = tmp_path / "head.canvas.toml"
    reader = subprocess.Popen(["head", "-c", "2000"], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL)
    tutor = subprocess.Popen(plain_command("--plain", "--canvas", str(path)),
                             stdin=subprocess.PIPE, stdout=reader.stdin,
                             stderr=subprocess.PIPE)
    assert reader.stdin is not None
    reader.stdin.close()
    _, err = tutor.communicate(b"Tia\nTea\n" + b"\n" * 200, timeout=60)
    reader.wait(timeout=10)
    assert tutor.returncode == 0, err
    assert b"Traceback" not in err and b"Error" not in err
    assert read_canvas(path).name == "Tia"


def test_before_a_canvas_is_open_quit_leaves_and_help_helps(tmp_path: Path) -> None:
    done = subprocess.run(plain_command("--plain"), input=b"help\nquit\n", capture_output=True,
                          timeout=60, env={**os.environ, "CANVAS_TUTOR_DATA_DIR": str(tmp_path)})
    assert done.returncode == 0
    assert b"or type quit to leave" in done.stdout and done.stdout.endswith(b"Goodbye.\n")
    assert not list(tmp_path.glob("*.canvas.toml"))
    named = subprocess.run(plain_command("--plain"), input=b"Q\nShop\nq\n", capture_output=True,
                           timeout=60, env={**os.environ, "CANVAS_TUTOR_DATA_DIR": str(tmp_path)})
    assert named.returncode == 0
    assert read_canvas(tmp_path / "q.canvas.toml").name == "Q"  # a name, not a command


def test_a_rate_exercise_saves_each_rating(tmp_path: Path) -> None:
    """Lesson 1's self-check: a number from 1 to 5 per outcome, Enter leaves one unrated."""
    path = tmp_path / "rate.canvas.toml"
    session = PlainSession("--plain", "--canvas", str(path))
    try:
        for line in ("Rae", "Shop", "skip"):
            session.prompt()
            session.send(line)
        since = session.prompt()
        assert "rate how sure you are" in since and "Point 1 of 8: " in since
        assert last_line(since) == "Your rating, 1 to 5: "
        session.send("3")
        session.prompt()
        session.send("9")  # not on the scale: asked again
        since = session.prompt()
        assert "Type one number from 1 to 5." in since
        session.send("4")
        session.prompt()
        session.send("q")
        assert session.finish() == 0
    finally:
        session.kill()
    canvas = read_canvas(path)
    ratings = next(iter(canvas.progress.ratings.values()))
    assert sorted(ratings.values()) == [3, 4] and len(ratings) == 2


def test_trainer_notes_are_read_only_in_trainer_mode(tmp_path: Path) -> None:
    from conftest import MINI_PACK

    args = ["--plain", "--course", str(MINI_PACK), "--canvas"]
    learner = subprocess.run(plain_command(*args, str(tmp_path / "a.canvas.toml")),
                             input=b"Al\nShop\n" + b"\n" * 6 + b"q\n", capture_output=True,
                             timeout=60)
    trainer = subprocess.run(plain_command(*args, str(tmp_path / "b.canvas.toml"), "--trainer"),
                             input=b"Bo\nShop\n" + b"\n" * 6 + b"q\n", capture_output=True,
                             timeout=60)
    assert b"For the trainer:" not in learner.stdout
    text = trainer.stdout.decode()
    notes = text.index("For the trainer:")
    assert text.index("Timing: 5 minutes.", notes) < text.index("End of the trainer's notes.")


def test_repeat_reads_the_question_and_its_options_again(tmp_path: Path) -> None:
    done = subprocess.run(plain_command("--plain", "--canvas", str(tmp_path / "r.canvas.toml")),
                          input=b"Ro\nShop\ngo 6\nskip\n\n\n\n\nrepeat\nq\n",
                          capture_output=True, timeout=60)
    text = done.stdout.decode()
    again = text.index("Your choice, a number: repeat")
    assert text.index("Question: A hairdresser in Accra", again) < \
        text.index("  2. Keeping the customers she already has", again)
