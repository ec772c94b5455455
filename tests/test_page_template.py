"""The supportroi Voilà template's configuration, without a server (the pages themselves:
tests/test_offline_browser.py)."""

import os

from traitlets.config import Config

from supportroi.apps import page_template
from supportroi.i18n import LANGUAGES, catalog


def test_use_template_keeps_the_config_it_adds_to(monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", "/somewhere")
    c = Config()
    c.Voila.tornado_settings = {"ws_ping_interval": 10_000}
    page_template.use_template(c)
    page_template.use_template(c)  # twice: nothing doubles
    assert c.VoilaConfiguration.template == "supportroi"
    assert c.VoilaConfiguration.allow_template_override == "NOTEBOOK"
    assert c.Voila.tornado_settings["ws_ping_interval"] == 10_000
    texts = page_template.page_texts()
    assert c.Voila.tornado_settings["jinja_template_vars"]["supportroi"] == texts
    assert c.VoilaConfiguration.resources["supportroi"] == texts
    assert os.environ["JUPYTER_PATH"].split(os.pathsep) == [str(page_template.DATA_DIR),
                                                            "/somewhere"]


def test_voila_finds_the_template_on_the_jupyter_path(monkeypatch):
    from voila.paths import collect_template_paths
    monkeypatch.setenv("JUPYTER_PATH", str(page_template.DATA_DIR))
    paths = collect_template_paths(["voila", "nbconvert"], "supportroi", prune=True)
    assert paths[0].endswith(os.path.join("nbconvert", "templates", "supportroi"))
    assert any(p.endswith(os.path.join("voila", "templates", "lab")) for p in paths)


def test_every_language_has_every_page_text():
    texts = page_template.page_texts()
    assert texts["languages"] == list(LANGUAGES)
    for lang in LANGUAGES:
        assert set(texts["messages"][lang]) == {"starting", "step", "noscript", "not_found",
                                               "cell_error", "cell_timeout"}
        assert texts["messages"][lang]["step"] == catalog(lang)["page.loading.step"]
    # Russian and Chinese tab titles for every notebook (English keeps the notebook's own).
    assert {"index", "roi_dashboard", "01_roi_bcr_payback"} <= set(texts["titles"])
    for titles in texts["titles"].values():
        assert set(titles) == set(LANGUAGES) - {"en"}
