"""A generated world of 100,000 persons (default noise, seed 7), built once for every measure taken
at that size: identity against the truth, retargeting against the truth's intenders, the look-alike
cohorts' backtest against what the truth's persons bought, and the uplift model against random
targeting on campaigns it never saw. --dist=loadfile keeps this file's tests
on one worker, so the world is generated and built once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pytest
from crosschannel.audience_report import audience_report
from crosschannel.generator import generate
from crosschannel.identity_report import identity_report
from crosschannel.runner import raw_files_vars, run_dbt
from partial_parse import database_in
from test_activation import RETARGETING_TARGET
from test_identity import IDENTITY_MODELS, PRECISION_TARGET, RECALL_TARGET_100K, RECALL_WITHIN_REACH_TARGET
from uplift_qini import model_qini, random_targeting_qinis, read_uplift_members

pytestmark = pytest.mark.slow  # builds a generated world: out of the fast loop

# The look-alike's holdout AUC must stay above this (a random guess is 0.5).
LOOKALIKE_AUC_AT_100K = 0.70


@pytest.fixture(scope="module")
def world(project_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(database, truth folder) of the 100k world, built up to the identity marts, the audiences and
    the uplift model's evaluation."""
    folder = tmp_path_factory.mktemp("world_100k")
    generate(persons=100_000, seed=7, out_dir=folder / "raw", file_format="parquet")
    database = database_in(folder)
    models = (
        IDENTITY_MODELS, "dim_customer_cookies", "+mart_audiences", "+mart_lookalike_cohorts",
        "mart_lookalike_evaluation", "+mart_uplift_evaluation",
    )
    run = run_dbt(
        ["build", "--resource-type", "seed", "--resource-type", "model", "--select", *models],
        project_dir,
        database,
        raw_files_vars(folder / "raw"),
    )
    assert run.success, run.error
    yield database, folder / "raw" / "truth"


def test_one_hundred_thousand_persons_recover_the_truth(world: tuple[Path, Path]) -> None:
    report = identity_report(*world)
    assert report.precision >= PRECISION_TARGET
    assert report.recall >= RECALL_TARGET_100K
    assert report.recall_within_reach >= RECALL_WITHIN_REACH_TARGET
    assert report.largest_customer_records <= 40


def test_retargeting_holds_the_truths_intenders_at_one_hundred_thousand_persons(world: tuple[Path, Path]) -> None:
    report = audience_report(*world, "retargeting")
    assert report.true_intenders > 10_000
    assert report.precision >= RETARGETING_TARGET and report.recall >= RETARGETING_TARGET


def test_lookalike_tells_the_seed_audience_from_customers_it_never_saw(world: tuple[Path, Path]) -> None:
    database, _ = world
    with duckdb.connect(str(database), read_only=True) as con:
        (seed_category, auc, holdout_buyers) = con.execute(
            "select seed_category, auc, holdout_seed_buyers from marts.mart_lookalike_evaluation"
        ).fetchone()
    # Measured: 0.744 on 563 holdout buyers (0.742 on 521 with the holdout drawn before the models
    # were kept); the AUC's standard error at this size is about 0.012.
    assert seed_category == "beach" and holdout_buyers > 400
    assert auc > LOOKALIKE_AUC_AT_100K


