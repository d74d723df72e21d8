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
import os
import stat
from collections import Counter
from dataclasses import dataclass
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


def display_name(path: str) -> str:
    """A file name as text that can be written anywhere: bytes that are not UTF-8 become ``\\xNN``."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True, kw_only=True)
class Input:
    """One file found under the input folder: what to read, the names it goes by, or why it is skipped.

    ``source`` is the path relative to the folder (``/``-separated, displayable); ``doc_id`` is
    ``source`` without its extension, unless another input shares that, then with it (contract v2).
    """

    path: Path
    source: str
    doc_id: str
    skipped: str | None = None  # why the file is not read ("not a supported file type", "broken link", ...)

    @property
    def format(self) -> str:
        return self.path.suffix.lower().lstrip(".")


def find_inputs(folder: Path) -> list[Input]:
    """Every file under ``folder`` (recursively, symlinks followed once), sorted.

    Files the readers do not take, hidden files and folders (not entered), broken links, link loops
    and folders that cannot be listed are returned too, with ``skipped`` saying why, so a run can
    account for every input.
    """
    folder = Path(folder)
    found: list[tuple[str, Path, str | None]] = []
    seen_dirs: set[tuple[int, int]] = set()

    def walk(directory: Path, relative: str) -> None:
        try:
            info = directory.stat()
            if (info.st_dev, info.st_ino) in seen_dirs:
                found.append((relative.rstrip("/") or ".", directory, "folder already read (symbolic link loop)"))
                return
            seen_dirs.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            found.append((relative.rstrip("/") or ".", directory, f"cannot list folder: {exc.strerror or exc}"))
            return
        for entry in entries:
            path, rel = Path(entry.path), relative + entry.name
            if entry.name.startswith("."):  # .DS_Store, .git, a run's .cache: listed, never read or entered
                found.append((rel, path, "hidden (the name starts with '.'); not read"))
                continue
            try:
                mode = os.stat(entry.path).st_mode
            except FileNotFoundError:
                found.append((rel, path, "broken symbolic link" if entry.is_symlink() else "file vanished"))
                continue
            except OSError as exc:
                found.append((rel, path, f"cannot open: {exc.strerror or exc}"))
                continue
            if stat.S_ISDIR(mode):
                walk(path, rel + "/")
            elif not stat.S_ISREG(mode):
                found.append((rel, path, "not a regular file"))
            elif path.suffix.lower() not in SUFFIXES:
                found.append((rel, path, f"not a supported file type (reads {', '.join(SUFFIXES)})"))
            else:
                found.append((rel, path, None))

    walk(folder, "")
    stems = Counter(_without_suffix(rel) for rel, _, skipped in found if skipped is None)
    inputs = []
    for rel, path, skipped in sorted(found):
        source = display_name(rel)
        stem = display_name(_without_suffix(rel))
        inputs.append(Input(path=path, source=source, doc_id=source if stems[_without_suffix(rel)] > 1 or skipped else stem, skipped=skipped))
    return inputs


def _without_suffix(relative: str) -> str:
    head, _, name = relative.rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return f"{head}/{stem}" if head else stem


def iter_paths(folder: Path) -> list[Path]:
    """The readable files under ``folder``, sorted (see :func:`find_inputs`)."""
    return [i.path for i in find_inputs(folder) if i.skipped is None]


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
