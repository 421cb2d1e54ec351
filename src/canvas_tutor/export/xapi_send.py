"""Send xAPI statements to an LRS through an outbox folder, so nothing is ever lost.

A statement is first written to `OUTBOX/pending/<id>.json`, then posted; on success it
moves to `sent/`, on a refusal that is about the statement itself (400, 409, 422 ...) it
moves to `rejected/` beside a `.reason.txt` that says why. An LRS that is down, slow or
busy (network errors, 408, 429, 5xx) leaves everything pending and the next try waits
longer (exponential backoff, at most five minutes); a wrong address or credentials (401,
403, 404) also keep everything and are reported. A statement id already in any of the
three folders is never queued again, so a class folder can be flushed as often as liked.

Credentials come from the environment (CANVAS_TUTOR_LRS_AUTH="user:password") or a file
(CANVAS_TUTOR_LRS_AUTH_FILE, or the path a command is given), never from the command line,
and no message ever prints them.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import os
import random
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from canvas_tutor.atomic import replace_atomically
from canvas_tutor.errors import UserError
from canvas_tutor.export.xapi import XAPI_VERSION
from canvas_tutor.i18n import _
from canvas_tutor.text import one_line

OUTBOX = "xapi-outbox"
URL_ENV = "CANVAS_TUTOR_LRS_URL"
AUTH_ENV = "CANVAS_TUTOR_LRS_AUTH"
AUTH_FILE_ENV = "CANVAS_TUTOR_LRS_AUTH_FILE"
BATCH = 50
TIMEOUT = 10.0
MAX_BACKOFF = 300.0
# Answers that are about one statement: keep it aside, do not retry it forever.
STATEMENT_FAULTS = {400, 409, 413, 415, 422}
# Answers that are about the set-up: keep everything, tell the trainer. A redirect is one:
# it is never followed, so the credentials only ever go to the address the trainer gave.
SETUP_FAULTS = {301, 302, 303, 307, 308, 401, 403, 404, 405}


class LrsError(UserError):
    """An LRS that cannot be used as configured; the message never holds a credential."""


@dataclass(frozen=True)
class Lrs:
    """Where statements go and how to sign in. `repr` hides the credentials."""

    endpoint: str  # ends with "/"; statements are POSTed to endpoint + "statements"
    authorization: str = field(default="", repr=False)

    @property
    def statements_url(self) -> str:
        return self.endpoint + "statements"


def check_url(url: str) -> str:
    """An LRS endpoint as http(s) with a host and no credentials in it, ending in '/'."""
    text = one_line(url)
    parts = urllib.parse.urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        got = parts.scheme + ":" if parts.scheme else _("relative")
        raise LrsError(_("the LRS address must start with http:// or https:// (got a "
                         "{scheme} address)").format(scheme=got))
    if not parts.hostname:
        raise LrsError(_("the LRS address has no host name"))
    if parts.username or parts.password:
        raise LrsError(_("the LRS address must not hold a user name or password: put them "
                         "in {env} or a file named by {file_env}").format(
            env=AUTH_ENV, file_env=AUTH_FILE_ENV))
    if parts.query or parts.fragment:
        raise LrsError(_("the LRS address must not have a query or fragment"))
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urllib.parse.urlunsplit((parts.scheme.lower(), parts.netloc, path, "", ""))


def _authorization(secret: str, source: str) -> str:
    secret = secret.strip()
    if not secret:
        raise LrsError(_("the LRS credentials in {source} are empty").format(source=source))
    if secret.lower().startswith(("basic ", "bearer ")):
        return secret
    if ":" not in secret:
        raise LrsError(_("the LRS credentials in {source} must be 'user:password'").format(
            source=source))
    return "Basic " + base64.b64encode(secret.encode("utf-8")).decode("ascii")


def load_lrs(url: str | None = None, *, auth_file: Path | None = None,
             environ: dict[str, str] | None = None) -> Lrs:
    """The LRS to use: `url` or $CANVAS_TUTOR_LRS_URL, credentials from the env or a file."""
    env = os.environ if environ is None else environ
    address = url or env.get(URL_ENV, "")
    if not address:
        raise LrsError(_("no LRS address: give --lrs URL or set {env}").format(env=URL_ENV))
    endpoint = check_url(address)
    file_name = auth_file or (Path(env[AUTH_FILE_ENV]) if env.get(AUTH_FILE_ENV) else None)
    if file_name is not None:
        try:
            secret = Path(file_name).read_text("utf-8").splitlines()[0:1]
        except OSError as exc:
            raise LrsError(_("cannot read the LRS credentials file {file}: {reason}").format(
                file=file_name, reason=exc.strerror or exc)) from None
        return Lrs(endpoint, _authorization(secret[0] if secret else "", str(file_name)))
    if env.get(AUTH_ENV):
        return Lrs(endpoint, _authorization(env[AUTH_ENV], AUTH_ENV))
    return Lrs(endpoint)


@dataclass
class FlushResult:
    """What one flush did, for the command's summary and the tests."""

    sent: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    pending: int = 0
    error: str = ""
    waited: bool = False  # skipped: the backoff after a failure has not run out


