"""Plain mode speaks the course's language: every message comes from the catalogue.

The pseudo-locale of test_i18n_pseudo (every message a marked look-alike, a pack whose
every text is Greek) is run through plain mode as a learner uses it, every command
included; not one run of English letters may reach the output.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from canvas_tutor import i18n
from test_i18n_pseudo import GREEK, english, pseudo_catalogue  # noqa: F401 (a fixture)

SCRIPT = [
    "Άννα", "Καφενείο",  # name, venture
    "help", "lessons", "hint", "",  # commands before any exercise
    "3",  # a wrong choice (feedback), then Enter goes on
    "", "1 3", "", "",  # the multiple choice, wrong, then on
    "",  # end of the lesson
    "skip", "Μια απάντηση", "", "compare", "hint",  # reflect, then its comparison
    "Σημείωση", "edit 1", "Άλλη", "delete 5", "",  # notes
    "1", "1", "", "",  # classify
    "1 2",  # pick
    "", "canvas", "coach", "export", "2", "go 9", "repeat", "",  # the end of the course
]


def test_plain_mode_shows_only_translated_text(pseudo_catalogue: Path,  # noqa: F811
                                               tmp_path: Path) -> None:
    env = {**os.environ, i18n.LOCALE_DIR_ENV: str(pseudo_catalogue),
           "CANVAS_TUTOR_DATA_DIR": str(tmp_path / "data")}
    data = "".join(line + "\n" for line in SCRIPT).encode("utf-8")
    done = subprocess.run([sys.executable, "-m", "canvas_tutor", "--plain", "--language",
                           "el", "--course", str(GREEK)], input=data, capture_output=True,
                          env=env, timeout=120)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 0, done.stderr.decode()
    assert "⟦" in out  # the pseudo catalogue is the one in use
    # The learner's own lines are echoed; they are Greek too. Command words (help, go,
    # edit ...) are the program's keys, the same in every language.
    keys = {"help", "lessons", "hint", "skip", "compare", "edit", "delete", "canvas",
            "coach", "export", "repeat", "next", "back", "quit", "FORMAT",
            "html", "json"}  # format ids, typed as they are shown: `export md`
    leaks = [w for w in english(out) if w not in keys and w.lower() not in keys]
    assert leaks == [], leaks
    # It went all the way: both lessons, the commands, the canvas read out, an export.
    assert out.count("\n⟦Ĺéššóń ") >= 2 and "Μια απάντηση" in out and "Άλλη" in out
    assert list((tmp_path / "data" / "exports").glob("*.md"))
