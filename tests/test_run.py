"""A run: same tables whatever the workers, engine or cache; incremental, interruptible, fault-tolerant."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import run
from faults import faulty
from pipeline.cli import main
from pipeline.readers.limits import ReadLimits
from pipeline.run import extract_folder
from pipeline.table import read_results

REPO = Path(__file__).resolve().parents[1]
TABLES = ("results.csv", "studies.csv", "meta.csv", "errors.csv")
TEMPLATES = (
    "Rechallenge with pembrolizumab in {n} patients with non-small cell lung cancer.\n\n"
    "The objective response rate was {orr}% and the disease control rate was {dcr}%.\n",
    "A retrospective cohort of {n} patients with renal cell carcinoma received nivolumab again.\n\n"
    "Median progression-free survival was {pfs} months (95% CI {lo}-{hi}).\n",
    "Median overall survival reached {os} months among {n} patients retreated with atezolizumab.\n",
)


def _doc(i: int, bump: int = 0) -> str:
    n = 20 + i + bump
    return TEMPLATES[i % len(TEMPLATES)].format(
        n=n, orr=10 + i % 40, dcr=50 + i % 30, pfs=f"{3 + i % 5}.{i % 10}", lo="1.5", hi=f"{9 + i % 4}.0",
        os=f"{10 + i % 7}.{i % 10}")


def _corpus(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"doc{i:03d}.txt").write_text(_doc(i), encoding="utf-8")
    return folder


def _tables(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in TABLES}


def _cache_entries(cache: Path) -> int:
    return sum(1 for _ in cache.rglob("*.pkl"))


def test_workers_and_cache_give_byte_identical_tables(tmp_path):
    papers = _corpus(tmp_path / "papers", 8)
    (papers / "broken.pdf").write_bytes(b"no header here")
    extract_folder(papers, tmp_path / "one", progress=False)
    extract_folder(papers, tmp_path / "two", progress=False, workers=2, cache_dir=tmp_path / "cache")
    rerun = extract_folder(papers, tmp_path / "again", progress=False, workers=2, cache_dir=tmp_path / "cache")
    assert rerun.cached == 9
    assert _tables(tmp_path / "one") == _tables(tmp_path / "two") == _tables(tmp_path / "again")
    assert b"broken.pdf" in (tmp_path / "one" / "errors.csv").read_bytes()
    assert (tmp_path / "one" / "results.xlsx").stat().st_size > 0
    assert b"<mark" in (tmp_path / "one" / "report.html").read_bytes()


@pytest.fixture
def counted(monkeypatch):
    """The documents process_file is called on, by stem."""
    seen: list[str] = []
    real = run.process_file

    def counting(path, limits=ReadLimits()):
        seen.append(path.stem)
        return real(path, limits)

    monkeypatch.setattr(run, "process_file", counting)
    return seen


def test_rerun_extracts_only_the_changed_documents(tmp_path, counted):
    papers = _corpus(tmp_path / "papers", 10)
    extract_folder(papers, tmp_path / "out", progress=False, cache_dir=tmp_path / "cache")
    for i in (2, 5, 7):
        (papers / f"doc{i:03d}.txt").write_text(_doc(i, bump=100), encoding="utf-8")
    counted.clear()
    summary = extract_folder(papers, tmp_path / "out", progress=False, cache_dir=tmp_path / "cache")
    assert sorted(counted) == ["doc002", "doc005", "doc007"]
    assert summary.cached == 7
    extract_folder(papers, tmp_path / "fresh", progress=False)
    assert _tables(tmp_path / "out") == _tables(tmp_path / "fresh")


def test_unchanged_rerun_keeps_the_derived_outputs_and_a_change_makes_them_again(tmp_path):
    papers, out = _corpus(tmp_path / "papers", 6), tmp_path / "out"
    derived = ("report.html", "results.xlsx", "plots")
    extract_folder(papers, out, progress=False, cache_dir=tmp_path / "cache")
    made = {name: (out / name).stat().st_mtime_ns for name in derived}
    tables = _tables(out)
    extract_folder(papers, out, progress=False, cache_dir=tmp_path / "cache")
    assert {name: (out / name).stat().st_mtime_ns for name in derived} == made and _tables(out) == tables
    (out / "report.html").unlink()  # a missing output is made again
    extract_folder(papers, out, progress=False, cache_dir=tmp_path / "cache")
    assert (out / "report.html").is_file()
    made = (out / "results.xlsx").stat().st_mtime_ns
    (papers / "doc001.txt").write_text(_doc(1, bump=50), encoding="utf-8")
    extract_folder(papers, out, progress=False, cache_dir=tmp_path / "cache")
    assert (out / "results.xlsx").stat().st_mtime_ns != made


def test_unchanged_rerun_reads_no_cache_entry_and_an_edited_table_is_written_again(tmp_path, monkeypatch):
    papers, out = _corpus(tmp_path / "papers", 5), tmp_path / "out"
    first = extract_folder(papers, out, progress=False, cache_dir=tmp_path / "cache")
    tables = _tables(out)
    monkeypatch.setattr(run.ResultCache, "get", lambda self, key: pytest.fail("an unchanged run read an entry"))
    again = extract_folder(papers, out, progress=False, cache_dir=tmp_path / "cache")
    assert (again.line(), again.cached) == (first.line(), 5) and _tables(out) == tables
    (out / "results.csv").write_text("edited\n", encoding="utf-8")  # the tables on disk are not the run's
    monkeypatch.undo()
    extract_folder(papers, out, progress=False, cache_dir=tmp_path / "cache")
    assert _tables(out) == tables


def test_unchanged_cli_rerun_imports_no_spacy(tmp_path):
    papers, out = _corpus(tmp_path / "papers", 3), tmp_path / "out"
    extract_folder(papers, out, progress=False, cache_dir=out / ".cache")
    probe = ("import sys; from pipeline.cli import main; code = main(['extract', sys.argv[1], '--out', sys.argv[2], "
             "'--no-progress']); assert 'spacy' not in sys.modules, 'spacy imported'; sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", probe, str(papers), str(out)], cwd=REPO, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    assert "cache: 3 of 3 documents unchanged" in done.stderr


def test_cached_result_takes_the_name_of_its_new_file(tmp_path, counted):
    papers = _corpus(tmp_path / "papers", 1)
    extract_folder(papers, tmp_path / "out", progress=False, cache_dir=tmp_path / "cache")
    (papers / "copy.txt").write_bytes((papers / "doc000.txt").read_bytes())
    counted.clear()
    extract_folder(papers, tmp_path / "out", progress=False, cache_dir=tmp_path / "cache")
    assert counted == []
    extract_folder(papers, tmp_path / "fresh", progress=False)
    assert _tables(tmp_path / "out") == _tables(tmp_path / "fresh")
    assert b"\ncopy," in (tmp_path / "out" / "results.csv").read_bytes()


@pytest.mark.parametrize("change", ["limits", "code"])
def test_configuration_or_code_change_invalidates_the_cache(tmp_path, counted, monkeypatch, change):
    papers = _corpus(tmp_path / "papers", 3)
    extract_folder(papers, tmp_path / "out", progress=False, cache_dir=tmp_path / "cache")
    limits = ReadLimits()
    if change == "limits":
        limits = ReadLimits(max_pages=7)
    else:
        monkeypatch.setattr("pipeline.cache.pipeline_fingerprint", lambda: "another rule set")
    counted.clear()
    assert extract_folder(papers, tmp_path / "out", limits, progress=False, cache_dir=tmp_path / "cache").cached == 0
    assert len(counted) == 3


def test_faulty_documents_are_recorded_and_not_cached(tmp_path):
    papers = _corpus(tmp_path / "papers", 6)
    process = faulty({"doc001": "raise", "doc002": "hang", "doc003": "crash"})
    summary = extract_folder(papers, tmp_path / "out", progress=False, workers=2, cache_dir=tmp_path / "cache",
                             doc_timeout=4, process=process)
    errors = (tmp_path / "out" / "errors.csv").read_text().splitlines()
    assert [line.split(",")[0] + " " + line.split(",")[2] for line in errors[1:]] == [
        "doc001 reader_bug", "doc002 timeout", "doc003 crash"]
    assert (summary.documents, summary.failed) == (3, 3)
    assert _cache_entries(tmp_path / "cache") == 4  # three good ones and the deterministic reader bug


def test_parquet_copy_holds_the_results_rows_with_their_types(tmp_path):
    import pandas as pd

    from pipeline.table import typed

    pq = pytest.importorskip("pyarrow.parquet")
    papers = _corpus(tmp_path / "papers", 6)
    extract_folder(papers, tmp_path / "out", progress=False, parquet=True)
    table = pq.read_table(tmp_path / "out" / "results.parquet").to_pandas()
    assert sorted(p.name for p in (tmp_path / "out" / "results.parquet").iterdir())[0].startswith("bucket=")
    csv = read_results(tmp_path / "out" / "results.csv")
    key = ["doc_id", "start", "endpoint"]
    got = table[list(csv.columns)].sort_values(key).reset_index(drop=True)
    assert got["value"].dtype == "float64" and got["review"].dtype == "boolean"
    pd.testing.assert_frame_equal(got, typed(csv).sort_values(key).reset_index(drop=True), check_dtype=False)


@pytest.mark.parametrize("args, message", [
    (["--workers", "0"], "--workers must be at least 1"),
    (["--engine", "dask"], "--engine dask needs --scheduler ADDRESS"),
])
def test_cli_refuses_bad_options_in_one_line(tmp_path, capsys, args, message):
    assert main(["extract", str(_corpus(tmp_path / "p", 1)), "--out", str(tmp_path / "o"), *args]) == 2
    assert capsys.readouterr().err.strip() == f"error: {message}"


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_interrupted_run_keeps_the_old_tables_and_resumes_from_the_cache(tmp_path, stop):
    psutil = pytest.importorskip("psutil")
    papers = _corpus(tmp_path / "papers", 30)
    out = tmp_path / "out"
    base = [sys.executable, "-m", "pipeline", "extract", str(papers), "--no-progress"]
    command = [*base, "--out", str(out), "--workers", "2"]
    subprocess.run(command, cwd=REPO, check=True, capture_output=True, timeout=300)
    before = _tables(out)
    for i in range(30):
        (papers / f"doc{i:03d}.txt").write_text(_doc(i, bump=50), encoding="utf-8")
    # every document takes a while, so the run is stopped half-way
    slow = [sys.executable, str(REPO / "tests" / "fault_cli.py"), "0.4", *command[3:]]
    start_entries = _cache_entries(out / ".cache")
    proc = subprocess.Popen(slow, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _cache_entries(out / ".cache") < start_entries + 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(stop)
    proc.communicate(timeout=60)
    assert proc.returncode in (130, -signal.SIGKILL)
    _, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive, "worker processes outlived the stopped run"
    assert _tables(out) == before
    done = _cache_entries(out / ".cache") - start_entries
    assert 5 <= done < 30
    resumed = subprocess.run(slow, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert f"cache: {done} of 30 documents unchanged" in resumed.stderr
    subprocess.run([*base, "--out", str(tmp_path / "fresh"), "--workers", "1", "--no-cache"],
                   cwd=REPO, check=True, capture_output=True, timeout=300)
    assert _tables(out) == _tables(tmp_path / "fresh")


@pytest.mark.slow
def test_dask_engine_writes_the_local_tables_and_a_parquet_copy(tmp_path):
    distributed = pytest.importorskip("distributed")
    pq = pytest.importorskip("pyarrow.parquet")
    papers = _corpus(tmp_path / "papers", 12)
    (papers / "broken.pdf").write_bytes(b"no header here")
    extract_folder(papers, tmp_path / "local", progress=False, workers=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = extract_folder(papers, tmp_path / "dask", progress=False, engine="dask",
                                 scheduler=cluster.scheduler_address)
    assert (summary.documents, summary.failed) == (12, 1)
    assert _tables(tmp_path / "dask") == _tables(tmp_path / "local")
    rows = pq.read_table(tmp_path / "dask" / "results.parquet").num_rows
    assert rows == (tmp_path / "local" / "results.csv").read_text().count("\n") - 1


@pytest.mark.slow
def test_dask_engine_records_hanging_and_crashing_documents(tmp_path):
    distributed = pytest.importorskip("distributed")
    dask = pytest.importorskip("dask")
    papers = _corpus(tmp_path / "papers", 6)
    process = faulty({"doc001": "hang", "doc002": "crash"})
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = extract_folder(papers, tmp_path / "out", progress=False, engine="dask",
                                 scheduler=cluster.scheduler_address, doc_timeout=10, process=process)
    errors = (tmp_path / "out" / "errors.csv").read_text().splitlines()[1:]
    assert [(e.split(",")[0], e.split(",")[2]) for e in errors] == [("doc001", "timeout"), ("doc002", "crash")]
    assert (summary.documents, summary.failed) == (4, 2), errors


@pytest.mark.slow
def test_dask_worker_killed_mid_run_costs_no_document(tmp_path):
    """Fault injection: one LocalCluster worker process is SIGKILLed while it holds a document; Dask retries
    that document on the restarted worker and the run writes the local tables."""
    import threading

    distributed = pytest.importorskip("distributed")
    papers = _corpus(tmp_path / "papers", 16)
    extract_folder(papers, tmp_path / "local", progress=False)
    killed: list[int] = []

    def kill_a_busy_worker(address: str) -> None:
        with distributed.Client(address, timeout="30s") as client:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                busy = [w for w, keys in client.processing().items() if keys]
                if busy:
                    pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    return
                time.sleep(0.05)

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        killer = threading.Thread(target=kill_a_busy_worker, args=(cluster.scheduler_address,))
        killer.start()
        summary = extract_folder(papers, tmp_path / "dask", progress=False, engine="dask",
                                 scheduler=cluster.scheduler_address, process=faulty({"*": {"sleep": 0.5}}))
        killer.join()
    assert killed, "no worker was busy to kill"
    assert (summary.documents, summary.failed) == (16, 0)
    assert _tables(tmp_path / "dask") == _tables(tmp_path / "local")


SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "seeds"
DEMO = Path(__file__).resolve().parents[1] / "corpus" / "demo"


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not available")
def test_one_worker_two_workers_and_dask_agree_on_seeds_and_demo(tmp_path):
    import shutil

    distributed = pytest.importorskip("distributed")
    papers = tmp_path / "papers"
    shutil.copytree(SEEDS, papers / "seeds")
    shutil.copytree(DEMO, papers / "demo")
    extract_folder(papers, tmp_path / "one", progress=False, workers=1)
    extract_folder(papers, tmp_path / "two", progress=False, workers=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        extract_folder(papers, tmp_path / "dask", progress=False, engine="dask", scheduler=cluster.scheduler_address)
    assert _tables(tmp_path / "one") == _tables(tmp_path / "two") == _tables(tmp_path / "dask")
    assert (tmp_path / "one" / "results.csv").read_text(encoding="utf-8").count("\n") > 300
