"""crosschannel.gate: each comparison's allowed range, its tolerance and its allowance for noise."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from crosschannel.gate import Figures, GateSettings, Mean, Proportion, compare

SETTINGS = GateSettings()
LAST = date(2025, 12, 31)


def _days(rows_per_day: int, days: int, last: date = LAST) -> dict[date, int]:
    return {last - timedelta(days=back): rows_per_day for back in range(days)}


def _failed(current: Figures, published: Figures, settings: GateSettings = SETTINGS) -> list[str]:
    return [comparison.figure for comparison in compare(current, published, settings) if not comparison.passed]


def test_a_table_may_shrink_within_its_tolerance_but_not_beyond() -> None:
    published = Figures(staged_rows={"raw_crm_contacts": 10_000})
    assert _failed(Figures(staged_rows={"raw_crm_contacts": 8_100}), published) == []
    assert _failed(Figures(staged_rows={"raw_crm_contacts": 7_900}), published) == ["staged_rows.raw_crm_contacts"]
    # Growth is no loss: a network adding stores or history.
    assert _failed(Figures(staged_rows={"raw_crm_contacts": 30_000}), published) == []


def test_a_small_table_gets_its_sampling_noise_rather_than_the_tolerance() -> None:
    # 16 rows: 4 standard errors of a Poisson count (16) exceed 20% (3.2): down to 0 passes.
    published = Figures(staged_rows={"raw_stores": 16})
    assert _failed(Figures(staged_rows={"raw_stores": 1}), published) == []
    comparison = compare(Figures(staged_rows={"raw_stores": 1}), published, SETTINGS)[0]
    assert comparison.low == 0


def test_the_recent_days_of_the_published_build_are_compared_day_for_day() -> None:
    published = Figures(daily_rows={"raw_web_events": _days(100, 90)})
    half_of_last_month = {day: rows // 2 if day > LAST - timedelta(days=28) else rows for day, rows in _days(100, 90).items()}
    assert _failed(Figures(daily_rows={"raw_web_events": half_of_last_month}), published) == [
        "recent_rows.raw_web_events"
    ]
    comparison = compare(Figures(daily_rows={"raw_web_events": half_of_last_month}), published, SETTINGS)[0]
    assert (comparison.current, comparison.published, comparison.low) == (1_400, 2_800, pytest.approx(1_960))
    assert "raw_web_events: 1,400 rows dated 2025-12-04 to 2025-12-31 against 2,800" in comparison.message


def test_a_new_day_needs_a_fair_share_of_its_usual_rows() -> None:
    published = Figures(daily_rows={"raw_orders": _days(100, 60)})
    full_day = _days(100, 60) | {LAST + timedelta(days=1): 90}
    short_day = _days(100, 60) | {LAST + timedelta(days=1): 30}
    assert _failed(Figures(daily_rows={"raw_orders": full_day}), published) == []
    assert _failed(Figures(daily_rows={"raw_orders": short_day}), published) == ["day_rows.raw_orders.2026-01-01"]
    # A quiet table: 4 rows a day, none on the new day, is within noise.
    quiet = Figures(daily_rows={"raw_orders": _days(4, 60)})
    assert _failed(Figures(daily_rows={"raw_orders": _days(4, 60) | {LAST + timedelta(days=1): 0}}), quiet) == []


def test_a_share_moves_by_its_tolerance_or_its_noise_whichever_is_larger() -> None:
    published = Figures(shares={"identified_ropo_share": Proportion(2_400, 10_000)})
    assert _failed(Figures(shares={"identified_ropo_share": Proportion(2_850, 10_000)}), published) == []
    assert _failed(Figures(shares={"identified_ropo_share": Proportion(3_100, 10_000)}), published) == [
        "identified_ropo_share"
    ]
    # 25 orders: 4 standard errors of the difference are about 0.48, far above 5 points.
    small = Figures(shares={"identified_ropo_share": Proportion(6, 25)})
    assert _failed(Figures(shares={"identified_ropo_share": Proportion(12, 25)}), small) == []


def test_a_currency_new_to_the_orders_is_a_share_that_moved_from_zero() -> None:
    published = Figures(shares={"currency_share.EUR": Proportion(1_000, 1_000)})
    current = Figures(shares={"currency_share.EUR": Proportion(800, 1_000), "currency_share.USD": Proportion(200, 1_000)})
    comparisons = {comparison.figure: comparison for comparison in compare(current, published, SETTINGS)}
    assert comparisons["currency_share.USD"].published == 0
    assert not comparisons["currency_share.USD"].passed
    assert not comparisons["currency_share.EUR"].passed


def test_the_average_order_value_may_not_jump_a_hundredfold() -> None:
    published = Figures(means={"average_order_value_eur": Mean(2_400.0, 1_000_000.0, 1_000)})
    assert _failed(Figures(means={"average_order_value_eur": Mean(2_600.0, 1_000_000.0, 1_000)}), published) == []
    assert _failed(Figures(means={"average_order_value_eur": Mean(240_000.0, 1e10, 1_000)}), published) == [
        "average_order_value_eur"
    ]


def test_new_nulls_in_a_key_column_are_refused_fewer_are_not() -> None:
    published = Figures(null_shares={"stg_store__customers.loyalty_id": Proportion(4_000, 10_000)})
    assert _failed(Figures(null_shares={"stg_store__customers.loyalty_id": Proportion(10_000, 10_000)}), published) == [
        "null_share.stg_store__customers.loyalty_id"
    ]
    assert _failed(Figures(null_shares={"stg_store__customers.loyalty_id": Proportion(1_000, 10_000)}), published) == []


def test_a_figure_the_published_build_lacks_is_not_compared() -> None:
    assert compare(Figures(staged_rows={"raw_orders": 5}, shares={"online_lead_share": Proportion(1, 2)}), Figures(), SETTINGS) == []


def test_settings_come_from_the_dbt_vars_with_the_build_s_overrides(tmp_path: Path) -> None:
    (tmp_path / "dbt_project.yml").write_text(
        "name: x\nvars:\n  crosschannel__gate_volume_drop: 0.1\n  crosschannel__gate_recent_days: 14\n", encoding="utf-8"
    )
    settings = GateSettings.from_project(tmp_path, {"crosschannel__gate_share_tolerance": "0.02"})
    assert (settings.volume_drop, settings.recent_days, settings.share_tolerance) == (0.1, 14, 0.02)
    assert settings.mean_tolerance == GateSettings().mean_tolerance


def test_the_project_declares_every_tolerance(project_dir: Path) -> None:
    import yaml

    declared = yaml.safe_load((project_dir / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
    for name, default in GateSettings().__dict__.items():
        assert declared[f"crosschannel__gate_{name}"] == pytest.approx(default), name
