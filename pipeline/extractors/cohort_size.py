"""Cohort sizes: "a total of 154 patients", "83 AGC patients", "Eighty-five AGC patients", "(n=48)", "Among them, 65 received"."""
from __future__ import annotations

from dataclasses import replace

import regex

from pipeline.extractors.base import Finding, SentenceContext
from pipeline.extractors.cues import NAMED_AE
from pipeline.extractors.registry import register
from pipeline.extractors.statistics import _NUMBER_WORD, BOUNDED, words_to_int
from pipeline.readers.tables import SEPARATOR_CELL
from pipeline.types import Statistic

_PATIENT_NOUN = (r"(?:patients|pts|participants|subjects|cases|controls|individuals|people|persons|women|men|adults|children"
                 r"|survivors|volunteers|respondents|outpatients|inpatients|girls|boys|carriers)")
# modifiers between the number and the noun: "AGC", "R/M CC", "advanced NSCLC", "consecutive eligible"
# ("105 consecutive, pretreated patients": a comma may follow a modifier)
# (nor times and comparisons: "27 days higher among patients", "4 treatment-related toxicity than patients")
# (nor places: "at 81 centres and enrolled adult patients"; an "and" or "or" may join two modifiers:
# "overweight and obese premenopausal women"; nor a response category: "2 CR cases" count responses)
_MODIFIER = (r"(?:(?!(?:of|with|from|in|and|or|to|the|who|had|were|was|studies|trials|months?|years?|weeks?|days?|hours?"
             r"|cycles?|doses?|than|among|per|for|cent(?:er|re)s?|sites?|hospitals?|institutions?|countries)\b)"
             r"(?!(?-i:CR|PR|SD|PD|MR)\b)\p{L}[\w/+-]*,?\s+)")

#: A count, with thousands or without: "36,139", "45".
_COUNT = r"\d{1,3}(?:,\d{3})+|\d+"
#: A count's share of its cohort in a parenthesis: "(48%)", "(66·5%)".
_SHARE = r"\(\s*\d+(?:[.·]\d+)?\s*%\s*\)"
#: Units that make a number a dose or a time, not a size: "10 mg", "6 cycles".
_UNIT = r"(?:mg|g|µg|mcg|ml|gy|cycles?|courses?|doses?|days?|weeks?|months?|years?|h|hours?|cm|mm)"
#: "154 patients", "83 AGC patients", "Eighty-five AGC patients", "2,100 NSCLC patients"
#: Larger counts are not cohort sizes (identifiers, garbled digits); they must not reach a float either.
MAX_COHORT = 10_000_000
#: (thousands may be grouped by a comma or a space, narrow or not: "16 608 women", "133 085 women"; read whole, not
#: as the last group's "085")
N_PATIENTS = regex.compile(
    rf"(?<![\d.,/%-])\b(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?:[\u2008\u2009\u202f ]\d{{3}})+(?!\d)|\d+|{_NUMBER_WORD})"
    rf"\s+(?:{_MODIFIER}(?:(?:and|or)\s+(?=\p{{L}}))?){{0,4}}?{_PATIENT_NOUN}\b", regex.I
)
#: "65 received apatinib", "and 89 did not receive", "34 patients were treated with chemotherapy",
#: "61 (40.7%) received the combination" (an arm given with its share of the cohort)
#: (also with an adverb, "585 were randomly assigned", and with the arms' sizes in a parenthesis between:
#: "397 (198 drug A and 199 drug B) were randomized")
N_RECEIVED = regex.compile(
    rf"(?<![\d.,/%-])\b(?P<n>{_COUNT})"
    r"\s*(?:[(\[]\s*\d+(?:\.\d+)?\s*%\s*[)\]]\s*|\((?=[^()]{0,80}\d)[^()%]{3,80}\)\s*)?"
    r"(?:patients\s+)?(?:received|were\s+treated|underwent|were\s+given|continued(?=\s+(?:on\s+|with\s+)?\p{L})"
    r"|did\s+not\s+receive|were\s+(?:(?:randomly|subsequently|then|finally|successfully)\s+)?(?:assigned|enrolled|included"
    r"|eligible|evaluable|assessable|evaluated|analy[sz]ed|randomi[sz]ed|allocated|available|rechallenged|retreated|treated)"
    r"|had\s+(?:been\s+treated|received))\b",
    regex.I,
)
#: An arm's size with its assignment and without "were": "with 80 allocated to arm A and 78 to arm B",
#: "(150 randomized to drug Q, ...)" (not with a share: "32 (44%) assigned to arm B" counts part of an arm).
N_ASSIGNED = regex.compile(r"(?<![\d.,/%-])\b(?P<n>\d+)\s+(?:randomly\s+)?(?:assigned|allocated|randomi[sz]ed)\s+to\b",
                           regex.I)
