"""Deduplication of facts: repeats, restatements under other labels, conflicts."""
import pytest

from pipeline.normalize import merge_facts
from pipeline.types import Fact, Statistic


def _fact(endpoint, value, start, sentence, arm="", subgroup="", ci=(None, None), outcome=None, section=None):
    stat = Statistic(raw=str(value), start=start, end=start + 3, value=value, unit=None, ci_low=ci[0], ci_high=ci[1])
    return Fact(doc_id="doc", endpoint=endpoint, stat=stat, outcome=outcome, arm=arm, subgroup=subgroup, sentence=sentence,
                section=section)


@pytest.mark.parametrize(
    "first, later",
    [
        # an HR with its CI in the abstract and again in a table row under a factor label
        (_fact("hr", 0.72, 10, "s1", arm="drug A", ci=(0.55, 0.94), outcome="os"),
         _fact("hr", 0.72, 900, "| Treatment | 0.72 (0.55-0.94) |", subgroup="Treatment", ci=(0.55, 0.94),
               outcome="os")),
        # a cohort size in the text and in a table header
        (_fact("n", 64.0, 10, "s1", arm="arm B"), _fact("n", 64.0, 900, "| | Arm B (N = 64) |", arm="Arm B (N = 64)")),
        # a cohort size unlabelled in the abstract and labelled in the results
        (_fact("n", 120.0, 10, "s1"), _fact("n", 120.0, 500, "s2", subgroup="enrolled")),
        # regression (rate-restated-in-a-table): a rate in the text and in a table column named after its arm
        (_fact("orr", 42.5, 10, "s1", arm="drug Q arm", section="results"),
         _fact("orr", 42.5, 900, "| ORR | 17 (42.5) |", arm="Drug Q/placebo", section="table")),
    ],
)
def test_restatement_under_other_labels_is_one_fact(first, later):
    merged = merge_facts([later, first])
    assert [(f.stat.start, f.mentions) for f in merged] == [(10, 2)]


@pytest.mark.parametrize(
    "first, later",
    [
        # two arms of the same size in one sentence ("41 in each arm") are two facts
        (_fact("n", 41.0, 10, "s1", arm="arm A"), _fact("n", 41.0, 20, "s1", arm="arm B")),
        # two arms of the same size in two sentences, named differently
        (_fact("n", 41.0, 10, "s1", arm="arm A"), _fact("n", 41.0, 500, "s2", subgroup="smokers")),
        # equal medians of two subgroups, without a CI to tell them apart
        (_fact("os_median", 5.3, 10, "s1", subgroup="men"), _fact("os_median", 5.3, 500, "s2", subgroup="women")),
        # equal medians of two levels of one factor, one with its CI
        (_fact("pfs_median", 4.4, 10, "s1", subgroup="PD-L1 positive"),
         _fact("pfs_median", 4.4, 500, "s2", subgroup="PD-L1 negative", ci=(3.0, 5.2))),
        # equal HRs with other CIs
        (_fact("hr", 0.9, 10, "s1", ci=(0.7, 1.1), outcome="os"),
         _fact("hr", 0.9, 500, "s2", subgroup="age", ci=(0.6, 1.3), outcome="os")),
        # equal rates of two arms, one in the text and one in a table; and equal rates stated in two sentences
        (_fact("orr", 20.0, 10, "s1", arm="arm A", section="results"),
         _fact("orr", 20.0, 900, "| ORR | 8 (20.0) |", arm="arm B", section="table")),
        (_fact("orr", 20.0, 10, "s1", arm="arm A", section="results"),
         _fact("orr", 20.0, 500, "s2", section="results")),
    ],
)
def test_equal_values_of_other_facts_are_kept(first, later):
    assert len(merge_facts([first, later])) == 2


@pytest.mark.parametrize(
    "first, later, expected",
    [
        # a full text's median stated unlabelled in a list and again with its arm: one fact, named by its arm
        (_fact("os_median", 19.4, 10, "s1", section="results"),
         _fact("os_median", 19.4, 500, "s2", arm="drug Q arm", section="results"), [(500, "drug Q arm", 2)]),
        (_fact("pfs_median", 6.2, 10, "s1", arm="arm B", section="results"),
         _fact("pfs_median", 6.2, 500, "s2", section="discussion"), [(10, "arm B", 2)]),
        # an abstract's medians are facts of their own, and so are two medians of other CIs
        (_fact("os_median", 19.4, 10, "s1", section="abstract"),
         _fact("os_median", 19.4, 500, "s2", arm="drug Q arm", section="results"),
         [(10, "", 1), (500, "drug Q arm", 1)]),
        (_fact("os_median", 8.1, 10, "s1", ci=(6.0, 9.9), section="results"),
         _fact("os_median", 8.1, 500, "s2", arm="arm A", ci=(7.0, 9.0), section="results"),
         [(10, "", 1), (500, "arm A", 1)]),
    ],
)
def test_regression_a_full_text_median_restated_unlabelled_was_two_facts(first, later, expected):
    assert [(f.stat.start, f.arm, f.mentions) for f in merge_facts([first, later])] == expected


def test_regression_a_restatement_lost_the_ci_it_gave():
    # a rate stated bare in the text and with its CI in a table: the one fact keeps the table's CI
    text = _fact("orr", 42.5, 10, "s1", arm="drug Q arm", section="results")
    table = _fact("orr", 42.5, 900, "| ORR | 17 (42.5) | (27.0–59.1) |", arm="Drug Q", ci=(27.0, 59.1), section="table")
    [merged] = merge_facts([text, table])
    assert (merged.stat.start, merged.stat.ci_low, merged.stat.ci_high, merged.mentions) == (10, 27.0, 59.1, 2)
