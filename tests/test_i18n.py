"""The catalogue: choosing a language, falling back to English, plurals, dates, the template."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from canvas_tutor import i18n
from canvas_tutor.cli import main
from canvas_tutor.i18n import _, choose_language, format_date, ngettext, set_language

SRC = Path(__file__).resolve().parents[1] / "src" / "canvas_tutor"  # the source, not site-packages
ROOT = SRC.parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


def write_catalogue(folder: Path, lang: str, messages: dict[str | tuple[str, str],
                    str | tuple[str, ...]], *, fuzzy: tuple[str, ...] = (),
                    plural_forms: str | None = None) -> Path:
    """A real .po file written by Babel, as a translator's tool would."""
    catalog = Catalog(locale=lang, domain=i18n.DOMAIN, fuzzy=False)
    for msgid, msgstr in messages.items():
        flags = ("fuzzy",) if msgid in fuzzy else ()
        catalog.add(msgid, msgstr, flags=flags)
    path = folder / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)
    if plural_forms is not None:
        text = path.read_text("utf-8")
        start = text.index('"Plural-Forms:')
        end = text.index("\n", start)
        path.write_text(text[:start] + f'"Plural-Forms: {plural_forms}\\n"' + text[end:],
                        "utf-8")
    return path


@pytest.fixture
def locale_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "locale"
    folder.mkdir()
    monkeypatch.setenv(i18n.LOCALE_DIR_ENV, str(folder))
    i18n.reset()
    return folder


# Fallback to English -------------------------------------------------------------------

def test_english_reads_no_catalogue_and_never_returns_the_header() -> None:
    set_language("en")
    assert _("Help") == "Help"
    assert _("") == ""
    assert ngettext("{n} file", "{n} files", 2) == "{n} files"


def test_a_missing_message_falls_back_to_english_alone(locale_dir: Path) -> None:
    write_catalogue(locale_dir, "es", {"Help": "Ayuda"})
    set_language("es")
    assert _("Help") == "Ayuda"
    assert _("Save and quit") == "Save and quit"


def test_a_language_without_catalogue_is_english(locale_dir: Path) -> None:
    set_language("sw")
    assert i18n.language() == "sw"
    assert _("Help") == "Help"


@pytest.mark.parametrize("code", ["{planted}", "../etc", "es/../../x", "", "é", "e s",
                                  "x" * 40])
def test_a_code_that_is_not_a_language_is_english(locale_dir: Path, code: str) -> None:
    """A code names a folder: an absolute path or `..` must not reach a planted file."""
    planted = locale_dir.parent / "planted"
    write_catalogue(planted.parent, planted.name, {"Help": "planted"})
    write_catalogue(locale_dir.parent, "etc", {"Help": "planted"})
    set_language(code.format(planted=planted))
    assert i18n.language() == "en"
    assert _("Help") == "Help"


def test_region_falls_back_to_its_language(locale_dir: Path) -> None:
    write_catalogue(locale_dir, "es", {"Help": "Ayuda"})
    set_language("es_MX.UTF-8")
    assert _("Help") == "Ayuda"


def test_fuzzy_entries_and_wrong_placeholders_stay_english(locale_dir: Path) -> None:
    write_catalogue(locale_dir, "es", {
        "Help": "Ayuda",
        "Quit": "Salir",
        "Lesson {n} of {total}": "Lección {n} de {totl}",  # a typo would be a KeyError
        "Exported to {path}": "Exportado a {path",  # an unclosed brace: ValueError
        "Saved in {folder}": "Guardado en {folder}",
    }, fuzzy=("Quit",))
    set_language("es")
    assert _("Help") == "Ayuda"
    assert _("Quit") == "Quit"
    assert _("Lesson {n} of {total}").format(n=1, total=2) == "Lesson 1 of 2"
    assert _("Exported to {path}").format(path="x") == "Exported to x"
    assert _("Saved in {folder}").format(folder="/d") == "Guardado en /d"


def test_a_broken_po_file_keeps_its_good_entries(locale_dir: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = write_catalogue(locale_dir, "es", {"Help": "Ayuda", "Quit": "Salir"})
    text = path.read_text("utf-8")
    text = text.replace('msgid "Quit"', 'msgid "Quit"\nthis is not a po line')
    path.write_text(text, "utf-8")
    set_language("es")
    assert _("Help") == "Ayuda"
    assert _("Next") == "Next"
    captured = capsys.readouterr()
    assert captured.out == ""  # Babel's own complaints never reach stdout (exports go there)
    assert str(path) in captured.err


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage\x00", b'msgid "a\nmsgstr "b"\n',
                                     b"", b"msgid \"\"\nmsgstr \"\"\n\"Content-Type: x\"\n"])
