"""The handbook in another language: no English that bypassed the catalogue (pseudo-locale)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from canvas_tutor.course.loader import load_course
from canvas_tutor.export.handbook import build_handbook
from canvas_tutor.export.handbook_html import handbook_to_html
from canvas_tutor.export.handbook_md import handbook_to_markdown
from test_i18n_pseudo import GREEK, english, greek, pseudo_catalogue  # noqa: F401


class Visible(HTMLParser):
    """The text a reader sees: no style sheet, no metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def test_every_label_of_the_handbook_is_translated(greek: None) -> None:  # noqa: F811
    course = load_course(GREEK, "el")
    for trainer in (False, True):
        page = Visible()
        page.feed(handbook_to_html(build_handbook(course, trainer=trainer)))
        assert english(" ".join(page.text)) == [], trainer
        md = handbook_to_markdown(build_handbook(course, trainer=trainer))
        body = md.split("\n---\n", 1)[1]  # the front matter's keys are data for tools
        assert english(re.sub(r"https?://[^\s)]+", " ", body)) == [], trainer  # links: data
