"""What the command line prints and writes when its input or its target is hostile.

Issue 12: control characters from packs and canvases reach the terminal only as visible
text (faults 2, 3); a refused `-o` is one line and leaves the target as it was (12, 15);
`report --format csv -o` works (13); `check` and `--course` say where and what (14).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from canvas_tutor.canvas.codec import canvas_to_text
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.cli import main
from canvas_tutor.errors import CanvasError
from hostile_pack import control_characters, toml_escape

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini-pack"
ESCAPES = "\x1b]0;PWNED\x07\x1b[2J\x9b6n\x1b]8;;file:///etc/passwd\x1b\\"
IN_NAME = "\x1b]0;PWNED\x07\x1b[2J\x9b6n\x1b]52;c;eA==\x07"  # what a file name can hold


def _canvas(path: Path, name: str = "Ada") -> Path:
    canvas = Canvas(course="business-model-canvas", name=name, venture="Tea")
    canvas.set_notes("customer_relationships", ["A community"])
    canvas.set_answer("customer_relationships", "mi-expect", "They expect a community")
    path.write_text(canvas_to_text(canvas), "utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# Fault 2: canvas fields and pack faults reach the terminal only as visible text -------


def _hostile_canvas_text() -> str:
    bad = toml_escape(ESCAPES)
    return (
        'format = "canvas-tutor/canvas"\nformat_version = 1\n'
        f'course = "business-model-canvas{bad}"\nlanguage = "en{bad}"\n'
        f'"top{bad}" = "kept{bad}"\n'
        '[learner]\nname = "Ada"\n'
        f'[progress]\ncurrent = "intro{bad}"\ncompleted = ["intro{bad}"]\nfree = "x{bad}"\n'
        f'[progress.quiz."mi-quiz{bad}"]\nanswer = ["a{bad}"]\ncorrect = true\nattempts = 1\n'
        f'[blocks."customer_relationships{bad}"]\nnotes = ["n{bad}"]\n'
        f'types = ["communities{bad}"]\nother = "o{bad}"\n'
        f'[blocks."customer_relationships{bad}".answers]\n"mi-expect{bad}" = "a{bad}"\n'
    )


def _all_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _all_strings(k) + _all_strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _all_strings(v)]
    if hasattr(value, "__dataclass_fields__"):
        return [s for name in value.__dataclass_fields__
                for s in _all_strings(getattr(value, name))]
    return []


def test_every_canvas_field_and_key_is_cleaned_on_load(tmp_path: Path) -> None:
    path = tmp_path / "x.canvas.toml"
    path.write_text(_hostile_canvas_text(), "utf-8")
    canvas = read_canvas(path)
    strings = _all_strings(canvas)
    assert [s for s in strings if control_characters(s)] == []
    assert canvas.course.startswith("business-model-canvas]0;PWNED")
    assert canvas.progress.completed == [canvas.progress.current]
    assert "customer_relationships]0;PWNED[2J6n]8;;file:///etc/passwd\\" in canvas.blocks
    saved = canvas_to_text(canvas)
    assert "\\u001b" not in saved and "\x1b" not in saved


def test_export_and_coach_print_no_control_character(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.canvas.toml"
    path.write_text(_hostile_canvas_text(), "utf-8")
    for args in (["export", str(path), "--format", "md"], ["export", str(path), "--format",
                 "json"], ["coach", str(path)], ["coach", str(path), "--format", "json"]):
        code, out, err = _run(capsys, *args, "--course", str(MINI))
        assert code == 0, err
        assert not control_characters(out + err), args


def _hostile_check_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(MINI, pack)
    bad = toml_escape(ESCAPES)
    manifest = pack / "course" / "course.toml"
    manifest.write_text(manifest.read_text("utf-8") + f'\n\n"evil{bad}" = 1\n', "utf-8")
    lesson = pack / "lessons" / "en" / "02-relations.md"
    lesson.write_text(lesson.read_text("utf-8").replace(
        'saves_to = "customer_relationships"\ncompare', f'saves_to = "nowhere{bad}"\ncompare'),
        "utf-8")
    canvas = pack / "course" / "canvas.toml"
    canvas.write_text(canvas.read_text("utf-8").replace('id = "channels"',
                                                        f'id = "channels{bad}"'), "utf-8")
    return pack


def test_check_shows_control_characters_of_keys_ids_and_saves_to_visibly(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "check", str(_hostile_check_pack(tmp_path)))
    assert code == 1
    assert not control_characters(out + err)
    assert "unknown key 'evil\\x1b]0;PWNED\\x07" in out
    # Values were cleaned when the pack was read; keys are shown as written, visibly.
    assert "saves_to 'nowhere]0;PWNED[2J6n]8;;file:///etc/passwd\\'" in out
    assert "'channels]0;PWNED" in out


def test_errors_name_hostile_file_names_visibly(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / f"gone{IN_NAME}.canvas.toml"
    code, out, err = _run(capsys, "export", str(missing), "--format", "md")
    assert code == 1 and "no such file" in err
    assert not control_characters(err) and "gone\\x1b]0;PWNED\\x07" in err


# Fault 3: report file names --------------------------------------------------------


def test_report_shows_control_characters_in_file_names_visibly(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    _canvas(folder / f"ada{IN_NAME}.canvas.toml")
    (folder / f"broken{IN_NAME}.canvas.toml").write_text("not toml [", "utf-8")
    for fmt in ("html", "json", "csv"):  # (csv to a file is fault 13, see below)
        out_file = tmp_path / f"report.{fmt}"
        code, out, err = _run(capsys, "report", str(folder), "--format", fmt, "-o",
                              str(out_file), "--course", str(MINI))
        assert code == 0, err
        text = out_file.read_text("utf-8")
        assert not control_characters(text), fmt
        assert "\\x1b]0;PWNED\\x07" in text or "\\\\x1b]0;PWNED\\\\x07" in text, fmt
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    names = [s for s in _all_strings(data) if "PWNED" in s]
    assert any("/broken\\x1b]0;PWNED\\x07" in s for s in names), names


# Faults 12 and 15: a refused -o is one line, exit 1, and the target is untouched ------


def _targets(tmp_path: Path) -> dict[str, Path]:
    here = tmp_path / "out"
    here.mkdir()
    other = here / "notes.txt"
    other.write_text("my notes", "utf-8")
    canvas = _canvas(here / "mine.canvas.toml")
    bak = here / "mine.canvas.toml.bak"
    bak.write_text(canvas.read_text("utf-8"), "utf-8")
    fifo = here / "pipe.html"
    os.mkfifo(fifo)
    (here / "folder.html").mkdir()
    return {"other type": other, "canvas": canvas, "backup": bak, "fifo": fifo,
            "folder": here / "folder.html", "missing folder": here / "nowhere" / "r.html"}


def _state(path: Path) -> object:
    if not (path.exists() or path.is_symlink()):
        return None
    info = path.lstat()
    content = path.read_bytes() if stat.S_ISREG(info.st_mode) else b""
    return (stat.S_IFMT(info.st_mode), info.st_ino, content)


@pytest.mark.parametrize("command", ["export", "report"])
def test_every_refused_output_is_one_line_and_leaves_the_target(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    source = _canvas(tmp_path / "ada.canvas.toml")
    for kind, target in _targets(tmp_path).items():
        for force in ((), ("--force",)):
            if kind == "other type" and force:
                continue  # --force is how another type is replaced on purpose
            before = _state(target)
            code, out, err = _run(capsys, command, str(source), "--format", "html",
                                  "-o", str(target), *force, "--course", str(MINI))
            assert code == 1, (kind, force)
            assert err.count("\n") == 1 and err.startswith("canvas-tutor: error: "), (kind, err)
            assert _state(target) == before, (kind, force)
    assert not (tmp_path / "out" / "nowhere").exists()  # no folder made on the way


def test_a_device_node_is_never_replaced_even_forced(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    device = tmp_path / "null.html"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("making a device node needs root here")
    source = _canvas(tmp_path / "ada.canvas.toml")
    for force in ((), ("--force",)):
        code, _, err = _run(capsys, "export", str(source), "--format", "html", "-o",
                            str(device), *force, "--course", str(MINI))
        assert code == 1 and "not a regular file" in err
        assert stat.S_ISCHR(device.lstat().st_mode)


@pytest.mark.parametrize(("error", "says"), [
    (OSError(errno.ENOSPC, "No space left on device"), "the disk is full: cannot write {out}"),
    (PermissionError(errno.EACCES, "Permission denied"), "cannot write {out}: Permission denied"),
    (OSError(errno.EROFS, "Read-only file system"), "cannot write {out}: Read-only file system"),
])
def test_a_full_disk_or_read_only_folder_is_one_line_and_leaves_the_old_export(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, error: OSError, says: str) -> None:
    """Simulated: the tests may run as root, who can write into a read-only folder."""
    import canvas_tutor.export.output as output

    source = _canvas(tmp_path / "ada.canvas.toml")
    out = tmp_path / "ada.html"
    out.write_text("the export of yesterday", "utf-8")

    def fails(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(output, "replace_atomically", fails)
    for command in ("export", "report"):
        code, _, err = _run(capsys, command, str(source), "--format", "html", "-o", str(out),
                            "--course", str(MINI))
        assert code == 1 and err == f"canvas-tutor: error: {says.format(out=out)}\n"
        assert out.read_text("utf-8") == "the export of yesterday"


def test_a_refused_output_prints_no_traceback_from_the_real_command(tmp_path: Path) -> None:
    source = _canvas(tmp_path / "ada.canvas.toml")
    other = tmp_path / "notes.txt"
    other.write_text("mine", "utf-8")
    result = subprocess.run([sys.executable, "-m", "canvas_tutor", "report", str(source),
                             "-o", str(other), "--course", str(MINI)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "already exists" in result.stderr and other.read_text("utf-8") == "mine"


# Fault 13 -----------------------------------------------------------------------------


def test_report_as_csv_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    _canvas(folder / "ada.canvas.toml", "Ada")
    _canvas(folder / "bo.canvas.toml", "Bo")
    out = tmp_path / "report.csv"
    code, _, err = _run(capsys, "report", str(folder), "--format", "csv", "-o", str(out),
                        "--course", str(MINI))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8"))))
    assert {"Ada", "Bo"} <= {cell for row in rows for cell in row}
    code, _, err = _run(capsys, "report", str(folder), "--format", "csv", "-o", str(out),
                        "--course", str(MINI))
    assert code == 0, err  # writing it again replaces the old report


# Fault 14 -----------------------------------------------------------------------------


def test_check_finds_an_escaped_unknown_key_on_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(MINI, pack)
    manifest = pack / "course" / "course.toml"
    lines = manifest.read_text("utf-8").splitlines()
    lines.append('"\\u0074itle2" = "x"')  # `title2`, written with an escape
    manifest.write_text("\n".join(lines) + "\n", "utf-8")
    code, out, _ = _run(capsys, "check", str(pack))
    assert code == 1
    assert f"course.toml:{len(lines)}: course.toml: unknown key 'title2'" in out


@pytest.mark.parametrize("command", [[], ["export", "x.canvas.toml", "--format", "md"],
                                     ["report", "."], ["coach", "x.canvas.toml"]])
def test_a_missing_course_folder_is_named_as_missing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    missing = tmp_path / "missing"
    args = ["--course", str(missing)] if not command else [*command, "--course", str(missing)]
    code, out, err = _run(capsys, *args)
    assert code == 1
    assert err == f"canvas-tutor: error: --course {missing}: the folder does not exist\n"
    assert "not a course pack" not in err


def test_a_canvas_error_shows_a_hostile_key_visibly(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.canvas.toml"
    path.write_text('format = "canvas-tutor/canvas"\nformat_version = 1\ncourse = "c"\n'
                    f'[blocks]\n"b{toml_escape(ESCAPES)}" = 1\n', "utf-8")
    with pytest.raises(CanvasError) as caught:
        read_canvas(path)
    assert not control_characters(str(caught.value) + caught.value.message)
    assert "'blocks.b\\x1b]0;PWNED\\x07" in caught.value.message  # what the app shows
    code, _, err = _run(capsys, "export", str(path), "--format", "md")
    assert code == 1 and not control_characters(err) and "b\\x1b]0;PWNED" in err


def test_xapi_prints_hostile_file_names_and_course_ids_visibly(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    _canvas(folder / "ada.canvas.toml")
    (folder / f"broken{IN_NAME}.canvas.toml").write_text("nope [", "utf-8")
    other = Canvas(course=f"other{IN_NAME}", name="Eve")
    (folder / f"eve{IN_NAME}.canvas.toml").write_text(canvas_to_text(other), "utf-8")
    out = tmp_path / f"records{IN_NAME}.json"
    code, _, err = _run(capsys, "xapi", str(folder), "-o", str(out), "--course", str(MINI))
    assert code == 0, err
    assert not control_characters(err)
    assert "broken\\x1b]0;PWNED\\x07" in err and "eve\\x1b]0;PWNED" in err
    assert "records\\x1b]0;PWNED" in err