def test_lookalike_cohorts_convert_above_random_at_one_hundred_thousand_persons(world: tuple[Path, Path]) -> None:
    database, truth = world
    with duckdb.connect(str(database), read_only=True) as con:
        cohorts = con.execute(
            """
            select lookalike_decile, backtest_members, backtest_converters, random_members, random_converters,
                conversion_rate_ratio, conversion_rate_ratio_ci_low, conversion_rate_ratio_ci_high, backtest_verdict
            from marts.mart_lookalike_cohorts order by lookalike_decile
            """
        ).fetchall()
        # The truth's view of the same backtest: every subject the look-alike ranked then (anonymous
        # cookies too) stands for its person; a person converts with a confirmed order of the seed
        # category in the window.
        true_rates = {
            (group, measure): rate
            for group, measure, rate in con.execute(
                """
                with
                identity as (select record_type, record_id, person_id from read_csv(?, all_varchar = true)),
                truth_orders as (
                    select truth.person_id, truth.order_id from read_csv(?, all_varchar = true) as truth
                ),
                cutoffs as (
                    select
                        max(cutoff_date) filter (where cutoff_role = 'backtest') as backtest_cutoff,
                        max(cutoff_date) filter (where cutoff_role = 'scoring') as window_end
                    from intermediate.int_scores__lookalike_cutoffs
                ),
                customer_persons as (
                    select records.customer_id, min(identity.person_id) as person_id
                    from marts.dim_customer_source_records as records
                    inner join identity on records.source_record_id = identity.record_id
                    group by records.customer_id
                ),
                subjects as (
                    select
                        coalesce(cookie.person_id, customer_persons.person_id) as person_id,
                        case when deciles.lookalike_decile <= 3 then 'closest_deciles' else 'other_deciles' end as grp
                    from intermediate.int_scores__lookalike_deciles as deciles
                    left join identity as cookie
                        on deciles.subject_type = 'cookie' and cookie.record_type = 'cookie'
                        and deciles.subject_id = cookie.record_id
                    left join customer_persons
                        on deciles.subject_type = 'customer' and deciles.subject_id = customer_persons.customer_id
                    where deciles.cutoff_role = 'backtest' and deciles.lookalike_decile is not null
                ),
                person_orders as (
                    select
                        truth_orders.person_id,
                        orders.product_category = (select min(seed_category) from marts.mart_lookalike_cohorts)
                            as is_seed_category,
                        timezone('Europe/Paris', orders.ordered_at)::date as order_date
                    from truth_orders
                    inner join intermediate.int_sales__orders_enriched as orders using (order_id)
                    where orders.order_status = 'confirmed'
                ),
                prospects as (
                    select distinct subjects.person_id, subjects.grp
                    from subjects cross join cutoffs
                    where not exists (
                        select 1 from person_orders
                        where person_orders.person_id = subjects.person_id
                            and person_orders.order_date < cutoffs.backtest_cutoff
                    )
                )
                select grp, 'bought_seed_category' as measure, avg(case when exists (
                    select 1 from person_orders cross join cutoffs
                    where person_orders.person_id = prospects.person_id and person_orders.is_seed_category
                        and person_orders.order_date >= cutoffs.backtest_cutoff
                        and person_orders.order_date < cutoffs.window_end
                ) then 1.0 else 0.0 end)
                from prospects
                group by grp
                union all
                -- A true look-alike: a person whose favourite category is the seed category.
                select subjects.grp, 'true_lookalike', avg(case when persons.favourite_category = (
                    select min(seed_category) from marts.mart_lookalike_cohorts
                ) then 1.0 else 0.0 end)
                from subjects
                inner join read_csv(?, all_varchar = true) as persons using (person_id)
                group by subjects.grp
                """,
                [str(truth / "identity.csv"), str(truth / "orders.csv"), str(truth / "persons.csv")],
            ).fetchall()
        }
    assert [row[0] for row in cohorts] == [1, 2, 3]
    closest = cohorts[0]
    assert closest[1] > 500 and closest[3] > 1000
    # The closest decile beats the random hold-out, with an interval that excludes no effect.
    assert closest[8] == "beats_random" and closest[6] > 1.0
    for _, _, _, _, _, ratio, low, high, verdict in cohorts:
        assert low < ratio < high
        assert verdict == ("beats_random" if low > 1 else "below_random" if high < 1 else "not_distinguishable_from_random")
    # The truth agrees: the persons behind the closest deciles, anonymous browsers included, bought
    # the seed category in the window more than the persons behind the other deciles.
    assert true_rates[("closest_deciles", "bought_seed_category")] > 1.2 * true_rates[("other_deciles", "bought_seed_category")]
    # They are the true look-alikes: the seed category is their favourite far more often.
    assert true_rates[("closest_deciles", "true_lookalike")] > 2 * true_rates[("other_deciles", "true_lookalike")]
    print({key: round(rate, 4) for key, rate in true_rates.items()})


def test_uplift_targeting_beats_random_targeting_on_campaigns_it_never_saw(world: tuple[Path, Path]) -> None:
    """A one-sided permutation test at 5%: the uplift model's Qini against the Qinis of the same members
    in a random order within each campaign. Measured: 0.00083 against a 95th percentile of 0.00022,
    5.6 random standard deviations up (60 campaigns, 624,694 members)."""
    database, _ = world
    members = read_uplift_members([database])
    assert len(np.unique(members.campaign_codes)) >= 50
    qini = model_qini(members)
    random_qinis = random_targeting_qinis(members, permutations=100, seed=11)
    assert qini > np.quantile(random_qinis, 0.95), (qini, np.quantile(random_qinis, [0.5, 0.95]))
