"""Label Studio JSON (pipeline/export/labelstudio.py): pre-annotations out, reviewed tasks back to gold."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from pipeline.export.labelstudio import LABEL_CONFIG, LabelStudioError, export_tasks, import_tasks
from pipeline.schema import ENDPOINTS, RESULTS_COLUMNS

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "corpus" / "demo"
TEXT = "Of 40 patients, the ORR was 30% and median OS was not reached."


def row(**cells: str) -> dict[str, str]:
    return dict.fromkeys(RESULTS_COLUMNS, "") | {"doc_id": "d", "not_reached": "false", "status": "extracted"} | cells


ROWS = [
    row(endpoint="n", value="40", raw="40", start="3", end="5"),
    row(endpoint="orr", value="30", raw="30%", start="28", end="31", arm="A"),
    row(endpoint="os_median", not_reached="true", raw="not reached", start="50", end="61"),
    row(endpoint="dcr", value="90", raw="ORR", start="20", end="23", status="rejected"),
]


def reviewed(tasks: list[dict]) -> list[dict]:
    """Tasks as Label Studio exports them after an annotator submitted the pre-annotations unchanged."""
    out = copy.deepcopy(tasks)
    for task in out:
        task["annotations"] = [{"id": 1, "result": task.pop("predictions")[0]["result"], "was_cancelled": False,
                                "updated_at": "2026-12-02T10:00:00Z"}]
    return out


def test_config_declares_every_endpoint_and_per_region_field() -> None:
    assert all(f'<Label value="{e}"/>' in LABEL_CONFIG for e in ENDPOINTS)
    assert LABEL_CONFIG.count('perRegion="true"') == 8


def test_export_has_one_region_per_fact_and_skips_rejected() -> None:
    (task,), missing = export_tasks(ROWS, {"d": TEXT})
    assert missing == [] and task["data"] == {"doc_id": "d", "text": TEXT}
    result = task["predictions"][0]["result"]
    labels = [r for r in result if r["type"] == "labels"]
    assert [r["value"]["labels"] for r in labels] == [["n"], ["orr"], ["os_median"]]
    assert all(TEXT[r["value"]["start"]:r["value"]["end"]] == r["value"]["text"] for r in labels)
    fields = {(r["id"], r["from_name"]): r["value"]["text"] for r in result if r["type"] == "textarea"}
    assert fields[labels[1]["id"], "arm"] == ["A"] and fields[labels[2]["id"], "value"] == ["NR"]


def test_unedited_review_gives_the_run_back_as_gold() -> None:
    tasks, _ = export_tasks(ROWS, {"d": TEXT})
    output = import_tasks(reviewed(tasks))
    assert output.problems == ()
    facts = output.docs["d"]["facts"]
    assert [(f["endpoint"], f["value"], f["arm"], f["not_reached"]) for f in facts] == [
        ("n", 40, [], False), ("orr", 30, ["A"], False), ("os_median", None, [], True)]


def test_edits_deletions_and_new_regions_come_back() -> None:
    tasks = reviewed(export_tasks(ROWS, {"d": TEXT})[0])
    result = tasks[0]["annotations"][0]["result"]
    orr = next(r["id"] for r in result if r["type"] == "labels" and r["value"]["labels"] == ["orr"])
    n = next(r["id"] for r in result if r["type"] == "labels" and r["value"]["labels"] == ["n"])
    for r in result:
        if r["id"] == orr and r["from_name"] == "arm":
            r["value"]["text"] = ["rechallenge"]
    result[:] = [r for r in result if r["id"] != n]
    result += [{"id": "new1", "from_name": "endpoint", "to_name": "text", "type": "labels",
                "value": {"start": 3, "end": 5, "text": "40", "labels": ["n"]}},
               {"id": "new1", "from_name": "value", "to_name": "text", "type": "textarea",
                "value": {"start": 3, "end": 5, "text": ["40"]}},
               {"id": "new1", "from_name": "subgroup", "to_name": "text", "type": "textarea",
                "value": {"start": 3, "end": 5, "text": ["PD-L1 positive"]}}]
    facts = import_tasks(tasks).docs["d"]["facts"]
    assert [(f["endpoint"], f["arm"], f["subgroup"]) for f in facts] == [
        ("n", [], ["PD-L1 positive"]), ("orr", ["rechallenge"], []), ("os_median", [], [])]


@pytest.mark.parametrize("change, problem", [
    (lambda t: t.pop("annotations"), "no annotation (not reviewed yet)"),
    (lambda t: t["annotations"][0].update(was_cancelled=True), "no annotation (not reviewed yet)"),
    (lambda t: t["annotations"][0]["result"][1]["value"].update(text=["thirty"]), "is not a number"),
    (lambda t: t["annotations"][0]["result"][0]["value"].update(labels=[]), "needs exactly one endpoint label"),
    (lambda t: t["annotations"][0]["result"][0]["value"].update(start=4), "not raw"),
])
def test_what_cannot_become_gold_is_named_not_dropped(change, problem: str) -> None:
    tasks = reviewed(export_tasks(ROWS[:1], {"d": TEXT})[0])
    change(tasks[0])
    output = import_tasks(tasks)
    assert any(problem in p for p in output.problems), output.problems


@pytest.mark.parametrize("tasks", [{"data": {}}, [{"id": 1}], [{"data": {"doc_id": "x"}}]])
def test_not_a_task_list_is_refused(tasks: object) -> None:
    with pytest.raises(LabelStudioError):
        import_tasks(tasks)


def test_round_trip_on_the_demo_corpus(tmp_path: Path) -> None:
    """extract -> labelstudio-export -> (submitted unchanged) -> labelstudio-import: gold equal to the run."""
    from pipeline.cli import main
    from pipeline.evaluate.gold import check_gold, load_gold
    from pipeline.evaluate.score import read_predictions, score

    run = tmp_path / "run"
    assert main(["extract", str(DEMO), "--out", str(run), "--workers", "1", "--no-progress"]) == 0
    assert main(["labelstudio-export", str(run), "--papers", str(DEMO), "--out", str(tmp_path / "ls" / "tasks.json")]) == 0
    assert (tmp_path / "ls" / "label_config.xml").read_text(encoding="utf-8") == LABEL_CONFIG
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text(encoding="utf-8"))
    (tmp_path / "export.json").write_text(json.dumps(reviewed(tasks)), encoding="utf-8")
    gold_dir = tmp_path / "gold"
    assert main(["labelstudio-import", str(tmp_path / "export.json"), "--out", str(gold_dir)]) == 0
    assert check_gold(gold_dir, DEMO) == []
    gold = load_gold(gold_dir)
    micro = score(gold, read_predictions(run / "results.csv")).micro
    assert micro.prf["attributed"].f1 == 1.0 and micro.gold == micro.predicted
