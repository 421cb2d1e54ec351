"""Benchmarks of issue 16: the course handbook's export time, xAPI statements per second.

    python benchmarks/open_bench.py [--runs 5]        (also part of benchmarks/run.py)

- handbook: the whole `canvas-tutor course export --format html --trainer -o FILE` process
  against `python -c "import tomllib"` (interpreter start-up), and the renderers alone.
- xapi: a class of 30 canvases through the outbox to a real Ralph LRS on loopback (its
  filesystem backend in a temp folder), statements per second, batched (50 a request, as
  sent) and one statement a request. Needs the test extras (ralph-malph); else skipped.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the tests' Ralph launcher and class maker

Rows = list[tuple[str, list[float], str, str, str]]  # what, samples, unit, goal, result


def _timed(argv: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        out.append(time.perf_counter() - start)
    return out


def bench_handbook(runs: int, tmp: Path) -> Rows:
    from canvas_tutor.course.loader import load_course
    from canvas_tutor.export.handbook import build_handbook
    from canvas_tutor.export.handbook_html import handbook_to_html
    from canvas_tutor.export.handbook_md import handbook_to_markdown

    exe = str(Path(sys.executable).with_name("canvas-tutor"))
    out = tmp / "handbook.html"
    base = _timed([sys.executable, "-c", "import tomllib"], runs)
    whole = _timed([exe, "course", "export", "--format", "html", "--trainer", "-o", str(out),
                    "--force"], runs)
    course = load_course()
    html, md = [], []
    for _ in range(runs):
        start = time.perf_counter()
        handbook_to_html(build_handbook(course, trainer=True))
        html.append(time.perf_counter() - start)
        start = time.perf_counter()
        handbook_to_markdown(build_handbook(course, trainer=True))
        md.append(time.perf_counter() - start)
    ratio = statistics.median(whole) / statistics.median(base)
    size = out.stat().st_size / 1024
    return [
        ('python -c "import tomllib" (baseline)', [b * 1000 for b in base], "ms", "", ""),
        (f"course export --format html --trainer, whole process ({size:.0f} KiB)",
         [w * 1000 for w in whole], "ms", "", f"{ratio:.1f}x"),
        ("  handbook to HTML, in process (13 lessons)", [h * 1000 for h in html], "ms", "", ""),
        ("  handbook to Markdown, in process", [m * 1000 for m in md], "ms", "", ""),
    ]


def _class_statements(folder: Path) -> tuple[Any, list[dict[str, Any]]]:
    from canvas_tutor.canvas.store import read_canvas
    from canvas_tutor.course.loader import load_course
    from canvas_tutor.export.xapi import canvas_statements
    from xapi_class import write_class  # type: ignore[import-not-found]

    course = load_course()
    statements: list[dict[str, Any]] = []
    for path in write_class(folder, course, size=30):
        statements += canvas_statements(read_canvas(path), course,
                                        home_page="https://school.example/4b")
    return course, statements


def bench_xapi(runs: int, tmp: Path) -> Rows:
    from ralph_lrs import Ralph, missing  # type: ignore[import-not-found]

    if missing():
        raise RuntimeError(f"Ralph LRS cannot run here ({missing()})")
    from canvas_tutor.export import xapi_send
    from canvas_tutor.export.xapi_send import AUTH_ENV, Outbox, load_lrs

    _course, statements = _class_statements(tmp / "class")
    rates: dict[int, list[float]] = {50: [], 1: []}
    for batch in (50, 1):
        for run in range(max(2, runs // 2)):
            server = Ralph(tmp / f"ralph-{batch}-{run}")
            server.start()
            try:
                lrs = load_lrs(server.url, environ={AUTH_ENV: server.credentials})
                outbox = Outbox(tmp / f"outbox-{batch}-{run}")
                outbox.queue(statements)
                xapi_send.BATCH = batch
                start = time.perf_counter()
                result = outbox.flush(lrs, force=True)
                took = time.perf_counter() - start
                if result.sent != len(statements):
                    raise RuntimeError(f"sent {result.sent} of {len(statements)}: "
                                       f"{result.error}")
                rates[batch].append(len(statements) / took)
            finally:
                server.kill()
    xapi_send.BATCH = 50
    n = len(statements)
    return [
        (f"xAPI to Ralph (fs backend), 30 canvases = {n} statements, 50 a request",
         rates[50], "stmt/s", "", ""),
        ("  ... one statement a request", rates[1], "stmt/s", "", ""),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="canvas-open-bench-") as folder:
        rows = bench_handbook(args.runs, Path(folder))
        try:
            rows += bench_xapi(args.runs, Path(folder))
        except RuntimeError as exc:
            print(f"xapi could not run: {exc}", file=sys.stderr)
    for what, samples, unit, goal, result in rows:
        med = statistics.median(samples)
        print(f"| {what} | {med:.1f} {unit} | {min(samples):.1f} | {max(samples):.1f} | "
              f"{goal} | {result} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
