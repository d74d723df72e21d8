"""Benchmark a whole run at scale: throughput, cache re-runs, memory, and cost next to bare tokenization.

    python bench/bench_scale.py [--docs N] [--shared DIR] [--profile-docs N] [--json PATH] [--keep DIR]

Builds a corpus of N documents (default 2000) by sampling the seed papers, the
demo corpus (text, HTML, JATS; not its PDF, see bench_pdf.py) and the abstracts
of ../shared/datasets/*/*.jsonl, each lightly varied (numbers nudged, sentences
of abstracts reordered) so that no two files share bytes. Then, in one process:

- a cold run with 1 worker (in process) and one with 2 workers: docs/s, MB/s,
  facts/s, and RSS (this process; for 2 workers, the parent and the largest
  worker) when 500, 1000, ... documents are done;
- a re-run with every document a cache hit, in process and as the CLI into a new
  folder, then the same CLI command again (unchanged: the stored tables are kept);
- bare spaCy tokenization (scispaCy's tokenizer on ``spacy.blank("en")``) of
  the same texts, and the ratio extraction / tokenization;
- when the ratio is over 2, a per-stage breakdown (cProfile over a sample).
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.cache import pipeline_fingerprint  # noqa: E402
from pipeline.nlp import build_nlp, get_nlp  # noqa: E402
from pipeline.readers import iter_paths, read_document  # noqa: E402
from pipeline.readers.limits import ReadLimits  # noqa: E402
from pipeline.run import extract_folder, process_file  # noqa: E402

DEFAULT_SHARED = REPO / ".." / "shared"
DEMO = REPO / "corpus" / "demo"
#: Share of the corpus drawn from the full seed papers and the demo documents; the rest are abstracts.
SEED_SHARE, DEMO_SHARE = 0.05, 0.05
_NUMBER = re.compile(r"(?<![\w.])(\d+)(\.\d+)?(?![\w.])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_MARKUP = re.compile(r"(<[^>]*>)")
#: Stages of one document for the profile: function name -> stage (cumulative time).
STAGES = {
    "read_document": "reader",
    "parse": "spaCy nlp (tokenizer, sentences, abbreviations, entity ruler)",
    "document_sentences": "sentence spans",
    "study_scopes": "attribution: study scopes",
    "find_frame": "attribution: arms frame",
    "extract_sentence": "extractors",
    "attribute_sentence": "attribution: per sentence",
    "merge_facts": "normalize and merge",
}


# ---------------------------------------------------------------- corpus


def _nudge(text: str, rng: random.Random) -> str:
    """Shift about half of the numbers by one in their last digit; markup is left alone."""
    def one(m: re.Match) -> str:
        whole, frac = m.group(1), m.group(2) or ""
        if rng.random() < 0.5:
            return m.group(0)
        if frac and len(frac) > 1:
            last = (int(frac[-1]) + rng.choice((1, 9))) % 10
            return whole + frac[:-1] + str(last)
        return str(max(1, int(whole) + rng.choice((-1, 1)))) + frac

    parts = _MARKUP.split(text)
    return "".join(p if p.startswith("<") else _NUMBER.sub(one, p) for p in parts)


def _reorder(text: str, rng: random.Random) -> str:
    """Swap two sentences after the first (the title stays first)."""
    sentences = _SENTENCE_END.split(text)
    if len(sentences) > 3:
        i, j = rng.sample(range(1, len(sentences)), 2)
        sentences[i], sentences[j] = sentences[j], sentences[i]
    return " ".join(sentences)


def _sources(shared: Path) -> tuple[list[Path], list[Path], list[str]]:
    seeds = sorted((shared / "corpus" / "seeds").glob("*.txt"))
    demo = sorted(p for p in DEMO.iterdir() if p.suffix in (".txt", ".html", ".xml"))
    abstracts = []
    for jsonl in sorted(shared.glob("datasets/*/*.jsonl")):
        with open(jsonl, encoding="utf-8") as handle:
            abstracts += [json.loads(line)["text"] for line in handle if line.strip()]
    return seeds, demo, abstracts


def build_corpus(folder: Path, docs: int, shared: Path, seed: int = 0) -> None:
    """``docs`` varied documents in ``folder``, named so that sorted order mixes the sources."""
    seeds, demo, abstracts = _sources(shared)
    if not abstracts and not seeds:
        sys.exit(f"no seed papers or dataset abstracts under {shared}")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(docs):
        pick = rng.random()
        if seeds and pick < SEED_SHARE or not abstracts:
            src = rng.choice(seeds)
            text, suffix = _nudge(src.read_text(encoding="utf-8"), rng), ".txt"
        elif pick < SEED_SHARE + DEMO_SHARE:
            src = rng.choice(demo)
            text, suffix = _nudge(src.read_text(encoding="utf-8"), rng), src.suffix
        else:
            text, suffix = _nudge(_reorder(rng.choice(abstracts), rng), rng), ".txt"
        (folder / f"doc{i:05d}{suffix}").write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- measuring


class MemorySampler(threading.Thread):
    """RSS of this process and of its children, noted when the cache holds 500, 1000, ... entries."""

    def __init__(self, cache: Path, marks: list[int]) -> None:
        super().__init__(daemon=True)
        self.cache, self.marks, self.seen = cache, sorted(marks), {}
        self.peak_parent = self.peak_worker = 0
        self._halt = threading.Event()

    def _sample(self) -> tuple[int, int]:
        me = psutil.Process()
        workers = []
        for child in me.children(recursive=True):
            try:
                workers.append(child.memory_info().rss)
            except psutil.Error:
                pass
        return me.memory_info().rss, max(workers, default=0)

    def run(self) -> None:
        while not self._halt.wait(0.25):
            parent, worker = self._sample()
            self.peak_parent, self.peak_worker = max(self.peak_parent, parent), max(self.peak_worker, worker)
            pending = [m for m in self.marks if m not in self.seen]
            if pending:
                done = sum(1 for _ in self.cache.rglob("*.pkl")) if self.cache.exists() else 0
                for mark in pending:
                    if done >= mark:
                        self.seen[mark] = (parent, worker)

    def stop(self) -> None:
        self._halt.set()
        self.join()
        parent, worker = self._sample()
        for mark in self.marks:
            self.seen.setdefault(mark, (parent, worker))


def timed_run(corpus: Path, out: Path, cache: Path, workers: int, marks: list[int]) -> dict:
    sampler = MemorySampler(cache, marks)
    sampler.start()
    start = time.perf_counter()
    summary = extract_folder(corpus, out, ReadLimits(), progress=False, workers=workers, cache_dir=cache)
    seconds = time.perf_counter() - start
    sampler.stop()
    return {
        "seconds": seconds,
        "documents": summary.documents + summary.failed,
        "failed": summary.failed,
        "facts": sum(summary.facts_per_endpoint.values()),
        "cached": summary.cached,
        "rss_mb_at": {m: [round(v / 2**20) for v in sampler.seen[m]] for m in marks},
        "peak_parent_mb": round(sampler.peak_parent / 2**20),
        "peak_worker_mb": round(sampler.peak_worker / 2**20),
    }


def cli_rerun(corpus: Path, out: Path, cache: Path) -> tuple[float, str]:
    """(seconds, the CLI's cache line): the cache is only hit while no pipeline file changed meanwhile."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(corpus), "--out", str(out), "--workers",
                           "2", "--cache-dir", str(cache), "--no-progress"], cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return seconds, next((line for line in done.stderr.splitlines() if line.startswith("cache:")), done.stderr[-200:])


