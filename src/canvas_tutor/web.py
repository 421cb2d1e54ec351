"""`canvas-tutor serve`: the course for a whole class, each browser session its own learner.

textual-serve starts one canvas-tutor process per browser tab. Every process keeps its
canvas in the class folder, under a file name made safe from the learner's name, so
`canvas-tutor report CLASS_DIR` works on the folder directly.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from canvas_tutor.errors import UserError
from canvas_tutor.i18n import _
from canvas_tutor.text import visible

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def serve_command_line(class_dir: Path, course_dir: Path | None,
                       language: str | None = None) -> str:
    """The command textual-serve runs for each browser session."""
    parts = [sys.executable, "-m", "canvas_tutor", "--class-dir", str(class_dir.resolve())]
    if course_dir is not None:
        parts += ["--course", str(course_dir.resolve())]
    if language:
        parts += ["--language", language]
    return shlex.join(parts)


def serve_command(host: str, port: int, class_dir: Path, course_dir: Path | None, *,
                  language: str | None = None) -> int:
    """Check the setup, say where to connect, then serve until Ctrl+C."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UserError(_("serving needs the web extra: pip install 'canvas-tutor[web]'")) \
            from None
    from canvas_tutor.course.loader import load_course

    load_course(course_dir, language)  # a broken pack fails here, not in every learner's browser
    class_dir.mkdir(parents=True, exist_ok=True)
    url = visible(f"http://{'[' + host + ']' if ':' in host else host}:{port}")
    if host in LOOPBACK:
        print(_("Serving the course on {url} (this computer only: loopback). To share it "
                "with a room, use --host 0.0.0.0 and give learners this computer's "
                "address.").format(url=url), flush=True)
    else:
        print(_("Serving the course on {url}: share this address with your "
                "learners.").format(url=url), flush=True)
    print(_("Canvases are saved in {folder}; for a class report run: "
            "canvas-tutor report {class_dir}").format(folder=visible(class_dir.resolve()),
                                                      class_dir=visible(class_dir)), flush=True)
    Server(serve_command_line(class_dir, course_dir, language), host=host, port=port,
           title="canvas-tutor").serve()
    return 0
