"""Attribution strategies, in the order they are tried, per label kind.

Each returns one label per finding of a comparison group, or passes; the first that answers decides
and its name goes to the fact's ``attribution``. Later strategies that would have answered
differently make the fact a ``review`` case.
"""
from __future__ import annotations

from pipeline.attribution.mentions import Kind
from pipeline.attribution.strategies import cohorts, learned, lists, near, scopes, tables
from pipeline.attribution.strategies.base import Strategy, View  # noqa: F401

#: (name, strategy) per kind, best first.
STRATEGIES: dict[Kind, tuple[tuple[str, Strategy], ...]] = {
    Kind.ARM: (
        (tables.NAME_COLUMN, tables.column),
        (cohorts.NAME_RECEIVED, cohorts.received),
        (cohorts.NAME_LABEL, cohorts.label),
        (lists.NAME_RESPECTIVELY, lists.respectively),
        (near.NAME_AFTER, near.after),
        (cohorts.NAME_IN, cohorts.in_group),
        (scopes.NAME_HR_NAMED, scopes.hr_named),
        (lists.NAME_ORDER, lists.order),
        (lists.NAME_FRAME, lists.frame),
        (lists.NAME_PAIRS, lists.pairs),
        (scopes.NAME_HR_FRAME, scopes.hr_frame),
        (learned.NAME, learned.ranked),
        (near.NAME_BEFORE, near.before),
        (near.NAME_LATER, near.later),
        (near.NAME_SHARED, near.shared),
    ),
    Kind.SUBGROUP: (
        (tables.NAME_ROW, tables.row),
        (tables.NAME_COLUMN_GROUP, tables.column_group),
        (cohorts.NAME_LABEL, cohorts.label),
        (cohorts.NAME_ANALYSIS_SET, cohorts.analysis_set),
        (lists.NAME_RESPECTIVELY, lists.respectively),
        (lists.NAME_COMPLEMENT, lists.complement),
        (near.NAME_PAREN, near.paren),
        (lists.NAME_PAIRS, lists.pairs),
        (learned.NAME, learned.ranked),
        (near.NAME_AFTER, near.after),
        (cohorts.NAME_IN, cohorts.in_group),
        (lists.NAME_ORDER, lists.order),
        (near.NAME_BEFORE, near.before),
        (near.NAME_LATER, near.later),
        (near.NAME_SHARED, near.shared),
        (scopes.NAME_LEAD, scopes.lead),
    ),
}
