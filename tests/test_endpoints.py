"""The endpoint registry agrees with the cue rows and the extractors, and a misuse of it fails loudly."""
from __future__ import annotations

import pytest

from pipeline.endpoints import REGISTRY, EndpointError, check_registry, endpoint
from pipeline.extractors.base import Finding
from pipeline.extractors.cues import CUE_PATTERNS
from pipeline.extractors.registry import EXTRACTORS, extract_sentence, plausible
from pipeline.types import Statistic

CUED = [row[0] for row in CUE_PATTERNS]


def test_the_registry_agrees_with_the_cue_rows_and_the_extractors() -> None:
    import pipeline.extractors  # noqa: F401  (registers every extractor)

    assert check_registry(CUED, EXTRACTORS) == []


def test_every_stage_reads_the_registry() -> None:
    from pipeline.extractors.cues import FAMILY
    from pipeline.schema import ENDPOINTS, HR_OUTCOMES, UNITS

    assert ENDPOINTS == tuple(e.name for e in REGISTRY)
    assert UNITS == {e.name: e.unit for e in REGISTRY} and set(FAMILY) == set(ENDPOINTS)
    assert HR_OUTCOMES == endpoint("hr").outcomes


def test_endpoints_of_a_family_in_registry_order() -> None:
    from pipeline.endpoints import Family, of_family

    assert of_family(Family.RATE) == ("orr", "dcr", "trae_grade3")
    assert of_family(Family.TIME) == ("pfs_median", "os_median")


@pytest.mark.parametrize(("cues", "extractors", "problem"), [
    (CUED + ["pfs_rate"], EXTRACTORS, "unregistered endpoint 'pfs_rate'"),
    ([c for c in CUED if c != "dcr"], EXTRACTORS, "endpoint 'dcr' has no cue row"),
    (CUED + ["hr"], EXTRACTORS, "endpoint 'hr' is read without cues but has cue rows"),
    (CUED, [*EXTRACTORS, "landmark_rate"], "extractor 'landmark_rate' emits no registered endpoint"),
    (CUED, [x for x in EXTRACTORS if x != "hazard_ratio"], "lists extractor 'hazard_ratio', which is not registered"),
])
def test_a_registry_that_disagrees_is_reported(cues, extractors, problem) -> None:
    import pipeline.extractors  # noqa: F401

    assert any(problem in p for p in check_registry(cues, extractors))


def _finding(endpoint_name: str, extractor: str) -> Finding:
    return Finding(endpoint=endpoint_name, stat=Statistic(raw="12%", start=0, end=3, value=12.0, unit="%"),
                   extractor=extractor)


def test_an_unregistered_endpoint_fails_loudly_with_the_registered_ones() -> None:
    with pytest.raises(EndpointError, match="unknown endpoint 'pfs_rate'; registered: n, orr"):
        plausible(_finding("pfs_rate", "response_rate"))


def test_an_extractor_emitting_an_endpoint_its_row_does_not_list_fails_loudly() -> None:
    with pytest.raises(EndpointError, match="'hazard_ratio' emitted 'orr'"):
        plausible(_finding("orr", "hazard_ratio"))


def test_a_registered_extractor_runs_through_the_registry() -> None:
    from pipeline.extractors.base import SentenceContext

    text = "The ORR was 12%."
    assert [f.endpoint for f in extract_sentence(SentenceContext(text=text, start=0, end=len(text)))] == ["orr"]