def test_an_unreadable_catalogue_is_english_not_a_crash(locale_dir: Path, content: bytes,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    path = locale_dir / "es" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    set_language("es")
    assert _("Help") == "Help"
    assert ngettext("{n} file", "{n} files", 1) == "{n} file"
    assert capsys.readouterr().out == ""


def test_the_catalogue_is_read_once_per_process(locale_dir: Path) -> None:
    path = write_catalogue(locale_dir, "es", {"Help": "Ayuda"})
    set_language("es")
    path.write_text("garbage", "utf-8")
    set_language("en")
    set_language("es")  # the cached catalogue, not the file as it is now
    assert _("Help") == "Ayuda"


# Plurals -------------------------------------------------------------------------------

def test_polish_has_three_plural_forms(locale_dir: Path) -> None:
    write_catalogue(locale_dir, "pl", {
        ("{n} lesson done", "{n} lessons done"):
            ("{n} lekcja ukończona", "{n} lekcje ukończone", "{n} lekcji ukończonych"),
    })
    set_language("pl")
    forms = {n: ngettext("{n} lesson done", "{n} lessons done", n).format(n=n)
             for n in (1, 2, 4, 5, 12, 21, 22, 25, 112)}
    assert forms[1] == "1 lekcja ukończona"
    assert forms[2] == "2 lekcje ukończone"
    assert forms[4] == "4 lekcje ukończone"
    assert forms[22] == "22 lekcje ukończone"
    for n in (5, 12, 21, 25, 112):
        assert forms[n] == f"{n} lekcji ukończonych"


def test_a_broken_plural_header_uses_the_languages_own_rules(
        locale_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_catalogue(locale_dir, "pl", {
        ("{n} file", "{n} files"): ("{n} plik", "{n} pliki", "{n} plików"),
        "Help": "Pomoc",
    }, plural_forms="nplurals=3; plural=(n==1 ? 0 : import os);")
    set_language("pl")
    assert _("Help") == "Pomoc"
    assert ngettext("{n} file", "{n} files", 5).format(n=5) == "5 plików"
    assert ngettext("{n} file", "{n} files", 3).format(n=3) == "3 pliki"
    assert "Plural-Forms" in capsys.readouterr().err


# Dates and numbers ---------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "day", "number"), [
    ("en", "Nov 22, 2026", "1,234.5"),
    ("de", "22.11.2026", "1.234,5"),
    ("fr", "22 nov. 2026", "1\u202f234,5"),
    ("el", "22 Νοε 2026", "1.234,5"),
])
def test_dates_and_numbers_are_written_the_languages_way(lang: str, day: str,
                                                         number: str) -> None:
    set_language(lang)
    assert format_date(date(2026, 11, 22)) == day
    assert format_date(datetime(2026, 11, 22, 9, 30, tzinfo=UTC)) == day
    assert i18n.format_number(1234.5) == number


def test_a_language_babel_does_not_know_writes_dates_in_english() -> None:
    set_language("qqq")
    assert format_date(date(2026, 11, 22)) == "Nov 22, 2026"


# Choosing the language -----------------------------------------------------------------

@pytest.mark.parametrize(("requested", "env", "expected", "noticed"), [
    ("es", {"CANVAS_TUTOR_LANG": "fr", "LANG": "en_GB.UTF-8"}, "es", False),
    (None, {"CANVAS_TUTOR_LANG": "fr", "LANG": "es_ES.UTF-8"}, "fr", False),
    (None, {"LANG": "es_ES.UTF-8"}, "es", False),
    (None, {"LC_ALL": "fr_FR.UTF-8", "LC_MESSAGES": "es_ES", "LANG": "en"}, "fr", False),
    (None, {"LC_MESSAGES": "es_ES", "LANG": "fr_FR"}, "es", False),
    (None, {"LANG": "C.UTF-8"}, "en", False),
    (None, {}, "en", False),
    ("ES-es", {}, "es", False),
    ("de", {"LANG": "es_ES.UTF-8"}, "en", True),
    (None, {"CANVAS_TUTOR_LANG": "de"}, "en", True),
    (None, {"LANG": "de_DE.UTF-8"}, "en", False),  # a system setting is not a request
])
def test_language_precedence(requested: str | None, env: dict[str, str], expected: str,
                             noticed: bool) -> None:
    language, notice = choose_language(requested, ("en", "es", "fr"), env)
    assert language == expected
    assert (notice is not None) == noticed
    if notice:
        assert "en, es, fr" in notice and (requested or env["CANVAS_TUTOR_LANG"]) in notice


def test_the_pack_first_language_is_the_default() -> None:
    assert choose_language(None, ("el", "en"), {})[0] == "el"


