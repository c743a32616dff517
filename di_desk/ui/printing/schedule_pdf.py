"""A customer's maintenance schedule on paper: PDF (QPdfWriter) or a printer (QPrinter).

The body is a :class:`QTextDocument` built from HTML in the active language:
times in the customer's zone, each event's window in its region's zone, the
notice and reply dates (MAINT-5, MAINT-6) and the open violations of the
domain's ``check_event``; then the regions' windows (MAINT-1), blackout days
(MAINT-11) and the certificate renewals expected in the period (MAINT-10).
Every page gets a header (customer and period) and a footer with the page
number; table headers repeat on each page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from di_desk import __version__
from di_desk.domain.windows import format_clock, format_day
from di_desk.i18n import _, ngettext
from di_desk.i18n.formatting import format_date, format_datetime
from di_desk.services.schedule_report import ScheduleReport
from di_desk.ui.qt import (
    QColor,
    QFont,
    QMarginsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QRectF,
    Qt,
    QtCore,
    QTextDocument,
    QtGui,
)

QPointF = QtCore.QPointF

#: points
BODY_POINTS = 8.5
HEADER_POINTS = 9.5
MARGINS_MM = QMarginsF(12, 12, 12, 12)

CSS = """
h1 { font-size: 15pt; font-weight: 600; margin: 0 0 2px 0; }
h2 { font-size: 11pt; font-weight: 600; margin: 12px 0 4px 0; }
p { margin: 0 0 4px 0; }
.muted { color: #5f6368; }
.ok { color: #1e6e32; }
.bad { color: #a0281e; font-weight: 600; }
.msg { color: #a0281e; }
table.grid { border-collapse: collapse; border-color: #c4c7cc; border-style: solid; }
table.grid th { background-color: #e8eaed; font-weight: 600; text-align: left; }
td.nw { white-space: nowrap; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=False)


def _weekday_clock(instant: datetime, zone: str) -> str:
    """``Thu 21:00`` in ``zone`` (the active language's weekday abbreviation)."""
    from babel.dates import format_skeleton

    from di_desk.i18n import babel_locale

    return format_skeleton("EHm", instant, tzinfo=_zone(zone), locale=babel_locale())


def _zone_name(instant: datetime, zone: str) -> str:
    return instant.astimezone(_zone(zone)).tzname() or zone


def time_span(start: datetime, end: datetime, zone: str) -> str:
    """``21:00–23:00 CEST``; ``22:00 – Fri 01:00 CEST`` when it ends on another day."""
    if format_day(start, zone) == format_day(end, zone):
        text = _("{start}–{end}").format(
            start=format_clock(start, zone), end=format_clock(end, zone)
        )
    else:
        text = _("{start} – {end}").format(
            start=format_clock(start, zone), end=_weekday_clock(end, zone)
        )
    return f"{text} {_zone_name(end, zone)}"


def window_span(start: datetime, end: datetime, zone: str) -> str:
    """``Thu 21:00 – Fri 06:00 CEST`` (a window always names its days)."""
    return "{} {}".format(
        _("{start} – {end}").format(
            start=_weekday_clock(start, zone), end=_weekday_clock(end, zone)
        ),
        _zone_name(end, zone),
    )


def _zone(key: str) -> Any:
    from di_desk.domain.timeutil import zone

    return zone(key)


def _window(event: dict[str, Any]) -> str:
    if event["window_start"] is None:
        return "<span class='bad'>{}</span>".format(_e(_("outside every window")))
    return _e(window_span(event["window_start"], event["window_end"], event["zone"]))


def _date(value: Any) -> str:
    return _e(format_date(value, "medium")) if value is not None else "–"


#: (heading, width in percent) of the event table
def _event_heads(zone: str) -> tuple[tuple[str, int], ...]:
    return (
        (_("Date"), 10),
        (_("Time ({zone})").format(zone=zone), 12),
        (_("Cluster"), 10),
        (_("Type"), 17),
        (_("Window (region time)"), 15),
        (_("Notice due"), 8),
        (_("Notice sent"), 8),
        (_("Reply by (last day)"), 11),
        (_("Check"), 9),
    )


TABLE = "<table class='grid' width='100%' cellspacing='0' cellpadding='3' border='1'>"


def events_html(report: ScheduleReport) -> str:
    """The table of events: one row per event, its violation messages below it."""
    zone = report.customer_zone
    if not report.events:
        return "<p class='muted'>{}</p>".format(_e(_("No maintenance events in this period.")))
    heads = _event_heads(zone)
    rows = []
    for event in report.events:
        reply = "–"
        if event["reply_by"] is not None:
            reply = _e(
                _("{reply_by} ({last})").format(
                    reply_by=format_date(event["reply_by"], "medium"),
                    last=format_date(event["reply_last_day"], "d MMM"),
                )
            )
        rules = list(dict.fromkeys(event["violations"]))
        check = (
            f"<span class='bad'>{_e(', '.join(rules))}</span>"
            if rules
            else f"<span class='ok'>{_e(_('OK'))}</span>"
        )
        rows.append(
            "<tr>"
            f"<td class='nw'>{_e(format_day(event['start'], zone))}</td>"
            f"<td class='nw'>{_e(time_span(event['start'], event['end'], zone))}</td>"
            f"<td>{_e(event['cluster'] or '–')}</td>"
            f"<td>{_e(event['type'].label)}</td>"
            f"<td class='nw'>{_window(event)}</td>"
            f"<td class='nw'>{_date(event['notice_due'])}</td>"
            f"<td class='nw'>{_date(event['notice_sent'])}</td>"
            f"<td class='nw'>{reply}</td>"
            f"<td>{check}</td>"
            "</tr>"
        )
        for rule, message in zip(event["violations"], event["messages"], strict=True):
            rows.append(
                "<tr><td></td>"
                f"<td colspan='8' class='msg'><b>{_e(rule)}</b> {_e(message)}</td></tr>"
            )
    head = "".join(f"<th width='{width}%'>{_e(text)}</th>" for text, width in heads)
    return f"{TABLE}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def windows_html(report: ScheduleReport) -> str:
    """MAINT-1: each region's weekday and weekend windows, in its own zone."""
    types = ", ".join(t.label for t in report.weekend_types) or _("none")
    items = []
    for ref in report.regions:
        items.append(
            "<li>"
            + _e(
                _(
                    "{region} ({zone}): {opens}–{closes} local time, starting Monday to "
                    "Friday; weekend windows (starting Saturday or Sunday) only for: {types}."
                ).format(
                    region=ref.region.value,
                    zone=ref.zone,
                    opens=ref.window_opens.strftime("%H:%M"),
                    closes=ref.window_closes.strftime("%H:%M"),
                    types=types,
                )
            )
            + "</li>"
        )
    text = f"<ul>{''.join(items)}</ul>" if items else ""
    text += "<p class='muted'>{}</p>".format(
        _e(
            _(
                "Every planned change must lie entirely inside one window of its cluster's "
                "region (MAINT-3); emergency changes are exempt (MAINT-8)."
            )
        )
    )
    return text


def blackouts_html(report: ScheduleReport) -> str:
    if not report.blackouts:
        return "<p class='muted'>{}</p>".format(_e(_("No blackout periods in this period.")))
    items = []
    for blackout in report.blackouts:
        period = _("{first} – {last}").format(
            first=format_day(blackout.first_day), last=format_day(blackout.last_day)
        )
        note = f" — {_e(blackout.note)}" if blackout.note else ""
        items.append(f"<li>{_e(period)}{note}</li>")
    return f"<ul>{''.join(items)}</ul>"


def certificates_html(report: ScheduleReport) -> str:
    if not report.certificates:
        return "<p class='muted'>{}</p>".format(
            _e(_("No certificate renewals expected in this period."))
        )
    zone = report.customer_zone
    rows = []
    for cert in report.certificates:
        window = _("{start} – {end}").format(
            start=format_datetime(cert["window_start"], zone),
            end=format_datetime(cert["window_end"], zone, show_zone=True),
        )
        rows.append(
            "<tr>"
            f"<td>{_e(cert['subject'])}</td>"
            f"<td>{_e(cert['cluster'] or '–')}</td>"
            f"<td>{_e(format_datetime(cert['expires_at'], zone, show_zone=True))}</td>"
            f"<td>{_e(window)}</td>"
            f"<td>{_e(cert['status'].label)}</td>"
            "</tr>"
        )
    heads = (_("Certificate"), _("Cluster"), _("Expires"), _("Expected renewal"), _("Status"))
    head = "".join(f"<th>{_e(h)}</th>" for h in heads)
    note = ""
    if report.sso:
        note = "<p class='muted'>{}</p>".format(
            _e(
                _(
                    "SSO is enabled: after each renewal disable SSO, re-import the IdP "
                    "metadata file, re-enable SSO and validate SSO."
                )
            )
        )
    return f"{TABLE}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}"


def period_text(report: ScheduleReport) -> str:
    return _("{first} – {last}").format(
        first=format_day(report.first_day()), last=format_day(report.last_day())
    )


def schedule_html(report: ScheduleReport) -> str:
    """The whole body of the printed schedule (HTML for QTextDocument)."""
    count = len(report.events)
    summary = ngettext("{count} maintenance event", "{count} maintenance events", count).format(
        count=count
    )
    bad = report.violation_count
    if bad:
        summary += " · " + ngettext(
            "{count} event with open violations", "{count} events with open violations", bad
        ).format(count=bad)
    parts = [
        f"<h1>{_e(_('Maintenance schedule: {customer}').format(customer=report.customer))}</h1>",
        "<p class='muted'>{}</p>".format(
            _e(
                _("{period} · times in {zone} · printed {printed}").format(
                    period=period_text(report),
                    zone=report.customer_zone,
                    printed=format_datetime(report.generated, report.customer_zone, show_zone=True),
                )
            )
        ),
        f"<p>{_e(summary)}</p>",
        f"<h2>{_e(_('Events'))}</h2>",
        events_html(report),
        f"<h2>{_e(_('Maintenance windows'))}</h2>",
        windows_html(report),
        f"<h2>{_e(_('Blackout periods'))}</h2>",
        blackouts_html(report),
        f"<h2>{_e(_('Certificate renewals expected'))}</h2>",
        certificates_html(report),
    ]
    return "\n".join(parts)


def build_document(report: ScheduleReport) -> QTextDocument:
    doc = QTextDocument()
    font = QFont()
    font.setPointSizeF(BODY_POINTS)
    doc.setDefaultFont(font)
    doc.setDefaultStyleSheet(CSS)
    doc.setDocumentMargin(0)
    doc.setHtml(schedule_html(report))
    return doc


@dataclass(frozen=True)
class _Unit:
    """A piece of the body that must not be cut by a page break (a table row, a paragraph)."""

    top: float
    bottom: float
    heading: bool = False


@dataclass(frozen=True)
class _TableHead:
    top: float  # the table's top
    bottom: float  # where the first body row begins
    end: float  # the table's bottom


@dataclass(frozen=True)
class Page:
    """The part ``[top, bottom)`` of the laid-out body that one page shows."""

    top: float
    bottom: float
    head: _TableHead | None = None  # the table header to repeat above it


def _layout_units(doc: QTextDocument) -> tuple[list[_Unit], list[_TableHead]]:
    layout = doc.documentLayout()
    rows: dict[tuple[int, int], list[float]] = {}
    units: list[_Unit] = []
    block = doc.begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        table = QtGui.QTextCursor(block).currentTable()
        if table is not None:
            cell = table.cellAt(block.position())
            key = (table.firstPosition(), cell.row())
            span = rows.setdefault(key, [rect.top(), rect.bottom()])
            span[0], span[1] = min(span[0], rect.top()), max(span[1], rect.bottom())
        elif block.text().strip():
            heading = block.blockFormat().headingLevel() > 0
            units.append(_Unit(rect.top(), rect.bottom(), heading))
        block = block.next()
    units += [_Unit(top, bottom) for top, bottom in rows.values()]
    units.sort(key=lambda u: u.top)
    heads = []
    for frame in doc.rootFrame().childFrames():
        if not isinstance(frame, QtGui.QTextTable) or frame.rows() < 2:
            continue
        if frame.format().headerRowCount() < 1:
            continue
        first = rows.get((frame.firstPosition(), 0))
        second = rows.get((frame.firstPosition(), 1))
        box = layout.frameBoundingRect(frame)
        if first is None or second is None:
            continue
        heads.append(_TableHead(box.top(), (first[1] + second[0]) / 2, box.bottom()))
    return units, heads


def paginate(doc: QTextDocument, page_height: float) -> list[Page]:
    """Split the laid-out body into pages without cutting a row or a paragraph.

    A heading stays with what follows it; a page that starts inside a table
    repeats the table's header row. A unit taller than a page is cut.
    """
    units, heads = _layout_units(doc)
    total = doc.size().height()
    pages: list[Page] = []
    top = 0.0
    previous_bottom = 0.0

    def head_at(y: float) -> _TableHead | None:
        for head in heads:
            if head.bottom <= y < head.end:
                return head
        return None

    for index, unit in enumerate(units):
        head = head_at(top)
        room = page_height - (head.bottom - head.top if head else 0.0)
        bottom = unit.bottom
        if unit.heading and index + 1 < len(units):
            bottom = units[index + 1].bottom  # keep a heading with the next unit
        if bottom - top > room and unit.top > top:
            cut = (previous_bottom + unit.top) / 2 if previous_bottom <= unit.top else unit.top
            cut = max(cut, top + 1)
            pages.append(Page(top, cut, head))
            top = cut
            head = head_at(top)
            room = page_height - (head.bottom - head.top if head else 0.0)
        while unit.bottom - top > room:  # taller than a page: cut it
            pages.append(Page(top, top + room, head))
            top += room
            head = head_at(top)
            room = page_height - (head.bottom - head.top if head else 0.0)
        previous_bottom = unit.bottom
    pages.append(Page(top, max(total, top + 1), head_at(top)))
    return pages


def render(device: QtGui.QPagedPaintDevice, report: ScheduleReport) -> int:
    """Paint the schedule on ``device`` (a QPdfWriter or QPrinter); returns the page count."""
    doc = build_document(report)
    doc.documentLayout().setPaintDevice(device)
    page = device.pageLayout().paintRectPixels(device.resolution())
    scale = device.logicalDpiY() / 72.0  # device pixels per point
    header_font = QFont()
    header_font.setPointSizeF(HEADER_POINTS)
    small_font = QFont()
    small_font.setPointSizeF(BODY_POINTS - 0.5)
    header_h = 24 * scale
    footer_h = 18 * scale
    width = float(page.width())
    body_h = float(page.height()) - header_h - footer_h
    doc.setTextWidth(width)
    pages = paginate(doc, body_h)
    title = _("Maintenance schedule: {customer}").format(customer=report.customer)
    period = period_text(report)
    printed = _("DI Desk {version} · printed {time}").format(
        version=__version__,
        time=format_datetime(report.generated, report.customer_zone, show_zone=True),
    )
    rule = QColor(170, 170, 170)
    middle = Qt.AlignmentFlag.AlignVCenter
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(_("The printer or file cannot be written."))
    try:
        for index, part in enumerate(pages):
            if index:
                device.newPage()
            painter.setFont(header_font)
            painter.setPen(QColor(32, 33, 36))
            band = QRectF(0, 0, width, header_h * 0.7)
            painter.drawText(band, int(middle | Qt.AlignmentFlag.AlignLeft), title)
            painter.drawText(band, int(middle | Qt.AlignmentFlag.AlignRight), period)
            painter.setPen(rule)
            painter.drawLine(QPointF(0, header_h * 0.78), QPointF(width, header_h * 0.78))
            y = header_h
            if part.head is not None and index:
                height = part.head.bottom - part.head.top
                painter.save()
                painter.translate(0, y - part.head.top)
                doc.drawContents(painter, QRectF(0, part.head.top, width, height))
                painter.restore()
                y += height
            painter.save()
            painter.translate(0, y - part.top)
            doc.drawContents(painter, QRectF(0, part.top, width, part.bottom - part.top))
            painter.restore()
            line_y = header_h + body_h + footer_h * 0.2
            painter.setPen(rule)
            painter.drawLine(QPointF(0, line_y), QPointF(width, line_y))
            foot = QRectF(0, line_y, width, footer_h * 0.8)
            painter.setFont(small_font)
            painter.setPen(QColor(95, 99, 104))
            painter.drawText(foot, int(middle | Qt.AlignmentFlag.AlignLeft), printed)
            painter.drawText(
                foot,
                int(middle | Qt.AlignmentFlag.AlignRight),
                _("Page {page} of {pages}").format(page=index + 1, pages=len(pages)),
            )
    finally:
        painter.end()
    return len(pages)


def setup_page(device: QtGui.QPagedPaintDevice) -> None:
    """A4 landscape with 12 mm margins."""
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )
    device.setPageLayout(layout)


def export_pdf(path: Path, report: ScheduleReport) -> int:
    """Write the schedule to ``path`` as PDF; returns the number of pages."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.partial")
    writer = QPdfWriter(str(temp))
    writer.setResolution(300)
    writer.setTitle(_("Maintenance schedule: {customer}").format(customer=report.customer))
    writer.setCreator(f"DI Desk {__version__}")
    setup_page(writer)
    try:
        pages = render(writer, report)
        del writer  # flushes the file
        temp.replace(path)
    finally:
        temp.unlink(missing_ok=True)
    return pages


def print_report(printer: Any, report: ScheduleReport) -> int:
    """Print on a configured QPrinter (from QPrintDialog); returns the number of pages."""
    return render(printer, report)


__all__ = [
    "build_document",
    "export_pdf",
    "print_report",
    "render",
    "schedule_html",
    "setup_page",
]
