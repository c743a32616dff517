"""Printing and PDF export (QTextDocument on QPdfWriter or QPrinter)."""
