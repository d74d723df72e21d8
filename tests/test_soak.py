"""Soak (``make soak``): a large generated corpus with 1% hostile files, two workers.

Nothing is lost (every input is in documents.csv), memory stays flat as the run goes on (peak RSS of
the parent and its workers, sampled while the run goes, per window of 5k / 10k / 20k documents), and
the tables equal a one-worker run's. The figures go to build/soak/report.json for the issue note.
"""
from __future__ import annotations

import csv
import io
import json
import threading
import time
from pathlib import Path

import pytest

from hostile import CASES, PAPER
from pipeline.run import extract_folder

pytestmark = [pytest.mark.slow, pytest.mark.soak]
REPO = Path(__file__).resolve().parents[1]
HOSTILE_SHARE = 100  # one document in a hundred
TUMORS = ("melanoma", "non-small cell lung cancer", "renal cell carcinoma", "urothelial carcinoma")


def _paper(i: int) -> str:
    """A unique paper (the cache counts the documents done by their contents)."""
    text = f"Registry report {i:05d}.\n\n" + PAPER.format(n=20 + i % 300, orr=5 + i % 60, os=f"{6 + i % 20}.{i % 10}").replace("melanoma", TUMORS[i % 4])
    if i % 3 == 0:  # a second arm now and then, so attribution runs too
        text += f"In the chemotherapy group, the objective response rate was {3 + i % 17}%.\n"
    return text


def _corpus(folder: Path, count: int) -> int:
    """``count`` inputs, every HOSTILE_SHARE-th one a hostile case (cycling through the cheap ones); the
    number of inputs documents.csv must list."""
    cheap = [c for c in CASES if c.cheap and not c.needs_non_root]
    inputs = 0
    for i in range(count):
        shard = folder / f"{i // 1000:02d}"
        if i % HOSTILE_SHARE == HOSTILE_SHARE - 1:
            case = cheap[(i // HOSTILE_SHARE) % len(cheap)]
            home = shard / f"hostile-{i:05d}"
            home.mkdir(parents=True)
            case.build(home)
            inputs += len(case.expect)
        else:
            shard.mkdir(parents=True, exist_ok=True)
            (shard / f"paper-{i:05d}.txt").write_text(_paper(i), encoding="utf-8")
            inputs += 1
    return inputs


class _Sampler(threading.Thread):
    """RSS of this process and its children every half second, next to the documents done so far
    (the cache entries the run has written)."""

    def __init__(self, cache: Path) -> None:
        super().__init__(daemon=True)
        self.cache, self.samples, self.stop = cache, [], threading.Event()

    def run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self.stop.wait(0.5):
            try:
                workers = sum(c.memory_info().rss for c in me.children(recursive=True))
            except psutil.Error:  # a child exiting between the listing and the reading
                continue
            done = sum(1 for _ in self.cache.rglob("*.pkl")) if self.cache.exists() else 0
            self.samples.append((done, me.memory_info().rss, workers))


def _without_seconds(path: Path) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    drop = rows[0].index("seconds")
    return [r[:drop] + r[drop + 1:] for r in rows]


def test_soak_loses_nothing_keeps_memory_flat_and_matches_one_worker(tmp_path, request):
    pytest.importorskip("psutil")
    count = request.config.getoption("--soak-docs")
    papers = tmp_path / "papers"
    expected_inputs = _corpus(papers, count)
    sampler = _Sampler(tmp_path / "cache")
    sampler.start()
    started = time.monotonic()
    two = extract_folder(papers, tmp_path / "two", progress=False, workers=2, cache_dir=tmp_path / "cache")
    seconds = time.monotonic() - started
    sampler.stop.set()
    sampler.join()
    one = extract_folder(papers, tmp_path / "one", progress=False, workers=1)

    # documents done = cache entries; identical hostile files share one, so the last window ends at the
    # last entry (the samples after it are the tables being written, reported apart)
    last = max(done for done, _, _ in sampler.samples)
    windows, low = {}, 0
    for label, mark in ((count // 4, last // 4), (count // 2, last // 2), (count, last)):
        inside = [(p, w) for done, p, w in sampler.samples if low <= done < mark]
        windows[label] = {"parent_mb": round(max(p for p, _ in inside) / 2**20, 1),
                          "workers_mb": round(max(w for _, w in inside) / 2**20, 1),
                          "total_mb": round(max(p + w for p, w in inside) / 2**20, 1)}
        low = mark
    writing = [p for done, p, _ in sampler.samples if done == last]
    report = {"documents": count, "inputs": expected_inputs, "seconds": round(seconds, 1),
              "docs_per_second": round(count / seconds, 1), "rss_by_documents_done": windows,
              "parent_mb_writing_tables": round(max(writing, default=0) / 2**20, 1),
              "summary_two_workers": two.line(), "summary_one_worker": one.line()}
    (REPO / "build" / "soak").mkdir(parents=True, exist_ok=True)
    (REPO / "build" / "soak" / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))

    manifest = _without_seconds(tmp_path / "two" / "documents.csv")
    assert len(manifest) - 1 == expected_inputs, "every input is in documents.csv"
    for name in ("results.csv", "studies.csv", "errors.csv"):
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), name
    assert manifest == _without_seconds(tmp_path / "one" / "documents.csv")
    totals = [w["total_mb"] for w in windows.values()]
    assert max(totals) <= 1.10 * min(totals), f"memory grows over the run: {windows}"
