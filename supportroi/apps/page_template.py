"""The ``supportroi`` Voilà template: Voilà's ``lab`` page, in the page's language, offline.

Shipped inside the package (``supportroi/share/jupyter/nbconvert/templates/supportroi/``,
so an editable and a wheel install both have it) and switched on by :func:`use_template` in
``voila_config/voila.py`` (and so in ``deploy/singleuser/voila.py``, which loads it). It
extends ``lab`` and changes three things:

- **nothing from outside 127.0.0.1**: Voilà's pages link Font Awesome from a CDN
  (cdn.jsdelivr.net); the template drops those links. The icons of the apps' buttons still
  show: Voilà's own ``voila-style.js`` bundles Font Awesome 5 with its web fonts, served by
  the Voilà server itself (``tests/test_offline_browser.py`` checks both);
- **``<html lang>``** is the ``lang`` of the page's URL (``?lang=ru``): en, ru or zh, English
  for anything else (as :func:`supportroi.apps.pages.page_language` reads it);
- **the loading text** ("Running …", "Executing 3 of 7") and, in Russian and Chinese, the
  tab title are in that language (messages ``page.*`` of :mod:`supportroi.i18n`), and so is
  what a cell that failed or timed out says (Voilà writes the English of ``server.cell_error``
  / ``server.cell_timeout`` from ``voila_config/voila.py`` into its output; the page shows the
  message in its language instead). A full server's 503 page is in the request's language
  (``error.html``, :class:`supportroi.apps.serving.BusyError`).

With preheated kernels Voilà renders a page *before* anyone asks for it, so the template
cannot know the request's language when it renders: it embeds the few messages of every
language (:func:`page_texts`) and a short script picks the language from the URL as the
page opens. The same data reaches the tree, error and 404 pages (``page.html``) through
jupyter_server's ``jinja_template_vars``.

>>> texts = page_texts()
>>> texts["languages"], texts["default"]
(['en', 'ru', 'zh'], 'en')
>>> texts["messages"]["ru"]["step"]
'Выполняется шаг {cell} из {count}…'
>>> texts["titles"]["roi_dashboard"]["zh"] == translator("zh")("pages.roi_dashboard.title")
True
"""

from __future__ import annotations

import os
from pathlib import Path

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, translator
from .pages import PAGES

__all__ = ["DATA_DIR", "TEMPLATE", "page_texts", "use_template"]

#: The template's name (``VoilaConfiguration.template``).
TEMPLATE = "supportroi"
#: A Jupyter data directory holding the template, as ``nbconvert/templates/supportroi/``:
#: Voilà looks for templates under both ``voila/templates`` and ``nbconvert/templates``, but
#: takes the first ``voila/`` folder on the Jupyter path as its data folder (themes, schemas),
#: so this directory must have none.
DATA_DIR = Path(__file__).resolve().parents[1] / "share" / "jupyter"

#: What the page script shows, by the name it uses (``{title}``, ``{cell}``, ``{count}`` are
#: filled in by the page).
_MESSAGES = {"starting": "page.loading.starting", "step": "page.loading.step",
             "noscript": "page.noscript", "not_found": "page.not_found",
             "cell_error": "server.cell_error", "cell_timeout": "server.cell_timeout"}
#: Notebooks that are not in :data:`~supportroi.apps.pages.PAGES`, by file name.
_OTHER_TITLES = {"index": "page.landing_title"}


def page_texts() -> dict:
    """The messages the template shows, in every language, as plain JSON-able data.

    ``messages[lang][name]``: the loading texts; ``titles[notebook][lang]``: the tab title of
    each notebook (by file name without ``.ipynb``) in Russian and Chinese. English pages keep
    the notebook's own title.
    """
    titles: dict[str, dict[str, str]] = {}
    keys = {Path(p.path).name: f"pages.{p.key}.title" for p in PAGES} | _OTHER_TITLES
    for name, key in keys.items():
        titles[name] = {lang: translator(lang)(key) for lang in LANGUAGES
                        if lang != DEFAULT_LANGUAGE}
    return {
        "languages": list(LANGUAGES),
        "default": DEFAULT_LANGUAGE,
        "messages": {lang: {name: translator(lang)(key) for name, key in _MESSAGES.items()}
                     for lang in LANGUAGES},
        "titles": titles,
    }


def use_template(c) -> None:
    """Serve the pages with the ``supportroi`` template (call from a Voilà config file with
    its ``c``, before Voilà looks up templates, which it does right after the config).

    Voilà finds templates in the Jupyter data directories, so the package's own is put first
    on ``JUPYTER_PATH`` for this server (its kernels inherit it; it holds nothing else).
    """
    path = os.environ.get("JUPYTER_PATH", "")
    parts = [p for p in path.split(os.pathsep) if p]
    if str(DATA_DIR) not in parts:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(DATA_DIR), *parts])
    texts = page_texts()
    c.VoilaConfiguration.template = TEMPLATE
    # Voilà lets a URL pick another template (?template=lab brings the CDN links back,
    # ?template=reveal another page); only the notebook's metadata may, and none does.
    c.VoilaConfiguration.allow_template_override = "NOTEBOOK"
    # Notebook pages: the exporter's resources (the template reads resources.supportroi).
    resources = c.VoilaConfiguration.resources if "resources" in c.VoilaConfiguration else {}
    c.VoilaConfiguration.resources = {**dict(resources), "supportroi": texts}
    # Tree, error and 404 pages: jupyter_server's template variables.
    settings = c.Voila.tornado_settings if "tornado_settings" in c.Voila else {}
    settings = dict(settings)
    settings["jinja_template_vars"] = {**settings.get("jinja_template_vars", {}),
                                       "supportroi": texts}
    c.Voila.tornado_settings = settings
