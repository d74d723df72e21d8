"""A catalogue of hostile inputs: files a folder of "papers" really contains (empty, binary, mis-encoded,
bombs, broken PDFs, links that loop) and what the run must say about each.

Each :class:`Hostile` writes its files into a folder next to a control paper and names the status
``documents.csv`` must give each file it wrote (``ok``, ``partial``, ``failed``, ``skipped``, or a set of
acceptable ones where more than one answer is right), a phrase the message must contain, and optional
extra checks on the facts. ``tests/test_hostile.py`` runs every case; the soak test mixes them into a
large generated corpus. Every text here is written for the tests.
"""
from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

PAPER = ("Rechallenge with nivolumab in {n} patients with melanoma.\n\n"
         "The objective response rate was {orr}% and median overall survival was {os} months.\n")
CONTROL = ("control.txt", PAPER.format(n=40, orr=30, os=11.5))
#: The facts the control paper must give in every case: nothing else in the folder may change them.
CONTROL_FACTS = {("n", "40"), ("orr", "30"), ("os_median", "11.5")}

Rows = list[dict[str, str]]


@dataclass(frozen=True, kw_only=True)
class Hostile:
    """One class of hostile input."""

    name: str
    build: Callable[[Path], None]  # writes the hostile file(s) into the folder
    expect: Mapping[str, str | frozenset[str]]  # source -> status (or acceptable statuses) in documents.csv
    says: str | None = None  # a phrase the (first) expected row's message contains, case-insensitive
    check: Callable[[Rows], bool] | None = None  # on the results.csv rows of the hostile files
    args: tuple[str, ...] = ()  # extra CLI arguments (lower limits, so a case stays small)
    slow: bool = False
    needs_non_root: bool = False  # permissions mean nothing to root
    cheap: bool = True  # small enough to mix into the soak corpus


def _paper(n: int = 25, orr: float = 20, os_: float = 9.5) -> str:
    return PAPER.format(n=n, orr=orr, os=os_)


def _write(name: str, data: bytes | str) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return build


def _noise(size: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


def _pdf(pages: list[str], **options: object) -> bytes:
    """A PDF of one text block per page (fpdf2); an empty string is a blank page."""
    from fpdf import FPDF

    pdf = FPDF(format=options.get("format", "A4"))
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 6, text)
    if options.get("encrypt"):
        pdf.set_encryption(owner_password="owner", user_password=options.get("user_password", ""))
    return bytes(pdf.output())


def _pdf_file(name: str, pages: list[str], **options: object) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        (folder / name).write_bytes(_pdf(pages, **options))
    return build


def _rotated_pdf(folder: Path) -> None:
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(BytesIO(_pdf([_paper()]))).pages:
        writer.add_page(page.rotate(90))
    with open(folder / "rotated.pdf", "wb") as handle:
        writer.write(handle)


