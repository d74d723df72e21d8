"""The arms frame: the arms a document's own study compares, with every name the text gives them.

Candidates come from the ``frame`` rules (``rules.toml``) over the own-study sentences:

- ``frame:received``   "49 patients received immunotherapy rechallenge and 34 received chemotherapy"
- ``frame:n-label``    "a PD-1 inhibitor plus chemotherapy, n = 38; PD-1 inhibitor monotherapy, n = 20"
- ``frame:n-in``       "41 pts in the XELIRI and 46 pts in the FOLFIRI arm", "211 to CC and 212 to FC"
- ``frame:versus``     a title "Anti-PD-1 combined sorafenib versus anti-PD-1 alone in ..."
- ``frame:randomised`` "were randomised to either the XELIRI (...) or the FOLFIRI arm"
- ``frame:who-received`` "patients who received A and those who received B"
- ``frame:with-or-without`` "chemotherapy with or without drug Q": drug Q (with the backbone) and the backbone
- ``group:phrase``     "the combination group", when two such groups are contrasted in one sentence

A bracket after a candidate adds its names ("(ATP-TCA group)", "(arm A; LipoGem)", "(XI)"), and so
do the abbreviations the NLP stage found ("capecitabine with irinotecan (XI)"). Candidates naming
the same group (equal or half-covering token sets, or an abbreviation of each other) are merged
into one arm; a frame needs two arms or more, and keeps them in the order the text first names them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import regex

from pipeline.attribution.labels import clean_label, clipped, is_treatment, same_label, token_set
from pipeline.attribution.rules import Category, rule, rules

#: Words that end the left side of "A versus B" when read backwards: "the efficacy of A versus B".
_LEFT_CUT = regex.compile(
    r"^.*\b(?:of|between|comparing|compare[ds]?|evaluat\w*|assess\w*|investigat\w*|stud\w*|trial|on|to|for|and\s+safety\s+of)\s+",
    regex.I)
#: Parts of a bracket that are not names: doses, schedules, counts, percentages.
_NOT_A_NAME = regex.compile(r"(?<![\w-])\d+(?:[.,]\d+)?(?![\w-])|\bmg\b|mg/|\bGy\b|\bdays?\b|\bweeks?\b|\bevery\b"
                            r"|\bgiven\b|%|\bn\s*=", regex.I)
_MAX_NAME_WORDS = 8
#: Group words a name may end in; "XELIRI arm" and "XELIRI" are one arm.
_GROUP_WORD = regex.compile(r"\s+(?:arm|group|cohort|regimen)s?$", regex.I)


@dataclass(frozen=True, kw_only=True)
class Arm:
    name: str
    aliases: tuple[str, ...]
    rules: tuple[str, ...]  # the frame rules that found it
    start: int  # where it is first defined, for the drugs it names
    end: int

    def names(self, label: str) -> bool:
        return any(same_label(label, a) for a in self.aliases)


#: A word of a label that may be a short form the document defined ("CIBP", "XELOX+bev").
_TERM_WORD = regex.compile(r"[\w+/-]+")


@dataclass(frozen=True, kw_only=True)
class Frame:
    arms: tuple[Arm, ...] = ()
    #: non-treatment groups defined like arms ("patients with PD-L1 >= 1% (n = 40)"): subgroup names
    groups: tuple[str, ...] = field(default=())
    #: short forms the document defines as treatments ("CIBP" for "continuing ICIs post-progression"), lowercased
    terms: frozenset[str] = field(default=frozenset())

    def __len__(self) -> int:
        return len(self.arms)

    def is_treatment(self, label: str) -> bool:
        """A treatment by its words, or by a short form the document defines as one."""
        return is_treatment(label) or any(t in self.terms for t in _TERM_WORD.findall(label.lower()))

    def arm_named(self, label: str) -> Arm | None:
        """The arm a label names ("the chemotherapy group" -> arm "chemotherapy"), or None."""
        for arm in self.arms:
            if arm.names(label):
                return arm
        return None

    def aliases(self) -> list[tuple[str, Arm]]:
        """Every (alias, arm), longest alias first, for finding mentions."""
        pairs = [(a, arm) for arm in self.arms for a in arm.aliases]
        return sorted(pairs, key=lambda p: (-len(p[0]), p[0]))


#: What separates the parts of a bracket: "(arm A; LipoGem)".
_PARTS = regex.compile(r"\s*[,;]\s*")
#: A bracket, with one level of brackets inside: "(G 1,000 mg/m(2) days 1 and 8)"; its group is what it holds.
_BRACKET = regex.compile(r"\(((?:[^()]|\([^()]*\))*)\)")
_SPACED_BRACKET = regex.compile(r"\s*\(((?:[^()]|\([^()]*\))*)\)")
#: Words that make a name alternatives: "either A or B".
_ALTERNATIVES = regex.compile(r"\b(?:or|either)\b", regex.I)


@dataclass
class _Candidate:
    names: list[str]
    rule: str
    start: int
    end: int


def _paren_names(paren: str | None) -> list[str]:
    """Names a bracket gives ("ATP-TCA group", "arm A; LipoGem"); a list of drugs or a schedule gives none."""
    if not paren:
        return []
    parts = [clean_label(p) for p in _PARTS.split(paren) if p.strip()]
    names = [p for p in parts if p and not _NOT_A_NAME.search(p) and len(p.split()) <= _MAX_NAME_WORDS]
    return names if len(parts) <= 2 else []


#: Doses and schedules written after a drug: "vinflunine 320 mg/m(2) every 21 days", "cisplatin 80 mg/m2 on day 1".
_DOSE = regex.compile(
    r"\s*\b\d+(?:[.,]\d+)?\s*(?:mg|g|µg|mcg|IU|MIU|MU|Gy|U|AUC)\b(?:\s*/\s*(?:m\s*\(?2\)?|m²|m\b|kg|day|d|week))?"
    r"|\s*\b(?:every|on\s+days?|days?|twice|once|q\d+w|i\.?v\.?|orally|intravenously|weekly|daily|for\s+\d+)\b.*$",
    regex.I | regex.S)
#: "a separate group who received X": the treatment is what they received.
_WHO_RECEIVED = regex.compile(r"^.*\b(?:who|that|which)\s+(?:received|were\s+treated\s+with|underwent|had)\s+"
                           r"|^(?:to\s+)?(?:receive|receiving|be\s+treated\s+with|undergo|undergoing|treatment\s+with)\s+", regex.I | regex.S)
#: "allocated to 5 years of letrozole", "6 months of oral drug Q": the name is the treatment, not its duration.
_COURSE = regex.compile(r"^(?:\d+|one|two|three|four|five|six|eight|ten|twelve)\s+(?:years?|months?|weeks?|days?|cycles?|courses?)\s+of\s+", regex.I)
#: "no difference between A (n = 649) and B (n = 650)": the name is what follows "between".
#: (``regex.S`` in these cuts: a scraped line break may fall inside the phrase before the name)
_BETWEEN = regex.compile(r"^.*\b(?:between|comparing)\s+(?:the\s+)?", regex.I | regex.S)
#: "Patients were classified into SCT (n = 54)": the name is what follows the verb of division.
_DIVIDED_INTO = regex.compile(r"^.*\b(?:classified|divided|stratified|grouped|split|categori[sz]ed|separated|assigned|allocated)"
                              r"\s+(?:in)?to\s+(?:the\s+|an?\s+)?", regex.I | regex.S)
#: Words that make a phrase a statement, not a name: "Most patients discontinued 1st ICI due to progression".
_STATEMENT = regex.compile(r"\b(?:due\s+to|because|most|were|was|had|has|have|discontinued|stopped|showed|experienced)\b", regex.I)
#: What comes before a candidate's name, cut in this order.
_NAME_CUTS = (_WHO_RECEIVED, _DIVIDED_INTO, _BETWEEN, _COURSE)
#: "randomised to A with or without B" is no choice between A and B.
_WITH_OR_WITHOUT = regex.compile(r"\b(?:with|plus)\s+or\s+without\b", regex.I)
#: Words that name no arm on their own.
_GENERIC = frozenset({"alone", "therapy", "treatment", "treatments", "drug", "drugs", "regimen", "regimens"})


def name_of(text: str) -> str:
    """A candidate's name without brackets that describe it ("XELIRI (irinotecan ... days)" -> "XELIRI");
    "" when what is left is a dose or schedule, or alternatives ("either A or B")."""
    for cut in _NAME_CUTS:
        text = cut.sub("", text)
    # brackets first: a schedule inside one ("GD (G 1,000 mg/m(2) days 1 and 8)") must not cut the name
    outside = clean_label(_DOSE.sub("", _SPACED_BRACKET.sub(" ", text)))
    if not outside or len(outside.split()) > _MAX_NAME_WORDS or _NOT_A_NAME.search(outside) or _STATEMENT.search(outside):
        return ""
    if outside.lower() in _GENERIC:
        return ""
    return "" if _ALTERNATIVES.search(outside) else outside


def _inner_names(text: str) -> list[str]:
    return [n for m in _BRACKET.finditer(text) for n in _paren_names(m.group(1))]


def _candidates(text: str, sentences: Sequence[tuple[int, int]], opening: int, terms: frozenset[str],
                defined_in: Sequence[list[regex.Match]]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for index, ((start, end), defined) in enumerate(zip(sentences, defined_in)):
        for m in rule("frame:received").finditer(text, start, end):
            bracket = _paren_names(m.group("paren"))
            groups = [n for n in bracket if _GROUP_WORD.search(" " + n)]  # "(ITC+ IT, combination group)": named by its group
            refused = "did not receive" in m.group().lower()
            if refused and not m.group("paren"):
                continue  # "89 did not receive X" names no treatment unless a bracket names the group
            # what they did not receive names them not: only the bracket does
            names = [*groups, *bracket] if refused else [*groups, name_of(m.group("arm")), *_inner_names(m.group("arm")), *bracket]
            out.append(_Candidate([n for n in names if n], "frame:received", m.start(), m.end()))
        for m in rule("frame:n-label").finditer(text, start, end):
            out.append(_Candidate([name_of(m.group("label"))], "frame:n-label", m.start("label"), m.end("label")))
        for m in rule("frame:n-in").finditer(text, start, end):
            out.append(_Candidate([name_of(m.group("arm"))], "frame:n-in", m.start("arm"), m.end("arm")))
        for m in rule("frame:with-or-without").finditer(text, start, end):
            added, backbone = name_of(m.group("b")), name_of(_LEFT_CUT.sub("", m.group("a")))
            if not is_treatment(added):
                continue  # "patients with or without liver metastases": a characteristic, not an arm
            # the added drug alone names its arm: "backbone plus drug" half-covers "backbone" and would merge the two
            out.append(_Candidate([added], "frame:with-or-without", m.start("b"), m.end("b")))
            if is_treatment(backbone):
                out.append(_Candidate([f"{backbone} alone", backbone], "frame:with-or-without", m.start("a"), m.end("a")))
        for name in ("frame:randomised", "frame:who-received", "frame:either"):
            for m in rule(name).finditer(text, start, end):
                if name == "frame:randomised" and _WITH_OR_WITHOUT.search(m.group()):
                    continue  # "randomised to A with or without B": frame:with-or-without names both arms
                for side in ("a", "b"):
                    names = [name_of(m.group(side)), *_inner_names(m.group(side))]
                    out.append(_Candidate([n for n in names if n], name, m.start(side), m.end(side)))
        if index < opening:
            for m in rule("frame:versus").finditer(text, start, end):
                a = clean_label(_LEFT_CUT.sub("", m.group("a")))
                b = clean_label(m.group("b"))
                if a and b and a.lower() != b.lower():
                    out.append(_Candidate([a], "frame:versus", m.start("a"), m.end("a")))
                    out.append(_Candidate([b], "frame:versus", m.start("b"), m.end("b")))
        if any(m.group("word") for m in defined):  # "(CIBP group)": the sentence defines its groups
            for m in defined:
                short = m.group("short") + (m.group("word") or "")
                out.append(_Candidate([short, name_of(m.group("long"))], "frame:defined", m.start(), m.end()))
        groups = [(g.name, m) for g in rules(Category.GROUP) for m in g.finditer(text, start, end)]
        treatments = [(n, m) for n, m in groups if n == "group:letter" or is_treatment(m.group())
                      or _GROUP_WORD.sub("", m.group()).lower() in terms]
        if len({clean_label(m.group()).lower() for _, m in treatments}) >= 2:  # groups contrasted in one sentence
            for n, m in treatments:
                after = _SPACED_BRACKET.match(text[m.end():end])  # "group A (nivolumab)"
                names = [clean_label(m.group()), *(_paren_names(after.group(1)) if after else [])]
                out.append(_Candidate(names, n, m.start(), m.end()))
    return [c for c in out if c.names and c.names[0]]


#: A regimen written as letters: "XI", "CC regimen", "arm A", "LipoGem", "R-ESHAP".
_ACRONYM = regex.compile(r"^(?:(?i:arm|group|cohort)[\s-][A-Z0-9]{1,2}|[A-Z][A-Za-z]*[A-Z][\w+/-]*(?:\s+(?:arm|group|regimen))?)$")
#: Letters that are outcomes or statistics, not regimens.
_NOT_REGIMENS = frozenset("CR PR SD PD ORR DCR OS PFS HR CI AE AEs TRAE TRAEs NR ITT ECOG RECIST TTP DFS RFS QoL".split())
#: A name that starts with a count or a duration; "5-fluorouracil plus vinorelbine" starts with a drug.
_NUMBER_START = regex.compile(r"^(?:\d+(?:[.,]\d+)?(?![\w-])|\d+-(?:year|month|week|day)s?\b|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty"
                              r"|sixty|seventy|eighty|ninety|a\s+total|total|all)\b)", regex.I)


def _arm_like(name: str, terms: frozenset[str] = frozenset()) -> bool:
    """A treatment, or a regimen written as letters; never a count or a patient group."""
    if not name or _NUMBER_START.match(name) or _GROUP_WORD.sub("", name) in _NOT_REGIMENS:
        return False
    bare = _GROUP_WORD.sub("", name).lower()
    # "non-SCT" next to "SCT (salvage chemotherapy)": the complement of a treatment is the other arm
    return is_treatment(name) or bool(_ACRONYM.match(name)) or bare in terms or bare.removeprefix("non-") in terms


def treatment_terms(defined_in: Sequence[list[regex.Match]], abbreviations: Sequence[tuple[str, str]]) -> frozenset[str]:
    """Short forms defined as treatments: abbreviations with a treatment long form, and "X (CIBP group)"
    (``defined_in``: the matches of frame:defined in each sentence)."""
    terms = {short.lower() for short, long in abbreviations if is_treatment(long)}
    for defined in defined_in:
        for m in defined:
            # only "(CIBP group)": a bare "(NSCLC)" after a treated population is the disease, not the treatment
            if m.group("word") and is_treatment(m.group("long")):
                terms.add(m.group("short").lower())
    return frozenset(terms)


def _group_like(name: str) -> bool:
    return bool(token_set(name)) and not _NUMBER_START.match(name) and len(name.split()) <= _MAX_NAME_WORDS


def _linked(a: Iterable[str], b: Iterable[str], abbreviations: Sequence[tuple[str, str]]) -> bool:
    a, b = list(a), list(b)
    if any(same_label(x, y) for x in a for y in b):
        return True
    for short, long in abbreviations:
        forms = (short, long)
        if any(same_label(x, f) for x in a for f in forms) and any(same_label(y, f) for y in b for f in forms):
            return True
    return False


def _with_group_word(names: list[str]) -> list[str]:
    """Each name also without its group word: "XELIRI arm" names the arm "XELIRI" too."""
    out = list(names)
    for n in names:
        bare = _GROUP_WORD.sub("", n)
        if bare != n and bare:
            out.append(bare)
    return list(dict.fromkeys(out))


#: Rules whose candidates only name arms when the others find fewer than two.
_WEAK = frozenset({"frame:versus", "group:phrase", "group:letter", "frame:either", "frame:defined", "frame:with-or-without"})


#: Rules that name arms by the sentence's structure, whatever the words: "randomised to an exercise
#: programme or usual care", "30 received acupuncture and 28 received sham needling" name two arms
#: although neither is a drug.
_ASSIGNED = frozenset({"frame:randomised", "frame:received"})


def _arm_names(c: _Candidate, terms: frozenset[str]) -> list[str]:
    return [n for n in c.names if _arm_like(n, terms) or (c.rule in _ASSIGNED and _group_like(n))]


def _distinct_arms(candidates: Sequence[_Candidate], abbreviations: Sequence[tuple[str, str]],
                   terms: frozenset[str]) -> int:
    groups: list[list[str]] = []
    for c in candidates:
        names = _arm_names(c, terms)
        if names and not any(_linked(g, names, abbreviations) for g in groups):
            groups.append(names)
    return len(groups)


#: Names that say only which role an arm plays: "the combination group", "the monotherapy arm".
_ROLE_ONLY = {"combination": regex.compile(r"^(?:combination|combined|doublet)(?:\s+(?:therapy|treatment|regimen|group|arm|cohort))?$", regex.I),
              "single": regex.compile(r"^(?:monotherapy|mono|single[- ]agent|alone)(?:\s+(?:therapy|treatment|group|arm|cohort))?$", regex.I)}
#: What makes a named arm play that role: "anti-PD-1 plus lenvatinib", "anti-PD-1 alone".
_ROLE_OF = {"combination": regex.compile(r"\bplus\b|\+|\bcombined\b|\bcombination\b|\bwith\b", regex.I),
            "single": regex.compile(r"\balone\b|\bmonotherapy\b|\bsingle[- ]agent\b", regex.I)}


def _player(names: Sequence[str], arms: Sequence[_Candidate]) -> _Candidate | None:
    """The one arm that plays the role ``names`` name, if they name only a role: "the combination group" is
    "anti-PD-1 plus lenvatinib" when that is the study's only combination (two combinations: none)."""
    role = next((r for r, p in _ROLE_ONLY.items() if names and all(p.match(n) for n in names)), None)
    if role is None:
        return None
    players = [a for a in arms if not all(_ROLE_ONLY[role].match(n) for n in a.names)
               and any(_ROLE_OF[role].search(n) for n in a.names)]
    return players[0] if len(players) == 1 else None


