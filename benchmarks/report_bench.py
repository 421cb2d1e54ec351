"""Time the class report over 1,000 and 10,000 canvases, as a whole process.

The target (issue 6): 1,000 canvases in at most 2 s including Python start-up and loading
the course, and cost linear in the number of files (10,000 at most 10x the 1,000 figure).
Each run is a fresh `python` subprocess that loads the course, collects every canvas and
writes the HTML report, the same path `canvas-tutor report DIR -o out.html` takes.

    .venv/bin/python benchmarks/report_bench.py [--sizes 1000 10000] [--runs 3] [--course DIR]

Standard library only (plus canvas-tutor itself, to write realistic canvases).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: wall time only
    resource = None  # type: ignore[assignment]

from canvas_tutor.canvas.codec import canvas_to_text
from canvas_tutor.canvas.model import Canvas, QuizResult
from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course

MINI_PACK = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "mini-pack"

RUN = """
import sys
from pathlib import Path
from canvas_tutor.course.loader import load_course
from canvas_tutor.export.report import collect, report_html
course = load_course(Path(sys.argv[1]) if sys.argv[1] else None)
report = collect([Path(sys.argv[2])], course)
Path(sys.argv[3]).write_text(report_html(report), encoding="utf-8")
print(len(report.learners), len(report.skipped))
"""

_WORDS = ("subscription members office clothes rent monthly community stylist delivery "
          "returns cleaning partners dresses blazers events boutique referrals app "
          "weekly fitting personal advice trust quality price cost margin care")
WORDS = tuple(_WORDS.split(" "))


def _text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize()


def make_canvas(course: Course, i: int, rng: random.Random, heavy: int = 1) -> Canvas:
    """A learner half-way or further: notes, types, quiz results and answers of one to
    three sentences (`heavy` multiplies the sentences: a very wordy class)."""
    stamp = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
    canvas = Canvas(course=course.id, name=f"Learner {i:05d}", venture=_text(rng, 2, 5),
                    created=stamp, updated=stamp)
    reached = rng.randint(len(course.lessons) // 2, len(course.lessons))
    for lesson in course.lessons[:reached]:
        canvas.progress.complete(lesson.id)
        for ex in lesson.exercises:
            if ex.kind in ("choice", "classify"):
                for _ in range(rng.choice((1, 1, 1, 2, 3))):
                    result = canvas.progress.quiz.setdefault(ex.id, QuizResult())
                    result.record(["a"], rng.random() < 0.7)
            elif ex.kind == "reflect" and ex.saves_to and rng.random() < 0.9:
                work = canvas.block(ex.saves_to)
                sentences = [_text(rng, 6, 16) + "." for _ in range(rng.randint(1, 3) * heavy)]
                work.answers[ex.id] = "\n".join(sentences)
            elif ex.kind == "pick" and ex.saves_to and ex.options:
                picks = rng.sample(ex.options, k=min(len(ex.options), rng.randint(1, 3)))
                canvas.block(ex.saves_to).types = [o.id for o in picks]
    for block in course.canvas.blocks:
        canvas.block(block.id).notes = [_text(rng, 3, 9) for _ in range(rng.randint(2, 5))]
    canvas.progress.current = course.lessons[min(reached, len(course.lessons) - 1)].id
    return canvas


def generate(course: Course, folder: Path, n: int, heavy: int = 1) -> int:
    """Write n canvases into folder (a few sub-folders, like groups); returns total bytes."""
    rng = random.Random(n)
    size = 0
    for i in range(n):
        sub = folder / f"group-{i % 10}"
        sub.mkdir(exist_ok=True)
        data = canvas_to_text(make_canvas(course, i, rng, heavy)).encode("utf-8")
        (sub / f"learner-{i:05d}.canvas.toml").write_bytes(data)
        size += len(data)
    return size


def time_run(course_arg: str, folder: Path, out: Path, workers: int) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system, all worker processes) of one run."""
    # Like an installed canvas-tutor: bytecode caches allowed (a sandbox may forbid them).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN) if resource else None
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUN, course_arg, str(folder), str(out),
                           str(workers)], check=True, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if not done.stdout.strip():
        raise SystemExit("the report run printed nothing")
    if resource is None or before is None:
        return elapsed, float("nan")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0,
                        help="reader processes (0: automatic, one per CPU; 1: no pool)")
    parser.add_argument("--heavy", type=int, default=1,
                        help="multiply the length of every answer (stress: 3)")
    parser.add_argument("--course", type=Path, default=None,
                        help="course pack (default: the built-in one, else the test mini-pack)")
    args = parser.parse_args(argv)
    course_arg = str(args.course) if args.course else ""
    try:
        course = load_course(args.course)
    except Exception as exc:  # the built-in course may still be being written
        print(f"built-in course does not load ({str(exc)[:80]}...); using the mini-pack",
              file=sys.stderr)
        course, course_arg = load_course(MINI_PACK), str(MINI_PACK)
    print(f"course: {course.id} ({len(course.lessons)} lessons), python "
          f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, workers "
          f"{args.workers or 'auto'}, load average {os.getloadavg()[0]:.2f}")
    rows: list[tuple[int, float, float, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="report-bench-") as tmp:
        for n in args.sizes:
            folder = Path(tmp) / f"n{n}"
            folder.mkdir()
            size = generate(course, folder, n, args.heavy)
            out = Path(tmp) / f"report-{n}.html"
            time_run(course_arg, folder, out, args.workers)  # warm-up: caches, bytecode
            runs = [time_run(course_arg, folder, out, args.workers) for _ in range(args.runs)]
            times = [wall for wall, _ in runs]
            rows.append((n, statistics.median(times), min(times), max(times),
                         statistics.median(cpu for _, cpu in runs)))
            print(f"  n={n}: {size / n / 1024:.1f} KiB per canvas, report "
                  f"{out.stat().st_size / 1024 / 1024:.1f} MiB")
    print(f"load average after: {os.getloadavg()[0]:.2f} (others' work inflates wall time)")
    print(f"{'files':>8} {'median s':>9} {'min s':>7} {'max s':>7} {'per file ms':>12} "
          f"{'CPU s':>7}")
    for n, med, lo, hi, cpu in rows:
        print(f"{n:>8} {med:>9.3f} {lo:>7.3f} {hi:>7.3f} {1000 * med / n:>12.3f} {cpu:>7.2f}")
    by_n = {n: med for n, med, *_ in rows}
    if 1000 in by_n:
        verdict = "OK" if by_n[1000] <= 2.0 else "TOO SLOW"
        print(f"1,000 files: {by_n[1000]:.3f} s (target <= 2 s): {verdict}")
    if 1000 in by_n and 10000 in by_n:
        ratio = by_n[10000] / by_n[1000]
        print(f"ratio 10k/1k: {ratio:.2f} (target <= 10): {'OK' if ratio <= 10 else 'NOT LINEAR'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
