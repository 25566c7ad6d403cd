"""A real browser opens the batch's pages: headless Chromium (Debian's ``chromium``) loads ``index.html``
over ``file://``, follows every link to an HTML page (reports, comparison), and finds every image
loaded and no console error, no uncaught exception and no failed request.

Chromium is driven through the DevTools protocol over a pipe (``--remote-debugging-pipe``: JSON
messages separated by NUL bytes on file descriptors 3 and 4), so no port, no websocket and no extra
Python package is needed. Install the browser with ``apt-get install -y chromium``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from _batch_support import COMPARE, REPO, REPORT, make_set
from framing.batch.run import run_batch

CHROMIUM = Path("/usr/bin/chromium")
REPORT_NOTEBOOK = REPO / "notebooks" / "report.ipynb"
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium not installed: /usr/bin/chromium "
                                                              "is absent (apt-get install -y chromium)")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--mute-audio", "--remote-debugging-pipe")
# Wait for every image (loaded or failed), then report each one's natural size.
IMAGES_JS = """
(async () => {
  const images = Array.from(document.images);
  await Promise.all(images.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener('load', done); img.addEventListener('error', done); })));
  return images.map(img => ({src: img.currentSrc.slice(0, 60), width: img.naturalWidth}));
})()
"""
LINKS_JS = "Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"


class Browser:
    """Headless Chromium with a minimal DevTools-protocol client over a pipe."""

    def __init__(self, profile: Path):
        commands_read, self._commands = os.pipe()  # we write commands, Chromium reads fd 3
        self._events, events_write = os.pipe()     # Chromium writes fd 4, we read
        keep = (commands_read, events_write)

        def plumb():  # in the child, before exec: the pipe ends become fds 3 and 4
            tmp = [os.dup(fd) for fd in keep]
            os.dup2(tmp[0], 3)
            os.dup2(tmp[1], 4)

        self.process = subprocess.Popen([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, preexec_fn=plumb, pass_fds=(3, 4, *keep))
        for fd in keep:
            os.close(fd)
        self._buffer = b""
        self._next = 0
        self.events: list[dict] = []

    def call(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30):
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, event: str, session: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for i, message in enumerate(self.events):
                if message.get("method") == event and message.get("sessionId") == session:
                    return self.events.pop(i)
            self.events.append(self._read(deadline))

    def open(self, url: str) -> tuple[str, list[dict], list[str], list[str]]:
        """Load ``url`` in a fresh tab; returns its session, images, links and errors."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable", session=session)
        self.events.clear()
        navigation = self.call("Page.navigate", {"url": url}, session=session)
        assert "errorText" not in navigation, f"{url}: {navigation['errorText']}"
        self.wait_for("Page.loadEventFired", session)
        images = self.evaluate(IMAGES_JS, session)
        links = self.evaluate(LINKS_JS, session)
        time.sleep(0.3)  # late scripts (module scripts run after load) get to log their errors
        self.evaluate("1", session)  # flush pending events
        errors = [_describe(e) for e in self.events if e.get("sessionId") == session and _is_error(e)]
        self.call("Target.closeTarget", {"targetId": target})
        return session, images, links, errors

    @contextlib.contextmanager
    def page(self, url: str):
        """A fresh tab with ``url`` loaded; yields its session, closes the tab after."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        try:
            session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            self.call("Page.enable", session=session)
            self.call("Page.navigate", {"url": url}, session=session)
            self.wait_for("Page.loadEventFired", session)
            yield session
        finally:
            self.call("Target.closeTarget", {"targetId": target})

    def evaluate(self, expression: str, session: str):
        result = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                "returnByValue": True}, session=session)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        for fd in (self._commands, self._events):
            os.close(fd)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _read(self, deadline: float) -> dict:
        import select

        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._events], [], [], left)[0]:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._events, 1 << 20)
            if not chunk:
                raise RuntimeError(f"Chromium exited (code {self.process.poll()})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)


def _is_error(event: dict) -> bool:
    method, params = event.get("method"), event.get("params", {})
    if method == "Runtime.consoleAPICalled":
        return params.get("type") in ("error", "assert")
    if method == "Runtime.exceptionThrown":
        return True
    if method == "Log.entryAdded":
        return params.get("entry", {}).get("level") == "error"
    return False


def _describe(event: dict) -> str:
    params = event.get("params", {})
    if "entry" in params:
        return f"{params['entry'].get('source')}: {params['entry'].get('text')} {params['entry'].get('url', '')}"
    if "exceptionDetails" in params:
        details = params["exceptionDetails"]
        return f"exception: {details.get('exception', {}).get('description') or details.get('text')}"
    return "console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    sets = [make_set(root / "sets", "alpha", "Alpha coverage"), make_set(root / "sets", "beta", "Beta coverage"),
            make_set(root / "sets", "broken", "broken")]
    out = root / "reports"
    runs = run_batch(sets, notebook=REPORT, out=out, jobs=2, no_input=True, compare_notebook=COMPARE, progress=False)
    assert runs["status"].tolist() == ["ok", "ok", "failed"]
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    chromium = Browser(profile)
    yield chromium
    chromium.close()
    shutil.rmtree(profile, ignore_errors=True)


def test_index_and_every_linked_page_load_cleanly_in_chromium(reports, browser):
    index = (reports / "index.html").resolve().as_uri()
    _, images, links, errors = browser.open(index)
    assert errors == []
    assert images == []  # the index is text and links
    local = [link for link in links if link.startswith("file://")]
    assert len(local) == len(links), links  # nothing points to the network
    for link in local:
        assert Path(unquote(urlsplit(link).path)).exists(), f"broken link {link}"
    pages = sorted({link.split("#")[0] for link in local if urlsplit(link).path.endswith(".html")})
    names = [Path(unquote(urlsplit(p).path)).relative_to(reports.resolve()).as_posix() for p in pages]
    assert names == ["alpha/report.html", "beta/report.html", "broken/report.html", "compare_sets.html"]
    for page in pages:
        _, images, _, errors = browser.open(page)
        assert errors == [], page
        if not page.endswith("broken/report.html"):  # the broken set fails before its figure
            assert images, f"{page}: no figure"
        assert all(image["width"] > 0 for image in images), f"{page}: images not loaded: {images}"


def test_the_failing_cell_link_lands_on_the_error(reports, browser):
    url = (reports / "broken" / "report.html").resolve().as_uri() + "#papermill-error-cell"
    with browser.page(url) as session:
        text = browser.evaluate("document.getElementById('papermill-error-cell') ? document.body.innerText : ''",
                                session)
    assert "broken on purpose" in text


# Each payload marks the page if it ever runs; the report must show them as text instead.
PAYLOADS = ("<img src=x onerror=\"document.body.setAttribute('data-ran','img')\">",
            "<svg onload=\"document.body.setAttribute('data-ran','svg')\">",
            "<script>document.body.setAttribute('data-ran','script')</script>")


def test_user_strings_never_run_as_script_in_the_real_report(tmp_path, browser):
    folder = tmp_path / "sets" / "evil"
    folder.mkdir(parents=True)
    outlets = [f"Outlet {i} {payload}" for i, payload in enumerate(PAYLOADS)]
    (folder / "set.yaml").write_text(json.dumps({
        "title": f"Title {PAYLOADS[0]}", "description": f"Description {PAYLOADS[1]}",
        "research_question": f"Question {PAYLOADS[2]}", "group_by": "outlet",
        "outlets": {name: {"country": PAYLOADS[0], "leaning": PAYLOADS[2]} for name in outlets}}), encoding="utf-8")
    rows = [{"id": f"e{i}", "outlet": outlets[i % 3], "date": f"2024-10-{10 + i}", "title": PAYLOADS[i % 3],
             "text": f"Talks on energy security and cooperation went on. {PAYLOADS[i % 3]} Troops stayed home."}
            for i in range(9)]
    (folder / "articles.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    runs = run_batch([folder], notebook=REPORT_NOTEBOOK, out=tmp_path / "reports", jobs=1, no_input=True,
                     compare_notebook=COMPARE, parameters={"n_boot": 50}, progress=False)
    assert runs["status"].tolist() == ["ok"], runs["error"].tolist()
    for page in (tmp_path / "reports" / "evil" / "report.html", tmp_path / "reports" / "index.html"):
        with browser.page(page.resolve().as_uri()) as session:
            time.sleep(0.3)  # late handlers (onload, onerror) get their chance to run
            ran = browser.evaluate("document.body.getAttribute('data-ran')", session)
            text = browser.evaluate("document.body.innerText", session)
        assert ran is None, page
        assert "onerror=" in text, page  # the payload is shown as text
