"""Label text: is a phrase a treatment (an arm) or a patient characteristic (a subgroup), and its clean form.

Pure functions over strings; the patterns that find labels in sentences are rules (``rules.toml``).
"""
from __future__ import annotations

from functools import lru_cache

import regex

from pipeline.nlp.lexicon import by_alias

#: Words that make a label a treatment arm.
TREATMENT_WORDS = regex.compile(
    r"rechalleng|(?<!p)re-?treat|chemo|combination|combined|mono|therap(?!y[- ]free)|(?<!un|pre)treat(?!ment[- ](?:free|na[iï]ve))|regimen|plus|\bICIs?\b|inhibitor|\w+mab\b|\w+nib\b"
    r"|radio|(?-i:\bRT\b)|dose|switch|continu|immuno|drug|\bPD-1\b|\bPD-L1 inhibitor|anti-|blockade|placebo|\bcontrol\s+(?:group|arm|cohort)s?\b|(?<!\b(?:normal|healthy)\s)\bcontrols\b|(?-i:\bIT\b)"
    r"|(?-i:\bIC\b|\bITC\b)|alone\b|surgery|resection|ablation|transplant|vaccine|(?-i:\bSOC\b)|standard\s+of\s+care|best\s+supportive"
    r"|\bobservation\b|\busual[- ]care\b",
    regex.I,
)
#: Drug names the lexicon does not list, by their stems: "cladribine", "vinflunine", "lipoplatin", "irinotecan".
DRUG_STEM = regex.compile(
    r"\b[\p{L}-]*(?:mab|nib|platin|taxel|rubicin|tecan|abine|ribine|mustine|mycin|fosfamide|trexed|zomib|lisib|parib"
    r"|ciclib|olimus|flunine|uracil|lidomide|poetin|feron|leukin|dronate|cept|lipoplatin|gemcitabine"
    # endocrine, cytotoxic and supportive drugs of breast, lung and other trials: "letrozole", "tamoxifen",
    # "exemestane", "fulvestrant", "goserelin", "zoledronic", "vinorelbine", "cyclophosphamide", "etoposide"
    r"|zole|xifen|xifene|mifene|strant|stane|relin|dronic|retinide|relbine|phosphamide|trexate|poside"
    r"|cristine|blastine|carbazine|zolomide|grastim)\b",
    regex.I,
)
#: Regimen acronyms: "FOLFIRI", "mFOLFOX6", "FUFOX", "XELOX", "R-CHOP", "GEMOX", "TEGAFOX".
REGIMEN = regex.compile(r"\b(?:m?FOLF\w*|FUF\w+|XEL\w+|CAP\w+|R-?CHOP|CHOP|GEMOX|TEGAF\w+|EOX|ECF|DCF|FLOT|ESHAP|R-?ESHAP|DHAP|ICE|ABVD|BEP|IFL|FOLFOXIRI)\b")
#: Investigational drugs by their sponsor codes: "ASA404", "MK-3475", "BMS-936558", "MPDL3280A", "TAS-102";
#: tumour markers ("CA-125") and trial names followed by "trial" or "study" ("JCOG0603 trial") are none.
DRUG_CODE = regex.compile(r"\b(?!CA\b)[A-Z]{2,5}-?\d{3,7}[A-Z]?\b(?!\s*(?:trial|study|studies|protocol)\b)(?![\w-])")
_FILLER = frozenset("the group arm arms patients patient with of in cohort a an regimen".split())


_WORD = regex.compile(r"[\w-]+")


@lru_cache(maxsize=4096)
def is_treatment(text: str) -> bool:
    """Names a treatment: a treatment word, a drug of the lexicon, by its stem or its sponsor code, or a regimen acronym."""
    if TREATMENT_WORDS.search(text) or DRUG_STEM.search(text) or REGIMEN.search(text) or DRUG_CODE.search(text):
        return True
    aliases = by_alias()
    return any(("DRUG", w) in aliases for w in _WORD.findall(text.lower()))


_LABEL_TOKEN = regex.compile(r"[\w+/<>=.-]+")


@lru_cache(maxsize=8192)  # labels are compared pairwise, each many times
def token_set(label: str) -> frozenset[str]:
    """Lowercased tokens without filler words, for comparing labels; a final letter is a name ("arm A")."""
    tokens = _LABEL_TOKEN.findall(label.lower())
    return frozenset(t for i, t in enumerate(tokens) if t not in _FILLER or (len(t) == 1 and i == len(tokens) - 1))


def same_label(a: str, b: str) -> bool:
    """Two labels name the same group: equal token sets, or one half-covers the other ("XI arm" ~ "XI")."""
    x, y = token_set(a), token_set(b)
    if not x or not y:
        return False
    small, big = sorted((x, y), key=len)
    return x == y or (small <= big and 2 * len(small) >= len(big))


_JOINERS = frozenset({"+", "plus", "and", "/", "with", "&"})
#: Letters a clipped word keeps at least: "nivo" for nivolumab, not "n".
MIN_CLIP = 3


def _content_words(label: str) -> list[str]:
    return [w for w in regex.findall(r"[\p{L}\d][\w-]*|\+|/|&", label.lower()) if w not in _JOINERS and w not in _FILLER]


