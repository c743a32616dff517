"""File import and export (SPEC.md section 7): CSV, XLSX and ICS.

No Qt and no database here: readers turn a file into typed rows
(:mod:`di_desk.io.rows`) and collect :class:`~di_desk.io.errors.RowError`
for every bad cell; writers turn plain rows into CSV, JSON, XLSX or ICS.
"""
