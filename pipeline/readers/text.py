"""Plain-text reader: the decoded file, unchanged, with its sections marked.

Decoding rule (:func:`decode`), in order:

1. a UTF-32 or UTF-16 byte-order mark: that encoding (Windows "Unicode" exports);
2. NUL bytes, or more than :data:`MAX_CONTROL_SHARE` of C0 control bytes other
   than tab/newline/carriage return/form feed/vertical tab: ``binary content, not text``;
3. strict UTF-8. A UTF-8 byte-order mark is kept as U+FEFF, because gold
   offsets are computed on ``bytes.decode("utf-8")`` of the same file;
4. the encoding the markup declares (HTML ``<meta charset>``), when it decodes;
5. otherwise, when at most :data:`MAX_LEGACY_NON_ASCII` of the bytes are
   non-ASCII, the file is legacy Western text: cp1252 (latin-1 when cp1252
   leaves a byte undefined), with a warning;
6. anything else (e.g. GBK or Shift-JIS text, random bytes) is refused: decoding
   it byte by byte would only produce mojibake that looks like text.

The decoded text is cut at ``limits.max_chars`` with a warning.
"""
from __future__ import annotations

from pathlib import Path

import regex

from pipeline.readers.limits import ReadLimits
from pipeline.readers.sections import text_sections
from pipeline.types import Document, ReadError

MAX_CONTROL_SHARE = 0.01
MAX_LEGACY_NON_ASCII = 0.25
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c")
_HIGH_BYTES = bytes(range(128, 256))
#: Byte-order marks, longest first (the UTF-32 little-endian mark begins with the UTF-16 one).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _bom_encoding(data: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def check_not_binary(data: bytes) -> None:
    """Raise ReadError when ``data`` is binary rather than text (UTF-16 or UTF-32 with a BOM is text)."""
    if _bom_encoding(data):
        return
    if b"\x00" in data:
        raise ReadError("binary content, not text (NUL bytes)", "binary")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > MAX_CONTROL_SHARE * len(data):
        raise ReadError(f"binary content, not text ({controls} control bytes)", "binary")


def decode(data: bytes, limits: ReadLimits, declared: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Text of ``data`` by the module's decoding rule, and the warnings it raised.

    ``declared`` is an encoding the document declares for itself, tried after UTF-8.
    """
    check_not_binary(data)
    warnings: list[str] = []
    if bom := _bom_encoding(data):
        try:
            text = data.decode(bom)
        except UnicodeDecodeError as e:
            raise ReadError(f"invalid {bom.upper()} text at byte {e.start}", "encoding") from None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            text = _decode_declared(data, declared)
            if text is not None and not _plausible(text, data):
                warnings.append(f"the declared charset {declared} does not fit the bytes; it was ignored")
                text = None
            if text is None:
                text = _decode_legacy(data, e)
                warnings.append(
                    f"not valid UTF-8 (byte {e.start}); decoded as Windows-1252, so check accented characters"
                )
    if len(text) > limits.max_chars:
        warnings.append(f"text cut at {limits.max_chars} characters (limit); the rest was not read")
        text = text[: limits.max_chars]
    if not text.strip():
        raise ReadError("empty file (whitespace only)", "empty")
    return text, tuple(warnings)


#: Characters that ordinary Latin-script text hardly has: CJK and Hangul ideographs, private use, controls.
_UNUSUAL = regex.compile(r"[\p{Han}\p{Hangul}\p{Co}\p{Cc}--[\t\n\r]]", regex.V1)


def _plausible(text: str, data: bytes) -> bool:
    """Does a declared decoding fit? Mostly-ASCII bytes that decode to mostly ideographs ("utf-16" declared
    over Latin-1 bytes) do not."""
    ascii_share = sum(b < 0x80 for b in data) / len(data)
    unusual_share = len(_UNUSUAL.findall(text)) / max(len(text), 1)
    return not (ascii_share > 0.7 and unusual_share > 0.2)


def _decode_declared(data: bytes, declared: str | None) -> str | None:
    if not declared:
        return None
    try:
        return data.decode(declared)
    except (LookupError, UnicodeDecodeError):
        return None


def _decode_legacy(data: bytes, error: UnicodeDecodeError) -> str:
    non_ascii = len(data) - len(data.translate(None, _HIGH_BYTES))
    if non_ascii > MAX_LEGACY_NON_ASCII * len(data):
        raise ReadError(
            f"not UTF-8 text (invalid byte at {error.start}) and {non_ascii / len(data):.0%} non-ASCII bytes: "
            "not a Western single-byte encoding either; convert the file to UTF-8",
            "encoding",
        )
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_text(path: Path, data: bytes, doc_id: str, limits: ReadLimits) -> Document:
    """A .txt file: the decoded text exactly as in the file (CRLF kept), sections marked."""
    text, warnings = decode(data, limits)
    return Document(
        doc_id=doc_id, text=text, sections=text_sections(text), source=str(path), format="txt", warnings=warnings
    )