def clipped(short: str, long: str) -> bool:
    """``short`` writes ``long`` with its words clipped: "sitra + nivo" for "sitravatinib plus nivolumab"."""
    a, b = _content_words(short), _content_words(long)
    return (len(a) == len(b) > 0 and a != b
            and all(len(x) >= MIN_CLIP and y.startswith(x) for x, y in zip(a, b)))


#: Threshold words written as operators: "PFS1 exceeding 2 years" -> "PFS1 > 2 years".
_WORD_OPS = (
    (regex.compile(r"\s+(?:of\s+)?at\s+least\s+|\s*>\s*or\s+equal\s+to\s*|\s*>\s*or\s*=\s*", regex.I), " >= "),
    (regex.compile(r"\s*<\s*or\s*=\s*", regex.I), " <= "),
    (regex.compile(r"\s+(?:exceeding|over|more\s+than|longer\s+than|greater\s+than|above)\s+(?=\d)", regex.I), " > "),
    (regex.compile(r"\s+(?:less\s+than|shorter\s+than|fewer\s+than|below|under)\s+(?=\d)", regex.I), " < "),
)
_PLURAL_GROUP = regex.compile(r"\s+(?:arms|groups|cohorts|regimens)$", regex.I)
_LEADING = regex.compile(r"^(?:(?:the|a|an|both|those|these|all|patients|patient|who|with|harbou?ring|carrying|in|of|for|to|and|or|such\s+as"
                      r"|\d[\d,]*(?=\s+(?:patients|patient|cases|subjects)\b))\s+)+", regex.I)
# lower case only: "arm A" keeps its name
_TRAILING = regex.compile(r"(?:\s+(?:the|a|an|and|or|of|in|with|to|for|as|at|on|by|who|which|that|was|were|is|are))+$")


#: A section heading glued to the sentence by a scraped page: "ResultsImmunotherapy rechallenge ...".
_GLUED_HEADING = regex.compile(r"^(?:Results?|Methods?|Background|Conclusions?|Objectives?|Purpose|Findings|Aims?)(?=\p{Lu}\p{Ll})")


#: A sentence's full stop after a label's last word ("with liver metastases."), not an abbreviation's ("b.i.d.").
_SENTENCE_STOP = regex.compile(r"(?<=(?:^|\s)(?:[^\s.]{2,}|\d))\.$")


#: A digit written as a subscript by a scraped page: "PFS_1_" -> "PFS1".
_SUBSCRIPT = regex.compile(r"_(\d)_")
#: Comparison operators, spaced alike: "≥6" -> " >= 6" (after the word operators).
_OPERATORS = (
    (regex.compile(r"\s*(≥|⩾|>=)\s*"), " >= "),
    (regex.compile(r"\s*(≤|⩽|<=)\s*"), " <= "),
    (regex.compile(r"\s*(?<![<>])([<>])(?!=)\s*"), r" \1 "),
)
_SPACES = regex.compile(r"\s+")


@lru_cache(maxsize=8192)  # the same labels are cleaned for every candidate and comparison
def clean_label(text: str) -> str:
    """Normalize spacing and thresholds, drop leading articles, glued headings and dangling function words:
    "PFS_1_≥6 months" -> "PFS1 >= 6 months", "the  chemotherapy group" -> "chemotherapy group"."""
    t = _SUBSCRIPT.sub(r"\1", _GLUED_HEADING.sub("", text.strip()))
    for pattern, op in (*_WORD_OPS, *_OPERATORS):
        t = pattern.sub(op, t)
    t = _SPACES.sub(" ", t).strip(" ,;:")
    t = _TRAILING.sub("", _LEADING.sub("", t)).strip(" ,;:")
    t = _SENTENCE_STOP.sub("", t)
    return _PLURAL_GROUP.sub("", t)  # "the XELOX and FOLFIRI arms": each is named without the plural


_COMPLEMENT_OPS = {">=": "<", "<": ">=", ">": "<=", "<=": ">"}
_COMPLEMENT_WORDS = (("positive", "negative"), ("high", "low"), ("responder", "non-responder"), ("with", "without"),
                     ("increased", "decreased"), ("mutant", "wild-type"))


#: A factor's absence, whose other level is the factor itself: "absence of weight loss" -> "weight loss".
_ABSENCE = regex.compile(r"^(?:(?:the\s+)?absence\s+of|no|without)\s+(?P<factor>\S.*)$", regex.I)


def complement(label: str) -> str | None:
    """The other level of a two-level factor: "CPS >= 1" -> "CPS < 1", "PD-L1 positive" -> "PD-L1 negative",
    "absence of weight loss" -> "weight loss"."""
    m = regex.search(r"\s(>=|<=|<|>)\s", label)
    if m:
        return label[: m.start()] + f" {_COMPLEMENT_OPS[m.group(1)]} " + label[m.end():]
    absent = _ABSENCE.match(label)
    if absent:
        return absent.group("factor")
    for a, b in _COMPLEMENT_WORDS:
        if regex.search(rf"\b{a}\b", label, regex.I):
            return regex.sub(rf"\b{a}\b", b, label, count=1, flags=regex.I)
        if regex.search(rf"\b{b}\b", label, regex.I):
            return regex.sub(rf"\b{b}\b", a, label, count=1, flags=regex.I)
    return None
