"""Take-away files: Excel workbooks (:mod:`.excel`) and PDF reports (:mod:`.pdf`).

Every app that offers a download builds it here. Nothing here imports
ipywidgets; the PDF draws with matplotlib (the charts of
:mod:`supportroi.apps.charts`).
"""
