"""Parsed stylesheets kept between runs, so start-up does not parse the same CSS again.

Textual parses the CSS of every widget class it meets, its own and ours, at each start:
about 15 ms of the welcome's first frame here. Parsed rules depend only on the CSS text,
where it came from and the theme's variables, so they are kept in the user cache folder
under a key of the installed Textual (its CSS parser's file stamp: asking Textual for its
version costs 13 ms of importlib.metadata) and those variables, and looked up by the CSS
text itself: changed CSS is simply parsed again. Textual is pinned to one version, whose
`Stylesheet._parse_rules` this class wraps; anything unexpected means parsing as usual.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from textual.css import parse as textual_parser
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

from canvas_tutor import __version__
from canvas_tutor.cachefile import cache_file, read_cached, write_cached

Entry = tuple[str, CSSLocation, bool, int, str]


class CachedStylesheet(Stylesheet):
    """A Textual stylesheet that remembers what it parsed, across runs.

    Rules are kept in parts, one file each: what the first screen needs, read before the
    first frame, and the rest (`begin_part`), read only once the first frame is out.
    """

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._part = "first"
        self._loaded: tuple[tuple[Any, ...], str] | None = None  # whose file was read
        self._part_rules: dict[Entry, list[RuleSet]] = {}  # the current part, for saving
        self._known: dict[Entry, list[RuleSet]] = {}  # every part so far, these variables
        self._known_key: tuple[Any, ...] | None = None
        self._grown = False
        self._key_of: dict[str, str] | None = None
        self._key_now: tuple[Any, ...] = ()

    def _key(self) -> tuple[Any, ...]:
        """Which Textual and which variables; worked out again only for new variables."""
        if self._key_of is not self._variables:  # set_variables gives a new dict
            parser = textual_parser.__file__
            stat = os.stat(parser)
            self._key_of = self._variables
            self._key_now = (parser, stat.st_mtime_ns, stat.st_size, __version__,
                             tuple(sorted(self._variables.items())))
        return self._key_now

    @staticmethod
    def _file(key: tuple[Any, ...], part: str) -> Path:
        return cache_file(f"css-{part}", repr(key))

    def begin_part(self, part: str) -> None:
        """Keep the rules parsed from now on in a part (and file) of their own."""
        self.save()
        self._part = part

    def _load(self) -> None:
        """Read the current part's rules for these variables, once."""
        key = self._key()
        if (key, self._part) == self._loaded:
            return
        self.save()
        if key != self._known_key:  # another theme: rules parsed for the old one are void
            self._known, self._known_key = {}, key
        kept = read_cached(self._file(key, self._part), key)
        self._part_rules = kept if isinstance(kept, dict) else {}
        self._known.update(self._part_rules)
        self._loaded = (key, self._part)
        self._grown = False

    def _parse_rules(self, css: str, read_from: CSSLocation, is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
        self._load()
        entry: Entry = (css, read_from, is_default_rules, tie_breaker, scope)
        rules = self._known.get(entry)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if not any(rule.errors for rule in rules):  # faulty CSS is reported every time
                self._known[entry] = self._part_rules[entry] = rules
                self._grown = True
        return rules

    def save(self) -> None:
        """Keep what the current part parsed since it was read (if anything)."""
        if self._grown and self._loaded is not None:
            key, part = self._loaded
            write_cached(self._file(key, part), key, self._part_rules)
            self._grown = False
