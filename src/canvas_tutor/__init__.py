"""canvas-tutor: a guided course on the Business Model Canvas."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("canvas-tutor")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
