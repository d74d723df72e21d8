"""Each results row against gold, for the report's colouring: right at the attributed level, value right
only, or not in gold; and the gold facts no row matches."""
from __future__ import annotations

from typing import Mapping, Sequence

from pipeline.evaluate.gold import GoldDoc
from pipeline.evaluate.score import Predicted, score
from pipeline.export.report import GoldView


def judge(gold_docs: Mapping[str, GoldDoc], predicted: Sequence[Predicted]) -> GoldView:
    """Rows of documents without gold are left unjudged."""
    scores = score(gold_docs, predicted)
    attributed = {p.row for _, p in scores.matchings["attributed"].pairs}
    valued = {p.row for _, p in scores.matchings["value"].pairs}
    judged = {p.row: "tp" if p.row in attributed else "value" if p.row in valued else "fp"
              for p in predicted if p.doc_id in gold_docs}
    missed: dict[str, list[tuple[int, int, str, str]]] = {}
    for g in scores.matchings["value"].missed:
        label = " · ".join(x for x in (" / ".join(g.arm), " / ".join(g.subgroup), g.study) if x)
        missed.setdefault(g.doc_id, []).append((g.start, g.end, g.endpoint, f"{g.raw} {label}".strip()))
    return GoldView(judged=judged, missed={d: tuple(sorted(v)) for d, v in missed.items()})