#: The second size of a parallel clause, its noun left out: "55 patients were assigned to arm A and 45 to arm B",
#: "40 individuals in the control group and 62 in the study group", "treated: 42 with regimen A, 40 with regimen B";
#: also "(211 to CC and 212 to FC)", with its share of the cohort before "to" ("and 47 (48%) to arm B") and with
#: thousands ("and 36,139 to usual care").
N_ELLIPTIC = regex.compile(
    rf"(?:\band|\bvs\.?|\bversus|[,:;])\s+(?P<n>{_COUNT})\s+(?:{_SHARE}\s+(?=to\s))?"
    r"(?:to|in|into|from|on|for|with)\s+(?!\d)", regex.I)
#: The next arm's size after a size with its treatment, the verb left out: "45 received drug Q and 43 placebo",
#: "210 were assigned the short course, and 208 the long one", "61 (49%) received drug Q, and 63 (51%) usual care";
#: matched on what follows the first size's verb (not a dose, a time or a count of something else: "and 20 mg",
#: "and 12 months later", "and 9 of them").
N_GAPPED = regex.compile(
    rf"[^\d.;:()]{{1,60}}?(?:,\s*(?:and\s+)?|\s+and\s+)(?P<n>\d+)(?:\s*{_SHARE})?,?\s+"
    rf"(?!(?:{_UNIT}|of|out|per|at|from|vs|versus|and|or|times|fractions?|{_PATIENT_NOUN})\b)(?=\p{{L}})", regex.I)
#: "(211 to CC and 212 to FC)", "(182 in the drug group vs 182 in the control group)"
N_PAIR = regex.compile(r"(?<=\(\s*)(?P<n>\d+)\s+(?:to|in)\s+[^\d,;()]{1,40}?\s+(?:and|vs\.?|versus)\s+\d+\s+(?:to|in)\s",
                       regex.I)
#: The arms' sizes of an analysis set, bare in a parenthesis after it: "all eligible patients (171 vs 171)",
#: "the per-protocol population (140 vs 138)".
N_VERSUS = regex.compile(
    rf"(?<=\b(?:{_PATIENT_NOUN}|eligible|evaluable|assessable|enrolled|randomi[sz]ed|assigned|included|analy[sz]ed|treated"
    r"|resected|population|set)\s*\(\s*)(?P<n>\d+)\s*(?:vs\.?|versus)\s*(?P<n2>\d+)\s*\)", regex.I)
#: A cohort broken down by tumour type in a parenthesis after it: "66 patients (37 NSCLC and 29 SCLC)".
N_BREAKDOWN = regex.compile(
    rf"{_PATIENT_NOUN}\s*\(\s*(?P<n>\d+)\s+[A-Z][A-Za-z/+-]*\s*(?:,|and)\s+(?P<n2>\d+)\s+[A-Z][A-Za-z/+-]*\s*\)")
#: What every N_BREAKDOWN match holds, "(37 N": the pattern starts at every patient noun, this at a bracket only,
#: so a sentence without it is not scanned.
BREAKDOWN_OPENING = regex.compile(r"\(\s*\d+\s+[A-Z]")
#: A parenthesis that may break a cohort down: no parenthesis inside.
_PARENTHESIS = regex.compile(r"\((?P<body>[^()]{3,200})\)")
#: Where the parts of a breakdown are cut: at ";" when there is one ("DZ, 48; D, 46"), else at "," and "and".
_PART_CUT = regex.compile(r"\s*;\s*")
_LIST_CUT = regex.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
#: One part: a size and its label either way round: "26 preoperative chemotherapy", "200, drug Q", "arm B, 46", "D1 = 354", "arm B, n = 46",
#: "HCT group 68 cases" (the label starts with a letter and holds no share or decimal).
_PART = regex.compile(
    rf"^(?:and\s+)?(?:(?P<n>\d+),?\s+(?P<label>\p{{L}}[^%]*)|(?P<label2>\p{{L}}[^%=:,]*?)\s*[=:,]?\s*(?:[nN]\s*=\s*)?(?P<n2>\d+)"
    rf"(?:\s+{_PATIENT_NOUN})?)$", regex.I)
#: Words after a part's number that make it no size but a dose, a time or a share: "(10 mg, 20 mg)".
_NOT_A_SIZE = regex.compile(rf"^{_UNIT}\b", regex.I)