def tokenization(paths: list[Path]) -> dict:
    """Reading alone, then bare scispaCy tokenization of the read texts."""
    start = time.perf_counter()
    texts = []
    for path in paths:
        try:
            texts.append(read_document(path).text)
        except Exception:  # noqa: BLE001 (a file the run records as an error has no text to tokenize)
            pass
    read_seconds = time.perf_counter() - start
    tokenizer = build_nlp().tokenizer
    start = time.perf_counter()
    tokens = sum(len(tokenizer(t)) for t in texts)
    return {"read_seconds": read_seconds, "tokenize_seconds": time.perf_counter() - start, "tokens": tokens,
            "texts": texts}


def component_times(texts: list[str]) -> dict[str, float]:
    """Seconds per spaCy component over ``texts`` (the extraction's own pipeline)."""
    nlp = get_nlp()
    times = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    for text in texts:
        start = time.perf_counter()
        doc = nlp.make_doc(text)
        times["tokenizer"] += time.perf_counter() - start
        for name, component in nlp.pipeline:
            start = time.perf_counter()
            doc = component(doc)
            times[name] += time.perf_counter() - start
    return times


def profile(paths: list[Path]) -> tuple[dict[str, float], float, list[tuple[str, float, float]]]:
    """(seconds per stage, total seconds, top functions by own time) of process_file over ``paths``."""
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for path in paths:
        process_file(path)
    profiler.disable()
    total = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    stages: dict[str, float] = {}
    for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items():
        if name in STAGES and "/pipeline/" in filename:
            stages[STAGES[name]] = stages.get(STAGES[name], 0.0) + cumulative
    top = sorted(((f"{Path(f).name}:{n}", tt, ct) for (f, _, n), (_, _, tt, ct, _) in stats.stats.items()),
                 key=lambda row: -row[1])[:15]
    return stages, total, top


# ---------------------------------------------------------------- report


def _rate(run: dict, megabytes: float) -> str:
    s = run["seconds"]
    return (f"{s:7.1f} s  {run['documents'] / s:7.1f} docs/s  {megabytes / s:5.2f} MB/s  "
            f"{run['facts'] / s:7.1f} facts/s  peak RSS parent {run['peak_parent_mb']} MB"
            + (f", worker {run['peak_worker_mb']} MB" if run["peak_worker_mb"] else ""))


