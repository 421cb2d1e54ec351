"""A class joining one `canvas-tutor serve` at once: 1, 10 and 30 learners.

Raw websocket clients (what a browser tab sends and receives, no browser) on loopback
only. One learner is already at the welcome, typing into the name field every 100 ms;
then N learners connect at the same moment. Measured:

- time to welcome: from connecting until "Start a new canvas" has been drawn;
- echo: for the learner who was already there, from a key press until the typed text
  comes back, while the others join (its worst value is the longest stall);
- memory per learner: resident (RSS) and proportional (PSS, shared pages split between
  the processes that share them) of the processes a learner adds (a launcher and the
  session forked for it);
- CPU per join: processor time of the server and the new sessions, divided by N.

Every loop has a deadline, so a run stops by itself. It reports, it never fails a build.

    python benchmarks/serve_bench.py [--learners 1 10 30] [--host 127.0.0.2]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ANSI = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*"
                  r"\x1b\\|.)")
WELCOME = "Start a new canvas"
JOIN_DEADLINE = 120.0  # seconds: a join that takes longer is counted as failed
TICK = os.sysconf("SC_CLK_TCK")


def _port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _descendants(pid: int) -> list[int]:
    """Every process below `pid`: launchers, the session starter and the sessions."""
    found, todo = [], _children(pid)
    while todo:
        child = todo.pop()
        found.append(child)
        todo += _children(child)
    return found


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def _is_starter(pid: int) -> bool:
    try:
        return b"canvas_tutor.serve.forks" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def _memory(pid: int) -> tuple[float, float]:
    """RSS and PSS in MiB."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0, 0.0
    values = dict(re.findall(r"^(Rss|Pss):\s+(\d+) kB", text, re.M))
    return int(values.get("Rss", 0)) / 1024, int(values.get("Pss", 0)) / 1024


class Client:
    def __init__(self, url: str) -> None:
        self.url = url
        self.raw: list[str] = []
        self.closed = False

    async def connect(self, session: object) -> None:
        import aiohttp

        assert isinstance(session, aiohttp.ClientSession)
        self.ws = await session.ws_connect(self.url, max_msg_size=0)
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        import aiohttp

        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.raw.append(message.data.decode("utf-8", "replace"))
        self.closed = True

    def since(self, mark: int) -> str:
        return ANSI.sub("", "".join(self.raw[mark:]))

    async def wait_for(self, text: str, mark: int = 0, timeout: float = JOIN_DEADLINE) -> bool:
        deadline = time.monotonic() + timeout
        while text not in self.since(mark):
            if self.closed or time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.01)
        return True

    async def send(self, keys: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", keys]))


async def _echo(client: Client, stop: asyncio.Event, out: list[float]) -> None:
    """Type into the name field every 100 ms; time each key until its text is drawn."""
    value = ""
    while not stop.is_set():
        if len(value) >= 30:
            for _ in value:
                await client.send("\x7f")
            value = ""
            await asyncio.sleep(0.3)
        char = "abcdefghij"[len(value) % 10]
        value += char
        mark = len(client.raw)
        start = time.monotonic()
        await client.send(char)
        ok = await client.wait_for(value, mark, timeout=10)
        out.append((time.monotonic() - start) if ok else 10.0)
        await asyncio.sleep(0.1)


async def _run(learners: int, host: str) -> dict[str, float | int]:
    import aiohttp

    port = _port(host)
    folder = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    server = subprocess.Popen(
        [sys.executable, "-m", "canvas_tutor", "serve", "--host", host, "--port", str(port),
         "--class-dir", str(folder / "class")], stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        assert server.stdout is not None
        deadline = time.monotonic() + 60
        while "Press Ctrl+C" not in (server.stdout.readline() or "") and \
                time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError("serve did not start")
        url = f"ws://{host}:{port}/ws?width=100&height=32"
        async with aiohttp.ClientSession() as session:
            typist = Client(url)
            await typist.connect(session)
            await typist.wait_for(WELCOME)
            await typist.ws.send_str(json.dumps(["focus"]))
            await asyncio.sleep(1.0)
            before = set(_descendants(server.pid))
            cpu_before = _cpu(server.pid) + sum(_cpu(p) for p in before)
            echoes: list[float] = []
            stop = asyncio.Event()
            echo = asyncio.create_task(_echo(typist, stop, echoes))
            await asyncio.sleep(0.5)
            clients = [Client(url) for _ in range(learners)]

            async def join(client: Client) -> float:
                start = time.monotonic()
                await client.connect(session)
                ok = await client.wait_for(WELCOME)
                return time.monotonic() - start if ok else float("inf")

            times = await asyncio.gather(*(join(c) for c in clients))
            await asyncio.sleep(0.5)
            stop.set()
            await asyncio.wait_for(echo, 15)
            joined = [p for p in _descendants(server.pid) if p not in before]
            starters = [p for p in _children(server.pid) if _is_starter(p)]
            forked = len([p for p in joined if starters and _parent(p) in starters])
            cpu_after = _cpu(server.pid) + sum(_cpu(p) for p in set(before) | set(joined))
            used = [_memory(p) for p in joined]  # a launcher and a session per learner
            memory = [(sum(m[0] for m in used) / learners, sum(m[1] for m in used) / learners)]
            for client in [typist, *clients]:
                await client.ws.close()
        ok = [t for t in times if t != float("inf")]
        return {
            "learners": learners,
            "joined": len(ok),
            "welcome_median": statistics.median(ok) if ok else float("nan"),
            "welcome_max": max(ok) if ok else float("nan"),
            "echo_median": statistics.median(echoes) * 1000 if echoes else float("nan"),
            "echo_max": max(echoes) * 1000 if echoes else float("nan"),
            "rss": statistics.mean(m[0] for m in memory) if memory else float("nan"),
            "pss": statistics.mean(m[1] for m in memory) if memory else float("nan"),
            "cpu_per_join": (cpu_after - cpu_before) / learners,
            "forked": forked,
        }
    finally:
        with contextlib.suppress(OSError):
            os.killpg(server.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(15)
        shutil.rmtree(folder, ignore_errors=True)


def table(rows: list[dict[str, float | int]]) -> str:
    head = ("| learners joining at once | joined | welcome, median | welcome, worst | "
            "echo of another learner, median | echo, worst (stall) | RSS per learner | "
            "PSS per learner | CPU per join | goal |")
    lines = [head, "|" + "---|" * 10]
    for r in rows:
        met = r["welcome_max"] <= 3.0 and r["echo_max"] <= 250 and r["joined"] == r["learners"]
        lines.append(
            f"| {r['learners']} | {r['joined']} | {r['welcome_median']:.2f} s | "
            f"{r['welcome_max']:.2f} s | {r['echo_median']:.0f} ms | {r['echo_max']:.0f} ms | "
            f"{r['rss']:.0f} MiB | {r['pss']:.0f} MiB | {r['cpu_per_join']:.2f} s | "
            f"{'met' if met else 'missed'} (welcome <= 3 s, stall <= 250 ms) |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--host", default="127.0.0.2", help="a loopback address")
    args = parser.parse_args()
    if not args.host.startswith("127."):
        parser.error("the benchmark runs on loopback only (127.0.0.0/8)")
    rows = [asyncio.run(_run(n, args.host)) for n in args.learners]
    print(f"canvas-tutor serve, Python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    print(table(rows))
    # A starter that silently stopped forking still "works" (every launcher starts its
    # session the ordinary way), only slowly: say how the sessions were started.
    print("\nsessions forked by the session starter: " + ", ".join(
        f"{r['forked']} of {r['learners']}" for r in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
