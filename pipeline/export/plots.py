"""Plots of a run (matplotlib, PNG and SVG): a forest plot of the hazard ratios with their CI, and bars of
the response and disease control rates per arm with their CI (as written, else Wilson's from the counts).

Built from meta.csv's rows; the SVG carries no date and fixed ids, so the same table gives the same files.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.table import atomic_file

#: Rows one figure shows; a larger run's figure says how many it left out.
MAX_ROWS = 60
#: Characters of a row label; a longer one (a subgroup written out in full) is cut with an ellipsis.
MAX_LABEL = 70
#: Ticks of the log axis, written as plain numbers.
HR_TICKS = (0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20)
RATES = ("orr", "dcr")


@dataclass(frozen=True, kw_only=True)
class Estimate:
    """One row of a plot: a label, the value and its interval (``None`` when unknown)."""

    label: str
    value: float
    low: float | None
    high: float | None


def _number(text: str) -> float | None:
    return float(text) if text else None


def _who(row: dict[str, str]) -> str:
    return " / ".join(p for p in (row["arm"], row["subgroup"]) if p) or "whole cohort"


def wilson(events: int, total: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval of a proportion, in percent."""
    p = events / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return 100 * (centre - half), 100 * (centre + half)


def hazard_ratios(meta: pd.DataFrame) -> list[Estimate]:
    rows = meta[(meta["measure"] == "HR") & (meta["value"] != "")]
    return [Estimate(label=f"{r['study_label']} · {_who(r)} · {r['outcome'].upper() or 'HR'}", value=float(r["value"]),
                     low=_number(r["ci_low"]), high=_number(r["ci_high"]))
            for r in rows.to_dict("records") if float(r["value"]) > 0]


def rates(meta: pd.DataFrame) -> list[Estimate]:
    rows = meta[meta["endpoint"].isin(RATES) & (meta["value"] != "")]
    out = []
    for r in rows.to_dict("records"):  # plain rows: iterrows cost a second on a large run
        low, high = _number(r["ci_low"]), _number(r["ci_high"])
        if low is None and r["events_from"] == "counts":
            low, high = wilson(int(r["events"]), int(r["total"]))
        out.append(Estimate(label=f"{r['study_label']} · {_who(r)} · {r['endpoint'].upper()}", value=float(r["value"]),
                            low=low, high=high))
    return out


def _figure(estimates: list[Estimate], xlabel: str, log: bool):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "ici-evidence"  # fixed ids: same table, same SVG
    shown = estimates[:MAX_ROWS]
    fig, ax = plt.subplots(figsize=(9, 0.32 * len(shown) + 1.4))
    ys = list(range(len(shown)))[::-1]
    for y, e in zip(ys, shown):
        if e.low is not None and e.high is not None:
            ax.plot([e.low, e.high], [y, y], color="#33658a", linewidth=1.4)
        ax.plot([e.value], [y], marker="s" if log else "o", color="#2f4858", markersize=5)
    ax.set_yticks(ys, [e.label if len(e.label) <= MAX_LABEL else e.label[:MAX_LABEL - 1] + "…" for e in shown],
                  fontsize=7)
    ax.set_xlabel(xlabel)
    if log:
        ax.set_xscale("log")
        ax.axvline(1.0, color="#999999", linestyle="--", linewidth=0.8)
        low = min(min(e.value, e.low or e.value) for e in shown)
        high = max(max(e.value, e.high or e.value) for e in shown)
        ticks = [t for t in HR_TICKS if low / 1.5 <= t <= high * 1.5]
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
        ax.minorticks_off()
    else:
        ax.set_xlim(0, 100)
    if len(estimates) > len(shown):
        ax.set_title(f"first {len(shown)} of {len(estimates)} (all are in meta.csv)", fontsize=8)
    fig.tight_layout()
    return fig, plt


def write_plots(meta: pd.DataFrame, folder: Path) -> list[Path]:
    """forest_hr and rates as PNG and SVG under ``folder`` (a plot without rows is not drawn); the paths written."""
    written = []
    for name, estimates, xlabel, log in (
        ("forest_hr", hazard_ratios(meta), "hazard ratio (95% CI), log scale", True),
        ("rates", rates(meta), "rate, % (95% CI)", False),
    ):
        formats = (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None}))
        if not estimates:  # an earlier run's plot must not stand for this run
            for suffix, _ in formats:
                (folder / f"{name}.{suffix}").unlink(missing_ok=True)
            continue
        fig, plt = _figure(estimates, xlabel, log)
        for suffix, metadata in formats:
            path = folder / f"{name}.{suffix}"
            with atomic_file(path, suffix=f".{suffix}") as tmp:
                fig.savefig(tmp, format=suffix, dpi=110, metadata=metadata)
            written.append(path)
        plt.close(fig)
    return written
