"""A learner's canvas: the model, its file format, the store and the folder of canvases."""

SUFFIX = ".canvas.toml"
"""The end of every canvas file's name."""
