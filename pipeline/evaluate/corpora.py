"""The development corpora: where each one's documents and gold are, and the fixed dev/check split.

A corpus is a row of :data:`DEV_CORPORA`. Its documents are read at run time from
``../shared`` (or, for RUTA, written from its JSONL into the work folder); its gold lives
in the repository. ``annotations/split.tsv`` assigns every document to ``dev`` or
``check`` once and for all (annotations/README.md says how it was drawn).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from pipeline.evaluate.external import DatasetError, load_corpus

REPO = Path(__file__).resolve().parents[2]
SPLIT_FILE = REPO / "annotations" / "split.tsv"
SPLITS = ("dev", "check")


def _ruta_docs(shared: Path, out: Path) -> Path:
    """The RUTA abstracts as ``<pmid>.txt`` files, byte for byte the text its offsets index (CRLF kept)."""
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for doc in load_corpus("ruta_trials_endpoints", shared / "datasets").docs:
        path = docs / f"{doc.doc_id}.txt"
        data = doc.text.encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:  # unchanged files keep their cache entries
            path.write_bytes(data)
    return docs


@dataclass(frozen=True, kw_only=True)
class DevCorpus:
    """One development corpus.

    ``docs`` is a folder relative to ``../shared`` (``None`` with ``build``: the folder is
    made by ``build(shared, work_dir)``); ``own_only`` scores only the document's own study.
    """

    name: str
    gold: Path
    docs: str | None
    own_only: bool = False
    build: Callable[[Path, Path], Path] | None = None
    in_repo: bool = False  # docs is relative to the repository, not to ../shared

    def docs_dir(self, shared: Path, work: Path) -> Path:
        """The folder of this corpus's documents; raises DatasetError when it is not there."""
        if self.build is not None:
            return self.build(shared, work / self.name)
        folder = (REPO if self.in_repo else shared) / str(self.docs)
        if not folder.is_dir():
            raise DatasetError(f"{self.name}: document folder not found: {folder}")
        return folder


DEV_CORPORA: tuple[DevCorpus, ...] = (
    DevCorpus(name="seeds", gold=REPO / "annotations" / "seeds", docs="corpus/seeds"),
    DevCorpus(name="dev_abstracts", gold=REPO / "annotations" / "dev_abstracts", docs="corpus/dev_abstracts"),
    DevCorpus(name="dev_fulltext", gold=REPO / "annotations" / "dev_fulltext", docs="corpus/dev_fulltext", own_only=True),
    DevCorpus(name="ruta", gold=REPO / "annotations" / "ruta", docs=None, build=_ruta_docs),
    DevCorpus(name="demo", gold=REPO / "corpus" / "demo_gold", docs="corpus/demo", in_repo=True),
)
CORPUS_NAMES = tuple(c.name for c in DEV_CORPORA)


def available(shared: Path, work: Path, corpora: Sequence[DevCorpus] = DEV_CORPORA,
              echo: Callable[[str], None] = print) -> Iterator[tuple[DevCorpus, Path]]:
    """(corpus, its document folder) for each corpus whose documents are there; the others are skipped with
    a line saying why."""
    for c in corpora:
        try:
            yield c, c.docs_dir(shared, work)
        except DatasetError as exc:
            echo(f"skipped {c.name}: {exc}")


def corpus(name: str) -> DevCorpus:
    for c in DEV_CORPORA:
        if c.name == name:
            return c
    raise ValueError(f"unknown corpus {name!r}; known: {', '.join(CORPUS_NAMES)}")


def load_split(path: Path = SPLIT_FILE) -> dict[tuple[str, str], str]:
    """``(corpus, doc_id) -> "dev" | "check"`` from the split file; a malformed line fails loudly."""
    split: dict[tuple[str, str], str] = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 3 or cells[2] not in SPLITS or (cells[0], cells[1]) in split:
            raise ValueError(f"{path}:{number}: expected a new 'corpus<TAB>doc_id<TAB>dev|check' line, got {line!r}")
        split[(cells[0], cells[1])] = cells[2]
    return split
