"""The report's figures, as PNG files: scores per task with their intervals, a heatmap of agents x
tasks, and the cost (or tokens) against score Pareto plot."""

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: reports are files, never windows
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

__all__ = ["pareto_front", "write_figures"]


def write_figures(summary: pd.DataFrame, overall: pd.DataFrame, out_dir: Path) -> list[tuple[str, str]]:
    """scores.png (per task, with intervals), heatmap.png (agents x tasks) and pareto.png (cost or tokens
    against the headline score); returns (file, caption) pairs."""
    primary = summary[summary["primary"]].copy()
    primary["runner"] = primary["agent"] + np.where(
        primary["model"].nunique() > 1, "\n" + primary["model"].str.split("/").str[-1], ""
    )
    primary["cell"] = primary["task"] + " " + primary["task_version"].astype(str)
    figures = [("scores.png", "Mean score per task with its clustered 95% interval")]
    cells = sorted(primary["cell"].unique())
    columns = min(4, len(cells))
    fig, axes = plt.subplots(
        math.ceil(len(cells) / columns),
        columns,
        figsize=(4.2 * columns, 3.2 * math.ceil(len(cells) / columns)),
        squeeze=False,
    )
    for ax, cell in zip(axes.flat, cells):
        rows = primary[primary["cell"] == cell].sort_values("runner")
        low = (rows["score"] - rows["ci_low"]).fillna(0).clip(lower=0)
        high = (rows["ci_high"] - rows["score"]).fillna(0).clip(lower=0)
        ax.bar(rows["runner"], rows["score"], yerr=[low, high], capsize=4, color="#4C72B0")
        ax.set_ylim(0, 1.05)
        ax.set_title(cell, fontsize=9)
        ax.tick_params(axis="x", labelsize=7, rotation=30)
    for ax in list(axes.flat)[len(cells) :]:
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(out_dir / "scores.png", dpi=110)
    plt.close(fig)

    grid = primary.pivot_table(index="runner", columns="cell", values="score", aggfunc="mean")
    fig, ax = plt.subplots(figsize=(1.2 + 1.1 * len(grid.columns), 1.0 + 0.5 * len(grid.index)))
    image = ax.imshow(grid.to_numpy(dtype=float), vmin=0, vmax=1, cmap="viridis", aspect="auto")
    ax.set_xticks(range(len(grid.columns)), grid.columns, rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(len(grid.index)), [i.replace("\n", " ") for i in grid.index], fontsize=8)
    for (i, j), value in np.ndenumerate(grid.to_numpy(dtype=float)):
        if not math.isnan(value):
            ax.text(
                j,
                i,
                f"{value:.2f}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if value < 0.6 else "black",
            )
    fig.colorbar(image, ax=ax, label="mean score")
    fig.tight_layout()
    fig.savefig(out_dir / "heatmap.png", dpi=110)
    plt.close(fig)
    figures.append(("heatmap.png", "Mean score per agent and task (blank: not run)"))

    if not overall.empty:
        priced = overall["mean_cost"].notna().all() and (overall["mean_cost"] > 0).any()
        x_column, label = (
            ("mean_cost", "cost per sample ($)") if priced else ("mean_tokens", "tokens per sample")
        )
        fig, ax = plt.subplots(figsize=(5.5, 4))
        ax.scatter(overall[x_column], overall["score"], color="#C44E52")
        for r in overall.itertuples(index=False):
            ax.annotate(
                f"{r.agent} ({r.model.split('/')[-1]})",
                (getattr(r, x_column), r.score),
                fontsize=7,
                xytext=(4, 4),
                textcoords="offset points",
            )
        front = pareto_front(overall[x_column].to_numpy(float), overall["score"].to_numpy(float))
        ax.plot(overall[x_column].to_numpy()[front], overall["score"].to_numpy()[front], "--", color="grey")
        ax.set_xlabel(label)
        ax.set_ylabel("headline mean score")
        ax.set_ylim(0, 1.05)
        fig.tight_layout()
        fig.savefig(out_dir / "pareto.png", dpi=110)
        plt.close(fig)
        figures.append(
            ("pareto.png", f"Headline score against {label}; the dashed line joins the Pareto front")
        )
    return figures


def pareto_front(cost: np.ndarray, score: np.ndarray) -> list[int]:
    """Indices of the points no other point beats on both (lower cost, higher score), by cost."""
    order = sorted(range(len(cost)), key=lambda i: (cost[i], -score[i]))
    front, best = [], -math.inf
    for i in order:
        if score[i] > best:
            front.append(i)
            best = score[i]
    return front
