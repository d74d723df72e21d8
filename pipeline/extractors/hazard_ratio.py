"""Hazard ratios with outcome, CI and p: "HR: 0.46, 95% CI: 0.32-0.69; P < 0.001", "(hazard ratio, HR, 2.38; ...)"."""
from __future__ import annotations

import regex

from pipeline.extractors.align import RESPECTIVELY, without_parentheses
from pipeline.extractors.base import Finding, SentenceContext
from pipeline.extractors.cues import OTHER_ENDPOINT, TIME, Cue, find_cues
from pipeline.extractors.registry import register
from pipeline.extractors.statistics import Value, is_decimal, scan

_OUTCOME = {"pfs_median": "pfs", "os_median": "os"}


#: Words that make a death one cause's or one period's, not overall survival's: "cancer-specific mortality",
#: "prostate cancer death", "cardiovascular death", "short-term mortality", "30-day mortality".
_DEATH_QUALIFIER = (r"(?:cancer|disease|tumou?r|[\w]+-specific|specific|cardiovascular|cardiac|short-term|\d+-day"
                    r"|in-hospital|(?:peri)?operative|treatment-related)[\s-]+")
#: Outcome words when no PFS/OS cue is written: "risk of disease progression" -> pfs, "risk of death" -> os,
#: "cancer-specific mortality" -> other.
_OUTCOME_WORDS = ((regex.compile(rf"(?<!{_DEATH_QUALIFIER})\b(?:deaths?|mortality|died|dying)\b", regex.I), "os"),
                  (regex.compile(rf"\b{_DEATH_QUALIFIER}(?:deaths?|mortality)\b", regex.I), "other"),
                  (regex.compile(r"\bprogression\b(?![- ]free)", regex.I), "pfs"))


#: An HR followed by its outcome: "1.09 (0.89-1.36, p=0.39) for progression-free survival".
_FOR_OUTCOME = regex.compile(r"^[\s,]*for\s+(?:the\s+)?(?:median\s+)?$", regex.I)


_LANDMARK = "block:landmark"
#: The endpoint a landmark names: "3-year overall survival was 50% ... (HR 1.08)" compares overall survival
#: ("probability of" names none).
_LANDMARK_OUTCOMES = ((regex.compile(r"PFS|progression", regex.I), "pfs"),
                      (regex.compile(r"\bOS\b|overall|survival", regex.I), "os"))


def _cue_outcome(cue: Cue) -> str | None:
    """pfs/os for a PFS/OS cue or a landmark of one, other for another time to an event, None for a blocker
    that names no endpoint (a landmark "probability of", PFS1, age, an interval)."""
    if cue.endpoint == _LANDMARK:
        return next((name for pattern, name in _LANDMARK_OUTCOMES if pattern.search(cue.text)), None)
    if cue.blocker and not OTHER_ENDPOINT.search(cue.text):
        return None
    return _OUTCOME.get(cue.endpoint, "other")


def hr_outcome(ctx: SentenceContext, at: int, end: int | None = None) -> str:
    """The survival endpoint the HR is for: the latest time-to-event cue before it, else outcome words ("risk of
    progression" / "risk of death") before it, else the first cue after it, else outcome words after it, else the
    paragraph's last PFS/OS cue before the sentence.

    PFS and OS cues and their landmarks ("3-year OS") give pfs/os; other times (RFS, DFS, CSS, TTP, duration of
    response, ...) give other. Blockers that name no endpoint (PFS1, "probability of", age, intervals) are
    skipped. An outcome named right after the HR's value (``end``) with "for" wins.
    """
    end = at if end is None else end
    cues = [c for c in ctx.cues if TIME in c.families and _cue_outcome(c)]
    after = next((c for c in cues if c.start >= end), None)
    if after and _FOR_OUTCOME.match(without_parentheses(ctx.between(end, after.start))):
        return _cue_outcome(after)  # "1.09 (0.89-1.36) for progression-free survival"
    before = [c for c in cues if c.end <= at]
    if before:
        return _cue_outcome(before[-1])
    # outcome words before the HR ("short-term mortality (HR 1.4 ...)") before a cue after it ("... but not OS")
    words = [(m.start(), name) for pattern, name in _OUTCOME_WORDS for m in pattern.finditer(ctx.text, ctx.start, at)]
    if words:
        return max(words)[1]
    chosen = next((c for c in cues if c.start >= at and not c.blocker), None)
    if chosen:
        return _cue_outcome(chosen)
    later = [(m.start(), name) for pattern, name in _OUTCOME_WORDS for m in pattern.finditer(ctx.text, end, ctx.end)]
    if later:
        return min(later)[1]  # "HR 0.62 (...) for death"
    return _outcome_before(ctx)