def _by_role(merged: list[_Candidate]) -> list[_Candidate]:
    """Arms named only by their role, joined to the arm that plays it."""
    out = list(merged)
    for c in merged:
        player = _player(c.names, [o for o in out if o is not c])
        if player is not None:
            player.names += [n for n in c.names if n not in player.names]
            out.remove(c)
    return out


#: An arm that is the study's reference, which some other arm is compared with.
_CONTROL = regex.compile(r"^(?:the\s+)?(?:control|placebo|observation|usual[- ]care)\b", regex.I)


def find_frame(text: str, sentences: Sequence[tuple[int, int]], abbreviations: Sequence[tuple[str, str]] = (),
               opening: int = 8) -> Frame:
    """The own study's arms; ``sentences`` are the own-study sentences in order (the first ``opening``
    of them may give "A versus B"). A frame has two arms or more, else it is empty."""
    merged: list[_Candidate] = []
    sized_groups: list[_Candidate] = []  # "patients with PD-L1 >= 1% (n = 40)": subgroups, not arms
    # both the treatment terms and the candidates read the bracket definitions: found once per sentence
    defined_in = [list(rule("frame:defined").finditer(text, start, end)) for start, end in sentences]
    terms = treatment_terms(defined_in, abbreviations)
    candidates = sorted(_candidates(text, sentences, opening, terms, defined_in), key=lambda c: c.start)
    strong = [c for c in candidates if c.rule not in _WEAK]
    # "A versus B" and contrasted group phrases name arms only when the stronger rules do not
    weak_extend_only = _distinct_arms(strong, abbreviations, terms) >= 2
    ordered = strong + [c for c in candidates if c.rule in _WEAK] if weak_extend_only else candidates
    for c in ordered:
        names = _arm_names(c, terms)
        if c.rule == "frame:n-label" and not names and _group_like(c.names[0]):
            sized_groups.append(c)
            continue
        if not names:
            continue
        for arm in merged:
            if _linked(arm.names, names, abbreviations):
                arm.names += [n for n in names if n not in arm.names]
                arm.rule = arm.rule if c.rule in arm.rule.split(";") else f"{arm.rule};{c.rule}"
                break
        else:
            player = _player(names, merged)
            if player is not None:
                player.names += [n for n in names if n not in player.names]
            elif not (weak_extend_only and c.rule in _WEAK):
                merged.append(_Candidate(list(names), c.rule, c.start, c.end))
    merged = _by_role(sorted(merged, key=lambda c: c.start))
    if len(merged) == 1 and _CONTROL.match(merged[0].names[0]):
        # "trial group (n = 69) and control group (n = 36)": when the one arm found is the control, the first
        # other group sized like an arm is the arm it is compared with, whatever its name
        other = next((g for g in sized_groups if not _linked(g.names, merged[0].names, abbreviations)), None)
        if other is not None:
            merged = sorted([*merged, other], key=lambda c: c.start)
    groups = [c.names[0] for c in sized_groups]
    arms = []
    for c in merged:
        names = _with_group_word(c.names)
        for short, long in abbreviations:
            if any(same_label(n, short) or same_label(n, long) for n in names):
                names += [f for f in (short, long) if f not in names]
        # "sitravatinib plus nivolumab ... (sitra + nivo, n = 284)": a clipped name is the arm's, not a subgroup
        names += [g for g in groups if any(clipped(g, n) for n in names)]
        arms.append(Arm(name=c.names[0], aliases=tuple(dict.fromkeys(names)), rules=tuple(c.rule.split(";")), start=c.start, end=c.end))
    named = {a for arm in arms for a in arm.aliases}
    groups = [g for g in groups if g not in named]
    return Frame(arms=tuple(arms) if len(arms) >= 2 else (), groups=tuple(dict.fromkeys(groups)), terms=terms)
