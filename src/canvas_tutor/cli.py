"""The `canvas-tutor` command: the course in the terminal, and tools that need no screen.

Only the commands that open the app (no subcommand, `serve`, `export --format svg`) import
Textual; `check`, `export`, `coach`, `report` and `course init` start fast and run anywhere.
Every error is one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Protocol, cast

from canvas_tutor import __version__
from canvas_tutor.errors import CanvasError, CourseError, UserError
from canvas_tutor.export.formats import format_ids
from canvas_tutor.i18n import _, ngettext
from canvas_tutor.text import visible  # every message shows control codes, never obeys them

if TYPE_CHECKING:
    import argparse

    from canvas_tutor.canvas.model import Canvas


class Subparsers(Protocol):
    """What `add_subparsers()` returns, as far as this module uses it (argparse names the
    class only privately)."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


def _add_language(parser: argparse.ArgumentParser, dest: str = "sub_language") -> None:
    parser.add_argument("--language", metavar="CODE", dest=dest,
                        help=_("language of the course and the interface, e.g. en or es "
                               "(default: CANVAS_TUTOR_LANG, then your system's language, "
                               "then the course's first language)"))


def _add_check(sub: Subparsers) -> None:
    check = sub.add_parser("check", help=_("validate a course pack"),
                           description=_("Validate a course pack and print every fault as "
                                         "file:line: message. Exit 1 if there is any."))
    check.add_argument("dir", nargs="?", type=Path, metavar="DIR",
                       help=_("the pack folder (default: the built-in course)"))
    check.add_argument("--watch", action="store_true", help=_("check again on every save"))
    _add_language(check)


def _add_export(sub: Subparsers) -> None:
    export = sub.add_parser("export", help=_("export a canvas as html, md, json or svg"),
                            description=_("Export a canvas. Writes to stdout unless -o is "
                                          "given (svg always needs -o)."))
    export.add_argument("canvas", type=Path, metavar="CANVAS", help=_("the canvas file"))
    export.add_argument("--format", choices=format_ids("canvas"), required=True,
                        help=_("the kind of file to write"))
    export.add_argument("-o", "--output", type=Path, metavar="OUT",
                        help=_("write to this file instead of the screen"))
    export.add_argument("--force", action="store_true",
                        help=_("overwrite OUT even if it is a different kind of file"))
    export.add_argument("--course", type=Path, metavar="DIR", dest="sub_course",
                        help=_("the course pack the canvas belongs to"))
    _add_language(export)


def _add_coach(sub: Subparsers) -> None:
    coach = sub.add_parser("coach", help=_("advice on where a canvas's blocks do not fit"),
                           description=_("Read a canvas and explain where its blocks do not "
                                         "fit together. Always exits 0: it advises, it does "
                                         "not fail."))
    coach.add_argument("canvas", type=Path, metavar="CANVAS", help=_("the canvas file"))
    coach.add_argument("--format", choices=("text", "json"), default="text",
                       help=_("text for people, json for tools"))
    coach.add_argument("--course", type=Path, metavar="DIR", dest="sub_course",
                       help=_("the course pack the canvas belongs to"))
    _add_language(coach)


def _add_report(sub: Subparsers) -> None:
    report = sub.add_parser("report", help=_("one class report from many canvas files"),
                            description=_("Read every *.canvas.toml under the paths and write "
                                          "one class report."))
    report.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help=_("canvas files, or folders to search for them"))
    report.add_argument("-o", "--output", type=Path, metavar="OUT",
                        help=_("write to this file instead of the screen"))
    report.add_argument("--format", choices=format_ids("report"), default="html",
                        help=_("the kind of report to write"))
    report.add_argument("--force", action="store_true",
                        help=_("overwrite OUT of another type"))
    report.add_argument("--watch", action="store_true",
                        help=_("write OUT again whenever a canvas changes (an HTML report "
                               "then reloads itself in the browser)"))
    report.add_argument("--course", type=Path, metavar="DIR", dest="sub_course",
                        help=_("the course pack the canvases belong to"))
    _add_language(report)


