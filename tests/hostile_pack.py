"""A course pack written by a hostile author: terminal escapes in every kind of text.

Each payload is one a real terminal obeys: OSC 0 retitles the window, OSC 8 writes a link
to a local file, OSC 52 sets the clipboard, CSI clears the screen, DCS asks the terminal
to answer, C1 CSI (U+009B) does what ESC [ does on some terminals.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

PAYLOADS = (
    "\x1b]0;PWNED\x07",
    "\x1b]8;;file:///etc/passwd\x1b\\click\x1b]8;;\x1b\\",
    "\x1b]52;c;cHduZWQ=\x07",
    "\x1b[2J\x1b[31m",
    "\x1bP+q544e\x1b\\",
    "\x9b2J\x00\x08\x7f",
)
PAYLOAD = "".join(PAYLOADS)
# Keys whose values are ids or settings, not text a person reads.
_NOT_TEXT = {"id", "kind", "saves_to", "side", "answer", "compare", "block", "role", "vocabulary",
             "license", "version", "languages", "lessons", "format_version"}
_STRING = re.compile(r'^(\s*)([a-z_-]+)(\s*=\s*)"(.*)"\s*$')
_LIST = re.compile(r'^(\s*)([a-z_-]+)(\s*=\s*)\[(.*)\]\s*$')


def toml_escape(text: str) -> str:
    """A payload as a TOML basic string's escapes (TOML forbids raw control characters)."""
    return "".join(f"\\u{ord(c):04x}" if ord(c) < 32 or 0x7F <= ord(c) <= 0x9F
                   else "\\\\" if c == "\\" else c for c in text)


def _poison_toml(text: str) -> str:
    out = []
    bad = toml_escape(PAYLOAD)
    for line in text.splitlines():
        m = _STRING.match(line)
        lst = _LIST.match(line)
        if m and m.group(2) not in _NOT_TEXT:
            line = f'{m.group(1)}{m.group(2)}{m.group(3)}"{m.group(4)}{bad}"'
        elif lst and lst.group(2) not in _NOT_TEXT and '"' in lst.group(4):
            line = f'{lst.group(1)}{lst.group(2)}{lst.group(3)}[' + \
                lst.group(4).replace('",', f'{bad}",').rstrip('"') + f'{bad}"]'
        out.append(line)
    return "\n".join(out) + "\n"


def _poison_lesson(text: str) -> str:
    """Raw escapes in the prose, case and facilitator text; escaped ones in the TOML parts."""
    lines = text.splitlines()
    out = []
    in_toml = True  # front matter first
    fence = ""
    for i, line in enumerate(lines):
        if line.strip() == "+++":
            in_toml = i == 0
            out.append(line)
            continue
        if line.startswith("```"):
            fence = line[3:].strip() if not fence else ""
            out.append(line)
            continue
        if in_toml or fence == "exercise":
            out.append(_poison_toml(line).rstrip("\n"))
        elif line.strip():
            out.append(line + PAYLOAD)
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def hostile_pack(tmp_path: Path, source: str = "all-kinds-pack") -> Path:
    """A copy of a fixture pack with a terminal escape in every string a person reads."""
    root = tmp_path / "hostile-pack"
    shutil.copytree(FIXTURES / source, root)
    for path in (root / "course").glob("*.toml"):
        path.write_text(_poison_toml(path.read_text("utf-8")), "utf-8")
    for path in (root / "lessons").rglob("*.md"):
        path.write_text(_poison_lesson(path.read_text("utf-8")), "utf-8")
    return root


def control_characters(text: str) -> list[str]:
    """The control characters a terminal could obey (all but tab and newline)."""
    return [c for c in text if (ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F]
