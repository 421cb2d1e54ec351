"""Writing an export: only the named file, atomically, never over another type or a canvas."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from canvas_tutor.export.output import ExportError, default_suffix, write_export


def _listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_writes_new_file_utf8_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "canvas.html"
    assert write_export(out, "<p>Zoë</p>", "html") == out
    assert out.read_bytes() == "<p>Zoë</p>".encode()
    assert _listing(tmp_path) == {"canvas.html"}  # no temp file left behind


def test_bytes_are_written_as_is(tmp_path: Path) -> None:
    out = tmp_path / "c.svg"
    write_export(out, b"<svg/>", "svg")
    assert out.read_bytes() == b"<svg/>"


def test_reexport_replaces_same_type(tmp_path: Path) -> None:
    out = tmp_path / "notes.markdown"
    out.write_text("old", "utf-8")
    write_export(out, "new", "md")
    assert out.read_text("utf-8") == "new"


@pytest.mark.parametrize(("name", "fmt"), [("a.html", "md"), ("a.md", "json"),
                                           ("a.json", "html"), ("a.txt", "md"),
                                           ("a.htm", "svg")])
def test_refuses_other_type_unless_forced(tmp_path: Path, name: str, fmt: str) -> None:
    out = tmp_path / name
    out.write_text("precious", "utf-8")
    with pytest.raises(ExportError) as err:
        write_export(out, "export", fmt)
    assert "already exists" in str(err.value) and "\n" not in str(err.value)
    assert out.read_text("utf-8") == "precious"
    write_export(out, "export", fmt, force=True)
    assert out.read_text("utf-8") == "export"


def test_never_overwrites_a_canvas_file_even_forced(tmp_path: Path) -> None:
    out = tmp_path / "ada.canvas.toml"
    out.write_text("format = 'x'", "utf-8")
    for force in (False, True):
        with pytest.raises(ExportError, match="canvas"):
            write_export(out, "{}", "json", force=force)
    assert out.read_text("utf-8") == "format = 'x'"


def test_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder"):
        write_export(tmp_path, "x", "html")


def test_does_not_create_missing_folders(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "deeper" / "c.html"
    with pytest.raises(ExportError, match="does not exist"):
        write_export(out, "x", "html")
    assert not (tmp_path / "missing").exists()


def test_a_symlink_is_replaced_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "target.html"
    target.write_text("outside", "utf-8")
    here = tmp_path / "here"
    here.mkdir()
    link = here / "c.html"
    os.symlink(target, link)
    write_export(link, "export", "html")
    assert target.read_text("utf-8") == "outside"
    assert not link.is_symlink() and link.read_text("utf-8") == "export"


def test_unwritable_folder_gives_a_clear_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="cannot write"):
            write_export(folder / "c.html", "x", "html")
    finally:
        folder.chmod(0o700)


def test_default_suffix_and_unknown_format() -> None:
    assert [default_suffix(f) for f in ("html", "md", "json", "svg")] == [
        ".html", ".md", ".json", ".svg"]
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        default_suffix("pdf")
