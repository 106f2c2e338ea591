"""The p-values of crosschannel.incrementality against values computed by hand or by scipy directly."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from crosschannel.incrementality import campaign_p_values, normal_p_value, sample_ratio_p_value
from scipy import stats


def test_normal_p_value_by_hand() -> None:
    # A lift of 1.96 standard errors is significant at exactly 5%, in either direction.
    assert normal_p_value([1.959964], [1.0])[0] == pytest.approx(0.05, abs=1e-6)
    assert normal_p_value([-0.02], [0.01])[0] == pytest.approx(2 * stats.norm.sf(2.0))


def test_no_standard_error_has_no_p_value() -> None:
    assert np.isnan(normal_p_value([0.0], [0.0])[0])
    assert np.isnan(normal_p_value([0.01], [np.nan])[0])


def test_sample_ratio_against_the_planned_holdout() -> None:
    # 900 / 100 planned at 10% control is exactly on plan; 850 / 150 is far off it.
    assert sample_ratio_p_value([900], [100], [0.1])[0] == pytest.approx(1.0)
    chi_square = (850 - 900) ** 2 / 900 + (150 - 100) ** 2 / 100
    assert sample_ratio_p_value([850], [150], [0.1])[0] == pytest.approx(stats.chi2.sf(chi_square, df=1))
    assert sample_ratio_p_value([850], [150], [0.1])[0] < 0.001


def test_campaign_p_values_returns_one_row_per_campaign_with_nulls_for_undefined() -> None:
    estimates = pa.table({
        "campaign_id": ["A", "B"],
        "holdout_share": [0.1, 0.5],
        "treatment_members": [900, 10],
        "control_members": [100, 10],
        "absolute_lift": [0.02, 0.0],
        "absolute_lift_std_error": [0.01, None],
        "revenue_lift_per_member": [3.0, 0.0],
        "revenue_lift_std_error": [1.5, None],
        "margin_lift_per_member": [0.3, 0.0],
        "margin_lift_std_error": [0.3, None],
    })
    result = campaign_p_values(estimates).to_pylist()
    assert [row["campaign_id"] for row in result] == ["A", "B"]
    assert result[0]["sample_ratio_p_value"] == pytest.approx(1.0)
    assert result[0]["conversion_lift_p_value"] == pytest.approx(2 * stats.norm.sf(2.0))
    assert result[0]["revenue_lift_p_value"] == pytest.approx(2 * stats.norm.sf(2.0))
    assert result[0]["margin_lift_p_value"] == pytest.approx(2 * stats.norm.sf(1.0))
    assert result[1]["conversion_lift_p_value"] is None
    assert result[1]["revenue_lift_p_value"] is None
