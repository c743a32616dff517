"""Who is at the keyboard, for the audit log (no store, no rules: cheap to import)."""

from __future__ import annotations

import getpass
import os


def current_user() -> str:
    """The login name, as the audit log records it ("cli" when there is none)."""
    try:
        return getpass.getuser() or "cli"
    except Exception:  # getuser raises various errors without a login name
        return os.environ.get("USERNAME") or "cli"
