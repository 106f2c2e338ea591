{#- Each look-alike acquisition cohort (mart_audiences, kind lookalike_acquisition): its size now,
    the seed buyers it was modelled on, and a backtest of what such a cohort converts. The
    look-alike was also fitted crosschannel__lookalike_backtest_months months before the current
    cutoff (int_scores__lookalike_cutoffs); the prospects it ranked then (known customers without
    a confirmed order before that cutoff: an anonymous cookie's later purchase cannot be seen) are
    followed until the current cutoff. A quarter of those prospects, drawn by a hash of their id,
    is the random hold-out; the cohort's members outside it are compared with it: conversion rate
    (a confirmed order of the seed category in the window: what the cohort was modelled on), the
    ratio of the rates with its 95% interval, and a verdict.
    The backtest's rate is the cohort's expected conversion rate over as many months. -#}
with

rules as (
    select
        audience_name,
        nullif(product_category, '') as rule_category,
        max_lookalike_decile
    from {{ ref('audience_rules') }}
    where audience_kind = 'lookalike_acquisition'
),

backtest_cutoff as (
    select
        cutoff_date,
        followed_until
    from {{ ref('int_scores__lookalike_cutoffs') }}
    where cutoff_role = 'backtest'
),

deciles as (
    select
        subject_type,
        subject_id,
        cutoff_role,
        seed_category,
        is_seed_buyer,
        lookalike_decile
    from {{ ref('int_scores__lookalike_deciles') }}
),

audience_members as (
    select
        audience_name,
        cohort,
        is_targetable
    from {{ ref('mart_audiences') }}
    where audience_kind = 'lookalike_acquisition'
),

orders as (
    select
        customer_id,
        product_category,
        {{ crosschannel.reporting_date('ordered_at') }} as order_date
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed' and customer_id is not null
),

scoring_seed as (
    select
        min(seed_category) as seed_category,
        count(case when is_seed_buyer then 1 end) as seed_buyers
    from deciles
    where cutoff_role = 'scoring'
),

scoring_deciles as (
    select distinct lookalike_decile
    from deciles
    where cutoff_role = 'scoring' and lookalike_decile is not null
),

cohort_deciles as (
    select
        rules.audience_name,
        scoring_seed.seed_category,
        scoring_seed.seed_buyers,
        cast(scoring_deciles.lookalike_decile as bigint) as lookalike_decile,
        {{ crosschannel.lookalike_cohort('scoring_seed.seed_category', 'scoring_deciles.lookalike_decile') }} as cohort
    from rules
    cross join scoring_seed
    inner join scoring_deciles on rules.max_lookalike_decile >= scoring_deciles.lookalike_decile
    -- A rule for another category than the seed has no member (as in mart_audiences): no cohort.
    where rules.rule_category is null or rules.rule_category = scoring_seed.seed_category
),

current_sizes as (
    select
        audience_name,
        cohort,
        count(*) as members,
        count(case when is_targetable then 1 end) as targetable_members
    from audience_members
    group by audience_name, cohort
),

bought_before as (
    select distinct orders.customer_id
    from orders
    cross join backtest_cutoff
    where orders.order_date < backtest_cutoff.cutoff_date
),

-- Converting is buying what the cohort was modelled on: the seed category.
converted_in_window as (
    select distinct orders.customer_id
    from orders
    cross join backtest_cutoff
    inner join scoring_seed on orders.product_category = scoring_seed.seed_category
    where orders.order_date >= backtest_cutoff.cutoff_date and orders.order_date < backtest_cutoff.followed_until
),

prospects as (
    select
        deciles.subject_id as customer_id,
        deciles.seed_category,
        deciles.lookalike_decile,
        right({{ dbt.hash('deciles.subject_id') }}, 1) in ('0', '1', '2', '3') as is_random_holdout,
        case when converted_in_window.customer_id is null then 0 else 1 end as converted
    from deciles
    left join bought_before on deciles.subject_id = bought_before.customer_id
    left join converted_in_window on deciles.subject_id = converted_in_window.customer_id
    where
        deciles.cutoff_role = 'backtest'
        and deciles.subject_type = 'customer'
        and deciles.lookalike_decile is not null
        and bought_before.customer_id is null
),

random_holdout as (
    select
        count(*) as random_members,
        cast(coalesce(sum(converted), 0) as bigint) as random_converters
    from prospects
    where is_random_holdout
),

backtest_cohorts as (
    select
        lookalike_decile,
        min(seed_category) as backtest_seed_category,
        count(*) as backtest_members,
        cast(sum(converted) as bigint) as backtest_converters
    from prospects
    where not is_random_holdout
    group by lookalike_decile
),

compared as (
    select
        cohort_deciles.audience_name,
        cohort_deciles.cohort,
        cohort_deciles.seed_category,
        cohort_deciles.lookalike_decile,
        coalesce(current_sizes.members, 0) as members,
        coalesce(current_sizes.targetable_members, 0) as targetable_members,
        cohort_deciles.seed_buyers,
        backtest_cutoff.cutoff_date as backtest_cutoff_date,
        backtest_cutoff.followed_until as backtest_window_end,
        coalesce(backtest_cohorts.backtest_seed_category, 'none') as backtest_seed_category,
        coalesce(backtest_cohorts.backtest_members, 0) as backtest_members,
        coalesce(backtest_cohorts.backtest_converters, 0) as backtest_converters,
        random_holdout.random_members,
        random_holdout.random_converters
    from cohort_deciles
    cross join backtest_cutoff
    cross join random_holdout
    left join current_sizes
        on
            cohort_deciles.audience_name = current_sizes.audience_name
            and cohort_deciles.cohort = current_sizes.cohort
    left join backtest_cohorts on cohort_deciles.lookalike_decile = backtest_cohorts.lookalike_decile
),

estimated as (
    select
        *,
        cast(backtest_converters as double) / nullif(backtest_members, 0) as expected_conversion_rate,
        cast(random_converters as double) / nullif(random_members, 0) as random_conversion_rate,
        case
            when backtest_members > 0 and random_members > 0
                then {{ crosschannel.adjusted_log_rate_ratio(
                    'backtest_converters', 'backtest_members', 'random_converters', 'random_members'
                ) }}
        end as log_rate_ratio,
        case
            when backtest_members > 0 and random_members > 0
                then sqrt({{ crosschannel.adjusted_log_rate_ratio_variance(
                    'backtest_converters', 'backtest_members', 'random_converters', 'random_members'
                ) }})
        end as log_rate_ratio_std_error
    from compared
),

final as (
    select
        audience_name,
        cohort,
        seed_category,
        lookalike_decile,
        members,
        targetable_members,
        seed_buyers,
        backtest_cutoff_date,
        backtest_window_end,
        backtest_seed_category,
        backtest_members,
        backtest_converters,
        expected_conversion_rate,
        {{ crosschannel.wilson_interval('backtest_converters', 'backtest_members', 'low') }}
            as expected_conversion_rate_ci_low,
        {{ crosschannel.wilson_interval('backtest_converters', 'backtest_members', 'high') }}
            as expected_conversion_rate_ci_high,
        random_members,
        random_converters,
        random_conversion_rate,
        exp(log_rate_ratio) as conversion_rate_ratio,
        exp(log_rate_ratio - {{ crosschannel.z_95() }} * log_rate_ratio_std_error) as conversion_rate_ratio_ci_low,
        exp(log_rate_ratio + {{ crosschannel.z_95() }} * log_rate_ratio_std_error) as conversion_rate_ratio_ci_high,
        case
            when log_rate_ratio is null then 'no_backtest'
            when log_rate_ratio - {{ crosschannel.z_95() }} * log_rate_ratio_std_error > 0 then 'beats_random'
            when log_rate_ratio + {{ crosschannel.z_95() }} * log_rate_ratio_std_error < 0 then 'below_random'
            else 'not_distinguishable_from_random'
        end as backtest_verdict
    from estimated
)

select * from final
