"""``di-desk demo``, ``di-desk reference`` and ``di-desk db check|backup``."""

from __future__ import annotations

import json

from di_desk.cli.common import CliError, Ctx, opened_store
from di_desk.i18n import _


def _demo(ctx: Ctx) -> int:
    try:
        from di_desk.storage import demo
    except ImportError:
        raise CliError(_("Demo data is not available in this version of DI Desk.")) from None
    rest = list(ctx.args.rest)
    if not any(a == "--db" or a.startswith("--db=") for a in rest):
        rest = ["--db", str(ctx.db_path), *rest]
    try:
        return int(demo.main(rest, stderr=ctx.err))
    except SystemExit as exit_:  # argparse of the demo command
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 2


def _reference(ctx: Ctx) -> int:
    from di_desk.storage.reference_repo import reference_entries

    with opened_store(ctx, create=False) as db:
        entries = reference_entries(db)
    if ctx.args.format == "json":
        data = [
            {
                "key": e["key"],
                "value": e["value"],
                "is_default": bool(e["is_default"]),
                "updated_at": e["updated_at"].isoformat() if e["updated_at"] else None,
                "updated_by": e["updated_by"],
            }
            for e in entries
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2), file=ctx.out)
        return 0
    for e in entries:
        mark = "" if e["is_default"] else " *"
        print(f"{e['key']}{mark}: {json.dumps(e['value'], ensure_ascii=False)}", file=ctx.out)
    return 0


def _db(ctx: Ctx) -> int:
    from di_desk.storage.db import backup_to, integrity_check

    with opened_store(ctx, create=False) as db:
        if ctx.args.action == "check":
            problems = integrity_check(db)
            for problem in problems:
                print(problem, file=ctx.out)
            if problems:
                return 1
            print(_("The database {path} is sound.").format(path=ctx.db_path), file=ctx.out)
            return 0
        if not ctx.args.target:
            raise CliError(_("db backup needs the file to write: di-desk db backup FILE"))
        target = backup_to(db, ctx.args.target)
        print(_("Copied the database to {path}.").format(path=target), file=ctx.out)
        return 0


def run(ctx: Ctx) -> int:
    command = ctx.args.command
    if command == "demo":
        return _demo(ctx)
    if command == "reference":
        return _reference(ctx)
    return _db(ctx)
