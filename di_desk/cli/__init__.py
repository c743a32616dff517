"""The headless command line: ``di-desk import|check|report|export|demo|reference|db``.

No Qt on this path (``tests/unit/test_layering.py``). Every error is one clear,
translated line on stderr, never a traceback (``--debug`` adds the details).
Exit codes: 0 fine, 1 bad rows or rule violations, 2 the command could not
run (bad arguments, unreadable file, database problem, unexpected error).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import traceback
from collections.abc import Sequence
from typing import IO

from di_desk import i18n, paths
from di_desk.cli.common import CliError, Ctx
from di_desk.i18n import _

FORMATS = ("table", "csv", "json", "xlsx", "ics")


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--db", metavar="PATH", default=default, help=_("the database file"))
    parser.add_argument(
        "--lang", choices=sorted(i18n.LANGUAGES), default=default, help=_("language (en or nl)")
    )
    parser.add_argument(
        "--zone",
        metavar="ZONE",
        default=default,
        help=_("IANA time zone for times without an offset, and for display"),
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help=_("show details of unexpected errors"),
    )


def build_parser() -> argparse.ArgumentParser:
    from di_desk.cli.import_cmd import KIND_NAMES
    from di_desk.cli.report_cmd import REPORT_KINDS

    parser = argparse.ArgumentParser(
        prog="di-desk",
        description=_("DI Desk command line: import, check and report without the window."),
    )
    _global_options(parser, suppress=False)
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, suppress=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "import", parents=[common], help=_("import a CSV, XLSX (or ICS) file into the database")
    )
    p.add_argument("kind", choices=KIND_NAMES, metavar="KIND", help=", ".join(KIND_NAMES))
    p.add_argument("file", metavar="FILE")

    p = sub.add_parser(
        "check", parents=[common], help=_("check a maintenance schedule (FILE-1) without importing")
    )
    p.add_argument("what", choices=("maintenance",), metavar="maintenance")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--output", metavar="FILE", help=_("write to FILE instead of the screen"))

    for name, help_text in (
        ("report", _("print a report")),
        ("export", _("export a report to a file (default format csv)")),
    ):
        p = sub.add_parser(name, parents=[common], help=help_text)
        p.add_argument("kind", choices=REPORT_KINDS, metavar="KIND", help=", ".join(REPORT_KINDS))
        p.add_argument("--format", choices=FORMATS, default=None)
        p.add_argument("--output", metavar="FILE", help=_("write to FILE instead of the screen"))
        p.add_argument("--customer", metavar="NAME", help=_("only this customer"))
        p.add_argument("--from", dest="start", metavar="WHEN", help=_("period start (inclusive)"))
        p.add_argument("--to", dest="end", metavar="WHEN", help=_("period end (exclusive)"))
        p.add_argument("--at", metavar="INSTANT", help=_("retention: the moment to judge at"))
        p.add_argument("--now", metavar="INSTANT", help=_("the moment taken as now"))
        p.add_argument("--days", type=int, default=7, help=_("attention: days ahead (7)"))

    sub.add_parser(
        "demo",
        parents=[common],
        help=_("fill a database with demo data (di-desk demo --help for its options)"),
        add_help=False,
    )

    p = sub.add_parser("reference", parents=[common], help=_("show the reference data"))
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("db", parents=[common], help=_("database maintenance"))
    p.add_argument("action", choices=("check", "backup"), metavar="ACTION", help="check, backup")
    p.add_argument("target", nargs="?", metavar="FILE", help=_("backup: the copy to write"))
    return parser


def _run(ctx: Ctx) -> int:
    command = ctx.args.command
    if command == "import":
        from di_desk.cli import import_cmd

        return import_cmd.run(ctx)
    if command == "check":
        from di_desk.cli import check_cmd

        return check_cmd.run(ctx)
    if command in ("report", "export"):
        from di_desk.cli import report_cmd

        return report_cmd.run(ctx)
    from di_desk.cli import admin_cmd

    return admin_cmd.run(ctx)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run one command; returns the exit code (never raises, never prints a traceback)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args_list = [a for a in (sys.argv[1:] if argv is None else argv) if a != "--help-cli"]
    if not args_list:
        args_list = ["--help"]
    lang = _peek(args_list, "--lang")
    i18n.install(lang if lang in i18n.LANGUAGES else None)
    debug = "--debug" in args_list
    try:
        parser = build_parser()
        args, extras = parser.parse_known_args(args_list)
        if args.command == "demo":
            args.rest = extras  # the demo command parses its own options
        elif extras:
            parser.error(_("unrecognized arguments: {args}").format(args=" ".join(extras)))
    except SystemExit as exit_:  # argparse printed its message (or --help)
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 2
    try:
        zone_key = args.zone
        if zone_key is not None:
            from di_desk.domain.timeutil import zone

            try:
                zone(zone_key)
            except ValueError as exc:
                raise CliError(_("--zone: {reason}").format(reason=exc)) from exc
        db_path = paths.database_path(args.db or None)  # the desktop app's by default
        ctx = Ctx(args, zone_key, db_path, debug, out, err)
        return _run(ctx)
    except CliError as exc:
        print(_("Error: {message}").format(message=exc), file=err)
        return exc.code
    except KeyboardInterrupt:
        print(_("Interrupted."), file=err)
        return 130
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        import os

        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the last line of defence: a clear message, no traceback
        print(
            _("Error: an unexpected problem stopped the command: {message}").format(
                message=str(exc) or type(exc).__name__
            ),
            file=err,
        )
        if debug:
            print(_("Details:"), file=err)
            traceback.print_exc(file=err)
        else:
            print(_("Run again with --debug for details."), file=err)
        return 2


def _peek(argv: Sequence[str], option: str) -> str | None:
    """The value of ``option`` before argparse runs (the language of its messages)."""
    for i, arg in enumerate(argv):
        if arg == option and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(option + "="):
            return arg.split("=", 1)[1]
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
