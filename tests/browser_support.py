"""Shared pieces for tests that drive Debian's Chromium with Playwright.

- ``chromium_path()``: the browser, or a skip (a failure when MODEL_ATLAS_REQUIRE_BROWSER
  is set, as in CI: browser tests must run there, never skip silently).
- ``serve(folder)``: a static HTTP server on 127.0.0.1 for a built site.
- ``RequestLog``: every request a page makes, to assert none leaves the site.
- ``launch(playwright)``: Chromium with the flags this machine needs (no sandbox as root,
  no background networking, which the closed network would refuse).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-file-access-from-files",
]


def chromium_path() -> str:
    """Path to Chromium; skips the test (fails under MODEL_ATLAS_REQUIRE_BROWSER) when absent."""
    # Debian's package (this project's CI), Ubuntu's name, or the Chrome GitHub's runners carry.
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found:
        return found
    message = "Chromium is not installed (apt-get install chromium fonts-noto-cjk); browser tests need it"
    if os.environ.get("MODEL_ATLAS_REQUIRE_BROWSER"):
        pytest.fail(message + " and MODEL_ATLAS_REQUIRE_BROWSER is set")
    pytest.skip(message)


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on an ephemeral localhost port; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class RequestLog:
    """Records every request of a page (or context) and which ones leave ``base``."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.urls: list[str] = []

    def attach(self, target: Any) -> RequestLog:
        target.on("request", lambda request: self.urls.append(request.url))
        return self

    def external(self) -> list[str]:
        """Requests to any other host or scheme (data: and blob: URLs stay in the page)."""
        base = urlparse(self.base)
        out = []
        for url in self.urls:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about"):
                continue
            if base.scheme == "file":
                if parsed.scheme != "file":
                    out.append(url)
            elif (parsed.scheme, parsed.netloc) != (base.scheme, base.netloc):
                out.append(url)
        return out