def _breakdown_sizes(ctx: SentenceContext, cohorts: dict[int, float]) -> list[tuple[int, int, int]]:
    """Sizes of the arms a cohort is broken into in a parenthesis, when they add up to a cohort size before it
    (``cohorts``: sentence offset -> size): "Fifty-one women were randomized (25 drug A and 26 placebo)",
    "371 participants (119 placebo, 123 drug 300 mg, and 129 drug 900 mg)", "518 patients (D1 = 354; D2 = 164)";
    not counts by sex ("(120 men and 80 women)"). Offsets are the sentence's."""
    s = ctx.sentence
    out = []
    for m in _PARENTHESIS.finditer(s, timeout=2.0):
        body, at = m.group("body"), m.start("body")
        if _SEX_SPLIT.search(body):
            continue
        cut = _PART_CUT if ";" in body else _LIST_CUT
        edges = [0, *(x for c in cut.finditer(body) for x in c.span()), len(body)]
        parts = [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2)]
        sizes = []
        for a, b in parts:
            part = _PART.match(body[a:b].strip())
            if part is None or (part.group("n") and _NOT_A_SIZE.match(part.group("label"))):
                break
            group = "n" if part.group("n") else "n2"
            start = at + a + (len(body[a:b]) - len(body[a:b].lstrip())) + part.start(group)
            sizes.append((start, start + len(part.group(group)), int(part.group(group))))
        else:
            totals = {size for k, size in cohorts.items() if k < m.start()}
            if len(sizes) >= 2 and sum(n for _, _, n in sizes) in totals:
                out += sizes
    return out


#: One part of a cohort listed after its total, its count first and joined to its arm by a word: "40 (31.7%) in the
#: X group", "360 (55.2%) treated with X", "41 to the concurrent regimen" (not "30 had a response": an event).
_LISTED_PART = regex.compile(
    rf"(?<![\d.,/%-])\b(?P<n>{_COUNT})(?![\d.,]*\d)\s*(?:{_SHARE}\s*)?(?:(?:patients|pts\.?|{_PATIENT_NOUN})\s+)?"
    r"(?:in|on|to|into|received|receiving|treated\s+with|were\s+(?:treated\s+with|assigned\s+to|randomi[sz]ed\s+to"
    r"|allocated\s+to|given)|assigned\s+to|allocated\s+to|randomi[sz]ed\s+to)\s", regex.I)
#: What may stand between a total and its first part, or between parts: no other number (a share is the part's).
_BETWEEN_PARTS = regex.compile(rf"^(?:[^\d]|{_SHARE})*$")


def _listed_sizes(s: str, cohorts: dict[int, tuple[int, float]]) -> list[tuple[int, int]]:
    """Sizes of the arms a cohort is listed into after its total, when they add up to it (``cohorts``: sentence
    offset -> (end, size)): "enrolled 126 patients, 40 (31.7%) in the X group, and 86 (68.3%) in the Y group",
    "652 patients: 360 (55.2%) treated with X and 292 (44.8%) treated with Y". Offsets are the sentence's."""
    out: list[tuple[int, int]] = []
    for total_end, total in cohorts.values():
        parts, at, added = [], total_end, 0
        for m in _LISTED_PART.finditer(s, total_end, timeout=2.0):
            if not _BETWEEN_PARTS.match(s[at:m.start()]):
                break
            parts.append(m.span("n"))
            added += int(m.group("n").replace(",", ""))
            at = m.end()
            if added >= total:
                break
        if len(parts) >= 2 and added == total:
            out += parts
    return out


#: A number word below this counts events ("Seven patients underwent resection"), not a cohort, unless a
#: subgroup is named with it ("in the seven untreated patients, the ORR was ...").
MIN_WORD_COHORT = 10
_SUBGROUP_BEFORE = regex.compile(r"\b(?:in|among|for|of)\s+the\s+$", regex.I)
#: "2 of 5 patients", "11 out of the 15 subjects": neither number is a cohort size
_OF_COUNT = regex.compile(r"\d\s*(?:of|out\s+of)\s+(?:the\s+)?$", regex.I)
#: A number that names something rather than counts patients: "Figure 5 Patients'", "codon 13 patients",
#: "cycle 9 for patients", "grade 3 nail change (N = 1)", "At 12 months, 30 patients", "In arm A, 12 patients
#: (20%) received"; a study or phase labels a number written right after it ("study 2", "phase 3"), not one after
#: a comma ("In this trial, 750 patients", "a phase III study, 551 patients")
_LABEL_BEFORE = regex.compile(r"\b(?:(?:fig(?:ure)?s?\.?|tables?|codons?|cycles?|days?|weeks?|months?|years?|grades?|stages?"
                              r"|steps?|lines?|versions?|exons?|chromosomes?|arms?|groups?|cohorts?|level|type|class"
                              r"|schedule|dose|visit|model|criteria|CR|PR|SD|PD|NE)\s*[,:]?|(?:phases?|studies|study|trials?)\s*:?)"
                              r"\s*$", regex.I)