def _shape_only_pdf(folder: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a scanned figure has no text layer either
    (folder / "figure-only.pdf").write_bytes(bytes(pdf.output()))


def _broken_xref_pdf(folder: Path) -> None:
    data = _pdf([_paper()])
    start = data.rindex(b"startxref")
    (folder / "bad-xref.pdf").write_bytes(data[:start] + b"startxref\n999999\n%%EOF\n")


def _symlink_loop(folder: Path) -> None:
    (folder / "loop").mkdir()
    os.symlink("..", folder / "loop" / "up")


def _dangling(folder: Path) -> None:
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")


def _linked_file(folder: Path) -> None:
    (folder / "target.txt").write_text(_paper(33), encoding="utf-8")
    os.symlink("target.txt", folder / "alias.txt")


def _unreadable_file(folder: Path) -> None:
    path = folder / "locked.txt"
    path.write_text(_paper(), encoding="utf-8")
    path.chmod(0)


def _unreadable_dir(folder: Path) -> None:
    (folder / "locked").mkdir()
    (folder / "locked" / "inside.txt").write_text(_paper(), encoding="utf-8")
    (folder / "locked").chmod(0)


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")


def _deep_dirs(folder: Path) -> None:
    path = folder.joinpath(*["d"] * 60)
    path.mkdir(parents=True)
    (path / "deep.txt").write_text(_paper(), encoding="utf-8")


def _collision_dirs(folder: Path) -> None:
    for sub, n in (("x", 76), ("y", 31)):
        (folder / sub).mkdir()
        (folder / sub / "a.txt").write_text(_paper(n), encoding="utf-8")


def _collision_suffix(folder: Path) -> None:
    (folder / "b.txt").write_text(_paper(44), encoding="utf-8")
    (folder / "b.html").write_text(f"<p>{_paper(55)}</p>", encoding="utf-8")


def _folder_named_txt(folder: Path) -> None:
    (folder / "notes.txt").mkdir()
    (folder / "notes.txt" / "inner.txt").write_text(_paper(), encoding="utf-8")


def _non_utf8_name(folder: Path) -> None:
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(_paper(), encoding="utf-8")


def _no_value(endpoint: str, value: str) -> Callable[[Rows], bool]:
    return lambda rows: not any(r["endpoint"] == endpoint and r["value"] == value for r in rows)


def _has(endpoint: str, value: str) -> Callable[[Rows], bool]:
    return lambda rows: any(r["endpoint"] == endpoint and r["value"] == value for r in rows)


def _jats(body: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<article><front><article-meta><title-group>'
            f"<article-title>A rechallenge cohort</article-title></title-group></article-meta></front>"
            f"<body>{body}</body></article>")


_DEEP_SECTIONS = "<sec><title>Part</title>" * 500 + f"<p>{_paper()}</p>" + "</sec>" * 500
_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
           + ']><article><body><p>&lol9;</p></body></article>')
_QUADRATIC = ('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY big "' + "x" * 50_000 + '">]>'
              + "<article><body><p>" + "&big;" * 5_000 + "</p></body></article>")
