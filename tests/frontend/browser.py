"""Headless Chromium driven over the DevTools protocol, with no driver to install.

`Browser` starts Debian's chromium with a throw-away profile and remote debugging on a free
loopback port (it writes the port to DevToolsActivePort in the profile); `Page` speaks the
protocol over a WebSocket (the `websockets` package uvicorn already brings). Nothing here
sleeps for a fixed time: `Page.wait_for` hands the browser a JavaScript condition and a
promise that settles when a DOM change makes it true (a MutationObserver), so a test waits
exactly as long as the page takes, up to a deadline that only bounds a failure.
"""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from websockets.sync.client import ClientConnection, connect

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# No network but the pages' own (no updates, no sync, no safe-browsing look-ups).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--lang=en-US",
    "--hide-scrollbars",
]
START_TIMEOUT_S = 60.0
WAIT_TIMEOUT_S = 60.0

# Collected in the page before any of its scripts run: CSP violations and uncaught errors.
RECORDER = """
window.__violations = [];
window.__errors = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || e.sample)));
window.addEventListener("error", (e) => window.__errors.push(String(e.message)));
window.addEventListener("unhandledrejection", (e) => window.__errors.push(String(e.reason)));
"""

# Resolves when `condition` (an expression) is truthy, re-checked on every DOM change.
WAITER = """
new Promise((resolve) => {
  const check = () => {
    let value;
    try { value = (CONDITION); } catch (error) { value = undefined; }
    if (value) { observer.disconnect(); resolve(value); return true; }
    return false;
  };
  const observer = new MutationObserver(check);
  const all = {subtree: true, childList: true, attributes: true, characterData: true};
  if (!check()) observer.observe(document, all);
})
"""


class BrowserError(AssertionError):
    pass