#: What the patients counted did, when it is an event and not a cohort: "31 patients had progressed",
#: "four cases with grade 3", "15 subjects who experienced progressive disease", "4 patients were ineligible"
#: (not what describes them: "52 women with a median age of 61", "40 adults with a family history of cancer")
#: (also after the arm and the other arm's count: "31 patients (60%) in arm A and 27 patients (63%) in arm B had grade 3",
#: "reported serious AEs")
_IN_ARM = r"(?:in|of)\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:arm|group)(?:\s+[A-Z0-9]\b)?\s+"
_EVENT_AFTER = regex.compile(
    rf"^\W{{0,3}}(?:\([^)]{{0,40}}\)\s*)?(?:{_IN_ARM}(?:and\s+\w+\s+(?:{_PATIENT_NOUN}\s+)?(?:\([^)]{{0,40}}\)\s*)?{_IN_ARM})?)?"
    r"(?:(?:who|that)\s+(?:had\s+)?(?:also\s+)?)?(?:had\s+(?!received|undergone|been\s+(?:treated|previously))|have\s+"
    r"|with\s+(?:grade|an?\s+(?!(?:median|mean|personal|family|history|diagnosis|prior|previous|known|BMI)\b)"
    r"|(?:CR|PR|SD|PD)\b|progress"
    r"|disease\s+progression|toxicit|adverse)|of\s+(?:partial|complete|stable|progressive|disease|grade)|(?:were|was|did)\s+(?:not|ineligible|excluded|lost|withdrawn|still|alive|dead"
    r"|censored|free|male|female|men|women)|(?:could|did)\s+not|excluded|withdrawn|completed|experienced|developed|died|achieved|responded|showed|discontinued|required|needed"
    r"|withdrew|progressed|relapsed|recurred|suffered|presented|remained|interrupted|refused|declined"
    r"|reported\s+(?:\w+\s+){0,2}?(?:S?AEs?|adverse|toxicit|events?))",
    regex.I)
#: A later treatment than the study's, or a share of its cycles, that the patients counted went on to: "35 patients
#: (85%) received maintenance therapy", "13 underwent a subsequent resection", "42 were treated in further lines",
#: "80 (70%) received six cycles" (not "received at least one cycle": the safety population; nor "86 patients received
#: 516 cycles": the cycles of all; nor "received second-line drug Q": a later line is as often the study's own treatment).
_LATER_THERAPY = r"(?:subsequent|further|repeat(?:ed)?|maintenance)\b"
_TREATED = r"(?:received|underwent|were\s+(?:treated|given)|went\s+on\s+to\s+\w+)"
_LATER_THERAPY_AFTER = regex.compile(
    rf"^\w[\w-]*\s+(?:\w+\s+){{0,3}}?(?:\([^)]{{0,40}}\)\s*)?{_TREATED}\s+(?:(?:(?:in|with|as|an?|the)\s+)?(?:\w+\s+){{0,2}}?"
    rf"{_LATER_THERAPY}|(?:all\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|twelve|[2-9]|1[0-2])\s+(?:or\s+more\s+)?cycles\b)",
    regex.I)
#: The same before a parenthesis of "label, n = x" counts: "received maintenance therapy (drug Q, n = 30; ...)".
_LATER_THERAPY_BEFORE_PAREN = regex.compile(
    rf"\b{_TREATED}\s+(?:(?:in|with|as|an?|the)\s+)?(?:\w+\s+){{0,2}}?{_LATER_THERAPY}"
    r"[^().;]{0,60}$", regex.I)
#: Events that make a count no cohort even after "a total of" or "there were": "A total of 27 patients have died",
#: "there were 22 cases of partial response".
_STRONG_EVENT = regex.compile(
    r"^\W{0,3}(?:have\s+|had\s+)?(?:died|(?:were|was)\s+(?:excluded|withdrawn|lost)|withdrew|did\s+not\s+(?:start|receive)"
    r"|of\s+(?:partial|complete|stable|progressive))"
    # responders are counts of an outcome: "Of the 12 patients who responded, ..."
    rf"|^\W{{0,3}}(?:{_PATIENT_NOUN}\s+)?(?:who|that)\s+(?:had\s+)?(?:responded|achieved\s+(?:an?\s+)?(?:CR|PR|objective|complete|partial))",
    regex.I)
#: Before a parenthesis whose counts break down a cohort: "87 patients were enrolled (41 pts in ...)".
_COHORT_BEFORE_PAREN = regex.compile(
    rf"(?:{_PATIENT_NOUN}|\d|enrolled|included|randomi[sz]ed|assigned|treated|evaluable|assessable|analy[sz]ed|eligible"
    r"|cohort|arms?|groups?)\W*$", regex.I)
