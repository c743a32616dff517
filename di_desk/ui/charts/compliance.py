"""CASE-6 chart: response objectives met per severity and month, with the 95 % target.

One line per severity (a point per month with cases due; a month without any
leaves a hole in the line rather than a fake 0 %), a dashed line at the
target for the severities that have one (S3, S4), month labels from Babel in
the active language. :meth:`ComplianceChart.set_months` takes the domain's
:func:`~di_desk.domain.case_compliance.monthly_compliance` result;
:meth:`ComplianceChart.retranslate` re-sets every text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from babel.dates import format_skeleton

from di_desk.domain.enums import Severity
from di_desk.domain.reference import DEFAULT_REFERENCE, ReferenceData
from di_desk.i18n import _, babel_locale
from di_desk.i18n.formatting import format_percent
from di_desk.ui.qt import QColor, QFont, QPainter, Qt, QtCharts, QtCore, QtGui, QWidget

if TYPE_CHECKING:
    from di_desk.domain.case_compliance import MonthCompliance

#: line colours per severity (distinct in print and for common colour blindness)
SEVERITY_COLOURS: dict[Severity, str] = {
    Severity.S1: "#b2182b",
    Severity.S2: "#ef8a62",
    Severity.S3: "#2166ac",
    Severity.S4: "#1b7837",
}
TARGET_COLOUR = "#555555"
#: where the y axis has a labelled grid line (percent)
Y_TICKS = (0, 20, 40, 60, 80, 100)


def month_label(month: date, first: bool) -> str:
    """``Mar`` (``mrt``), with the year on the first month and on January."""
    if first or month.month == 1:
        return format_skeleton("yMMM", month, locale=babel_locale())
    return format_skeleton("MMM", month, locale=babel_locale())


class ComplianceChart(QtCharts.QChartView):
    """A line chart of CASE-6 compliance per month (``set_months``)."""

    def __init__(
        self, reference: ReferenceData = DEFAULT_REFERENCE, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compliance_chart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.reference = reference
        self.months: tuple[MonthCompliance, ...] = ()
        chart = QtCharts.QChart()
        chart.setAnimationOptions(QtCharts.QChart.AnimationOption.NoAnimation)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        chart.setMargins(QtCore.QMargins(4, 4, 4, 4))
        title_font = QFont(chart.titleFont())
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        self.setChart(chart)
        self.x_axis = QtCharts.QBarCategoryAxis()
        # Category labels at 0, 20, … 100 so that the percentages are Babel's
        # (a value axis formats its labels with printf).
        self.y_axis = QtCharts.QCategoryAxis()
        self.y_axis.setRange(0, 100)
        self.y_axis.setLabelsPosition(
            QtCharts.QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue
        )
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        #: one line per severity, S1 first
        self.series: dict[Severity, QtCharts.QLineSeries] = {}
        for severity in Severity:
            line = QtCharts.QLineSeries()
            line.setObjectName(f"series_{severity.value}")
            pen = QtGui.QPen(QColor(SEVERITY_COLOURS[severity]))
            pen.setWidthF(2.0)
            line.setPen(pen)
            line.setPointsVisible(True)
            self._add(line)
            self.series[severity] = line
        self.target_line = QtCharts.QLineSeries()
        self.target_line.setObjectName("series_target")
        pen = QtGui.QPen(QColor(TARGET_COLOUR))
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setWidthF(1.5)
        self.target_line.setPen(pen)
        self._add(self.target_line)
        self.setMinimumSize(320, 200)
        self.retranslate()

    def _add(self, line: QtCharts.QLineSeries) -> None:
        self.chart().addSeries(line)
        line.attachAxis(self.x_axis)
        line.attachAxis(self.y_axis)

    # ------------------------------------------------------------------ data

    def set_reference(self, reference: ReferenceData) -> None:
        self.reference = reference
        self.set_months(self.months)

    def set_months(self, months: Sequence[MonthCompliance]) -> None:
        """Show ``months`` (oldest first), one point per severity where cases were due."""
        self.months = tuple(months)
        for severity, line in self.series.items():
            points = []
            for x, month in enumerate(self.months):
                ratio = month.report.row(severity).ratio
                if ratio is not None:
                    points.append((float(x), float(ratio) * 100.0))
            line.clear()
            for x, y in points:
                line.append(x, y)
        self.target_line.clear()
        target = float(self.reference.compliance_target) * 100.0
        last = max(len(self.months) - 1, 1)
        self.target_line.append(0.0, target)
        self.target_line.append(float(last), target)
        self._set_labels()

    def target_severities(self) -> tuple[Severity, ...]:
        return tuple(s for s in Severity if s in self.reference.compliance_severities)

    # ---------------------------------------------------------------- texts

    def _set_labels(self) -> None:
        labels = [month_label(m.month, i == 0) for i, m in enumerate(self.months)]
        self.x_axis.clear()
        if labels:
            self.x_axis.append(labels)

    def retranslate(self) -> None:
        chart = self.chart()
        chart.setTitle(_("Response objective met, per month"))
        self.x_axis.setTitleText(_("Month (response due)"))
        self.y_axis.setTitleText(_("Met in time"))
        for label in self.y_axis.categoriesLabels():
            self.y_axis.remove(label)
        for percent in Y_TICKS:
            self.y_axis.append(format_percent(percent / 100, digits=0), percent)
        for severity, line in self.series.items():
            line.setName(severity.label)
        self.target_line.setName(
            _("Target {percent} ({severities})").format(
                percent=format_percent(float(self.reference.compliance_target), digits=0),
                severities=", ".join(s.value for s in self.target_severities()),
            )
        )
        self.setToolTip(
            _(
                "Per severity: cases acknowledged within the response objective, of the "
                "cases whose objective fell in that month (CASE-6). Cases not yet due "
                "are left out; a month without cases has no point."
            )
        )
        self._set_labels()
