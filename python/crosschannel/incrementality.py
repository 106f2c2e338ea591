"""The p-values of campaign incrementality, from each campaign's sufficient statistics.

Confidence intervals, lifts and iROAS are plain arithmetic and live in SQL
(mart_campaign_incrementality); what needs a distribution function is here, vectorised over
campaigns: the two-proportion z-test of the conversion lift, Welch's t-test of revenue and
margin per member, and the chi-square test of the sample ratio against the planned hold-out.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from numpy.typing import ArrayLike, NDArray
from scipy import stats

FloatArray = NDArray[np.float64]


def two_proportion_p_value(
    conversions_treatment: ArrayLike, members_treatment: ArrayLike,
    conversions_control: ArrayLike, members_control: ArrayLike,
) -> FloatArray:
    """Two-sided p-value of the pooled two-proportion z-test (NaN without members or variance)."""
    x_t, n_t, x_c, n_c = (np.asarray(value, dtype=float) for value in (
        conversions_treatment, members_treatment, conversions_control, members_control
    ))
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (x_t + x_c) / (n_t + n_c)
        z = (x_t / n_t - x_c / n_c) / np.sqrt(pooled * (1 - pooled) * (1 / n_t + 1 / n_c))
    return np.asarray(2 * stats.norm.sf(np.abs(z)), dtype=float)


def welch_p_value(
    sum_treatment: ArrayLike, squares_treatment: ArrayLike, members_treatment: ArrayLike,
    sum_control: ArrayLike, squares_control: ArrayLike, members_control: ArrayLike,
) -> FloatArray:
    """Two-sided p-value of Welch's t-test on means given by sums and sums of squares."""
    s_t, q_t, n_t, s_c, q_c, n_c = (np.asarray(value, dtype=float) for value in (
        sum_treatment, squares_treatment, members_treatment, sum_control, squares_control, members_control
    ))
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_t, mean_c = s_t / n_t, s_c / n_c
        var_t = np.maximum(q_t - n_t * mean_t**2, 0) / (n_t - 1)
        var_c = np.maximum(q_c - n_c * mean_c**2, 0) / (n_c - 1)
        result = stats.ttest_ind_from_stats(
            mean_t, np.sqrt(var_t), n_t, mean_c, np.sqrt(var_c), n_c, equal_var=False
        )
    return np.asarray(result.pvalue, dtype=float)


def sample_ratio_p_value(
    members_treatment: ArrayLike, members_control: ArrayLike, holdout_share: ArrayLike
) -> FloatArray:
    """Chi-square goodness-of-fit p-value of the group sizes against the planned hold-out share."""
    n_t, n_c, share = (np.asarray(value, dtype=float) for value in (
        members_treatment, members_control, holdout_share
    ))
    total = n_t + n_c
    with np.errstate(divide="ignore", invalid="ignore"):
        expected_t, expected_c = total * (1 - share), total * share
        chi_square = (n_t - expected_t) ** 2 / expected_t + (n_c - expected_c) ** 2 / expected_c
    return np.asarray(stats.chi2.sf(chi_square, df=1), dtype=float)


def campaign_p_values(statistics: pa.Table) -> pa.Table:
    """campaign_id and the p-values of conversion lift, revenue, margin and sample ratio."""
    column = {name: statistics.column(name).to_numpy(zero_copy_only=False) for name in statistics.column_names}

    def welch(measure: str) -> FloatArray:
        return welch_p_value(
            column[f"treatment_{measure}_sum"], column[f"treatment_{measure}_squares"], column["treatment_members"],
            column[f"control_{measure}_sum"], column[f"control_{measure}_squares"], column["control_members"],
        )

    def nullable(values: FloatArray) -> pa.Array:
        return pa.array(values, type=pa.float64(), mask=~np.isfinite(values))

    return pa.table({
        "campaign_id": statistics.column("campaign_id"),
        "conversion_lift_p_value": nullable(two_proportion_p_value(
            column["treatment_conversions"], column["treatment_members"],
            column["control_conversions"], column["control_members"],
        )),
        "revenue_lift_p_value": nullable(welch("revenue")),
        "margin_lift_p_value": nullable(welch("margin")),
        "sample_ratio_p_value": nullable(sample_ratio_p_value(
            column["treatment_members"], column["control_members"], column["holdout_share"]
        )),
    })