#: The number is the first thing in a parenthesis: "anaemia (6 patients)".
_OPEN_PAREN_BEFORE = regex.compile(r"[(\[]\s*$")
#: Alternatives, each with its count of patients in a parenthesis, are arms: "drug Q (52 patients) or placebo
#: (50 patients)", "(61 women) versus usual care (60 women)" (events are listed with "and", not as alternatives).
_ALTERNATIVE_ARMS = regex.compile(
    rf"\(\s*(?P<n>\d+)\s+{_PATIENT_NOUN}\s*\)(?:[^().;]{{0,80}}?\s(?:or|vs\.?|versus)\s[^().;]{{0,80}}?"
    rf"\(\s*(?P<n>\d+)\s+{_PATIENT_NOUN}\s*\))+", regex.I)
#: An assignment before the parenthesis makes its count an arm's size: "randomized to drug A (29 patients) or to
#: placebo (28 patients)".
_ASSIGNED_BEFORE = regex.compile(r"\b(?:randomi[sz]ed|randomly\s+assigned|assigned|allocated)\b[^.;]{0,80}$", regex.I)
#: The arms' sizes bare in parentheses after an assignment, joined by "or"/"and": "randomized to drug A (29) or to
#: placebo (28)" (two at least: one bare number in a parenthesis is as often a reference; and after a space: "mg/m(2)").
_ARMS_BARE = regex.compile(
    r"\b(?:randomi[sz]ed|randomly\s+assigned|assigned|allocated)\b[^.;()]{1,120}?\s\(\s*(?P<n>\d+)\s*\)"
    r"(?:[^.;()]{0,120}?(?:,|\b(?:or|and|vs\.?|versus)\b)[^.;()]{1,120}?\s\(\s*(?P<n>\d+)\s*\))+", regex.I)
#: "between 2020 and 2024 were included": a year, not a cohort
_YEAR = regex.compile(r"(?:19[5-9]\d|20\d\d)\b")
#: "26 patients (78.8%)": a count with its share of a cohort, not a cohort
#: ("Forty patients (60% men; ...)" is a cohort with its make-up: only a bare share follows a count)
_SHARE_AFTER = regex.compile(r"^\s*[(\[]\s*\d+(?:\.\d+)?\s*%\s*[)\],;]")


#: Words that make what follows the study population, whatever it did: "we analyzed 83 patients who progressed".
_POPULATION_BEFORE = regex.compile(
    r"\b(?:analy[sz]ed|included|enrolled|identified|reviewed|studied|evaluated|recruited|comprised|involved|consisted\s+of"
    r"|a\s+total\s+of|in\s+total|there\s+were|among|(?:in|for|of)\s+the|we\s+(?:retrospectively\s+|prospectively\s+)?\w+)"
    r"\s*$", regex.I)
#: Counts by sex are no cohorts: "90 men and 10 women" (the two sexes differ: "64 women in arm A and 60 women in
#: arm B" are the arms' sizes).
_MEN, _WOMEN = r"\d+\s+(?:men|males?)\b", r"\d+\s+(?:women|females?)\b"
_SEX_SPLIT = regex.compile(rf"{_MEN}[^.;]{{0,40}}?\b{_WOMEN}|{_WOMEN}[^.;]{{0,40}}?\b{_MEN}", regex.I)
#: The base of a rate: "for every 100 patients", "per 100 patients".
_RATE_BASE_BEFORE = regex.compile(r"\b(?:every|per)\s+$", regex.I)
#: An adverse event or response category named before an "n = x": "grade 3 nail change (N = 1)".
_AE_BEFORE = regex.compile(rf"(?:\bgrade\s*\d|\b(?:{NAMED_AE})\b|\bevaluable)[^()]{{0,30}}[(,;]\s*$", regex.I)
#: A count of patients in whom something was seen: "partial response was observed in 11 patients", "grade 3 AEs
#: were reported by 6 patients", "rash in 12 patients", "grade 3 AEs by 3 patients".
_EVENT_BEFORE = regex.compile(r"\b(?:observed|occurred|seen|reported|noted|documented|developed|diagnosed|found|detected"
                              r"|experienced)\s+(?:in|by)\s+(?:\w+\s+and\s+)?$"
                              rf"|\b(?:{NAMED_AE}|AEs?|TRAEs?|events?|toxicit(?:y|ies))\s+(?:in|by)\s+$", regex.I)
