"""Run Ralph's LRS (its own FastAPI app, unchanged) with the filesystem backend appending.

Ralph 5.1's filesystem LRS backend writes with its data backend's default operation,
CREATE, which refuses to write to a file that exists: every POST after the first one
fails with HTTP 500 ("... already exists and overwrite is not allowed"). Its database
backends have no such limit. For the tests the filesystem backend appends instead; the
rest of Ralph (validation, authentication, duplicate detection, queries) is as shipped.
Usage: python tests/ralph_server.py HOST PORT
"""

from __future__ import annotations

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="warning")
