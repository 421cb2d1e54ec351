"""Drive `canvas-tutor --plain` as a learner would: read up to a prompt, answer it.

The process runs with pipes, exactly as a screen reader's script or a shell pipe would
run it. A prompt is output that ends in ": " with nothing more coming; every answer is
given only once the prompt it answers has been read, so the conversation cannot drift.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

QUIET = 0.3  # seconds without output after ": " that mark a prompt


def plain_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "canvas_tutor", *args]


def run_script(lines: Sequence[str], *args: str, env: dict[str, str] | None = None,
               close: bool = True, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """Run with all the input at once (ending in end of input); bytes out, as written."""
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    return subprocess.run(plain_command(*args), input=data, capture_output=True,
                          timeout=timeout, env=env)


class PlainSession:
    """One running plain-mode process and everything it has written so far."""

    def __init__(self, *args: str, env: dict[str, str] | None = None,
                 cwd: Path | None = None) -> None:
        self.proc = subprocess.Popen(plain_command(*args), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=env, cwd=cwd, bufsize=0)
        assert self.proc.stdout is not None
        self._fd = self.proc.stdout.fileno()
        self.raw = bytearray()
        self._seen = 0

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8", errors="replace")

    def prompt(self, timeout: float = 60) -> str:
        """Everything written since the last prompt, up to and including the next one."""
        deadline = time.monotonic() + timeout
        while True:
            if self.raw.endswith(b": ") and len(self.raw) > self._seen:
                ready, _, _ = select.select([self._fd], [], [], QUIET)
                if not ready:
                    break
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no prompt within {timeout} s; output so far:\n"
                                     f"{self.text[-3000:]}")
            ready, _, _ = select.select([self._fd], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(self._fd, 65536)
                if not chunk:
                    raise AssertionError("plain mode ended while a prompt was expected:\n"
                                         + self.text[-3000:])
                self.raw += chunk
        since = self.raw[self._seen:].decode("utf-8", errors="replace")
        self._seen = len(self.raw)
        return since

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((line + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def finish(self, timeout: float = 60) -> int:
        """Close input (end of input), read the rest, return the exit status."""
        assert self.proc.stdin is not None and self.proc.stderr is not None
        if not self.proc.stdin.closed:
            self.proc.stdin.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self._fd], [], [], 1.0)
            if ready:
                chunk = os.read(self._fd, 65536)
                if not chunk:
                    break
                self.raw += chunk
        self.stderr = self.proc.stderr.read().decode("utf-8", errors="replace")
        return self.proc.wait(timeout=timeout)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def last_line(text: str) -> str:
    """The prompt itself: the last line of what was read."""
    return text.rsplit("\n", 1)[-1]