#: An "n = x" that counts part of something else: "(n = 32 of 49 subjects)".
_N_EQ_OF = regex.compile(r"^\s*(?:of|/)\s*\d")
#: Before a parenthesis of "label, n = x; ..." counts that break down events: "15 patients discontinued (progression,
#: n=6; toxicities, n=8)", "two deaths (infection, N = 1; ...)".
_EVENTS_BEFORE_PAREN = regex.compile(
    r"\b(?:discontinu\w*|died|deaths?|withdr[ae]w\w*|terminated|stopped|excluded|occurr\w*|observed|developed|reasons?"
    r"|toxicit\w*|events?|mutations?|alterations?)\b[^()]{0,60}$", regex.I)
#: Not patients: "tumors of KPP mice treated with vehicle (n = 13)".
#: (anywhere before in the sentence: "tumours of mice treated with vehicle (circles; n = 13) or drug (squares; n = 12)")
_NOT_PATIENTS_BEFORE = regex.compile(r"\b(?:mice|rats|animals|samples|specimens|cell\s+lines|xenografts)\b", regex.I)
#: A table cell that is the total of the arms beside it: "Total (N = 364)", "All patients (n = 3305)".
_TOTAL_CELL = regex.compile(r"\s*(?:total|overall|all\s+patients|entire|whole)\b", regex.I)
#: After an "n = x": its share ("n = 610, 41.2%") or the event it counts ("(arm A, n = 7; arm B, n = 4) died").
_N_EQ_SHARE = regex.compile(r"^\s*[,;]\s*\d+(?:\.\d+)?\s*%")
#: Before an "n = x" that counts reasons: "discontinued due to progression (n=19)".
#: Or whose label is the reason itself: "(progression, n = 6; toxicity, n = 8; withdrawn, n = 1)".
_REASON_BEFORE = regex.compile(r"\b(?:due\s+to|because\s+of|owing\s+to|reasons?)\b[^.;]{0,60}$"
                               r"|\b(?:progression|progressive\s+disease|toxicit(?:y|ies)|withdr[ae]wn?|withdrawal|deaths?|died"
                               r"|consent|lost\s+to\s+follow[- ]up|refus\w+|adverse\s+events?)\s*[,:]?\s*$", regex.I)
#: "the arm given with its share" that makes a count with a share a cohort after all: "30 patients (55.0%) received X",
#: "and 47 (48%) to arm B".
_RECEIVED_AFTER_SHARE = regex.compile(r"^\s*[(\[][^)\]]*[)\]]\s*(?:received|were\s+(?:treated|assigned|given|rechallenged)|to\s)",
                                      regex.I)


def _counted_in_parenthesis(sentence: str, start: int, end: int) -> bool:
    """A count in a parenthesis that is no cohort: one that opens it after something other than a cohort
    ("anaemia (6 patients)"), or one of a parenthesis followed by an event ("(30 patients in arm A and 28
    patients in arm B) had PD")."""
    opened = sentence.rfind("(", 0, start)
    if opened < 0 or ")" in sentence[opened:start]:
        return False
    close = sentence.find(")", end)
    first = _OPEN_PAREN_BEFORE.search(sentence, 0, start) is not None
    return bool(
        (first and not _COHORT_BEFORE_PAREN.search(sentence[max(0, opened - 30) : opened])
         and not _ASSIGNED_BEFORE.search(sentence, 0, opened)
         and not any(a == start for m in _ALTERNATIVE_ARMS.finditer(sentence) for a, _ in m.spans("n")))
        or (close >= 0 and _EVENT_AFTER.match(sentence[close + 1 : close + 61]))
    )



_THRESHOLD_BEFORE = regex.compile(r"[<>≤≥]\s*$")
#: "between 2015 and 2019 patients": a number after these words may be a year.
_YEAR_SPAN_BEFORE = regex.compile(r"(?:and|to|between|in|since|from|until|[-–])\s*$")


def _is_excluded(sentence: str, start: int, end: int) -> bool:
    before = sentence[max(0, start - 12) : start]
    population = _POPULATION_BEFORE.search(sentence[max(0, start - 40) : start])
    return bool(
        _OF_COUNT.search(sentence[max(0, start - 16) : start])  # "2 of 5 patients", "2 out of the 5"
        or _LABEL_BEFORE.search(sentence[max(0, start - 16) : start])
        or (not population and _EVENT_AFTER.match(sentence[end : end + 60]))
        or (not population and _LATER_THERAPY_AFTER.match(sentence[start : end + 80]))
        or _STRONG_EVENT.match(sentence[end : end + 40])
        or _counted_in_parenthesis(sentence, start, end)
        or _THRESHOLD_BEFORE.search(before)  # "≥75 patients" is a threshold
        or (_SHARE_AFTER.match(sentence[end : end + 12])  # "26 patients (78.8%)", unless they are an arm or population
            and not _RECEIVED_AFTER_SHARE.match(sentence[end : end + 40])
            and (not population or _EVENT_AFTER.match(sentence[sentence.find(")", end) + 1 :])))
        or _SEX_SPLIT.search(sentence[max(0, start - 50) : end + 50])  # "90 men and 10 women"
        or _RATE_BASE_BEFORE.search(sentence[max(0, start - 10) : start])  # "for every 100 patients"
        or _EVENT_BEFORE.search(sentence[max(0, start - 40) : start])
        or BOUNDED.search(sentence[max(0, start - 24) : start])  # "about 103 patients"
        or _YEAR.match(sentence, start) and _YEAR_SPAN_BEFORE.search(before)
    )


