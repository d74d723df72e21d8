"""The one registry of endpoints, read by every stage: what is measured, in which unit, which cues name it
(``pipeline.extractors.cues.CUE_PATTERNS`` rows under its name, unless its extractor needs none), its outcomes and the extractors that emit it.

Adding an endpoint is one row here plus its cue rows and one extractor (README, "Adding an endpoint");
:func:`check_registry` fails loudly when the three disagree, and a finding of an endpoint that is not here,
or from an extractor its row does not list, stops the run with an :class:`EndpointError`.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Iterable


class Family(StrEnum):
    """How a value is read: a cue's family decides which numbers after it it may take."""

    RATE = "rate"  # a percentage of patients
    TIME = "time"  # a median duration
    HR = "hr"  # a hazard ratio
    N = "n"  # a number of patients


class EndpointError(ValueError):
    """An endpoint used but not registered, or a registry that disagrees with the cues and extractors."""


@dataclass(frozen=True, kw_only=True)
class Endpoint:
    name: str  # results.csv ``endpoint``
    unit: str  # results.csv ``unit`` of the normalized value
    family: Family
    value_range: tuple[float, float]  # closed; anything outside is a misread number, never a fact
    extractors: tuple[str, ...]  # registered extractors that may emit it
    #: named by cue words (CUE_PATTERNS rows under its name); False: its own extractor knows it without a cue
    #: ("HR 0.61 (95% CI ...)", "40 patients")
    cued: bool = True
    colour: str  # its highlight in report.html
    outcomes: tuple[str, ...] = ()  # the outcomes a fact of it names (hazard ratios only); () = none


_TABLES = "table_rows"
REGISTRY: tuple[Endpoint, ...] = (
    Endpoint(name="n", unit="patients", family=Family.N, value_range=(1, 10_000_000),
             extractors=("cohort_size", _TABLES), cued=False, colour="#d9d9d9"),
    Endpoint(name="orr", unit="%", family=Family.RATE, value_range=(0, 100),
             extractors=("response_rate", _TABLES), colour="#ffd27f"),
    Endpoint(name="dcr", unit="%", family=Family.RATE, value_range=(0, 100),
             extractors=("response_rate", _TABLES), colour="#ffe9a8"),
    Endpoint(name="pfs_median", unit="months", family=Family.TIME, value_range=(0, 1200),
             extractors=("survival_median", _TABLES), colour="#9fd3c7"),
    Endpoint(name="os_median", unit="months", family=Family.TIME, value_range=(0, 1200),
             extractors=("survival_median", _TABLES), colour="#b7d7f0"),
    Endpoint(name="hr", unit="ratio", family=Family.HR, value_range=(0.0001, 1000),
             extractors=("hazard_ratio", _TABLES), cued=False, outcomes=("pfs", "os", "other"), colour="#f4a6a6"),
    Endpoint(name="trae_grade3", unit="%", family=Family.RATE, value_range=(0, 100),
             extractors=("adverse_events", _TABLES), colour="#d7b8f3"),
)
BY_NAME: dict[str, Endpoint] = {e.name: e for e in REGISTRY}


def of_family(family: Family) -> tuple[str, ...]:
    """Names of the endpoints of one family, in registry order: ``of_family(Family.RATE)`` -> orr, dcr, trae_grade3."""
    return tuple(e.name for e in REGISTRY if e.family is family)


def endpoint(name: str) -> Endpoint:
    """The registered endpoint ``name``; an :class:`EndpointError` naming the registered ones otherwise."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise EndpointError(f"unknown endpoint {name!r}; registered: {', '.join(BY_NAME)} "
                            "(add a row to pipeline/endpoints.py REGISTRY)") from None


def check_registry(cue_endpoints: Iterable[str], extractor_names: Iterable[str]) -> list[str]:
    """Problems between the registry, the cue rows' endpoints and the registered extractors (empty = consistent)."""
    cues, extractors = set(cue_endpoints), set(extractor_names)
    problems = [f"cue rows name unregistered endpoint {name!r}" for name in sorted(cues - set(BY_NAME))]
    problems += [f"endpoint {e.name!r} has no cue row in CUE_PATTERNS" for e in REGISTRY if e.cued and e.name not in cues]
    problems += [f"endpoint {e.name!r} is read without cues but has cue rows" for e in REGISTRY
                 if not e.cued and e.name in cues]
    listed = {x for e in REGISTRY for x in e.extractors}
    problems += [f"endpoint {e.name!r} lists extractor {x!r}, which is not registered"
                 for e in REGISTRY for x in e.extractors if x not in extractors]
    problems += [f"extractor {x!r} emits no registered endpoint (list it in a REGISTRY row)"
                 for x in sorted(extractors - listed)]
    problems += [f"endpoint {e.name!r}: outcomes only for hazard ratios" for e in REGISTRY
                 if e.outcomes and e.family is not Family.HR]
    problems += [f"endpoint {e.name!r}: empty value range {e.value_range}" for e in REGISTRY
                 if not e.value_range[0] <= e.value_range[1]]
    return problems
