"""Content-addressed cache of per-document results, so a re-run extracts only what changed.

An entry is keyed by the file's bytes (sha256), its suffix (which picks the
reader), the pipeline's fingerprint (version, source files, lexicons, spaCy
and scispaCy versions) and the run's configuration (:class:`ReadLimits`). Any
rule change therefore invalidates every entry; nothing is ever reused across
code versions. Entries are pickled :class:`DocumentResult` records, each
written atomically as soon as its document is done, so an interrupted run
resumes from where it stopped.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from dataclasses import asdict, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from pipeline import NLP_MODEL_DIR, RANKER_PATH, __version__
from pipeline.readers.limits import ReadLimits
from pipeline.types import DocumentResult

PACKAGE_DIR = Path(__file__).resolve().parent
#: Files whose content decides what a document yields (code, lexicons, package data).
_SOURCE_SUFFIXES = (".py", ".tsv", ".json", ".txt", ".toml")
#: Installed distributions whose version changes tokenization or entities.
_DISTRIBUTIONS = ("spacy", "scispacy", "en_ner_bc5cdr_md", "en_core_sci_sm")


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """sha256 over the package version, its source and data files, the saved model and the NLP libraries.

    File hashes only: an unchanged re-run must not pay for importing spaCy."""
    h = hashlib.sha256(f"pipeline {__version__}\n".encode())
    sources = sorted(p for p in PACKAGE_DIR.rglob("*") if p.suffix in _SOURCE_SUFFIXES and "__pycache__" not in p.parts)
    files = [(str(p.relative_to(PACKAGE_DIR.parent)), p) for p in sources]
    # the saved model need not live beside the package (tests fingerprint a copy of the package)
    files += [(f"models/{name}", NLP_MODEL_DIR / name) for name in ("config.cfg", "meta.json") if (NLP_MODEL_DIR / name).is_file()]
    if RANKER_PATH.is_file():  # the trained attribution ranker decides labels too
        files.append(("models/attribution_ranker.json", RANKER_PATH))
    for label, path in files:
        h.update(f"{label}\n".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    for name in _DISTRIBUTIONS:
        h.update(f"{name} {_installed(name)}\n".encode())
    return h.hexdigest()


def config_digest(limits: ReadLimits, salt: str = "") -> str:
    """The configuration part of the key: the read limits, and a salt that keeps other extraction functions'
    results apart."""
    config: dict[str, object] = {"limits": asdict(limits), "salt": salt}
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def rebind(result: DocumentResult, doc_id: str, source: str) -> DocumentResult:
    """The result under the names the run gives its input: same bytes may sit under several names."""
    if (result.doc_id, result.source) == (doc_id, source) and all(
            (f.doc_id, f.source) == (doc_id, source) for f in result.facts):
        return result
    facts = tuple(replace(f, doc_id=doc_id, source=source) for f in result.facts)
    return replace(result, doc_id=doc_id, source=source, facts=facts)


class ResultCache:
    """``<dir>/<k[:2]>/<k>.pkl`` entries for one pipeline fingerprint and configuration."""

    def __init__(self, directory: Path, limits: ReadLimits, salt: str = "") -> None:
        self.directory = Path(directory)
        self._context = f"{pipeline_fingerprint()}\n{config_digest(limits, salt)}\n"

    def key(self, path: Path, digest: str) -> str:
        """Key of a file given its content digest (:func:`file_digest`)."""
        return hashlib.sha256(f"{self._context}{path.suffix.lower()}\n{digest}".encode()).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pkl"

    def has(self, key: str) -> bool:
        """An entry is stored under ``key`` (it may still turn out unreadable: :meth:`get` says)."""
        return self._entry(key).is_file()

    def get(self, key: str) -> DocumentResult | None:
        """The stored result (under the names it was stored with), or None (an unreadable entry counts as a miss)."""
        try:
            with open(self._entry(key), "rb") as handle:
                result = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
            return None
        return result if isinstance(result, DocumentResult) else None

    def put(self, key: str, result: DocumentResult) -> None:
        """Store atomically (temporary file + rename), so a killed run never leaves half an entry."""
        entry = self._entry(key)
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{entry.name}.", dir=entry.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
