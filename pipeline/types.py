"""Records that flow between the stages: Document -> Statistic/Mention -> Fact.

Every record is a frozen dataclass; offsets are half-open ``[start, end)`` into
``Document.text`` and are checked where a record is built from a document.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Iterator

#: Section names a reader may emit. Extractors never see ``boilerplate`` or
#: ``references`` spans (see :meth:`Document.content_spans`).
SECTION_NAMES = (
    "title", "abstract", "introduction", "methods", "results", "discussion",
    "conclusion", "table", "body", "references", "boilerplate",
)
HIDDEN_SECTIONS = frozenset({"boilerplate", "references"})


class ReadError(Exception):
    """A document that cannot be read; ``reason`` is shown to the user in errors.csv."""

    def __init__(self, reason: str, kind: str = "unreadable") -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


@dataclass(frozen=True, kw_only=True)
class Section:
    name: str
    start: int
    end: int


@dataclass(frozen=True, kw_only=True)
class Page:
    number: int  # 1-based
    start: int
    end: int


@dataclass(frozen=True, kw_only=True)
class Document:
    """A paper as the extractors see it.

    ``text`` is the whole extracted text (for .txt files: the decoded file,
    unchanged, so gold offsets stay valid whatever the cleaning rules do).
    Boilerplate and reference lists are not cut out but marked as sections,
    which keeps every offset valid.
    """

    doc_id: str
    text: str
    sections: tuple[Section, ...] = ()
    pages: tuple[Page, ...] = ()
    source: str = ""
    format: str = "txt"
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        n = len(self.text)
        for span in (*self.sections, *self.pages):
            if not 0 <= span.start <= span.end <= n:
                raise ValueError(f"{self.doc_id}: span {span} outside text of length {n}")

    def content_spans(self) -> Iterator[tuple[int, int]]:
        """Maximal ``(start, end)`` runs of text that are not hidden sections."""
        hidden = sorted((s.start, s.end) for s in self.sections if s.name in HIDDEN_SECTIONS)
        pos = 0
        for start, end in hidden:
            if start > pos:
                yield pos, start
            pos = max(pos, end)
        if pos < len(self.text):
            yield pos, len(self.text)

    def section_at(self, offset: int) -> str | None:
        """Name of the innermost section containing ``offset``, or None."""
        best: Section | None = None
        for s in self.sections:
            if s.start <= offset < s.end and (best is None or s.end - s.start < best.end - best.start):
                best = s
        return best.name if best else None

    @property
    def page_count(self) -> int:
        """Pages of the source; a page's text may come in several spans (its floats follow the paragraph
        left open on the next page), so spans are not pages."""
        return len({p.number for p in self.pages})

    def page_at(self, offset: int) -> int | None:
        for p in self.pages:
            if p.start <= offset < p.end:
                return p.number
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Statistic:
    """One reported number with everything that hangs on it, as written and normalized.

    ``value`` is normalized (months for durations, percent for rates);
    ``None`` when the median was not reached.
    """

    raw: str
    start: int
    end: int
    value: float | None
    unit: str | None  # "%", "months", "ratio", "patients"
    ci_low: float | None = None
    ci_high: float | None = None
    ci_level: float | None = None
    p_value: str | None = None
    numerator: int | None = None
    denominator: int | None = None
    not_reached: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """One reported result tied to its study, arm and subgroup."""

    doc_id: str
    endpoint: str  # n, orr, dcr, pfs_median, os_median, hr, trae_grade3
    stat: Statistic
    outcome: str | None = None  # hr only: pfs, os, other
    arm: str | None = None  # None: the whole cohort
    subgroup: str | None = None  # None: the main analysis
    study: str | None = None  # None: the document's own study
    drugs: tuple[str, ...] = ()
    tumor: str | None = None
    sentence: str = ""
    page: int | None = None
    extractor: str = ""
    mentions: int = 1
    conflict: bool = False
    source: str = ""  # the input file, relative to the input folder
    section: str | None = None  # the document section the value was read from
    attribution: tuple[str, ...] = ()  # names of the strategies that decided arm, subgroup and study
    review: bool = False  # the pipeline is unsure: a reviewer should check this fact first


class FactStatus(str, Enum):
    """results.csv ``status``: what review made of a fact."""

    EXTRACTED = "extracted"  # as the pipeline found it, not reviewed
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EDITED = "edited"
    ADDED = "added"


class Status(str, Enum):
    """What became of one input file (documents.csv)."""

    OK = "ok"
    PARTIAL = "partial"  # read with a loss: pages skipped, text cut, a decoding fallback
    FAILED = "failed"  # nothing read; errors.csv says why
    SKIPPED = "skipped"  # not read at all: not a supported file, a broken link, an unreadable folder


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentResult:
    """What one document yields: its facts, or the reason it could not be read."""

    doc_id: str
    source: str
    facts: tuple[Fact, ...] = ()
    error: str | None = None
    error_kind: str | None = None
    warnings: tuple[str, ...] = field(default=())
    pages: int = 0
    chars: int = 0
    seconds: float = 0.0  # time spent reading and extracting it
    format: str = ""

    @property
    def status(self) -> Status:
        if self.error is not None:
            return Status.FAILED
        return Status.PARTIAL if self.warnings else Status.OK
