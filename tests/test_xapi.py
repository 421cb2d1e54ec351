"""xAPI statements from canvases, and the outbox when no LRS answers (no server needed)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from canvas_tutor.canvas.codec import canvas_from_text, canvas_to_text
from canvas_tutor.cli import main
from canvas_tutor.course.model import Course
from canvas_tutor.export import xapi_send
from canvas_tutor.export.xapi import VERBS, canvas_statements, learner_id
from canvas_tutor.export.xapi_send import AUTH_ENV, Lrs, LrsError, Outbox, check_url, load_lrs
from xapi_class import ODD, advance, learner_canvas, steps, write_class

HOME = "https://school.example/class-4b"


def full_canvas(course: Course, learner: int = 10):  # type: ignore[no-untyped-def]
    canvas = learner_canvas(course, learner)
    for step in steps(course):
        advance(canvas, course, learner, step)
    return canvas


def test_every_kind_of_record_with_exact_text(builtin_course: Course) -> None:
    canvas = full_canvas(builtin_course)
    # Through the file, as the command reads it: what the learner typed, exactly.
    canvas = canvas_from_text(Path("x.canvas.toml"), canvas_to_text(canvas))
    out = canvas_statements(canvas, builtin_course, home_page=HOME)
    verbs = [s["verb"]["id"] for s in out]
    lessons = builtin_course.lessons
    assert verbs.count(VERBS["experienced"]) == len(lessons)
    assert verbs.count(VERBS["completed"]) == len(lessons) + 1  # every lesson and the course
    assert out[-1]["object"]["id"].endswith(":business-model-canvas")
    reflect = [s for s in out if s["object"]["definition"].get("interactionType")
               == "long-fill-in" and "[,]" not in s["result"]["response"]]
    assert reflect and all(s["result"]["response"] == ODD for s in reflect)
    quizzes = [s for s in out if "success" in s.get("result", {})]
    n_quiz = sum(1 for x in lessons for e in x.exercises if e.kind in ("choice", "classify"))
    assert len(quizzes) == n_quiz and all(s["result"]["success"] for s in quizzes)
    choice = next(s for s in quizzes if s["object"]["definition"]["interactionType"] == "choice")
    assert choice["result"]["response"] in choice["object"]["definition"][
        "correctResponsesPattern"]
    assert len({s["id"] for s in out}) == len(out)
    assert all(s["version"] == "1.0.3" and s["timestamp"].endswith("Z") for s in out)
    rates = [e for x in lessons for e in x.exercises if e.kind == "rate"]
    likert = [s for s in out if s["object"]["definition"].get("interactionType") == "likert"]
    assert rates and len(likert) == sum(len(e.options) for e in rates)
    for s in likert:
        exercise_id, item = s["object"]["id"].split("/exercise/")[1].split("/item/")
        assert s["result"]["score"]["raw"] == canvas.progress.ratings[exercise_id][item]
        assert s["result"]["response"] == str(s["result"]["score"]["raw"])


def test_wrong_answers_are_recorded_as_wrong(builtin_course: Course) -> None:
    out = canvas_statements(full_canvas(builtin_course, learner=11), builtin_course,
                            home_page=HOME)
    choices = [s for s in out if s["object"]["definition"].get("interactionType") == "choice"
               and "success" in s["result"]]
    assert choices and not any(s["result"]["success"] for s in choices)


def test_actor_is_an_account_without_email_or_file_name(builtin_course: Course) -> None:
    canvas = full_canvas(builtin_course)
    out = canvas_statements(canvas, builtin_course, home_page=HOME)
    actor = out[0]["actor"]
    assert actor["account"] == {"homePage": HOME, "name": learner_id(canvas)}
    assert "mbox" not in actor and "learner" not in actor["account"]["name"][8:]
    assert "Learner" not in actor["account"]["name"]
    given = canvas_statements(canvas, builtin_course, home_page=HOME, email="ada@school.example")
    assert given[0]["actor"]["mbox"] == "mailto:ada@school.example"


def test_ids_are_stable_and_follow_the_answer(builtin_course: Course) -> None:
    canvas = full_canvas(builtin_course)
    first = [s["id"] for s in canvas_statements(canvas, builtin_course, home_page=HOME)]
    again = [s["id"] for s in canvas_statements(canvas, builtin_course, home_page=HOME)]
    assert first == again
    ex = next(e for x in builtin_course.lessons for e in x.exercises if e.kind == "reflect")
    canvas.set_answer(ex.saves_to, ex.id, "A better answer")
    changed = [s["id"] for s in canvas_statements(canvas, builtin_course, home_page=HOME)]
    assert len(set(first) - set(changed)) == 1 and len(set(changed) - set(first)) == 1
    other = full_canvas(builtin_course, learner=12)
    assert not set(first) & {s["id"] for s in canvas_statements(other, builtin_course,
                                                                  home_page=HOME)}


def test_live_sending_waits_for_the_lesson_being_typed(builtin_course: Course) -> None:
    lesson = next(x for x in builtin_course.lessons
                  if any(e.kind == "reflect" for e in x.exercises))
    canvas = learner_canvas(builtin_course, 3)
    for step in steps(builtin_course):
        if step[0] == lesson.id and step[1] is not None:
            advance(canvas, builtin_course, 3, step)
    live = canvas_statements(canvas, builtin_course, home_page=HOME, settled_only=True)
    kinds = {s["object"]["definition"].get("extensions", {}).get(
        "urn:canvas-tutor:xapi:exercise-kind") for s in live}
    assert "reflect" not in kinds and "notes" not in kinds
    canvas.progress.complete(lesson.id)
    done = canvas_statements(canvas, builtin_course, home_page=HOME, settled_only=True)
    assert any(s["object"]["definition"].get("interactionType") == "long-fill-in" for s in done)


@pytest.mark.parametrize("url", ["ftp://lrs.example/xapi", "file:///etc/passwd",
                                 "javascript:alert(1)", "lrs.example/xapi", "http:///x",
                                 "https://user:pw@lrs.example/xapi/"])
def test_only_plain_http_urls_are_accepted(url: str) -> None:
    with pytest.raises(LrsError) as err:
        check_url(url)
    assert "pw" not in str(err.value)


def test_credentials_come_from_env_or_file_and_never_show(tmp_path: Path) -> None:
    assert check_url("https://lrs.example/xAPI") == "https://lrs.example/xAPI/"
    lrs = load_lrs("https://lrs.example/xAPI", environ={AUTH_ENV: "ada:s3cr3t"})
    assert lrs.authorization.startswith("Basic ") and "s3cr3t" not in repr(lrs)
    secret = tmp_path / "lrs-auth"
    secret.write_text("bob:hunter2\n", "utf-8")
    from_file = load_lrs("https://lrs.example/xAPI", auth_file=secret, environ={})
    assert from_file.authorization != lrs.authorization
    with pytest.raises(LrsError, match="user:password"):
        load_lrs("https://lrs.example/", environ={AUTH_ENV: "no-colon"})


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # nothing listens there any more


def test_an_lrs_that_is_down_loses_nothing(builtin_course: Course, tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox")
    statements = canvas_statements(full_canvas(builtin_course), builtin_course, home_page=HOME)
    assert outbox.queue(statements) == len(statements)
    assert outbox.queue(statements) == 0  # queued once, however often it is offered
    lrs = Lrs(f"http://127.0.0.1:{closed_port()}/xAPI/", "Basic c2VjcmV0OnNlY3JldA==")
    result = outbox.flush(lrs, timeout=2)
    assert result.sent == 0 and result.pending == len(statements)
    assert "no answer from the LRS" in result.error and "c2VjcmV0" not in result.error
    assert outbox.next_try() > 0
    assert outbox.flush(lrs).waited  # backing off: no new try yet
    assert outbox.counts() == {"pending": len(statements), "sent": 0, "rejected": 0}


def test_a_damaged_outbox_file_is_kept_aside(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox")
    outbox.queue([])
    (outbox.pending / "broken.json").write_text("{not json", "utf-8")
    result = outbox.flush(Lrs(f"http://127.0.0.1:{closed_port()}/xAPI/"), timeout=1)
    assert result.rejected and result.rejected[0][0] == "broken"
    assert outbox.rejections()[0][1].startswith("unreadable outbox file")


def test_cli_writes_statements_json(builtin_course: Course, tmp_path: Path) -> None:
    write_class(tmp_path / "class", builtin_course, size=5)
    out = tmp_path / "statements.json"
    assert main(["xapi", str(tmp_path / "class"), "-o", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    assert {s["actor"]["account"]["homePage"] for s in data} == {"urn:canvas-tutor:class:class"}
    assert any(s["result"]["response"] == ODD for s in data if "result" in s
               and "response" in s["result"])


@pytest.mark.parametrize("command", ["xapi", "serve"])
def test_cli_refuses_a_non_http_lrs(command: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    args = ["xapi", str(tmp_path), "--send"] if command == "xapi" else ["serve"]
    assert main([*args, "--lrs", "file:///tmp/x"]) == 1
    err = capsys.readouterr().err
    assert "http:// or https://" in err and "Traceback" not in err


def test_send_to_an_unreachable_lrs_keeps_all_and_shows_no_secret(
        builtin_course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(xapi_send, "TIMEOUT", 2.0)
    write_class(tmp_path / "class", builtin_course, size=2)
    monkeypatch.setenv(AUTH_ENV, "trainer:do-not-print-me")
    url = f"http://127.0.0.1:{closed_port()}/xAPI/"
    assert main(["xapi", str(tmp_path / "class"), "--send", "--lrs", url]) == 1
    err = capsys.readouterr().err
    assert "do-not-print-me" not in err and "still waiting" in err
    assert Outbox.of(tmp_path / "class").counts()["pending"] > 0


def test_class_report_shows_what_is_not_sent(builtin_course: Course, tmp_path: Path) -> None:
    from canvas_tutor.export.report import collect, report_html

    folder = tmp_path / "class"
    paths = write_class(folder, builtin_course, size=3)
    assert "Learning records" not in report_html(collect([folder], builtin_course))
    outbox = Outbox.of(folder)
    from canvas_tutor.canvas.store import read_canvas

    statements = canvas_statements(read_canvas(paths[-1]), builtin_course, home_page=HOME)
    outbox.queue(statements)
    bad = statements[0]["id"]
    outbox._move(bad, outbox.rejected, "HTTP 422: <script>bad</script> actor")  # noqa: SLF001
    page = report_html(collect([folder], builtin_course))
    assert f"{len(statements) - 1} not sent yet, 1 refused by the LRS" in page
    assert bad in page and "&lt;script&gt;bad&lt;/script&gt;" in page
    assert "<script>bad" not in page


def test_emails_only_when_the_trainer_gives_them(builtin_course: Course, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    write_class(tmp_path / "class", builtin_course, size=2)
    emails = tmp_path / "emails.toml"
    emails.write_text('"learner  01" = "l01@school.example"\n', "utf-8")
    out = tmp_path / "statements.json"
    assert main(["xapi", str(tmp_path / "class"), "-o", str(out), "--emails", str(emails)]) == 0
    actors = {s["actor"]["name"]: s["actor"] for s in json.loads(out.read_text("utf-8"))}
    assert actors["Learner 01"]["mbox"] == "mailto:l01@school.example"
    assert "account" not in actors["Learner 01"]
    assert "mbox" not in actors["Learner 02"] and "account" in actors["Learner 02"]
    emails.write_text('"Learner 01" = "not an address"\n', "utf-8")
    assert main(["xapi", str(tmp_path / "class"), "--emails", str(emails)]) == 1
    assert "is not an e-mail address" in capsys.readouterr().err


def test_a_redirect_is_not_followed_and_keeps_everything(builtin_course: Course,
                                                          tmp_path: Path) -> None:
    """An LRS address that redirects elsewhere never gets the credentials sent on."""
    import http.server
    import threading

    seen: list[str] = []

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the standard library's name
            seen.append(self.headers.get("Authorization") or "")
            self.send_response(307)
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        outbox = Outbox(tmp_path / "outbox")
        statements = canvas_statements(full_canvas(builtin_course), builtin_course,
                                       home_page=HOME)[:3]
        outbox.queue(statements)
        lrs = Lrs(f"http://127.0.0.1:{server.server_port}/xAPI/", "Basic dG9wOnNlY3JldA==")
        result = outbox.flush(lrs, timeout=3)
    finally:
        server.shutdown()
    assert len(seen) == 1 and seen[0] == "Basic dG9wOnNlY3JldA=="  # one try, no follow-up
    assert "HTTP 307" in result.error and result.pending == 3 and not result.rejected


def test_cli_takes_one_canvas_file_too(builtin_course: Course, tmp_path: Path) -> None:
    """`canvas-tutor xapi CANVAS`: one learner's file, as a trainer hands it in."""
    path = write_class(tmp_path / "class", builtin_course, size=1)[0]
    out = tmp_path / "one.json"
    assert main(["xapi", str(path), "-o", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    from canvas_tutor.canvas.store import read_canvas

    expected = canvas_statements(read_canvas(path), builtin_course,
                                 home_page="urn:canvas-tutor:class:class")
    assert [s["id"] for s in data] == [s["id"] for s in expected]
    assert {s["actor"]["account"]["name"] for s in data} == {learner_id(read_canvas(path))}


def _sender(builtin_course: Course, tmp_path: Path):  # type: ignore[no-untyped-def]
    from canvas_tutor.export.xapi_live import LiveSender

    return LiveSender(builtin_course, tmp_path, Lrs("http://127.0.0.1:9/xapi/"),
                      "https://class.example")


def test_a_save_during_a_send_is_sent_right_after_it(builtin_course: Course, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Statements queued while a send runs may come after the files it listed: the
    sender goes round once more instead of leaving them for the next save."""
    import threading

    sender = _sender(builtin_course, tmp_path)
    inside, release, calls = threading.Event(), threading.Event(), []

    def flush(lrs: Lrs, **_: object) -> xapi_send.FlushResult:
        calls.append(1)
        inside.set()
        release.wait(5)
        return xapi_send.FlushResult()

    monkeypatch.setattr(sender.outbox, "flush", flush)
    sender.send_soon()
    assert inside.wait(5)
    sender.send_soon()  # a save lands while the first send is in progress
    release.set()
    sender.join()
    assert len(calls) == 2


def test_retries_go_on_while_the_lrs_stays_away(builtin_course: Course, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A send that leaves statements pending schedules the next try, every time: the
    chain broke when a retry's send ended before the timer that started it."""
    import threading
    import time

    sender = _sender(builtin_course, tmp_path)
    calls: list[float] = []
    three = threading.Event()

    def flush(lrs: Lrs, **_: object) -> xapi_send.FlushResult:
        calls.append(time.monotonic())
        if len(calls) >= 3:
            three.set()
            return xapi_send.FlushResult()
        return xapi_send.FlushResult(pending=5, error="connection refused")

    monkeypatch.setattr(sender.outbox, "flush", flush)
    monkeypatch.setattr(sender.outbox, "next_try", time.time)  # due at once (1 s floor)
    sender.send_soon()
    assert three.wait(10), f"{len(calls)} tries, then none"
