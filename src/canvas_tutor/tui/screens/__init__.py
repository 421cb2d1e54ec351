"""Screens of the canvas-tutor app, one per module."""
