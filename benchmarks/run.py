"""canvas-tutor's benchmark: one command, one table, every figure against a same-run baseline.

    python benchmarks/run.py [--quick]

It reports; it never fails a build. Each timing is the median of several runs, with min
and max, and each goal is judged as a ratio to a baseline measured in this same run, so
that the table holds on a noisy machine.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from canvas_tutor.canvas.model import Canvas  # noqa: E402
from canvas_tutor.canvas.store import CanvasStore  # noqa: E402
from canvas_tutor.course.loader import load_course  # noqa: E402

PY = sys.executable
MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static
class Minimal(App):
    def compose(self):
        yield Static("READY-MINIMAL")
Minimal().run()
"""


class Row:
    """One line of the table."""

    def __init__(self, what: str, samples: list[float], unit: str, goal: str = "",
                 verdict: str = "") -> None:
        self.what, self.samples, self.unit, self.goal, self.verdict = (
            what, samples, unit, goal, verdict)

    def cells(self) -> list[str]:
        med = statistics.median(self.samples)
        fmt = "{:.1f}" if self.unit in ("ms", "MiB") else "{:.2f}"
        return [self.what, fmt.format(med) + f" {self.unit}",
                fmt.format(min(self.samples)), fmt.format(max(self.samples)),
                self.goal, self.verdict]


def first_frame(argv: list[str], marker: bytes, env: dict[str, str],
                quit_keys: bytes = b"") -> float:
    """Seconds from start until `marker` appears on a real pseudo-terminal (80x24).

    With `quit_keys`, the app is then left a moment and quit with those keys, as a learner
    would: the warm-up run that leaves the caches a real first session leaves."""
    import fcntl
    import pty
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # child
        fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execve(argv[0], argv, env)
    start = time.perf_counter()
    seen = b""
    elapsed = float("inf")
    try:
        while time.perf_counter() - start < 30:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                seen += chunk
                if marker in seen:
                    elapsed = time.perf_counter() - start
                    break
        if quit_keys and elapsed < float("inf"):
            time.sleep(1.0)
            os.write(fd, quit_keys)
            deadline = time.perf_counter() + 10
            while time.perf_counter() < deadline and os.waitpid(pid, os.WNOHANG) == (0, 0):
                with contextlib.suppress(OSError):
                    if select.select([fd], [], [], 0.05)[0]:
                        os.read(fd, 65536)
    finally:
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    return elapsed


def bench_first_frame(runs: int, tmp: Path) -> list[Row]:
    env = {**os.environ, "TERM": "xterm-256color", "CANVAS_TUTOR_DATA_DIR": str(tmp / "ff"),
           "CANVAS_TUTOR_CACHE_DIR": str(tmp / "cache"), "COLUMNS": "80", "LINES": "24"}
    script = tmp / "minimal_app.py"
    script.write_text(MINIMAL_APP)
    # What a learner types: the installed `canvas-tutor` command (else the module).
    command = Path(PY).with_name("canvas-tutor")
    tutor = [str(command)] if command.exists() else [PY, "-m", "canvas_tutor"]
    # A first session, started and quit, as on any machine where the course has run once
    # (Python's bytecode is compiled; nothing else is kept between runs).
    first_frame(tutor, b"Start", env, quit_keys=b"\x11")  # Ctrl+Q
    base, ours = [], []
    for _ in range(runs):
        base.append(first_frame([PY, str(script)], b"READY-MINIMAL", env))
        ours.append(first_frame(tutor, b"Start", env))
    ratio = statistics.median(ours) / statistics.median(base)
    return [
        Row("first frame, minimal Textual app (baseline)", [b * 1000 for b in base], "ms"),
        Row("first frame, canvas-tutor welcome", [o * 1000 for o in ours], "ms",
            "<= 1.3x", f"{ratio:.2f}x"),
    ]


