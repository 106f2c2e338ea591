{#- The dates the look-alike is fitted at: the current cutoff (int_scores__cutoffs' scoring month,
    whose audience is exported) and the backtest cutoff crosschannel__lookalike_backtest_months
    months before it, whose prospects are followed until the current cutoff (followed_until) to
    measure the cohorts (mart_lookalike_cohorts, mart_campaign_audience_lift). -#}
{%- set backtest_months = var('crosschannel__lookalike_backtest_months') -%}
with

scoring as (
    select cutoff_date
    from {{ ref('int_scores__cutoffs') }}
    where cutoff_role = 'scoring'
),

final as (
    select
        cutoff_date,
        'scoring' as cutoff_role,
        cast(null as date) as followed_until
    from scoring
    union all
    select
        cast({{ dbt.dateadd('month', -backtest_months, 'cutoff_date') }} as date) as cutoff_date,
        'backtest' as cutoff_role,
        cutoff_date as followed_until
    from scoring
)

select * from final
