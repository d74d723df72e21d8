import pytest

from pipeline.attribution.labels import ARM, SUBGROUP, clean_label, complement, find_labels


@pytest.mark.parametrize(
    "text, expected",
    [
        ("in the immunotherapy rechallenge group versus", [("immunotherapy rechallenge group", ARM)]),
        ("Compared with the non-combination group, the combination group", [("non-combination group", ARM), ("combination group", ARM)]),
        ("patients with CPS ≥1 benefited", [("CPS >= 1", SUBGROUP)]),
        ("a resistant group (PFS_1_ < 6 months, n=51)", [("resistant group", SUBGROUP), ("PFS1 < 6 months", SUBGROUP)]),
        ("PD-L1-positive patients", [("PD-L1-positive", SUBGROUP)]),
        ("those with ECOG PS ≥ 2", [("ECOG PS >= 2", SUBGROUP)]),
    ],
)
def test_find_labels(text, expected):
    assert [(l.text, l.kind) for l in find_labels(text, 0, len(text))] == expected


def test_comparator_is_marked():
    text = "Compared with the non-combination group, the combination group"
    assert [l.reference for l in find_labels(text, 0, len(text))] == [True, False]


@pytest.mark.parametrize(
    "label, other",
    [("CPS >= 1", "CPS < 1"), ("TFI > 6 months", "TFI <= 6 months"), ("PD-L1 positive", "PD-L1 negative"), ("liver metastasis", None)],
)
def test_complement(label, other):
    assert complement(label) == other


@pytest.mark.parametrize("raw, clean", [("PFS_1_≥6 months", "PFS1 >= 6 months"), ("the  chemotherapy group", "chemotherapy group")])
def test_clean_label(raw, clean):
    assert clean_label(raw) == clean