#: An "n = x" item of a list that breaks something down after "included", "such as" or "because of": reasons, events
#: or drugs, each with its count ("'Other' included investigator decision (n = 2), ineligibility (n = 2), and ...",
#: "regimens included drug X (n = 3), drug Y (n = 1)"); not a list of arms, groups or patients ("including arm A
#: (n = 30)", "included patients with melanoma (n = 45)", "the third arm included drug X (n = 20)").
_GROUP_NOUN = r"(?:arms?|groups?|cohorts?)"
_ITEM = rf"(?:(?!\b(?:{_GROUP_NOUN}|{_PATIENT_NOUN})\b)[^();.]){{1,60}}?"
_LISTED_AFTER_INTRO = regex.compile(
    rf"(?<!\b{_GROUP_NOUN}\s+)\b(?:includ(?:ed|ing)|such\s+as|because\s+of|due\s+to|owing\s+to)\s+"
    rf"(?:{_ITEM}[(\[]\s*n\s*=\s*\d+\s*[)\]]\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+))*{_ITEM}[(\[]\s*$", regex.I)
#: An "n = x" right after a share counts its numerator: "grade 3 toxicity in 13.7% (n = 32)", "ORR 25% [n = 10]".
_AFTER_SHARE = regex.compile(r"\d\s*%\s*[(\[]\s*$")
#: "(weekly group, n = 29; ...)": the group an "n = x" after it counts.
_PART_NAMED_BEFORE = regex.compile(rf"\b{_GROUP_NOUN}\s*,\s*$", regex.I)


def _n_eq_excluded(sentence: str, start: int, end: int) -> bool:
    """An "n = x" that labels no cohort: "Figure 2 (n = 5)", "adenocarcinoma (n = 610, 41.2%)", "progression (n=14)",
    "(arm A, n = 7; arm B, n = 4) died"."""
    close = sentence.find(")", end)
    opened = sentence.rfind("(", 0, start)
    in_parenthesis = opened >= 0 and ")" not in sentence[opened:start]
    label = _LABEL_BEFORE.search(sentence[max(0, start - 16) : start])
    return bool(
        # a group with a comma is the part the "n = x" counts ("weekly group, n = 29"), not a label of its number
        (label and not _PART_NAMED_BEFORE.search(label.group()))
        or _N_EQ_SHARE.match(sentence[end : end + 12])
        or _N_EQ_OF.match(sentence[end : end + 8])
        or _REASON_BEFORE.search(sentence[max(0, start - 80) : start])
        or _NOT_PATIENTS_BEFORE.search(sentence, 0, start)
        or _AE_BEFORE.search(sentence[max(0, start - 50) : start])
        or _LISTED_AFTER_INTRO.search(sentence, 0, start)
        or _AFTER_SHARE.search(sentence, max(0, start - 12), start)
        or (close >= 0 and "(" not in sentence[end:close] and _EVENT_AFTER.match(sentence[close + 1 : close + 61]))
        or (in_parenthesis and ";" in sentence[opened:close if close > 0 else len(sentence)]
            and _EVENTS_BEFORE_PAREN.search(sentence[max(0, opened - 80) : opened]))
        or (in_parenthesis and _LATER_THERAPY_BEFORE_PAREN.search(sentence[max(0, opened - 100) : opened]))
        or _table_label_or_total(sentence, start)
    )


#: An "n = x" of a table's header.
_HEADER_N = regex.compile(r"\b[nN]\s*=\s*(?P<n>\d+)")