def _add_certificate(sub: Subparsers) -> None:
    cert = sub.add_parser("certificate",
                          help=_("a printable certificate for a finished canvas"),
                          description=_("Write a one-page certificate of completion (HTML) "
                                        "for a canvas whose lessons are all done."))
    cert.add_argument("canvas", type=Path, metavar="CANVAS", help=_("the canvas file"))
    cert.add_argument("-o", "--output", type=Path, metavar="OUT",
                      help=_("write to this file instead of the screen"))
    cert.add_argument("--force", action="store_true",
                      help=_("overwrite OUT even if it is a different kind of file"))
    cert.add_argument("--course", type=Path, metavar="DIR", dest="sub_course",
                      help=_("the course pack the canvas belongs to"))
    _add_language(cert)


def _add_course(sub: Subparsers) -> None:
    course = sub.add_parser("course", help=_("work with course packs"))
    course_sub = course.add_subparsers(dest="course_command", metavar="ACTION", required=True)
    init = course_sub.add_parser("init", help=_("copy the built-in course to DIR to adapt it"))
    init.add_argument("dir", type=Path, metavar="DIR", help=_("a new or empty folder"))
    export = course_sub.add_parser(
        "export", help=_("the course as a printable handbook (html or md)"),
        description=_("Write the whole course as one handbook: title page, lessons with "
                      "worksheets, glossary; --trainer adds the facilitator notes and an "
                      "answer key."))
    export.add_argument("dir", nargs="?", type=Path, metavar="DIR",
                        help=_("the pack folder (default: the built-in course)"))
    export.add_argument("--format", choices=format_ids("handbook"), default="html",
                        help=_("html (to print) or md"))
    export.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help=_("write to FILE instead of the standard output"))
    export.add_argument("--trainer", action="store_true",
                        help=_("the trainer edition: facilitator notes and an answer key"))
    export.add_argument("--force", action="store_true",
                        help=_("overwrite FILE even if it is a different kind of file"))
    _add_language(export)


def _add_serve(sub: Subparsers) -> None:
    serve = sub.add_parser("serve", help=_("serve the course to a class in their browsers"),
                           description=_("Serve the course with textual-serve. Needs the web "
                                         "extra: pip install 'canvas-tutor[web]'."))
    serve.add_argument("--host", default="127.0.0.1",
                       help=_("address to listen on (default: this computer only; 0.0.0.0 "
                              "for every network address of this computer)"))
    serve.add_argument("--port", type=int, default=8000, help=_("port to listen on"))
    serve.add_argument("--public-url", metavar="URL",
                       help=_("the address learners open, when it is not this computer's "
                              "own (behind a proxy or a name), e.g. https://class.example.org"))
    serve.add_argument("--verbose", action="store_true", help=_("also log every request"))
    serve.add_argument("--class-dir", type=Path, metavar="DIR", default=Path("class-canvases"),
                       help=_("folder where the learners' canvases are saved"))
    serve.add_argument("--course", type=Path, metavar="DIR", dest="sub_course",
                       help=_("run this course pack instead of the built-in one"))
    serve.add_argument("--lrs", metavar="URL", help=_(
        "send learning records (xAPI) to this LRS as learners work; credentials from "
        "CANVAS_TUTOR_LRS_AUTH or CANVAS_TUTOR_LRS_AUTH_FILE"))
    _add_language(serve)


def _add_class(sub: Subparsers) -> None:
    group = sub.add_parser("class", help=_("look after a served class's folder"))
    group_sub = group.add_subparsers(dest="class_command", metavar="ACTION", required=True)
    codes = group_sub.add_parser("codes", help=_("list the return codes of a class folder"),
                                 description=_("List every learner's return code, for a "
                                               "learner who lost theirs."))
    codes.add_argument("dir", type=Path, metavar="DIR")
    codes.add_argument("--name", metavar="TEXT", help=_("only learners whose name has TEXT"))


