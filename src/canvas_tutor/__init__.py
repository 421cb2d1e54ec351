"""canvas-tutor: a guided course on the Business Model Canvas."""

# A literal, read by hatchling for the package version: importlib.metadata would cost
# about 0.2 s of start-up for every command.
__version__ = "0.1.0"
