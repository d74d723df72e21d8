"""Boilerplate of scraped article pages, as data: one named pattern per kind of line.

Every rule matches at the start of a line and (except where it says otherwise)
runs to the end of that line; the matched span is marked as a ``boilerplate``
section, never cut out, so offsets into the text stay valid. Rules are written
for the genre (publisher pages, preprint sites, science-news pages), not for one
document: each lists example lines it must hide, and ``tests/readers`` also
checks sentences it must leave visible.

A rule may carve a visible title out of a hidden line with a named group
``keep_title`` (citation-export headers such as ``AUTHOR=... TITLE=... ABSTRACT=``).
"""
from __future__ import annotations

from dataclasses import dataclass
import regex

#: The rest of a line (bounded so a pattern never scans a huge line twice).
_REST = r"[^\r\n]*"
#: End of line without swallowing the ``\r`` of CRLF files.
_EOL = r"(?=\r?$)"
_DATE = (
    r"(?:\d{1,2}[ \t]\p{L}{3,9}\.?,?[ \t]\d{4}"  # 08 Sep 2025
    r"|\p{L}{3,9}\.?[ \t]\d{1,2},?[ \t]\d{4}"  # September 8, 2025
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"  # 2025-09-08
)
_NAME = r"\p{Lu}[\p{L}'’-]+(?:[ \t]\p{Lu}[\p{L}'’.-]*){1,3}"


@dataclass(frozen=True, kw_only=True)
class Rule:
    """One kind of boilerplate line.

    ``pattern`` is matched at a line start (``regex`` syntax, MULTILINE);
    ``examples`` are lines it must hide in full; ``head_only`` limits the rule
    to the first :data:`HEAD_CHARS` characters (front matter), for patterns that
    would be too loose in body text.
    """

    name: str
    pattern: str
    doc: str
    examples: tuple[str, ...]
    head_only: bool = False


#: Where front-matter-only rules apply.
HEAD_CHARS = 3000

