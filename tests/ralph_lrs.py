"""A real Ralph LRS for the tests: its filesystem backend in a temp folder, on loopback.

Started by ralph_server.py (uvicorn without a reloader, so killing the process kills the
server; see there for the one setting it changes), with a credentials file written here.
`kill()` is SIGKILL, as a crash is; `start()` again brings it back on the same port and
the same folder.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

USER = "trainer"
PASSWORD = "lrs-test-secret-8812"


def missing() -> str:
    """What Ralph's server needs and this Python lacks, or ""."""
    import importlib.util

    absent = [name for name in ("ralph", "uvicorn", "bcrypt", "requests", "fastapi")
              if importlib.util.find_spec(name) is None]
    return ", ".join(absent) + " not installed" if absent else ""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Ralph:
    """One Ralph LRS process and its data folder."""

    def __init__(self, folder: Path) -> None:
        import bcrypt

        self.folder = folder
        self.data = folder / "data"
        self.data.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI/"
        self.auth_file = folder / "auth.json"
        hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
        self.auth_file.write_text(json.dumps([{
            "agent": {"mbox": "mailto:trainer@example.org", "objectType": "Agent"},
            "scopes": ["all"], "hash": hashed, "username": USER}]), "utf-8")
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(folder / "app"),
            "RALPH_AUTH_FILE": str(self.auth_file),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.data),
            "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": "1000",
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.log = folder / "ralph.log"

    @property
    def credentials(self) -> str:
        return f"{USER}:{PASSWORD}"

    def start(self, timeout: float = 60.0) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("ralph_server.py")),
                 "127.0.0.1", str(self.port)],
                env=self.env, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph stopped at start: {self.log.read_text()[-2000:]}")
            try:
                self.get("statements?limit=1")
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        raise RuntimeError("Ralph did not answer in time")

    def kill(self) -> None:
        """Stop it as a crash would: SIGKILL, no goodbye."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def get(self, path: str) -> Any:
        token = base64.b64encode(self.credentials.encode()).decode()
        request = urllib.request.Request(
            self.url + path, headers={"Authorization": f"Basic {token}",
                                      "X-Experience-API-Version": "1.0.3"})
        with urllib.request.urlopen(request, timeout=10) as reply:
            return json.loads(reply.read())

    def statements(self) -> list[dict[str, Any]]:
        """Every statement, read back through the xAPI, following the `more` links."""
        out: list[dict[str, Any]] = []
        page = self.get("statements?limit=500")
        while True:
            out += page["statements"]
            more = page.get("more")
            if not more:
                return out
            page = self.get(more.split("/xAPI/", 1)[1] if "/xAPI/" in more
                            else more.lstrip("/"))

    def stored_lines(self) -> list[dict[str, Any]]:
        """What the filesystem backend holds, line by line (to count duplicates)."""
        out = []
        for file in self.data.glob("*.jsonl"):
            out += [json.loads(line) for line in file.read_text("utf-8").splitlines()
                    if line.strip()]
        return out
