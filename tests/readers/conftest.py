"""PDF fixtures built at test time: small hand-written PDFs, good and bad."""
from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest

SHARED_PDFS = Path(__file__).resolve().parents[2] / ".." / "shared" / "pdfs"

#: (x, y, font size, text) of one line drawn in Helvetica; y is the baseline from the page bottom.
TextLine = tuple[float, float, float, str]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_ops(lines: list[TextLine]) -> str:
    """Content-stream operators drawing each line at its position."""
    return "\n".join(f"BT /F1 {size:g} Tf 1 0 0 1 {x:g} {y:g} Tm ({_escape(text)}) Tj ET"
                     for x, y, size, text in lines)


IMAGE_PAGE = "q 500 0 0 700 50 50 cm /Im1 Do Q"


def empty_pdf() -> bytes:
    """A PDF with an empty page tree, as PDFium itself writes one."""
    import pypdfium2 as pdfium

    out = io.BytesIO()
    pdfium.PdfDocument.new().save(out)
    return out.getvalue()


def make_pdf(pages: list[str], *, size: tuple[int, int] = (612, 792)) -> bytes:
    """A PDF whose pages draw the given content streams (Helvetica as /F1, a grey pixel as /Im1)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree's number is known
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    image = add(b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream")
    tree = add(b"")
    kids = []
    for content in pages:
        data = content.encode("latin-1")
        stream = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
                        % (tree, size[0], size[1], stream, font, image)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % off for off in offsets))
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref))
    return out.getvalue()


def prose_page(words: str, *, x: float = 72, top: float = 720, width_chars: int = 60,
               size: float = 10) -> list[TextLine]:
    """Lines of ``words`` wrapped at ``width_chars`` characters, one column."""
    lines: list[TextLine] = []
    current = ""
    for word in words.split():
        if current and len(current) + 1 + len(word) > width_chars:
            lines.append((x, top - 12 * len(lines), size, current))
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append((x, top - 12 * len(lines), size, current))
    return lines


@pytest.fixture
def kit() -> SimpleNamespace:
    """The PDF-building helpers of this module."""
    return SimpleNamespace(make_pdf=make_pdf, empty_pdf=empty_pdf, text_ops=text_ops, prose_page=prose_page,
                           IMAGE_PAGE=IMAGE_PAGE)


@pytest.fixture
def simple_pdf() -> bytes:
    return make_pdf([text_ops(prose_page("The trial enrolled forty patients. " * 20))])


@pytest.fixture(scope="session")
def shared_pdfs() -> Path:
    if not SHARED_PDFS.is_dir():
        pytest.skip(f"shared PDFs not found at {SHARED_PDFS}")
    return SHARED_PDFS.resolve()


@pytest.fixture
def encrypt():
    """Encrypt PDF bytes with pypdf (a dev-only dependency)."""
    pypdf = pytest.importorskip("pypdf")

    def run(data: bytes, user_password: str) -> bytes:
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
        writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    return run
