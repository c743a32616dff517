"""Charts (QtCharts, imported on first use through :mod:`di_desk.ui.qt`)."""
