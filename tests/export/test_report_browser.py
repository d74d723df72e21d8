"""report.html and diff.html in headless Chromium (Debian's ``chromium``; .ci/run installs it): the filters in the
address hide the other rows, every fact is a mark in the rendered DOM, and a screenshot is kept in
build/test-artifacts/ as the run's artefact."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.run import extract_folder

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)")]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,1000"]


def _chromium(*args: str) -> str:
    done = subprocess.run([CHROMIUM, *FLAGS, *args], capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    extract_folder(REPO / "corpus" / "demo", out, progress=False)
    return out / "report.html"


def test_filters_in_the_address_hide_the_other_rows(report):
    dom = _chromium("--dump-dom", f"{report.as_uri()}#endpoint=hr")
    rows = re.findall(r'<tr id="f\d+" data-endpoint="(\w+)"[^>]*?(class="hidden")?>', dom)
    assert rows and all((endpoint == "hr") != bool(hidden) for endpoint, hidden in rows)
    shown = int(re.search(r'id="shown">(\d+)<', dom).group(1))
    assert shown == sum(endpoint == "hr" for endpoint, _ in rows)


def test_every_fact_row_has_its_mark_in_the_rendered_page(report):
    dom = _chromium("--dump-dom", report.as_uri())
    rows = set(re.findall(r'<tr id="(f\d+)"', dom))
    marked = {f for ids in re.findall(r'<mark [^>]*data-facts="([^"]+)"', dom) for f in ids.split()}
    assert rows and rows == marked


def test_screenshot_is_kept_as_an_artefact(report):
    artefacts = REPO / "build" / "test-artifacts"
    artefacts.mkdir(parents=True, exist_ok=True)
    shot = artefacts / "report.png"
    _chromium(f"--screenshot={shot}", f"{report.as_uri()}#review=1")
    assert shot.stat().st_size > 10_000


def test_gold_colouring_marks_every_row_and_shows_the_missed_facts(report):
    from pipeline.cli import main

    run = report.parent
    assert main(["report", str(run), "--papers", str(REPO / "corpus" / "demo"),
                 "--gold", str(REPO / "corpus" / "demo_gold")]) == 0
    dom = _chromium("--dump-dom", report.as_uri())
    judged = re.findall(r'<tr id="f\d+"[^>]*data-gold="(\w+)"', dom)
    assert judged and set(judged) <= {"tp", "value", "fp"} and "tp" in judged
    missed = int(re.search(r"missed: (\d+)", dom).group(1))
    assert len(re.findall(r'<li class="g-fn">', dom)) == missed


@pytest.fixture(scope="module")
def diff_page(report, tmp_path_factory) -> Path:
    """diff.html of the demo run against a copy with every third row removed and one value changed."""
    from pipeline.cli import main
    from pipeline.table import read_results, write_csv_atomic

    before = read_results(report.parent / "results.csv")
    after = before.drop(index=before.index[::3]).copy()
    after.loc[after.index[0], "value"] = "99"
    out = tmp_path_factory.mktemp("after")
    write_csv_atomic(after, out / "results.csv")
    assert main(["diff", str(report.parent), str(out), "--gold", str(REPO / "corpus" / "demo_gold")]) == 0
    return out / "diff.html"


def test_diff_page_filters_by_gold_effect_from_the_address(diff_page):
    dom = _chromium("--dump-dom", f"{diff_page.as_uri()}#effect=broke")
    rows = re.findall(r'<tr id="c\d+" class="([^"]*)" data-kind="\w+" data-effect="([\w+]*)"', dom)
    assert rows and any(effect == "broke" for _, effect in rows)
    assert all(("hidden" in css) == (effect != "broke") for css, effect in rows)
    assert int(re.search(r'id="shown">(\d+)<', dom).group(1)) == sum(effect == "broke" for _, effect in rows)


def test_diff_page_shows_scores_and_highlights_the_changed_values(diff_page):
    dom = _chromium("--dump-dom", diff_page.as_uri())
    assert re.search(r'<table id="scores">.*micro.*attributed', dom, re.S)
    assert "fixed" in dom and dom.count("<mark>") >= dom.count('<tr id="c')
