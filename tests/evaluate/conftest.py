"""Builders for gold facts and predicted rows, shared by the evaluation tests (fixture ``make``)."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate.gold import GoldDoc, GoldFact
from pipeline.evaluate.score import Predicted, predictions_from_rows
from pipeline.schema import UNITS
from pipeline.table import results_frame
from pipeline.types import Fact, Statistic


class Make:
    """Small constructors with the defaults of a whole-cohort fact in document ``d1``."""

    @staticmethod
    def gold(endpoint: str, value: float | None, arm: tuple[str, ...] = (), subgroup: tuple[str, ...] = (),
             study: str = "", outcome: str | None = None, ci: tuple[float, float] | None = None,
             start: int = 0, doc_id: str = "d1") -> GoldFact:
        raw = "not reached" if value is None else f"{value:g}"
        return GoldFact(doc_id=doc_id, endpoint=endpoint, value=value, raw=raw, start=start, end=start + len(raw),
                        outcome=outcome, arm=arm, subgroup=subgroup, study=study,
                        ci_low=ci[0] if ci else None, ci_high=ci[1] if ci else None, not_reached=value is None)

    @staticmethod
    def docs(*facts: GoldFact, empty: tuple[str, ...] = ()) -> dict[str, GoldDoc]:
        """Gold documents holding ``facts``, plus documents without any fact (``empty``)."""
        ids = sorted({f.doc_id for f in facts} | set(empty))
        return {d: GoldDoc(doc_id=d, text_sha256="", facts=tuple(f for f in facts if f.doc_id == d), path=Path(f"{d}.json")) for d in ids}

    @staticmethod
    def fact(endpoint: str, value: float | None, arm: str = "", subgroup: str = "", study: str = "",
             outcome: str | None = None, ci: tuple[float, float] | None = None, start: int = 0,
             doc_id: str = "d1", sentence: str = "", p: str | None = None) -> Fact:
        raw = "NR" if value is None else f"{value:g}"
        stat = Statistic(raw=raw, start=start, end=start + len(raw), value=value, unit=UNITS[endpoint],
                         ci_low=ci[0] if ci else None, ci_high=ci[1] if ci else None, p_value=p,
                         not_reached=value is None)
        return Fact(doc_id=doc_id, endpoint=endpoint, stat=stat, outcome=outcome, arm=arm, subgroup=subgroup,
                    study=study, sentence=sentence, extractor="test")

    @staticmethod
    def predicted(*facts: Fact) -> list[Predicted]:
        """Facts through the results table and back, as the scorer reads a results.csv."""
        return predictions_from_rows(results_frame(facts).to_dict("records"))


@pytest.fixture
def make() -> type[Make]:
    return Make
