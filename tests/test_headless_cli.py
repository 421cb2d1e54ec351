"""The non-TUI commands and the core never import Textual: they start fast, run anywhere."""

from __future__ import annotations

import subprocess
import sys


def test_cli_check_path_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        "from canvas_tutor.cli import main\n"
        "import canvas_tutor.export.command, canvas_tutor.course.check, canvas_tutor.serve\n"
        "import canvas_tutor.serve.guard, canvas_tutor.serve.addresses\n"
        "import canvas_tutor.export.report_watch, canvas_tutor.export.class_codes\n"
        "import canvas_tutor.canvas.coach, canvas_tutor.canvas.library\n"
        "import canvas_tutor.canvas.session, canvas_tutor.canvas.case\n"
        "rc = main(['check'])\n"
        "assert rc == 0, rc\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "print('IMPORTED', bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
