"""Attribution rules as data: ``rules.toml`` holds every pattern with the strings it must and must not match.

A rule is a record (medspaCy style): a ``name`` (what the ``attribution`` column shows), a
``category`` (what it finds), a ``direction`` (where what it finds applies, relative to a
value), a ``scope`` (how far it reaches), the ``pattern``, and its examples. ``{MACRO}``
names in a pattern are replaced by the ``[macros]`` table first. An optional ``anchor`` is a pattern
that every match contains (the part a costly pattern is built around, "(n = 38)" after a label that
may start at any word): a text without it is not scanned. Loading validates every
rule, compiles it and runs its examples, so a broken rule fails at import, not in a run.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import Enum
from functools import cached_property, lru_cache
from importlib import resources

import regex

from pipeline.extractors.needs import Needs, needs

RULES_FILE = "rules.toml"
#: Seconds one rule may take on one sentence: the patterns have lazy groups, and a sentence may be huge.
MATCH_TIMEOUT = 2.0


class Category(str, Enum):
    FRAME = "frame"  # an arm of the document's own study, where its arms are defined
    GROUP = "group"  # "the X group/arm/cohort": an arm or a subgroup, by its words
    SUBGROUP = "subgroup"  # a subgroup or factor level
    LEAD = "lead"  # a subgroup opening a sentence: "In the CPS >= 1 subgroup, ..."
    COMPARATOR = "comparator"  # words that introduce the reference of a comparison
    CLAUSE = "clause"  # where a clause ends
    EVERY_ARM = "every-arm"  # words saying a value holds for each arm: "ORR was 32% in both arms"
    DOUBT = "doubt"  # words that make a reviewer check the attribution: "In these patients" names its group elsewhere
    GAP = "gap"  # what may stand between a value and its group's name (the whole gap matches)


class Direction(str, Enum):
    BEFORE = "before"  # applies to values after it
    AFTER = "after"  # applies to the value before it
    BOTH = "both"
    NONE = "none"


class Scope(str, Enum):
    CLAUSE = "clause"
    SENTENCE = "sentence"
    DOCUMENT = "document"


@dataclass(frozen=True, kw_only=True)
class Example:
    text: str
    expected: str | None  # the text of the rule's group, when the example says


@dataclass(frozen=True, kw_only=True)
class Rule:
    name: str
    category: Category
    direction: Direction
    scope: Scope
    pattern: regex.Pattern
    group: str | None  # the named group holding what the rule finds (None: the whole match)
    examples: tuple[Example, ...]
    counterexamples: tuple[str, ...]
    description: str = ""
    #: a subgroup rule whose labels name treatments and are subgroups still (treatment history, the agent at
    #: rechallenge); other subgroup labels that name a treatment are arms
    treatment_label: bool = False
    #: a pattern every match contains (checked on the examples); a text without it has no match
    anchor: regex.Pattern | None = None

    @cached_property
    def needs(self) -> Needs:
        return needs(self.pattern)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        end = len(text) if endpos is None else endpos
        # a text without any word the pattern needs has no match: no regex scan
        if self.needs.absent(text[pos:end]) or self.anchor is not None and self.anchor.search(text, pos, end) is None:
            return iter(())
        return self.pattern.finditer(text, pos, end, timeout=MATCH_TIMEOUT)

    def found(self, match: regex.Match) -> str:
        return match.group(self.group) if self.group else match.group()


class RuleError(ValueError):
    """A rule that is malformed or fails its own examples."""


_MACRO = regex.compile(r"(?<!\\[pP])\{([A-Z][A-Z_]*)\}")  # not a \p{L} property


def _expand(pattern: str, macros: dict[str, str], name: str) -> str:
    for _ in range(10):  # macros may use macros
        expanded = _MACRO.sub(lambda m: macros[m.group(1)] if m.group(1) in macros else m.group(0), pattern)
        if expanded == pattern:
            break
        pattern = expanded
    unknown = _MACRO.findall(pattern)
    if unknown:
        raise RuleError(f"rule {name}: unknown macro {{{unknown[0]}}}")
    return pattern


def _rule(item: dict, macros: dict[str, str]) -> Rule:
    name = item.get("name")
    if not name or not isinstance(name, str):
        raise RuleError(f"a rule without a name: {item}")
    try:
        category = Category(item["category"])
        direction = Direction(item.get("direction", "none"))
        scope = Scope(item.get("scope", "sentence"))
    except (KeyError, ValueError) as exc:
        raise RuleError(f"rule {name}: {exc}") from None
    flags = 0 if item.get("case_sensitive", False) else regex.IGNORECASE
    try:
        pattern = regex.compile(_expand(item["pattern"], macros, name), flags | regex.VERBOSE * item.get("verbose", False))
    except (KeyError, regex.error) as exc:
        raise RuleError(f"rule {name}: bad pattern ({exc})") from None
    try:
        anchor = regex.compile(_expand(item["anchor"], macros, name), flags) if "anchor" in item else None
    except regex.error as exc:
        raise RuleError(f"rule {name}: bad anchor ({exc})") from None
    group = item.get("group")
    if group is not None and group not in pattern.groupindex:
        raise RuleError(f"rule {name}: the pattern has no group {group!r}")
    examples = []
    for example in item.get("examples", []):
        text, expected = (example, None) if isinstance(example, str) else (example[0], example[1])
        examples.append(Example(text=text, expected=expected))
    if not examples:
        raise RuleError(f"rule {name}: no examples")
    treatment_label = item.get("treatment_label", False)
    if not isinstance(treatment_label, bool):
        raise RuleError(f"rule {name}: treatment_label must be true or false")
    return Rule(name=name, category=category, direction=direction, scope=scope, pattern=pattern, group=group, examples=tuple(examples),
                counterexamples=tuple(item.get("counterexamples", [])), description=item.get("description", ""), treatment_label=treatment_label,
                anchor=anchor)


def check_rule(rule: Rule) -> list[str]:
    """Problems of a rule against its own examples (empty when it matches all of them and none of the counterexamples)."""
    problems = []
    for example in rule.examples:
        m = next(rule.finditer(example.text), None)
        if m is None:
            problems.append(f"{rule.name}: does not match its example {example.text!r}")
        elif rule.anchor is not None and rule.anchor.search(example.text, m.start(), m.end()) is None:
            problems.append(f"{rule.name}: its match {m.group()!r} in {example.text!r} holds no anchor")
        elif example.expected is not None and rule.found(m) != example.expected:
            problems.append(f"{rule.name}: finds {rule.found(m)!r} in {example.text!r}, expected {example.expected!r}")
    for text in rule.counterexamples:
        m = next(rule.finditer(text), None)
        if m is not None:
            problems.append(f"{rule.name}: matches its counterexample {text!r} ({m.group()!r})")
    return problems


def parse_rules(text: str) -> tuple[Rule, ...]:
    """Rules from TOML text: ``[macros]`` then ``[[rule]]`` records; raises RuleError on any problem."""
    data = tomllib.loads(text)
    macros = {k: str(v) for k, v in data.get("macros", {}).items()}
    rules = tuple(_rule(item, macros) for item in data.get("rule", []))
    names = [r.name for r in rules]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise RuleError(f"rules defined twice: {', '.join(duplicated)}")
    return rules


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """The project's rules, each checked against its examples (RuleError names every failure)."""
    loaded = parse_rules(resources.files("pipeline.attribution").joinpath(RULES_FILE).read_text(encoding="utf-8"))
    problems = [p for r in loaded for p in check_rule(r)]
    if problems:
        raise RuleError("; ".join(problems))
    return loaded


@lru_cache(maxsize=None)  # asked per sentence: the file-order scan once per category
def rules(category: Category) -> tuple[Rule, ...]:
    """The rules of one category, in file order."""
    return tuple(r for r in all_rules() if r.category is category)


@lru_cache(maxsize=None)  # asked per sentence and rule: the scan once per name
def rule(name: str) -> Rule:
    for r in all_rules():
        if r.name == name:
            return r
    raise KeyError(f"no attribution rule named {name!r}")
