"""Endpoint cues and blockers: the words that say what a number in a sentence measures.

Each cue is a named pattern with example strings in its docstring-like comment.
A *blocker* is a cue for something that is not one of our endpoints (follow-up,
landmark rates, TTP, any-grade AEs, odds ratios): a value after a blocker is not
given to an earlier endpoint cue.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

RATE, TIME, HR, N = "rate", "time", "hr", "n"
FAMILY = {"orr": RATE, "dcr": RATE, "trae_grade3": RATE, "pfs_median": TIME, "os_median": TIME, "hr": HR, "n": N}

_GE3 = (
    r"(?:grade\s*(?:≥|>=|=>|⩾|>\s*2|3\s*(?:or|and)\s*(?:higher|above|more|greater|4)|3\s*[-–/]\s*[45]|III(?:\s*[-–/]\s*IV)?|3\+?)"
    r"|(?:≥|>=|⩾)\s*grade\s*3|grade\s*≥\s*3|severe)"
)
_AE = r"(?:(?:treatment|immune)[- ]related\s+)?(?:adverse\s+(?:events?|reactions?)|TRAEs?|AEs?|irAEs?|toxicit(?:y|ies)|TEAEs?)"

#: (endpoint, pattern, case-sensitive?) in priority order. Examples in comments.
CUE_PATTERNS: tuple[tuple[str, str, bool], ...] = (
    # "objective response rate", "overall response rate", "ORR", "ORRs", "response rate"
    ("orr", r"\b(?:objective|overall)\s+response\s+rates?\b|\bresponse\s+rates?\b|\bORRs?\b|\bobjective\s+responses?\b", False),
    # "disease control rate", "DCR"
    ("dcr", r"\bdisease[- ]control\s+rates?\b|\bDCRs?\b|\bdisease\s+control\b", False),
    # "Grade ≥3 TRAEs", "grade 3 or higher adverse events", "≥Grade 3 irAEs", "grade 3-4 AEs", "grade 3 toxicity"
    ("trae_grade3", rf"{_GE3}(?:\s*(?:\([^)]{{0,12}}\)|or\s+higher|or\s+above|[\w-]+)){{0,3}}?\s*{_AE}\b", False),
    # "progression-free survival", "median PFS", "mPFS", "PFS2", "PFS_2_", "rPFS"
    ("pfs_median", r"\bprogression[- ]free\s+survival\b|\b[mr]?PFS(?:_?2_?|-?2)?(?![\w_])", False),
    # "overall survival", "median OS", "mOS", "OS2", "OS_2_"
    ("os_median", r"\boverall\s+survival\b|\bm?OS(?:_?2_?|-?2)?(?![\w_])", True),
)

#: Things that are not our endpoints: (name, family it blocks, pattern, case-sensitive?).
BLOCKER_PATTERNS: tuple[tuple[str, str, str, bool], ...] = (
    # "6-month PFS", "1-year OS rate", "2-year PFS rates", "12-month OS"
    ("landmark", f"{TIME}|{RATE}", r"\b\d+[- ](?:month|year|yr)s?\s+(?:PFS|OS|overall|progression|survival)|\b(?:PFS|OS|survival)\s+rates?\b", False),
    # "ranged from 10% to 30%", "ranging from 1.6 to 3.1 months": ranges across studies or patients
    ("range", f"{TIME}|{RATE}", r"\brang(?:ed|ing|es?)\s+(?:from|between)\b", False),
    # "PFS1", "PFS_1_", "PFS-1" (the first-line PFS, a selection criterion)
    ("pfs1", TIME, r"\bPFS\s*[-_]?\s*1_?(?![\d.])|\bfirst[- ]line\s+PFS\b", False),
    # "median follow-up", "TTP", "time to progression", "duration of response", "TTNT", "treatment-free interval", "aged"
    ("other_time", TIME, r"\bfollow[- ]?up\b|\bTTP\b|\btime\s+to\b|\bduration\s+of\s+(?:response|treatment)\b|\bDoR\b|\bTTNT\b"
                   r"|\btreatment[- ]free\s+interval\b|\bTFI\b|(?<!confidence\s)\binterval\b|\bmedian\s+age\b|\baged?\b|\brange\b"
                   r"|\b(?:disease|recurrence|relapse|event|metastasis|distant[- ]metastasis)[- ]free\s+survival\b"
                   r"|\b(?:cancer|disease)[- ]specific\s+survival\b|\b(?:[A-Z]+-)?(?:DFS|RFS|EFS|MFS|CSS|DSS|TTF)\b", False),
    # "any-grade TRAEs", "recurrence rate", "grade 1-2", "the most common ... were anemia", "odds ratio"
    ("other_rate", RATE, r"\bany[- ]grade\b|\bgrade\s*[12](?:\s*[-–]\s*2)?\b(?!\s*(?:or|and)\s*(?:higher|above))|\brecurren(?:ce|t)\b"
                   r"|\bincidence\s+of\s+(?:TRAEs|AEs|adverse)\b|\bmost\s+(?:common|frequent)\b(?:[^;.]{0,60}?\b(?:were|was|included)\b)?|\brisk\b|\bodds\s+ratio\b|\bdiscontinu\w+\b", False),
    # "CR rate", "complete response rate", "pCR": a response category, not the objective response rate
    ("response_category", RATE, r"\b(?:CR|PR|pCR|complete\s+(?:response|remission)|partial\s+(?:response|remission)"
                               r"|path(?:ologic(?:al)?)?\s+complete\s+response)(?:\s+rates?)?\b", False),
    # "OR 2.1" (odds ratio abbreviation; case-sensitive so that "or" is not taken for it)
    ("odds_ratio", RATE, r"\bORs?\b", True),
)


#: A sentence about the design, not the results: its numbers are assumptions ("Assuming an ORR of 30%, 120
#: patients were needed to detect ...", "a sample size of 94 gives a power of 80%").
DESIGN_SENTENCE = regex.compile(
    r"\b(?:assum(?:ing|ed|ption)|hypothesi[sz]ed|to\s+detect|(?:a|the|statistical)\s+power\s+of|power\s+of\s+\d+\s*%"
    r"|sample\s+size|would\s+(?:be\s+)?(?:need|requir)\w*|were\s+(?:needed|required)\s+to|was\s+calculated"
    r"|null\s+hypothesis|alternative\s+hypothesis|one-sided\s+(?:alpha|α)|type\s+I\s+error)\b",
    regex.I,
)


@dataclass(frozen=True)
class Cue:
    endpoint: str  # an endpoint, or "block:<name>"
    start: int
    end: int
    text: str

    family: str  # "time", "rate", ...; a blocker may block several: "time|rate"

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(self.family.split("|"))

    @property
    def blocker(self) -> bool:
        return self.endpoint.startswith("block:")


_CUES = [(f"{name}", FAMILY[name], regex.compile(p, 0 if cs else regex.I)) for name, p, cs in CUE_PATTERNS]
_BLOCKERS = [(f"block:{name}", fam, regex.compile(p, 0 if cs else regex.I)) for name, fam, p, cs in BLOCKER_PATTERNS]


def find_cues(sentence: str, offset: int = 0) -> list[Cue]:
    """Endpoint cues and blockers in a sentence, by position; overlapping matches keep the longest.

    >>> [c.endpoint for c in find_cues("higher ORR (30.6%) and median PFS but a 6-month PFS rate")]
    ['orr', 'pfs_median', 'block:landmark']
    """
    found = [
        Cue(name, m.start(), m.end(), m.group(), family)
        for name, family, pattern in (*_BLOCKERS, *_CUES)
        for m in pattern.finditer(sentence, timeout=2.0)
    ]
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Cue] = []
    for c in found:
        if kept and c.start < kept[-1].end:
            continue
        kept.append(c)
    return [Cue(c.endpoint, c.start + offset, c.end + offset, c.text, c.family) for c in kept]
