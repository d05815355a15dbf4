"""Aggregation and calibration of reviewers' totals, and inter-rater agreement (Krippendorff's alpha, ICC(1)).

Calibration: each reviewer's totals are turned into z-scores against that reviewer's own mean and
standard deviation over the campaign, then mapped back onto the campaign's overall scale
(calibrated = overall_mean + z * overall_std). A harsh and a lenient reviewer then weigh alike.
Standard deviations are population ones (ddof=0). A reviewer with fewer than 2 scores keeps raw totals
(no spread to normalise by); one whose totals are all equal is only shifted by the mean difference.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core.models import Idea, RubricCriterion, ScoreItem, ScoreSheet

DEFAULT_DISAGREEMENT_RANGE = 20.0
DEFAULT_DISAGREEMENT_STD = 10.0


def score_rows(session: Session, campaign_id: int, reviewer_ids: list[int] | None = None) -> pd.DataFrame:
    """One row per score sheet of the campaign's ideas: idea_id, reviewer_id, total (float)."""
    query = (select(ScoreSheet.idea_id, ScoreSheet.reviewer_id, ScoreSheet.total)
             .join(Idea, Idea.id == ScoreSheet.idea_id).where(Idea.campaign_id == campaign_id)
             .order_by(ScoreSheet.idea_id, ScoreSheet.reviewer_id))
    if reviewer_ids is not None:
        query = query.where(ScoreSheet.reviewer_id.in_(reviewer_ids or [-1]))
    frame = pd.DataFrame(session.execute(query).all(), columns=["idea_id", "reviewer_id", "total"])
    frame["total"] = frame["total"].astype(float)
    return frame


def novelty_means(session: Session, idea_ids: list[int]) -> dict[int, float]:
    """Mean points on the novelty criterion per idea (SQL AVG)."""
    from sqlalchemy import func

    rows = session.execute(
        select(ScoreSheet.idea_id, func.avg(ScoreItem.points))
        .join(ScoreItem, ScoreItem.sheet_id == ScoreSheet.id)
        .join(RubricCriterion, RubricCriterion.id == ScoreItem.criterion_id)
        .where(RubricCriterion.is_novelty.is_(True), ScoreSheet.idea_id.in_(idea_ids or [-1]))
        .group_by(ScoreSheet.idea_id)
    ).all()
    return {idea_id: float(value) for idea_id, value in rows}


def calibrate(scores: pd.DataFrame) -> pd.DataFrame:
    """Add z and calibrated columns to (idea_id, reviewer_id, total) rows."""
    frame = scores.copy()
    if frame.empty:
        return frame.assign(z=pd.Series(dtype=float), calibrated=pd.Series(dtype=float))
    overall_mean = float(frame["total"].mean())
    overall_std = float(frame["total"].std(ddof=0))
    grouped = frame.groupby("reviewer_id")["total"]
    r_mean = grouped.transform("mean")
    r_std = grouped.transform(lambda s: s.std(ddof=0))
    r_n = grouped.transform("count")
    z = (frame["total"] - r_mean) / r_std.where(r_std > 0)
    frame["z"] = z.where(r_n >= 2)
    calibrated = overall_mean + frame["z"] * overall_std
    shifted = frame["total"] - r_mean + overall_mean
    calibrated = calibrated.where(r_std > 0, shifted)
    frame["calibrated"] = calibrated.where(r_n >= 2, frame["total"])
    return frame


def aggregate(scores: pd.DataFrame, *, disagreement_range: float = DEFAULT_DISAGREEMENT_RANGE,
              disagreement_std: float = DEFAULT_DISAGREEMENT_STD) -> pd.DataFrame:
    """Per idea: n, mean, median, std, range, calibrated mean, disagreement flag."""
    columns = ["idea_id", "n", "mean", "median", "std", "range", "calibrated_mean", "disagreement"]
    if scores.empty:
        return pd.DataFrame(columns=columns)
    frame = calibrate(scores)
    grouped = frame.groupby("idea_id")
    result = pd.DataFrame({
        "n": grouped["total"].count(),
        "mean": grouped["total"].mean(),
        "median": grouped["total"].median(),
        "std": grouped["total"].agg(lambda s: float(s.std(ddof=0))),
        "range": grouped["total"].max() - grouped["total"].min(),
        "calibrated_mean": grouped["calibrated"].mean(),
    }).reset_index()
    result["disagreement"] = (result["range"] > disagreement_range) | (result["std"] > disagreement_std)
    return result[columns]


def matrix(scores: pd.DataFrame) -> np.ndarray:
    """Ideas x reviewers matrix of totals with NaN where a reviewer did not score."""
    if scores.empty:
        return np.empty((0, 0))
    return scores.pivot_table(index="idea_id", columns="reviewer_id", values="total", aggfunc="mean").to_numpy(float)


def _pair_square_sums(count: np.ndarray, total: np.ndarray, squares: np.ndarray) -> np.ndarray:
    """Sum over ordered pairs (i, j) of (x_i - x_j)^2 = 2 m sum(x^2) - 2 (sum x)^2, without the m x m matrix."""
    return 2 * count * squares - 2 * total ** 2


def krippendorff_alpha_interval(data: np.ndarray) -> float | None:
    """Krippendorff's alpha (interval metric) of a units x coders matrix; NaN = missing. None when undefined.

    Linear in the number of values: a province campaign has tens of thousands of scores, and the
    textbook pairwise matrix would need n^2 memory.
    """
    data = np.asarray(data, dtype=float)
    if data.ndim != 2 or data.size == 0:
        return None
    present = ~np.isnan(data)
    count = present.sum(axis=1)
    pairable = count >= 2
    values = np.where(present, data, 0.0)[pairable]
    count = count[pairable]
    n = int(count.sum())
    if n < 2:
        return None
    totals, squares = values.sum(axis=1), (values ** 2).sum(axis=1)
    observed = float((_pair_square_sums(count, totals, squares) / (count - 1)).sum()) / n
    expected = float(_pair_square_sums(n, totals.sum(), squares.sum())) / (n * (n - 1))
    if expected <= 1e-12:
        return None
    return float(1 - observed / expected)


def icc1(data: np.ndarray) -> float | None:
    """ICC(1) (one-way random effects, single rater; Shrout & Fleiss) on the complete rows of the matrix."""
    data = np.asarray(data, dtype=float)
    if data.ndim != 2 or data.size == 0:
        return None
    complete = data[~np.isnan(data).any(axis=1)]
    n, k = complete.shape if complete.size else (0, data.shape[1])
    if n < 2 or k < 2:
        return None
    grand = complete.mean()
    ms_between = k * ((complete.mean(axis=1) - grand) ** 2).sum() / (n - 1)
    ms_within = ((complete - complete.mean(axis=1, keepdims=True)) ** 2).sum() / (n * (k - 1))
    denominator = ms_between + (k - 1) * ms_within
    if denominator == 0:
        return None
    return float((ms_between - ms_within) / denominator)