def _add_plain(sub: Subparsers) -> None:
    plain = sub.add_parser("plain", help=_("the course as plain text, for screen readers and "
                                           "braille (same as --plain)"),
                           description=_("The course as a linear conversation in the "
                                         "terminal: no full screen, no colour, no escape "
                                         "sequences. The same canvas files, saving and "
                                         "progress as the full screen."))
    plain.add_argument("--canvas", type=Path, metavar="FILE", dest="sub_canvas")
    plain.add_argument("--course", type=Path, metavar="DIR", dest="sub_course")
    plain.add_argument("--data-dir", type=Path, metavar="DIR", dest="sub_data_dir")
    plain.add_argument("--trainer", action="store_true", dest="sub_trainer",
                       help=_("also read the facilitator notes"))
    _add_language(plain)


def _add_xapi(sub: Subparsers) -> None:
    xapi = sub.add_parser(
        "xapi", help=_("learning records (xAPI statements) from canvases, to a file or an LRS"),
        description=_("Turn canvases into xAPI 1.0.3 statements. Credentials for --send "
                      "come from CANVAS_TUTOR_LRS_AUTH ('user:password') or a file "
                      "(--lrs-auth-file or CANVAS_TUTOR_LRS_AUTH_FILE), never from the "
                      "command line."))
    xapi.add_argument("path", type=Path, metavar="CANVAS|DIR",
                      help=_("a canvas file, or a folder of them (a class)"))
    xapi.add_argument("-o", "--output", type=Path, metavar="FILE",
                      help=_("write the statements as a JSON array to FILE"))
    xapi.add_argument("--send", action="store_true",
                      help=_("queue them in the outbox and send what waits there to the LRS"))
    xapi.add_argument("--lrs", metavar="URL",
                      help=_("the LRS's xAPI endpoint (default: CANVAS_TUTOR_LRS_URL)"))
    xapi.add_argument("--lrs-auth-file", type=Path, metavar="FILE",
                      help=_("a file whose first line is 'user:password'"))
    xapi.add_argument("--home-page", metavar="URL",
                      help=_("the class's home page for learner accounts (default: "
                             "CANVAS_TUTOR_CLASS_URL, or a URN for the folder)"))
    xapi.add_argument("--emails", type=Path, metavar="FILE",
                      help=_("learners' e-mail addresses, a TOML file of \"Name\" = "
                             "\"address\" lines (without it no address is sent)"))
    xapi.add_argument("--force", action="store_true",
                      help=_("overwrite FILE even if it is a different kind of file"))
    xapi.add_argument("--course", type=Path, metavar="DIR", dest="sub_course",
                      help=_("run this course pack instead of the built-in one"))


