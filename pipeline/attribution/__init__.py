"""Attribution: give each finding its arm and subgroup, and say which strategy decided.

One entry point, :func:`attribute_sentence`. The pieces: the arms ``frame`` of the document, the
``mentions`` of arms and subgroups in the sentence, and the ordered ``strategies`` (patterns in
``rules.toml``); study scopes come from ``scopes``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from pipeline.attribution.frame import Arm, Frame, find_frame  # noqa: F401
from pipeline.attribution.labels import same_label
from pipeline.attribution.mentions import Kind, clause_ends, find_mentions, lead_subgroup
from pipeline.attribution.rules import Category, rules
from pipeline.attribution.scopes import study_scopes  # noqa: F401
from pipeline.attribution.strategies import STRATEGIES, View, learned
from pipeline.attribution.strategies.scopes import NAME_EVERY_ARM, every_arm
from pipeline.attribution.strategies.base import Answer, distinct
from pipeline.endpoints import BY_NAME, Family
from pipeline.extractors.base import Finding
from pipeline.extractors.table_rows import column_arms

#: Strategies that guess from position or context rather than from a name next to the value, and those
#: right less than 80% of the time on the dev split (attributed level, facts they decided): a column header
#: (table:column 13/36 full texts), a column group (0/2), the group before a size (n:label 40/69 over the
#: corpora), the group named after a size (n:in 13/21), the first arm of an HR's clause (hr:named 18/47),
#: "respectively" lists (23/31), the frame's order for unnamed values (list:order 101/131).
UNSURE = frozenset({"near:shared", "list:frame", "hr:frame", "table:column", "table:column-group", "n:label",
                    "n:in", "hr:named", "list:respectively", "list:order"})
NAME_NO_ARMS = "cohort:single-arm"
NAME_DEFAULT = "default:cohort"
COMPLEMENT, SHARED = "list:complement", "near:shared"


@dataclass(frozen=True, kw_only=True)
class Attributed:
    finding: Finding
    arm: str | None  # None: the whole cohort
    subgroup: str | None  # None: the main analysis
    strategies: tuple[str, ...]  # names of what decided arm and subgroup
    review: bool  # a reviewer should check this attribution


def _decide(group: Sequence[Finding], view: View, kind: Kind) -> tuple[list[str], str | None, bool]:
    """Labels, the name of the strategy that gave them, and whether to doubt them (the strategy is unsure,
    or a later strategy disagrees with a guess)."""
    chosen: list[str] | None = None
    name = None
    doubt = False
    for strategy_name, strategy in STRATEGIES[kind]:
        result = strategy(group, view, kind)
        if result is None:
            continue
        answer = result if isinstance(result, Answer) else Answer(labels=result)
        if chosen is None:
            chosen, name, doubt = answer.labels, strategy_name, not answer.sure
            if strategy_name not in UNSURE:
                break  # a name next to the value: nothing later outweighs it
        elif any(not same_label(a, b) for a, b in zip(chosen, answer.labels) if a or b):
            doubt = True
            break
    return (chosen or [""] * len(group)), name, doubt


def _told_apart(labels: Sequence[str]) -> bool:
    """Every value has its own group: all named, no two the same."""
    return len(labels) > 1 and all(labels) and not any(
        same_label(a, b) for i, a in enumerate(labels) for b in labels[i + 1:])


def population_in_doubt(text: str, start: int, end: int) -> bool:
    """The sentence names a population no strategy labels (``doubt`` rules): by referring back ("In these
    patients, ...", whose subgroup an earlier sentence gives) or by a treatment the cohort's frame does not hold
    ("In 29 patients receiving drug Q 70 mg, ..."). A value it gives no subgroup may belong to that population."""
    return any(next(r.finditer(text, start, end), None) is not None for r in rules(Category.DOUBT))


def _compares_nothing(finding: Finding, arm: str, subgroup: str) -> bool:
    """A ratio compares two groups; one that names neither an arm nor a subgroup says nothing of which (the
    strategies found no group the sentence contrasts), so a reviewer should say."""
    return BY_NAME[finding.endpoint].family is Family.HR and not arm and not subgroup


def comparison_groups(findings: Sequence[Finding]) -> list[list[Finding]]:
    """The comparisons of a sentence: findings of one cue (group) and extractor, in order."""
    groups: dict[tuple[int, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.group, f.extractor), []).append(f)
    return [sorted(g, key=lambda f: f.position) for g in groups.values()]


def sentence_view(text: str, start: int, end: int, findings: Sequence[Finding], frame: Frame, own_study: bool,
                  section: str | None = None) -> View:
    """The sentence as the strategies see it: mentions, clause ends, a leading subgroup, table columns."""
    frame_here = frame if own_study else Frame(terms=frame.terms)
    mentions = tuple(m for m in find_mentions(text, start, end, frame_here)
                     if not (section == "title" and m.kind is Kind.SUBGROUP))
    columns = tuple(column_arms(text, start, end))
    single_arm = not (len(frame_here) >= 2 or len(distinct([m for m in mentions if m.kind is Kind.ARM])) >= 2
                      or bool(columns))
    return View(text=text, start=start, end=end, mentions=mentions, frame=frame_here, own_study=own_study,
                clause_ends=tuple(clause_ends(text, start, end)),
                lead=None if section == "title" else lead_subgroup(text, start, end, frame_here),
                columns=columns, value_starts=tuple(sorted(f.stat.start for f in findings)), single_arm=single_arm)


def attribute_sentence(text: str, start: int, end: int, findings: Sequence[Finding], frame: Frame,
                       own_study: bool, section: str | None = None) -> list[Attributed]:
    """Arms and subgroups for the findings of one sentence (``own_study``: the sentence speaks for the
    document's own study, so its frame applies; a title describes the whole cohort: no subgroups)."""
    if not findings:
        return []
    view = sentence_view(text, start, end, findings, frame, own_study, section)
    arms_here = not view.single_arm  # arms are told apart where there are two: in the frame or named here
    inherited = population_in_doubt(text, start, end)
    out: list[Attributed] = []
    for group in comparison_groups(findings):
        if arms_here:
            arms, arm_by, arm_disagree = _decide(group, view, Kind.ARM)
        else:
            arms, arm_by, arm_disagree = [""] * len(group), NAME_NO_ARMS, False
        subgroups, sub_by, sub_disagree = _decide(group, view, Kind.SUBGROUP)
        apart = len(group) > 1 and len(set(arms)) == len(group) and all(arms)
        named = [s for s in subgroups if s]
        if apart and (sub_by == COMPLEMENT or (sub_by == learned.NAME and named and all(same_label(named[0], s) for s in named))):
            # the arms tell the values apart: the one subgroup named holds for all of them (the ranker gives each
            # subgroup to one value of a comparison)
            subgroups, sub_by = [min(named, key=len) if sub_by == learned.NAME else subgroups[0]] * len(group), SHARED
        elif arm_by == learned.NAME and _told_apart(subgroups) and len(set(arms)) > 1:
            # the subgroups tell the values apart, so the arms do not: "In the X arm, ORR was 40% in PD-L1-positive
            # and 20% in PD-L1-negative patients" -> the one arm the sentence names, or the whole cohort
            named_arms = distinct(view.of(Kind.ARM))
            arms, arm_by = [named_arms[0].label if len(named_arms) == 1 else ""] * len(group), SHARED
        every = every_arm(group, view) if arms_here and own_study else None
        if every is not None:
            names = tuple(n for n in (NAME_EVERY_ARM, sub_by) if n)
            out += [Attributed(finding=group[0], arm=arm or None, subgroup=subgroups[0] or None, strategies=names,
                               review=sub_disagree) for arm in every]
            continue
        names = tuple(n for n in (arm_by, sub_by) if n) or (NAME_DEFAULT,)
        unsure = arm_disagree or sub_disagree or bool(UNSURE & set(names)) or (
            arms_here and arm_by is None and group[0].endpoint != "n") or (inherited and not any(subgroups))
        # strategies speak in labels, "" for none; the record says None
        out += [Attributed(finding=f, arm=a or None, subgroup=s or None, strategies=names,
                           review=unsure or _compares_nothing(f, a, s)) for f, a, s in zip(group, arms, subgroups)]
    return out
