"""Run Ralph's LRS (its own FastAPI app) with the filesystem backend appending.

Two settings differ from Ralph 5.1 as shipped, both in its filesystem backends only:

- Its filesystem LRS backend writes with its data backend's default operation, CREATE,
  which refuses to write to a file that exists: every POST after the first one fails
  with HTTP 500 ("... already exists and overwrite is not allowed"). Its database
  backends have no such limit. For the tests the filesystem backend appends instead.
- Every read of the statements file rewrites Ralph's history file (APP_DIR/history.json)
  in place, truncating it first. An LRS killed in that moment (as the tests kill it,
  with SIGKILL) leaves the file empty, and from then on answers every request with
  HTTP 500 (a JSONDecodeError) however often it is restarted. Here the history file is
  replaced atomically (a temporary file, then os.replace), so a killed LRS comes back.

The rest of Ralph (validation, authentication, duplicate detection, queries) is as shipped.
Usage: python tests/ralph_server.py HOST PORT
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from typing import Any

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.mixins import HistoryMixin
from ralph.backends.lrs.fs import FSLRSBackend
from ralph.conf import settings

FSLRSBackend.default_operation_type = BaseOperationType.APPEND


def write_history_atomically(self: Any, history: list[Any]) -> None:
    """HistoryMixin.write_history, but a crash leaves the old file or the new one."""
    path = settings.HISTORY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".history-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=settings.LOCALE_ENCODING) as out:
            json.dump(history, out)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise
    self._history = history


HistoryMixin.write_history = write_history_atomically  # type: ignore[method-assign]

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="warning")