@dataclass(frozen=True)
class Answer:
    status: int  # 0 for no answer at all (network error, timeout)
    reason: str


def _reason(status: int, body: bytes) -> str:
    """A short, printable reason from an LRS reply (its `detail` or `message` if JSON)."""
    text = body.decode("utf-8", "replace")
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        detail = data.get("detail") or data.get("message") or data.get("error")
        if detail is not None:
            text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)
    return f"HTTP {status}: {one_line(text)[:500]}" if text.strip() else f"HTTP {status}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: the reply is reported as it came (a 30x), nothing is re-sent."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def post(lrs: Lrs, statements: list[dict[str, Any]], timeout: float = TIMEOUT) -> Answer:
    """POST statements; the answer's status, or 0 with the reason when none came."""
    body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION,
               "User-Agent": "canvas-tutor"}
    request = urllib.request.Request(lrs.statements_url, data=body, headers=headers,
                                     method="POST")
    if lrs.authorization:
        request.add_unredirected_header("Authorization", lrs.authorization)
    try:
        with _OPENER.open(request, timeout=timeout) as reply:
            reply.read()
            return Answer(reply.status, "")
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, _reason(exc.code, exc.read() if exc.fp else b""))
    except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
        # HTTPException: an LRS that died in the middle of its answer (a cut-off reply).
        reason = getattr(exc, "reason", exc)
        return Answer(0, _("no answer from the LRS: {reason}").format(
            reason=one_line(str(reason))[:200]))


