"""What the Voilà server itself says, in the language of the request: the busy page (unit
tests with the template's error page rendered by Jinja) and a failed cell's instruction (one
browser test on a notebook that raises)."""

from __future__ import annotations

import json
import os

import jinja2
import pytest

from supportroi.apps import page_template
from supportroi.apps.serving import BUSY_MESSAGE, BusyError, GuardedKernelManager, busy_error
from supportroi.i18n import translator

from .conftest import voila_server

RU_BUSY = translator("ru")("server.busy")


def test_the_busy_answer_speaks_the_language_of_the_request():
    url = "http://127.0.0.1:8866/voila/render/roi_dashboard.ipynb?scenario=x&lang=ru"
    error = busy_error(url)
    assert isinstance(error, BusyError) and error.status_code == 503
    assert error.page_message == RU_BUSY and "Сервер занят" in RU_BUSY
    assert busy_error(url.replace("lang=ru", "lang=zh")).page_message.startswith("服务器繁忙")
    for other in ("", "http://x/?lang=de", "http://x/?lang=en"):
        assert busy_error(other).page_message == BUSY_MESSAGE
    # The status line keeps an English reason: HTTP allows only Latin-1 there.
    assert error.reason == BUSY_MESSAGE and error.reason.isascii()


def test_a_configured_message_is_kept_as_written():
    assert busy_error("http://x/?lang=ru", "Closed for the night.").page_message == (
        "Closed for the night.")


def test_a_full_kernel_manager_refuses_in_the_request_language():
    manager = GuardedKernelManager(max_kernels=0)
    with pytest.raises(BusyError) as refused:
        manager._refuse_if_busy("http://127.0.0.1/voila/render/x.ipynb?lang=ru")
    assert refused.value.page_message == RU_BUSY


def _error_page(exception, status_message: str) -> str:
    """The template's error page as Voilà's server renders it (jupyter_server's write_error)."""
    from voila.paths import collect_template_paths
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(page_template.DATA_DIR)
    try:
        paths = collect_template_paths(["voila", "nbconvert"], "supportroi", prune=True)
    finally:
        if old is None:
            del os.environ["JUPYTER_PATH"]
        else:
            os.environ["JUPYTER_PATH"] = old
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths), autoescape=True,
                             extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=False)
    return env.get_template("error.html").render(
        status_code=503, status_message=status_message, message="", exception=exception,
        supportroi=page_template.page_texts(), base_url="/", theme="light")


def test_the_busy_page_shows_the_message_in_the_language_of_the_request():
    error = busy_error("http://x/voila/render/a.ipynb?lang=ru")
    html = _error_page(error, error.reason)
    assert f"503: {RU_BUSY}" in html and BUSY_MESSAGE not in html
    # Other errors keep the status line's words.
    assert "503: Service Unavailable" in _error_page("(unknown)", "Service Unavailable")


NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "boom", "metadata": {},
               "outputs": [], "source": "raise RuntimeError('internal detail')"}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


@pytest.mark.browser
def test_a_failed_cell_says_so_in_the_page_language(tmp_path, new_page):
    from playwright.sync_api import expect
    path = tmp_path / "raises.ipynb"
    path.write_text(json.dumps(NOTEBOOK))
    error = {lang: translator(lang)("server.cell_error") for lang in ("en", "ru", "zh")}
    with voila_server(str(path)) as base:
        for lang in ("ru", "zh", "en"):
            page = new_page()
            page.goto(f"{base}?lang={lang}", timeout=120_000)
            shown = page.locator(".jp-OutputArea-output pre").first
            expect(shown).to_contain_text(error[lang], timeout=120_000)
            text = shown.inner_text()
            assert "internal detail" not in text and "Traceback" not in text
            if lang != "en":
                assert error["en"] not in text and "There was an error" not in text
            page.goto("about:blank")
