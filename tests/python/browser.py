"""Opening a page in a real browser (Debian's Chromium through ChromeDriver, headless) and reporting
what a person would meet: console errors, requests to anything but local files, charts that did
not render, the text shown; and a screenshot."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,2000",
)


@dataclass
class PageInspection:
    console_errors: list[str]
    network_requests: list[str]
    charts: int
    charts_rendered: int
    chart_marks: list[int]
    text: str


@contextmanager
def browser() -> Iterator[webdriver.Chrome]:
    assert Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists(), (
        "Chromium and ChromeDriver are needed: run scripts/install-browser"
    )
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def _log(driver: webdriver.Chrome, kind: str) -> list[dict[str, Any]]:
    """The browser's log of `kind` since the last call (selenium's get_log is untyped)."""
    entries: list[dict[str, Any]] = driver.get_log(kind)  # type: ignore[no-untyped-call]
    return entries


def inspect(driver: webdriver.Chrome, page: Path, screenshot: Path | None = None) -> PageInspection:
    _log(driver, "browser")
    _log(driver, "performance")
    driver.get(page.resolve().as_uri())
    console = [entry["message"] for entry in _log(driver, "browser") if entry["level"] == "SEVERE"]
    requests = []
    for entry in _log(driver, "performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith(("file://", "data:", "about:")):
                requests.append(url)
    charts = driver.find_elements(By.CSS_SELECTOR, ".chart")
    rendered = [chart for chart in charts if chart.get_attribute("data-rendered") == "true"]
    marks = [len(chart.find_elements(By.CSS_SELECTOR, "svg .mark")) for chart in charts]
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1400, min(int(height) + 100, 12000))
        driver.save_screenshot(str(screenshot))
        driver.set_window_size(1400, 2000)
    text = driver.find_element(By.TAG_NAME, "body").text
    return PageInspection(console, requests, len(charts), len(rendered), marks, text)
