"""The package stays open: no pickles, no Business Model Canvas ids, one list per registry."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from canvas_tutor.course.exercises import KINDS

SRC = Path(__file__).resolve().parents[1] / "src" / "canvas_tutor"
ROOT = SRC.parents[1]
# "channels" is left out: it is also the name of a role, which the code may use.
BMC_IDS = ("key_partners", "key_activities", "key_resources", "value_propositions",
           "customer_relationships", "customer_segments", "cost_structure",
           "revenue_streams", "transactional", "long_term", "personal_assistance",
           "self_service", "automated_services", "co_creation")


def _sources() -> list[Path]:
    return [p for p in SRC.rglob("*") if p.suffix in (".py", ".tcss", ".css")]


def test_no_pickle_in_the_package() -> None:
    offenders = [p for p in _sources() if re.search(r"^\s*(import|from)\s+pickle\b",
                                                    p.read_text("utf-8"), re.M)]
    assert offenders == []


def test_no_block_or_type_id_of_the_business_model_canvas_in_the_package() -> None:
    found = [(p.name, word) for p in _sources() for word in BMC_IDS
             if re.search(rf"[\"'\s.(]{word}[\"'\s,)]", p.read_text("utf-8"))]
    assert found == []


def test_canvases_are_written_with_tomli_w() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert any(d.startswith("tomli-w") for d in project["dependencies"])
    assert not (SRC / "canvas" / "toml_out.py").exists()


def test_every_kind_has_a_core_module_and_a_widget_module() -> None:
    for name in KINDS:
        assert (SRC / "course" / "exercises" / f"{name}.py").is_file(), name
        assert (SRC / "tui" / "widgets" / "exercises" / f"{name}.py").is_file(), name
