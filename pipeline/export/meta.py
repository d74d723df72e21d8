"""meta.csv: the results as effect sizes a meta-analysis takes.

- a hazard ratio is a comparison: ``measure`` ``HR``, ``yi`` = log HR and ``sei`` = (log upper - log lower)
  / (2 z) from its CI and level (metafor ``rma(yi, sei=sei)``, meta ``metagen(TE=yi, seTE=sei)``);
- a rate (ORR, DCR, grade >= 3 TRAE) is an arm estimate: ``measure`` ``PR``, ``events``/``total`` from the
  counts the text gives ("7/29"), else from the arm's own cohort size (``events_from`` says which), ``yi`` the
  proportion and ``sei`` its binomial standard error (metafor ``escalc("PR", xi=events, ni=total)``,
  meta ``metaprop(events, total)``);
- a median is an arm estimate with its CI (``measure`` ``MEDIAN``, months); it has no ``yi``.

The comparator of a hazard ratio is the document's other arm when it has exactly one. Numbers are written
as text with the results table's formatting, so the file is byte-stable.
"""
from __future__ import annotations

import math
from statistics import NormalDist
from typing import Mapping

import pandas as pd

from pipeline.endpoints import Family, of_family
from pipeline.schema import META_COLUMNS

RATES = of_family(Family.RATE)
MEDIANS = of_family(Family.TIME)


def _f(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


def _z(level: float | None) -> float:
    return NormalDist().inv_cdf(1 - (1 - (level or 95.0) / 100) / 2)


def log_hr_se(ci_low: float | None, ci_high: float | None, level: float | None) -> float | None:
    """Standard error of log HR from its confidence interval; ``None`` without a usable CI."""
    if ci_low is None or ci_high is None or not 0 < ci_low < ci_high:
        return None
    return (math.log(ci_high) - math.log(ci_low)) / (2 * _z(level))


def _label(row: Mapping[str, str]) -> str:
    return f"{row['doc_id']} ({row['study']})" if row["study"] else row["doc_id"]


def _comparators(results: pd.DataFrame) -> dict[tuple[str, str, str], str]:
    """(doc_id, study, arm) -> the one other arm of that document and study, where there is exactly one."""
    arms = results[results["arm"] != ""].groupby(["doc_id", "study"])["arm"].agg(lambda a: sorted(set(a)))
    out = {}
    for (doc, study), names in arms.items():
        if len(names) == 2:
            out[(doc, study, names[0])], out[(doc, study, names[1])] = names[1], names[0]
    return out


def meta_frame(results: pd.DataFrame) -> pd.DataFrame:
    """meta.csv from results.csv (a frame of strings, as :func:`pipeline.table.results_frame` builds it)."""
    if results.empty:
        return pd.DataFrame(columns=list(META_COLUMNS), dtype=str)
    comparator = _comparators(results)
    sizes = {(r.doc_id, r.study, r.arm, r.subgroup): r.value for r in results[results["endpoint"] == "n"].itertuples()}
    rows = []
    # records, not iterrows: a Series per row cost seconds on a 2,000-document run
    for r in results[results["endpoint"].isin(("hr", *RATES, *MEDIANS))].to_dict("records"):
        value, level = _f(r["value"]), _f(r["ci_level"])
        row = {c: "" for c in META_COLUMNS}
        row.update(study_label=_label(r), doc_id=r["doc_id"], study=r["study"], arm=r["arm"], subgroup=r["subgroup"],
                   endpoint=r["endpoint"], outcome=r["outcome"], ci_level=r["ci_level"], value=r["value"],
                   ci_low=r["ci_low"], ci_high=r["ci_high"], p_value=r["p_value"], not_reached=r["not_reached"],
                   review=r["review"], source=r["source"], start=r["start"])
        if r["endpoint"] == "hr":
            row.update(measure="HR", comparator=comparator.get((r["doc_id"], r["study"], r["arm"]), ""))
            if value and value > 0:
                row.update(yi=_fmt(math.log(value)), sei=_fmt(log_hr_se(_f(r["ci_low"]), _f(r["ci_high"]), level)))
        elif r["endpoint"] in RATES:
            row["measure"] = "PR"
            events, total, origin = _counts(r, value, sizes.get((r["doc_id"], r["study"], r["arm"], r["subgroup"])))
            if total:
                p = events / total
                row.update(events=str(events), total=str(total), events_from=origin, yi=_fmt(p),
                           sei=_fmt(math.sqrt(p * (1 - p) / total)))
        else:
            row["measure"] = "MEDIAN"
        rows.append(row)
    return pd.DataFrame(rows, columns=list(META_COLUMNS), dtype=str)


def _counts(r: Mapping[str, str], value: float | None, size: str | None) -> tuple[int, int, str]:
    """Events and total of a rate: the counts as written, else the rate times the arm's cohort size."""
    if r["numerator"] and r["denominator"] and int(r["denominator"]) > 0:
        return int(r["numerator"]), int(r["denominator"]), "counts"
    if value is not None and size:
        total = int(float(size))
        return round(value / 100 * total), total, "rate x n"
    return 0, 0, ""
