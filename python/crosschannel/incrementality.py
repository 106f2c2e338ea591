"""The p-values of campaign incrementality, from each campaign's estimates and standard errors.

The estimates, their standard errors and intervals are SQL (int_campaigns__estimates, one home for
each formula); what needs a distribution function is here, vectorised over campaigns: the
two-sided normal p-value of each lift from the very estimate and standard error the mart's
intervals use - so a p-value under 0.05 and an interval excluding zero always agree - and the
chi-square test of the sample ratio against the planned hold-out.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from numpy.typing import ArrayLike, NDArray
from scipy import stats

FloatArray = NDArray[np.float64]


def normal_p_value(estimate: ArrayLike, std_error: ArrayLike) -> FloatArray:
    """Two-sided p-value of estimate / standard error against the standard normal (NaN without one)."""
    value, error = (np.asarray(item, dtype=float) for item in (estimate, std_error))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(error > 0, value / error, np.nan)
    return np.asarray(2 * stats.norm.sf(np.abs(z)), dtype=float)


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


def campaign_p_values(estimates: pa.Table) -> pa.Table:
    """campaign_id and the p-values of conversion lift, revenue, margin and sample ratio."""

    def column(name: str) -> FloatArray:
        return np.asarray(estimates.column(name).to_numpy(zero_copy_only=False), dtype=float)

    def nullable(values: FloatArray) -> pa.Array:
        return pa.array(values, type=pa.float64(), mask=~np.isfinite(values))

    return pa.table({
        "campaign_id": estimates.column("campaign_id"),
        "conversion_lift_p_value": nullable(
            normal_p_value(column("absolute_lift"), column("absolute_lift_std_error"))
        ),
        "revenue_lift_p_value": nullable(
            normal_p_value(column("revenue_lift_per_member"), column("revenue_lift_std_error"))
        ),
        "margin_lift_p_value": nullable(
            normal_p_value(column("margin_lift_per_member"), column("margin_lift_std_error"))
        ),
        "sample_ratio_p_value": nullable(sample_ratio_p_value(
            column("treatment_members"), column("control_members"), column("holdout_share")
        )),
    })