#: How far back in its paragraph an HR without any outcome word in its sentence looks for one.
_LOOK_BACK = 400


def _outcome_before(ctx: SentenceContext) -> str:
    """The outcome of the paragraph's latest PFS/OS cue before the sentence ("Overall survival did not differ.
    The hazard ratio was 0.97 (...)"), else ``other``."""
    start = max(ctx.text.rfind("\n", 0, ctx.start) + 1, ctx.start - _LOOK_BACK)
    named = [c for c in find_cues(ctx.text[start : ctx.start]) if c.endpoint in _OUTCOME]
    return _OUTCOME[named[-1].endpoint] if named else "other"


def _respectively_outcomes(ctx: SentenceContext, hrs: list) -> list[str] | None:
    """"shorter PFS and OS ... (HR = 1.83 ...) and (HR = 1.80 ...), respectively": one outcome per HR, in order."""
    if len(hrs) < 2 or not RESPECTIVELY.search(ctx.sentence):
        return None
    first = hrs[0].stat.start
    named = [_OUTCOME[c.endpoint] for c in ctx.cues if c.end <= first and c.endpoint in _OUTCOME]
    return named[-len(hrs):] if len(named) >= len(hrs) and len(set(named[-len(hrs):])) == len(hrs) else None


#: Between an HR and the next value of its list: "1.96 (1.2-3.1) for A, 3.10 (...)", "... and 1.09 (...)",
#: "0.86 (...) the year before and the first year after 1.26 (...)", "... for patients with a long-named subtype, 3.10",
#: "(HR 0·76, ...), as was progression-free survival (0·66, ...)", "men (HR 1·52, ...), or ECOG status 3 (1·69, ...)"
#: (whole numbers may name the next subgroup; decimals and percentages are values of their own).
_NO_VALUE = r"(?!\d+[.·]\d|\d+\s*%)"
_HR_LIST_GAP = regex.compile(rf"^(?:{_NO_VALUE}[^;]){{0,90}}?(?:,|\band\b|\bvs\.?|\bversus)\s*"
                             rf"(?:(?:{_NO_VALUE}[^;,]){{0,45}}?(?:\b(?:was|were|of|=|:))?)?\s*$", regex.I)
#: A bare ratio continuing an HR list is below this (durations and rates are larger, and carry units).
_MAX_LISTED_HR = 20.0


#: "Hazard ratios for patients without rash, compared with placebo, were 1.30 (...)": an HR named well before its value.
_HR_WORD = regex.compile(r"\b(?:hazard\s+ratios?|[ad]?HRs?)\b", regex.I)
#: The gap may hold whole numbers that name the comparison ("HR for fracture 0-10 years after surgery was"), not
#: values (decimals, percentages).
_HR_NAMED_GAP = regex.compile(r"^(?:(?!\d+[.·]\d|\d+\s*%)[^;]){0,100}?\b(?:was|were|of|is|are)\s*[:=]?\s*$", regex.I)


#: A semicolon that introduces a CI or p-value ("1.21; 95% CI ...") separates no list items.
_BEFORE_ATTACHED = regex.compile(r";\s*$")
#: What hangs on a value (its CI and p-value) and is no value of its own.
_ATTACHED = frozenset({"ci", "p", "paren_pair", "comma_pair", "pct_pair"})


