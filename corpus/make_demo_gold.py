"""Write the gold annotations of the demo corpus (corpus/demo_gold/<doc_id>.json).

The facts are the ones the invented demo documents were written to state. Each
is located by a short anchor around its ``raw`` value; offsets are computed on
the text the readers produce (so HTML, XML and PDF offsets index the rendered
text), never typed by hand. Whitespace in an anchor matches any whitespace, so
a line wrap in the PDF text does not break it.

    python corpus/make_demo_gold.py
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.readers import read_document  # noqa: E402
from pipeline.types import ReadError  # noqa: E402

DEMO = ROOT / "corpus" / "demo"
GOLD = ROOT / "corpus" / "demo_gold"
DAYS = 30.4375


@dataclass(frozen=True)
class F:
    """One intended fact: ``raw`` as written, found inside the unique ``anchor``."""

    endpoint: str
    value: float | None
    raw: str
    anchor: str
    arm: list[str] = field(default_factory=list)
    subgroup: list[str] = field(default_factory=list)
    study: str = ""
    outcome: str | None = None
    ci: tuple[float, float] | None = None
    p: str | None = None
    counts: tuple[int, int] | None = None
    not_reached: bool = False


def days(n: float) -> float:
    return round(n / DAYS, 2)


RECH = ["rechallenge group", "PD-1 inhibitor plus chemotherapy"]
CHEMO = ["chemotherapy group", "docetaxel-based chemotherapy"]
DEMO01 = [
    F("n", 112, "112", "reviewed 112 patients"),
    F("n", 58, "58", "Of these, 58 were", arm=RECH),
    F("n", 54, "54", "and 54 received", arm=CHEMO),
    F("orr", 25.9, "25.9%", "(25.9% vs.", arm=RECH, p="0.046"),
    F("orr", 11.1, "11.1%", "vs. 11.1%,", arm=CHEMO, p="0.046"),
    F("dcr", 74.1, "74.1%", "was 74.1% vs.", arm=RECH),
    F("dcr", 57.4, "57.4%", "vs. 57.4%.", arm=CHEMO),
    F("pfs_median", 5.6, "5.6", "were 5.6 vs.", arm=RECH),
    F("pfs_median", 3.4, "3.4", "vs. 3.4 months", arm=CHEMO),
    F("os_median", 14.2, "14.2", "and 14.2 vs.", arm=RECH),
    F("os_median", 9.8, "9.8", "vs. 9.8 months", arm=CHEMO),
    F("hr", 0.61, "0.61", "(HR 0.61,", arm=RECH, outcome="pfs", ci=(0.41, 0.90), p="0.013"),
    F("trae_grade3", 19.0, "19.0%", "in 19.0% and", arm=RECH),
    F("trae_grade3", 27.8, "27.8%", "and 27.8% of", arm=CHEMO),
]
LONG_FIRST = ["first immunotherapy course >= 6 months", "first immunotherapy course lasted at least 6 months"]
TOX = ["toxicity subgroup", "stopped the first course because of immune-related adverse events"]
PROG = ["progression subgroup", "stopped the first course because of disease progression"]
COMB = ["combination group", "tislelizumab plus chemotherapy", "Combination"]
MONO = ["monotherapy group", "tislelizumab alone", "Monotherapy"]
FACTS: dict[str, list[F]] = {
    "demo01_rechallenge_vs_chemo": DEMO01,
    "demo07_pdf_copy_of_demo01": DEMO01,
    "demo02_anlotinib_pd1_cohort": [
        F("n", 31, "31", "A total of 31 patients"),
        F("orr", 19.4, "19.4% (6/31)", "ORR was 19.4% (6/31)", counts=(6, 31)),
        F("dcr", 71.0, "71.0% (22/31)", "DCR was 71.0% (22/31)", counts=(22, 31)),
        F("pfs_median", days(152), "152 days", "PFS was 152 days", ci=(days(118), days(201))),
        F("os_median", days(412), "412 days", "OS was 412 days", ci=(days(330), days(497))),
        F("pfs_median", days(183), "183 days", "(183 days vs.", subgroup=LONG_FIRST, p="0.021"),
        F("pfs_median", days(97), "97 days", "vs. 97 days,", subgroup=["first immunotherapy course < 6 months"],
          p="0.021"),
        F("trae_grade3", 12.9, "4 of 31 patients (12.9%)", "in 4 of 31 patients (12.9%)", counts=(4, 31)),
    ],
    "demo03_cox_cohort": [
        F("n", 76, "76", "identified 76 patients"),
        F("n", 28, "28", ", 28 had stopped", subgroup=TOX),
        F("n", 48, "48", "and 48 because", subgroup=PROG),
        F("orr", 22.4, "22.4% (17/76)", "was 22.4% (17/76)", counts=(17, 76)),
        F("pfs_median", 4.1, "4.1", "PFS was 4.1 months", ci=(3.0, 5.6)),
        F("os_median", 13.9, "13.9", "OS was 13.9 months", ci=(10.2, 18.5)),
        F("os_median", None, "not reached", "was not reached in the toxicity", subgroup=TOX, not_reached=True),
        F("os_median", 11.0, "11.0", "was 11.0 months in the progression", subgroup=PROG),
        F("hr", 2.38, "2.38", "HR, 2.38;", subgroup=PROG + ["stopped the first course for progression"],
          outcome="os", ci=(1.31, 4.32), p="0.004"),
        F("hr", 1.97, "1.97", "(HR = 1.97,", subgroup=["ECOG PS >= 2", "ECOG performance status ≥2"],
          outcome="pfs", ci=(1.12, 3.46), p="0.018"),
    ],
    "demo04_review_paragraph": [
        F("n", 64, "64", "reviewed 64 patients", study="Smith"),
        F("orr", 15.6, "15.6%", "ORR of 15.6%", study="Smith"),
        F("pfs_median", 3.2, "3.2", "PFS of 3.2 months", study="Smith"),
        F("n", 140, "140", "cohort of 140 patients", study="Okafor"),
        F("dcr", 62.1, "62.1%", "DCR of 62.1%", study="Okafor"),
        F("os_median", 15.3, "15.3", "OS of 15.3 months", study="Okafor", ci=(12.8, 17.9)),
    ],
    "demo05_tislelizumab_escc": [
        F("n", 75, "75", "Among 75 patients"),
        F("n", 40, "40", "patients, 40 received", arm=COMB),
        F("n", 35, "35", "and 35 received", arm=MONO),
        F("orr", 30.0, "30.0%", "ORR was 30.0% vs.", arm=COMB, p="0.11"),
        F("orr", 14.3, "14.3%", "vs. 14.3% (P", arm=MONO, p="0.11"),
        F("dcr", 77.5, "77.5%", "DCR was 77.5% vs.", arm=COMB),
        F("dcr", 60.0, "60.0%", "vs. 60.0%.", arm=MONO),
        F("pfs_median", 5.3, "5.3", "PFS was 5.3 vs.", arm=COMB, p="0.031"),
        F("pfs_median", 3.1, "3.1", "vs. 3.1 months (HR", arm=MONO, p="0.031"),
        F("hr", 0.57, "0.57", "(HR 0.57,", arm=COMB, outcome="pfs", ci=(0.34, 0.95), p="0.031"),
        F("os_median", 11.8, "11.8", "OS was 11.8 vs.", arm=COMB),
        F("os_median", 8.9, "8.9", "vs. 8.9 months.", arm=MONO),
    ],
    "demo06_nivo_ipi_rcc": [
        F("n", 22, "22", "reviewed 22 consecutive"),
        F("orr", 18.2, "18.2% (4/22)", "ORR was 18.2% (4/22)", counts=(4, 22)),
        F("dcr", 54.5, "54.5% (12/22)", "DCR was 54.5% (12/22)", counts=(12, 22)),
        F("pfs_median", 4.4, "4.4", "PFS was 4.4 months", ci=(2.9, 6.1)),
        F("os_median", 16.0, "16.0", "OS was 16.0 months"),
        F("trae_grade3", 31.8, "31.8% (7/22)", "in 31.8% (7/22)", counts=(7, 22)),
    ],
}


def _flexible(s: str) -> str:
    """Regex matching ``s`` with any run of whitespace wherever ``s`` has one."""
    return r"\s+".join(re.escape(part) for part in s.split())


def locate(text: str, fact: F) -> tuple[int, int, str]:
    """Offsets and raw text of ``fact`` in ``text``; ValueError unless its anchor is unique."""
    anchors = list(re.finditer(_flexible(fact.anchor), text))
    if len(anchors) != 1:
        raise ValueError(f"anchor {fact.anchor!r} found {len(anchors)} times")
    raw = re.search(_flexible(fact.raw), anchors[0].group())
    if raw is None:
        raise ValueError(f"raw {fact.raw!r} not inside anchor {fact.anchor!r}")
    start = anchors[0].start() + raw.start()
    return start, start + len(raw.group()), raw.group()


def gold(doc_id: str, text: str, facts: list[F]) -> dict:
    """The gold JSON object of one document."""
    out = []
    for f in facts:
        start, end, raw = locate(text, f)
        out.append({
            "endpoint": f.endpoint, "value": f.value, "outcome": f.outcome, "arm": f.arm,
            "subgroup": f.subgroup, "study": f.study,
            "ci_low": f.ci[0] if f.ci else None, "ci_high": f.ci[1] if f.ci else None,
            "p": f.p, "not_reached": f.not_reached,
            "numerator": f.counts[0] if f.counts else None, "denominator": f.counts[1] if f.counts else None,
            "raw": raw, "start": start, "end": end,
        })
    return {
        "doc_id": doc_id,
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "facts": sorted(out, key=lambda x: x["start"]),
    }


def main() -> int:
    GOLD.mkdir(exist_ok=True)
    status = 0
    for path in sorted(DEMO.iterdir()):
        facts = FACTS.get(path.stem)
        if facts is None:
            continue
        try:
            doc = read_document(path)
        except (ReadError, ImportError) as e:
            print(f"skipped {path.name}: {getattr(e, 'reason', e)}")
            status = 1
            continue
        record = gold(doc.doc_id, doc.text, facts)
        (GOLD / f"{doc.doc_id}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
        print(f"{doc.doc_id}: {len(record['facts'])} facts")
    return status


if __name__ == "__main__":
    sys.exit(main())
