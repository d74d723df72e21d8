"""Every attribution rule matches its examples and none of its counterexamples; malformed rules fail loudly."""
from __future__ import annotations

import pytest

from pipeline.attribution.rules import RuleError, all_rules, check_rule, parse_rules, rule


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.name)
def test_rule_matches_its_examples_and_not_its_counterexamples(rule) -> None:
    assert check_rule(rule) == []


def test_every_category_has_rules() -> None:
    from pipeline.attribution.rules import Category

    assert {r.category for r in all_rules()} == set(Category)


@pytest.mark.parametrize(("toml", "message"), [
    ('[[rule]]\nname = "x"\ncategory = "frame"\npattern = "a"\n', "no examples"),
    ('[[rule]]\nname = "x"\ncategory = "nonsense"\npattern = "a"\nexamples = ["a"]\n', "rule x"),
    ('[[rule]]\nname = "x"\ncategory = "frame"\npattern = "("\nexamples = ["a"]\n', "bad pattern"),
    ('[[rule]]\nname = "x"\ncategory = "frame"\npattern = "{NOPE}"\nexamples = ["a"]\n', "unknown macro"),
    ('[[rule]]\nname = "x"\ncategory = "frame"\npattern = "a"\ngroup = "g"\nexamples = ["a"]\n', "no group"),
    ('[[rule]]\nname = "x"\ncategory = "frame"\npattern = "a"\nexamples = ["a"]\n' * 2, "defined twice"),
    ('[[rule]]\nname = "x"\ncategory = "subgroup"\npattern = "a"\nexamples = ["a"]\ntreatment_label = "yes"\n',
     "treatment_label must be true or false"),
    ('[[rule]]\nname = "x"\ncategory = "frame"\npattern = "a"\nanchor = "["\nexamples = ["a"]\n', "bad anchor"),
])
def test_malformed_rules_fail_loudly(toml: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_rules(toml)


def test_a_rule_failing_its_example_is_reported() -> None:
    (rule,) = parse_rules('[[rule]]\nname = "x"\ncategory = "frame"\npattern = "abc"\nexamples = [["xabcx", "ab"]]\n'
                          'counterexamples = ["abc"]\n')
    problems = check_rule(rule)
    assert any("finds 'abc'" in p for p in problems) and any("counterexample" in p for p in problems)


def test_an_anchor_outside_the_match_of_an_example_is_reported() -> None:
    (rule,) = parse_rules('[[rule]]\nname = "x"\ncategory = "frame"\npattern = "ab"\nanchor = "c"\nexamples = ["ab c"]\n')
    assert any("holds no anchor" in p for p in check_rule(rule))


@pytest.mark.parametrize(("name", "text"), [
    ("frame:n-label", "Of the 61 enrolled, the sham arm (n = 29) and the laser arm (n=32) were followed."),
    ("frame:n-label", "Response was similar (HR = 0.91, P = 0.62) across the two cohorts."),  # "=" but no size
    ("frame:n-label", "Two regimens were given: weekly dosing, n = 14; monthly dosing, N=15."),
    ("frame:defined", "Patients given hepatic arterial infusion (HAI group) and those observed (OBS) were compared."),
    ("frame:defined", "Survival was longer (HR 0.55; 95% CI 0.3-0.9) in (Table 2) those treated."),  # brackets, no short form
])
def test_an_anchor_loses_no_match(name: str, text: str) -> None:
    r = rule(name)
    for pos, endpos in ((0, len(text)), (10, len(text)), (0, len(text) - 12)):
        assert [m.span() for m in r.finditer(text, pos, endpos)] == [m.span() for m in r.pattern.finditer(text, pos, endpos)]


def test_regression_lead_rules_match_at_the_sentence_start_not_only_at_the_text_start() -> None:
    from pipeline.attribution.frame import Frame
    from pipeline.attribution.mentions import lead_subgroup

    text = "Intro sentence. In CLL, an ORR of 65% was achieved."
    lead = lead_subgroup(text, text.index("In CLL"), len(text), Frame())
    assert lead is not None and lead.label == "CLL"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.name)
def test_skipping_a_text_without_the_words_a_rule_needs_loses_no_match(rule) -> None:
    texts = [e.text for e in rule.examples] + list(rule.counterexamples)
    for text in texts + [f"Before. {t} After." for t in texts]:
        for pos, endpos in ((0, len(text)), (min(8, len(text)), len(text)), (0, max(0, len(text) - 7))):
            expected = [m.span() for m in rule.pattern.finditer(text, pos, endpos)]
            assert [m.span() for m in rule.finditer(text, pos, endpos)] == expected, (text, pos, endpos)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.name)
def test_regression_a_rule_anchored_with_caret_never_matched_at_a_sentence_inside_a_document(rule) -> None:
    # sentences are searched from their offset in the document: "^" matches only at the text's start, "\G" there
    prefix = "An earlier sentence ends here. "
    for example in rule.examples:
        alone = next(rule.finditer(example.text), None)
        inside = next(rule.finditer(prefix + example.text, len(prefix)), None)
        assert inside is not None and rule.found(inside) == rule.found(alone), example.text
