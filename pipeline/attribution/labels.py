"""Arm and subgroup phrases of a sentence ("the chemotherapy group", "CPS ≥1", "PD-L1-positive").

A label is an *arm* when it names a treatment (a drug, "chemotherapy",
"rechallenge", "combination", ...) and a *subgroup* otherwise (a prognostic
factor level such as "PFS1 ≥ 6 months" or "responder group").
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.nlp.lexicon import by_alias

ARM, SUBGROUP = "arm", "subgroup"

#: Words that make a label a treatment arm.
TREATMENT_WORDS = regex.compile(
    r"rechalleng|chemo|combination|combined|mono|therap|treat|regimen|plus|\bICIs?\b|inhibitor|\w+mab\b|\w+nib\b"
    r"|radio|\bRT\b|dose|switch|continu|retreat|immuno|drug|\bPD-1\b|\bPD-L1 inhibitor|anti-|blockade|placebo|control\b|\bIT\b|\bIC\b|\bITC\b",
    regex.I,
)
_STOP = (
    r"the|a|an|in|of|for|with|and|or|than|to|vs|versus|between|from|by|at|on|was|were|is|are|both|whereas|while|who|that"
    r"|compared|those|these|patients|patient|had|showed|significantly|higher|lower|longer|shorter|better|worse|median|as|its|their|all"
)
#: "the immunotherapy rechallenge group", "non-combination group", "the resistant group", "ITC+IT arm"
GROUP_PHRASE = regex.compile(
    rf"(?<![\w-])(?:(?!(?:{_STOP})\b)[\p{{L}}\d][\w+/≥≤<>=.-]*\s+){{1,4}}?(?:group|arm|cohort|subgroup)s?\b(?!\s+(?:of|analysis|analyses))",
    regex.I,
)
_THRESHOLD_FACTOR = (
    r"(?:PFS\s*[-_]?\s*1_?|TFI|CPS|TPS|ECOG\s*(?:PS|performance\s+status)?|PS|PD-L1(?:\s+(?:expression|TPS|CPS))?|NLR|LDH|age|TMB|BMI)"
)
_OP = r"(?:≥|>=|≤|<=|⩾|⩽|<|>|=|of\s+at\s+least|exceeding|over|more\s+than|less\s+than|longer\s+than|shorter\s+than|below|above)"
#: "CPS ≥1", "PFS_1_ ≥ 6 months", "TFI > 11.9 months", "ECOG PS ≥ 2", "PFS1 exceeding 2 years", "age ≥75 years"
THRESHOLD = regex.compile(
    rf"\b{_THRESHOLD_FACTOR}(?:\s+score)?(?:\s+of)?\s*{_OP}\s*\d+(?:\.\d+)?\s*(?:%|months?|years?|weeks?|mo\b)?", regex.I
)
#: "PD-L1-positive", "PD-L1 negative or unknown", "high PD-L1 expression", "liver metastasis", "EGFR-mutant"
STATUS = regex.compile(
    r"\bPD-L1[- ](?:positive|negative|high|low)(?:\s+or\s+unknown)?\b|\b(?:high|low|positive|negative)\s+PD-L1(?:\s+expression)?\b"
    r"|\b(?:liver|brain|bone)\s+metastas[ie]s\b|\b(?:EGFR|ALK|KRAS)[- ](?:mutant|mutated|positive|negative|wild[- ]type)\b"
    r"|\b(?:responders?|non-?responders?)\b",
    regex.I,
)
#: "discontinuation due to toxicity", "rechallenge after progression", "discontinuing due to PD"
REASON = regex.compile(
    r"\b(?:discontinu\w*|stopp\w*|rechallenge[d]?|dropped\s+out)\s+(?:initial\s+ICI\s+treatment\s+)?(?:due\s+to|after|following|because\s+of|as\s+a\s+result\s+of)"
    r"\s+(?:(?!(?:had|have|showed|yielded|was|were|and|compared|reported|achieved)\b)[\w-]+\s*){1,4}",
    regex.I,
)
_INTRO = regex.compile(r"(?:compared\s+(?:with|to)|versus|vs\.?|than|relative\s+to|over)\s*(?:the\s+|those\s+(?:in|of|with)\s+(?:the\s+)?)?$", regex.I)


@dataclass(frozen=True)
class Label:
    start: int  # offsets into the document text
    end: int
    text: str
    kind: str  # ARM or SUBGROUP
    reference: bool = False  # introduced as the comparator: "compared with the X group"


def is_treatment(text: str) -> bool:
    """Names a treatment: a treatment word or a drug of the lexicon ("docetaxel", "PD-1 inhibitors")."""
    if TREATMENT_WORDS.search(text):
        return True
    aliases = by_alias()
    return any(("DRUG", w) in aliases for w in regex.findall(r"[\w-]+", text.lower()))


def label_kind(text: str) -> str:
    return ARM if is_treatment(text) else SUBGROUP


#: Threshold words written as operators: "PFS1 exceeding 2 years" -> "PFS1 > 2 years".
_WORD_OPS = (
    (regex.compile(r"\s+(?:of\s+)?at\s+least\s+|\s*>\s*or\s+equal\s+to\s*", regex.I), " >= "),
    (regex.compile(r"\s+(?:exceeding|over|more\s+than|longer\s+than|greater\s+than|above)\s+(?=\d)", regex.I), " > "),
    (regex.compile(r"\s+(?:less\s+than|shorter\s+than|fewer\s+than|below|under)\s+(?=\d)", regex.I), " < "),
)


def clean_label(text: str) -> str:
    """Normalize spacing and thresholds: "PFS_1_≥6 months" -> "PFS1 >= 6 months", "TFI over 11.9 months" -> "TFI > 11.9 months"."""
    t = regex.sub(r"_(\d)_", r"\1", text)
    for pattern, op in _WORD_OPS:
        t = pattern.sub(op, t)
    t = regex.sub(r"\s*(≥|⩾|>=)\s*", " >= ", t)
    t = regex.sub(r"\s*(≤|⩽|<=)\s*", " <= ", t)
    t = regex.sub(r"\s*(?<![<>])([<>])(?!=)\s*", r" \1 ", t)
    t = regex.sub(r"^(?:the|a|an)\s+", "", t.strip(), flags=regex.I)
    return regex.sub(r"\s+", " ", t).strip(" ,;:")


_COMPLEMENT_OPS = {">=": "<", "<": ">=", ">": "<=", "<=": ">"}


def complement(label: str) -> str | None:
    """The other level of a two-level factor: "CPS >= 1" -> "CPS < 1", "PD-L1 positive" -> "PD-L1 negative"."""
    m = regex.search(r"\s(>=|<=|<|>)\s", label)
    if m:
        return label[: m.start()] + f" {_COMPLEMENT_OPS[m.group(1)]} " + label[m.end():]
    for a, b in (("positive", "negative"), ("high", "low"), ("responder", "non-responder")):
        if regex.search(rf"\b{a}\b", label, regex.I):
            return regex.sub(rf"\b{a}\b", b, label, flags=regex.I)
        if regex.search(rf"\b{b}\b", label, regex.I):
            return regex.sub(rf"\b{b}\b", a, label, flags=regex.I)
    return None


def find_labels(text: str, start: int, end: int, arm_names: tuple[str, ...] = ()) -> list[Label]:
    """Arm and subgroup phrases in ``text[start:end]``, by position, overlaps removed (longest first).

    ``arm_names`` are the document's known arms; their mentions count as arm labels.
    """
    sentence = text[start:end]
    found: list[tuple[int, int, str, str | None]] = []
    # factor levels are subgroups whatever words they contain; group phrases are classified by their words
    for pattern, kind in ((THRESHOLD, SUBGROUP), (STATUS, SUBGROUP), (REASON, SUBGROUP), (GROUP_PHRASE, None)):
        found += [(m.start(), m.end(), m.group(), kind) for m in pattern.finditer(sentence, timeout=2.0)]
    for name in arm_names:
        for m in regex.finditer(rf"(?<![\w-]){regex.escape(name)}(?![\w-])", sentence, regex.I):
            found.append((m.start(), m.end(), m.group(), ARM))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    labels: list[Label] = []
    for a, b, raw, kind in found:
        if labels and a < labels[-1].end - start:
            continue
        reference = bool(_INTRO.search(sentence[max(0, a - 30) : a]))
        labels.append(Label(start + a, start + b, clean_label(raw), kind or label_kind(raw), reference))
    return labels