def _table_header_sizes(text: str, line_start: int) -> set[int] | None:
    """The "n = x" sizes of the header of the table whose body holds the line at ``line_start``; None when the line
    is in no table's body. A body's "n = x" counts part of the arms the header sizes: a sub-table's ("| | Arm A
    (n = 71) | Arm B (n = 41) |" under "second line") or a row's ("| Responders | n = 41 |"), unless the row's
    sizes add up to the header's ("| Number | N = 26 | N = 26 |" over "| Arm | A N = 14 | B N = 12 |")."""
    end = text.rfind("\n", 0, line_start)
    in_body = False
    sizes: set[int] = set()
    while end > 0:
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end]
        if not line.startswith("|"):
            break
        if line.startswith(f"|{SEPARATOR_CELL}|"):
            in_body = True
        elif in_body:
            sizes |= {int(m.group("n")) for m in _HEADER_N.finditer(line)}
        end = begin - 1
    return sizes if in_body else None


def _table_label_or_total(line: str, start: int) -> bool:
    """In a table line, an "n = x" in the row's label ("| Age (n = 8243) |") or in a total column's header."""
    if not line.startswith("|"):
        return False
    cell_start = line.rfind("|", 0, start) + 1
    return cell_start == 1 or bool(_TOTAL_CELL.match(line, cell_start))


def _size(ctx: SentenceContext, a: int, b: int, value: float) -> Finding:
    """The cohort size written at ``ctx.sentence[a:b]``."""
    return Finding(endpoint="n", stat=Statistic(raw=ctx.sentence[a:b], start=ctx.start + a, end=ctx.start + b, value=value,
                                                unit="patients"), extractor="cohort_size")


@register("cohort_size")
def cohort_sizes(ctx: SentenceContext) -> list[Finding]:
    s = ctx.sentence
    found: dict[int, Finding] = {}
    breakdowns = N_BREAKDOWN.finditer(s, timeout=2.0) if BREAKDOWN_OPENING.search(s) else ()
    for m in (*breakdowns, *N_VERSUS.finditer(s, timeout=2.0)):
        for group in ("n", "n2"):
            a, b = m.span(group)
            found[a] = _size(ctx, a, b, float(m.group(group)))
    received = list(N_RECEIVED.finditer(s, timeout=2.0))  # read as sizes below, and then for the sizes after them
    for pattern in (N_PATIENTS, N_RECEIVED, N_ASSIGNED, N_PAIR, N_ELLIPTIC):
        for m in (received if pattern is N_RECEIVED else pattern.finditer(s, timeout=2.0)):
            a, b = m.span("n")
            if pattern is N_ELLIPTIC and not any(k < a for k in found):
                continue  # an elliptic size continues a size stated before it
            # an elliptic size is judged by what follows its number: "12 with grade 3 rash" counts events
            if a in found or _is_excluded(s, a, b if pattern is N_ELLIPTIC else m.end()):
                continue
            value = words_to_int(m.group("n"))
            if not value or value > MAX_COHORT or (not m.group("n")[0].isdigit() and value < MIN_WORD_COHORT
                                                   and not _SUBGROUP_BEFORE.search(s[max(0, a - 12) : a])):
                continue
            found[a] = _size(ctx, a, b, float(value))
    for first in received:
        m = N_GAPPED.match(s, first.end(), timeout=2.0)
        if m is None or first.start("n") not in found:
            continue
        a, b = m.span("n")
        if a not in found and not _is_excluded(s, a, m.end()):  # judged after its share: "and 63 (51%) usual care"
            found[a] = _size(ctx, a, b, float(s[a:b]))
    for m in _ARMS_BARE.finditer(s, timeout=2.0):
        for a, b in m.spans("n"):
            if a not in found and not _YEAR.match(s, a):
                found[a] = _size(ctx, a, b, float(s[a:b]))
    totals = {k: (f.stat.end - ctx.start, f.stat.value) for k, f in found.items()}
    for a, b in _listed_sizes(s, totals):
        if a not in found:
            found[a] = _size(ctx, a, b, float(s[a:b].replace(",", "")))
    labelled = [(v.stat.start - ctx.start, v.stat.end - ctx.start) for v in ctx.values if v.kind == "n"]
    for a, b, n in _breakdown_sizes(ctx, {k: f.stat.value for k, f in found.items()}):
        if any(x < b and a < y for x, y in labelled):
            continue  # "arm B, n = 46": the "n = 46" the scanner read is that size
        found[a] = _size(ctx, a, b, float(n))
    header = _table_header_sizes(ctx.text, ctx.start) if s.startswith("|") else None
    in_part = header is not None and sum(v.stat.value for v in ctx.values if v.kind == "n") not in header
    for v in ctx.values:
        a, b = v.stat.start - ctx.start, v.stat.end - ctx.start
        if v.kind == "n" and a not in found and not in_part and not _n_eq_excluded(s, a, b):
            found[a] = Finding(endpoint="n", stat=v.stat, extractor="cohort_size")
    # each size is its own statement, not a comparison: one group each
    return [replace(found[k], group=i) for i, k in enumerate(sorted(found))]
