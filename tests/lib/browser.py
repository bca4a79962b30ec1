# SPDX-License-Identifier: GPL-2.0-or-later
"""Debian's headless Chromium driven by Selenium (python3-selenium,
chromium-driver), for the web UI suites: a login, pages that say when they
are set up (body[data-ready]), screenshots, and the layout and label
checks that every page must pass at phone and desktop widths."""
import base64
import os
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

PHONE = (390, 844)
DESKTOP = (1280, 900)

# Elements that stick out of the viewport, and controls without a name a
# screen reader would read (label, aria-label, aria-labelledby, own text).
LAYOUT_JS = """
const W = document.documentElement.clientWidth;
const out = [];
const what = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '');
if (document.documentElement.scrollWidth > W)
    out.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + W);
for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0)
        continue;
    if (r.right > W + 0.5 || r.left < -0.5)
        out.push('overflows: ' + what(el) + ' spans ' + Math.round(r.left) + '..' +
                 Math.round(r.right) + ' of ' + W);
}
for (const el of document.querySelectorAll('input, select, textarea, button, a[href]')) {
    if (el.type === 'hidden')
        continue;
    let name = el.getAttribute('aria-label') || '';
    if (!name && el.labels)
        name = [...el.labels].map(l => l.textContent).join(' ');
    const by = el.getAttribute('aria-labelledby');
    if (!name && by)
        name = by.split(' ').map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
    if (!name && (el.tagName === 'BUTTON' || el.tagName === 'A'))
        name = el.textContent;
    if (!name.trim())
        out.push('no label: ' + what(el));
}
return out;
"""

# A 32x24 grey picture of the live image, drawn from the <img> itself.
SIGNATURE_JS = """
const img = document.getElementById('view');
if (!img || !img.naturalWidth)
    return null;
const c = document.createElement('canvas');
c.width = 32; c.height = 24;
const g = c.getContext('2d');
g.drawImage(img, 0, 0, 32, 24);
const d = g.getImageData(0, 0, 32, 24).data;
const out = [];
for (let i = 0; i < d.length; i += 4)
    out.push(Math.round((d[i] + d[i + 1] + d[i + 2]) / 3));
return out;
"""


class Browser:
    """One headless Chromium logged in to the camera at HOST:PORT."""

    def __init__(self, host, port, user, pwd, size=DESKTOP, tz="Etc/GMT-3"):
        opts = webdriver.ChromeOptions()
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--no-first-run", "--disable-extensions", "--disable-background-networking",
                  "--disable-sync", "--disable-component-update", "--hide-scrollbars",
                  "--window-size=%d,%d" % size):
            opts.add_argument(a)
        opts.binary_location = "/usr/bin/chromium"
        # a page is there at DOMContentLoaded: the live picture's endless
        # stream must not hold get() until its first frame
        opts.page_load_strategy = "eager"
        # the browser's time zone: what "take this computer's time" sends
        os.environ["TZ"] = tz
        self.d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        self.d.set_page_load_timeout(60)
        self.base = "http://%s:%d/" % (host, port)
        # the login: Basic credentials in the first URL, which Chromium
        # then sends for every request to the camera
        self.d.get("http://%s:%s@%s:%d/" % (user, pwd, host, port))
        self.wait_ready()

    def quit(self):
        self.d.quit()

    def wait(self, cond, timeout=20.0, step=0.1):
        """COND()'s first true value within TIMEOUT seconds, else None."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            v = cond()
            if v:
                return v
            time.sleep(step)
        return None

    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    def wait_ready(self, timeout=30.0):
        return self.wait(lambda: self.js("return document.body && document.body.dataset.ready"),
                         timeout)

    def open(self, page):
        self.d.get(self.base + page)
        return self.wait_ready()

    def size(self, wh):
        self.d.set_window_size(*wh)
        # the viewport, not the window, must have the width asked for
        inner = self.js("return [innerWidth, innerHeight]")
        self.d.set_window_size(2 * wh[0] - inner[0], 2 * wh[1] - inner[1])

    def find(self, css):
        return self.d.find_elements(By.CSS_SELECTOR, css)

    def one(self, css):
        return self.d.find_element(By.CSS_SELECTOR, css)

    def text(self, css):
        els = self.find(css)
        return els[0].text if els else None

    def message(self):
        return self.js("return document.getElementById('msg').textContent")

    def layout_problems(self):
        return self.js(LAYOUT_JS)

    def signature(self):
        return self.js(SIGNATURE_JS)

    def shot(self, path):
        """The whole page, not only what the viewport shows, as PNG."""
        os.makedirs(os.path.dirname(path), exist_ok=True)
        size = self.d.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        png = self.d.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"],
                     "scale": 1}})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(png))
