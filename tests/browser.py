"""Open a graphkit HTML view in headless Chromium with the network shut off (tests, benchmarks, screenshots).

Test tooling, not part of the package: the browser tests import it from here, the benchmarks put
``tests/`` on their path first.

Needs the ``playwright`` package (the ``test`` extra) and a Chromium binary: Debian's
``/usr/bin/chromium`` by default, another one through ``GRAPHKIT_CHROMIUM``. Playwright never
downloads a browser here. Every request other than the page itself is aborted and recorded, so a
page that tries to reach a CDN is caught rather than silently served.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CHROMIUM",
    "LAUNCH_ARGS",
    "PageReport",
    "offline_page",
    "open_view",
    "png_pixels",
    "screenshot",
]

CHROMIUM = os.environ.get("GRAPHKIT_CHROMIUM", "/usr/bin/chromium")
#: Flags that keep Chromium itself from phoning home, so any request seen comes from the page.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


@dataclass
class PageReport:
    """What happened while a page was open: blocked requests, console errors, page errors, dialogs."""

    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    load_seconds: float | None = None
    settle_ms: float | None = None


@contextlib.contextmanager
def offline_page(
    width: int = 1400, height: int = 900, headless: bool = True
) -> Iterator[tuple[Any, PageReport]]:
    """Yield a Playwright page of a fresh, offline Chromium and the report of what it saw.

    Only ``file:`` and ``data:``/``blob:`` URLs may load; every other request is aborted and listed in
    ``report.blocked``. Dialogs (``alert`` ...) are dismissed and listed in ``report.dialogs``.
    """
    from playwright.sync_api import sync_playwright

    report = PageReport()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=headless)
        try:
            context = browser.new_context(viewport={"width": width, "height": height}, offline=True)
            page = context.new_page()

            def route(r: Any) -> None:
                url = r.request.url
                if url.startswith(("file:", "data:", "blob:")):
                    r.continue_()
                else:
                    report.blocked.append(url)
                    r.abort()

            def on_dialog(dialog: Any) -> None:
                report.dialogs.append(f"{dialog.type}: {dialog.message}")
                dialog.dismiss()

            context.route("**/*", route)
            page.on("console", lambda m: m.type == "error" and report.console_errors.append(m.text))
            page.on("pageerror", lambda e: report.page_errors.append(str(e)))
            page.on("dialog", on_dialog)
            # requests that bypass routing (e.g. a service worker) still show up here
            page.on(
                "request",
                lambda r: (
                    None
                    if r.url.startswith(("file:", "data:", "blob:")) or r.url in report.blocked
                    else report.blocked.append(r.url)
                ),
            )
            yield page, report
        finally:
            browser.close()


def open_view(
    page: Any, report: PageReport, html_path: str | os.PathLike[str], timeout: float = 60
) -> PageReport:
    """Load a view in ``page`` and wait until its layout has settled (physics off).

    Sets ``report.load_seconds`` (wall clock from navigation to settled, as seen from Python) and
    ``report.settle_ms`` (the page's own ``performance.now()`` when it settled).
    """
    url = Path(html_path).resolve().as_uri()
    start = time.perf_counter()
    page.goto(url, wait_until="load", timeout=timeout * 1000)
    # a selector, not wait_for_function: the page's CSP forbids the eval that the latter needs
    page.wait_for_selector("body[data-settled=true]", state="attached", timeout=timeout * 1000)
    report.load_seconds = time.perf_counter() - start
    report.settle_ms = page.evaluate("() => window.graphkit.settledAt")
    return report


def screenshot(
    html_path: str | os.PathLike[str],
    png_path: str | os.PathLike[str],
    *,
    width: int = 1400,
    height: int = 900,
    search: str | None = None,
    timeout: float = 120,
) -> Path:
    """Save a PNG of a view once its layout has settled (for the README), offline.

    Parameters
    ----------
    html_path, png_path : path
    width, height : int
        Viewport size in CSS pixels.
    search : str, optional
        Type this into the search box and open the first match (shows the highlight and details).

    Returns
    -------
    Path
        ``png_path`` (``benchmarks/screenshot_view.py`` is the command line for it).
    """
    target = Path(png_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with offline_page(width, height) as (page, report):
        open_view(page, report, html_path, timeout=timeout)
        if search:
            page.fill("#gk-search", search)
            page.press("#gk-search", "Enter")
            page.wait_for_timeout(600)  # the focus animation
        page.screenshot(path=str(target))
    problems = report.blocked + report.console_errors + report.page_errors
    if problems:
        raise RuntimeError(f"the page misbehaved while being captured: {problems}")
    return target


def png_pixels(png: bytes) -> tuple[int, int, list[list[tuple[int, int, int]]]]:
    """Decode an 8-bit RGB or RGBA PNG (what Chromium's screenshots are) into rows of RGB pixels.

    No imaging library is needed: PNG is zlib-compressed scanlines, each behind a filter byte.

    Returns
    -------
    (width, height, rows)
    """
    import struct
    import zlib

    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], None
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, f"unsupported PNG: {header}"
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows: list[list[tuple[int, int, int]]] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + guess) & 0xFF
        rows.append([tuple(line[x * channels : x * channels + 3]) for x in range(width)])
        previous = line
    return width, height, rows


def assert_apart(boxes: list[dict[str, Any]]) -> None:
    """Fail unless no two of these boxes (``left``, ``top``, ``width``, ``height``) overlap."""
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["left"] + a["width"] <= b["left"]
                or b["left"] + b["width"] <= a["left"]
                or a["top"] + a["height"] <= b["top"]
                or b["top"] + b["height"] <= a["top"]
            )
            assert apart, (a["label"], b["label"])
