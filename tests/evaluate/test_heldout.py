"""No text the gold refers to, and no text of the repository, overlaps the held-out evaluation set."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.evaluate.corpora import DEV_CORPORA, REPO
from pipeline.evaluate.external import DatasetError
from pipeline.evaluate.gold import doc_path, gold_files

SHARED = REPO.parent / "shared"
CHECKER = SHARED / "heldout" / "check_overlap.py"


def _gold_documents(work: Path) -> list[Path]:
    paths = []
    for corpus in DEV_CORPORA:
        try:
            docs = corpus.docs_dir(SHARED, work)
        except DatasetError:
            continue
        paths += [p for g in gold_files(corpus.gold) if (p := doc_path(docs, g.stem)) is not None]
    return paths


@pytest.mark.skipif(not CHECKER.is_file(), reason="../shared/heldout/check_overlap.py not found")
def test_no_gold_document_or_repository_text_overlaps_the_heldout_set(tmp_path: Path) -> None:
    documents = _gold_documents(tmp_path)
    assert documents, "no gold documents found"
    ours = [REPO / "corpus", REPO / "tests", REPO / "annotations", REPO / "docs", REPO / "README.md"]
    done = subprocess.run([sys.executable, str(CHECKER), *map(str, documents + ours)], capture_output=True, text=True)
    flagged = [line for line in done.stdout.splitlines() if "HELD-OUT" in line]
    assert done.returncode == 0 and not flagged, "\n".join(flagged) or done.stderr
