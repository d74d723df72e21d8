"""Parse every number of a sentence once: values with units, CIs, p-values, counts, HRs.

The sentence is cut into *atoms* by one left-to-right scan (patterns without
nested quantifiers, so no catastrophic backtracking), then value atoms collect
the CI, p-value and counts that follow them into a :class:`Statistic`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from pipeline.types import Statistic

DAYS_PER_MONTH = 30.4375

_NUM = r"\d+(?:[.·]\d+)?"
_DASH = r"(?:\s*[-‐‑–—−]\s*|\s+to\s+|\s*,\s*)"

#: Duration units and their factor to months: "81 d", "5.8 months", "2 years", "12 wk".
UNIT_TO_MONTHS: dict[str, float] = {
    "month": 1.0, "months": 1.0, "mo": 1.0, "mos": 1.0, "mon": 1.0, "m": 1.0,
    "day": 1 / DAYS_PER_MONTH, "days": 1 / DAYS_PER_MONTH, "d": 1 / DAYS_PER_MONTH,
    "week": 7 / DAYS_PER_MONTH, "weeks": 7 / DAYS_PER_MONTH, "wk": 7 / DAYS_PER_MONTH,
    "wks": 7 / DAYS_PER_MONTH, "w": 7 / DAYS_PER_MONTH,
    "year": 12.0, "years": 12.0, "yr": 12.0, "yrs": 12.0, "y": 12.0,
}
_UNIT = r"(?:months?|mos?|mon|days?|weeks?|wks?|years?|yrs?|[mdwy])(?![\p{L}\d])"

NUMBER_WORDS = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_BELOW_HUNDRED = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen)"
)
_BELOW_THOUSAND = (
    rf"(?:(?:one|two|three|four|five|six|seven|eight|nine)[-\s]+hundred(?:\s+(?:and\s+)?{_BELOW_HUNDRED})?"
    rf"|{_BELOW_HUNDRED})"
)
#: "Eighty-five", "twelve", "One hundred and forty-three", "two hundred", "One thousand two hundred eighty-four",
#: "Eight-thousand four-hundred twenty-two"
_NUMBER_WORD = (
    rf"(?:(?:{_BELOW_HUNDRED})[-\s]+thousand(?:,?\s+(?:and\s+)?{_BELOW_THOUSAND})?|{_BELOW_THOUSAND})"
)


#: A space between thousands, thin or not: "16\u202f608", "16 608".
_THOUSANDS_SPACE = regex.compile(r"(?<=\d)[\u2008\u2009\u202f ](?=\d{3})")


def words_to_int(words: str) -> int | None:
    """'Eighty-five' -> 85, 'twelve' -> 12, 'One hundred and forty-three' -> 143, '154' -> 154,
    'One thousand two hundred eighty-four' -> 1284, '16\u202f608' and '16 608' -> 16608 (thousands after a space)."""
    w = _THOUSANDS_SPACE.sub("", words.strip().lower()).replace("-", " ")
    if w.replace(",", "").isdigit():
        return int(w.replace(",", ""))
    parts = [p for p in w.replace(",", " ").split() if p != "and"]
    if "thousand" in parts:
        k = parts.index("thousand")
        thousands = _below_thousand(parts[:k])
        rest = _below_thousand(parts[k + 1 :]) if parts[k + 1 :] else 0
        return None if thousands is None or rest is None else 1000 * thousands + rest
    return _below_thousand(parts)


def _below_thousand(parts: list[str]) -> int | None:
    """['one', 'hundred', 'forty', 'three'] -> 143; None when the words are no number below 1000."""
    total = 0
    if len(parts) >= 2 and parts[1] == "hundred" and parts[0] in NUMBER_WORDS:
        total, parts = 100 * NUMBER_WORDS[parts[0]], parts[2:]
        if not parts:
            return total
    if len(parts) == 1:
        rest = NUMBER_WORDS.get(parts[0], TENS.get(parts[0]))
        return None if rest is None else total + rest
    if len(parts) == 2 and parts[0] in TENS and parts[1] in NUMBER_WORDS:
        return total + TENS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


#: An upper CI bound that is no number: "(95% CI, 5.6 months to not estimable)", "10.8 to NR".
_OPEN_BOUND = r"(?:not\s+(?:estimable|reached|attained|evaluable|achieved)|NE|NR|NA)\b"
#: Ways of saying "not reached": "not reached", "not yet achieved", "not attained", "NR".
_NOT_REACHED = r"\bnot\s+(?:yet\s+)?(?:been\s+)?(?:reached|estimable|evaluable|achieved|attained)\b|\bNR\b"

#: Atom patterns, tried in this order at each position. Each documents what it matches.
ATOM_PATTERNS: tuple[tuple[str, str], ...] = (
    # "95% CI: 1.6-22.4", "(95% confidence interval, CI, 41-112 d)", "95%CI 0.228-0.578", "95% CI = 0.15 to 0.76"
    # "(95% CL, 22.1-48.3%)", "95% confidence interval [95% CI], 10-33%", "97.5% CI [0.31-0.84]"
    ("ci", rf"(?P<level>{_NUM})\s*%\s*(?:CI|CL|confidence\s+(?:intervals?|limits?)|C\.I\.)"
           rf"(?:\s*[,:=]?\s*(?:\[|\()?\s*(?:{_NUM}\s*%\s*)?CI\s*(?:\]|\))?)?"
           rf"\s*[:=,]?\s*[(\[]?\s*(?:from\s+)?(?P<lo>[-−]?{_NUM})\s*(?P<lounit>%|{_UNIT})?{_DASH}"
           rf"(?:(?P<hi>[-−]?{_NUM})\s*(?P<hiunit>%|{_UNIT})?|{_OPEN_BOUND})"),
    # "HR: 0.46", "HR = 1.56", "hazard ratio, HR, 2.38", "HR 0.61", "hazard ratio [HR] of 0.5", "aHR, 0.7"
    # "HRR = 0.71" (hazard rate ratio), "RR: 0.44; 95% CI: 0.30-0.65" (a relative risk given with its CI),
    # "hazard ratio (97.5% confidence interval; one-sided P-value) 0.512"
    # "HR per 1 SD, 1.19" (a ratio per unit of a factor), "hazards ratio [HR] 2.1"
    ("hr", rf"(?:\b(?:adjusted\s+)?hazards?\s+(?:rate\s+)?ratios?|\b[ad]?HRR?s?\b|\bRR(?=\s*[:=,]?\s*{_NUM}\s*[;,(]\s*\(?\s*95\s*%))"
           rf"(?:\s*[\[(,]?\s*a?HR\s*[\]),]?)?"
           rf"(?:\s*(?:[:=,]|was|were|of|for\s+[^,;()\d]{{1,40}}?(?:\s+(?:was|were|of|=)|,)"
           rf"|per\s+(?:\d+[\s-]*|one\s+|each\s+|an?\s+)?[^,;()\d]{{1,30}}?(?:\s+(?:was|were|of|=)|,)|\((?:\s*{_NUM}\s*%\s*(?:C[IL]|confidence\s+(?:intervals?|limits?)))?[^()\d]{{0,40}}\)|\())*?"
           rf"\s*(?P<hr>{_NUM})(?![\d.]|\s*%)"),
    # "(13% to 36%)", "(25%-50%)": an unlabelled interval of percentages, the CI of the percent before it
    ("pct_pair", rf"\(\s*(?P<lo>{_NUM})\s*%\s*(?:,|[-–]|to)\s*(?P<hi>{_NUM})\s*%\s*\)"),
    # "(1.11, 1.89)", "(0.62-0.94)": an unlabelled interval of decimals, taken as the CI of a preceding HR only
    # "(0·95–1·72, p=0·10)", "(0.35-0.75; 0.001)": with the comparison's p-value inside, and perhaps a pointer
    # after it: "(0·50–0·91, p=0·0070; supplementary table 2)"
    ("paren_pair", r"\(\s*(?P<lo>\d+[.·]\d+)\s*(?:,|[-–]|to)\s*(?P<hi>\d+[.·]\d+)"
                   r"(?:\s*[,;]\s*(?:p\s*(?P<op>[<>=≤])\s*)?(?P<p>\d*[.·]\d+)(?:\s*;\s*[^()\d;]+\d*)?)?\s*\)"),
    # "(0·66, 0·54–0·80, p<0·0001)", "3·6 months, 3·2–3·9", "(1.07; 1.01 to 1.13)": an unlabelled interval after
    # a comma or semicolon, the CI of the ratio or median before it (alone, a range: no value)
    ("comma_pair", r"(?<=[,;]\s{0,3})(?P<lo>\d+[.·]\d+)\s*(?:[-–]|\s+to\s+)\s*(?P<hi>\d+[.·]\d+)(?![\d.·%])"),
    # "P < 0.001", "p=0.049", "P-value = 0.03", "p<.05", "P = 1.2 × 10-5"
    ("p", rf"\b[Pp](?:\s*-?\s*values?)?\s*(?P<op>[<>=≤≥]|&lt;|&gt;)\s*(?P<p>\d*[.·]?\d+(?:\s*[x×]\s*10\s*[-−–]\s*\d+)?)"),
    # "not reached", "NR", "not estimable"
    ("nr", _NOT_REACHED),
    # "(n=48)", "n = 51", "N=104"
    ("n_eq", r"\b[nN]\s*=\s*(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)"),
    # "7/29", "(16/29)"
    ("count", r"(?<![\d/.])(?P<num>\d+)\s*/\s*(?P<den>\d+)(?![\d/.])"),
    # "24.1%", "24.1 %", "24 percent"
    # (a CI's level, "95% CI", "(95% CIs)" or a cut-off "95% confidence", is no percent value)
    ("percent", rf"(?P<v>{_NUM})\s*(?:%|per\s*cent\b|percent\b)(?!\s*(?:CIs?|CLs?|C\.I\.|confidence)\b)"),
    # "5.8 months", "81 d", "2.1 years", "12 weeks"
    ("duration", rf"(?P<v>{_NUM})[\s-]*(?P<unit>{_UNIT})"),
    # "Eighty-five", "twelve"
    ("word_number", rf"\b(?P<w>{_NUMBER_WORD})\b"),
    # bare numbers: "17.6", "154", "1,517"
    ("number", r"(?<![\d.\p{L}])(?P<v>\d{1,3}(?:,\d{3})+|\d+(?:[.·]\d+)?)(?![\d.]*\d)"),
)
# group names must be unique across alternatives, so each pattern's inner groups get its kind as prefix
_SCANNER = regex.compile(
    "|".join(f"(?P<{kind}>" + regex.sub(r"\(\?P<(\w+)>", rf"(?P<{kind}_\1>", pat) + ")" for kind, pat in ATOM_PATTERNS),
    regex.IGNORECASE,
)

#: Each kind's own groups as (name in the scanner, name in :attr:`Atom.groups`), in the pattern's order: a
#: match reads only its kind's few groups instead of building the dict of all of them.
_KIND_GROUPS = {kind: tuple((name, name[len(kind) + 1:]) for name in _SCANNER.groupindex if name.startswith(kind + "_"))
                for kind, _ in ATOM_PATTERNS}


@dataclass(frozen=True, kw_only=True)
class Atom:
    kind: str
    start: int  # offsets into the document text
    end: int
    text: str
    groups: dict


def is_decimal(raw: str) -> bool:
    """"17.6", "1·28": a number written with decimals (a rate or ratio rather than a count)."""
    return "." in raw or "·" in raw


def _num(text: str | None) -> float | None:
    if text is None:
        return None
    return float(text.replace("·", ".").replace("−", "-").replace(",", ""))


def scan(sentence: str, offset: int = 0) -> list[Atom]:
    """All atoms of a sentence, left to right; offsets are shifted by ``offset``.

    >>> [a.kind for a in scan("ORR 24.1% (7/29); median PFS 5.8 months (95% CI: 4.1-7.2), HR: 0.46, P < 0.001")]
    ['percent', 'count', 'duration', 'ci', 'hr', 'p']
    """
    atoms = []
    for m in _SCANNER.finditer(sentence, timeout=2.0):
        kind = m.lastgroup
        groups = {short: v for name, short in _KIND_GROUPS[kind] if (v := m.group(name)) is not None}
        atoms.append(Atom(kind=kind, start=offset + m.start(), end=offset + m.end(), text=m.group(), groups=groups))
    return atoms


VALUE_KINDS = frozenset({"percent", "duration", "number", "nr", "count", "hr", "n_eq", "word_number"})


@dataclass(frozen=True, kw_only=True)
class Value:
    """A value atom turned into a Statistic, plus what it can be: its *kind* drives assignment."""

    kind: str  # percent, duration, number, nr, count, hr, n
    stat: Statistic
    unit_explicit: bool


def _duration_stat(raw: str, start: int, end: int, v: float, unit: str) -> Statistic:
    return Statistic(raw=raw, start=start, end=end, value=round(v * UNIT_TO_MONTHS[unit.lower()], 4), unit="months")


def _encloses(pair: Atom, value: float | None) -> bool:
    """Does an interval written after a comma hold the value before it? Only then is it the value's CI
    ("0·62, 0·51–0·75"); otherwise it is the next item of a list ("1.5, 2.0–3.5")."""
    lo, hi = _num(pair.groups["lo"]), _num(pair.groups["hi"])
    return value is not None and lo is not None and hi is not None and lo <= value <= hi


def _between(sentence: str, offset: int, a: int, b: int) -> str:
    return sentence[a - offset : b - offset]


#: Text allowed between values of one comparison chain: "4.57 vs. 2.20 months", "20.0% and 78.0%".
_CHAIN_GAP = regex.compile(r"^\s*(?:,|;)?\s*(?:vs\.?|versus|v\.?|and|or|compared\s+(?:with|to)|than|,|to)?\s*$", regex.I)
#: Text allowed between a value and its CI / p / counts: "(", ", ", "; ".
_ATTACH_GAP = regex.compile(r"^[\s,;:()\[\]]*$")


def values(sentence: str, offset: int = 0) -> list[Value]:
    """Statistics of a sentence with their CI, p and counts attached.

    >>> [(v.kind, v.stat.value, v.stat.ci_low, v.stat.p_value) for v in values("4.57 vs. 2.20 months (95% CI 1.6-3.1), p=0.04")]
    [('duration', 4.57, None, None), ('duration', 2.2, 1.6, '0.04')]
    """
    atoms = scan(sentence, offset)
    out: list[Value] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if a.kind not in VALUE_KINDS:
            i += 1
            continue
        stat, kind, explicit = _base_stat(a)
        end = a.end
        j = i + 1
        # attach what follows: counts after a percent, CI, p-value (each once)
        seen: set[str] = set()
        while j < len(atoms):
            b = atoms[j]
            gap = _between(sentence, offset, end, b.start)
            if not _ATTACH_GAP.match(gap):
                break
            if b.kind == "count" and kind == "percent" and "count" not in seen:
                stat = replace(stat, numerator=int(b.groups["num"]), denominator=int(b.groups["den"]))
                close = sentence[b.end - offset : b.end - offset + 1]
                end = b.end + (1 if close == ")" and "(" in gap else 0)
                stat = replace(stat, raw=_between(sentence, offset, stat.start, end), end=end)
            elif b.kind == "percent" and kind == "count" and "count" not in seen:
                # "7/29 (24.1%)": the percent is the value, counts kept
                stat = replace(stat, value=_num(b.groups["v"]))
                close = sentence[b.end - offset : b.end - offset + 1]
                end = b.end + (1 if close == ")" and "(" in gap else 0)
                stat = replace(stat, raw=_between(sentence, offset, stat.start, end), end=end)
                seen.add("count")
                j += 1
                continue
            elif b.kind == "ci" and "ci" not in seen:
                lo, hi = _num(b.groups.get("lo")), _num(b.groups.get("hi"))
                unit = b.groups.get("hiunit") or b.groups.get("lounit")
                if kind in ("duration", "number") and unit and unit != "%":
                    lo, hi = (None if x is None else round(x * UNIT_TO_MONTHS[unit.lower()], 4) for x in (lo, hi))
                    if kind == "number" and not explicit:
                        stat = _duration_stat(stat.raw, stat.start, stat.end, stat.value, unit)
                        kind, explicit = "duration", True
                stat = replace(stat, ci_low=lo, ci_high=hi, ci_level=_num(b.groups.get("level")))
                end = b.end
            elif b.kind == "pct_pair" and kind == "percent" and "ci" not in seen:
                stat = replace(stat, ci_low=_num(b.groups["lo"]), ci_high=_num(b.groups["hi"]))
                end = b.end
            elif b.kind in ("paren_pair", "comma_pair") and "ci" not in seen and (
                    kind in ("hr", "duration") or (kind == "number" and is_decimal(stat.raw))) and (
                    b.kind == "paren_pair" or _encloses(b, stat.value)):
                # "0.79 (0.51-1.24)", "5.6 (5.0-6.2) months": an unlabelled interval right after the value
                stat = replace(stat, ci_low=_num(b.groups["lo"]), ci_high=_num(b.groups["hi"]))
                if b.groups.get("p") and stat.p_value is None:
                    op = b.groups.get("op", "=")
                    stat = replace(stat, p_value=("" if op == "=" else op) + b.groups["p"])
                end = b.end
                seen.add("ci")
            elif b.kind == "p" and "p" not in seen:
                op = b.groups["op"].replace("&lt;", "<").replace("&gt;", ">")
                stat = replace(stat, p_value=("" if op == "=" else op) + b.groups["p"].replace(" ", ""))
                end = b.end
            else:  # the next value, or an atom that belongs to no value
                break
            seen.add("count" if b.kind == "count" else b.kind)
            j += 1
        if kind == "number" and stat.ci_low is not None and (u := _UNIT_AFTER.match(sentence, end - offset)):
            # "4.2 (95% CI: 3.1-5.6) months": the unit written after the CI is the value's
            factor = UNIT_TO_MONTHS[u.group("u").lower()]
            stat = replace(_duration_stat(stat.raw, stat.start, stat.end, stat.value, u.group("u")),
                           ci_low=round(stat.ci_low * factor, 4), ci_high=round(stat.ci_high * factor, 4),
                           ci_level=stat.ci_level, p_value=stat.p_value)
            kind, explicit = "duration", True
        out.append(Value(kind=kind, stat=stat, unit_explicit=explicit))
        i = j if j > i + 1 else i + 1
    kept = _drop_ranges_and_approximations(sentence, offset, out)
    return _units_from_neighbours(sentence, offset, _propagate_units(sentence, offset, kept))


#: A unit right after a value's CI: "4.2 (95% CI: 3.1-5.6) months".
_UNIT_AFTER = regex.compile(rf"[\s)\]]*(?P<u>{_UNIT})", regex.I)
#: Text between a duration and a bare value with a CI that continues its list: "6.10 months (...) for arm A and 4.85
#: (95% CI ...)", "9.1 (95% CI: ...), arm B: 7.7 (95% CI: ...) months" (no number, no ratio word, not too long).
_NEIGHBOUR_GAP = regex.compile(r"^(?!.*\b(?:HRs?|hazard|ratio|odds|OR)\b)[^\d;]{1,40}$", regex.I)


def _months_per_unit(duration: Statistic) -> float:
    """Months per unit of a duration: from its raw unit ("2.1 years" -> 12), else from value / raw number."""
    if unit := regex.match(rf"{_NUM}[\s-]*(?P<u>{_UNIT})", duration.raw, regex.I):
        return UNIT_TO_MONTHS[unit.group("u").lower()]
    number = regex.match(_NUM, duration.raw)
    raw = _num(number.group()) if number else 0.0
    return duration.value / raw if raw and duration.value is not None else 1.0


def _units_from_neighbours(sentence: str, offset: int, vals: list[Value]) -> list[Value]:
    """A bare decimal with a CI next to a duration (nothing but a short phrase between) is a duration too."""
    out = list(vals)
    for i, v in enumerate(out):
        if v.kind != "number" or v.stat.ci_low is None or not is_decimal(v.stat.raw):
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(out) and out[j].kind == "duration" and out[j].unit_explicit:
                a, b = (out[j], v) if j < i else (v, out[j])
                gap = regex.sub(r"\([^()]*\)", " ", _between(sentence, offset, a.stat.end, b.stat.start))
                if _NEIGHBOUR_GAP.match(gap):
                    factor = _months_per_unit(out[j].stat)
                    s = v.stat
                    out[i] = Value(kind="duration", stat=replace(s, value=round(s.value * factor, 4), unit="months",
                                                       ci_low=round(s.ci_low * factor, 4),
                                                       ci_high=round(s.ci_high * factor, 4)), unit_explicit=False)
                    break
    return out


_RANGE_GAP = regex.compile(r"^\s*[-‐‑–—]\s*$")


def _drop_ranges_and_approximations(sentence: str, offset: int, vals: list[Value]) -> list[Value]:
    """"20%-60%", "10.3 – 29.0" are ranges, "~25%" an approximation: none is a reported value."""
    ranged: set[int] = set()
    for a, b in zip(vals, vals[1:]):
        if _RANGE_GAP.match(_between(sentence, offset, a.stat.end, b.stat.start)):
            ranged |= {id(a), id(b)}
    return [v for v in vals if id(v) not in ranged
            and not BOUNDED.search(before := _between(sentence, offset, max(offset, v.stat.start - 24), v.stat.start))
            and not _NOT_A_RESULT_BEFORE.search(before)
            and not (v.kind in ("duration", "number") and _is_age(sentence, offset, v, before))]


#: An age that splits patients into subgroups: "younger than 65 years", "aged 70 or older", "65 years of age or
#: older". Its "years" is no survival time, and a bare ratio next to it is no duration (the HR after it in
#: "0.65 (...) in patients younger than 65 years and 0.80 (...) in those aged 65 or older" stays a ratio).
_AGE_BEFORE = regex.compile(r"(?:\b(?:older|younger)\s+than|\baged?(?:\s+of)?)\s*[:=]?\s*$", regex.I)
_AGE_AFTER = regex.compile(r"\s*(?:(?:years?|yrs?)\s+)?(?:old\b|of\s+age\b|or\s+(?:older|younger|above|over)\b)", regex.I)


def _is_age(sentence: str, offset: int, v: Value, before: str) -> bool:
    """Is the duration or bare number ``v`` an age ("younger than 65 years", "70 years or older")?"""
    return bool(_AGE_BEFORE.search(before) or _AGE_AFTER.match(sentence, v.stat.end - offset))


#: Numbers that are a test statistic or a version, not a result: "χ2=0.125", "RECIST version 1.1".
_NOT_A_RESULT_BEFORE = regex.compile(r"(?:χ\s*2|chi[- ]?squared?|\bversion|\bt|\bz|\bF)\s*[=:]?\s*$", regex.I)


#: Words that make a value approximate or a bound ("~25%", "<10%", "more than 35,000", "nearly 60%",
#: "exceeded 50% after"): not a reported value (annotations/README.md).
BOUNDED = regex.compile(
    r"(?:[~<>≤≥⩽⩾]|\b(?:more|less|greater|fewer|longer|shorter)\s+than|\b(?:nearly|about|approximately|almost"
    r"|around|roughly|up\s+to|at\s+least|at\s+most|exceed(?:ed|s|ing)?|over|under))\s*$",
    regex.I,
)


#: The number that ends an atom: the ratio of "HR 0.71".
_LAST_NUMBER = regex.compile(_NUM + r"$")


def _base_stat(a: Atom) -> tuple[Statistic, str, bool]:
    g = a.groups
    if a.kind == "percent":
        return Statistic(raw=a.text, start=a.start, end=a.end, value=_num(g["v"]), unit="%"), "percent", True
    if a.kind == "duration":
        v = _num(g["v"])
        return _duration_stat(a.text, a.start, a.end, v, g["unit"]), "duration", True
    if a.kind == "nr":
        return Statistic(raw=a.text, start=a.start, end=a.end, value=None, unit="months", not_reached=True), "nr", True
    if a.kind == "count":
        num, den = int(g["num"]), int(g["den"])
        value = round(100 * num / den, 2) if den else None
        return Statistic(raw=a.text, start=a.start, end=a.end, value=value, unit="%", numerator=num, denominator=den), "count", True
    if a.kind == "hr":
        m = _LAST_NUMBER.search(a.text)
        start = a.start + m.start()
        return Statistic(raw=m.group(), start=start, end=a.end, value=_num(g["hr"]), unit="ratio"), "hr", True
    if a.kind == "n_eq":
        return Statistic(raw=a.text, start=a.start, end=a.end, value=float(g["n"].replace(",", "")), unit="patients"), "n", True
    if a.kind == "word_number":
        value = words_to_int(g["w"])
        return Statistic(raw=a.text, start=a.start, end=a.end, value=None if value is None else float(value), unit=None), "word_number", False
    return Statistic(raw=a.text, start=a.start, end=a.end, value=_num(g["v"]), unit=None), "number", False


def _propagate_units(sentence: str, offset: int, vals: list[Value]) -> list[Value]:
    """Give bare numbers of a comparison chain the unit of the chain's last value: "4.57 vs. 2.20 months"."""
    out = list(vals)
    for i in range(len(out) - 2, -1, -1):
        here, nxt = out[i], out[i + 1]
        if here.kind != "number" or nxt.kind not in ("duration", "percent"):
            continue
        if not _CHAIN_GAP.match(_between(sentence, offset, here.stat.end, nxt.stat.start)):
            continue
        s = here.stat
        if nxt.kind == "duration":
            out[i] = Value(kind="duration", stat=replace(s, value=round(s.value * _months_per_unit(nxt.stat), 4), unit="months"), unit_explicit=False)
        else:
            out[i] = Value(kind="percent", stat=replace(s, unit="%"), unit_explicit=False)
    return out
