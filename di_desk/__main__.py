"""Entry point of the ``di-desk`` command: the GUI, or the headless CLI."""

from __future__ import annotations

import sys

# Sub-commands handled by the headless CLI; anything else starts the GUI.
CLI_COMMANDS = frozenset({"import", "check", "report", "export", "demo", "reference", "db"})


def _wants_cli(argv: list[str]) -> bool:
    """True when the first positional argument is a CLI sub-command."""
    skip_next = False
    for arg in argv:
        if skip_next:
            skip_next = False
            continue
        if arg in ("--db", "--lang", "--zone"):
            skip_next = True
            continue
        if arg.startswith("-"):
            continue
        return arg in CLI_COMMANDS
    return False


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if _wants_cli(args) or "--help-cli" in args:
        from di_desk.cli import main as cli_main

        return cli_main(args)
    from di_desk.app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
