"""Allow `python -m canvas_tutor`."""

import sys

from canvas_tutor.cli import main

sys.exit(main())
