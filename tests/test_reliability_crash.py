"""Crash safety: a process killed with SIGKILL in the middle of saving loses no canvas.

A small helper process (started once, so Python's start-up is paid once) forks one child
per round. The child locks and loads the canvas and saves it in a tight loop, each save
with the next counter in an answer, reporting every finished save. The test kills it after
a random 1-30 ms, then checks that the canvas and its `.bak` both load, hold a complete
save, and that the canvas's counter is the last reported one or the one after it.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import CanvasStore, backup_path, read_canvas

ROUNDS = 200
BLOCK, EXERCISE = "customer_relationships", "cr-expect"
PAD = "Une relation durable, «ça compte» — 🤝 " * 20  # makes each save a few kB

HELPER = r"""
import os, re, sys
from canvas_tutor.canvas.store import CanvasStore

path, block, exercise, pad = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]


def child():
    store = CanvasStore(path)
    canvas = store.open()
    n = int(re.match(r"save (\d+)\n", canvas.answer(block, exercise)).group(1))
    os.write(1, b"ready\n")
    while True:
        n += 1
        canvas.set_answer(block, exercise, f"save {n}\n{pad}\nend {n}")
        canvas.set_notes(block, [f"note {n}"] * (n % 7))
        store.save(canvas)
        os.write(1, f"saved {n}\n".encode())


for _ in sys.stdin:
    pid = os.fork()
    if pid == 0:
        try:
            child()
        finally:
            os._exit(1)
    os.write(1, f"pid {pid}\n".encode())
    os.waitpid(pid, 0)
    os.write(1, b"dead\n")
"""


def counter(path: Path) -> int:
    """The counter of a complete save; fails if the file does not load or is mixed."""
    canvas = read_canvas(path)
    answer = canvas.answer(BLOCK, EXERCISE)
    m = re.fullmatch(r"save (\d+)\n(.*)\nend (\d+)", answer, re.S)
    assert m, f"{path.name} holds a partial answer: {answer[:80]!r}"
    assert m.group(1) == m.group(3) and m.group(2) == PAD
    n = int(m.group(1))
    assert canvas.block(BLOCK).notes == [f"note {n}"] * (n % 7)
    return n


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
def test_sigkill_during_saves_never_loses_the_canvas(tmp_path: Path) -> None:
    path = tmp_path / "ada.canvas.toml"
    canvas = Canvas(course="business-model-canvas", name="Ada", venture="Tea")
    canvas.set_answer(BLOCK, EXERCISE, f"save 0\n{PAD}\nend 0")
    with CanvasStore(path) as store:
        store.create(canvas)
        canvas.set_answer(BLOCK, EXERCISE, f"save 1\n{PAD}\nend 1")
        canvas.set_notes(BLOCK, ["note 1"])
        store.save(canvas)
    helper = subprocess.Popen(
        [sys.executable, "-c", HELPER, str(path), BLOCK, EXERCISE, PAD],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert helper.stdin is not None and helper.stdout is not None
    rng = random.Random(20261122)
    last = counter(path)
    mid_save_kills = 0
    began = time.monotonic()
    try:
        for round_no in range(ROUNDS):
            helper.stdin.write(b"go\n")
            helper.stdin.flush()
            pid = int(helper.stdout.readline().split()[1])
            ready = helper.stdout.readline().strip()
            assert ready == b"ready", f"round {round_no}: the child could not open the canvas"
            time.sleep(rng.uniform(0.001, 0.030))
            os.kill(pid, signal.SIGKILL)
            reported = []
            while (line := helper.stdout.readline().strip()) != b"dead":
                assert line.startswith(b"saved "), line
                reported.append(int(line.split()[1]))
            assert reported == list(range(last + 1, last + 1 + len(reported)))
            done = reported[-1] if reported else last
            now = counter(path)
            assert done <= now <= done + 1, (round_no, done, now)
            mid_save_kills += now == done + 1
            bak = counter(backup_path(path))
            assert now - 1 <= bak <= now, (round_no, now, bak)
            last = now
    finally:
        helper.kill()
        helper.wait(10)
    elapsed = time.monotonic() - began
    # On a loaded CI box fsync is slow; still, most rounds must have been saving.
    assert last >= ROUNDS // 2, "the children hardly saved at all: the test proved nothing"
    print(f"\n{ROUNDS} kills, {last} saves, {mid_save_kills} kills after the rename "
          f"before the report, {elapsed:.1f} s")
    # After all that, the learner opens the canvas as usual and no temp files are left.
    with CanvasStore(path) as store:
        assert counter(path) == last
        store.open()
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp"))
    assert leftovers == []