RULES: tuple[Rule, ...] = (
    Rule(
        name="citation_export_header",
        pattern=r"(?:AUTHOR|TITLE|JOURNAL|DOI|YEAR)=(?>[^\r\n]{0,5000}?\bTITLE=(?P<keep_title>[^\r\n]{1,1000}?)"
        r"[ \t]+(?=\p{Lu}{2,}=))?[^\r\n]{0,5000}?\bABSTRACT=",
        doc="A citation-export header glued before the abstract, up to and including "
        "``ABSTRACT=``; the TITLE value stays visible as the title.",
        examples=("AUTHOR=Doe Jane , Roe Max TITLE=A trial of X JOURNAL=Front Oncol YEAR=2024 ABSTRACT=",),
    ),
    Rule(
        name="citation_export_line",
        pattern=r"(?:AUTHOR|TITLE|JOURNAL|DOI|YEAR)=[^\r\n]{0,5000}?\b(?:JOURNAL|VOLUME|YEAR|URL|DOI|ISSN)=" + _REST + _EOL,
        doc="A citation-export line without an abstract.",
        examples=("AUTHOR=Doe Jane TITLE=A trial JOURNAL=Front Oncol YEAR=2024 DOI=10.1000/xyz",),
    ),
    Rule(
        name="site_banner",
        pattern=r"[^\r\n]{0,120}?(?i:\bnew experience awaits|\btry the new design|\b(?:we|this (?:site|website)) uses? cookies"
        r"|\baccept (?:all )?cookies|\bcookie (?:settings|preferences|policy)|\bskip to (?:main )?content)\b"
        r"[^\r\n]{0,300}" + _EOL,
        doc="Site banners: redesign invitations, cookie notices, skip links.",
        examples=(
            "Your new experience awaits. Try the new design now and help us make it even better",
            "We use cookies to personalise content. Accept all cookies",
            "Skip to main content",
        ),
    ),
    Rule(
        name="article_type",
        pattern=r"(?:ORIGINAL RESEARCH|RESEARCH|REVIEW|MINI REVIEW|SYSTEMATIC REVIEW|BRIEF RESEARCH REPORT|CASE REPORT"
        r"|PERSPECTIVE|EDITORIAL|CLINICAL TRIAL|Original|Research|Review)[ \t]+(?i:article)" + _EOL,
        doc="The article-type label of a journal page.",
        examples=("ORIGINAL RESEARCH article", "Review Article", "BRIEF RESEARCH REPORT article"),
    ),
    Rule(
        name="journal_section",
        pattern=r"Sec\.[ \t][^\r\n]{1,150}" + _EOL,
        doc="The journal section a page is filed under.",
        examples=("Sec. Thoracic Oncology", "Sec. Cancer Immunity and Immunotherapy"),
    ),
    Rule(
        name="journal_abbreviation",
        pattern=r"\p{Lu}\p{L}{0,11}\.(?:[ \t]\p{Lu}\p{L}{0,11}\.?){1,3}" + _EOL,
        doc="A line holding only an abbreviated journal name.",
        examples=("Front. Immunol.", "J. Clin. Oncol.", "Ann. Oncol."),
    ),
    Rule(
        name="volume_line",
        pattern=r"(?:Volume|Vol\.)[ \t]*\d+\b[^\r\n]{0,150}" + _EOL,
        doc="Volume / issue / DOI line of a journal page.",
        examples=("Volume 12 - 2024 | doi: 10.3389/fonc.2024.1234567", "Vol. 7, Issue 3"),
    ),
    Rule(
        name="collection_notice",
        pattern=r"This article is part of (?:the |a )?(?i:research topic|special issue|collection|supplement)" + _REST + _EOL,
        doc="Research-topic / special-issue notices.",
        examples=("This article is part of the Research TopicNew Frontiers in Lung CancerView all 12 articles",),
    ),
    Rule(
        name="publication_status",
        pattern=r"(?i:provisionally accepted|accepted manuscript|accepted author manuscript|in press|early view"
        r"|ahead of print|just accepted)\.?" + _EOL,
        doc="Publication-status labels on a line of their own.",
        examples=("Provisionally accepted", "Accepted manuscript", "Ahead of print"),
    ),
    Rule(
        name="final_version_notice",
        pattern=r"The final,? formatted version of (?:the|this) article" + _REST + _EOL,
        doc="Notice that a typeset version will follow.",
        examples=("The final, formatted version of the article will be published soon.",),
    ),
    Rule(
        name="glued_author_list",
        pattern=r"[ \t]*(?>(?P<given>\p{Lu}[\p{L}'’.-]*(?:[ \t]\p{L}[\p{L}'’.-]*){0,3})[ \t]{2}(?P<family>\p{Lu}[\p{L}'’-]*)"
        r"(?P=given)[ \t](?P=family)[\d,*†‡]*[,; \t]*){2,}" + _EOL,
        doc="Author lists scraped from name widgets, each name printed twice and glued "
        "to its affiliation numbers.",
        examples=("Ana  LopezAna Lopez1Tom  NgTom Ng2*", "Mei Ling  WuMei Ling Wu1,2Jon  BakerJon Baker3"),
    ),
    Rule(
        name="affiliation",
        pattern=r"[ \t]*(?:[•·▪∙][ \t]*\d{0,2}[ \t]?|\d{1,2}(?=\p{Lu}))\p{Lu}[^\r\n]{0,300}?"
        r"\b(?:University|Universit\p{L}+|Hospital|Institute|Department|College|Cent(?:er|re)|School|Laborator(?:y|ies)"
        r"|Clinic|Academy|Faculty)\b[^\r\n]{0,300}" + _EOL,
        doc="Numbered or bulleted affiliation lines.",
        examples=("  • 1Riverside Cancer Hospital, Springfield, USA", "2Department of Oncology, Lakeside University, Oslo, Norway"),
    ),
    Rule(
        name="keywords",
        pattern=r"(?i:key[ \t]?words?|index terms)[ \t]*[:：]" + _REST + _EOL,
        doc="Keyword lists.",
        examples=("Keywords: immunotherapy, rechallenge, gastric cancer", "KEY WORDS: PD-1; anlotinib"),
    ),
    Rule(
        name="history_dates",
        pattern=r"(?:Received|Revised|Accepted|Published(?: online)?|Available online|First published)(?:[ \t]on)?[ \t]*[:：]?"
        r"[ \t]*" + _DATE + r"[^\r\n]{0,200}" + _EOL,
        doc="Submission and publication dates.",
        examples=("Received: 03 Feb 2024; Accepted: 17 May 2024.", "Published online March 3, 2023"),
    ),
    Rule(
        name="copyright",
        pattern=r"(?:Copyright\b|©|\([cC]\)[ \t]\d{4})" + _REST + _EOL,
        doc="Copyright and licence statements.",
        examples=("Copyright: © 2024 Doe and Roe. This is an open-access article.", "© 2023 The Authors"),
    ),
    Rule(
        name="licence",
        pattern=r"[^\r\n]{0,200}?\b(?:open[- ]access article distributed under|Creative Commons Attribution"
        r"|This work is licensed under)\b" + _REST + _EOL,
        doc="Licence statements on a line of their own.",
        examples=("This is an open-access article distributed under the terms of the Creative Commons Attribution License.",),
    ),
    Rule(
        name="correspondence",
        pattern=r"(?:\*[ \t]*(?:Correspondence|Corresponding authors?)\b|(?:Correspondence|Corresponding authors?"
        r"|Address correspondence to|E-?mail)[ \t]*[:：])[^\r\n]{0,500}" + _EOL,
        doc="Correspondence / e-mail lines.",
        examples=("* Correspondence: Jane Doe, jane@example.org", "Corresponding author: Max Roe", "E-mail: a@b.org"),
    ),
    Rule(
        name="back_matter_statement",
        pattern=r"(?:Disclaimer|Publisher['’]?s note|Conflicts? of interests?|Competing interests?"
        r"|Declaration of (?:competing )?interests?|Funding(?: statement| information)?|Author contributions?"
        r"|Acknowledge?ments?|Data availability(?: statement)?|Ethics statement|Generative AI statement"
        r"|Consent for publication)[ \t]*[:：.][ \t]*" + _REST + _EOL,
        doc="Back-matter statements written inline after their label.",
        examples=("Disclaimer: All claims are solely those of the authors.", "Funding: None.", "Conflict of interest: none."),
    ),
    Rule(
        name="site_widget",
        pattern=r"(?i:peer reviews|videos|taxonomy|related articles|similar articles|cited by|share this article"
        r"|download pdf|download citation|cite this article|export citation|article metrics|tl;dr"
        r"|what['’]s your reaction\?)" + _EOL,
        doc="Headings of site widgets on a line of their own.",
        examples=("Peer Reviews", "Videos", "What's Your Reaction?", "Download PDF"),
    ),
    Rule(
        name="site_notice",
        pattern=r"(?:No (?:public )?(?:reviews|videos|comments)\b|Click (?:any|on (?:a|the)|the) (?:figure|image|table)s?\b"
        r"|Topics(?=\p{Lu})|[^\r\n]{0,200}?\bnamed across the full text\b)" + _REST + _EOL,
        doc="Placeholder and help texts of site widgets.",
        examples=(
            "No public reviews on file for this paper yet.",
            "No videos yet. Record one?",
            "Click any figure to enlarge with its caption.",
            "TopicsLung Cancer · Immunotherapy",
            "Drugs, genes and diseases named across the full text, linked to their records.",
        ),
    ),
    Rule(
        name="news_metadata",
        pattern=r"(?:Image Credits?|Photo Credits?|Subject of Research|Article Title|Tags|Web References?)[ \t]*:" + _REST + _EOL,
        doc="Metadata footer of science-news pages.",
        examples=("Tags: lung cancer treatmentimmunotherapy", "Image Credits: Example News", "Article Title: A study"),
    ),
    Rule(
        name="doi_or_url_line",
        pattern=r"(?:DOI[ \t]*:?[ \t]*)?(?:https?://\S+|10\.\d{4,9}/\S+)[ \t]*" + _EOL,
        doc="A line holding only a DOI or URL.",
        examples=("DOI: https://doi.org/10.1000/xyz123", "https://example.org/article/42"),
    ),
    Rule(
        name="teaser_excerpt",
        pattern=r"[^\r\n]{20,}?\[(?:…|\.\.\.)\]" + _EOL,
        doc="A teaser excerpt cut with '[…]' that the page repeats in full below.",
        examples=("In a new study, researchers examined how patients fared after a second course of therapy […]",),
    ),
    Rule(
        name="author_byline",
        pattern=r"(?>" + _NAME + r"[\d*†‡]*(?:,[ \t]*|[ \t]+and[ \t]+|[ \t]*&[ \t]*)){1,40}" + _NAME + r"[\d*†‡]*" + _EOL,
        doc="A byline of two or more 'Given Family' names near the top of a page.",
        examples=("Maria Lopez, Tom Ng", "Ana B. Ruiz, Kenji Sato and Lea Moreau"),
        head_only=True,
    ),
)

_PATTERN = regex.compile(
    "^(?:" + "|".join(f"(?P<{r.name}>{r.pattern})" for r in RULES) + ")",
    flags=regex.MULTILINE | regex.VERSION0,
)
_HEAD_ONLY = frozenset(r.name for r in RULES if r.head_only)


def scan(text: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """Boilerplate spans ``(start, end, rule_name)`` in text order, and kept title spans.

    One pass over the text (all rules compiled into one alternation, so a huge
    file is scanned once). Head-only rules come last in :data:`RULES`, so a
    head-only match skipped past the head shadows no other rule.
    """
    spans: list[tuple[int, int, str]] = []
    titles: list[tuple[int, int]] = []
    for m in _PATTERN.finditer(text):
        rule = m.lastgroup
        start, end = m.span()
        if rule is None or end == start or (rule in _HEAD_ONLY and start >= HEAD_CHARS):
            continue
        t_start, t_end = m.span("keep_title")
        if t_start < 0:
            spans.append((start, end, rule))
            continue
        titles.append((t_start, t_end))
        spans.extend((a, b, rule) for a, b in ((start, t_start), (t_end, end)) if b > a)
    return spans, titles
