"""End to end over documents: the offsets invariant and the issue's acceptance facts on the seeds."""
from pathlib import Path

import pytest

from pipeline.extract import extract_document
from pipeline.readers import iter_paths, read_document
from pipeline.types import Document

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / ".." / "shared" / "corpus" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not available")


def _facts(path: Path):
    doc = read_document(path)
    return doc, extract_document(doc)


@pytest.mark.parametrize("path", iter_paths(ROOT / "corpus" / "demo"), ids=lambda p: p.name)
def test_demo_offsets_point_at_raw(path):
    doc, facts = _facts(path)
    assert facts
    for f in facts:
        assert doc.text[f.stat.start : f.stat.end] == f.stat.raw


def test_hidden_sections_yield_no_facts():
    text = "Copyright 2025 by 99 patients. Body: the ORR was 20% in 40 patients."
    from pipeline.types import Section

    doc = Document(doc_id="d", text=text, sections=(Section(name="boilerplate", start=0, end=30),))
    assert sorted(f.stat.value for f in extract_document(doc)) == [20.0, 40.0]


@pytest.fixture(scope="module")
def seed_facts():
    return {p.stem[:3]: _facts(p) for p in sorted(SEEDS.glob("*.txt"))}


def _table(facts):
    """(endpoint, arm, subgroup, value) with "" for the whole cohort and the main analysis, as the table writes them."""
    return {(f.endpoint, f.arm or "", f.subgroup or "", None if f.stat.value is None else round(f.stat.value, 2)) for f in facts}


@pytest.mark.slow
@needs_seeds
def test_seed_offsets_point_at_raw(seed_facts):
    for doc, facts in seed_facts.values():
        for f in facts:
            assert doc.text[f.stat.start : f.stat.end] == f.stat.raw


@pytest.mark.slow
@needs_seeds
def test_seed_003_two_arm_gastric_study(seed_facts):
    _, facts = seed_facts["003"]
    got = _table(facts)
    rechallenge, chemo = "immunotherapy rechallenge", "chemotherapy"
    expected = {
        ("n", "", "", 83.0), ("n", rechallenge, "", 49.0), ("n", chemo, "", 34.0),
        ("orr", rechallenge, "", 30.6), ("orr", chemo, "", 6.0), ("dcr", rechallenge, "", 83.7), ("dcr", chemo, "", 38.3),
        ("pfs_median", rechallenge, "", 4.57), ("pfs_median", chemo, "", 2.2),
        ("os_median", rechallenge, "", 12.4), ("os_median", chemo, "", 5.33),
        ("pfs_median", rechallenge, "CPS >= 1", 4.83), ("pfs_median", chemo, "CPS >= 1", 2.2),
        ("os_median", rechallenge, "CPS >= 1", 12.6), ("os_median", chemo, "CPS >= 1", 7.13),
        ("trae_grade3", rechallenge, "", 26.5), ("trae_grade3", chemo, "", 35.3),
    }
    assert expected <= got, expected - got
    assert {f.tumor for f in facts} == {"gastric cancer"}


@pytest.mark.slow
@needs_seeds
def test_seed_004_hazard_ratios_carry_ci_and_p(seed_facts):
    _, facts = seed_facts["004"]
    hrs = {(f.outcome, f.stat.value, f.stat.ci_low, f.stat.ci_high, f.stat.p_value, f.arm) for f in facts if f.endpoint == "hr"}
    assert hrs == {("pfs", 0.46, 0.32, 0.69, "<0.001", "combination group"), ("os", 0.58, 0.35, 0.96, "0.042", "combination group")}


@pytest.mark.slow
@needs_seeds
def test_seed_001_cited_studies_carry_their_first_author(seed_facts):
    _, facts = seed_facts["001"]
    studies = {f.study for f in facts}
    assert {"Gobbini", "Yan", "Hong", "Jiang", "Feng", "Xu"} <= studies
    assert all(f.study for f in facts), [f.stat.raw for f in facts if not f.study]


MATSUSHITA = ROOT / ".." / "shared" / "pdfs" / "matsushita2015_annsurgoncol_esophageal_ctc.pdf"


@pytest.mark.slow
@pytest.mark.skipif(not MATSUSHITA.exists(), reason="../shared/pdfs is not available")
def test_matsushita_cox_table_gives_factor_hazard_ratios():
    doc, facts = _facts(MATSUSHITA)
    hrs = {(f.subgroup, f.stat.value, f.stat.ci_low, f.stat.ci_high, f.stat.p_value) for f in facts if f.endpoint == "hr"}
    # univariate and multivariate HRs of a factor share its subgroup (annotations/README.md)
    assert ("CTC before treatment (p vs. n)", 2.91, 1.44, 5.8, "0.003") in hrs
    assert ("CTC before treatment (p vs. n)", 2.56, 1.15, 5.68, "0.021") in hrs
    assert ("cM factor (cM1 vs. cM0)", 5.68, 2.72, 12.06, "<0.0001") in hrs
    assert all(f.page for f in facts)
