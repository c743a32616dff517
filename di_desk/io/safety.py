"""Guards against hostile files: oversized files and zip/XML bombs (XLSX).

An XLSX file is a zip archive of XML parts. Before openpyxl opens one we
check the file size, the number of entries, the total uncompressed size and
the compression ratio of each entry, so a small file cannot expand into
gigabytes. XML entity expansion is handled by ``defusedxml``, which openpyxl
uses automatically when it is installed (``openpyxl.DEFUSEDXML``).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from di_desk.i18n import _
from di_desk.io.errors import FileReadError

#: Largest file we read at all (bytes).
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Largest total uncompressed size of an XLSX archive (bytes).
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
#: Most entries in an XLSX archive.
MAX_ENTRIES = 10_000
#: Highest compression ratio of one entry that is larger than 1 MB uncompressed.
MAX_RATIO = 200


def check_size(path: Path, limit: int = MAX_FILE_BYTES) -> None:
    """Raise FileReadError when ``path`` is missing or larger than ``limit`` bytes."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise FileReadError(_("File not found: {path}").format(path=path)) from None
    except OSError as exc:
        raise FileReadError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    if not path.is_file():
        raise FileReadError(_("Not a file: {path}").format(path=path))
    if size > limit:
        raise FileReadError(
            _("{path} is too large ({size} MB; at most {limit} MB is read).").format(
                path=path, size=size // (1024 * 1024), limit=limit // (1024 * 1024)
            )
        )


def check_xlsx_archive(
    path: Path,
    *,
    max_uncompressed: int = MAX_UNCOMPRESSED_BYTES,
    max_entries: int = MAX_ENTRIES,
    max_ratio: int = MAX_RATIO,
) -> None:
    """Refuse an XLSX that is not a zip or that would expand too much (zip bomb)."""
    check_size(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileReadError(
            _("{path} is not an Excel workbook (.xlsx).").format(path=path)
        ) from None
    if len(infos) > max_entries:
        raise FileReadError(
            _("{path} has too many parts ({count}) to be a normal workbook.").format(
                path=path, count=len(infos)
            )
        )
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > max_ratio:
            raise FileReadError(
                _("{path} looks like a zip bomb (part {part} expands {ratio}×).").format(
                    path=path, part=info.filename, ratio=int(ratio)
                )
            )
    if total > max_uncompressed:
        raise FileReadError(
            _("{path} expands to {size} MB, more than the {limit} MB allowed.").format(
                path=path, size=total // (1024 * 1024), limit=max_uncompressed // (1024 * 1024)
            )
        )
