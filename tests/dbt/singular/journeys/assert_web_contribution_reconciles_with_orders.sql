{#- The web-contribution marts add up to the orders and leads they come from, to the cent, month by
    month and at every level: the stores' rows and the regions' rows sum to the network's row, which
    holds every confirmed offline order (fct_ropo_orders), identified ROPO, confirmed web order and
    web lead of the month. Returns a row per month and level where a measure differs. -#}
{%- set measures = [
    'offline_orders', 'offline_revenue_eur', 'identified_ropo_orders', 'identified_ropo_revenue_eur',
    'web_orders', 'web_revenue_eur', 'web_leads',
] %}
with

ropo_orders as (
    select
        ordered_at,
        revenue_eur,
        is_ropo
    from {{ ref('fct_ropo_orders') }}
    where order_status = 'confirmed'
),

web_orders as (
    select
        ordered_at,
        revenue_eur
    from {{ ref('int_sales__orders_enriched') }}
    where channel = 'web' and order_status = 'confirmed'
),

web_leads as (
    select created_at
    from {{ ref('stg_sales__leads') }}
    where channel = 'web'
),

facts as (
    select
        cast({{ dbt.date_trunc('month', crosschannel.reporting_date('ordered_at')) }} as date) as period_month,
        1 as offline_orders,
        revenue_eur as offline_revenue_eur,
        case when is_ropo then 1 else 0 end as identified_ropo_orders,
        case when is_ropo then revenue_eur else 0 end as identified_ropo_revenue_eur,
        0 as web_orders,
        0 as web_revenue_eur,
        0 as web_leads
    from ropo_orders
    union all
    select
        cast({{ dbt.date_trunc('month', crosschannel.reporting_date('ordered_at')) }} as date) as period_month,
        0 as offline_orders,
        0 as offline_revenue_eur,
        0 as identified_ropo_orders,
        0 as identified_ropo_revenue_eur,
        1 as web_orders,
        revenue_eur as web_revenue_eur,
        0 as web_leads
    from web_orders
    union all
    select
        cast({{ dbt.date_trunc('month', crosschannel.reporting_date('created_at')) }} as date) as period_month,
        0 as offline_orders,
        0 as offline_revenue_eur,
        0 as identified_ropo_orders,
        0 as identified_ropo_revenue_eur,
        0 as web_orders,
        0 as web_revenue_eur,
        1 as web_leads
    from web_leads
),

levels as (
    select
        {%- for measure in measures %}
            sum({{ measure }}) as {{ measure }},
        {%- endfor %}
        'facts' as mart_level,
        period_month
    from facts
    group by period_month
    {%- for mart_level in ['store', 'region', 'network'] %}
        union all
        select
            {%- for measure in measures %}
                sum({{ measure }}) as {{ measure }},
            {%- endfor %}
            '{{ mart_level }}' as mart_level,
            month_start as period_month
        from {{ ref('mart_' ~ mart_level ~ '_web_contribution') }}
        group by month_start
    {%- endfor %}
),

expected as (
    select * from levels
    where mart_level = 'facts'
),

mart_levels as (
    select 'store' as mart_level
    union all
    select 'region' as mart_level
    union all
    select 'network' as mart_level
),

final as (
    select
        mart_levels.mart_level,
        expected.period_month
    from expected
    cross join mart_levels
    left join levels
        on
            mart_levels.mart_level = levels.mart_level
            and expected.period_month = levels.period_month
    where
        levels.period_month is null
        {%- for measure in measures %}
            or levels.{{ measure }} is distinct from expected.{{ measure }}
        {%- endfor %}
)

select * from final
