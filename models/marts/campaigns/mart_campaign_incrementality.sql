{#- Every campaign's randomised comparison, treatment against hold-out, on its customers'
    conversions, revenue and margin online and offline (int_campaigns__members: intention to
    treat, contaminated customers left out, unresolved keys counted). Intervals are 95%: Newcombe's
    hybrid score interval (from the two Wilson intervals) for the conversion lift, which keeps its
    coverage with few conversions, log ratio for the relative lift, Welch for revenue and margin
    per member, scaled to the treated group for the incremental totals; iROAS is incremental
    revenue over cost; the minimum detectable lift is the absolute conversion lift found with 80%
    power at the campaign's sizes and pooled rate; CUPED adjusts revenue with the
    pre-period spend (theta pooled over both groups). p-values come from int_campaigns__p_values;
    a sample ratio mismatch is flagged under crosschannel__sample_ratio_alpha. -#}
{%- set z = crosschannel.z_95() | float %}
{%- set z_power = 0.841621 %}
with

statistics as (
    select *
    from {{ ref('int_campaigns__group_statistics') }}
),

p_values as (
    select
        campaign_id,
        conversion_lift_p_value,
        revenue_lift_p_value,
        margin_lift_p_value,
        sample_ratio_p_value
    from {{ ref('int_campaigns__p_values') }}
),

campaigns as (
    select
        campaign_id,
        campaign_name,
        channel,
        objective,
        start_at,
        end_at,
        {{ crosschannel.eur_amount('cost', 'currency') }} as cost_eur
    from {{ ref('stg_marketing__campaigns') }}
),

moments as (
    select
        *,
        cast(treatment_conversions as double) / nullif(treatment_members, 0) as treatment_rate,
        cast(control_conversions as double) / nullif(control_members, 0) as control_rate,
        treatment_revenue_sum / nullif(treatment_members, 0) as treatment_revenue_mean,
        {{ crosschannel.sample_variance('treatment_members', 'treatment_revenue_sum', 'treatment_revenue_squares') }}
            as treatment_revenue_variance,
        treatment_margin_sum / nullif(treatment_members, 0) as treatment_margin_mean,
        {{ crosschannel.sample_variance('treatment_members', 'treatment_margin_sum', 'treatment_margin_squares') }}
            as treatment_margin_variance,
        treatment_pre_revenue_sum / nullif(treatment_members, 0) as treatment_pre_revenue_mean,
        {{ crosschannel.sample_variance(
            'treatment_members', 'treatment_pre_revenue_sum', 'treatment_pre_revenue_squares'
        ) }} as treatment_pre_revenue_variance,
        {{ crosschannel.sample_covariance(
            'treatment_members', 'treatment_pre_revenue_sum', 'treatment_revenue_sum', 'treatment_pre_revenue_products'
        ) }} as treatment_pre_revenue_covariance,
        control_revenue_sum / nullif(control_members, 0) as control_revenue_mean,
        {{ crosschannel.sample_variance('control_members', 'control_revenue_sum', 'control_revenue_squares') }}
            as control_revenue_variance,
        control_margin_sum / nullif(control_members, 0) as control_margin_mean,
        {{ crosschannel.sample_variance('control_members', 'control_margin_sum', 'control_margin_squares') }}
            as control_margin_variance,
        control_pre_revenue_sum / nullif(control_members, 0) as control_pre_revenue_mean,
        {{ crosschannel.sample_variance(
            'control_members', 'control_pre_revenue_sum', 'control_pre_revenue_squares'
        ) }} as control_pre_revenue_variance,
        {{ crosschannel.sample_covariance(
            'control_members', 'control_pre_revenue_sum', 'control_revenue_sum', 'control_pre_revenue_products'
        ) }} as control_pre_revenue_covariance,
        {{ crosschannel.sample_covariance(
            'treatment_members + control_members',
            'treatment_pre_revenue_sum + control_pre_revenue_sum',
            'treatment_revenue_sum + control_revenue_sum',
            'treatment_pre_revenue_products + control_pre_revenue_products'
        ) }}
        / nullif({{ crosschannel.sample_variance(
            'treatment_members + control_members',
            'treatment_pre_revenue_sum + control_pre_revenue_sum',
            'treatment_pre_revenue_squares + control_pre_revenue_squares'
        ) }}, 0) as cuped_theta
    from statistics
),

lifts as (
    select
        *,
        treatment_rate - control_rate as absolute_lift,
        sqrt(
            treatment_rate * (1 - treatment_rate) / nullif(treatment_members, 0)
            + control_rate * (1 - control_rate) / nullif(control_members, 0)
        ) as absolute_lift_std_error,
        {%- for group in ['treatment', 'control'] %}
            {%- set rate = group ~ '_rate' %}
            {%- set n = 'nullif(' ~ group ~ '_members, 0)' %}
            ({{ rate }} + {{ z * z / 2 }} / {{ n }}) / (1 + {{ z * z }} / {{ n }})
            - {{ z }} * sqrt({{ rate }} * (1 - {{ rate }}) / {{ n }} + {{ z * z / 4 }} / ({{ n }} * {{ n }}))
            / (1 + {{ z * z }} / {{ n }}) as {{ group }}_wilson_low,
            ({{ rate }} + {{ z * z / 2 }} / {{ n }}) / (1 + {{ z * z }} / {{ n }})
            + {{ z }} * sqrt({{ rate }} * (1 - {{ rate }}) / {{ n }} + {{ z * z / 4 }} / ({{ n }} * {{ n }}))
            / (1 + {{ z * z }} / {{ n }}) as {{ group }}_wilson_high,
        {%- endfor %}
        case
            when treatment_conversions > 0 and control_conversions > 0
                then ln(treatment_rate / control_rate)
        end as log_rate_ratio,
        case
            when treatment_conversions > 0 and control_conversions > 0
                then sqrt(
                    (1 - treatment_rate) / treatment_conversions + (1 - control_rate) / control_conversions
                )
        end as log_rate_ratio_std_error,
        treatment_revenue_mean - control_revenue_mean as revenue_lift_per_member,
        sqrt(
            treatment_revenue_variance / nullif(treatment_members, 0)
            + control_revenue_variance / nullif(control_members, 0)
        ) as revenue_lift_std_error,
        treatment_margin_mean - control_margin_mean as margin_lift_per_member,
        sqrt(
            treatment_margin_variance / nullif(treatment_members, 0)
            + control_margin_variance / nullif(control_members, 0)
        ) as margin_lift_std_error,
        treatment_revenue_mean - control_revenue_mean
        - coalesce(cuped_theta, 0) * (treatment_pre_revenue_mean - control_pre_revenue_mean)
            as cuped_revenue_lift_per_member,
        treatment_revenue_variance
        + coalesce(cuped_theta, 0) * coalesce(cuped_theta, 0) * treatment_pre_revenue_variance
        - 2 * coalesce(cuped_theta, 0) * treatment_pre_revenue_covariance as treatment_cuped_revenue_variance,
        control_revenue_variance
        + coalesce(cuped_theta, 0) * coalesce(cuped_theta, 0) * control_pre_revenue_variance
        - 2 * coalesce(cuped_theta, 0) * control_pre_revenue_covariance as control_cuped_revenue_variance
    from moments
),

intervals as (
    select
        *,
        absolute_lift - sqrt(
            (treatment_rate - treatment_wilson_low) * (treatment_rate - treatment_wilson_low)
            + (control_wilson_high - control_rate) * (control_wilson_high - control_rate)
        ) as absolute_lift_ci_low,
        absolute_lift + sqrt(
            (treatment_wilson_high - treatment_rate) * (treatment_wilson_high - treatment_rate)
            + (control_rate - control_wilson_low) * (control_rate - control_wilson_low)
        ) as absolute_lift_ci_high,
        cast(treatment_conversions + control_conversions as double)
        / nullif(treatment_members + control_members, 0) as pooled_rate
    from lifts
),

final as (
    select
        lifts.campaign_id,
        campaigns.campaign_name,
        campaigns.channel,
        campaigns.objective,
        campaigns.start_at,
        campaigns.end_at,
        lifts.holdout_share,
        lifts.treatment_members,
        lifts.control_members,
        lifts.treatment_unresolved_keys,
        lifts.control_unresolved_keys,
        lifts.contaminated_customers,
        lifts.control_touched_members,
        p_values.sample_ratio_p_value,
        coalesce(p_values.sample_ratio_p_value < {{ var('crosschannel__sample_ratio_alpha') }}, false)
            as has_sample_ratio_mismatch,
        lifts.treatment_conversions,
        lifts.control_conversions,
        lifts.treatment_rate as treatment_conversion_rate,
        lifts.control_rate as control_conversion_rate,
        lifts.absolute_lift,
        lifts.absolute_lift_ci_low,
        lifts.absolute_lift_ci_high,
        lifts.absolute_lift_std_error,
        exp(lifts.log_rate_ratio) - 1 as relative_lift,
        exp(lifts.log_rate_ratio - {{ z }} * lifts.log_rate_ratio_std_error) - 1 as relative_lift_ci_low,
        exp(lifts.log_rate_ratio + {{ z }} * lifts.log_rate_ratio_std_error) - 1 as relative_lift_ci_high,
        p_values.conversion_lift_p_value,
        coalesce(p_values.conversion_lift_p_value < 0.05, false) as is_lift_significant,
        lifts.absolute_lift * lifts.treatment_members as incremental_conversions,
        lifts.absolute_lift_ci_low * lifts.treatment_members as incremental_conversions_ci_low,
        lifts.absolute_lift_ci_high * lifts.treatment_members as incremental_conversions_ci_high,
        lifts.revenue_lift_per_member * lifts.treatment_members as incremental_revenue_eur,
        (lifts.revenue_lift_per_member - {{ z }} * lifts.revenue_lift_std_error) * lifts.treatment_members
            as incremental_revenue_eur_ci_low,
        (lifts.revenue_lift_per_member + {{ z }} * lifts.revenue_lift_std_error) * lifts.treatment_members
            as incremental_revenue_eur_ci_high,
        lifts.revenue_lift_std_error * lifts.treatment_members as incremental_revenue_eur_std_error,
        p_values.revenue_lift_p_value,
        lifts.margin_lift_per_member * lifts.treatment_members as incremental_margin_eur,
        (lifts.margin_lift_per_member - {{ z }} * lifts.margin_lift_std_error) * lifts.treatment_members
            as incremental_margin_eur_ci_low,
        (lifts.margin_lift_per_member + {{ z }} * lifts.margin_lift_std_error) * lifts.treatment_members
            as incremental_margin_eur_ci_high,
        lifts.margin_lift_std_error * lifts.treatment_members as incremental_margin_eur_std_error,
        p_values.margin_lift_p_value,
        campaigns.cost_eur,
        lifts.revenue_lift_per_member * lifts.treatment_members / nullif(campaigns.cost_eur, 0) as iroas,
        (lifts.revenue_lift_per_member - {{ z }} * lifts.revenue_lift_std_error) * lifts.treatment_members
        / nullif(campaigns.cost_eur, 0) as iroas_ci_low,
        (lifts.revenue_lift_per_member + {{ z }} * lifts.revenue_lift_std_error) * lifts.treatment_members
        / nullif(campaigns.cost_eur, 0) as iroas_ci_high,
        case
            when lifts.absolute_lift > 0
                then campaigns.cost_eur / (lifts.absolute_lift * lifts.treatment_members)
        end as cost_per_incremental_customer_eur,
        case
            when lifts.absolute_lift > 0
                then lifts.revenue_lift_per_member / lifts.absolute_lift
        end as revenue_per_incremental_customer_eur,
        case
            when lifts.absolute_lift > 0
                then lifts.margin_lift_per_member / lifts.absolute_lift
        end as margin_per_incremental_customer_eur,
        ({{ z }} + {{ z_power }}) * sqrt(
            lifts.pooled_rate * (1 - lifts.pooled_rate)
            * (1.0 / nullif(lifts.treatment_members, 0) + 1.0 / nullif(lifts.control_members, 0))
        ) as minimum_detectable_absolute_lift,
        lifts.cuped_theta,
        lifts.cuped_revenue_lift_per_member * lifts.treatment_members as cuped_incremental_revenue_eur,
        (
            lifts.cuped_revenue_lift_per_member - {{ z }} * sqrt(
                lifts.treatment_cuped_revenue_variance / nullif(lifts.treatment_members, 0)
                + lifts.control_cuped_revenue_variance / nullif(lifts.control_members, 0)
            )
        ) * lifts.treatment_members as cuped_incremental_revenue_eur_ci_low,
        (
            lifts.cuped_revenue_lift_per_member + {{ z }} * sqrt(
                lifts.treatment_cuped_revenue_variance / nullif(lifts.treatment_members, 0)
                + lifts.control_cuped_revenue_variance / nullif(lifts.control_members, 0)
            )
        ) * lifts.treatment_members as cuped_incremental_revenue_eur_ci_high,
        1 - (
            lifts.treatment_cuped_revenue_variance / nullif(lifts.treatment_members, 0)
            + lifts.control_cuped_revenue_variance / nullif(lifts.control_members, 0)
        ) / nullif(lifts.revenue_lift_std_error * lifts.revenue_lift_std_error, 0) as cuped_variance_reduction
    from intervals as lifts
    inner join campaigns on lifts.campaign_id = campaigns.campaign_id
    left join p_values on lifts.campaign_id = p_values.campaign_id
)

select * from final