def measure(work: Path, docs: int, shared: Path, profile_docs: int) -> dict:
    """Every figure of a benchmark over a corpus of ``docs`` documents built in ``work``."""
    marks = sorted({m for m in (500, 1000, 2000, docs) if m <= docs})
    corpus = work / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    build_corpus(corpus, docs, shared)
    paths = iter_paths(corpus)
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    print(f"corpus: {len(paths)} documents, {megabytes:.1f} MB in {corpus}", flush=True)
    for name in ("out1", "out2", "cache1", "cache2", "rerun"):
        shutil.rmtree(work / name, ignore_errors=True)

    one = timed_run(corpus, work / "out1", work / "cache1", 1, marks)
    two = timed_run(corpus, work / "out2", work / "cache2", 2, marks)
    same = all((work / "out1" / t).read_bytes() == (work / "out2" / t).read_bytes()
               for t in ("results.csv", "studies.csv", "errors.csv"))
    rerun = timed_run(corpus, work / "out2", work / "cache2", 2, [])
    # through the CLI: every document a cache hit into a new output folder, then the same command again (unchanged)
    hits_cli, _ = cli_rerun(corpus, work / "rerun", work / "cache2")
    rerun_cli, cache_line = cli_rerun(corpus, work / "rerun", work / "cache2")
    tok = tokenization(paths)
    fingerprint = pipeline_fingerprint()
    pipeline_fingerprint.cache_clear()
    figures = {"docs": len(paths), "megabytes": megabytes, "marks": marks, "one_worker": one, "two_workers": two,
               "identical_tables": same, "rerun_seconds": rerun["seconds"], "cache_hits_cli_seconds": hits_cli,
               "rerun_cli_seconds": rerun_cli,
               "rerun_cli_line": cache_line, "read_seconds": tok["read_seconds"],
               "tokenize_seconds": tok["tokenize_seconds"], "tokens": tok["tokens"],
               "ratio": one["seconds"] / tok["tokenize_seconds"], "speedup_two_workers": one["seconds"] / two["seconds"],
               "code_changed_meanwhile": pipeline_fingerprint() != fingerprint}
    if figures["ratio"] > 2:
        sample = paths[:profile_docs]
        stages, total, top = profile(sample)
        figures.update(profile_docs=len(sample), profile_seconds=total, stages=stages,
                       components=component_times(tok["texts"][: len(sample)]), top=top)
    for run in (one, two):
        run["rss_mb_at"] = {str(k): v for k, v in run["rss_mb_at"].items()}
    return figures


def print_figures(figures: dict) -> None:
    """The figures as text."""
    one, two, megabytes = figures["one_worker"], figures["two_workers"], figures["megabytes"]
    if figures["code_changed_meanwhile"]:
        print("warning: pipeline files changed during the benchmark (someone edited the tree): the runs "
              "compared below used different code, and cache hits across them are lost")
    print(f"1 worker : {_rate(one, megabytes)}")
    print(f"2 workers: {_rate(two, megabytes)}  (tables identical to 1 worker: {figures['identical_tables']}; "
          f"{figures['speedup_two_workers']:.2f}x one worker)")
    print(f"all cache hits: {figures['rerun_seconds']:.2f} s in process, {figures['cache_hits_cli_seconds']:.2f} s as "
          f"the CLI into a new folder; unchanged re-run of the CLI: {figures['rerun_cli_seconds']:.2f} s "
          f"(interpreter start included; {figures['rerun_cli_line']})")
    print(f"reading alone: {figures['read_seconds']:.1f} s; bare tokenization: {figures['tokenize_seconds']:.1f} s "
          f"({figures['tokens']} tokens); extraction / tokenization = {figures['ratio']:.1f}")
    print("RSS (MB) when N documents were done:  N  1 worker | 2 workers: parent, largest worker")
    for m in figures["marks"]:
        a, b = one["rss_mb_at"][str(m)], two["rss_mb_at"][str(m)]
        print(f"  {m:6d}  {a[0]:6d} | {b[0]:6d}, {b[1]:6d}")
    if "stages" in figures:
        print(f"\nwhere process_file spends its time on {figures['profile_docs']} documents "
              f"({figures['profile_seconds']:.1f} s, cProfile on, so slower than above; stages overlap where one "
              "calls another)")
        for stage, seconds in sorted(figures["stages"].items(), key=lambda kv: -kv[1]):
            print(f"  {seconds:7.2f} s  {seconds / figures['profile_seconds']:6.1%}  {stage}")
        print("  spaCy components (no profiler):")
        for name, seconds in figures["components"].items():
            print(f"  {seconds:7.2f} s  {name}")
        print("  top functions by own time:")
        for name, own, cumulative in figures["top"]:
            print(f"  {own:7.2f} s own, {cumulative:7.2f} s cumulative  {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents in the corpus (default: 2000)")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (seeds, datasets)")
    parser.add_argument("--profile-docs", type=int, default=300, help="documents profiled when over target")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    parser.add_argument("--keep", type=Path, default=None, help="build the corpus and outputs here and keep them")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"error: {args.shared} not found (the seeds and datasets are read from it)", file=sys.stderr)
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        figures = measure(work, args.docs, args.shared, args.profile_docs)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print_figures(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
