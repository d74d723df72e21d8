"""Label text: treatments vs characteristics, clean forms, complements, same-group comparison."""
from __future__ import annotations

import pytest

from pipeline.attribution.labels import clean_label, complement, is_treatment, same_label


@pytest.mark.parametrize(("text", "treatment"), [
    ("immunotherapy rechallenge", True), ("camrelizumab plus apatinib", True), ("cladribine", True),
    ("FOLFIRI", True), ("chemotherapy alone", True), ("CPS >= 1", False), ("liver metastases", False),
    ("non-small cell lung cancer", False), ("elderly", False),
    # drugs outside the ICI lexicon, by their stems, and control arms without a drug
    ("letrozole", True), ("oral tamoxifen", True), ("exemestane", True), ("fulvestrant", True),
    ("vinorelbine", True), ("cyclophosphamide", True), ("the observation arm", True), ("usual care", True),
    ("combine", False), ("postmenopausal women", False),
    # regression: "whereas for non-responders it was 8.5 months" named the arm "it" (IT: immunotherapy)
    ("it", False), ("IT", True), ("it was 30%", False),
    # a treatment-free interval is a factor, not a treatment
    ("a treatment-free interval of more than 6 months", False), ("therapy-free survival", False),
    # investigational drugs by sponsor code; a tumour marker and a trial code are none
    ("ASA404", True), ("MK-3475", True), ("BMS-936558", True), ("MPDL3280A", True),
    ("CA-125", False), ("the JCOG0603 trial", False), ("HER2", False), ("NCT01234567", False),
    # regression: "in the seven previously untreated patients" was an arm mention ("untreated" read as treated)
    ("previously untreated", False), ("heavily pretreated patients", False), ("treatment-naive", False),
    ("retreated with nivolumab", True),
    # regimen acronyms beyond FOLF*: "mFOLFOX6", "FUFOX"
    ("mFOLFOX6", True), ("FUFOX", True),
    # regression: a biomarker study's "normal controls" became a third arm of the trial
    ("normal controls", False), ("healthy controls", False), ("controls", True),
])
def test_is_treatment(text: str, treatment: bool) -> None:
    assert is_treatment(text) is treatment


@pytest.mark.parametrize(("raw", "clean"), [
    ("PFS_1_≥6 months", "PFS1 >= 6 months"), ("the  chemotherapy group", "chemotherapy group"),
    ("TFI over 11.9 months", "TFI > 11.9 months"), ("arm A", "arm A"), ("patients with liver metastases", "liver metastases"),
    ("elderly patients and", "elderly patients"), ("age >or= 70 years", "age >= 70 years"),
    ("ResultsImmunotherapy rechallenge", "Immunotherapy rechallenge"),  # a scraped page glues its headings
    # a sentence's full stop is no part of the label, an abbreviation's is
    ("with liver metastases.", "liver metastases"), ("ECOG PS 1.", "ECOG PS 1"), ("drug A 70 mg b.i.d.", "drug A 70 mg b.i.d."),
    # regression: an example's "such as" led the label ("such as women")
    ("such as women", "women"),
])
def test_clean_label(raw: str, clean: str) -> None:
    assert clean_label(raw) == clean


@pytest.mark.parametrize(("label", "other"), [
    ("CPS >= 1", "CPS < 1"), ("TFI > 6 months", "TFI <= 6 months"), ("PD-L1 positive", "PD-L1 negative"),
    ("high MGMT expression", "low MGMT expression"), ("liver metastasis", None),
    ("Absence of weight loss", "weight loss"), ("no prior radiotherapy", "prior radiotherapy"),
])
def test_complement(label: str, other: str | None) -> None:
    assert complement(label) == other


@pytest.mark.parametrize(("a", "b", "same"), [
    ("XELIRI arm", "XELIRI", True), ("the chemotherapy group", "chemotherapy", True),
    ("combination group", "combination therapy", True), ("arm A", "arm B", False), ("CPS >= 1", "CPS < 1", False),
])
def test_same_label(a: str, b: str, same: bool) -> None:
    assert same_label(a, b) is same
