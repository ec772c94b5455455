"""The baseline app: the client's own ticket or call export → KPIs → a scenario.

The notebook ``notebooks/baseline_from_tickets.ipynb`` only does::

    from supportroi.apps.baseline import BaselineApp
    app = BaselineApp()
    app.show()

Pick the shipped sample or upload a CSV/XLSX export; the app shows its first
rows and the column found for each canonical field (one dropdown per field,
adjustable and re-applied with *Apply*), reads it in the chosen time zone with
:func:`~supportroi.baseline.read_export`, and shows the KPIs of
:func:`~supportroi.baseline.compute_kpis` as cards and charts, every row set
aside with its row number and reason, and a download of the baseline scenario
(:func:`~supportroi.baseline.to_scenario`). A file that cannot be used, or a
measured value outside the catalog's bounds, is a notice listing every
problem; an error in a callback is a short message, never a traceback.

One module per thing a person sees: :mod:`.app` (the page, and reading the file),
:mod:`.source` (sample, upload and time zone), :mod:`.mapping` (1. the file and
its columns), :mod:`.cards` (2. KPI cards and charts), :mod:`.rejections` (3.
rows set aside), :mod:`.scenario` (4. the scenario download).

Widget values from the browser are not trusted (Voilà lets any client set
them): the time zone is checked against the IANA database and uploads against
a size limit on the server side.
"""

from .app import (
           MAX_UPLOAD_BYTES,
           PREVIEW_ROWS,
           SAMPLE,
           SAMPLE_TIMEZONE,
           UPLOAD_LIMIT_MB,
           BaselineApp,
)
from .cards import Card, KpiPanel, hours_text, kpi_cards
from .mapping import MappingPanel
from .reading import ReadingPanel
from .rejections import REJECTION_ROWS, RejectionsPanel
from .scenario import ScenarioPanel
from .source import SourceBar

__all__ = ["MAX_UPLOAD_BYTES", "PREVIEW_ROWS", "REJECTION_ROWS", "SAMPLE", "SAMPLE_TIMEZONE",
           "UPLOAD_LIMIT_MB", "BaselineApp", "Card", "KpiPanel", "MappingPanel",
           "ReadingPanel", "RejectionsPanel", "ScenarioPanel", "SourceBar", "hours_text",
           "kpi_cards"]
