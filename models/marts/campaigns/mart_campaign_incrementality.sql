{#- Every campaign's randomised comparison, treatment against hold-out, over every unit it
    randomised (int_campaigns__members: intention to treat; unresolved keys stay in their group with
    no observed outcome). What is estimated is the campaign's effect on the conversions, revenue and
    margin the warehouse observes for its audience; where a share of conversions cannot be seen
    through a key (anonymous cookies), the absolute effect on all conversions is the observed one
    divided by that share, and the relative lift is the same for both as long as caused and organic
    conversions are seen alike.
    Intervals are 95% and keep their coverage at small counts: Newcombe's hybrid score interval for
    the conversion lift, a log rate ratio on shrunk rates (a quarter of a conversion added to each group,
    the pooled rate kept: adjusted_log_rate_ratio; finite even when a group has no conversion, and
    wide then) for the relative lift, and for revenue and margin per member a normal interval whose
    variance comes from the adjusted conversion rate and the converters' amounts, both groups
    pooled (compound_variance), so it never collapses to zero. The conversion lift's standard
    error, from the pooled adjusted rate (pooled_difference_variance), is what roll-ups add up.
    Pooled variances do not shrink with a small control group's own count: per-group ones would
    make a control group without conversions look precise. CUPED adjusts
    revenue by the pre-period spend (theta pooled over both groups); its variance is the unadjusted
    one times (1 - rho squared), rho the pooled within-group correlation of pre-period and window
    revenue (Deng et al. 2013), taken at the lower end of its 95% interval (Fisher's z): when that
    end is zero the adjustment is not made, the mart says so (cuped_variance_reduction = 0) and
    the unadjusted estimate is the headline.
    iROAS is the headline incremental revenue over cost; cost per incremental customer is cost over
    incremental conversions, its interval unbounded above (NULL, flagged) when the conversion
    interval reaches zero. p-values come from int_campaigns__p_values; a sample ratio mismatch is
    flagged under crosschannel__sample_ratio_alpha. -#}
{%- set z_power = 0.841621 %}
with

estimates as (
    select *
    from {{ ref('int_campaigns__estimates') }}
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

scaled as (
    select
        *,
        absolute_lift * treatment_members as incremental_conversions,
        case
            when is_cuped_headline then cuped_revenue_lift_per_member else revenue_lift_per_member
        end * treatment_members as headline_incremental_revenue_eur,
        case
            when is_cuped_headline then cuped_revenue_lift_std_error else revenue_lift_std_error
        end * treatment_members as headline_incremental_revenue_eur_std_error
    from estimates
),

measured as (
    select
        scaled.campaign_id,
        campaigns.campaign_name,
        campaigns.channel,
        campaigns.objective,
        campaigns.start_at,
        campaigns.end_at,
        scaled.holdout_share,
        scaled.treatment_members,
        scaled.control_members,
        scaled.treatment_unresolved_keys,
        scaled.control_unresolved_keys,
        scaled.contaminated_customers,
        scaled.control_touched_members,
        p_values.sample_ratio_p_value,
        coalesce(p_values.sample_ratio_p_value < {{ var('crosschannel__sample_ratio_alpha') }}, false)
            as has_sample_ratio_mismatch,
        scaled.treatment_conversions,
        scaled.control_conversions,
        scaled.treatment_rate as treatment_conversion_rate,
        scaled.control_rate as control_conversion_rate,
        scaled.absolute_lift,
        scaled.absolute_lift_ci_low,
        scaled.absolute_lift_ci_high,
        scaled.absolute_lift_std_error,
        exp(scaled.adjusted_log_rate_ratio) - 1 as relative_lift,
        exp({{ crosschannel.normal_interval(
            'scaled.adjusted_log_rate_ratio', 'scaled.log_rate_ratio_std_error', 'low'
        ) }}) - 1 as relative_lift_ci_low,
        exp({{ crosschannel.normal_interval(
            'scaled.adjusted_log_rate_ratio', 'scaled.log_rate_ratio_std_error', 'high'
        ) }}) - 1 as relative_lift_ci_high,
        p_values.conversion_lift_p_value,
        coalesce(p_values.conversion_lift_p_value < 0.05, false) as is_lift_significant,
        scaled.incremental_conversions,
        scaled.absolute_lift_ci_low * scaled.treatment_members as incremental_conversions_ci_low,
        scaled.absolute_lift_ci_high * scaled.treatment_members as incremental_conversions_ci_high,
        scaled.absolute_lift_std_error * scaled.treatment_members as incremental_conversions_std_error,
        scaled.revenue_lift_per_member * scaled.treatment_members as incremental_revenue_eur,
        {{ crosschannel.normal_interval('scaled.revenue_lift_per_member', 'scaled.revenue_lift_std_error', 'low') }}
        * scaled.treatment_members as incremental_revenue_eur_ci_low,
        {{ crosschannel.normal_interval('scaled.revenue_lift_per_member', 'scaled.revenue_lift_std_error', 'high') }}
        * scaled.treatment_members as incremental_revenue_eur_ci_high,
        scaled.revenue_lift_std_error * scaled.treatment_members as incremental_revenue_eur_std_error,
        p_values.revenue_lift_p_value,
        scaled.margin_lift_per_member * scaled.treatment_members as incremental_margin_eur,
        {{ crosschannel.normal_interval('scaled.margin_lift_per_member', 'scaled.margin_lift_std_error', 'low') }}
        * scaled.treatment_members as incremental_margin_eur_ci_low,
        {{ crosschannel.normal_interval('scaled.margin_lift_per_member', 'scaled.margin_lift_std_error', 'high') }}
        * scaled.treatment_members as incremental_margin_eur_ci_high,
        scaled.margin_lift_std_error * scaled.treatment_members as incremental_margin_eur_std_error,
        cast(scaled.window_margin_imputed_orders as bigint) as margin_imputed_orders,
        1 - cast(scaled.window_margin_imputed_orders as double) / nullif(scaled.window_orders, 0) as margin_coverage,
        p_values.margin_lift_p_value,
        campaigns.cost_eur,
        case when scaled.is_cuped_headline then 'cuped' else 'unadjusted' end as headline_revenue_estimate,
        scaled.headline_incremental_revenue_eur,
        {{ crosschannel.normal_interval(
            'scaled.headline_incremental_revenue_eur', 'scaled.headline_incremental_revenue_eur_std_error', 'low'
        ) }} as headline_incremental_revenue_eur_ci_low,
        {{ crosschannel.normal_interval(
            'scaled.headline_incremental_revenue_eur', 'scaled.headline_incremental_revenue_eur_std_error', 'high'
        ) }} as headline_incremental_revenue_eur_ci_high,
        scaled.headline_incremental_revenue_eur_std_error,
        scaled.headline_incremental_revenue_eur / nullif(campaigns.cost_eur, 0) as iroas,
        {{ crosschannel.normal_interval(
            'scaled.headline_incremental_revenue_eur', 'scaled.headline_incremental_revenue_eur_std_error', 'low'
        ) }} / nullif(campaigns.cost_eur, 0) as iroas_ci_low,
        {{ crosschannel.normal_interval(
            'scaled.headline_incremental_revenue_eur', 'scaled.headline_incremental_revenue_eur_std_error', 'high'
        ) }} / nullif(campaigns.cost_eur, 0) as iroas_ci_high,
        case
            when scaled.incremental_conversions > 0 then campaigns.cost_eur / scaled.incremental_conversions
        end as cost_per_incremental_customer_eur,
        case
            when scaled.absolute_lift_ci_high > 0
                then campaigns.cost_eur / (scaled.absolute_lift_ci_high * scaled.treatment_members)
        end as cost_per_incremental_customer_eur_ci_low,
        case
            when scaled.absolute_lift_ci_low > 0
                then campaigns.cost_eur / (scaled.absolute_lift_ci_low * scaled.treatment_members)
        end as cost_per_incremental_customer_eur_ci_high,
        coalesce(scaled.absolute_lift_ci_low > 0, false) as is_cost_per_incremental_customer_bounded,
        case
            when scaled.absolute_lift > 0
                then scaled.revenue_lift_per_member / scaled.absolute_lift
        end as revenue_per_incremental_customer_eur,
        case
            when scaled.absolute_lift > 0
                then scaled.margin_lift_per_member / scaled.absolute_lift
        end as margin_per_incremental_customer_eur,
        ({{ crosschannel.z_95() }} + {{ z_power }}) * sqrt(
            scaled.pooled_rate * (1 - scaled.pooled_rate)
            * (1.0 / nullif(scaled.treatment_members, 0) + 1.0 / nullif(scaled.control_members, 0))
        ) as minimum_detectable_absolute_lift,
        scaled.cuped_theta,
        scaled.cuped_revenue_lift_per_member * scaled.treatment_members as cuped_incremental_revenue_eur,
        {{ crosschannel.normal_interval(
            'scaled.cuped_revenue_lift_per_member', 'scaled.cuped_revenue_lift_std_error', 'low'
        ) }} * scaled.treatment_members as cuped_incremental_revenue_eur_ci_low,
        {{ crosschannel.normal_interval(
            'scaled.cuped_revenue_lift_per_member', 'scaled.cuped_revenue_lift_std_error', 'high'
        ) }} * scaled.treatment_members as cuped_incremental_revenue_eur_ci_high,
        scaled.cuped_variance_reduction,
        scaled.is_cuped_headline,
        scaled.revenue_conversion_lift_covariance * scaled.treatment_members * scaled.treatment_members
            as incremental_revenue_conversions_covariance
    from scaled
    inner join campaigns on scaled.campaign_id = campaigns.campaign_id
    left join p_values on scaled.campaign_id = p_values.campaign_id
),

final as (
    -- Money in euros as DECIMAL(18, 2), rounded to the cent: the marts' one money type.
    select
        campaign_id,
        campaign_name,
        channel,
        objective,
        start_at,
        end_at,
        holdout_share,
        treatment_members,
        control_members,
        treatment_unresolved_keys,
        control_unresolved_keys,
        contaminated_customers,
        control_touched_members,
        sample_ratio_p_value,
        has_sample_ratio_mismatch,
        treatment_conversions,
        control_conversions,
        treatment_conversion_rate,
        control_conversion_rate,
        absolute_lift,
        absolute_lift_ci_low,
        absolute_lift_ci_high,
        absolute_lift_std_error,
        relative_lift,
        relative_lift_ci_low,
        relative_lift_ci_high,
        conversion_lift_p_value,
        is_lift_significant,
        incremental_conversions,
        incremental_conversions_ci_low,
        incremental_conversions_ci_high,
        incremental_conversions_std_error,
        {{ crosschannel.money_eur('incremental_revenue_eur') }} as incremental_revenue_eur,
        {{ crosschannel.money_eur('incremental_revenue_eur_ci_low') }}
            as incremental_revenue_eur_ci_low,
        {{ crosschannel.money_eur('incremental_revenue_eur_ci_high') }}
            as incremental_revenue_eur_ci_high,
        {{ crosschannel.money_eur('incremental_revenue_eur_std_error') }}
            as incremental_revenue_eur_std_error,
        revenue_lift_p_value,
        {{ crosschannel.money_eur('incremental_margin_eur') }} as incremental_margin_eur,
        {{ crosschannel.money_eur('incremental_margin_eur_ci_low') }}
            as incremental_margin_eur_ci_low,
        {{ crosschannel.money_eur('incremental_margin_eur_ci_high') }}
            as incremental_margin_eur_ci_high,
        {{ crosschannel.money_eur('incremental_margin_eur_std_error') }}
            as incremental_margin_eur_std_error,
        margin_imputed_orders,
        margin_coverage,
        margin_lift_p_value,
        cost_eur,
        headline_revenue_estimate,
        {{ crosschannel.money_eur('headline_incremental_revenue_eur') }}
            as headline_incremental_revenue_eur,
        {{ crosschannel.money_eur('headline_incremental_revenue_eur_ci_low') }}
            as headline_incremental_revenue_eur_ci_low,
        {{ crosschannel.money_eur('headline_incremental_revenue_eur_ci_high') }}
            as headline_incremental_revenue_eur_ci_high,
        {{ crosschannel.money_eur('headline_incremental_revenue_eur_std_error') }}
            as headline_incremental_revenue_eur_std_error,
        iroas,
        iroas_ci_low,
        iroas_ci_high,
        {{ crosschannel.money_eur('cost_per_incremental_customer_eur') }}
            as cost_per_incremental_customer_eur,
        {{ crosschannel.money_eur('cost_per_incremental_customer_eur_ci_low') }}
            as cost_per_incremental_customer_eur_ci_low,
        {{ crosschannel.money_eur('cost_per_incremental_customer_eur_ci_high') }}
            as cost_per_incremental_customer_eur_ci_high,
        is_cost_per_incremental_customer_bounded,
        {{ crosschannel.money_eur('revenue_per_incremental_customer_eur') }}
            as revenue_per_incremental_customer_eur,
        {{ crosschannel.money_eur('margin_per_incremental_customer_eur') }}
            as margin_per_incremental_customer_eur,
        minimum_detectable_absolute_lift,
        cuped_theta,
        {{ crosschannel.money_eur('cuped_incremental_revenue_eur') }}
            as cuped_incremental_revenue_eur,
        {{ crosschannel.money_eur('cuped_incremental_revenue_eur_ci_low') }}
            as cuped_incremental_revenue_eur_ci_low,
        {{ crosschannel.money_eur('cuped_incremental_revenue_eur_ci_high') }}
            as cuped_incremental_revenue_eur_ci_high,
        cuped_variance_reduction,
        is_cuped_headline,
        incremental_revenue_conversions_covariance
    from measured
)

select * from final
