"""supportroi: does a customer-service investment pay back, when, and how surely?

The package is the model; the notebooks in ``notebooks/`` and the Voilà apps
are thin layers over it.

>>> from supportroi import evaluate, load_scenario
>>> ev = evaluate({})          # the catalog defaults
>>> ev.appraisal.roi is not None
True
"""

from .assumptions import CATALOG, GROUPS, Assumption, Problem, defaults, validate
from .finance import Appraisal, appraise
from .model import Evaluation, ModelInputError, evaluate, evaluate_batch
from .scenarios import Scenario, ScenarioError, load_scenario, save_scenario, shipped_scenarios

__all__ = [
    "CATALOG", "GROUPS", "Assumption", "Problem", "defaults", "validate",
    "Appraisal", "appraise",
    "Evaluation", "ModelInputError", "evaluate", "evaluate_batch",
    "Scenario", "ScenarioError", "load_scenario", "save_scenario", "shipped_scenarios",
]

__version__ = "0.1.0"
