{#- The sufficient statistics of every campaign's comparison, one row per campaign with both
    groups side by side, over every unit randomised (int_campaigns__members: resolved customers and
    unresolved keys alike): units, conversions, sums and sums of squares of window revenue and
    margin and of pre-period revenue, and the cross products CUPED needs; and how the units were
    made: unresolved keys, contaminated customers (left out), control members touched anyway,
    window orders and those whose margin was imputed. -#}
{%- set groups = ['treatment', 'control'] %}
{%- set group_columns = [] %}
{%- for group in groups %}
    {%- for measure in [
        'members', 'conversions', 'revenue_sum', 'revenue_squares', 'margin_sum', 'margin_squares',
        'pre_revenue_sum', 'pre_revenue_squares', 'pre_revenue_products', 'unresolved_keys'
    ] %}
        {%- do group_columns.append(group ~ '_' ~ measure) %}
    {%- endfor %}
{%- endfor %}
with

members as (
    select
        campaign_id,
        assignment_group,
        is_resolved,
        is_contaminated,
        is_control_touched,
        window_orders,
        window_margin_imputed_orders,
        case when is_converted then 1 else 0 end as converted,
        cast(window_revenue_eur as double) as revenue,
        cast(window_margin_eur as double) as margin,
        cast(pre_period_revenue_eur as double) as pre_revenue
    from {{ ref('int_campaigns__members') }}
),

campaigns as (
    select
        campaign_id,
        holdout_share
    from {{ ref('stg_marketing__campaigns') }}
),

member_statistics as (
    select
        campaign_id,
        {%- for group in groups %}
            {%- set in_group = "assignment_group = '" ~ group ~ "'" %}
            count(case when {{ in_group }} then 1 end) as {{ group }}_members,
            count(case when {{ in_group }} and converted = 1 then 1 end) as {{ group }}_conversions,
            sum(case when {{ in_group }} then revenue else 0 end) as {{ group }}_revenue_sum,
            sum(case when {{ in_group }} then revenue * revenue else 0 end) as {{ group }}_revenue_squares,
            sum(case when {{ in_group }} then margin else 0 end) as {{ group }}_margin_sum,
            sum(case when {{ in_group }} then margin * margin else 0 end) as {{ group }}_margin_squares,
            sum(case when {{ in_group }} then pre_revenue else 0 end) as {{ group }}_pre_revenue_sum,
            sum(case when {{ in_group }} then pre_revenue * pre_revenue else 0 end)
                as {{ group }}_pre_revenue_squares,
            sum(case when {{ in_group }} then pre_revenue * revenue else 0 end)
                as {{ group }}_pre_revenue_products,
            count(case when {{ in_group }} and not is_resolved then 1 end) as {{ group }}_unresolved_keys,
        {%- endfor %}
        count(case when is_contaminated then 1 end) as contaminated_customers,
        count(case when is_control_touched then 1 end) as control_touched_members,
        sum(case when not is_contaminated then window_orders else 0 end) as window_orders,
        sum(case when not is_contaminated then window_margin_imputed_orders else 0 end)
            as window_margin_imputed_orders
    from members
    group by campaign_id
),

final as (
    select
        campaigns.campaign_id,
        campaigns.holdout_share,
        {%- for column in group_columns %}
            coalesce(member_statistics.{{ column }}, 0) as {{ column }},
        {%- endfor %}
        coalesce(member_statistics.contaminated_customers, 0) as contaminated_customers,
        coalesce(member_statistics.control_touched_members, 0) as control_touched_members,
        coalesce(member_statistics.window_orders, 0) as window_orders,
        coalesce(member_statistics.window_margin_imputed_orders, 0) as window_margin_imputed_orders
    from campaigns
    left join member_statistics on campaigns.campaign_id = member_statistics.campaign_id
)

select * from final
