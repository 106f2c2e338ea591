{#- The number the top management gets: campaigns rolled up per start month (reporting time zone),
    channel, objective and overall. Totals add campaigns up: incremental conversions, revenue and
    margin are sums of each campaign's (lift x treated members), their variances sums of each
    campaign's; iROAS is total incremental revenue over total cost; the relative lift is the
    treated conversions over those the control rates predict, minus one (log-ratio interval) -
    never an average of ratios. Campaigns flagged for a sample ratio mismatch are left out and
    counted. Intervals are 95% normal intervals. -#}
{%- set z = crosschannel.z_95() | float %}
{%- set levels = [
    {'level': 'month', 'id': 'cast(start_month as ' ~ dbt.type_string() ~ ')'},
    {'level': 'channel', 'id': 'channel'},
    {'level': 'objective', 'id': 'objective'},
    {'level': 'all', 'id': "'all'"},
] %}
with

campaigns as (
    select
        campaign_id,
        cast({{ dbt.date_trunc('month', crosschannel.reporting_date('start_at')) }} as date) as start_month,
        channel,
        objective,
        has_sample_ratio_mismatch,
        treatment_members,
        control_members,
        treatment_conversions,
        treatment_conversion_rate,
        control_conversion_rate,
        absolute_lift_std_error,
        incremental_conversions,
        incremental_revenue_eur,
        incremental_revenue_eur_std_error,
        incremental_margin_eur,
        incremental_margin_eur_std_error,
        cost_eur
    from {{ ref('mart_campaign_incrementality') }}
),

analysed as (
    select
        *,
        treatment_members * control_conversion_rate as expected_treatment_conversions,
        treatment_members * treatment_members * absolute_lift_std_error * absolute_lift_std_error
            as incremental_conversions_variance,
        treatment_members * treatment_conversion_rate * (1 - treatment_conversion_rate)
            as treatment_conversions_variance,
        treatment_members * treatment_members * control_conversion_rate * (1 - control_conversion_rate)
        / nullif(control_members, 0) as expected_treatment_conversions_variance
    from campaigns
    where not has_sample_ratio_mismatch
),

flagged as (
    {%- for level in levels %}
        select
            '{{ level.level }}' as scope_level,
            {{ level.id }} as scope_id,
            count(case when has_sample_ratio_mismatch then 1 end) as flagged_campaigns
        from campaigns
        {%- if level.level != 'all' %}
            group by {{ level.id }}
        {%- endif %}
        {{ 'union all' if not loop.last }}
    {%- endfor %}
),

totals as (
    {%- for level in levels %}
        select
            '{{ level.level }}' as scope_level,
            {{ level.id }} as scope_id,
            count(*) as campaigns,
            cast(sum(treatment_members) as bigint) as treatment_members,
            cast(sum(control_members) as bigint) as control_members,
            sum(treatment_conversions) as treatment_conversions,
            sum(expected_treatment_conversions) as expected_treatment_conversions,
            sum(treatment_conversions_variance) as treatment_conversions_variance,
            sum(expected_treatment_conversions_variance) as expected_treatment_conversions_variance,
            sum(incremental_conversions) as incremental_conversions,
            sum(incremental_conversions_variance) as incremental_conversions_variance,
            sum(incremental_revenue_eur) as incremental_revenue_eur,
            sum(incremental_revenue_eur_std_error * incremental_revenue_eur_std_error)
                as incremental_revenue_variance,
            sum(incremental_margin_eur) as incremental_margin_eur,
            sum(incremental_margin_eur_std_error * incremental_margin_eur_std_error)
                as incremental_margin_variance,
            cast(sum(cost_eur) as decimal(38, 2)) as cost_eur
        from analysed
        {%- if level.level != 'all' %}
            group by {{ level.id }}
        {%- endif %}
        {{ 'union all' if not loop.last }}
    {%- endfor %}
),

scopes as (
    -- A scope without analysed campaigns (none delivered, or all flagged) adds up to zero.
    select
        flagged.scope_level,
        flagged.scope_id,
        flagged.flagged_campaigns,
        coalesce(totals.campaigns, 0) as campaigns,
        coalesce(totals.treatment_members, 0) as treatment_members,
        coalesce(totals.control_members, 0) as control_members,
        coalesce(totals.treatment_conversions, 0) as treatment_conversions,
        coalesce(totals.expected_treatment_conversions, 0) as expected_treatment_conversions,
        coalesce(totals.treatment_conversions_variance, 0) as treatment_conversions_variance,
        coalesce(totals.expected_treatment_conversions_variance, 0) as expected_treatment_conversions_variance,
        coalesce(totals.incremental_conversions, 0) as incremental_conversions,
        coalesce(totals.incremental_conversions_variance, 0) as incremental_conversions_variance,
        coalesce(totals.incremental_revenue_eur, 0) as incremental_revenue_eur,
        coalesce(totals.incremental_revenue_variance, 0) as incremental_revenue_variance,
        coalesce(totals.incremental_margin_eur, 0) as incremental_margin_eur,
        coalesce(totals.incremental_margin_variance, 0) as incremental_margin_variance,
        coalesce(totals.cost_eur, 0) as cost_eur
    from flagged
    left join totals
        on
            flagged.scope_level = totals.scope_level
            and flagged.scope_id = totals.scope_id
),

final as (
    select
        scope_level,
        scope_id,
        campaigns,
        flagged_campaigns,
        treatment_members,
        control_members,
        incremental_conversions,
        incremental_conversions - {{ z }} * sqrt(incremental_conversions_variance)
            as incremental_conversions_ci_low,
        incremental_conversions + {{ z }} * sqrt(incremental_conversions_variance)
            as incremental_conversions_ci_high,
        treatment_conversions / nullif(expected_treatment_conversions, 0) - 1 as relative_lift,
        exp(
            ln(treatment_conversions / nullif(expected_treatment_conversions, 0))
            - {{ z }} * sqrt(
                treatment_conversions_variance
                / nullif(treatment_conversions * treatment_conversions, 0)
                + expected_treatment_conversions_variance
                / nullif(expected_treatment_conversions * expected_treatment_conversions, 0)
            )
        ) - 1 as relative_lift_ci_low,
        exp(
            ln(treatment_conversions / nullif(expected_treatment_conversions, 0))
            + {{ z }} * sqrt(
                treatment_conversions_variance
                / nullif(treatment_conversions * treatment_conversions, 0)
                + expected_treatment_conversions_variance
                / nullif(expected_treatment_conversions * expected_treatment_conversions, 0)
            )
        ) - 1 as relative_lift_ci_high,
        incremental_revenue_eur,
        incremental_revenue_eur - {{ z }} * sqrt(incremental_revenue_variance)
            as incremental_revenue_eur_ci_low,
        incremental_revenue_eur + {{ z }} * sqrt(incremental_revenue_variance)
            as incremental_revenue_eur_ci_high,
        incremental_margin_eur,
        incremental_margin_eur - {{ z }} * sqrt(incremental_margin_variance)
            as incremental_margin_eur_ci_low,
        incremental_margin_eur + {{ z }} * sqrt(incremental_margin_variance)
            as incremental_margin_eur_ci_high,
        cost_eur,
        incremental_revenue_eur / nullif(cost_eur, 0) as iroas,
        (incremental_revenue_eur - {{ z }} * sqrt(incremental_revenue_variance))
        / nullif(cost_eur, 0) as iroas_ci_low,
        (incremental_revenue_eur + {{ z }} * sqrt(incremental_revenue_variance))
        / nullif(cost_eur, 0) as iroas_ci_high,
        case
            when incremental_conversions > 0 then cost_eur / incremental_conversions
        end as cost_per_incremental_customer_eur,
        case
            when incremental_conversions > 0
                then incremental_revenue_eur / incremental_conversions
        end as revenue_per_incremental_customer_eur
    from scopes
)

select * from final
