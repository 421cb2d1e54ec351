"""`canvas-tutor xapi CANVAS|DIR`: learning records from canvases, to a file or an LRS.

Without --send the statements are written as one JSON array (stdout, or -o FILE). With
--send they are queued in the outbox of the class folder (DIR/xapi-outbox, or the
folder of CANVAS) and that outbox is flushed: statements already sent are not sent
again, statements still waiting from a served class go along.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from canvas_tutor.errors import CanvasError, UserError
from canvas_tutor.i18n import _, ngettext
from canvas_tutor.text import visible

if TYPE_CHECKING:
    import argparse


def _canvases(path: Path) -> tuple[list[tuple[Path, Any]], list[str]]:
    from canvas_tutor.canvas.store import read_canvas
    from canvas_tutor.export.report_files import display_path, find_canvases

    if not path.exists():
        raise UserError(_("{path}: no such file or folder").format(path=path))
    files, problems = find_canvases([path])
    found: list[tuple[Path, Any]] = []
    skipped = [f"{display_path(p)}: {why}" for p, why in problems]
    for file in files:
        try:
            found.append((file, read_canvas(file)))
        except (CanvasError, OSError) as exc:
            skipped.append(display_path(str(exc) if isinstance(exc, CanvasError)
                                        else f"{file}: {exc.strerror or exc}"))
    return found, skipped


def read_emails(path: Path) -> dict[str, str]:
    """The addresses a trainer gives: a TOML file of `"Learner name" = "address"` lines.

    Names are matched as the report matches them (case and spacing do not count); an
    address must look like one (no spaces, one @), so a typo is reported, not sent.
    """
    import tomllib

    from canvas_tutor.text import one_line

    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise UserError(_("cannot read {file}: {reason}").format(
            file=path, reason=exc.strerror or exc)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(_("{file}: not a TOML file of names and addresses: {reason}").format(
            file=path, reason=exc)) from None
    emails = {}
    for name, address in data.items():
        clean = one_line(str(address))
        local, at, domain = clean.partition("@")
        if (not isinstance(address, str) or not at or not local or "." not in domain
                or " " in clean or "@" in domain or clean.lower().startswith("mailto:")):
            raise UserError(_("{file}: {name}: {address} is not an e-mail address").format(
                file=path, name=repr(one_line(name)), address=repr(clean)))
        emails[" ".join(one_line(name).casefold().split())] = clean
    return emails


def xapi_from_args(args: argparse.Namespace) -> int:
    from canvas_tutor.course.load import load_course
    from canvas_tutor.export.xapi import canvas_statements, default_home_page
    from canvas_tutor.export.xapi_live import HOME_PAGE_ENV

    path: Path = args.path
    class_dir = path if path.is_dir() else path.parent
    lrs = None
    if args.send:  # refuse a bad address before reading a single canvas
        from canvas_tutor.export.xapi_send import check_url, load_lrs

        if args.lrs:
            check_url(args.lrs)
        lrs = load_lrs(args.lrs, auth_file=args.lrs_auth_file)
    course = load_course(args.sub_course or getattr(args, "course", None))
    home = args.home_page or os.environ.get(HOME_PAGE_ENV) or default_home_page(class_dir)
    if args.home_page:
        from canvas_tutor.export.xapi_send import check_url

        check_url(args.home_page)
    emails = read_emails(args.emails) if args.emails else {}
    canvases, skipped = _canvases(path)
    for line in skipped:
        print(_("canvas-tutor: warning: skipped {what}").format(what=visible(line)),
              file=sys.stderr)
    statements: list[dict[str, Any]] = []
    for file, canvas in canvases:
        if canvas.course != course.id:
            print(_("canvas-tutor: warning: skipped {file}: it is for course '{other}', not "
                    "'{course}'").format(file=visible(file), other=visible(canvas.course),
                                   course=visible(course.id)),
                  file=sys.stderr)
            continue
        email = emails.get(" ".join(canvas.name.casefold().split()))
        statements += canvas_statements(canvas, course, home_page=home, email=email)
    if args.output is not None or not args.send:
        from canvas_tutor.export.xapi import statements_to_json

        text = statements_to_json(statements)
        if args.output is None:
            sys.stdout.write(text)
        else:
            from canvas_tutor.export.output import ExportError, write_export

            try:
                write_export(args.output, text, "json", force=args.force)
            except ExportError as exc:
                raise UserError(str(exc)) from None
            print(_("wrote {statements} from {canvases} to {file}").format(
                statements=ngettext("{n} statement", "{n} statements", len(statements)).format(
                    n=len(statements)),
                canvases=ngettext("{n} canvas", "{n} canvases", len(canvases)).format(
                    n=len(canvases)),
                file=visible(args.output)), file=sys.stderr)
    if lrs is None:
        return 0
    return _send(class_dir, statements, lrs)


def _send(class_dir: Path, statements: list[dict[str, Any]], lrs: Any) -> int:
    from canvas_tutor.export.xapi_send import Outbox

    outbox = Outbox.of(class_dir)
    new = outbox.queue(statements)
    result = outbox.flush(lrs, force=True, wait=60.0)
    for sid, reason in result.rejected:
        print(_("canvas-tutor: statement {id} kept aside in {folder}: {reason}").format(
            id=visible(sid), folder=visible(outbox.rejected), reason=visible(reason)),
              file=sys.stderr)
    print(_("{new} queued; sent {sent}, {pending} still waiting, {refused} kept aside "
            "(outbox: {folder})").format(
        new=ngettext("{n} new statement", "{n} new statements", new).format(n=new),
        sent=result.sent, pending=result.pending, refused=len(result.rejected),
        folder=visible(outbox.folder)), file=sys.stderr)
    if result.error:
        print(_("canvas-tutor: error: {reason}").format(reason=visible(result.error)),
              file=sys.stderr)
    elif result.waited:
        print(_("canvas-tutor: error: another process is sending this outbox; try again "
                "in a minute"), file=sys.stderr)
    return 1 if result.error or result.waited or result.rejected or result.pending else 0
