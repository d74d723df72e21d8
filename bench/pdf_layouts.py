"""Facts from PDFs of the development abstracts in every test-bed layout, against the same text read as .txt.

    python bench/pdf_layouts.py --abstracts ../shared/corpus/dev_abstracts --out build/pdf_layouts

Each abstract's visible text (as the text reader sees it) is typeset by
``tests/readers/pdf_layouts.py`` in every layout, with and without line-end
hyphenation, and read back through ``read_document``. Per layout it reports the
text path's facts, the share found from the PDF with the same endpoint, value,
outcome, arm and subgroup, and the PDF's extra facts (as a share of the text
path's). Writes ``results.json`` (the table and every disagreement, with its
sentence) and ``results.md`` to ``--out``.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.extract import extract_document, visible_text  # noqa: E402
from pipeline.readers import read_document  # noqa: E402
from pipeline.types import Fact  # noqa: E402


def _test_bed():
    """tests/readers/pdf_layouts.py, loaded by path (this script has the same name)."""
    spec = importlib.util.spec_from_file_location("pdf_layout_bed", ROOT / "tests" / "readers" / "pdf_layouts.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


pdf_layouts = _test_bed()

#: Targets of issue 11, per layout.
FOUND_TARGET = 98.0
EXTRA_TARGET = 2.0

FactKey = tuple[str, str | None, str, str, float | None]


def fact_key(f: Fact) -> FactKey:
    """What must agree between the PDF and the text: endpoint, outcome, arm, subgroup, value."""
    return f.endpoint, f.outcome, f.arm, f.subgroup, None if f.stat.value is None else round(f.stat.value, 2)


def facts(path: Path) -> tuple[Counter[FactKey], dict[FactKey, str]]:
    """Fact keys of a file (a multiset) and a sentence for each."""
    found = extract_document(read_document(path))
    return Counter(map(fact_key, found)), {fact_key(f): f.sentence for f in found}


def source_text(path: Path) -> pdf_layouts.Text:
    """The abstract's visible text, one paragraph a line, first line the title."""
    return pdf_layouts.Text.parse(visible_text(read_document(path)))


def variants() -> list[tuple[str, pdf_layouts.Layout, bool]]:
    return [(f"{lay.name}{'+hyphens' if h else ''}", lay, h) for lay in pdf_layouts.LAYOUTS for h in (False, True)]


def run(abstracts: list[Path], work: Path) -> dict[str, object]:
    rows = {name: {"text_facts": 0, "found": 0, "extra": 0} for name, _, _ in variants()}
    disagreements: list[dict[str, object]] = []
    for path in abstracts:
        text = source_text(path)
        txt = work / f"{path.stem}.txt"
        txt.write_text(text.plain(), encoding="utf-8")
        want, want_sentences = facts(txt)
        for name, layout, hyphenate in variants():
            pdf = work / f"{path.stem}.pdf"
            pdf.write_bytes(pdf_layouts.render(text, layout, hyphenate))
            got, got_sentences = facts(pdf)
            row = rows[name]
            row["text_facts"] += sum(want.values())
            row["found"] += sum((want & got).values())
            row["extra"] += sum((got - want).values())
            missing, extra = want - got, got - want
            if missing or extra:
                disagreements.append({
                    "abstract": path.stem, "layout": name,
                    "missing": [[*k, want_sentences[k]] for k in sorted(missing, key=str)],
                    "extra": [[*k, got_sentences[k]] for k in sorted(extra, key=str)],
                })
    table = []
    for name, row in rows.items():
        n = row["text_facts"] or 1
        table.append({"layout": name, "text_facts": row["text_facts"],
                      "found_pct": round(100 * row["found"] / n, 1), "extra_pct": round(100 * row["extra"] / n, 1)})
    return {"abstracts": len(abstracts), "table": table, "disagreements": disagreements}


def markdown(result: dict[str, object]) -> str:
    lines = [f"{result['abstracts']} abstracts; targets: found >= {FOUND_TARGET}%, extra <= {EXTRA_TARGET}%", "",
             "| layout | text-path facts | found from PDF (%) | extra (%) | meets targets |", "|---|---|---|---|---|"]
    for row in result["table"]:
        ok = row["found_pct"] >= FOUND_TARGET and row["extra_pct"] <= EXTRA_TARGET
        lines.append(f"| {row['layout']} | {row['text_facts']} | {row['found_pct']} | {row['extra_pct']} | "
                     f"{'yes' if ok else 'no'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--abstracts", type=Path, default=ROOT / ".." / "shared" / "corpus" / "dev_abstracts")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "pdf_layouts")
    parser.add_argument("--limit", type=int, help="only the first N abstracts (sorted by name)")
    args = parser.parse_args(argv)
    logging.getLogger("fpdf").setLevel(logging.ERROR)  # glyphs DejaVu lacks (CJK) are dropped alike in every layout
    if not pdf_layouts.FONT.exists():
        print(f"error: the font {pdf_layouts.FONT} is not installed", file=sys.stderr)
        return 2
    abstracts = sorted(args.abstracts.glob("*.txt"))[: args.limit]
    if not abstracts:
        print(f"error: no .txt abstracts in {args.abstracts}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        result = run(abstracts, Path(work))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    table = markdown(result)
    (args.out / "results.md").write_text(table, encoding="utf-8")
    print(table, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
