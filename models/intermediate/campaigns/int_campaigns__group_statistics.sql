{#- The sufficient statistics of every campaign's comparison, one row per campaign with both
    groups side by side: members (contaminated customers left out), conversions, sums and sums of
    squares of window revenue and margin and of pre-period revenue, and the cross products CUPED
    needs; and what could not be analysed: audience keys resolving to no customer, contaminated
    customers, control members touched anyway. -#}
{%- set groups = ['treatment', 'control'] %}
with

members as (
    select
        campaign_id,
        customer_id,
        assignment_group,
        is_control_touched,
        is_contaminated,
        case when is_converted then 1 else 0 end as converted,
        cast(window_revenue_eur as double) as revenue,
        cast(window_margin_eur as double) as margin,
        cast(pre_period_revenue_eur as double) as pre_revenue
    from {{ ref('int_campaigns__members') }}
),

audience as (
    select
        audience.campaign_id,
        audience.assignment_group,
        audience_customers.customer_id
    from {{ ref('stg_marketing__campaign_audience') }} as audience
    left join {{ ref('int_marketing__audience_customers') }} as audience_customers
        on
            audience.audience_key_type = audience_customers.audience_key_type
            and audience.audience_key = audience_customers.audience_key
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
            {%- set in_group = "assignment_group = '" ~ group ~ "' and not is_contaminated" %}
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
        {%- endfor %}
        count(distinct case when is_contaminated then customer_id end) as contaminated_customers,
        count(case when is_control_touched and not is_contaminated then 1 end) as control_touched_members
    from members
    group by campaign_id
),

unresolved as (
    select
        campaign_id,
        count(case when assignment_group = 'treatment' and customer_id is null then 1 end)
            as treatment_unresolved_keys,
        count(case when assignment_group = 'control' and customer_id is null then 1 end)
            as control_unresolved_keys
    from audience
    group by campaign_id
),

final as (
    select
        campaigns.campaign_id,
        campaigns.holdout_share,
        {%- for group in groups %}
            coalesce(member_statistics.{{ group }}_members, 0) as {{ group }}_members,
            coalesce(member_statistics.{{ group }}_conversions, 0) as {{ group }}_conversions,
            coalesce(member_statistics.{{ group }}_revenue_sum, 0) as {{ group }}_revenue_sum,
            coalesce(member_statistics.{{ group }}_revenue_squares, 0) as {{ group }}_revenue_squares,
            coalesce(member_statistics.{{ group }}_margin_sum, 0) as {{ group }}_margin_sum,
            coalesce(member_statistics.{{ group }}_margin_squares, 0) as {{ group }}_margin_squares,
            coalesce(member_statistics.{{ group }}_pre_revenue_sum, 0) as {{ group }}_pre_revenue_sum,
            coalesce(member_statistics.{{ group }}_pre_revenue_squares, 0) as {{ group }}_pre_revenue_squares,
            coalesce(member_statistics.{{ group }}_pre_revenue_products, 0) as {{ group }}_pre_revenue_products,
            coalesce(unresolved.{{ group }}_unresolved_keys, 0) as {{ group }}_unresolved_keys,
        {%- endfor %}
        coalesce(member_statistics.contaminated_customers, 0) as contaminated_customers,
        coalesce(member_statistics.control_touched_members, 0) as control_touched_members
    from campaigns
    left join member_statistics on campaigns.campaign_id = member_statistics.campaign_id
    left join unresolved on campaigns.campaign_id = unresolved.campaign_id
)

select * from final
