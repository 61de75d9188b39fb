"""Reports in a real headless Chromium: readable at a phone's and a desktop's width, and printable."""

from __future__ import annotations

import html
import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from conftest import cli

pytestmark = pytest.mark.slow

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
PAGES = ("2023-Q3", "2024-Q4", "all", "index", "catalog", "agreement-vm-consultations", "person-kishida-fumio")
MEASURE = (Path(__file__).parent / "measure_page.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def chromium():
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.fail("Debian's chromium is required for the browser tests: apt-get install -y chromium (.ci/run does this)")
    return binary


@pytest.fixture
def site(project: Path) -> Path:
    for command in ("report", "docs"):
        result = cli(project, command)
        assert result.returncode == 0, result.stderr
    return project / "site"


def run_chromium(chromium: str, profile: Path, *args: str) -> str:
    result = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120, check=True)
    return result.stdout


def measure(chromium: str, page: Path, width: int, scratch: Path) -> dict:
    """Lay the page out at `width` CSS pixels and measure its text (tests/measure_page.js)."""
    measured = scratch / page.name
    measured.write_text(page.read_text(encoding="utf-8").replace("</body>", f"<script>{MEASURE}</script></body>"), encoding="utf-8")
    dom = run_chromium(chromium, scratch / "profile", f"--window-size={width},900", "--dump-dom", measured.as_uri())
    found = re.search(r'data-measure="([^"]*)"', dom)
    assert found, f"{page.name}: the measuring script did not run"
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.parametrize("width", [390, 1280])
def test_every_page_reads_at_phone_and_desktop_width(chromium, site, tmp_path, width):
    for name in PAGES:
        result = measure(chromium, site / f"{name}.html", width, tmp_path)
        assert result["problems"] == [], (name, width)
        assert result["smallest"] >= 9, (name, width, result["smallest"])
        assert result["overflow"] <= 0, f"{name} scrolls sideways by {result['overflow']} px at {width} px"


def test_the_measure_finds_small_and_cut_text(chromium, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<html><body style="margin:0"><p style="font-size:7px">tiny</p>'
        '<svg viewBox="0 0 100 20" width="100" height="20"><text x="60" y="14" style="font: 11px Arial">a label cut by the chart</text></svg>'
        '<p style="white-space:nowrap">' + "wide " * 200 + "</p></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "scratch").mkdir()
    result = measure(chromium, page, 390, tmp_path / "scratch")
    assert result["smallest"] == 7
    assert "7.0 px text: tiny" in result["problems"]
    assert "cut by its chart: a label cut by the chart" in result["problems"]
    assert result["overflow"] > 0


def test_a_printed_page_keeps_every_chart_table_and_the_footer(chromium, site, tmp_path):
    pypdf = pytest.importorskip("pypdf", reason="pypdf comes with the test extra: pip install -e '.[test]'")
    pdf = tmp_path / "2023-Q3.pdf"
    run_chromium(chromium, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", (site / "2023-Q3.html").as_uri())
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(pdf).pages)
    assert "Month from" in text and "Download the data (CSV)" in text, "the charts' table versions are printed"
    assert "Generated at" in text and "rpt_period_summary" in text and "fingerprint" in text, "the footer and its versions are printed"


def test_a_screenshot_is_the_page_not_a_blank(chromium, site, tmp_path):
    shot = tmp_path / "2024-Q4.png"
    run_chromium(chromium, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,1600", (site / "2024-Q4.html").as_uri())
    width, height, colours = png_size_and_colours(shot)
    assert (width, height) == (1200, 1600)
    assert colours > 50, "the page rendered blank"


def png_size_and_colours(path: Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values in the decoded pixel rows."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat, offset = b"", 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind == b"IDAT":
            idat += data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    return width, height, len(set(zlib.decompress(idat)))