class Outbox:
    """The outbox folder of a class (or of one canvas's folder)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.pending = self.folder / "pending"
        self.sent = self.folder / "sent"
        self.rejected = self.folder / "rejected"
        self.state_file = self.folder / "state.json"

    @classmethod
    def of(cls, class_dir: Path) -> Outbox:
        return cls(Path(class_dir) / OUTBOX)

    def _ensure(self) -> None:
        for sub in (self.pending, self.sent, self.rejected):
            sub.mkdir(parents=True, exist_ok=True)

    def known(self, statement_id: str) -> bool:
        name = f"{statement_id}.json"
        return any((sub / name).exists() for sub in (self.pending, self.sent, self.rejected))

    def queue(self, statements: Iterable[dict[str, Any]]) -> int:
        """Write statements not seen before to pending/; returns how many were new."""
        self._ensure()
        new = 0
        for statement in statements:
            sid = str(statement["id"])
            if self.known(sid):
                continue
            data = json.dumps(statement, ensure_ascii=False, sort_keys=True).encode("utf-8")
            replace_atomically(self.pending / f"{sid}.json", data, durable=False)
            new += 1
        return new

    def counts(self) -> dict[str, int]:
        """How many statements wait, went, and were refused."""
        def count(sub: Path) -> int:
            return sum(1 for p in sub.glob("*.json")) if sub.is_dir() else 0
        return {"pending": count(self.pending), "sent": count(self.sent),
                "rejected": count(self.rejected)}

    def rejections(self) -> list[tuple[str, str]]:
        """(statement id, reason) of every statement kept aside."""
        out = []
        for path in sorted(self.rejected.glob("*.json")) if self.rejected.is_dir() else []:
            note = path.with_suffix(".reason.txt")
            reason = note.read_text("utf-8", "replace") if note.exists() else ""
            out.append((path.stem, one_line(reason)))
        return out

    # Backoff state --------------------------------------------------------------------

    def _state(self) -> dict[str, float]:
        try:
            data = json.loads(self.state_file.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: float(v) for k, v in data.items()
                if k in ("failures", "next_try") and isinstance(v, int | float)}

    def _save_state(self, failures: int, next_try: float) -> None:
        data = json.dumps({"failures": failures, "next_try": next_try}).encode("utf-8")
        replace_atomically(self.state_file, data, durable=False)

    def next_try(self) -> float:
        return self._state().get("next_try", 0.0)

    def _failed(self) -> float:
        failures = int(self._state().get("failures", 0)) + 1
        delay = min(MAX_BACKOFF, 2.0 ** failures) * random.uniform(0.75, 1.0)
        self._save_state(failures, time.time() + delay)
        return delay

    # Sending --------------------------------------------------------------------------

    def _move(self, sid: str, to: Path, reason: str = "") -> None:
        src = self.pending / f"{sid}.json"
        if reason:
            replace_atomically(to / f"{sid}.reason.txt", (reason + "\n").encode("utf-8"),
                               durable=False)
        with contextlib.suppress(FileNotFoundError):  # another flush moved it first
            os.replace(src, to / f"{sid}.json")

    def _load(self, path: Path, result: FlushResult) -> dict[str, Any] | None:
        try:
            data = json.loads(path.read_text("utf-8"))
            if not isinstance(data, dict) or data.get("id") != path.stem:
                raise ValueError("not a statement of this outbox")
            return data
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            reason = _("unreadable outbox file: {reason}").format(
                reason=one_line(str(exc))[:200])
            self._move(path.stem, self.rejected, reason)
            result.rejected.append((path.stem, reason))
            return None

    def flush(self, lrs: Lrs, *, force: bool = False, wait: float = 0.0,
              timeout: float = TIMEOUT) -> FlushResult:
        """Send what is pending. One flush at a time per outbox (a lock file).

        Without `force`, a flush during the backoff after a failure does nothing.
        `wait` is how long to wait for another process's flush to finish.
        """
        result = FlushResult()
        if not self.pending.is_dir():
            return result
        if not force and time.time() < self.next_try():
            result.waited = True
            result.pending = self.counts()["pending"]
            return result
        lock = FileLock(str(self.folder / ".flush.lock"))
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            result.waited = True
            result.pending = self.counts()["pending"]
            return result
        try:
            self._flush_locked(lrs, result, timeout)
        finally:
            lock.release()
        result.pending = self.counts()["pending"]
        return result

    def _flush_locked(self, lrs: Lrs, result: FlushResult, timeout: float) -> None:
        files = sorted(self.pending.glob("*.json"))
        for start in range(0, len(files), BATCH):
            batch = [(p.stem, s) for p in files[start:start + BATCH]
                     if (s := self._load(p, result)) is not None]
            if batch and not self._send(lrs, batch, result, timeout):
                return
        self._save_state(0, 0.0)

    def _send(self, lrs: Lrs, batch: list[tuple[str, dict[str, Any]]], result: FlushResult,
              timeout: float) -> bool:
        """Send one batch; False when sending must stop for now (the LRS or the set-up)."""
        answer = post(lrs, [s for _sid, s in batch], timeout)
        if 200 <= answer.status < 300:
            for sid, _statement in batch:
                self._move(sid, self.sent)
            result.sent += len(batch)
            return True
        if answer.status in STATEMENT_FAULTS:
            if len(batch) > 1:  # find the statement at fault: one by one
                return all(self._send(lrs, [item], result, timeout) for item in batch)
            sid = batch[0][0]
            self._move(sid, self.rejected, answer.reason)
            result.rejected.append((sid, answer.reason))
            return True
        if answer.status in SETUP_FAULTS:
            result.error = _("the LRS refused the request ({reason}); check the address "
                             "and the credentials. Nothing was lost: the statements wait in "
                             "the outbox").format(reason=answer.reason)
        else:
            delay = self._failed()
            result.error = _("the LRS could not take the statements ({reason}); they wait "
                             "in the outbox, next try in {seconds} s").format(
                reason=answer.reason, seconds=f"{delay:.0f}")
            return False
        self._failed()
        return False
