"""The canvas TOML writer: whatever it writes, tomllib reads back exactly."""

from __future__ import annotations

import math
import tomllib
from datetime import UTC, date, datetime, time
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from canvas_tutor.canvas.toml_out import dumps

keys = st.text(min_size=1, max_size=12)
scalars = (st.text(max_size=40) | st.booleans() | st.integers(-2**63, 2**63 - 1)
           | st.floats(allow_nan=False) | st.dates()
           | st.datetimes(timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0))
           | st.times().map(lambda t: t.replace(microsecond=0)))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=12)
documents = st.dictionaries(keys, values, max_size=6)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
    return bool(a == b and type(a) is type(b))


@settings(max_examples=300, deadline=None)
@given(documents)
def test_any_document_round_trips(doc: dict[str, Any]) -> None:
    assert same(tomllib.loads(dumps(doc)), doc)


def test_keys_that_end_in_a_newline_are_quoted() -> None:
    # found by hypothesis: a regex `$` also matches before a final newline
    assert tomllib.loads(dumps({"0\n": [], "k\n": {"a": 1}})) == {"0\n": [], "k\n": {"a": 1}}


def test_readable_shape() -> None:
    text = dumps({"a": 1, "when": datetime(2026, 11, 22, 9, 30, tzinfo=UTC),
                  "t": {"notes": ["x", "y"], "answers": {"q": "line 1\nline \"2\""}},
                  "d": date(2026, 1, 2), "tm": time(9, 5)})
    assert "when = 2026-11-22T09:30:00Z" in text
    assert '[t]\nnotes = [\n    "x",\n    "y",\n]' in text
    assert "[t.answers]\nq = '''\nline 1\nline \"2\"'''" in text  # as typed, no escapes
    assert dumps({"q": "it's\nok"}) == 'q = """\nit\'s\nok"""\n'  # a quote: basic string
