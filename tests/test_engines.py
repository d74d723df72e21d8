"""Engines: every document yields exactly one result, and a bad one costs only itself."""
from dataclasses import replace
import subprocess
import sys
from pathlib import Path

import pytest

from faults import faulty
from pipeline.engines import map_in_process, map_pool
from pipeline.readers.limits import ReadLimits
from pipeline.run import process_file

GOOD = ("Rechallenge with nivolumab in {n} patients with advanced melanoma.\n\n"
        "The objective response rate was {orr}% and median progression-free survival was {pfs} months.\n")
#: fault -> (error kind, words of the reason)
FAULTS = {
    "raise": ("reader_bug", "injected test fault"),
    "hang": ("timeout", "--doc-timeout"),
    "crash": ("crash", "SIGKILL"),
    "memory": ("memory", "out of memory"),
}


def _folder(root: Path, faults: dict[str, str]) -> list[tuple[int, Path]]:
    """Two good documents, one per fault, and a file the PDF reader refuses."""
    root.mkdir(parents=True, exist_ok=True)
    names = ["good1", *faults, "good2"]
    for i, name in enumerate(names):
        (root / f"{name}.txt").write_text(GOOD.format(n=30 + i, orr=20 + i, pfs=f"4.{i}"), encoding="utf-8")
    (root / "notpdf.pdf").write_bytes(b"plain bytes, no PDF header")
    return list(enumerate(sorted(p for p in root.iterdir() if p.suffix in (".txt", ".pdf"))))


def test_in_process_yields_each_task_once(tmp_path):
    tasks = _folder(tmp_path, {})
    results = dict(map_in_process(process_file, tasks, ReadLimits()))
    assert sorted(results) == [i for i, _ in tasks]
    assert [r.error_kind for r in results.values()].count("not_pdf") == 1
    assert all(r.facts for r in results.values() if r.error is None)


def test_in_process_timeout_abandons_a_hanging_document(tmp_path):
    tasks = _folder(tmp_path, {"hang": "hang"})
    results = {p.stem: r for (_, p), (_, r) in zip(tasks, map_in_process(faulty({"hang": "hang"}), tasks, ReadLimits(), 1.0))}
    assert results["hang"].error_kind == "timeout"
    assert results["good2"].facts


@pytest.fixture(scope="module")
def pool_run(tmp_path_factory):
    """One pool run over every fault at once (workers take seconds to start)."""
    root = tmp_path_factory.mktemp("pool")
    tasks = _folder(root, {name: name for name in FAULTS})
    process = faulty({name: name for name in FAULTS})
    out = list(map_pool(process, tasks, ReadLimits(), workers=2, doc_timeout=5, max_memory_mb=256))
    return tasks, out


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_pool_records_a_bad_document_with_its_reason(pool_run, fault):
    tasks, out = pool_run
    by_name = {tasks[i][1].stem: r for i, r in out}
    kind, words = FAULTS[fault]
    assert by_name[fault].error_kind == kind
    assert words in by_name[fault].error
    assert by_name[fault].doc_id == fault


def test_pool_finishes_the_other_documents(pool_run):
    tasks, out = pool_run
    assert sorted(i for i, _ in out) == [i for i, _ in tasks]
    by_name = {tasks[i][1].stem: r for i, r in out}
    assert by_name["notpdf"].error_kind == "not_pdf"
    for name in ("good1", "good2"):  # the same result as in this process, but for the time it took
        again = process_file(dict((p.stem, p) for _, p in tasks)[name])
        assert replace(by_name[name], seconds=0) == replace(again, seconds=0)


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="the memory limit needs Linux /proc")
def test_memory_limit_refuses_an_allocation_beyond_it():
    code = ("from pipeline.engines import _limit_memory\n_limit_memory(64)\n"
            "try:\n    bytearray(256 * 2**20)\nexcept MemoryError:\n    print('refused')\n")
    repo = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=repo, timeout=60)
    assert out.stdout.strip() == "refused", out.stderr


def test_pool_replaces_a_worker_after_recycle_documents(tmp_path):
    tasks = _folder(tmp_path, {f"more{i}": "whoami" for i in range(3)})
    out = dict(map_pool(faulty({"*": "whoami"}), tasks, ReadLimits(), workers=1, recycle=2))
    assert sorted(out) == [i for i, _ in tasks]
    pids = {r.warnings[0] for r in out.values()}
    assert len(pids) == -(-len(tasks) // 2), "one fresh worker per two documents"
