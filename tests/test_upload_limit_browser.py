"""In a real browser: a message over the server's websocket limit (a large upload) is
not sent; the page says which file is too large and what the limit is (issue 16).
Sending it would close the page's connection without a word ("No file yet")."""

import pytest
from playwright.sync_api import expect

from supportroi import evaluate
from supportroi.apps.base import MESSAGE_LIMIT_BYTES
from supportroi.formatting import percent

from .conftest import voila_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dashboard_url():
    with voila_server("notebooks/roi_dashboard.ipynb") as base:
        yield base


def test_an_upload_over_the_websocket_limit_is_refused_with_a_message(dashboard_url, new_page):
    page = new_page()
    page.goto(dashboard_url)
    expect(page.locator(".sr-roi .sr-value")).to_have_text(percent(evaluate({}).appraisal.roi),
                                                          timeout=60_000)
    assert page.evaluate("window.srMessageLimit") == MESSAGE_LIMIT_BYTES
    # What the widget manager sends for a FileUpload: a v1 frame whose content names the
    # file, followed by its bytes. Built here with a size just over the limit.
    page.evaluate("""() => {
      const content = new TextEncoder().encode(JSON.stringify({comm_id: "x", data: {
        method: "update", state: {value: [{name: "export.csv", size: window.srMessageLimit}]},
        buffer_paths: [["value", 0, "content"]]}}));
      const parts = [new TextEncoder().encode("shell"), new Uint8Array(2), new Uint8Array(2),
                     new Uint8Array(2), content, new Uint8Array(window.srMessageLimit)];
      const n = parts.length + 1, head = new DataView(new ArrayBuffer(8 * (n + 1)));
      head.setBigUint64(0, BigInt(n), true);
      let at = 8 * (n + 1);
      head.setBigUint64(8, BigInt(at), true);
      parts.forEach((p, i) => { at += p.length; head.setBigUint64(8 * (i + 2), BigInt(at), true); });
      const frame = new Uint8Array(at);
      frame.set(new Uint8Array(head.buffer), 0);
      let o = 8 * (n + 1);
      parts.forEach(p => { frame.set(p, o); o += p.length; });
      const ws = new WebSocket(location.origin.replace("http", "ws") + "/nowhere");
      ws.send(frame.buffer);  // refused before it is sent (the socket is not even open)
    }""")
    alert = page.locator("#sr-too-large")
    expect(alert).to_contain_text("export.csv")
    expect(alert).to_contain_text("too large")
    expect(alert).to_contain_text("100 MB")
    # The app is still connected and working.
    page.get_by_text("Finance & risk").click()
    page.locator(".sr-discount_rate .noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".sr-roi .sr-value")).to_have_text(
        percent(evaluate({"discount_rate": 0.105}).appraisal.roi))