MEMORY_SCRIPT = """
import asyncio, resource, sys
from pathlib import Path
mode = sys.argv[1]
async def main():
    if mode == "minimal":
        from textual.app import App
        from textual.widgets import Static
        class Minimal(App):
            def compose(self):
                yield Static("hello")
        async with Minimal().run_test(size=(120, 40)) as pilot:
            await pilot.pause()
    else:
        from canvas_tutor.course.loader import load_course
        from canvas_tutor.tui.app import CanvasTutorApp
        course = load_course()
        app = CanvasTutorApp(course, data_dir=Path(sys.argv[2]))
        async with app.run_test(size=(120, 40)) as pilot:
            app.create_canvas(Path(sys.argv[2]) / "m.canvas.toml", "M", "Memory")
            await pilot.pause()
            for lesson in course.lessons:
                app.open_lesson(lesson.id)
                await pilot.pause()
asyncio.run(main())
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def bench_memory(runs: int, tmp: Path) -> list[Row]:
    script = tmp / "memory.py"
    script.write_text(MEMORY_SCRIPT)

    def peak(mode: str) -> float:
        folder = Path(tempfile.mkdtemp(dir=tmp))
        out = subprocess.run([PY, str(script), mode, str(folder)], capture_output=True,
                             text=True, check=True).stdout.split()[-1]
        return int(out) / 1024  # KiB -> MiB

    base = [peak("minimal") for _ in range(runs)]
    ours = [peak("tutor") for _ in range(runs)]
    ratio = statistics.median(ours) / statistics.median(base)
    return [
        Row("peak memory, minimal Textual app (baseline)", base, "MiB"),
        Row("peak memory, every lesson opened once", ours, "MiB", "<= 1.5x", f"{ratio:.2f}x"),
    ]


LESSON_SCRIPT = """
import asyncio, sys, time, json
from pathlib import Path
from textual.app import App
from textual.screen import Screen
from textual.widgets import Footer, Static
from canvas_tutor.course.loader import load_course
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.home import HomeScreen
from canvas_tutor.tui.screens.lesson import LessonScreen

class Plain(Screen):
    BINDINGS = [("escape", "app.pop_screen", "Back")]
    def compose(self):
        yield Static("A plain screen: one Static and a footer.")
        yield Footer()

course = load_course()
longest = max((l for l in course.lessons if l.block), key=lambda l: l.path.stat().st_size)
frames = []  # every frame the watched screen draws: (when, its rows of text)
overhead = [0.0]  # time spent reading frames, taken off the times that follow
display = App._display

def watched(app, screen, update):
    display(app, screen, update)
    if update is not None and isinstance(screen, (LessonScreen, Plain)):
        start = time.perf_counter()
        rows = ["".join(seg.text for seg in strip)
                for strip in screen._compositor.render_strips()]
        frames.append((start - overhead[0], rows))
        overhead[0] += time.perf_counter() - start

App._display = watched

def fully_painted(start, ignore=range(0)):
    # the first frame that already shows what the screen settles on (ignoring `ignore`
    # columns: the scrollbar's thumb shrinks while exercises mount below the fold)
    def visible(rows):
        return ["".join(c for i, c in enumerate(row) if i not in ignore) for row in rows]
    final = visible(frames[-1][1])
    return next(t for t, rows in frames if visible(rows) == final) - start

async def settle(pilot):
    for _ in range(5):
        await pilot.pause()

async def main():
    app = CanvasTutorApp(course, data_dir=Path(sys.argv[1]))
    result = {"lesson": longest.id, "plain": [], "painted": [], "ready": []}
    async with app.run_test(size=(120, 40)) as pilot:
        app.create_canvas(Path(sys.argv[1]) / "l.canvas.toml", "L", "Lesson")
        await settle(pilot)
        for _ in range(int(sys.argv[2])):
            frames.clear(); overhead[0] = 0.0
            start = time.perf_counter()
            app.push_screen(Plain())  # the baseline: Textual's own cost of a new screen
            await settle(pilot)
            result["plain"].append(fully_painted(start))
            await pilot.press("escape")
            await settle(pilot)

            app.screen.query_one(f"#tile-{longest.block}").focus()
            await settle(pilot)
            frames.clear(); overhead[0] = 0.0
            start = time.perf_counter()
            await pilot.press("enter")  # the key press on the block's tile
            while not getattr(app.screen, "ready_at", 0):
                await pilot.pause()
            await settle(pilot)
            body = app.screen.query_one("#body")
            edge = body.region.right - body.styles.padding.right
            bar = range(edge - body.scrollbar_size_vertical, edge)
            result["painted"].append(fully_painted(start, bar))
            result["ready"].append(frames[-1][0] - start)
            await pilot.press("escape")
            while not isinstance(app.screen, HomeScreen):
                await pilot.pause()
            await settle(pilot)
    print(json.dumps(result))

