"""Hostile canvas files on disk: pipes, devices, links (issue 12, faults 9, 10 and 11)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from canvas_tutor.canvas.codec import canvas_to_text
from canvas_tutor.canvas.library import find_canvases
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import (
    CanvasStore,
    backup_path,
    read_canvas,
    recover_backup,
)
from canvas_tutor.errors import CanvasError, CanvasLocked

MINI = Path(__file__).parent / "fixtures" / "mini-pack"
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")


def _canvas(path: Path, answer: str = "first") -> Path:
    canvas = Canvas(course="business-model-canvas", name="Ada", venture="Tea")
    canvas.set_answer("customer_relationships", "mi-expect", answer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(canvas_to_text(canvas), "utf-8")
    path.chmod(0o600)
    return path


def _limited(code: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """Run `code` in a child with 1 GB of memory, so a reader of /dev/zero cannot take the
    machine with it; a read that blocks shows up as a timeout."""
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    try:
        return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], text=True,
                              capture_output=True, timeout=timeout, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        pytest.fail(f"blocked for {timeout} s (a read that never returns)")


@posix_only
@pytest.mark.parametrize("command", ["export", "coach"])
def test_a_fifo_named_like_a_canvas_is_refused_at_once(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "trap.canvas.toml"
    os.mkfifo(fifo)
    extra = ', "--format", "md"' if command == "export" else ""
    result = _limited(f"""
        import sys
        from canvas_tutor.cli import main
        sys.exit(main(["{command}", {str(fifo)!r}{extra}, "--course", {str(MINI)!r}]))
    """)
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"canvas-tutor: error: {fifo}: this is a pipe (FIFO), not a " \
                            "canvas file\n"


@posix_only
def test_a_link_to_dev_zero_is_refused_not_read(tmp_path: Path) -> None:
    link = tmp_path / "zero.canvas.toml"
    os.symlink("/dev/zero", link)
    result = _limited(f"""
        from pathlib import Path
        from canvas_tutor.canvas.store import read_canvas
        from canvas_tutor.errors import CanvasError
        try:
            read_canvas(Path({str(link)!r}))
        except CanvasError as exc:
            print(exc.message)
    """)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout == "this is a device, not a canvas file\n"


@posix_only
def test_the_app_and_the_welcome_list_never_block_on_a_fifo(tmp_path: Path) -> None:
    folder = tmp_path / "canvases"
    _canvas(folder / "good.canvas.toml")
    os.mkfifo(folder / "trap.canvas.toml")
    result = _limited(f"""
        from pathlib import Path
        from canvas_tutor.canvas.library import find_canvases
        from canvas_tutor.canvas.store import CanvasStore
        from canvas_tutor.errors import CanvasError
        for summary in find_canvases(Path({str(folder)!r})):
            print(summary.path.name, summary.error or summary.name)
        try:
            CanvasStore(Path({str(folder / "trap.canvas.toml")!r})).open()
        except CanvasError as exc:
            print("open:", exc.message)
    """)
    assert result.returncode == 0, result.stderr[-500:]
    lines = sorted(result.stdout.splitlines())
    assert lines == ["good.canvas.toml Ada", "open: this is a pipe (FIFO), not a canvas file",
                     "trap.canvas.toml this is a pipe (FIFO), not a canvas file"]


def test_the_size_limit_is_checked_on_the_opened_file(tmp_path: Path) -> None:
    path = _canvas(tmp_path / "big.canvas.toml")
    with pytest.raises(CanvasError, match="too large"):
        read_canvas(path, max_bytes=64)
    assert find_canvases(tmp_path)[0].name == "Ada"


# Fault 10: symlinks and hard links ---------------------------------------------------


@posix_only
def test_a_save_through_a_symlink_reaches_the_real_canvas(tmp_path: Path) -> None:
    real = _canvas(tmp_path / "real" / "ada.canvas.toml")
    link = tmp_path / "desk" / "ada.canvas.toml"
    link.parent.mkdir()
    os.symlink(real, link)
    with CanvasStore(link) as store:
        canvas = store.open()
        canvas.set_answer("customer_relationships", "mi-expect", "second")
        store.save(canvas)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert read_canvas(real).answer("customer_relationships", "mi-expect") == "second"
    assert read_canvas(backup_path(real)).answer("customer_relationships",
                                                 "mi-expect") == "first"
    assert not (tmp_path / "desk" / "ada.canvas.toml.bak").exists()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


@posix_only
@pytest.mark.parametrize("how", ["symlink", "hard link"])
def test_a_second_name_of_an_open_canvas_is_locked_too(tmp_path: Path, how: str) -> None:
    real = _canvas(tmp_path / "a" / "ada.canvas.toml")
    other = tmp_path / "b" / "same.canvas.toml"
    other.parent.mkdir()
    (os.symlink if how == "symlink" else os.link)(real, other)
    with CanvasStore(real) as first:
        first.open()
        with pytest.raises(CanvasLocked):
            CanvasStore(other).open()
    with CanvasStore(other) as second:  # closed: the other name opens again
        second.open()
        with pytest.raises(CanvasLocked):
            CanvasStore(real).open()


@posix_only
def test_the_lock_holds_across_processes_through_a_link(tmp_path: Path) -> None:
    real = _canvas(tmp_path / "ada.canvas.toml")
    link = tmp_path / "link.canvas.toml"
    os.symlink(real, link)
    with CanvasStore(real) as store:
        store.open()
        result = _limited(f"""
            from pathlib import Path
            from canvas_tutor.canvas.store import CanvasStore
            from canvas_tutor.errors import CanvasLocked
            try:
                CanvasStore(Path({str(link)!r})).open()
                print("opened")
            except CanvasLocked:
                print("locked")
        """)
    assert result.stdout == "locked\n", result.stderr[-500:]


# Fault 11 ----------------------------------------------------------------------------


def test_a_recovered_copy_is_private_like_every_canvas(tmp_path: Path) -> None:
    path = _canvas(tmp_path / "ada.canvas.toml")
    backup_path(path).write_bytes(path.read_bytes())
    backup_path(path).chmod(0o644)
    path.write_text("broken [", "utf-8")
    old = os.umask(0o022)
    try:
        copy = recover_backup(path)
    finally:
        os.umask(old)
    assert copy.name == "ada-recovered.canvas.toml"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert read_canvas(copy).answer("customer_relationships", "mi-expect") == "first"
    again = recover_backup(path)  # never over the first copy
    assert again.name == "ada-recovered2.canvas.toml" and copy.exists()
