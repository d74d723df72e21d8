"""Conversion of the public annotated corpora into contract gold (pipeline/evaluate/external.py)."""
from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import pytest

from pipeline.evaluate import external as ext

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def span(text: str, piece: str, kind: str, nth: int = 0) -> dict:
    """A corpus span over the ``nth`` occurrence of ``piece`` (ruta key names)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return {"type": kind, "begin": start, "end": start + len(piece), "text": piece}


def entity(text: str, piece: str, label: str, nth: int = 0) -> dict:
    s = span(text, piece, label, nth)
    return {"label": label, "begin": s["begin"], "end": s["end"], "text": piece}


def facts_by_raw(doc: ext.ConvertedDoc) -> dict[str, ext.ConvertedFact]:
    return {f.raw: f for f in doc.facts}


# --- numbers -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Twenty", 20),
    ("seven", 7),
    ("Forty eight", 48),
    ("One hundred and seventy-six", 176),
    ("Hundred and forty-three", 143),
    ("Two-hundred seventy-eight", 278),
    ("Eight-thousand four-hundred twenty-two", 8422),
    ("One hundred fifty patients", 150),
    ("Two thousand eight hundred sixtee", None),  # truncated word: unknown, not 2800
    ("patients", None),
    ("", None),
])
def test_words_to_int(text: str, expected: int | None) -> None:
    assert ext.words_to_int(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("488", 488),
    ("1,009", 1009),
    ("13\u2009339", 13339),
    ("266 064", 266064),
    ("Twenty-six", 26),
    ("12.5", None),
])
def test_parse_count(text: str, expected: int | None) -> None:
    assert ext.parse_count(text) == expected


@pytest.mark.parametrize("text, count", [
    ("Arm A got drug X. Arm B got drug Y.", 2),
    ("Arm A vs. Placebo differed. Done.", 2),
    ("Smith et al. Reported this. Then more.", 2),
    ("No break here", 1),
])
def test_sentence_spans(text: str, count: int) -> None:
    spans = ext.sentence_spans(text)
    assert len(spans) == count
    assert spans[-1][1] == len(text)


@pytest.mark.parametrize("text, kinds", [
    ("median PFS", {"pfs"}),
    ("progression-free survival and overall survival", {"pfs", "os"}),
    ("mOS", {"os"}),
    ("disease-free survival (DFS)", {"other"}),
    ("drug given per os daily", set()),  # lower-case 'os' is not overall survival
    ("time to progression", set()),
])
def test_survival_kinds(text: str, kinds: set[str]) -> None:
    assert ext.survival_kinds([text]) == kinds


# --- ruta --------------------------------------------------------------------------------

RUTA_TEXT = (
    "Fifty patients enrolled. The ORR was 30% (95% CI, 18% to\r\n44%) and the median PFS was\r\n"
    "12 weeks (95% CI, 8-16 weeks).\r\nMedian OS was 15.2 (range 3-40) months in arm A and 11.0 months in arm B. "
    "The 1-year OS was 40%. Earlier trials had ORR of 10-20%."
)


def ruta_rows() -> list[dict]:
    t = RUTA_TEXT
    bad = span(t, "11.0 months", "OSMean")
    bad["begin"] += 1  # offsets that do not index the span text
    return [{"pmid": "900", "text": t, "spans": [
        span(t, "30%", "ORR"),
        span(t, "12 weeks", "PFSMean"),
        span(t, "15.2", "OSMean"),
        bad,
        span(t, "40%", "OSRate"),  # landmark: ignored
        span(t, "40%", "OSMean"),  # percent under a median label: dropped
        span(t, "10-20%", "ORR"),  # range: dropped
    ]}]


def test_convert_ruta_values_units_and_cis() -> None:
    conversion = ext.convert_ruta(ruta_rows())
    (doc,) = conversion.docs
    facts = facts_by_raw(doc)
    assert set(facts) == {"30%", "12 weeks", "15.2"}
    orr, pfs, os_ = facts["30%"], facts["12 weeks"], facts["15.2"]
    assert (orr.endpoint, orr.value, orr.ci_low, orr.ci_high) == ("orr", 30.0, 18.0, 44.0)
    assert (pfs.endpoint, pfs.value, pfs.ci_low, pfs.ci_high) == ("pfs_median", 2.76, 1.84, 3.68)
    assert (os_.endpoint, os_.value, os_.ci_low) == ("os_median", 15.2, None)  # "(range 3-40)" is no CI
    for fact in doc.facts:
        assert RUTA_TEXT[fact.start:fact.end] == fact.raw


def test_convert_ruta_reports_drops() -> None:
    reasons = sorted(d.reason for d in ext.convert_ruta(ruta_rows()).drops)
    assert reasons == ["offsets do not index the span text", "percent under a median-duration label",
                       "range, not a value"]


def test_duration_unit_glued_to_number() -> None:
    text = "Median PFS was 13.2 vs. 6.2months in arm B."
    (doc,) = ext.convert_ruta([{"pmid": "1", "text": text, "spans": [
        span(text, "13.2", "PFSMean"), span(text, "6.2months", "PFSMean")]}]).docs
    assert [f.value for f in doc.facts] == [13.2, 6.2]


def test_ci_bounds_not_confused_with_unit_group() -> None:
    text = "Median OS was 40 weeks (95% CI, 36 weeks to 45 weeks) overall."
    (doc,) = ext.convert_ruta([{"pmid": "1", "text": text, "spans": [span(text, "40 weeks", "OSMean")]}]).docs
    (fact,) = doc.facts
    assert (fact.value, fact.ci_low, fact.ci_high) == (9.2, 8.28, 10.35)


@pytest.mark.parametrize("raw, sentence_tail, expected", [
    ("94 days", "", 3.09),
    ("2 years", "", 24.0),
    ("3.5", " and 4.1 months, respectively.", 3.5),
    ("10", " vs 12 weeks.", 2.3),
    ("7", " in arm B.", 7.0),  # no unit anywhere: months
])
def test_duration_units(raw: str, sentence_tail: str, expected: float) -> None:
    text = f"Median PFS was {raw}{sentence_tail}"
    (doc,) = ext.convert_ruta([{"pmid": "1", "text": text, "spans": [span(text, raw, "PFSMean")]}]).docs
    assert doc.facts[0].value == expected


# --- pico --------------------------------------------------------------------------------

PICO_TEXT = (
    "Drug Z versus placebo in early disease. Forty-two women were randomized. "
    "Of these, 20 received drug Z and 22 received placebo. "
    "In the second cohort 30 were treated. "
    "Median progression-free survival was 9·5 months with drug Z and not reached with placebo. "
    "Median time to progression was 4 vs 3 months. Response rate was 57%."
)


def pico_rows() -> list[dict]:
    t = PICO_TEXT
    return [{"pmid": "901", "text": t, "entities": [
        entity(t, "Drug Z", "intervention"),
        entity(t, "placebo", "control"),
        entity(t, "Forty-two", "total-participants"),
        entity(t, "20", "intervention-participants"),
        entity(t, "drug Z", "intervention"),
        entity(t, "22", "control-participants"),
        entity(t, "placebo", "control", nth=1),
        entity(t, " 30", "intervention-participants"),  # leading space: trimmed
        entity(t, "Median progression-free survival", "outcome"),
        entity(t, "9·5 months", "iv-cont-median"),
        entity(t, "not reached", "cv-cont-median"),
        entity(t, "Median time to progression", "outcome"),
        {"label": "iv-cont-median", "begin": t.index("4 vs"), "end": t.index("4 vs") + 1, "text": "4"},
        entity(t, "57%", "control-participants"),
    ]}]


def test_convert_pico_counts_and_arms() -> None:
    (doc,) = ext.convert_pico(pico_rows()).docs
    counts = {f.raw: f for f in doc.facts if f.endpoint == "n"}
    assert counts["Forty-two"].value == 42 and counts["Forty-two"].arm == ()
    assert counts["20"].arm == ("drug Z", "intervention")  # none before it in its sentence: the next one
    assert counts["22"].arm == ("placebo", "control")
    assert counts["30"].arm == ("Drug Z", "intervention")  # no arm in the sentence: the document's first
    for fact in doc.facts:
        assert PICO_TEXT[fact.start:fact.end] == fact.raw


def test_convert_pico_medians() -> None:
    conversion = ext.convert_pico(pico_rows())
    (doc,) = conversion.docs
    medians = [f for f in doc.facts if f.endpoint != "n"]
    assert [(f.endpoint, f.value, f.not_reached, f.arm[-1]) for f in medians] == [
        ("pfs_median", 9.5, False, "intervention"), ("pfs_median", None, True, "control")]
    assert sorted(d.reason for d in conversion.drops) == ["median of another outcome", "percent under a participants label"]
    assert conversion.adjusted["span trimmed of spaces/brackets"] == 1


def test_pico_restated_fact_kept_once() -> None:
    text = "Sixty women took part. Drug Z was given to all 60 women; 60 of 70 screened were eligible."
    rows = [{"pmid": "7", "text": text, "entities": [
        entity(text, "Sixty", "total-participants"), entity(text, "60", "total-participants"),
        entity(text, "70", "total-participants")]}]
    conversion = ext.convert_pico(rows)
    assert [f.raw for f in conversion.docs[0].facts] == ["Sixty", "70"]
    assert conversion.adjusted["repeated fact kept once (first mention)"] == 1


# --- clerx -------------------------------------------------------------------------------

def clerx_line(sentence: str, entities: list[tuple[int, str, int]], relations: str = "") -> str:
    """A clerx line with 1-based offsets; each entity is (label, piece, shift of its offsets)."""
    items = []
    for label, piece, shift in entities:
        b = sentence.index(piece) + 1 + shift
        items.append(f"{label},{b},{b + len(piece)}")
    return f"{sentence}\t{'.'.join(items)}\t{relations}"


CLERX_CONTENT = "\n".join([
    "A made-up cohort study of drug Q.",
    clerx_line("Drug Q lowered the risk of death (overall survival HR 0.70, 95% CI 0.55-0.89).",
               [(1, "Drug Q", 0), (2, "overall survival", 0), (3, "0.70", 0)], "3,1.3,2"),
    clerx_line("Its PFS HR was 0.81 [0.70-0.93] and readmission IRR 1.20 (95% CI 1.01-1.43).",
               [(3, "0.81", 1), (3, "1.20", 0)]),
    "",
])


def test_convert_clerx_offsets_outcomes_and_drops() -> None:
    conversion = ext.convert_clerx([ext.ClerxFile(split="train", name="123_hr", content=CLERX_CONTENT)])
    (doc,) = conversion.docs
    assert doc.doc_id == "123"
    assert [(f.raw, f.outcome, f.ci_low, f.ci_high) for f in doc.facts] == [
        ("0.70", "os", 0.55, 0.89), ("0.81", "pfs", 0.70, 0.93)]
    for fact in doc.facts:
        assert doc.text[fact.start:fact.end] == fact.raw
    assert [d.reason for d in conversion.drops] == ["incidence rate ratio labelled HR"]
    assert conversion.adjusted["HR offsets shifted to the number"] == 1


def test_convert_clerx_joins_sentences_without_annotation_columns() -> None:
    (doc,) = ext.convert_clerx([ext.ClerxFile(split="train", name="123_hr", content=CLERX_CONTENT)]).docs
    assert "\t" not in doc.text and doc.text.count("\n") == 2


@pytest.mark.parametrize("second, ids", [
    (CLERX_CONTENT, ["123"]),
    (CLERX_CONTENT.replace("0.70", "0.71"), ["123", "123_validation"]),
])
def test_convert_clerx_file_in_two_splits(second: str, ids: list[str]) -> None:
    files = [ext.ClerxFile(split="validation", name="123_hr", content=second), ext.ClerxFile(split="train", name="123_hr", content=CLERX_CONTENT)]
    assert [d.doc_id for d in ext.convert_clerx(files).docs] == ids


@pytest.mark.parametrize("sentence, related, expected", [
    ("PFS was longer and OS similar (HR 0.9).", [], "os"),
    ("HR 0.9 for progression-free survival.", [], "pfs"),
    ("Overall survival improved; recurrence-free survival HR 0.8.", [], "other"),
    ("OS and PFS both: HR 0.8.", ["progression-free survival"], "pfs"),
    ("Overall survival was better; stroke HR 0.8.", ["stroke"], "other"),
])
def test_clerx_outcome(sentence: str, related: list[str], expected: str) -> None:
    assert ext._clerx_outcome(sentence, sentence.index("0."), related) == expected


# --- writing, CLI, entry point -------------------------------------------------------------

def make_datasets(root: Path) -> Path:
    datasets = root / "datasets"
    for corpus, rows in (("ruta_trials_endpoints", ruta_rows()), ("pico_corpus_dev", pico_rows())):
        (datasets / corpus).mkdir(parents=True)
        (datasets / corpus / f"{corpus}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (datasets / "clerx_hr" / "train").mkdir(parents=True)
    (datasets / "clerx_hr" / "train" / "123_hr.tsv").write_bytes(CLERX_CONTENT.encode("utf-8"))
    return datasets


def test_convert_writes_docs_gold_and_endpoints(tmp_path: Path) -> None:
    datasets, out = make_datasets(tmp_path), tmp_path / "out"
    (out / "ruta_trials_endpoints" / "gold").mkdir(parents=True)
    (out / "ruta_trials_endpoints" / "gold" / "stale.json").write_text("{}")
    summary = ext.convert("ruta_trials_endpoints", datasets, out)
    root = out / "ruta_trials_endpoints"
    assert summary.documents == 1 and summary.facts == {"orr": 1, "pfs_median": 1, "os_median": 1}
    assert (root / "docs" / "900.txt").read_bytes() == RUTA_TEXT.encode("utf-8")  # CRLF kept
    assert (root / "ENDPOINTS").read_text() == "orr,pfs_median,os_median\n"
    assert not (root / "gold" / "stale.json").exists()
    gold = json.loads((root / "gold" / "900.json").read_text(encoding="utf-8"))
    assert gold["text_sha256"] == hashlib.sha256(RUTA_TEXT.encode("utf-8")).hexdigest()
    first = gold["facts"][0]
    assert first == {"endpoint": "orr", "value": 30.0, "arm": [], "subgroup": [], "study": "", "ci_low": 18.0,
                     "ci_high": 44.0, "p": None, "not_reached": False, "numerator": None, "denominator": None,
                     "raw": "30%", "start": RUTA_TEXT.index("30%"), "end": RUTA_TEXT.index("30%") + 3}
    assert (root / "dropped.tsv").read_text(encoding="utf-8").count("\n") == 4


def test_convert_is_deterministic(tmp_path: Path) -> None:
    datasets = make_datasets(tmp_path)
    outputs = []
    for name in ("a", "b"):
        ext.convert("pico_corpus_dev", datasets, tmp_path / name)
        root = tmp_path / name / "pico_corpus_dev"
        outputs.append({p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]


def test_hr_gold_has_outcome(tmp_path: Path) -> None:
    ext.convert("clerx_hr", make_datasets(tmp_path), tmp_path / "out")
    gold = json.loads((tmp_path / "out" / "clerx_hr" / "gold" / "123.json").read_text(encoding="utf-8"))
    assert [f["outcome"] for f in gold["facts"]] == ["os", "pfs"]


def parse_cli(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    ext.add_parser(parser.add_subparsers())
    return parser.parse_args(["convert-external", *argv])


def test_cli_prints_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = parse_cli(["--datasets", str(make_datasets(tmp_path)), "--out", str(tmp_path / "o"), "--corpus", "clerx_hr"])
    assert ext.run(args) == 0
    out = capsys.readouterr().out
    assert "clerx_hr: 1 documents" in out and "facts: hr 2" in out and "incidence rate ratio labelled HR 1" in out


@pytest.mark.parametrize("missing", ["datasets", "corpus"])
def test_cli_missing_data_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], missing: str) -> None:
    datasets = tmp_path / "nowhere" if missing == "datasets" else tmp_path
    args = parse_cli(["--datasets", str(datasets), "--out", str(tmp_path / "o")])
    assert ext.run(args) == 2
    out = capsys.readouterr().out.strip()
    assert out.startswith("error:") and "\n" not in out


def test_eval_external_chains_convert_extract_evaluate(tmp_path: Path) -> None:
    calls = []

    def extract(docs_dir: Path, run_dir: Path) -> None:
        calls.append(("extract", docs_dir.parent.name, run_dir.name))

    def evaluate(results: Path, gold_dir: Path, docs_dir: Path, endpoints: tuple[str, ...]) -> int:
        calls.append(("eval", results.parent.name, endpoints))
        return len(list(gold_dir.glob("*.json")))

    scores = ext.eval_external(make_datasets(tmp_path), tmp_path / "b", tmp_path / "runs", extract, evaluate,
                               corpora=("clerx_hr",))
    assert scores == {"clerx_hr": 1}
    assert calls == [("extract", "clerx_hr", "external-clerx_hr"), ("eval", "external-clerx_hr", ("hr",))]


# --- the real corpora ----------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("corpus", list(ext.CORPORA))
def test_real_corpus_offsets(tmp_path: Path, corpus: str) -> None:
    datasets = SHARED / "datasets"
    if not (datasets / corpus).is_dir():
        pytest.skip(f"{datasets / corpus} is absent (the ../shared folder next to the repository)")
    summary = ext.convert(corpus, datasets, tmp_path)
    assert summary.documents > 50 and all(summary.facts[e] > 0 for e in ext.CORPORA[corpus])
    for gold_path in sorted((summary.out_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (summary.out_dir / "docs" / f"{gold['doc_id']}.txt").read_bytes().decode("utf-8")
        assert gold["text_sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
        for fact in gold["facts"]:
            assert text[fact["start"]:fact["end"]] == fact["raw"], (gold["doc_id"], fact)
            assert fact["value"] is not None or fact["not_reached"]