asyncio.run(main())
"""


def bench_lesson(runs: int, tmp: Path) -> list[Row]:
    import json

    script = tmp / "lesson.py"
    script.write_text(LESSON_SCRIPT)
    out = subprocess.run([PY, str(script), str(tmp), str(max(runs * 2, 10))],
                         capture_output=True, text=True, check=True).stdout.splitlines()[-1]
    data = json.loads(out)
    plain = [t * 1000 for t in data["plain"]]
    painted = [t * 1000 for t in data["painted"]]
    ready = [t * 1000 for t in data["ready"]]
    ratio = statistics.median(painted) / statistics.median(plain)
    return [
        Row("open a screen with one Static and a footer (baseline)", plain, "ms"),
        Row(f"open the longest lesson ({data['lesson']}): key to fully painted", painted,
            "ms", "median <= 100 ms", f"{statistics.median(painted):.0f} ms "
            f"({ratio:.1f}x), worst {max(painted):.0f} ms"),
        Row("  ... and every exercise mounted below the fold", ready, "ms"),
    ]


def full_canvas() -> Canvas:
    course = load_course()
    canvas = Canvas(course=course.id, name="Bench", venture="A full canvas")
    for block in course.canvas.blocks:
        canvas.set_notes(block.id, [f"{block.title} note {i}: " + "words " * 12
                                    for i in range(6)])
    for i in range(60):
        block = course.canvas.blocks[i % len(course.canvas.blocks)]
        canvas.set_answer(block.id, f"answer-{i}", "A thoughtful answer. " * 20)
    canvas.set_types("customer_relationships", ["communities", "long_term"])
    return canvas


def bench_autosave(runs: int, tmp: Path) -> list[Row]:
    canvas = full_canvas()
    store = CanvasStore(tmp / "save.canvas.toml")
    store.create(canvas)
    times = []
    for i in range(max(runs * 10, 50)):
        canvas.set_answer("channels", "answer-0", f"edit {i}")
        start = time.perf_counter()
        store.save(canvas)
        times.append((time.perf_counter() - start) * 1000)
    store.close()
    med = statistics.median(times)
    return [Row("autosave, full canvas (9 blocks, 60 answers)", times, "ms", "median <= 5 ms",
                f"{med:.2f} ms")]


def timed(argv: list[str], runs: int, env: dict[str, str] | None = None) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=False, env=env)
        samples.append(time.perf_counter() - start)
    return samples


def make_big_pack(tmp: Path, lessons: int) -> Path:
    """The built-in pack with its block lessons repeated to `lessons` lessons."""
    from canvas_tutor.course.location import builtin_root

    root = tmp / f"pack-{lessons}"
    src = builtin_root()
    shutil.copytree(src / "course", root / "course")
    (root / "lessons" / "en").mkdir(parents=True)
    originals = sorted((src / "lessons" / "en").glob("*.md"))
    ids = []
    for n in range(lessons):
        original = originals[n % len(originals)]
        text = original.read_text(encoding="utf-8")
        old_id = original.stem.split("-", 1)[1]
        new_id = f"l{n}-{old_id}"
        text = text.replace(f'id = "{old_id}"', f'id = "{new_id}"', 1)
        # exercise ids must stay unique: prefix each exercise's own id
        text = text.replace('```exercise\nid = "', f'```exercise\nid = "x{n}-')
        (root / "lessons" / "en" / f"{n:03d}-{new_id}.md").write_text(text, encoding="utf-8")
        ids.append(new_id)
    manifest = root / "course" / "course.toml"
    text = manifest.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^lessons = \[.*?\]\n",
                  "lessons = [\n" + "".join(f'  "{i}",\n' for i in ids) + "]\n", text, count=1)
    # one language: the copies exist in English only
    text = re.sub(r"(?m)^languages = .*$", 'languages = ["en"]', text, count=1)
    manifest.write_text(text, encoding="utf-8")
    # compare = "case" answers are keyed by exercise id: drop the comparison in copies
    for path in (root / "lessons" / "en").glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace('compare = "case"\n', ""),
                        encoding="utf-8")
    return root


def bench_check(runs: int, tmp: Path) -> list[Row]:
    tutor = [PY, "-m", "canvas_tutor", "check"]
    builtin = timed(tutor, runs)
    big = make_big_pack(tmp, 500)
    check_big = subprocess.run([*tutor, str(big)], capture_output=True, text=True)
    note = "" if check_big.returncode == 0 else " (pack has faults!)"
    large = timed([*tutor, str(big)], runs)
    per_small = statistics.median(builtin) / 13 * 1000
    per_large = statistics.median(large) / 500 * 1000
    return [
        Row("check, built-in course (13 lessons)", [s * 1000 for s in builtin], "ms"),
        Row(f"check, generated pack (500 lessons){note}", [s * 1000 for s in large], "ms",
            "linear in lessons", f"{per_large:.1f} vs {per_small:.1f} ms/lesson"),
    ]


def bench_export(runs: int, tmp: Path) -> list[Row]:
    canvas_path = tmp / "export.canvas.toml"
    with CanvasStore(canvas_path) as store:
        store.create(full_canvas())
    env = {**os.environ, "CANVAS_TUTOR_CACHE_DIR": str(tmp / "cache")}
    export = [PY, "-m", "canvas_tutor", "export", str(canvas_path), "--format", "html",
              "-o", str(tmp / "out.html"), "--force"]
    timed(export, 1, env)  # a first run compiles the bytecode
    base, ours = [], []
    for _ in range(runs):
        base += timed([PY, "-c", "import tomllib"], 1, env)
        ours += timed(export, 1, env)
    ratio = statistics.median(ours) / statistics.median(base)
    return [
        Row('python -c "import tomllib" (baseline)', [b * 1000 for b in base], "ms"),
        Row("export --format html, full canvas", [o * 1000 for o in ours], "ms", "<= 2.5x",
            f"{ratio:.2f}x"),
    ]


def bench_report(runs: int, tmp: Path, sizes: tuple[int, ...]) -> list[Row]:
    from report_bench import generate  # type: ignore[import-not-found]

    course = load_course()
    env = {**os.environ, "CANVAS_TUTOR_CACHE_DIR": str(tmp / "cache")}
    rows: list[Row] = []
    medians: dict[int, float] = {}
    for n in sizes:
        folder = tmp / f"class-{n}"
        folder.mkdir()
        generate(course, folder, n)
        argv = [PY, "-m", "canvas_tutor", "report", str(folder), "-o",
                str(tmp / f"report-{n}.html"), "--force"]
        timed(argv, 1, env)
        samples = timed(argv, runs, env)
        medians[n] = statistics.median(samples)
        goal, verdict = ("", "")
        if n == 1000:
            goal, verdict = "<= 2 s", f"{medians[n]:.2f} s"
        elif 1000 in medians:
            goal, verdict = "<= 10x the 1,000 figure", f"{medians[n] / medians[1000]:.1f}x"
        rows.append(Row(f"report, {n:,} canvases, whole process", samples, "s", goal, verdict))
        shutil.rmtree(folder)
    return rows


def table(rows: list[Row]) -> str:
    head = ["measure", "median", "min", "max", "goal", "result"]
    cells = [head] + [r.cells() for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(head, widths, strict=True)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    for row in cells[1:]:
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
                     + " |")
    return "\n".join(lines)


def _open_rows(name: str, runs: int, tmp: Path) -> list[Row]:
    """The handbook and xAPI figures (benchmarks/open_bench.py) as rows of this table."""
    import open_bench  # type: ignore[import-not-found]

    return [Row(what, samples, unit, goal, verdict)
            for what, samples, unit, goal, verdict in getattr(open_bench, name)(runs, tmp)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--quick", action="store_true", help="fewer runs, 1,000 canvases only")
    parser.add_argument("--only", nargs="*", help="run only these parts (first_frame, memory, "
                        "lesson, autosave, check, export, report, handbook, xapi)")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else 7
    sizes = (1000,) if args.quick else (1000, 10000)
    parts: dict[str, Callable[[int, Path], list[Row]]] = {
        "first_frame": bench_first_frame,
        "memory": lambda r, t: bench_memory(max(2, r // 2), t),
        "lesson": bench_lesson,
        "autosave": bench_autosave,
        "check": lambda r, t: bench_check(max(3, r // 2), t),
        "export": bench_export,
        "report": lambda r, t: bench_report(max(3, r // 2), t, sizes),
        "handbook": lambda r, t: _open_rows("bench_handbook", r, t),
        "xapi": lambda r, t: _open_rows("bench_xapi", r, t),
    }
    # Measure what an installed copy does: compiled bytecode on disk, used by every process.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    import compileall

    import canvas_tutor

    compileall.compile_dir(str(Path(canvas_tutor.__file__).parent), quiet=1)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="canvas-bench-") as folder:
        tmp = Path(folder)
        # Every process of the run keeps its canvases and caches here, never in the user's.
        os.environ["CANVAS_TUTOR_DATA_DIR"] = str(tmp / "data")
        os.environ["CANVAS_TUTOR_CACHE_DIR"] = str(tmp / "cache")
        for name, part in parts.items():
            if args.only and name not in args.only:
                continue
            print(f"... {name}", file=sys.stderr, flush=True)
            try:
                rows += part(runs, tmp)
            except Exception as exc:  # a benchmark reports; it never fails the build
                print(f"    {name} could not run: {exc}", file=sys.stderr)
    print(f"canvas-tutor benchmark, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
