"""Arrow keys on a canvas grid: the nearest block in the direction pressed, by grid place.

Shared by the screens that draw the canvas as tiles, so every board moves the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from canvas_tutor.course.model import Block

T = TypeVar("T")


def step(tiles: Sequence[tuple[T, Block]], here: Block, dx: int, dy: int) -> T | None:
    """The tile whose block lies next in direction (dx, dy) from `here`, or None at an edge."""
    cx, cy = here.column + here.column_span / 2, here.row + here.row_span / 2

    def ahead(b: Block) -> bool:
        if dx > 0:
            return b.column >= here.column + here.column_span
        if dx < 0:
            return b.column + b.column_span <= here.column
        if dy > 0:
            return b.row >= here.row + here.row_span
        return b.row + b.row_span <= here.row

    def distance(b: Block) -> float:
        bx, by = b.column + b.column_span / 2, b.row + b.row_span / 2
        along = abs(bx - cx) if dx else abs(by - cy)
        across = abs(by - cy) if dx else abs(bx - cx)
        return along + 2 * across

    candidates = [(tile, block) for tile, block in tiles if block.id != here.id and ahead(block)]
    if not candidates:
        return None
    return min(candidates, key=lambda pair: distance(pair[1]))[0]
