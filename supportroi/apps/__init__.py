"""The Voilà apps and lessons: everything that builds widgets or draws for a page.

One module (or package) per app, each a thin layer over the model in :mod:`supportroi`:

=========================  ==================================================
``apps.dashboard``         :class:`~supportroi.apps.dashboard.Dashboard` (ROI, NPV, payback)
``apps.compare``           :class:`~supportroi.apps.compare.CompareApp` (2–5 scenarios)
``apps.risk``              :class:`~supportroi.apps.risk.RiskApp` (a module per view)
``apps.staffing``          :class:`~supportroi.apps.staffing.StaffingApp` (Erlang C)
``apps.baseline``          :class:`~supportroi.apps.baseline.BaselineApp` (client exports)
``apps.lessons``           the lessons: widgets, explorers, exercises
``apps.pages``             the landing page
``apps.controls``          catalog-generated inputs, checked on the server
``apps.base``              what every app shares: styles, errors, downloads
``apps.charts`` …          charts (matplotlib only, also used by :mod:`supportroi.reports`)
``apps.svg_chart``         the dashboard's charts as SVG text the browser draws
``apps.chart_lines``       what both kinds of result chart show (groups, amounts, payback label)
``apps.serving``           Voilà hardening (websocket connection class)
``apps.page_template``     the ``supportroi`` Voilà template: offline, in the URL's language
=========================  ==================================================

Import the app you need (``from supportroi.apps.dashboard import Dashboard``):
this package imports nothing itself, so a kernel loads only its own app.
"""