def _list_gap(ctx: SentenceContext, a: int, b: int) -> str:
    """The text between two listed HRs, the first's CI and p-value blanked out with the semicolon before them
    ("0·76, 95% CI 0·63–0·92, p=0·0058), as was PFS (" -> "0·76,  ,  ), as was PFS (", "1.21; 95% CI, 1.10 to
    1.33), marker B (" -> "1.21 ), marker B (") and parentheses left out."""
    gap = ctx.between(a, b)
    for atom in reversed(scan(gap)):
        if atom.kind in _ATTACHED:
            gap = _BEFORE_ATTACHED.sub("", gap[: atom.start]) + " " + gap[atom.end :]
    return without_parentheses(gap)


def _bare_ratio(v: Value) -> bool:
    return (v.kind == "number" and v.stat.ci_low is not None and is_decimal(v.stat.raw) and v.stat.value is not None
            and v.stat.value <= _MAX_LISTED_HR)


def _named_before(ctx: SentenceContext, v: Value) -> bool:
    """Is the bare ratio ``v`` the value of an HR word before it ("HR for those ... was 1.28 (0.95-1.72)")?"""
    words = list(_HR_WORD.finditer(ctx.text, ctx.start, v.stat.start))
    return bool(words) and bool(_HR_NAMED_GAP.match(without_parentheses(ctx.between(words[-1].end(), v.stat.start))))


#: A value labelled "RR" (a relative risk) is a hazard ratio only in a sentence about a time to an event (the
#: contract's "relative risk of a Cox model for death or progression"); "RR of lung cancer 0.84" is not one.
_RR_LABEL = regex.compile(r"\bRR\s*[:=,]?\s*$")
_EVENT_TIME = regex.compile(r"surviv|death|died|mortality|progression|relapse|recurrence|\b(?:PFS|OS|DFS|EFS|TTP)\b",
                            regex.I)


def _risk_ratio(ctx: SentenceContext, v: Value) -> bool:
    """An "RR" value in a sentence that names no time to an event: a risk ratio, not a hazard ratio."""
    labelled = _RR_LABEL.search(ctx.text, max(ctx.start, v.stat.start - 12), v.stat.start) is not None
    return labelled and _EVENT_TIME.search(ctx.text, ctx.start, ctx.end) is None


def _listed_hrs(ctx: SentenceContext) -> list[Value]:
    """The HRs of a sentence: "HR" values, bare ratios with a CI named by an HR word before them, and bare
    ratios with a CI that continue a list after one ("HRs were 1.96 (1.2-3.1) for A, 3.10 (2.0-4.8) for B")."""
    out, last = [], None
    for v in ctx.values:
        if v.kind == "hr" and _risk_ratio(ctx, v):
            last = None
        elif v.kind == "hr" or (_bare_ratio(v) and last is None and _named_before(ctx, v)):
            out.append(v)
            last = v
        elif (last is not None and _bare_ratio(v)
              and (_HR_LIST_GAP.match(_list_gap(ctx, last.stat.end, v.stat.start))
                   or _named_before(ctx, v))):  # "HR 1.19 (...) and the HR from analysis B was 1.36 (...)"
            out.append(v)
            last = v
        elif v.kind != "number":
            last = None
    return out


@register("hazard_ratio")
def hazard_ratios(ctx: SentenceContext) -> list[Finding]:
    hrs = _listed_hrs(ctx)
    outcomes = _respectively_outcomes(ctx, hrs) or [hr_outcome(ctx, v.stat.start, v.stat.end) for v in hrs]
    return [Finding(endpoint="hr", stat=v.stat, extractor="hazard_ratio", outcome=o, cue_start=None, group=i, position=0, group_size=1) for i, (v, o) in enumerate(zip(hrs, outcomes))]
