"""Reusable widgets of the desktop GUI."""
