"""A trainer's tools around a served class: return codes, `class codes`, the watched
report, the addresses serve prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from canvas_tutor.canvas.codec import canvas_to_text
from canvas_tutor.canvas.codes import WORDS, code_of, matches, new_code, normalise, set_code
from canvas_tutor.canvas.library import find_by_code, unused_code
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.errors import UserError
from canvas_tutor.export import report_watch
from canvas_tutor.serve import addresses


def put(folder: Path, stem: str, name: str, code: str = "", venture: str = "Tea") -> Path:
    canvas = Canvas(course="business-model-canvas", name=name, venture=venture)
    if code:
        set_code(canvas, code)
    path = folder / f"{stem}.canvas.toml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(canvas_to_text(canvas), "utf-8")
    return path


def test_codes_are_three_easy_words_and_typed_any_way() -> None:
    assert len(set(WORDS)) == len(WORDS) >= 250
    assert all(w.isascii() and w.isalpha() and w.islower() and len(w) <= 7 for w in WORDS)
    code = new_code()
    assert len(code.split("-")) == 3 and all(w in WORDS for w in code.split("-"))
    assert normalise("  Sun  TREE_seven ") == "sun-tree-seven"
    assert matches("sun-tree-seven", "sun tree seven") and not matches("sun-tree-seven", "sun")
    assert not matches("", "")  # a canvas without a code is never opened by one
    taken = {new_code() for _ in range(200)}
    assert new_code(taken) not in taken


def test_the_code_lives_in_the_file_and_finds_its_canvas(tmp_path: Path) -> None:
    put(tmp_path, "ada", "Ada", "lion-cake-nine")
    path = put(tmp_path, "ada-2", "Ada", "rope-moon-ten")
    assert code_of(read_canvas(path)) == "rope-moon-ten"
    assert 'code = "rope-moon-ten"' in path.read_text("utf-8")
    found = find_by_code(tmp_path, "Rope Moon Ten")
    assert found is not None and found.path == path
    assert find_by_code(tmp_path, "Ada") is None  # a name is not a key
    assert unused_code(tmp_path) not in {"lion-cake-nine", "rope-moon-ten"}


def test_class_codes_lists_every_learner_for_the_trainer(tmp_path: Path) -> None:
    put(tmp_path, "ada", "Ada", "lion-cake-nine", venture="Tea")
    put(tmp_path, "ada-2", "Ada", "rope-moon-ten", venture="Bikes")
    put(tmp_path, "bob", "Bob")
    (tmp_path / "broken.canvas.toml").write_text("not = [toml", "utf-8")
    run = subprocess.run([sys.executable, "-m", "canvas_tutor", "class", "codes",
                          str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["name", "business", "idea", "return", "code", "last", "change",
                                "file", "name"]
    assert any("Ada" in x and "Tea" in x and "lion-cake-nine" in x for x in lines)
    assert any("Ada" in x and "Bikes" in x and "rope-moon-ten" in x for x in lines)
    assert any("Bob" in x and "(none" in x for x in lines)
    assert any("broken.canvas.toml" in x for x in lines)
    only = subprocess.run([sys.executable, "-m", "canvas_tutor", "class", "codes",
                           str(tmp_path), "--name", "bob"], capture_output=True, text=True,
                          timeout=60)
    assert "Bob" in only.stdout and "Ada" not in only.stdout
    missing = subprocess.run([sys.executable, "-m", "canvas_tutor", "class", "codes",
                              str(tmp_path / "nope")], capture_output=True, text=True,
                             timeout=60)
    assert missing.returncode == 1 and "no such folder" in missing.stderr


def test_watch_writes_again_once_changes_settle(tmp_path: Path) -> None:
    path = put(tmp_path, "ada", "Ada")
    now = [0.0]
    writes: list[float] = []
    script = iter([lambda: None, lambda: path.write_text(path.read_text() + "\n"),
                   lambda: None, lambda: None, lambda: None, lambda: None])

    def sleep(seconds: float) -> None:
        now[0] += seconds
        next(script, lambda: None)()

    written = report_watch.watch([tmp_path], lambda: writes.append(now[0]), rounds=6,
                                 poll=1.0, settle=1.5, clock=lambda: now[0], sleep=sleep)
    assert written == 2  # the first report, then one after the change settled
    assert writes[0] == 0.0 and writes[1] >= 2.0 + 1.5


def test_watch_needs_an_output_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="-o"):
        report_watch.watch_command([tmp_path], "html", None, None)


def test_watch_command_writes_a_reloading_report(tmp_path: Path) -> None:
    put(tmp_path / "class", "ada", "Ada")
    out = tmp_path / "report.html"
    assert report_watch.watch_command([tmp_path / "class"], "html", out, None, rounds=1) == 0
    assert 'http-equiv="refresh"' in out.read_text("utf-8")


def test_a_wildcard_host_is_never_shown_to_learners(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(addresses, "lan_addresses", lambda: ["192.168.1.20", "fd00::7"])
    assert addresses.learner_urls("0.0.0.0", 8000) == ["http://192.168.1.20:8000",
                                                        "http://[fd00::7]:8000"]
    assert addresses.learner_urls("127.0.0.2", 80) == ["http://127.0.0.2"]
    assert addresses.is_loopback("127.0.0.9") and not addresses.is_loopback("192.168.1.20")
    found = addresses.lan_addresses()  # the real machine: never a loopback or wildcard
    assert not any(a.startswith("127.") or a in ("::1", "0.0.0.0") for a in found)


def test_public_url_is_checked() -> None:
    assert addresses.check_public_url("https://class.example.org/") == \
        "https://class.example.org"
    for bad in ("class.example.org", "ftp://x", "http://x/?a=1", "javascript:alert(1)"):
        with pytest.raises(UserError):
            addresses.check_public_url(bad)


def test_a_session_leaves_when_its_parent_dies(tmp_path: Path) -> None:
    """The guard thread alone (no server): a child whose parent is killed saves and exits."""
    script = (
        "import os, sys, time, threading\n"
        "from canvas_tutor.serve.guard import watch_parent\n"
        f"def save(): open({str(tmp_path / 'saved')!r}, 'w').write('app')\n"
        "watch_parent(save, lambda: None)\n"
        "print('watching', flush=True); time.sleep(30)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c",
         "import subprocess, sys, time\n"
         f"p = subprocess.Popen([sys.executable, '-c', {script!r}])\n"
         "print(p.pid, flush=True); time.sleep(30)\n"],
        stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert parent.stdout.readline().strip() == "watching"
    parent.kill()
    parent.wait(10)
    for _ in range(100):
        if (tmp_path / "saved").exists() and not Path(f"/proc/{child}").exists():
            break
        os.sched_yield()
        subprocess.run(["sleep", "0.05"], check=False)
    assert (tmp_path / "saved").read_text() == "app"


def test_the_launcher_runs_the_session_itself_without_a_starter(tmp_path: Path) -> None:
    from canvas_tutor.serve.forks import LAUNCHER

    run = subprocess.run([sys.executable, "-c", LAUNCHER, str(tmp_path / "no.sock"), "-c",
                          "print('the ordinary session')"], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == "the ordinary session"


def test_sessions_are_forked_from_the_starter(tmp_path: Path) -> None:
    """The launcher hands its streams over; the forked child answers on them."""
    import socket as sockets
    import threading

    from canvas_tutor.serve.forks import LAUNCHER, decode_request

    path = tmp_path / "s.sock"
    listener = sockets.socket(sockets.AF_UNIX, sockets.SOCK_SEQPACKET)
    listener.bind(str(path))
    listener.listen(1)

    def starter() -> None:  # what forks.py does, without Textual: write on the given stdout
        conn, _ = listener.accept()
        message, fds, _, _ = sockets.recv_fds(conn, 1 << 20, 3)
        argv, env = decode_request(message)
        conn.send(b"started 1")
        os.write(fds[1], f"from the starter {argv} {env['COLUMNS']}x{env['ROWS']}\n".encode())
        for fd in fds:
            os.close(fd)
        conn.send(b"exit %d" % (7 << 8))  # the wait status of a session that exited with 7
        conn.close()

    thread = threading.Thread(target=starter)
    thread.start()
    run = subprocess.run([sys.executable, "-c", LAUNCHER, str(path), "-c", "print('no')"],
                         capture_output=True, text=True, timeout=60,
                         env={**os.environ, "COLUMNS": "120", "ROWS": "40"})
    thread.join(10)
    assert run.returncode == 7
    assert run.stdout == "from the starter ['-c', \"print('no')\"] 120x40\n"
