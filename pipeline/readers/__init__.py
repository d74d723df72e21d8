"""Readers: a file -> :class:`pipeline.types.Document` (text, sections, pages).

The stage's one entry point is :func:`read_document`. A file that cannot be
read raises :class:`pipeline.types.ReadError` with a one-line ``reason`` and a
``kind``: ``missing``, ``unreadable``, ``empty``, ``too_large``, ``binary``,
``encoding``, ``malformed``, ``unsafe``, ``unsupported`` (the PDF reader may add
its own). Warnings (legacy encoding, text cut at the limit, truncated markup)
go to ``Document.warnings``.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Callable

from pipeline.readers.limits import ReadLimits
from pipeline.types import HIDDEN_SECTIONS, Document, ReadError

SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".xml", ".pdf")

Reader = Callable[[Path, bytes, str, ReadLimits], Document]


def _reader(suffix: str) -> Reader:
    """The reader for a suffix, imported on first use (a broken PDF stack must not stop text reading)."""
    if suffix == ".txt":
        from pipeline.readers.text import read_text
        return read_text
    if suffix in (".html", ".htm"):
        from pipeline.readers.html import read_html
        return read_html
    if suffix == ".xml":
        from pipeline.readers.jats import read_jats
        return read_jats
    if suffix == ".pdf":
        from pipeline.readers.pdf import read_pdf
        return read_pdf
    raise ReadError(f"unsupported file type {suffix or '(no extension)'}; expected one of {', '.join(SUFFIXES)}",
                    "unsupported")


def read_document(path: Path, limits: ReadLimits = ReadLimits()) -> Document:
    """Read one file into a Document whose ``doc_id`` is the file's stem."""
    path = Path(path)
    reader = _reader(path.suffix.lower())
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError("file not found", "missing") from None
    except OSError as e:
        raise ReadError(f"cannot open file: {e.strerror}", "unreadable") from None
    if size == 0:
        raise ReadError("empty file", "empty")
    if size > limits.max_bytes:
        raise ReadError(f"file too large: {size} bytes, limit {limits.max_bytes}", "too_large")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot read file: {e.strerror}", "unreadable") from None
    return reader(path, data, path.stem, limits)


def iter_paths(folder: Path) -> list[Path]:
    """Readable files under ``folder``, recursively, sorted; hidden files and folders skipped."""
    folder = Path(folder)
    return sorted(
        p for p in folder.rglob("*")
        if p.suffix.lower() in SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.is_file()
    )


def hidden_share(doc: Document) -> float:
    """Share of the text's characters inside hidden sections (boilerplate, references)."""
    visible = sum(end - start for start, end in doc.content_spans())
    return 1 - visible / len(doc.text) if doc.text else 0.0


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """``read FILE...``: show how the readers see files (sections, hidden share, warnings)."""
    p = subparsers.add_parser("read", help="show the sections a reader finds in files (debugging aid)")
    p.add_argument("files", nargs="+", type=Path, help="document files (.txt .html .htm .xml .pdf)")
    p.add_argument("--text", action="store_true", help="print the visible text, hidden spans as [...]")
    return p


def run(args: argparse.Namespace) -> int:
    """Print each file's sections (or visible text); 1 when any file could not be read."""
    status = 0
    for path in args.files:
        try:
            doc = read_document(path)
        except ReadError as e:
            print(f"{path}: error ({e.kind}): {e.reason}")
            status = 1
            continue
        print(f"== {doc.doc_id} ({doc.format}, {len(doc.text)} chars, {hidden_share(doc):.1%} hidden)")
        for warning in doc.warnings:
            print(f"   warning: {warning}")
        if args.text:
            print(_visible_text(doc))
            continue
        for s in doc.sections:
            preview = doc.text[s.start:s.end][:70].replace("\r", " ").replace("\n", " ")
            mark = "-" if s.name in HIDDEN_SECTIONS else " "
            print(f"  {mark} {s.name:<12} {s.start:>7} {s.end:>7}  {preview}")
    return status


def _visible_text(doc: Document) -> str:
    pieces, pos = [], 0
    for start, end in doc.content_spans():
        if start > pos:
            pieces.append("[...]")
        pieces.append(doc.text[start:end])
        pos = end
    if pos < len(doc.text):
        pieces.append("[...]")
    return "".join(pieces)
