"""Learning records against a real LRS: Ralph with its filesystem backend, on loopback.

The statements are read back from the LRS and compared with the canvases; the LRS is
killed in the middle of a class and every statement still arrives, exactly once.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest

from canvas_tutor.canvas.codec import canvas_to_text
from canvas_tutor.canvas.session import CanvasSession
from canvas_tutor.canvas.store import CanvasStore, read_canvas
from canvas_tutor.cli import main
from canvas_tutor.course.model import Course
from canvas_tutor.export import xapi_send
from canvas_tutor.export.xapi import canvas_statements, default_home_page
from canvas_tutor.export.xapi_live import LiveSender
from canvas_tutor.export.xapi_send import AUTH_ENV, Lrs, Outbox, load_lrs
from ralph_lrs import PASSWORD as PASSWORD_PART
from ralph_lrs import Ralph, missing
from xapi_class import ODD, advance, learner_canvas, steps, write_class

if missing():
    pytest.skip(f"Ralph LRS cannot run here ({missing()}): pip install -e '.[test]'",
                allow_module_level=True)


@pytest.fixture
def ralph(tmp_path: Path) -> Any:
    server = Ralph(tmp_path / "ralph")
    server.start()
    yield server
    server.kill()


def by_id(statements: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in statements}


def same_record(sent: dict[str, Any], stored: dict[str, Any]) -> bool:
    """What the LRS keeps of a statement equals what was sent (it adds stored, authority)."""
    return all(stored.get(k) == v for k, v in sent.items())


def test_a_class_of_30_reaches_ralph_and_reads_back_the_same(
        ralph: Ralph, builtin_course: Course, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "class"
    paths = write_class(folder, builtin_course, size=30)
    monkeypatch.setenv(AUTH_ENV, ralph.credentials)
    assert main(["xapi", str(folder), "--send", "--lrs", ralph.url]) == 0
    err = capsys.readouterr().err
    assert ralph.credentials not in err and "0 still waiting" in err
    expected: dict[str, dict[str, Any]] = {}
    home = default_home_page(folder)
    for path in paths:
        expected.update(by_id(canvas_statements(read_canvas(path), builtin_course,
                                                home_page=home)))
    stored = by_id(ralph.statements())
    assert stored.keys() == expected.keys()
    assert all(same_record(expected[k], stored[k]) for k in expected)
    # The learner's exact words came back, markup and line breaks included.
    assert any(s.get("result", {}).get("response") == ODD for s in stored.values())
    # Sending again sends nothing new and stores nothing twice.
    assert main(["xapi", str(folder), "--send", "--lrs", ralph.url]) == 0
    assert "sent 0" in capsys.readouterr().err
    lines = ralph.stored_lines()
    assert len(lines) == len(expected) == len({x["id"] for x in lines})


def test_lrs_killed_mid_class_every_statement_arrives_once(
        ralph: Ralph, builtin_course: Course, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xapi_send, "MAX_BACKOFF", 1.0)  # keep the test short
    folder = tmp_path / "class"
    folder.mkdir()
    lrs = load_lrs(ralph.url, environ={AUTH_ENV: ralph.credentials})
    home = default_home_page(folder)
    learners = []
    for n in range(1, 31):  # each learner's session: its canvas file and its live sender
        canvas = learner_canvas(builtin_course, n)
        path = folder / f"learner-{n:02d}.canvas.toml"
        store = CanvasStore(path)
        store.create(canvas)
        sender = LiveSender(builtin_course, folder, lrs, home)
        learners.append((n, CanvasSession(store, canvas, after_save=sender.after_save),
                         sender))
    walk = steps(builtin_course)
    half = len(walk) // 2
    outbox = Outbox.of(folder)
    waiting_while_down = 0
    for i, step in enumerate(walk):
        if i == half // 2:
            ralph.kill()  # mid-class, with statements in flight
        if i == half:
            ralph.start()
        for n, session, _sender in learners:
            advance(session.canvas, builtin_course, n, step)
            session.changed()
            session.flush()  # a save, as the app's autosave makes it; the hook runs after
        if half // 2 <= i < half:
            waiting_while_down = max(waiting_while_down, outbox.counts()["pending"])
    assert waiting_while_down > 100  # the outage was real: records piled up in the outbox
    for _n, session, sender in learners:
        sender.join()
        session.close()
    deadline = time.monotonic() + 180  # a loaded machine: Ralph takes a while
    while outbox.counts()["pending"] and time.monotonic() < deadline:
        time.sleep(0.5)  # the senders retry by themselves after their backoff
    assert outbox.counts()["pending"] == 0 and outbox.counts()["rejected"] == 0
    sent = {p.stem for p in outbox.sent.glob("*.json")}
    lines = ralph.stored_lines()
    assert len(lines) == len({x["id"] for x in lines})  # nothing stored twice
    assert {x["id"] for x in lines} == sent
    # Every record a finished class holds is there: all lessons of all 30 learners.
    for n, session, _sender in learners:
        final = canvas_statements(read_canvas(session.path), builtin_course, home_page=home)
        done = {s["object"]["id"] for s in final if s["verb"]["id"].endswith("/completed")}
        got = {x["object"]["id"] for x in lines if x["verb"]["id"].endswith("/completed")
               and x["actor"]["name"] == f"Learner {n:02d}"}
        assert done <= got, n
    answers = [x for x in lines if x.get("result", {}).get("response") == ODD]
    assert answers  # free text typed during the outage arrived too


def test_refused_statements_are_kept_aside_with_the_reason(
        ralph: Ralph, builtin_course: Course, tmp_path: Path) -> None:
    lrs = load_lrs(ralph.url, environ={AUTH_ENV: ralph.credentials})
    canvas = learner_canvas(builtin_course, 4)
    for step in steps(builtin_course)[:6]:
        advance(canvas, builtin_course, 4, step)
    good = canvas_statements(canvas, builtin_course, home_page="https://school.example/4b")
    outbox = Outbox(tmp_path / "outbox")
    assert outbox.flush(lrs).sent == 0  # an empty outbox is fine
    outbox.queue(good[:2])
    assert outbox.flush(lrs).sent == 2
    # Same id, other content (409), and a statement Ralph cannot parse (4xx), among good ones.
    conflict = dict(good[0], id="00000000-0000-4000-8000-000000000001")
    outbox.queue([conflict])
    assert outbox.flush(lrs).sent == 1
    conflict = dict(good[1], id=conflict["id"], timestamp="2020-01-01T00:00:00Z")
    broken = {"id": "00000000-0000-4000-8000-000000000002", "actor": {"name": "x"},
              "verb": {"id": "not a verb"}}
    (outbox.pending / f"{conflict['id']}.json").write_text(
        json.dumps(conflict), "utf-8")
    outbox.queue([broken, *good[2:]])
    result = outbox.flush(lrs)
    assert result.sent == len(good) - 2 and result.pending == 0
    reasons = dict(result.rejected)
    assert set(reasons) == {conflict["id"], broken["id"]}
    assert "409" in reasons[conflict["id"]] and "HTTP 4" in reasons[broken["id"]]
    assert dict(outbox.rejections()) == reasons
    assert outbox.flush(lrs, force=True).rejected == []  # not retried forever
    assert len(ralph.statements()) == len(good) + 1


def test_wrong_credentials_keep_everything_and_are_never_printed(
        ralph: Ralph, builtin_course: Course, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "class"
    write_class(folder, builtin_course, size=2)
    secret = tmp_path / "lrs-credentials"
    secret.write_text("trainer:not-the-password\n", "utf-8")
    assert main(["xapi", str(folder), "--send", "--lrs", ralph.url,
                 "--lrs-auth-file", str(secret)]) == 1
    err = capsys.readouterr().err
    assert "401" in err and "not-the-password" not in err
    assert Outbox.of(folder).counts()["sent"] == 0 and Outbox.of(folder).counts()["pending"]
    secret.write_text(ralph.credentials + "\n", "utf-8")
    assert main(["xapi", str(folder), "--send", "--lrs", ralph.url,
                 "--lrs-auth-file", str(secret)]) == 0
    assert Outbox.of(folder).counts()["pending"] == 0
    assert Lrs(ralph.url, "Basic x").authorization not in repr(Lrs(ralph.url, "Basic x"))


def test_canvas_text_in_the_lrs_is_exactly_what_was_typed(
        ralph: Ralph, builtin_course: Course, tmp_path: Path) -> None:
    canvas = learner_canvas(builtin_course, 5)
    for step in steps(builtin_course)[:12]:
        advance(canvas, builtin_course, 5, step)
    path = tmp_path / "c.canvas.toml"
    path.write_text(canvas_to_text(canvas), "utf-8")
    lrs = load_lrs(ralph.url, environ={AUTH_ENV: ralph.credentials})
    outbox = Outbox(tmp_path / "outbox")
    outbox.queue(canvas_statements(read_canvas(path), builtin_course,
                                   home_page="https://school.example/4b"))
    assert outbox.flush(lrs).error == ""
    texts = [s["result"]["response"] for s in ralph.statements()
             if s.get("result", {}).get("response", "").startswith("Ça")]
    assert texts and set(texts) == {ODD}


async def test_a_served_session_sends_after_each_save(
        ralph: Ralph, builtin_course: Course, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The app in class mode, as `serve --lrs` runs it: a save sends the learner's records."""
    from canvas_tutor.export.xapi_live import HOME_PAGE_ENV
    from canvas_tutor.export.xapi_send import URL_ENV
    from canvas_tutor.tui.app import CanvasTutorApp

    monkeypatch.setenv(URL_ENV, ralph.url)
    monkeypatch.setenv(AUTH_ENV, ralph.credentials)
    monkeypatch.setenv(HOME_PAGE_ENV, "https://school.example/4b")
    folder = tmp_path / "class"
    folder.mkdir()
    path = folder / "ada.canvas.toml"
    path.write_text(canvas_to_text(learner_canvas(builtin_course, 7)), "utf-8")
    lesson = builtin_course.lessons[1]
    ex = next(e for e in lesson.exercises if e.kind == "reflect")
    app = CanvasTutorApp(builtin_course, canvas_path=path, data_dir=folder, fixed_folder=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.canvas.progress.current = lesson.id
        app.canvas.set_answer(ex.saves_to, ex.id, ODD)
        app.canvas.progress.complete(lesson.id)
        app.changed()
        app.save_now()
        deadline = time.monotonic() + 20
        while not Outbox.of(folder).counts()["sent"] and time.monotonic() < deadline:
            await pilot.pause(0.2)
    stored = ralph.statements()
    answers = [s for s in stored if s.get("result", {}).get("response") == ODD]
    assert len(answers) == 1
    assert answers[0]["actor"]["account"]["homePage"] == "https://school.example/4b"
    assert answers[0]["object"]["id"].endswith(f"/exercise/{ex.id}")
    assert Outbox.of(folder).counts()["pending"] == 0


def test_the_lrs_history_survives_a_crash_while_it_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ralph rewrites its history file on every read; killed mid-write, it must come back.

    As shipped, the file is truncated first: a SIGKILL then leaves it empty and Ralph
    answers HTTP 500 to everything, restart or not (the outage test then waits forever).
    The launcher replaces it atomically; here the write dies half-way through.
    """
    from ralph.backends.data.mixins import HistoryMixin
    from ralph.conf import settings

    import ralph_server

    history = tmp_path / "history.json"
    history.write_text('[{"id": "old"}]', "utf-8")
    monkeypatch.setattr(settings, "HISTORY_FILE", history)

    def dies_half_way(data: Any, out: Any, **kwargs: Any) -> None:
        out.write('[{"id": "ne')
        out.flush()
        raise KeyboardInterrupt  # as close to a kill as a test process gets

    monkeypatch.setattr(ralph_server.json, "dump", dies_half_way)
    backend = HistoryMixin()
    with pytest.raises(KeyboardInterrupt):
        backend.write_history([{"id": "old"}, {"id": "new"}])
    assert json.loads(history.read_text("utf-8")) == [{"id": "old"}]
    assert [p.name for p in tmp_path.iterdir()] == ["history.json"]  # no temp file left


async def test_serve_with_lrs_sends_a_learners_records_and_prints_no_secret(
        ralph: Ralph, builtin_course: Course, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole way: `canvas-tutor serve --lrs URL`, credentials in the environment, a
    learner in a (websocket) browser tab starts a canvas; the LRS gets their records."""
    pytest.importorskip("textual_serve")
    pytest.importorskip("aiohttp")
    from serve_support import ENTER, Learner, Serve

    monkeypatch.setenv(AUTH_ENV, ralph.credentials)
    folder = tmp_path / "class"
    server = Serve(folder, "127.0.0.1", None, "--lrs", ralph.url)
    try:
        learner = await Learner(server.url).connect()
        await learner.start_canvas("Ada Quinn", "Tea by bike")
        await learner.send(ENTER)  # past the code dialog, onto home
        await learner.wait_for("My canvas")
        await asyncio.sleep(0.5)
        mark = learner.mark()
        await learner.send(ENTER)  # the first lesson: now there is something to record
        await learner.wait_for(builtin_course.lessons[0].title, after=mark)
        deadline = time.monotonic() + 60
        while not Outbox.of(folder).counts()["sent"] and time.monotonic() < deadline:
            await asyncio.sleep(0.3)
        await learner.close()
    finally:
        server.close()
    stored = [s for s in ralph.statements() if s["actor"].get("name") == "Ada Quinn"]
    assert stored, (Outbox.of(folder).counts(), server.output[-2000:])
    assert {s["actor"]["account"]["homePage"] for s in stored} == {default_home_page(folder)}
    assert "Learning records (xAPI) go to" in server.output
    assert PASSWORD_PART not in server.output and ralph.credentials not in server.output
