"""The functional core stays free of Qt and peewee (STYLE.md layering)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import di_desk

PACKAGE = Path(di_desk.__file__).resolve().parent
FORBIDDEN = {
    "domain": (
        "PySide6",
        "shiboken6",
        "peewee",
        "di_desk.storage",
        "di_desk.ui",
        "di_desk.services",
    ),
    "storage": ("PySide6", "shiboken6", "di_desk.ui"),
    "services": ("PySide6", "shiboken6", "di_desk.ui"),
    "io": ("PySide6", "shiboken6", "di_desk.ui"),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_layers_import_only_what_they_may():
    offences = []
    for layer, banned in FORBIDDEN.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in _imports(path):
                if any(name == b or name.startswith(b + ".") for b in banned):
                    offences.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offences == []


def test_cli_path_does_not_load_qt():
    """The headless CLI never imports Qt (fast start, works without a display)."""
    code = (
        "import sys, di_desk.cli, di_desk.domain, di_desk.storage; "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
