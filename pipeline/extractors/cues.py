"""Endpoint cues and blockers: the words that say what a number in a sentence measures.

Each cue is a named pattern with example strings in its docstring-like comment.
A *blocker* is a cue for something that is not one of our endpoints (follow-up,
landmark rates, TTP, any-grade AEs, odds ratios): a value after a blocker is not
given to an earlier endpoint cue.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.endpoints import REGISTRY, Family
from pipeline.extractors.needs import Needs, needs, present

RATE, TIME, HR, N = Family.RATE, Family.TIME, Family.HR, Family.N
FAMILY = {e.name: e.family for e in REGISTRY}

#: The level of a grade >= 3 after the word "grade": "≥3", "3-4", "III", "3 or higher", "> 2".
_GE3_LEVEL = r"(?:(?:≥|>=|=>|⩾)\s*(?:3|III)|>\s*2|3|III)"
_GE3 = (
    r"(?:grade\s*(?:(?:≥|>=|=>|⩾)\s*(?:3|III)|>\s*2|3\s*(?:or|and)\s*(?:higher|above|more|greater|4)|3\s*[-–/]\s*[45]"
    r"|III(?:\s*[-–/]\s*IV)?|3\+?)"
    r"|(?:≥|>=|⩾)\s*grade\s*3|\bG\s*(?:≥\s*3|3\s*[-–/]\s*[45]|3\+?)(?!\d)|severe|high[- ]grade)"
)
#: "(CR + PR + SD)", "(ORR+stable disease)", "(PR+SD)": what makes a rate a disease control rate
_DCR_DEFINITION = r"\(\s*(?:CR\s*\+\s*)?(?:PR|ORR|CR)\s*\+\s*(?:SD|stable\s+disease)\s*\)"
#: Single adverse events and AE categories (British and American spellings).
NAMED_AE = (
    r"neutropeni\w*|an(?:a)?emi\w*|thrombocytopeni\w*|leu[ck]openi\w*|lymphopeni\w*|diarrh(?:o)?ea|nausea|vomiting"
    r"|fatigue|asthenia|hypertension|rash|mucositis|stomatitis|neuropath\w*|h(?:a)?ematolog\w*|non-h(?:a)?ematolog\w*"
    r"|hepatotoxicit\w*|transaminase\w*|pneumonitis|colitis|hyponatr(?:a)?emia|hyperbilirubin(?:a)?emia|infections?"
    r"|thrombocytes|platelets|neutrophils|leu[ck]ocytes|febrile|anorexia|thrombo(?:embolism|sis)|arthralgia|myalgia|constipation|hand-foot|proteinuria"
)
#: Organ systems and kinds that make an AE noun one category of adverse events, not all of them: "neurological
#: toxicity", "gastrointestinal adverse events", "infusion-related reactions" (names only before such a noun: "renal
#: cell carcinoma", "hepatic metastases" name no AE).
AE_CATEGORY = (r"(?:neurolog\w*|neurotoxic\w*|neurosensory|sensory|gastrointestinal|cardiac|cardiovascular|renal|hepatic"
               r"|(?:non-)?h(?:a)?ematolog\w*"
               r"|cutaneous|dermatolog\w*|skin|pulmonary|respiratory|ocular|infusion[- ]related|injection[- ]site)")
_AE = (r"(?:(?:treatment|immune)[- ]related\s+)?(?:adverse\s+(?:events?|reactions?)|TRAEs?|AEs?|irAEs?|toxicit(?:y|ies)|TEAEs?"
       r"|side[- ]effects?)")

#: (endpoint, pattern, case-sensitive?) in priority order. Examples in comments.
CUE_PATTERNS: tuple[tuple[str, str, bool], ...] = (
    # "objective response rate", "overall response rate", "ORR", "ORRs", "response rate"
    ("orr", r"\b(?:objective|overall)\s+response\s+rates?\b|\bresponse\s+rates?\b|\bORRs?\b|\bobjective\s+responses?\b", False),
    # "RR and DCR were 44.2 and 80.8 %", "Overall RR was 38.5%" (RR = response rate; an RR with a CI is a
    # relative risk, read as a hazard ratio by the statistics scanner)
    ("orr", r"(?<!ratio\s\()(?<!ratio\s\[)\bRRs?\b", True),
    # "disease control rate", "DCR", "clinical benefit rate (PR+SD)", "CRR (CR + PR + SD)": a rate defined as
    # responses plus stable disease, without a minimum duration; "tumour control rate" is its other name (not
    # its abbreviation "TCR", the T-cell receptor's too)
    ("dcr", r"\bdisease[-\s]+control\s+rates?\b|\bDCRs?\b|\bdisease\s+control\b|\btumou?r[-\s]+control\s+rates?\b"
            rf"|\b(?:[\w-]+\s+){{0,2}}[\w-]+(?=\s*{_DCR_DEFINITION})", False),
    # "Grade ≥3 TRAEs", "grade 3 or higher adverse events", "≥Grade 3 irAEs", "grade 3-4 AEs", "grade 3 toxicity"
    # (not "grade 3 neurological toxicity": one category of AEs, blocked as ``organ_ae``)
    ("trae_grade3", rf"{_GE3}(?:\s*(?:\([^)]{{0,12}}\)|or\s+higher|or\s+above|(?!{AE_CATEGORY}\b)[\w-]+)){{0,3}}?\s*{_AE}\b",
     False),
    # "adverse reactions at grade 3", "AEs of grade 3 or higher"
    ("trae_grade3", rf"(?<!serious\s)\b{_AE}\s+(?:of\s+|at\s+)?{_GE3}(?:\s*(?:or|and)\s*(?:higher|above|4|5))?", False),
    # "progression-free survival", "median PFS", "mPFS", "PFS2", "PFS_2_", "rPFS"
    ("pfs_median", r"\bprogression[-\s]+free\s+survival\b|\b[mr]?PFS(?:_?2_?|-?2)?(?![\w_])", False),
    # "overall survival", "median OS", "mOS", "OS2", "OS_2_"
    ("os_median", r"\boverall\s+survival\b|\bm?OS(?:_?2_?|-?2)?(?![\w_])", True),
    # "median survival", "median survival time", "survival was 7.1 vs. 5.0 months": survival alone means OS
    ("os_median", r"(?<!free[\s-])(?<!specific\s)(?<!progression\s)\bsurvival(?:\s+time)?\b(?!\s+(?:rates?|probabilit))", False),
)

#: "1-year", "12-month", "6 months": the time of a landmark rate ("the 1-year, 3-year, and 5-year survival rate")
_LANDMARK_TIME = r"\d+[- ](?:month|year|yr)s?"

#: Things that are not our endpoints: (name, family it blocks, pattern, case-sensitive?).
BLOCKER_PATTERNS: tuple[tuple[str, str, str, bool], ...] = (
    # "6-month PFS", "1-year OS rate", "2-year PFS rates", "12-month OS"
    ("landmark", f"{TIME}|{RATE}", rf"\b{_LANDMARK_TIME}(?:\s*,?\s*(?:and\s+)?{_LANDMARK_TIME})*\s+(?:[a-z]+\s+)?"
                                  r"(?:PFS|OS|overall(?:\s+survival)?|progression(?:[-\s]+free\s+survival)?|survival)"
                                  r"|\b(?:PFS|OS|survival)\s+rates?\b|\bprobability\s+of\b"
                                  r"|\b(?:PFS|OS|survival)(?:\s+rates?)?\s+at\s+\d+\s*(?:months?|mo|years?|weeks?)\b", False),
    # "ranged from 10% to 30%", "ranging from 1.6 to 3.1 months": ranges across studies or patients
    ("range", f"{TIME}|{RATE}", r"\brang(?:ed|ing|es?)\s+(?:from|between)\b", False),
    # "PFS1", "PFS_1_", "PFS-1" (the first-line PFS, a selection criterion)
    ("pfs1", TIME, r"\bPFS\s*[-_]?\s*1_?(?![\d.])|\bfirst[- ]line\s+PFS\b", False),
    # "median follow-up", "TTP", "time to progression", "duration of response", "TTNT", "treatment-free interval", "aged"
    # "duration of response", "DoR": a time, and never a rate ("median DOR was 7.4")
    ("dor", f"{TIME}|{RATE}", r"\bduration\s+of\s+(?:response|remission)\b|\bDoR\b", False),
    # "clinical benefit rate", "CBR" (a rate of responses and lasting stable disease, unless defined as a DCR)
    ("clinical_benefit", RATE, rf"\b(?:clinical\s+benefit(?:\s+rates?)?|CBRs?)\b(?!\s*{_DCR_DEFINITION})", False),
    # (one "\b" before the alternatives, not one per alternative: the same matches, 2.5x faster to scan)
    ("other_time", TIME, r"\b(?:follow[- ]?up\b|F/U\b|TTP\b|times?\s+to\b|duration\s+of\s+treatment\b|TTNT\b"
                   r"|treatment[- ]free\s+interval\b|TFI\b|(?<!confidence\s)interval\b|median\s+age\b|aged?\b|range\b"
                   r"|(?:disease|recurrence|relapse|event|metastasis|distant[- ]metastasis)[- ]free\s+survival\b"
                   r"|(?:cancer|disease)[- ]specific\s+survival\b|(?:[A-Z]+-)?(?:DFS|RFS|EFS|MFS|CSS|DSS|TTF)\b)", False),
    # "any-grade TRAEs", "recurrence rate", "grade 1-2", "the most common ... were anemia", "odds ratio"
    # ("any grade 3-4 adverse event" is a grade >= 3 rate: "any" qualifies the event there, not the grade)
    ("other_rate", RATE, rf"\b(?:any|all)[- ]grades?\b(?!\s*{_GE3_LEVEL})"
                   r"|\bgrade\s*[12](?:\s*[-–]\s*2)?\b(?!\s*(?:or|and)\s*(?:higher|above))|\brecurren(?:ce|t)\b"
                   r"|\bincidence\s+of\s+(?:TRAEs|AEs|adverse)\b(?!\s+\w+\s+(?:of\s+|at\s+)?grade\s*(?:3|III|≥|>=))|\bmost\s+(?:common|frequent)\b(?:[^;.]{0,60}?\b(?:were|was|included)\b)?|\brisk\b|\bodds\s+ratio\b|\bdiscontinu\w+\b", False),
    # "CR rate", "complete response rate", "pCR", "10 CRs", "partial responses", "stable disease", "SD":
    # a response category, not the objective response rate; a sum of categories ("complete+partial response",
    # "PR + SD") or the categories a rate includes ("DCR including stable disease") define a rate, no category
    ("response_category", RATE, r"(?<!\bincluding\s+|\+\s*)\b(?:CRs?|PRs?|pCR|SD|complete\s+(?:respons|remission)\w*"
                               r"|partial\s+(?:respons|remission)\w*|stable\s+disease"
                               r"|path(?:ologic(?:al)?)?\s+complete\s+response)(?:\s+rates?)?\b(?!\s*\+)", False),
    # a single named adverse event or category ("neutropenia 32%", "hematologic (29%)"): not all grade >= 3 AEs
    ("named_ae", RATE, rf"\b(?:{NAMED_AE})\b", False),
    # "neurological toxicity", "grade 3 gastrointestinal AEs", "other neurological toxicity grade 3": one category
    ("organ_ae", RATE, rf"\b{AE_CATEGORY}\s+(?:{_AE}|disorders?|reactions?|events?)\b", False),
    # "older than 65 years", "younger than 70 years": an age, not a survival time
    ("age", TIME, r"\b(?:older|younger)\s+than\b|\byears?\s+old\b", False),
    # "serious adverse events", "SAEs": not the grade >= 3 AEs; "a dose reduction by 25%", "the dose was decreased
    # by 25%": no rate of patients
    ("serious_ae", RATE, r"\bserious\s+(?:treatment[- ]related\s+)?(?:adverse|AEs?|TRAEs?)|\bSAEs?\b", False),
    ("dose_change", RATE, r"\b(?:dose\s+)?(?:reduc(?:tion|ed)|decreas(?:e|ed))\s+(?:in\s+dose\s+)?(?:by|of)\b", False),
    # "OR 2.1" (odds ratio abbreviation; case-sensitive so that "or" is not taken for it)
    ("odds_ratio", RATE, r"\bORs?\b", True),
)


#: Words that name a time-to-event endpoint other than PFS and OS (an HR's outcome is then ``other``; the other
#: time blockers, age, follow-up, treatment-free interval, describe a factor or a setting, not the outcome).
OTHER_ENDPOINT = regex.compile(r"\b(?:[A-Z]+-)?(?:DFS|RFS|EFS|MFS|CSS|DSS|TTF|TTP|TTNT|DoR|FFS)\b|time\s+to|duration"
                               r"|free\s+survival|specific\s+survival", regex.I)


#: A sentence about the design, not the results: its numbers are assumptions ("Assuming an ORR of 30%, 120
#: patients were needed to detect ...", "a sample size of 94 gives a power of 80%").
DESIGN_SENTENCE = regex.compile(
    r"\b(?:assum(?:ing|ed|ption)|hypothesi[sz]ed|to\s+detect|(?:a|the|statistical)\s+power\s+of|power\s+of\s+\d+\s*%"
    r"|sample\s+size|would\s+(?:be\s+)?(?:need|requir)\w*|were\s+(?:needed|required)\s+to|was\s+calculated"
    r"|null\s+hypothesis|alternative\s+hypothesis|one-sided\s+(?:alpha|α)|type\s+I\s+error"
    # plans and scenarios: "17 patients will be enrolled", "were required for this study", "the accrual goal was 43",
    # "the overall power is 71%", "expected response rates of 30%", "a 20% response rate ... as ineffective"
    r"|will\s+be\s+(?:enrolled|included|accrued|randomi[sz]ed|treated)|(?:were|was)\s+required\s+for|planned\s+to"
    r"|accrual\s+goal|two-stage\s+design|scenarios?|(?:overall\s+)?power\s+(?:is|was)|expected\s+(?:response|ORR|rate|median)"
    r"|as\s+(?:an?\s+)?(?:ineffective|promising)|margin\s+of\s+error|true\s+(?:overall\s+)?response\s+rate|power"
    # "a response rate of 40% was expected", "we strived for 60 patients per arm", "would have allowed"
    r"|(?:was|were)\s+expected|strived|aimed\s+(?:for|at)|would\s+have\s+(?:allowed|required|been\s+needed))\b",
    regex.I,
)


#: A parenthesis that defines a rate as a sum of response categories: "(ORR = CR + PR)", "[ie, CR + PR + SD]".
DEFINITION = r"[(\[][^()\[\]+]{0,30}\+[^()\[\]]{0,40}[)\]]"


@dataclass(frozen=True, kw_only=True)
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


@dataclass(frozen=True, kw_only=True)
class _Row:
    """A cue or blocker pattern, compiled, with the words one of which every match needs."""

    endpoint: str
    family: str
    pattern: regex.Pattern
    needs: Needs


def _row(endpoint: str, family: str, pattern: str, case_sensitive: bool) -> _Row:
    compiled = regex.compile(pattern, 0 if case_sensitive else regex.I)
    return _Row(endpoint=endpoint, family=family, pattern=compiled, needs=needs(compiled))


#: Blockers before cues: the order in which overlapping matches of equal length are kept.
_ROWS = (*(_row(f"block:{name}", fam, p, cs) for name, fam, p, cs in BLOCKER_PATTERNS),
         *(_row(name, FAMILY[name], p, cs) for name, p, cs in CUE_PATTERNS))
_DEFINITION_ROW = _row("definition", "", DEFINITION, True)


#: The needed words of every row, as written and folded: a sentence looks each up once, not once per row.
_WORDS = frozenset().union(*(r.needs.words for r in (*_ROWS, _DEFINITION_ROW) if r.needs.words and not r.needs.folded))
_FOLDED_WORDS = frozenset().union(*(r.needs.words for r in (*_ROWS, _DEFINITION_ROW) if r.needs.words and r.needs.folded))


def _matches(row: _Row, sentence: str, found: tuple[frozenset[str], frozenset[str]]) -> list[regex.Match]:
    return [] if row.needs.absent_among(*found) else list(row.pattern.finditer(sentence, timeout=2.0))


def find_cues(sentence: str, offset: int = 0) -> list[Cue]:
    """Endpoint cues and blockers in a sentence, by position; overlapping matches keep the longest.

    A row whose needed words are all absent cannot match and is not run (:mod:`pipeline.extractors.needs`):
    substring tests instead of a regex scan per row.

    >>> [c.endpoint for c in find_cues("higher ORR (30.6%) and median PFS but a 6-month PFS rate")]
    ['orr', 'pfs_median', 'block:landmark']
    """
    words = (present(_WORDS, sentence), present(_FOLDED_WORDS, sentence.casefold()))
    found = [Cue(endpoint=row.endpoint, start=m.start(), end=m.end(), text=m.group(), family=row.family)
             for row in _ROWS for m in _matches(row, sentence, words)]
    definitions = [m.span() for m in _matches(_DEFINITION_ROW, sentence, words)]
    # the words of a definition ("ORR = CR + PR", "ORR+stable disease") are no cues of their own
    found = [c for c in found if not any(a < c.start and c.end < b for a, b in definitions)]
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Cue] = []
    for c in found:
        if kept and c.start < kept[-1].end:
            continue
        kept.append(c)
    return [Cue(endpoint=c.endpoint, start=c.start + offset, end=c.end + offset, text=c.text, family=c.family) for c in kept]
