"""The rules of the partner operations guide as pure functions (no Qt, no peewee)."""
