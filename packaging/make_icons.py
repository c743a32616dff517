"""Draw the app icon and derive the Windows and macOS icon files from it.

    python packaging/make_icons.py          # resources/di-desk.png -> .ico and .icns
    python packaging/make_icons.py --draw   # first (re)draw resources/di-desk.png

The source image is ``resources/di-desk.png`` (1024x1024). A designer may
replace it; the ``.ico`` and ``.icns`` are always derived from it. The three
files are committed, so a release build needs neither this script nor a
display. Drawing uses Qt's offscreen platform; the two containers are written
here byte by byte (no Pillow, no iconutil), so the output is identical on
every OS.

* ``.ico``: 16..128 px as 32-bit DIBs (what every Windows version reads),
  256 px as PNG (Vista and later); cut with a smaller margin than macOS's.
* ``.icns``: PNG entries ``ic07``..``ic14`` (128..1024 px and their @2x
  variants), which macOS 10.7+ reads.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
SOURCE = RESOURCES / "di-desk.png"
ICO = RESOURCES / "di-desk.ico"
ICNS = RESOURCES / "di-desk.icns"

SOURCE_SIZE = 1024
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Windows icons fill their square; macOS keeps the ~10% margin of Apple's grid.
# The .ico is cut from the source with this margin (a fraction of its width).
ICO_MARGIN = 88 / 1024
# (type code, pixel size): the PNG-carrying icns types.
ICNS_TYPES = (
    (b"ic11", 32),  # 16@2x
    (b"ic12", 64),  # 32@2x
    (b"ic07", 128),
    (b"ic13", 256),  # 128@2x
    (b"ic08", 256),
    (b"ic14", 512),  # 256@2x
    (b"ic09", 512),
    (b"ic10", 1024),  # 512@2x
)

BLUE_LIGHT = QColor("#2F80C8")
BLUE_DARK = QColor("#0B3C68")
WHITE = QColor("#FFFFFF")
SHADOW = QColor(0, 0, 0, 60)


def draw_source(size: int = SOURCE_SIZE) -> QImage:
    """A desk phone on a rounded blue tile, drawn on a 1024 grid and scaled."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 1024, size / 1024)

    # Tile: macOS grid (824 px body with a 100 px margin), works on Windows too.
    tile = QRectF(100, 100, 824, 824)
    gradient = QLinearGradient(QPointF(0, 100), QPointF(0, 924))
    gradient.setColorAt(0.0, BLUE_LIGHT)
    gradient.setColorAt(1.0, BLUE_DARK)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(gradient))
    p.drawRoundedRect(tile, 185, 185)

    def phone(dx: float, dy: float, body: QColor, keys: QColor) -> None:
        p.save()
        p.translate(dx, dy)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(body)
        # Handset: a bar with an earpiece and a mouthpiece hanging down.
        handset = QPainterPath()
        handset.setFillRule(Qt.FillRule.WindingFill)
        handset.addRoundedRect(QRectF(250, 268, 524, 92), 46, 46)
        handset.addRoundedRect(QRectF(250, 268, 132, 190), 52, 52)
        handset.addRoundedRect(QRectF(642, 268, 132, 190), 52, 52)
        p.drawPath(handset)
        # Base: slightly wider at the bottom, like a desk set.
        base = QPainterPath()
        base.moveTo(300, 500)
        base.lineTo(724, 500)
        base.quadTo(760, 500, 768, 536)
        base.lineTo(812, 740)
        base.quadTo(820, 784, 776, 784)
        base.lineTo(248, 784)
        base.quadTo(204, 784, 212, 740)
        base.lineTo(256, 536)
        base.quadTo(264, 500, 300, 500)
        p.drawPath(base)
        # Keypad: 3 x 3 keys cut out in the tile's colour.
        p.setBrush(keys)
        for row in range(3):
            for col in range(3):
                p.drawRoundedRect(QRectF(410 + col * 76, 544 + row * 68, 52, 44), 14, 14)
        p.restore()

    phone(0, 14, SHADOW, SHADOW)
    phone(0, 0, WHITE, QColor("#1D5E99"))
    # Thin rim so the tile reads on white backgrounds too.
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor(255, 255, 255, 40), 4))
    p.drawRoundedRect(tile.adjusted(2, 2, -2, -2), 183, 183)
    p.end()
    return image


def scaled(image: QImage, size: int) -> QImage:
    """Downscale by halving steps, then once smoothly: sharper than one big step."""
    current = image.convertToFormat(QImage.Format.Format_ARGB32)
    while current.width() >= size * 2:
        current = current.scaled(
            current.width() // 2,
            current.height() // 2,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    if current.width() != size:
        current = current.scaled(
            size,
            size,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return current.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def dib_bytes(image: QImage) -> bytes:
    """A 32-bit BGRA DIB with an all-zero AND mask, as ICO entries store it."""
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in range(size - 1, -1, -1):  # bottom-up
        row = bytearray()
        for x in range(size):
            argb = image.pixel(x, y)
            row += struct.pack("<I", argb)  # little-endian ARGB32 is B, G, R, A
        rows.append(bytes(row))
    mask_stride = ((size + 31) // 32) * 4
    mask = bytes(mask_stride * size)
    return header + b"".join(rows) + mask


def ico_bytes(image: QImage, sizes: tuple[int, ...] = ICO_SIZES) -> bytes:
    entries = []
    for size in sizes:
        icon = scaled(image, size)
        entries.append((size, png_bytes(icon) if size >= 256 else dib_bytes(icon)))
    out = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    payload = b""
    for size, data in entries:
        dim = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        payload += data
    return out + payload


def icns_bytes(image: QImage, types: tuple[tuple[bytes, int], ...] = ICNS_TYPES) -> bytes:
    cache: dict[int, bytes] = {}
    body = b""
    for code, size in types:
        if size not in cache:
            cache[size] = png_bytes(scaled(image, size))
        data = cache[size]
        body += code + struct.pack(">I", len(data) + 8) + data
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draw", action="store_true", help="redraw resources/di-desk.png")
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    RESOURCES.mkdir(exist_ok=True)
    if args.draw or not SOURCE.exists():
        if not draw_source().save(str(SOURCE), "PNG"):
            print(f"cannot write {SOURCE}", file=sys.stderr)
            return 1
        print(f"drew {SOURCE.relative_to(ROOT)}")
    source = QImage(str(SOURCE))
    if source.isNull() or source.width() != source.height():
        print(f"{SOURCE} must be a square image", file=sys.stderr)
        return 1
    margin = round(source.width() * ICO_MARGIN)
    side = source.width() - 2 * margin
    ICO.write_bytes(ico_bytes(source.copy(margin, margin, side, side)))
    ICNS.write_bytes(icns_bytes(source))
    for path in (SOURCE, ICO, ICNS):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