class Page:
    """One tab. `events` keeps every protocol event received (network requests among them)."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []
        self.handlers: dict[str, Callable[[dict[str, Any]], None]] = {}

    def on(self, event: str, handler: Callable[[dict[str, Any]], None]) -> None:
        """Call `handler(params)` for each `event` (while any command awaits its answer)."""
        self.handlers[event] = handler

    def post(self, method: str, **params: Any) -> None:
        """A command whose answer nobody waits for (an event handler's reply)."""
        self.socket.send(json.dumps({"id": next(self.ids), "method": method, "params": params}))

    def _event(self, message: dict[str, Any]) -> None:
        self.events.append(message)
        handler = self.handlers.get(message["method"])
        if handler is not None:
            handler(message.get("params", {}))

    def _receive(
        self, done: Callable[[dict[str, Any]], bool], what: str, timeout_s: float
    ) -> dict[str, Any]:
        """Read messages (handling events) until one for which `done` is true."""
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"{what}: nothing within {timeout_s:.0f} s")
            message: dict[str, Any] = json.loads(self.socket.recv(timeout=left))
            if "method" in message:
                self._event(message)
            if done(message):
                return message

    def send(self, method: str, timeout_s: float = WAIT_TIMEOUT_S, **params: Any) -> Any:
        message_id = next(self.ids)
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        answer = self._receive(lambda message: message.get("id") == message_id, method, timeout_s)
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def _until_event(self, name: str, timeout_s: float) -> dict[str, Any]:
        return self._receive(lambda message: message.get("method") == name, name, timeout_s)

    def goto(self, url: str, timeout_s: float = WAIT_TIMEOUT_S) -> None:
        """Load `url` and wait for its load event (scripts have run; fetches may not be done)."""
        self.events.clear()
        self.send("Page.navigate", url=url)
        self._until_event("Page.loadEventFired", timeout_s)

    def evaluate(self, expression: str, timeout_s: float = WAIT_TIMEOUT_S) -> Any:
        result = self.send(
            "Runtime.evaluate",
            timeout_s=timeout_s,
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, condition: str, timeout_s: float = WAIT_TIMEOUT_S) -> Any:
        """The value of `condition` once it is truthy (a failure after `timeout_s`)."""
        try:
            return self.evaluate(WAITER.replace("CONDITION", condition), timeout_s)
        except (BrowserError, TimeoutError) as error:
            state = self.evaluate("document.body ? document.body.dataset.state : null", 10)
            raise BrowserError(
                f"not true within {timeout_s:.0f} s: {condition} ({state})"
            ) from error

    def wait_ready(self, timeout_s: float = WAIT_TIMEOUT_S) -> str:
        """The page's state once its view finished loading: "ready" or "error"."""
        state: str = self.wait_for(
            "['ready', 'error'].find((state) => state === document.body.dataset.state)", timeout_s
        )
        return state

    def text(self, selector: str) -> str:
        value = self.evaluate(
            f"(document.querySelector({json.dumps(selector)}) || {{}}).textContent ?? null"
        )
        if value is None:
            raise BrowserError(f"no element matches {selector}")
        return str(value)

    def texts(self, selector: str) -> list[str]:
        found: list[str] = self.evaluate(
            f"[...document.querySelectorAll({json.dumps(selector)})].map((e) => e.textContent)"
        )
        return found

    def attribute(self, selector: str, name: str) -> str | None:
        found = f"document.querySelector({json.dumps(selector)})"
        value: str | None = self.evaluate(f"{found}?.getAttribute({json.dumps(name)}) ?? null")
        return value

    def data(self, selector: str, key: str) -> list[str]:
        """`dataset[key]` of every element `selector` matches, in document order."""
        found: list[str] = self.evaluate(
            f"[...document.querySelectorAll({json.dumps(selector)})]"
            f".map((e) => e.dataset[{json.dumps(key)}])"
        )
        return found

    def click(self, selector: str) -> None:
        found = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " if (!e) return false; e.click(); return true; })()"
        )
        if not found:
            raise BrowserError(f"nothing to click: {selector}")

    def press(self, key: str, code: str | None = None, key_code: int = 0) -> None:
        """A real key press (keyDown, char when printable, keyUp) on the focused element."""
        params = {"key": key, "code": code or key, "windowsVirtualKeyCode": key_code}
        self.send("Input.dispatchKeyEvent", type="rawKeyDown", **params)
        if len(key) == 1 or key == "Enter":
            self.send("Input.dispatchKeyEvent", type="char", text="\r" if key == "Enter" else key)
        self.send("Input.dispatchKeyEvent", type="keyUp", **params)

    def screenshot(self, path: Path) -> Path:
        shot = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def viewport(self, width: int, height: int, *, mobile: bool = False) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=2 if mobile else 1,
            mobile=mobile,
        )

    def requests(self) -> list[dict[str, Any]]:
        """Every request the page made since the last goto, as the network saw it."""
        return [
            event["params"]["request"]
            for event in self.events
            if event["method"] == "Network.requestWillBeSent"
        ]

    def problems(self) -> dict[str, list[str]]:
        """CSP violations and uncaught errors the page met (both should stay empty)."""
        found: dict[str, list[str]] = self.evaluate(
            "({violations: window.__violations || [], errors: window.__errors || []})"
        )
        return found


class Browser:
    def __init__(self, profile: Path, log: Path) -> None:
        assert CHROMIUM is not None, "chromium is not installed"
        self.profile = profile
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        self.endpoint = self._endpoint()

    def _endpoint(self) -> str:
        """http://127.0.0.1:PORT, from the port file chromium writes once it listens."""
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BrowserError(f"chromium exited with {self.process.returncode}")
            lines = port_file.read_text().split() if port_file.exists() else []
            if lines:
                return f"http://127.0.0.1:{lines[0]}"
            time.sleep(0.05)
        raise BrowserError(f"chromium did not listen within {START_TIMEOUT_S:.0f} s")

    @contextmanager
    def page(self, width: int = 1280, height: int = 900, *, mobile: bool = False) -> Iterator[Page]:
        target = httpx.put(f"{self.endpoint}/json/new?about:blank", timeout=30).json()
        with connect(target["webSocketDebuggerUrl"], max_size=None, open_timeout=30) as socket:
            page = Page(socket)
            for domain in ("Page", "Runtime", "Network"):
                page.send(f"{domain}.enable")
            page.send("Page.addScriptToEvaluateOnNewDocument", source=RECORDER)
            page.viewport(width, height, mobile=mobile)
            try:
                yield page
            finally:
                httpx.get(f"{self.endpoint}/json/close/{target['id']}", timeout=30)

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