def _canvas(tmp_path: Path) -> Path:
    path = tmp_path / "ann.canvas.toml"
    path.write_text('format = "canvas-tutor/canvas"\nformat_version = 1\n'
                    'course = "greek-mini"\nlanguage = "el"\n\n[learner]\nname = "Ann"\n',
                    "utf-8")
    return path


def test_language_option_on_export_and_its_notice(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    canvas = _canvas(tmp_path)
    pack = FIXTURES / "greek-pack"
    assert main(["export", str(canvas), "--format", "md", "--course", str(pack),
                 "--language", "el"]) == 0
    out = capsys.readouterr()
    assert "Πελάτες" in out.out and out.err == ""
    assert main(["export", str(canvas), "--format", "md", "--course", str(pack),
                 "--language", "de"]) == 0
    out = capsys.readouterr()
    assert out.err.count("\n") == 1 and "de" in out.err and "el" in out.err
    assert "Πελάτες" in out.out  # the pack's first language


def test_language_option_translates_the_help(locale_dir: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    write_catalogue(locale_dir, "es", {"validate a course pack": "validar un curso"})
    course = tmp_course_with_languages(locale_dir.parent, ("en", "es"))
    with pytest.raises(SystemExit):
        main(["--course", str(course), "--language", "es", "--help"])
    assert "validar un curso" in capsys.readouterr().out


def tmp_course_with_languages(folder: Path, languages: tuple[str, ...]) -> Path:
    """A copy of the mini pack that lists more languages (lessons copied per language)."""
    import shutil

    target = folder / "pack"
    shutil.copytree(FIXTURES / "mini-pack", target)
    manifest = target / "course" / "course.toml"
    text = manifest.read_text("utf-8").replace('languages = ["en"]',
                                               f"languages = {list(languages)!r}"
                                               .replace("'", '"'))
    manifest.write_text(text, "utf-8")
    for lang in languages[1:]:
        shutil.copytree(target / "lessons" / "en", target / "lessons" / lang)
    return target


def test_serve_passes_the_language_to_every_session(tmp_path: Path) -> None:
    from canvas_tutor.serve import session_command_line as serve_command_line

    line = serve_command_line(tmp_path, None, "es")
    assert line.endswith("--language es")
    assert "--language" not in serve_command_line(tmp_path, None)


# Translated when shown, never at import ------------------------------------------------

def _module_level_calls(tree: ast.AST) -> list[int]:
    """Lines where _() or ngettext() runs at import: in a module or class body."""
    found: list[int] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                visit(child, True)
                continue
            if (not in_function and isinstance(child, ast.Call)
                    and isinstance(child.func, ast.Name)
                    and child.func.id in ("_", "ngettext")):
                found.append(child.lineno)
            visit(child, in_function)

    visit(tree, False)
    return found


def test_no_message_is_translated_at_import() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        lines = _module_level_calls(ast.parse(path.read_text("utf-8")))
        offenders += [f"{path.relative_to(SRC)}:{line}" for line in lines]
    assert offenders == []


def test_the_checker_finds_a_translation_at_import() -> None:
    tree = ast.parse('from x import _\nclass A:\n    B = [_("x")]\ndef f():\n    _("y")\n')
    assert _module_level_calls(tree) == [3]


def _literal_messages(tree: ast.AST) -> set[str | tuple[str, str]]:
    """Every literal message given to _(), N_() or ngettext() in a module's code."""
    found: set[str | tuple[str, str]] = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        args = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if node.func.id in ("_", "N_") and args and isinstance(args[0], str):
            found.add(args[0])
        elif node.func.id == "ngettext" and len(args) >= 2:
            found.add((str(args[0]), str(args[1])))
        elif node.func.id == "pgettext" and len(args) >= 2:
            found.add(str(args[1]))
    return found


def test_the_extractor_sees_into_f_strings() -> None:
    import io

    from canvas_tutor.i18n_extract import extract

    code = (b'x = f"<h2>{_(\'Lesson\')}</h2>"\n# TRANSLATORS: a key name\n'
            b'y = pgettext("key", "esc")\nz = ngettext("{n} file", "{n} files", n)\n'
            b'w = _(name)\n')
    found = list(extract(io.BytesIO(code), {"_": None, "pgettext": None, "ngettext": None},
                         ["TRANSLATORS:"], {}))
    assert found == [(1, "_", "Lesson", []),
                     (3, "pgettext", ("key", "esc"), ["TRANSLATORS: a key name"]),
                     (4, "ngettext", ("{n} file", "{n} files", None), [])]


def test_every_message_in_the_code_reaches_the_template() -> None:
    """Every literal message in the code is in the template (pybabel extract was run)."""
    with (SRC / "locale" / "canvas_tutor.pot").open("rb") as handle:
        template = read_po(handle)
    listed = {m.id if isinstance(m.id, str) else tuple(m.id) for m in template if m.id}
    missing = []
    for path in sorted(SRC.rglob("*.py")):
        for message in _literal_messages(ast.parse(path.read_text("utf-8"))):
            if message not in listed:
                missing.append(f"{path.relative_to(SRC)}: {message!r}")
    assert missing == []


def test_the_template_lists_every_message() -> None:
    """`pybabel extract` (docs/translating.md) was run after the last change of a message."""
    method_map = [("src/canvas_tutor/**.py", "canvas_tutor.i18n_extract:extract")]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, keywords={"_": None, "N_": None, "ngettext": (1, 2),
                                             "pgettext": ((1, "c"), 2)}):
        found.add(message if isinstance(message, str) else tuple(message))
    with (SRC / "locale" / "canvas_tutor.pot").open("rb") as handle:
        template = read_po(handle)
    listed = {m.id if isinstance(m.id, str) else tuple(m.id) for m in template if m.id}
    assert found - listed == set(), "run pybabel extract (docs/translating.md)"
    assert listed - found == set(), "run pybabel extract (docs/translating.md)"


async def test_the_app_says_when_the_language_asked_for_is_missing(tmp_path: Path) -> None:
    from canvas_tutor.course.loader import load_course
    from canvas_tutor.tui.app import CanvasTutorApp
    language, notice = choose_language("de", ("el",), {})
    assert language == "el" and notice is not None
    app = CanvasTutorApp(load_course(FIXTURES / "greek-pack", language), data_dir=tmp_path,
                         notice=notice)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = [n.message for n in app._notifications]  # toasts are not in the screen's rows
    assert any("no de version" in message for message in shown)


def test_the_command_line_hands_the_notice_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    import canvas_tutor.tui.app as app_module

    seen: dict[str, object] = {}

    def fake_run_app(course: object, **kwargs: object) -> int:
        seen.update(kwargs, language=getattr(course, "language", None))
        return 0

    monkeypatch.setattr(app_module, "run_app", fake_run_app)
    monkeypatch.setattr("canvas_tutor.plain.wanted", lambda *args, **kwargs: False)  # not a tty
    assert main(["--course", str(FIXTURES / "greek-pack"), "--language", "fr"]) == 0
    assert seen["language"] == "el"
    assert "fr" in str(seen["notice"])


async def test_the_resume_list_shows_dates_the_languages_way(tmp_path: Path) -> None:
    from textual.widgets import OptionList

    from canvas_tutor.course.loader import load_course
    from canvas_tutor.tui.app import CanvasTutorApp

    data = tmp_path / "data"
    data.mkdir()
    (data / "ann.canvas.toml").write_text(
        'format = "canvas-tutor/canvas"\nformat_version = 1\ncourse = "business-model-canvas"\n'
        'updated = 2026-11-24T16:05:12Z\n\n[learner]\nname = "Ann"\n', "utf-8")
    set_language("de")  # no German catalogue: English words, German dates
    app = CanvasTutorApp(load_course(FIXTURES / "mini-pack"), data_dir=data)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        prompt = str(app.screen.query_one("#canvases", OptionList).get_option_at_index(0).prompt)
    local = datetime(2026, 11, 24, 16, 5, 12, tzinfo=UTC).astimezone()
    assert i18n.format_datetime(local, "short") in prompt
    assert local.strftime("%d.%m.%y") in prompt
    assert "0 of 2 lessons done" in prompt


async def test_key_names_are_written_the_languages_way(locale_dir: Path) -> None:
    from canvas_tutor.course.loader import load_course
    from canvas_tutor.tui.app import CanvasTutorApp
    from canvas_tutor.tui.widgets.key_bar import KeyBar

    catalog = Catalog(locale="fr", domain=i18n.DOMAIN, fuzzy=False)
    catalog.add("esc", "Échap", context="key")
    catalog.add("esc", "pas une touche")  # the same word outside the key context
    catalog.add("Home", "Accueil")
    path = locale_dir / "fr" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)
    set_language("fr")
    assert i18n.pgettext("key", "esc") == "Échap" and _("esc") == "pas une touche"
    app = CanvasTutorApp(load_course(FIXTURES / "mini-pack"), data_dir=locale_dir.parent)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.create_canvas(locale_dir.parent / "k.canvas.toml", "Ann", "")
        await pilot.pause()
        app.open_lesson("intro")
        await pilot.pause()
        bar = app.screen.query_one(KeyBar).render().plain
    assert "Échap Accueil" in bar
