"""Label Studio JSON: a run's facts as pre-annotations, and reviewed tasks back to gold.

Export writes one task per document (``data.text`` the text as read, ``data.doc_id``) whose
``predictions`` hold one region per fact: a ``labels`` result (``from_name`` ``endpoint``) over the value's
``raw`` at its offsets, and per-region ``textarea`` results with the same region ``id`` for the value and
the labels (arm, subgroup, study, outcome, CI, p), as :data:`LABEL_CONFIG` declares them. Annotators fix
regions, values and labels in the UI; import reads each task's latest annotation that was not cancelled
(a task nobody annotated is reported, not guessed) and turns every region into a gold fact.
"""
from __future__ import annotations

from typing import Mapping, Sequence

from pipeline import __version__
from pipeline.export.review import GoldOutput, gold_documents, gold_fact
from pipeline.schema import ENDPOINTS
from pipeline.types import FactStatus

Row = Mapping[str, str]
#: results.csv column -> the per-region text area holding it.
FIELDS: dict[str, str] = {"value": "value", "outcome": "outcome", "arm": "arm", "subgroup": "subgroup",
                          "study": "study", "ci_low": "ci_low", "ci_high": "ci_high", "p_value": "p"}
#: What an annotator writes in ``value`` for a median not reached.
NOT_REACHED = "NR"

LABEL_CONFIG = (
    '<View>\n  <Labels name="endpoint" toName="text">\n'
    + "".join(f'    <Label value="{e}"/>\n' for e in ENDPOINTS)
    + '  </Labels>\n  <Text name="text" value="$text"/>\n'
    + "".join(f'  <TextArea name="{name}" toName="text" perRegion="true" editable="true" maxSubmissions="1" '
              f'placeholder="{name}"/>\n' for name in FIELDS.values())
    + "</View>\n"
)


def _region(number: int, row: Row) -> list[dict]:
    start, end = int(row["start"]), int(row["end"])
    region = f"f{number}"
    cells = {**row, "value": NOT_REACHED if row["not_reached"] == "true" else row["value"]}
    results = [{"id": region, "from_name": "endpoint", "to_name": "text", "type": "labels",
                "value": {"start": start, "end": end, "text": row["raw"], "labels": [row["endpoint"]]}}]
    results += [{"id": region, "from_name": name, "to_name": "text", "type": "textarea",
                 "value": {"start": start, "end": end, "text": [cells[column]]}}
                for column, name in FIELDS.items() if cells[column]]
    return results


def export_tasks(rows: Sequence[Row], texts: Mapping[str, str]) -> tuple[list[dict], list[str]]:
    """(one task per document with text, the doc_ids whose facts were left out because the text is
    missing). Rejected facts are not pre-annotated."""
    by_doc: dict[str, list[tuple[int, Row]]] = {}
    for number, row in enumerate(rows):
        if row["status"] != FactStatus.REJECTED.value:
            by_doc.setdefault(row["doc_id"], []).append((number, row))
    tasks, missing = [], []
    for doc_id in sorted(by_doc):
        if doc_id not in texts:
            missing.append(doc_id)
            continue
        result = [item for number, row in by_doc[doc_id] for item in _region(number, row)]
        tasks.append({"id": len(tasks) + 1, "data": {"doc_id": doc_id, "text": texts[doc_id]},
                      "predictions": [{"model_version": f"ici-evidence-pipeline {__version__}", "result": result}]})
    return tasks, missing


class LabelStudioError(ValueError):
    """A task file that is not Label Studio JSON as exported; the message says where."""


def _latest_annotation(task: dict) -> dict | None:
    done = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    return max(done, key=lambda a: str(a.get("updated_at") or a.get("created_at") or "")) if done else None


def _cells(region: str, items: list[dict], where: str) -> dict[str, str]:
    """results.csv-named cells of one region from its results, or LabelStudioError."""
    labels = [i for i in items if i.get("type") == "labels"]
    if len(labels) != 1 or len(labels[0]["value"].get("labels") or []) != 1:
        raise LabelStudioError(f"{where} region {region}: needs exactly one endpoint label")
    value = labels[0]["value"]
    cells = dict.fromkeys(("study", "arm", "subgroup", "outcome", "value", "ci_low", "ci_high", "p_value"), "")
    cells |= {"endpoint": value["labels"][0], "raw": str(value.get("text", "")), "start": str(value["start"]),
              "end": str(value["end"]), "not_reached": "false"}
    columns = {name: column for column, name in FIELDS.items()}
    for item in items:
        if item.get("type") == "textarea" and item.get("from_name") in columns:
            cells[columns[item["from_name"]]] = " ".join(str(t) for t in item["value"].get("text", [])).strip()
    if cells["value"].upper() == NOT_REACHED:
        cells.update(value="", not_reached="true")
    for column in ("value", "ci_low", "ci_high"):
        try:
            float(cells[column] or 0)
        except ValueError:
            raise LabelStudioError(f"{where} region {region}: {column} {cells[column]!r} is not a number") from None
    if cells["value"] == "" and cells["not_reached"] == "false":
        raise LabelStudioError(f"{where} region {region}: no value (write {NOT_REACHED} for not reached)")
    return cells


def import_tasks(tasks: object) -> GoldOutput:
    """Gold from reviewed tasks (Label Studio's JSON export). A task without an annotation, or a region
    that is not a whole fact, is named in ``problems`` and left out; the rest is kept."""
    if not isinstance(tasks, list):
        raise LabelStudioError("not a Label Studio export: expected a JSON list of tasks")
    facts, texts, problems, reviewed = [], {}, [], []
    for i, task in enumerate(tasks):
        data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(data, dict) or "text" not in data:
            raise LabelStudioError(f"task {i + 1}: no data.text")
        doc_id = str(data.get("doc_id") or f"task_{task.get('id', i + 1)}")
        texts[doc_id] = str(data["text"])
        annotation = _latest_annotation(task)
        if annotation is None:
            problems.append(f"{doc_id}: no annotation (not reviewed yet); left out")
            continue
        reviewed.append(doc_id)
        regions: dict[str, list[dict]] = {}
        for item in annotation.get("result") or []:
            regions.setdefault(str(item.get("id")), []).append(item)
        for region, items in regions.items():
            try:
                facts.append((doc_id, gold_fact(_cells(region, items, doc_id))))
            except (LabelStudioError, KeyError, TypeError) as exc:
                problems.append(f"{exc}; left out" if isinstance(exc, LabelStudioError)
                                else f"{doc_id} region {region}: malformed ({exc}); left out")
    output = gold_documents(facts, texts, reviewed)
    return GoldOutput(docs=output.docs, problems=(*problems, *output.problems))
