"""What the parts the design requires cost on their own, against the same baselines as
`run.py`: the floor under two of its goals.

    python benchmarks/floors.py [--runs N]

- **export --format html <= 2.5x `python -c "import tomllib"`.** The export builds the
  course model (frozen dataclasses, as DESIGN.md says) and writes the date in the
  canvas's language (Babel, as the open-design and language issues say). Timed here
  alone, with nothing of canvas-tutor's own work.
- **first frame <= 1.3x a minimal Textual app.** The welcome's own widget tree (title,
  the plain-mode hint, the language button, the name and idea fields, Start, the
  outcomes) with the app's three stylesheets and the course read from its cache, in a
  bare Textual `App`, without canvas-tutor's app, screens or bars.

It reports; it never fails a build.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import canvas_tutor.tui  # noqa: E402
from run import MINIMAL_APP, first_frame  # noqa: E402

PY = sys.executable
DATE = ("import datetime\nfrom babel.dates import format_date\n"
        "format_date(datetime.date(2026, 12, 1), 'long', locale='en')\n")
EXPORT_CASES = {
    'python -c "import tomllib" (baseline)': "import tomllib",
    "+ the course model (frozen dataclasses)": "import tomllib\nimport canvas_tutor.course.model",
    "+ a date in the canvas's language (Babel)": "import tomllib\n" + DATE,
    "+ both": "import tomllib\nimport canvas_tutor.course.model\n" + DATE,
}
TUI = Path(canvas_tutor.tui.__file__).parent
WELCOME_TREE = f'''
from textual.app import App
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static
from canvas_tutor.course.load import load_course
course = load_course()
class Bare(App):
    CSS_PATH = {[str(TUI / "app.tcss"), str(TUI / "widgets" / "bars.tcss"),
                 str(TUI / "screens" / "welcome.tcss")]!r}
    def compose(self):
        yield Static(course.title)
        with VerticalScroll(id="welcome"):
            yield Static(course.title, classes="title")
            yield Static("Learn the canvas one block at a time.", classes="muted")
            yield Static("Screen reader or braille? Run canvas-tutor --plain.", classes="muted")
            with Horizontal(id="languages"):
                yield Static("Language", classes="label")
                yield Button("English", id="language", compact=True)
            with Vertical(id="new", classes="card"):
                yield Static("Start a new canvas", classes="panel-title")
                yield Static("Your name")
                yield Input(id="name", compact=True)
                yield Static("Your business idea, in a few words")
                yield Input(id="venture", compact=True)
                yield Button("READY-BARE", id="start", variant="primary", compact=True)
            with Vertical(id="outcomes", classes="card"):
                yield Static("By the end you will be able to", classes="panel-title")
                yield Static("\\n".join(o.text for o in course.outcomes))
        yield Static("f1 Help  ^p palette")
Bare().run()
'''


def _process(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([PY, "-c", code], check=True)
    return time.perf_counter() - start


def export_floor(runs: int) -> list[tuple[str, float, float]]:
    for code in EXPORT_CASES.values():
        _process(code)  # bytecode compiled, Babel's data in the page cache
    samples: dict[str, list[float]] = {name: [] for name in EXPORT_CASES}
    for _ in range(runs):  # the cases take turns, so a noisy moment hits them all
        for name, code in EXPORT_CASES.items():
            samples[name].append(_process(code))
    base = statistics.median(next(iter(samples.values())))
    return [(name, statistics.median(s), statistics.median(s) / base)
            for name, s in samples.items()]


def frame_floor(runs: int, tmp: Path) -> list[tuple[str, float, float]]:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24",
           "CANVAS_TUTOR_DATA_DIR": str(tmp / "data"),
           "CANVAS_TUTOR_CACHE_DIR": str(tmp / "cache")}
    (tmp / "minimal.py").write_text(MINIMAL_APP)
    (tmp / "bare.py").write_text(WELCOME_TREE)
    command = Path(PY).with_name("canvas-tutor")
    tutor = [str(command)] if command.exists() else [PY, "-m", "canvas_tutor"]
    cases = {
        "minimal Textual app (baseline)": ([PY, str(tmp / "minimal.py")], b"READY-MINIMAL"),
        "the welcome's widgets, stylesheets and course, in a bare App":
            ([PY, str(tmp / "bare.py")], b"READY-BARE"),
        "canvas-tutor's welcome": (tutor, b"Start"),
    }
    for argv, marker in cases.values():
        first_frame(argv, marker, env, quit_keys=b"\x11")  # a first session, then quit
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (argv, marker) in cases.items():
            samples[name].append(first_frame(argv, marker, env))
    base = statistics.median(samples["minimal Textual app (baseline)"])
    return [(name, statistics.median(s), statistics.median(s) / base)
            for name, s in samples.items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    print(f"canvas-tutor floors, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print("\n| export: what the design requires | median | vs baseline |\n|---|---|---|")
    for name, median, ratio in export_floor(runs):
        print(f"| {name} | {median * 1000:.1f} ms | {ratio:.2f}x |")
    with tempfile.TemporaryDirectory() as folder:
        rows = frame_floor(max(5, runs // 2), Path(folder))
    print("\n| first frame: what the welcome shows | median | vs baseline |\n|---|---|---|")
    for name, median, ratio in rows:
        print(f"| {name} | {median * 1000:.1f} ms | {ratio:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
