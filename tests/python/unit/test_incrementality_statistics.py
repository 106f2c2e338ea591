"""The p-values of crosschannel.incrementality against values computed by hand or by scipy directly."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pytest
from crosschannel.incrementality import (
    campaign_p_values,
    sample_ratio_p_value,
    two_proportion_p_value,
    welch_p_value,
)
from scipy import stats


def test_two_proportion_z_test_by_hand() -> None:
    # 30/200 against 10/100: pooled 40/300, z = 0.05 / sqrt(0.1333 * 0.8667 * (1/200 + 1/100)).
    z = 0.05 / math.sqrt((40 / 300) * (260 / 300) * (1 / 200 + 1 / 100))
    (p_value,) = two_proportion_p_value([30], [200], [10], [100])
    assert p_value == pytest.approx(2 * (1 - stats.norm.cdf(z)))
    assert p_value == pytest.approx(0.2298, abs=1e-4)


def test_no_conversion_anywhere_has_no_p_value() -> None:
    assert np.isnan(two_proportion_p_value([0], [50], [0], [50])[0])


def test_welch_from_sums_equals_welch_on_the_values() -> None:
    treated = np.array([0.0, 0.0, 120.0, 80.5, 0.0, 310.0])
    control = np.array([0.0, 45.0, 0.0, 0.0])
    (p_value,) = welch_p_value(
        [treated.sum()], [(treated**2).sum()], [len(treated)],
        [control.sum()], [(control**2).sum()], [len(control)],
    )
    assert p_value == pytest.approx(stats.ttest_ind(treated, control, equal_var=False).pvalue)


def test_sample_ratio_against_the_planned_holdout() -> None:
    # 900 / 100 planned at 10% control is exactly on plan; 850 / 150 is far off it.
    assert sample_ratio_p_value([900], [100], [0.1])[0] == pytest.approx(1.0)
    chi_square = (850 - 900) ** 2 / 900 + (150 - 100) ** 2 / 100
    assert sample_ratio_p_value([850], [150], [0.1])[0] == pytest.approx(stats.chi2.sf(chi_square, df=1))
    assert sample_ratio_p_value([850], [150], [0.1])[0] < 0.001


def test_campaign_p_values_returns_one_row_per_campaign_with_nulls_for_undefined() -> None:
    statistics = pa.table({
        "campaign_id": ["A", "B"],
        "holdout_share": [0.1, 0.5],
        "treatment_members": [900, 10],
        "control_members": [100, 10],
        "treatment_conversions": [30, 0],
        "control_conversions": [2, 0],
        "treatment_revenue_sum": [3000.0, 0.0],
        "treatment_revenue_squares": [600000.0, 0.0],
        "control_revenue_sum": [100.0, 0.0],
        "control_revenue_squares": [10000.0, 0.0],
        "treatment_margin_sum": [900.0, 0.0],
        "treatment_margin_squares": [54000.0, 0.0],
        "control_margin_sum": [30.0, 0.0],
        "control_margin_squares": [900.0, 0.0],
    })
    result = campaign_p_values(statistics).to_pylist()
    assert [row["campaign_id"] for row in result] == ["A", "B"]
    assert result[0]["sample_ratio_p_value"] == pytest.approx(1.0)
    assert 0 < result[0]["conversion_lift_p_value"] < 1
    assert result[1]["conversion_lift_p_value"] is None
    assert result[1]["revenue_lift_p_value"] is None
