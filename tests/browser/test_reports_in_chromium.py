"""The demo's reports and disclosures in a real browser (headless Chromium from Debian).

For each page: no console error or page error, no broken image, nothing wider
than the window (at desktop and tablet widths), the summary on the first
screen, and for Chinese pages text drawn with a CJK font (not boxes). The
screenshots go to ``$DFGOV_SCREENSHOTS`` (default ``artifacts/screenshots``),
which CI keeps as artifacts.

Playwright's Python package drives the system Chromium (``executable_path``);
it downloads no browser. Without Chromium the tests skip, unless
``DFGOV_REQUIRE_BROWSER=1`` (set by ``.ci/run``) makes that a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dfgov.render._pdf import CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "report.en": "report.html",
    "report.zh-CN": "report.zh-CN.html",
    "disclosure.en": "disclosure.en.html",
    "disclosure.zh-CN": "disclosure.zh-CN.html",
}
WIDTHS = (1280, 768)
FIRST_SCREEN = 900
CJK_FONTS = ("Noto Sans CJK", "Noto Serif CJK", "Source Han", "PingFang", "Microsoft YaHei",
             "WenQuanYi", "Droid Sans Fallback", "AR PL")


def _chromium() -> str | None:
    from dfgov.errors import MissingProgramError
    from dfgov.render._pdf import find_chromium

    try:
        return find_chromium()
    except MissingProgramError:
        return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = _chromium()
    if exe is None:
        if os.environ.get("DFGOV_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (DFGOV_REQUIRE_BROWSER=1) but was not found.")
        pytest.skip("Chromium is not installed (apt-get install chromium fonts-noto-cjk).")
    from playwright.sync_api import sync_playwright

    args = [a for a in CHROMIUM_FLAGS if a != "--headless"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=args, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots() -> Path:
    out = Path(os.environ.get("DFGOV_SCREENSHOTS", ROOT / "artifacts" / "screenshots"))
    out.mkdir(parents=True, exist_ok=True)
    return out


# Elements wider than the window, outside any element that scrolls or clips them.
OVERFLOW_JS = """() => {
  const w = document.documentElement.clientWidth;
  const contained = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 1 && !contained(el)) {
      out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
               + ' right=' + Math.round(r.right));
    }
  }
  return {page: document.documentElement.scrollWidth, window: w, elements: out.slice(0, 10)};
}"""

# Table headers of two or more characters that wrap onto more lines than they have words
# (the "one character per line" failure of narrow Chinese headers).
WRAPPED_HEADERS_JS = r"""() => Array.from(document.querySelectorAll('th')).filter(th => {
  const text = th.innerText.trim();
  if (text.length < 2) return false;
  const lh = parseFloat(getComputedStyle(th).lineHeight) || 20;
  const range = document.createRange();
  range.selectNodeContents(th);
  const lines = Math.round(range.getBoundingClientRect().height / lh);
  return lines > Math.max(1, text.split(/\s+/).length);
}).map(th => th.innerText.trim()).slice(0, 10)"""

BROKEN_IMAGES_JS = """() => Array.from(document.images)
  .filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt || i.src.slice(0, 40))"""

# Draw glyphs with the font the page uses for its heading: a missing glyph (a box)
# looks the same for every character and like an unassigned code point.
GLYPHS_JS = """(sel) => {
  const font = getComputedStyle(document.querySelector(sel)).fontFamily;
  const c = document.createElement('canvas'); c.width = 64; c.height = 64;
  const ctx = c.getContext('2d');
  const draw = (ch) => { ctx.clearRect(0, 0, 64, 64); ctx.fillStyle = '#000';
    ctx.font = '48px ' + font; ctx.fillText(ch, 4, 52);
    return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(','); };
  return {a: draw('模'), b: draw('型'), missing: draw('\\u0378'), font: font};
}"""


def _platform_fonts(page: Any, selector: str) -> list[str]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [f["familyName"] for f in fonts if f.get("glyphCount", 0) > 0]


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_cleanly(name: str, browser: Any, demo_dir: Path, shots: Path) -> None:
    path = demo_dir / PAGES[name]
    assert path.is_file(), f"dfgov demo did not write {PAGES[name]}"
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": FIRST_SCREEN})
        problems: list[str] = []
        page.on("console", lambda m, p=problems: p.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "assert") else None)
        page.on("pageerror", lambda e, p=problems: p.append(f"page error: {e}"))
        page.on("requestfailed", lambda r, p=problems: p.append(f"request failed: {r.url[:60]}"))
        page.goto(path.as_uri(), wait_until="load")
        assert not problems, f"{name} at {width}px: {problems}"
        assert page.evaluate(BROKEN_IMAGES_JS) == [], f"{name}: broken images"
        over = page.evaluate(OVERFLOW_JS)
        assert over["page"] <= over["window"] and not over["elements"], \
            f"{name} at {width}px overflows the page width: {over}"
        assert page.evaluate(WRAPPED_HEADERS_JS) == [], f"{name} at {width}px: headers wrap"
        page.screenshot(path=str(shots / f"{name}.{width}.png"))
        if width == WIDTHS[0]:
            page.screenshot(path=str(shots / f"{name}.full.png"), full_page=True)
        if name.startswith("report") and width == WIDTHS[0]:
            box = page.locator(".verdict").bounding_box()
            tiles = page.locator(".tiles").bounding_box()
            assert box is not None and tiles is not None
            assert box["y"] + box["height"] <= FIRST_SCREEN, "verdict below the first screen"
            assert tiles["y"] < FIRST_SCREEN, "area tiles below the first screen"
        if name.endswith("zh-CN"):
            fonts = _platform_fonts(page, "h1")
            assert any(f.startswith(CJK_FONTS) for f in fonts), \
                f"{name}: the heading is not drawn with a CJK font: {fonts}"
            glyphs = page.evaluate(GLYPHS_JS, "h1")
            assert glyphs["a"] != glyphs["b"], f"{name}: CJK glyphs look alike (boxes?)"
            assert glyphs["missing"] not in (glyphs["a"], glyphs["b"]), \
                f"{name}: CJK text draws as missing-glyph boxes with {glyphs['font']}"
        page.close()


def test_report_charts_are_drawn(browser: Any, demo_dir: Path) -> None:
    """Every chart of the demo report loads as an image of a sensible size."""
    page = browser.new_page(viewport={"width": 1280, "height": FIRST_SCREEN})
    page.goto((demo_dir / "report.zh-CN.html").as_uri(), wait_until="load")
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('figure img'))
        .map(i => [i.naturalWidth, i.naturalHeight])""")
    # fairness x2, importance, waterfall, ROC, calibration, PSI
    assert len(sizes) == 7, sizes
    assert all(w >= 300 and h >= 150 for w, h in sizes), sizes
    page.close()
