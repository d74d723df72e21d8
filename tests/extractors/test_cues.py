import pytest

from pipeline.extractors.cues import find_cues


@pytest.mark.parametrize(
    "text, endpoints",
    [
        ("the objective response rate (ORR) was", ["orr", "orr"]),
        ("DCR of 55.2%", ["dcr"]),
        ("Grade ≥3 TRAEs occurred", ["trae_grade3"]),
        ("grade 3 or higher treatment-related adverse events", ["trae_grade3"]),
        ("≥Grade 3 irAEs", ["trae_grade3"]),
        ("grade 3–4 adverse events", ["trae_grade3"]),
        ("median PFS and mOS", ["pfs_median", "os_median"]),
        ("PFS2 after rechallenge", ["pfs_median"]),
        ("overall survival (OS)", ["os_median", "os_median"]),
    ],
)
def test_endpoint_cues(text, endpoints):
    assert [c.endpoint for c in find_cues(text) if not c.blocker] == endpoints


@pytest.mark.parametrize(
    "text",
    [
        "the 6-month PFS rate",
        "1-year OS",
        "patients with PFS_1_ ≥ 6 months",
        "median follow-up",
        "any-grade TRAEs",
        "the most common grade 3 or higher adverse events were anemia",
    ],
)
def test_blockers_hide_non_endpoints(text):
    cues = find_cues(text)
    assert cues and all(c.blocker for c in cues), cues


def test_os_is_case_sensitive():
    assert find_cues("the os of the femur") == []
