"""Attribution: give each finding its arm, subgroup and study.

One entry point, :func:`attribute_sentence`; the frame finder (``frame``), the
label finder (``labels``) and the scope finder (``scopes``) are small separately
tested functions.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.attribution.frame import Arm, arm_received, find_frame  # noqa: F401
from pipeline.attribution.labels import ARM, SUBGROUP, Label, complement, find_labels
from pipeline.attribution.scopes import study_scopes  # noqa: F401
from pipeline.extractors.base import Finding
from pipeline.extractors.table_rows import column_arms

_CLAUSE_END = regex.compile(r",\s*(?:whereas|while|but|although)\b|;|\.\s")
_FILLER = frozenset("the group arm patients patient with of in cohort a an".split())


def token_set(label: str) -> frozenset[str]:
    """Lowercased tokens without filler words, for comparing labels."""
    return frozenset(t for t in regex.findall(r"[\w+/<>=.-]+", label.lower()) if t not in _FILLER)


def canonical_arm(label: str, frame: tuple[Arm, ...]) -> str:
    """The frame arm a label names ("the chemotherapy group" -> "chemotherapy"), else the label itself."""
    tokens = token_set(label)
    for arm in frame:
        for alias in arm.aliases:
            alias_tokens = token_set(alias)
            if tokens and alias_tokens and (tokens == alias_tokens or tokens <= alias_tokens and len(tokens) * 2 >= len(alias_tokens)
                                           or alias_tokens <= tokens and len(alias_tokens) * 2 >= len(tokens)):
                return arm.name
    return label


@dataclass(frozen=True)
class Attributed:
    finding: Finding
    arm: str
    subgroup: str


def _ordered(labels: list[Label], first_value_at: int) -> list[Label]:
    """Labels in the order of the values they stand for: a comparator named before the values goes last.

    "Compared with the non-combination group, the combination group showed PFS (20.8 vs. 8.2 months)"
    -> [combination group, non-combination group].
    """
    early_refs = [l for l in labels if l.reference and l.end <= first_value_at]
    return [l for l in labels if l not in early_refs] + early_refs


def _distinct(labels: list[Label], frame: tuple[Arm, ...]) -> list[Label]:
    seen: set[str] = set()
    out = []
    for l in labels:
        key = canonical_arm(l.text, frame) if l.kind == ARM else l.text.lower()
        if key not in seen:
            seen.add(key)
            out.append(l)
    return out


def _nearest_before(labels: list[Label], at: int) -> Label | None:
    before = [l for l in labels if l.end <= at]
    return before[-1] if before else None


def attribute_sentence(
    text: str, start: int, end: int, findings: list[Finding], frame: tuple[Arm, ...], own_study: bool
) -> list[Attributed]:
    """Arms and subgroups for the findings of one sentence."""
    if not findings:
        return []
    aliases = tuple(a for arm in frame for a in arm.aliases) if own_study else ()
    labels = find_labels(text, start, end, aliases)
    frame_here = frame if own_study else ()
    out: list[Attributed] = []
    groups: dict[tuple[int, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.group, f.extractor), []).append(f)
    columns = column_arms(text, start, end)
    for members in groups.values():
        members.sort(key=lambda f: f.position)
        if columns and members[0].label is None:
            out += [Attributed(f, _column_arm(columns, f, frame_here), "") for f in members]
        else:
            out += _attribute_group(text, start, end, members, labels, frame_here)
    return out


def _column_arm(columns: list[tuple[int, int, str]], f: Finding, frame: tuple[Arm, ...]) -> str:
    """A table value's arm is its column's header."""
    for cell_start, cell_end, arm in columns:
        if cell_start <= f.stat.start < cell_end:
            return canonical_arm(arm, frame)
    return ""


def _attribute_group(text, start, end, members: list[Finding], labels: list[Label], frame) -> list[Attributed]:
    k = len(members)
    if members[0].label is not None:
        return [Attributed(f, "", f.label or "") for f in members]
    first = members[0].stat.start
    # labels after the group's values belong to the next clause ("..., whereas ... in CPS<1 patients")
    last = max(f.stat.end for f in members)
    clause_end = _CLAUSE_END.search(text, last, end)
    reach = min(last + 45, clause_end.start() if clause_end else end)
    labels = [l for l in labels if l.start < reach]
    arms = _distinct(_ordered([l for l in labels if l.kind == ARM], first), frame)
    subs = _distinct(_ordered([l for l in labels if l.kind == SUBGROUP], first), frame)
    name = lambda l: canonical_arm(l.text, frame)  # noqa: E731
    if members[0].endpoint == "n" and k == 1:
        f = members[0]
        received = arm_received(text, start, end, f.stat.start)
        if received:
            return [Attributed(f, canonical_arm(received, frame), "")]
    if members[0].endpoint == "hr":
        f = members[0]
        if len(arms) >= 2 or (frame and arms):
            return [Attributed(f, name(arms[0]), "")]
        if len(frame) >= 2 and not subs:
            # an HR of the own study's comparison: the experimental arm is named first
            return [Attributed(f, frame[0].name, "")]
        sub = _nearest_before(subs, f.stat.start) or (subs[0] if subs else None)
        return [Attributed(f, "", sub.text if sub else "")]
    if k >= 2:
        if len(subs) >= k and len(arms) < k:
            arm = name(arms[0]) if len(arms) == 1 else ""
            return [Attributed(f, arm, subs[i].text) for i, f in enumerate(members)]
        sub = subs[0].text if len(subs) == 1 else ""
        if len(arms) >= k:
            return [Attributed(f, name(arms[i]), sub) for i, f in enumerate(members)]
        if len(frame) == k:
            return [Attributed(f, frame[i].name, sub) for i, f in enumerate(members)]
        if len(subs) == 1 and k == 2 and complement(subs[0].text):
            return [Attributed(members[0], "", subs[0].text), Attributed(members[1], "", complement(subs[0].text))]
        return [Attributed(f, "", "") for f in members]
    f = members[0]
    if f.endpoint == "n":
        # a cohort size takes only a label written just before it: "a resistant group (PFS1 < 6 months, n=51)";
        # what follows "165 patients, who ..." describes the whole cohort
        arm = _nearest_before([l for l in arms if f.stat.start - l.end <= 30], f.stat.start)
        sub = _nearest_before([l for l in subs if f.stat.start - l.end <= 30], f.stat.start)
    else:
        arm = _nearest_before(arms, f.stat.start) or _label_right_after(arms, f.stat.end)
        sub = _nearest_before(subs, f.stat.start) or _label_right_after(subs, f.stat.end)
    return [Attributed(f, name(arm) if arm else "", sub.text if sub else "")]


def _label_right_after(labels: list[Label], at: int, window: int = 40) -> Label | None:
    """"26.5% of patients in the immunotherapy rechallenge group": a label shortly after the value."""
    after = [l for l in labels if 0 <= l.start - at <= window]
    return after[0] if after else None