SUBCOMMANDS: dict[str, Callable[[Subparsers], None]] = {
    "check": _add_check, "export": _add_export, "coach": _add_coach, "report": _add_report,
    "course": _add_course, "serve": _add_serve, "certificate": _add_certificate,
    "plain": _add_plain, "class": _add_class,
    "xapi": _add_xapi,
}


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; when argv names a command, only that command's parser is built.

    Building every subparser costs more than the whole `export` of a canvas, so a command
    pays only for itself; `--help` still sees them all, and a bare `canvas-tutor` (which
    opens the course) builds none. argparse itself is imported here, not at start-up.
    """
    import argparse

    parser = argparse.ArgumentParser(
        prog="canvas-tutor",
        description=_("A guided course on the Business Model Canvas. With no command, "
                      "opens the course in your terminal. With a screen reader or a braille "
                      "display, use --plain (or 'canvas-tutor plain', or CANVAS_TUTOR_PLAIN=1): "
                      "the course as plain text, line by line. Plain mode starts by itself "
                      "when input or output is not a terminal, or TERM=dumb."),
    )
    parser.add_argument("--version", action="version", version=f"canvas-tutor {__version__}")
    parser.add_argument("--canvas", type=Path, metavar="FILE",
                        help=_("open (or create) this canvas file instead of choosing one"))
    parser.add_argument("--course", type=Path, metavar="DIR",
                        help=_("run this course pack instead of the built-in one"))
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help=_("folder where canvases are kept (default: your user data "
                               "folder)"))
    _add_language(parser, dest="language")
    parser.add_argument("--class-dir", type=Path, dest="class_folder", help=argparse.SUPPRESS)
    parser.add_argument("--trainer", action="store_true",
                        help=_("trainer mode: facilitator notes, a lesson timer, presenter "
                               "view"))
    parser.add_argument("--plain", action="store_true",
                        help=_("plain text mode for screen readers, braille and pipes: no "
                               "full screen, no colour (also CANVAS_TUTOR_PLAIN=1)"))
    parser.add_argument("--theme", metavar="NAME",
                        help=_("colour theme of the full screen, e.g. high-contrast (also "
                               "CANVAS_TUTOR_THEME)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    named = next((a for a in (argv or ()) if not a.startswith("-")), None)
    for name, add in SUBCOMMANDS.items():
        if named not in SUBCOMMANDS or named == name:
            add(sub)
    return parser


def _course_dir(args: argparse.Namespace) -> Path | None:
    chosen: Path | None = getattr(args, "sub_course", None) or args.course
    return chosen


def _option(argv: Sequence[str], name: str) -> str | None:
    """The value of `--name VALUE` or `--name=VALUE` in argv (the last one), before parsing."""
    found = None
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith(name + "="):
            found = arg.split("=", 1)[1]
    return found


def use_language(requested: str | None, course_dir: Path | None) -> tuple[str, str | None]:
    """Choose the language (see i18n.choose_language) among the pack's and make it active.

    Returns the language and the notice to show when the one asked for is not in the pack.
    """
    from canvas_tutor.course.location import builtin_root, pack_languages
    from canvas_tutor.i18n import choose_language, set_language

    chosen, notice = choose_language(requested, pack_languages(course_dir or builtin_root()))
    set_language(chosen)
    return chosen, notice


def _language_of(args: argparse.Namespace,
                 remembered: bool = False) -> tuple[str, str | None]:
    """The language asked for; for the app, else the one chosen on its welcome last time."""
    import os

    requested = getattr(args, "sub_language", None) or getattr(args, "language", None)
    if remembered and requested is None and not os.environ.get("CANVAS_TUTOR_LANG"):
        from canvas_tutor.canvas.settings import load_settings
        from canvas_tutor.course.location import builtin_root, pack_languages

        kept = load_settings().language
        if kept and kept in pack_languages(_course_dir(args) or builtin_root()):
            requested = kept
    return use_language(requested, _course_dir(args))


def served_language(course: Path | None, language: str | None) -> tuple[str, str | None]:
    """The language of one served session, chosen as `canvas-tutor --class-dir` does (the
    session starter of serve forks sessions without going through the command line)."""
    return _language_of(cast("argparse.Namespace", SimpleNamespace(
        language=language, course=course)), remembered=True)


def _canvas_language_of(args: argparse.Namespace) -> tuple[str, str | None, Canvas | None]:
    """For a command on one canvas: the language asked for, else the canvas's own (so an
    export or the coach speaks the language the learner worked in), else as usual.

    Also the canvas, when it had to be read for its language (the command then need not
    read it again); None when it was not read or could not be."""
    import os

    requested = getattr(args, "sub_language", None) or getattr(args, "language", None)
    canvas = None
    if requested is None and not os.environ.get("CANVAS_TUTOR_LANG"):
        from canvas_tutor.canvas.store import read_canvas

        try:
            canvas = read_canvas(args.canvas)
            requested = canvas.language or None
        except (CanvasError, OSError):
            requested = None  # the command itself reads the file again and says what is wrong
        if requested is not None:
            from canvas_tutor.course.location import builtin_root, pack_languages

            if requested not in pack_languages(_course_dir(args) or builtin_root()):
                requested = None  # quietly the course's first language, as for a system locale
    return (*use_language(requested, _course_dir(args)), canvas)


def _check_course_dir(args: argparse.Namespace) -> None:
    """`--course DIR` must name a folder: say so plainly, not as a fault of a pack."""
    chosen = _course_dir(args) if args.command != "check" else None
    if chosen is None or chosen.is_dir():
        return
    if chosen.exists():
        raise UserError(_("--course {dir}: this is a file, not a course pack "
                           "folder").format(dir=chosen))
    raise UserError(_("--course {dir}: the folder does not exist").format(dir=chosen))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    if argv is None:
        argv = sys.argv[1:]
    course_arg = _option(argv, "--course")
    # The help text is shown in the chosen language: choose it before the parser is built.
    use_language(_option(argv, "--language"), Path(course_arg) if course_arg else None)
    if argv:
        args = _parser(argv).parse_args(argv)
    else:  # plain `canvas-tutor`: open the course without building the whole parser
        args = cast("argparse.Namespace", SimpleNamespace(
            command=None, canvas=None, course=None, data_dir=None, trainer=False,
            class_folder=None, language=None, plain=False, theme=None))
    handlers: dict[str | None, Callable[[argparse.Namespace], int]] = {
        None: _run_app,
        "check": _check,
        "export": _export,
        "coach": _coach,
        "report": _report,
        "course": _course,
        "serve": _serve,
        "certificate": _certificate,
        "plain": _plain,
        "xapi": _xapi,
        "class": _class,
    }
    try:
        _check_course_dir(args)
        return handlers[args.command](args)
    except (CanvasError, UserError) as exc:
        print(_("canvas-tutor: error: {reason}").format(reason=visible(exc)), file=sys.stderr)
        return 1
    except CourseError as exc:
        for fault in exc.faults:
            print(visible(fault), file=sys.stderr)
        count = len(exc.faults)
        print(ngettext("canvas-tutor: error: the course pack has {n} fault; run "
                       "'canvas-tutor check' on it",
                       "canvas-tutor: error: the course pack has {n} faults; run "
                       "'canvas-tutor check' on it", count).format(n=count), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `canvas-tutor check | head`: the reader has all it wants
        sys.stderr.close()
        return 0
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(_("canvas-tutor: error: {reason}").format(
            reason=visible(f"{where}{exc.strerror or exc}")),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("canvas-tutor: interrupted"), file=sys.stderr)
        return 130


def _notice(notice: str | None) -> None:
    if notice:
        print(f"canvas-tutor: {visible(notice)}", file=sys.stderr)


def _run_app(args: argparse.Namespace) -> int:
    from canvas_tutor.plain import wanted

    if wanted(args.plain, served=args.class_folder is not None):
        return _plain(args)
    from canvas_tutor.course.load import load_course
    from canvas_tutor.tui.app import run_app

    language, notice = _language_of(args, remembered=True)
    # a faulty pack stops here, before the app starts
    course = load_course(args.course, language)
    if args.class_folder is not None:  # one browser session of `canvas-tutor serve`
        return run_app(course, data_dir=args.class_folder, class_mode=True, notice=notice,
                       theme=args.theme)
    return run_app(course, canvas=args.canvas, data_dir=args.data_dir, trainer=args.trainer,
                   notice=notice, theme=args.theme)


def _plain(args: argparse.Namespace) -> int:
    """Plain mode (`--plain`, `canvas-tutor plain`, or chosen for a pipe or TERM=dumb)."""
    from canvas_tutor.course.load import load_course
    from canvas_tutor.plain.start import run_plain

    language, notice = _language_of(args)
    _notice(notice)
    course = load_course(_course_dir(args), language)
    return run_plain(course, canvas_path=getattr(args, "sub_canvas", None) or args.canvas,
                     folder=getattr(args, "sub_data_dir", None) or args.data_dir,
                     trainer=bool(getattr(args, "sub_trainer", False) or args.trainer))


def _check(args: argparse.Namespace) -> int:
    from canvas_tutor.course.check import check_command

    # the languages of the pack checked, not of the built-in one
    _notice(use_language(args.sub_language or args.language, args.dir)[1])
    return check_command(args.dir, watch=args.watch)


def _export(args: argparse.Namespace) -> int:
    from canvas_tutor.export.command import Drawer, export_command

    draw: Drawer | None = None
    if args.format == "svg":  # a picture of the app's own screen: the one command that needs it
        from canvas_tutor.tui.svg import canvas_to_svg

        draw = canvas_to_svg
    language, notice, canvas = _canvas_language_of(args)
    _notice(notice)
    return export_command(args.canvas, args.format, args.output, _course_dir(args),
                          force=args.force, draw=draw, language=language, canvas=canvas)


def _coach(args: argparse.Namespace) -> int:
    from canvas_tutor.export.command import coach_command

    language, notice, canvas = _canvas_language_of(args)
    _notice(notice)
    return coach_command(args.canvas, args.format, _course_dir(args), language=language,
                         canvas=canvas)


def _report(args: argparse.Namespace) -> int:
    from canvas_tutor.export.command import report_command

    language, notice = _language_of(args)
    _notice(notice)
    if args.watch:
        from canvas_tutor.export.report_watch import watch_command

        return watch_command(args.paths, args.format, args.output, _course_dir(args),
                             force=args.force, language=language)
    return report_command(args.paths, args.format, args.output, _course_dir(args),
                          force=args.force, language=language)


def _certificate(args: argparse.Namespace) -> int:
    from canvas_tutor.export.command import certificate_command

    language, notice, canvas = _canvas_language_of(args)
    _notice(notice)
    return certificate_command(args.canvas, args.output, _course_dir(args), force=args.force,
                               language=language, canvas=canvas)


def _course(args: argparse.Namespace) -> int:
    if args.course_command == "export":
        from canvas_tutor.export.handbook_command import handbook_command

        pack = args.dir or args.course
        requested = args.sub_language or args.language
        # the interface speaks the language chosen among the handbook's own pack's; a
        # language the pack lacks is refused (a handbook is printed for that language)
        use_language(requested, pack)
        return handbook_command(pack, args.format, args.output, trainer=args.trainer,
                                language=requested, force=args.force)
    from canvas_tutor.course.init import init_pack
    target = init_pack(args.dir)
    print(_("Wrote a copy of the built-in course to {target}. Edit it, then run "
            "'canvas-tutor check {target}' and 'canvas-tutor --course {target}'.").format(
        target=visible(target)))
    return 0


def _xapi(args: argparse.Namespace) -> int:
    from canvas_tutor.export.xapi_command import xapi_from_args

    return xapi_from_args(args)


def _serve(args: argparse.Namespace) -> int:
    if args.lrs:  # every learner's session inherits the address (credentials: env or file)
        import os

        from canvas_tutor.export.xapi_send import AUTH_ENV, AUTH_FILE_ENV, OUTBOX, URL_ENV, load_lrs

        lrs = load_lrs(args.lrs)
        os.environ[URL_ENV] = lrs.endpoint
        print(_("Learning records (xAPI) go to {url} as learners work; those waiting are "
                "in {folder}.").format(url=visible(lrs.endpoint),
                                       folder=visible(args.class_dir / OUTBOX)),
              flush=True)
        if not lrs.authorization:
            print(_("canvas-tutor: warning: no LRS credentials ({env} or {file_env}): the "
                    "LRS must take statements without signing in").format(
                env=AUTH_ENV, file_env=AUTH_FILE_ENV), file=sys.stderr)
    from canvas_tutor.serve import serve_command

    language, notice = _language_of(args)
    _notice(notice)
    return serve_command(args.host, args.port, args.class_dir, _course_dir(args),
                         language=language, public_url=args.public_url, verbose=args.verbose)


def _class(args: argparse.Namespace) -> int:
    from canvas_tutor.export.class_codes import codes_command

    return codes_command(args.dir, args.name)


if __name__ == "__main__":
    sys.exit(main())
