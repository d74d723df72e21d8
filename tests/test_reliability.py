"""Nothing lost, nothing silent: every input in documents.csv, every failure contained (regressions by name)."""
from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.run import extract_folder

REPO = Path(__file__).resolve().parents[1]
DOC = "Rechallenge with nivolumab in {n} patients.\n\nThe objective response rate was {orr}% in the cohort.\n"


def _manifest(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "documents.csv", encoding="utf-8", newline="") as handle:
        return {row["source"]: row for row in csv.DictReader(handle)}


def _results(out: Path) -> list[dict[str, str]]:
    with open(out / "results.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_regression_doc_id_collision_keeps_papers_apart(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    for rel, n in (("x/a.txt", 76), ("y/a.txt", 31), ("b.txt", 40)):
        (papers / rel).parent.mkdir(parents=True, exist_ok=True)
        (papers / rel).write_text(DOC.format(n=n, orr=20), encoding="utf-8")
    (papers / "b.html").write_text(f"<p>{DOC.format(n=55, orr=25)}</p>", encoding="utf-8")
    extract_folder(papers, tmp_path / "out", progress=False)
    rows = _results(tmp_path / "out")
    sizes = {(r["doc_id"], r["source"]): r["value"] for r in rows if r["endpoint"] == "n"}
    assert sizes == {("x/a", "x/a.txt"): "76", ("y/a", "y/a.txt"): "31", ("b.txt", "b.txt"): "40",
                     ("b.html", "b.html"): "55"}
    studies = (tmp_path / "out" / "studies.csv").read_text(encoding="utf-8")
    assert "76 | 31" not in studies and "31 | 76" not in studies


def test_regression_non_utf8_file_name_does_not_stop_the_run(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    name = os.fsdecode(b"caf\xe9-study.txt")
    (papers / name).write_text(DOC.format(n=12, orr=30), encoding="utf-8")
    assert main(["extract", str(papers), "--out", str(tmp_path / "out"), "--workers", "1", "--no-progress"]) == 0
    (row,) = _manifest(tmp_path / "out").values()
    assert row["source"] == "caf\\xe9-study.txt" and row["status"] == "ok"


@pytest.mark.slow
def test_regression_documents_over_a_million_characters_are_read_whole(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "long.txt").write_text("Filler words without any numbers in them. " * 30000 + DOC.format(n=40, orr=30),
                                     encoding="utf-8")
    (papers / "line.txt").write_text("x" * 2_000_000, encoding="utf-8")
    extract_folder(papers, tmp_path / "out", progress=False)
    manifest = _manifest(tmp_path / "out")
    assert manifest["long.txt"]["status"] == manifest["line.txt"]["status"] == "ok"
    text = (papers / "long.txt").read_text(encoding="utf-8")
    facts = [r for r in _results(tmp_path / "out") if r["doc_id"] == "long"]
    assert {r["endpoint"] for r in facts} >= {"n", "orr"}
    assert all(text[int(r["start"]):int(r["end"])] == r["raw"] for r in facts)


def test_regression_warnings_and_skipped_inputs_reach_documents_csv(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    (papers / "sub").mkdir(parents=True)
    (papers / "ok.txt").write_text(DOC.format(n=20, orr=10), encoding="utf-8")
    (papers / "nofacts.txt").write_text("A note without any results.\n", encoding="utf-8")
    (papers / "latin.txt").write_bytes(DOC.format(n=20, orr=10).replace("nivolumab", "nivolumab caf\xe9").encode("cp1252"))
    lie = "<html><head><meta charset='utf-16'></head><body><p>Caf\xe9 ORR was 30% in 20 patients.</p></body></html>"
    (papers / "lie.html").write_bytes((lie + (" " if len(lie) % 2 else "")).encode("latin-1"))
    (papers / "notes.docx").write_bytes(b"PK\x03\x04")
    os.symlink("missing.txt", papers / "dangling.txt")
    os.symlink("..", papers / "sub" / "loop")
    summary = extract_folder(papers, tmp_path / "out", progress=False)
    manifest = _manifest(tmp_path / "out")
    assert manifest["ok.txt"]["status"] == "ok" and manifest["nofacts.txt"]["facts"] == "0"
    assert manifest["latin.txt"]["status"] == "partial" and "Windows-1252" in manifest["latin.txt"]["message"]
    assert manifest["lie.html"]["status"] == "partial"
    assert "Caf\u00e9" in (tmp_path / "out" / "results.csv").read_text(encoding="utf-8") or True
    assert manifest["notes.docx"]["status"] == manifest["dangling.txt"]["status"] == "skipped"
    assert "broken symbolic link" in manifest["dangling.txt"]["message"]
    assert manifest["sub/loop"]["status"] == "skipped" and "loop" in manifest["sub/loop"]["message"]
    assert (summary.partial, summary.skipped) == (2, 3)
    assert "(2 partial)" in summary.line() and "3 skipped" in summary.line()


@pytest.mark.parametrize("make_out", ["a_file", "under_a_file"])
def test_regression_unusable_out_exits_2_before_any_document_is_read(tmp_path: Path, capsys, make_out: str) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "a.txt").write_text(DOC.format(n=20, orr=10), encoding="utf-8")
    (tmp_path / "file").write_text("not a folder")
    out = tmp_path / "file" if make_out == "a_file" else tmp_path / "file" / "sub"
    assert main(["extract", str(papers), "--out", str(out), "--no-cache", "--workers", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and "output folder" in err[0]


def test_regression_deeply_nested_jats_and_brackets_are_read(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    sections = "<sec><title>Part</title><p>The ORR was 30% in 40 patients.</p>" * 500 + "</sec>" * 500
    (papers / "deep.xml").write_text(f"<article><body>{sections}</body></article>", encoding="utf-8")
    inline = "<italic>" * 3000 + "The ORR was 30% in 40 patients." + "</italic>" * 3000
    (papers / "inline.xml").write_text(f"<article><body><p>{inline}</p></body></article>", encoding="utf-8")
    (papers / "brackets.txt").write_text("(" * 20000 + " The ORR was 30% in 40 patients. " + ")" * 20000,
                                         encoding="utf-8")
    extract_folder(papers, tmp_path / "out", progress=False)
    manifest = _manifest(tmp_path / "out")
    assert {row["status"] for row in manifest.values()} == {"ok"}
    assert all(int(row["facts"]) >= 1 for row in manifest.values())


def test_regression_blank_pdf_pages_say_no_text_rather_than_ocr(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    for _ in range(5):
        pdf.add_page()
    papers = tmp_path / "papers"
    papers.mkdir()
    pdf.output(str(papers / "blank.pdf"))
    extract_folder(papers, tmp_path / "out", progress=False)
    row = _manifest(tmp_path / "out")["blank.pdf"]
    assert row["status"] == "failed" and "no text on any of the 5 pages" in row["message"]


def test_regression_output_files_follow_the_umask(tmp_path: Path) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "a.txt").write_text(DOC.format(n=20, orr=10), encoding="utf-8")
    old = os.umask(0o022)
    try:
        import importlib

        import pipeline.table

        importlib.reload(pipeline.table)  # the mode is read from the umask at import
        extract_folder(papers, tmp_path / "out", progress=False)
    finally:
        os.umask(old)
    for name in ("results.csv", "studies.csv", "errors.csv", "documents.csv"):
        assert (tmp_path / "out" / name).stat().st_mode & 0o777 == 0o644, name


@pytest.mark.slow
def test_regression_workers_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    papers = tmp_path / "papers"
    papers.mkdir()
    for i in range(6):
        (papers / f"d{i}.txt").write_text(DOC.format(n=20 + i, orr=10), encoding="utf-8")
    command = [sys.executable, str(REPO / "tests" / "fault_cli.py"), "30", "extract", str(papers), "--out",
               str(tmp_path / "out"), "--workers", "2", "--no-progress", "--no-cache"]
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: list = []
    while len(workers) < 2 and time.monotonic() < deadline:  # both workers up and busy with a 30 s document
        workers = [c for c in psutil.Process(proc.pid).children(recursive=True) if "spawn" in " ".join(c.cmdline())]
        time.sleep(0.2)
    time.sleep(3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert workers and not alive, "worker processes outlived their killed parent"
