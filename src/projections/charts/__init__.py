"""The report's charts: the figures they draw (`series`, from the report model) and their
drawing as SVG or PNG (`draw`, matplotlib, loaded only when a chart is drawn)."""

from .series import Chart, Series, charts_after, report_charts

__all__ = ["Chart", "Series", "charts_after", "report_charts"]
