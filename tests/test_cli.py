"""The command line: exit codes, one-line errors on stderr, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import CanvasStore
from canvas_tutor.cli import main

MINI_PACK = Path(__file__).parent / "fixtures" / "mini-pack"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "canvas_tutor", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def make_canvas(path: Path) -> Path:
    canvas = Canvas(course="business-model-canvas", name="Ada", venture="Tea")
    canvas.set_notes("customer_segments", ["Office workers"])
    canvas.set_answer("customer_relationships", "cr-expect", "A community ü")
    with CanvasStore(path) as store:
        store.create(canvas)
    return path


def test_check_builtin_course_passes_from_another_directory(tmp_path: Path) -> None:
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: ")
    assert "13 lessons" in result.stdout


def test_check_reports_every_fault_and_exits_1(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(MINI_PACK, pack)
    lesson = pack / "lessons" / "en" / "02-relations.md"
    lesson.write_text(lesson.read_text().replace('kind = "notes"', 'kind = "essay"')
                      .replace('saves_to = "customer_relationships"\ncompare',
                               'saves_to = "nowhere"\ncompare'))
    result = run("check", str(pack))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(":18:" in x and "nowhere" in x for x in lines), lines
    assert any("unknown exercise kind 'essay'" in x for x in lines), lines
    assert "Traceback" not in result.stderr


def test_check_missing_folder_is_one_clear_line(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "nope"))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "no such folder" in result.stderr


def test_export_json_to_stdout_and_file(tmp_path: Path) -> None:
    path = make_canvas(tmp_path / "ada.canvas.toml")
    result = run("export", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["learner"]["name"] == "Ada"
    out = tmp_path / "out.json"
    assert run("export", str(path), "--format", "json", "-o", str(out)).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8")) == data


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbfformat = 1", b"x = \xff", b"[a]\n[a]\n"])
def test_export_of_a_bad_canvas_is_one_line_and_leaves_it(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.canvas.toml"
    path.write_bytes(content)
    result = run("export", str(path), "--format", "json")
    assert result.returncode == 1
    assert result.stderr.startswith("canvas-tutor: error: ")
    assert str(path) in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == content


def test_export_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "none.canvas.toml"), "--format", "json"]) == 1
    assert "no such file" in capsys.readouterr().err


def test_svg_needs_an_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_canvas(tmp_path / "ada.canvas.toml")
    assert main(["export", str(path), "--format", "svg"]) == 1
    assert "-o" in capsys.readouterr().err


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("canvas-tutor ")
    for sub in ([], ["check"], ["export"], ["coach"], ["report"], ["course", "init"], ["serve"]):
        result = run(*sub, "--help")
        assert result.returncode == 0 and "usage:" in result.stdout


def test_course_init_copies_a_valid_pack(tmp_path: Path) -> None:
    target = tmp_path / "my-course"
    assert run("course", "init", str(target)).returncode == 0
    assert (target / "course" / "course.toml").is_file()
    assert run("check", str(target)).returncode == 0
    again = run("course", "init", str(target))
    assert again.returncode == 1 and "not empty" in again.stderr


def test_check_watch_rechecks_on_save(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import threading
    import time

    from canvas_tutor.course.check import check_command

    pack = tmp_path / "pack"
    shutil.copytree(MINI_PACK, pack)
    manifest = pack / "course" / "course.toml"

    def edit() -> None:
        time.sleep(0.3)
        manifest.write_text(manifest.read_text().replace('title = "Mini course"', "title = "))

    threading.Thread(target=edit).start()
    status = check_command(pack, watch=True, interval=0.1, rounds=1)
    out = capsys.readouterr().out
    assert out.startswith("ok: ")
    assert "change seen" in out and "TOML syntax error" in out
    assert status == 1


@pytest.mark.parametrize("fmt", ["html", "json", "csv"])
def test_report_writes_each_registered_format(tmp_path: Path, fmt: str) -> None:
    make_canvas(tmp_path / "class" / "ada.canvas.toml")
    out = tmp_path / f"report.{fmt}"
    result = run("report", str(tmp_path / "class"), "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Ada" in out.read_text(encoding="utf-8")
