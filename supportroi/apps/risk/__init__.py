"""Risk, sensitivity and break-even: a Voilà app over :mod:`supportroi.risk`.

The notebook ``notebooks/risk_and_sensitivity.ipynb`` only does::

    from supportroi.apps.risk import RiskApp
    app = RiskApp()
    app.show()

:class:`RiskApp` (``app.py``) puts the shared scenario controls
(:class:`~supportroi.apps.controls.ScenarioControls`) beside one view per
section, each in its own module:

* ``tornado.py`` — **Tornado**: which assumptions matter, one at a time at
  their low and high value (the band or the user's own range);
* ``monte_carlo.py`` — **Monte Carlo**: three-point ranges, run on *Run*,
  chances, percentiles and the NPV histogram;
* ``scenarios.py`` — the **three scenarios** (conservative / likely /
  optimistic) from the same ranges;
* ``break_even.py`` — **Break-even**: the value of one assumption at which
  ROI reaches a target, or the model's reason why none does;
* ``common.py`` — what they share: limits, value formatting, notices, range rows.

Text figures update before charts are drawn; callbacks are
:func:`~supportroi.apps.base.guarded`, so an error shows a short message,
never a traceback. Every value a browser sends is checked here on the server.
"""

from .app import RiskApp
from .common import DEFAULT_N, N_CHOICES, PROGRESS_FROM, default_ranges, format_value, numeric_names

__all__ = [
    "DEFAULT_N",
    "N_CHOICES",
    "PROGRESS_FROM",
    "RiskApp",
    "default_ranges",
    "format_value",
    "numeric_names",
]
