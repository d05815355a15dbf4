"""Calibration on a hand-computed example, aggregation flags, and agreement figures on known matrices."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ideas.review.calibration import aggregate, calibrate, icc1, krippendorff_alpha_interval, matrix


def _frame(rows):
    return pd.DataFrame(rows, columns=["idea_id", "reviewer_id", "total"]).astype({"total": float})


def test_calibration_hand_computed():
    # Harsh reviewer 1: 40, 60 (mean 50, sd 10); lenient reviewer 2: 70, 90 (mean 80, sd 10).
    # Overall: mean 65, population sd sqrt(((-25)^2 + (-5)^2 + 5^2 + 25^2) / 4) = sqrt(325) = 18.0278.
    # Both reviewers give z = -1 to idea 1 and +1 to idea 2, so calibrated = 65 -/+ 18.0278.
    scores = _frame([(1, 1, 40), (2, 1, 60), (1, 2, 70), (2, 2, 90)])
    frame = calibrate(scores)
    sd = math.sqrt(325)
    assert list(frame["z"]) == pytest.approx([-1, 1, -1, 1])
    assert list(frame["calibrated"]) == pytest.approx([65 - sd, 65 + sd, 65 - sd, 65 + sd])
    agg = aggregate(scores).set_index("idea_id")
    assert agg.loc[1, "mean"] == pytest.approx(55) and agg.loc[2, "mean"] == pytest.approx(75)
    assert agg.loc[1, "calibrated_mean"] == pytest.approx(46.9722, abs=1e-4)
    assert agg.loc[2, "calibrated_mean"] == pytest.approx(83.0278, abs=1e-4)
    assert agg.loc[1, "range"] == 30 and agg.loc[1, "std"] == pytest.approx(15)
    assert bool(agg.loc[1, "disagreement"]) is True
    assert agg.loc[1, "median"] == pytest.approx(55)


def test_single_score_reviewer_keeps_raw_and_constant_reviewer_is_shifted():
    scores = _frame([(1, 1, 40), (2, 1, 60), (1, 2, 70), (2, 2, 70), (3, 3, 55)])
    frame = calibrate(scores).set_index(["idea_id", "reviewer_id"])
    assert frame.loc[(3, 3), "calibrated"] == 55
    overall = scores["total"].mean()
    assert frame.loc[(1, 2), "calibrated"] == pytest.approx(overall)  # 70 - 70 + overall mean


def test_no_disagreement_below_thresholds():
    agg = aggregate(_frame([(1, 1, 60), (1, 2, 70)]))
    assert bool(agg.iloc[0]["disagreement"]) is False
    agg = aggregate(_frame([(1, 1, 60), (1, 2, 70)]), disagreement_range=5)
    assert bool(agg.iloc[0]["disagreement"]) is True


def test_krippendorff_alpha_interval_reference_example():
    # Krippendorff (2011) reliability data, 4 coders x 12 units with gaps: interval alpha = 0.849.
    nan = np.nan
    coders = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
              [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
              [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
              [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    assert krippendorff_alpha_interval(np.array(coders).T) == pytest.approx(0.849, abs=1e-3)


def test_icc1_shrout_fleiss_example():
    # Shrout & Fleiss (1979), 6 targets x 4 judges: ICC(1,1) = 0.17.
    data = np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]])
    assert icc1(data) == pytest.approx(0.17, abs=0.01)


def test_perfect_agreement_and_undefined_cases():
    scores = _frame([(1, 1, 40), (1, 2, 40), (2, 1, 80), (2, 2, 80)])
    assert krippendorff_alpha_interval(matrix(scores)) == pytest.approx(1.0)
    assert krippendorff_alpha_interval(np.array([[1.0, np.nan]])) is None
    assert icc1(np.array([[1.0, 2.0]])) is None
