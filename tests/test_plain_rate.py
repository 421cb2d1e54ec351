"""The self-check (`rate`) in plain mode: a number per outcome, saved at once, checked."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path


def plain(folder: Path, script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "canvas_tutor", "--plain", "--data-dir", str(folder)],
        input=script, capture_output=True, text=True, timeout=60,
        env={**os.environ, "CANVAS_TUTOR_LANG": "en"})


def test_plain_mode_rates_each_outcome_and_refuses_other_numbers(tmp_path: Path) -> None:
    # how many "Enter for more" come before the self-check: read it off a first run
    dry = plain(tmp_path / "dry", "Ada\nTea bikes\n" + "\n" * 60 + "quit\n").stdout
    reading = dry[:dry.index("Point 1 of 8:")].count("Enter for more")
    script = "Ada\nTea bikes\n" + "\n" * reading + "\n3\n4\n\n9\n2\nquit\n"
    result = plain(tmp_path, script)
    assert result.returncode == 0, result.stderr
    assert "Point 1 of 8:" in result.stdout and "Type one number from 1 to 5." in result.stdout
    assert "\x1b" not in result.stdout
    data = tomllib.loads((tmp_path / "ada.canvas.toml").read_text(encoding="utf-8"))
    assert data["progress"]["ratings"]["self-check-before"] == {
        "segments": 3, "value": 4, "resources-partners": 2}