_XXE = ('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        "<article><body><p>&secret;</p></body></article>")
_PUBLIC_DTD = ('<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2 20190208//EN" '
               '"http://jats.nlm.nih.gov/archiving/1.2/JATS-archivearticle1.dtd">')
_TABLE = ("<table-wrap><label>Table 1</label><caption><p>Outcomes</p></caption><table>"
          "<tr><th>Arm</th><th>ORR</th></tr><tr><td rowspan='100000'>A</td><td>30%</td><td>extra</td></tr>"
          "<tr></tr><tr><td colspan='0'>x</td></tr></table></table-wrap>")

CASES: tuple[Hostile, ...] = (
    # ---- plain text: encodings, bytes, sizes
    Hostile(name="empty-file", build=_write("empty.txt", b""), expect={"empty.txt": "failed"}, says="empty"),
    Hostile(name="whitespace-only", build=_write("blank.txt", " \n\t\r\n  \n"), expect={"blank.txt": "failed"},
            says="empty"),
    Hostile(name="random-bytes-as-txt", build=_write("noise.txt", _noise(4096)), expect={"noise.txt": "failed"},
            says="binary"),
    Hostile(name="nul-bytes-in-text", build=_write("nul.txt", _paper().replace(" ", " \x00", 3)),
            expect={"nul.txt": "failed"}, says="binary"),
    Hostile(name="latin-1-text", build=_write("latin1.txt", ("Caf\xe9 " + _paper()).encode("latin-1")),
            expect={"latin1.txt": "partial"}, says="windows-1252", check=_has("n", "25")),
    Hostile(name="cp1252-smart-quotes", build=_write("quotes.txt", ("\u201cquoted\u201d \u2013 " + _paper()).encode("cp1252")),
            expect={"quotes.txt": "partial"}, says="windows-1252", check=_has("orr", "20")),
    Hostile(name="utf-16-with-bom", build=_write("utf16.txt", _paper().encode("utf-16")), expect={"utf16.txt": "ok"},
            check=_has("n", "25")),
    Hostile(name="utf-16-without-bom", build=_write("utf16le.txt", _paper().encode("utf-16-le")),
            expect={"utf16le.txt": "failed"}, says="binary"),
    Hostile(name="utf-8-bom", build=_write("bom.txt", "\ufeff" + _paper()), expect={"bom.txt": "ok"},
            check=_has("n", "25")),
    Hostile(name="utf-32-with-bom", build=_write("utf32.txt", _paper().encode("utf-32")), expect={"utf32.txt": "ok"},
            check=_has("n", "25")),
    Hostile(name="gbk-text", build=_write("gbk.txt", ("\u514d\u75ab\u6cbb\u7597" * 200).encode("gbk")),
            expect={"gbk.txt": "failed"}, says="utf-8"),
    Hostile(name="lone-surrogate-bytes", build=_write("surrogate.txt", _paper().encode() + b"\xed\xa0\x80 end\n"),
            expect={"surrogate.txt": "partial"}, check=_has("n", "25")),
    Hostile(name="cr-only-line-ends", build=_write("mac.txt", _paper().replace("\n", "\r")), expect={"mac.txt": "ok"},
            check=_has("orr", "20")),
    Hostile(name="crlf-line-ends", build=_write("dos.txt", _paper().replace("\n", "\r\n")), expect={"dos.txt": "ok"},
            check=_has("os_median", "9.5")),
    Hostile(name="form-feed-vertical-tab", build=_write("ff.txt", _paper().replace("\n\n", "\n\x0c\x0b\n")),
            expect={"ff.txt": "ok"}, check=_has("n", "25")),
    Hostile(name="zero-width-and-bidi-marks", build=_write("zw.txt", "\u200f\u202e" + _paper().replace("20%", "2\u200b0%")),
            expect={"zw.txt": "ok"}),
    Hostile(name="arabic-indic-digits", build=_write("digits.txt", "\u0664\u0660 patients; " + _paper()),
            expect={"digits.txt": "ok"}),
    Hostile(name="fullwidth-digits", build=_write("fullwidth.txt", _paper().replace("25", "\uff12\uff15")),
            expect={"fullwidth.txt": "ok"}),
    Hostile(name="nested-brackets-20k", build=_write("brackets.txt", "(" * 20_000 + _paper() + ")" * 20_000),
            expect={"brackets.txt": "ok"}),
    Hostile(name="unbalanced-brackets", build=_write("unbalanced.txt", "(" * 5_000 + "[ORR" * 2_000 + _paper()),
            expect={"unbalanced.txt": "ok"}),
    Hostile(name="huge-number", build=_write("bignum.txt", f"A cohort of {'9' * 400} patients. " + _paper()),
            expect={"bignum.txt": "ok"}, check=_no_value("n", "9" * 400)),
    Hostile(name="numbers-that-overflow-to-infinity",
            build=_write("inf.txt", "The objective response rate was {0}%. Median overall survival was {0} months "
                         "(95% CI 1.0-{0}); HR {0} (95% CI 0.1-{0}).\n".format("9" * 400)),
            expect={"inf.txt": "ok"}, check=lambda rows: not rows),
    Hostile(name="percent-over-100", build=_write("pct.txt", "The objective response rate was 250% in the cohort.\n"),
            expect={"pct.txt": "ok"}, check=_no_value("orr", "250")),
    Hostile(name="negative-and-inverted-ci",
            build=_write("ci.txt", "Median overall survival was 9.1 months (95% CI 12.0-3.0) in 30 patients.\n"),
            expect={"ci.txt": "ok"}),
    Hostile(name="punctuation-only", build=_write("dots.txt", ".;:!?" * 400), expect={"dots.txt": "ok"}),
    Hostile(name="many-short-lines", build=_write("lines.txt", "a\n" * 100_000 + _paper()), expect={"lines.txt": "ok"},
            check=_has("n", "25"), cheap=False),
    Hostile(name="two-mb-line-without-spaces", build=_write("oneline.txt", "x" * 2_000_000 + "\n\n" + _paper()),
            expect={"oneline.txt": "ok"}, check=_has("n", "25"), slow=True, cheap=False),
    Hostile(name="text-over-char-limit", build=_write("long.txt", _paper() + "filler text " * 2_000),
            expect={"long.txt": "partial"}, says="cut at", args=("--max-chars", "5000"), cheap=False),
    Hostile(name="file-over-size-limit", build=_write("big.txt", _paper() + "filler " * 200_000),
            expect={"big.txt": "failed"}, says="too large", args=("--max-mb", "1"), cheap=False),
    Hostile(name="duplicate-papers", build=lambda f: (_write("copy1.txt", _paper(61))(f), _write("copy2.txt", _paper(61))(f)),
            expect={"copy1.txt": "ok", "copy2.txt": "ok"}, check=lambda rows: sum(r["value"] == "61" for r in rows) == 2),
    Hostile(name="markdown-pipe-table", build=_write("md.txt", "| Arm | ORR |\n|---|---|\n| A | 30% |\n| B |\n||||\n"),
            expect={"md.txt": "ok"}),
    # ---- HTML
    Hostile(name="html-empty-body", build=_write("empty.html", "<html><head></head><body>\n</body></html>"),
            expect={"empty.html": "failed"}, says="no text"),
    Hostile(name="html-script-and-style-only", build=_write("script.html", "<script>var a = 1;</script><style>p{}</style>"),
            expect={"script.html": "failed"}, says="no text"),
    Hostile(name="html-charset-lie", build=_write("lie.html", ('<meta charset="utf-16"><p>Caf\xe9. ' + _paper() + "</p>").encode("latin-1")),
            expect={"lie.html": "partial"}, says="charset", check=_has("n", "25")),
    Hostile(name="html-unknown-charset", build=_write("unknown.html", ('<meta charset="x-klingon"><p>Caf\xe9. ' + _paper() + "</p>").encode("latin-1")),
            expect={"unknown.html": "partial"}, check=_has("n", "25")),
    Hostile(name="html-deep-nesting", build=_write("deep.html", "<div>" * 20_000 + f"<p>{_paper()}</p>" + "</div>" * 20_000),
            expect={"deep.html": frozenset({"ok", "partial"})}),
    Hostile(name="html-unclosed-tags", build=_write("unclosed.html", "<html><body><div><p>" + _paper() + "<table><tr><td>7"),
            expect={"unclosed.html": frozenset({"ok", "partial"})}, check=_has("n", "25")),
    Hostile(name="html-unclosed-comment", build=_write("comment.html", f"<p>{_paper()}</p><!-- never closed <p>more"),
            expect={"comment.html": frozenset({"ok", "partial"})}),
    Hostile(name="html-huge-table", build=_write("table.html", "<table>" + ("<tr>" + "<td>1.5</td>" * 30 + "</tr>") * 3_000 + "</table>"),
            expect={"table.html": frozenset({"ok", "partial"})}, cheap=False),
    Hostile(name="html-absurd-spans", build=_write("spans.html", "<table><tr><td colspan='1000000' rowspan='1000000'>ORR</td>"
                                                   "<td colspan='-5'>30%</td></tr><tr><td>x</td></tr></table>"),
            expect={"spans.html": "ok"}),
    Hostile(name="html-bad-character-references", build=_write("refs.html", f"<p>&#xD800; &#99999999; &#0; &bogus; {_paper()}</p>"),
            expect={"refs.html": "ok"}, check=_has("n", "25")),
    Hostile(name="html-entity-flood", build=_write("entities.html", "<p>" + "&amp;" * 100_000 + "</p><p>" + _paper() + "</p>"),
            expect={"entities.html": "ok"}, cheap=False),
    Hostile(name="html-binary", build=_write("image.html", b"\x89PNG\r\n\x1a\n" + _noise(2048)), expect={"image.html": "failed"},
            says="binary"),
    Hostile(name="html-declared-entities-not-expanded",
            build=_write("doctype.html", '<!DOCTYPE html [<!ENTITY x "boom">]><p>&x; ' + _paper() + "</p>"),
            expect={"doctype.html": "ok"}),
    Hostile(name="htm-uppercase-suffix", build=_write("PAGE.HTM", f"<p>{_paper()}</p>"), expect={"PAGE.HTM": "ok"},
            check=_has("n", "25")),
    # ---- XML / JATS
    Hostile(name="xml-billion-laughs", build=_write("laughs.xml", _LAUGHS), expect={"laughs.xml": "failed"}, says="entit"),
    Hostile(name="xml-quadratic-blowup", build=_write("quadratic.xml", _QUADRATIC), expect={"quadratic.xml": "failed"},
            says="entit", cheap=False),
    Hostile(name="xml-external-entity", build=_write("xxe.xml", _XXE), expect={"xxe.xml": "failed"}, says="entit",
            check=lambda rows: not any("root:" in r.get("sentence", "") for r in rows)),
    Hostile(name="jats-public-dtd-not-fetched", build=_write("dtd.xml", _jats(f"<p>{_paper()}</p>", _PUBLIC_DTD)),
            expect={"dtd.xml": "ok"}, check=_has("n", "25")),
    Hostile(name="xml-truncated", build=_write("cut.xml", _jats(f"<sec><p>{_paper()}</p></sec>")[:-40]),
            expect={"cut.xml": frozenset({"partial", "failed"})}),
    Hostile(name="jats-500-nested-sections", build=_write("nested.xml", _jats(_DEEP_SECTIONS)),
            expect={"nested.xml": frozenset({"ok", "partial"})}, check=_has("n", "25")),
    Hostile(name="xml-100k-nested-elements", build=_write("abyss.xml", _jats("<x>" * 100_000 + "deep" + "</x>" * 100_000)),
            expect={"abyss.xml": frozenset({"ok", "partial", "failed"})}, cheap=False),
    Hostile(name="jats-front-matter-only", build=_write("front.xml", '<?xml version="1.0"?><article><front><article-meta>'
                                                        f"<abstract><p>{_paper()}</p></abstract></article-meta></front></article>"),
            expect={"front.xml": "ok"}, check=_has("n", "25")),
    Hostile(name="xml-not-jats", build=_write("other.xml", f"<catalog><item>{_paper()}</item></catalog>"),
            expect={"other.xml": frozenset({"ok", "partial"})}),
    Hostile(name="xml-declared-encoding-wrong", build=_write("enc.xml", _jats(f"<p>Caf\u00e9 {_paper()}</p>").replace("UTF-8", "UTF-16")),
            expect={"enc.xml": frozenset({"ok", "partial", "failed"})}),
    Hostile(name="jats-malformed-table", build=_write("table.xml", _jats(f"<p>{_paper()}</p>{_TABLE}")),
            expect={"table.xml": "ok"}, check=_has("n", "25")),
    Hostile(name="xml-no-root-element", build=_write("pi.xml", '<?xml version="1.0"?><?processing only?>'),
            expect={"pi.xml": "failed"}),
    Hostile(name="xml-binary", build=_write("noise.xml", _noise(3000, seed=3)), expect={"noise.xml": "failed"}),
    # ---- PDF
    Hostile(name="pdf-not-a-pdf", build=_write("fake.pdf", _paper()), expect={"fake.pdf": "failed"}),
    Hostile(name="pdf-empty-file", build=_write("zero.pdf", b""), expect={"zero.pdf": "failed"}, says="empty"),
    Hostile(name="pdf-truncated", build=lambda f: (f / "half.pdf").write_bytes(_pdf([_paper()] * 3)[:900]),
            expect={"half.pdf": "failed"}),
    Hostile(name="pdf-garbage-after-eof", build=lambda f: (f / "tail.pdf").write_bytes(_pdf([_paper()]) + _noise(5000)),
            expect={"tail.pdf": "ok"}, check=_has("n", "25")),
    Hostile(name="pdf-broken-xref", build=_broken_xref_pdf, expect={"bad-xref.pdf": frozenset({"ok", "partial"})},
            check=_has("n", "25")),
    Hostile(name="pdf-password-protected", build=_pdf_file("locked.pdf", [_paper()], encrypt=True, user_password="secret"),
            expect={"locked.pdf": "failed"}, says="password"),
    Hostile(name="pdf-owner-password-only", build=_pdf_file("owner.pdf", [_paper()], encrypt=True),
            expect={"owner.pdf": "ok"}, check=_has("n", "25")),
    Hostile(name="pdf-blank-pages", build=_pdf_file("blank.pdf", ["", "", ""]), expect={"blank.pdf": "failed"},
            says="no text on any"),
    Hostile(name="pdf-figure-without-text", build=_shape_only_pdf, expect={"figure-only.pdf": "failed"}, says="no text"),
    Hostile(name="pdf-over-page-limit", build=_pdf_file("many.pdf", [_paper()] + ["Page text."] * 5),
            expect={"many.pdf": "partial"}, says="first 2", args=("--max-pages", "2")),
    Hostile(name="pdf-rotated-page", build=_rotated_pdf, expect={"rotated.pdf": frozenset({"ok", "partial"})}),
    Hostile(name="pdf-huge-page", build=_pdf_file("poster.pdf", [_paper()], format=(14_000, 14_000)),
            expect={"poster.pdf": "ok"}, check=_has("n", "25")),
    Hostile(name="pdf-random-bytes-after-header", build=_write("header.pdf", b"%PDF-1.7\n" + _noise(8000, seed=11)),
            expect={"header.pdf": "failed"}),
    # ---- the file system
    Hostile(name="symlink-loop", build=_symlink_loop, expect={"loop/up": "skipped"}, says="loop"),
    Hostile(name="dangling-symlink", build=_dangling, expect={"dangling.txt": "skipped"}, says="broken"),
    Hostile(name="symlink-to-a-paper", build=_linked_file, expect={"alias.txt": "ok", "target.txt": "ok"}),
    Hostile(name="unreadable-file", build=_unreadable_file, expect={"locked.txt": "failed"}, says="permission",
            needs_non_root=True),
    Hostile(name="unreadable-folder", build=_unreadable_dir, expect={"locked": "skipped"}, says="permission",
            needs_non_root=True),
    Hostile(name="named-pipe", build=_fifo, expect={"pipe.txt": "skipped"}, says="not a regular file"),
    Hostile(name="non-utf-8-file-name", build=_non_utf8_name, expect={"caf\\xe9.txt": "ok"}),
    Hostile(name="comma-quote-newline-in-name", build=_write('a, "b"\nc.txt', _paper()), expect={'a, "b"\nc.txt': "ok"}),
    Hostile(name="doc-id-collision-across-folders", build=_collision_dirs, expect={"x/a.txt": "ok", "y/a.txt": "ok"},
            check=lambda rows: {(r["doc_id"], r["value"]) for r in rows if r["endpoint"] == "n"} == {("x/a", "76"), ("y/a", "31")}),
    Hostile(name="doc-id-collision-across-formats", build=_collision_suffix, expect={"b.txt": "ok", "b.html": "ok"},
            check=lambda rows: {(r["doc_id"], r["value"]) for r in rows if r["endpoint"] == "n"} == {("b.txt", "44"), ("b.html", "55")}),
    Hostile(name="folder-named-like-a-file", build=_folder_named_txt, expect={"notes.txt/inner.txt": "ok"}),
    Hostile(name="sixty-nested-folders", build=_deep_dirs, expect={"/".join(["d"] * 60) + "/deep.txt": "ok"}),
    Hostile(name="unsupported-suffix", build=_write("paper.docx", b"PK\x03\x04" + _noise(100)), expect={"paper.docx": "skipped"},
            says="not a supported"),
    Hostile(name="no-suffix", build=_write("README", _paper()), expect={"README": "skipped"}, says="not a supported"),
    Hostile(name="hidden-file", build=_write(".DS_Store", _noise(64)), expect={".DS_Store": "skipped"}, says="hidden"),
    Hostile(name="hidden-folder", build=lambda f: _write(".git/objects/x.txt", _paper())(f), expect={".git": "skipped"},
            says="hidden"),
    Hostile(name="uppercase-suffix", build=_write("PAPER.TXT", _paper(70)), expect={"PAPER.TXT": "ok"}, check=_has("n", "70")),
)
