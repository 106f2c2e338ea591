{#- Every campaign's estimates and their standard errors, from its groups' sufficient statistics
    (int_campaigns__group_statistics): conversion rates and lift (Newcombe interval; standard error
    from the pooled adjusted rate, pooled_difference_variance), the log rate ratio on shrunk rates
    (adjusted_log_rate_ratio), revenue and margin lift per member (compound_variance, both groups
    pooled), CUPED (theta pooled over both groups, variance reduction at the lower end of rho's 95%
    interval, applied only when positive). The one home of these formulas: the p-values
    (int_campaigns__p_values) and the mart (mart_campaign_incrementality) read them here. -#}
with

statistics as (
    select *
    from {{ ref('int_campaigns__group_statistics') }}
),

moments as (
    select
        *,
        treatment_members + control_members as members,
        treatment_conversions + control_conversions as conversions,
        cast(treatment_conversions as double) / nullif(treatment_members, 0) as treatment_rate,
        cast(control_conversions as double) / nullif(control_members, 0) as control_rate,
        treatment_revenue_sum / nullif(treatment_members, 0) as treatment_revenue_mean,
        control_revenue_sum / nullif(control_members, 0) as control_revenue_mean,
        treatment_margin_sum / nullif(treatment_members, 0) as treatment_margin_mean,
        control_margin_sum / nullif(control_members, 0) as control_margin_mean,
        treatment_pre_revenue_sum / nullif(treatment_members, 0) as treatment_pre_revenue_mean,
        control_pre_revenue_sum / nullif(control_members, 0) as control_pre_revenue_mean,
        (treatment_revenue_sum + control_revenue_sum)
        / nullif(treatment_conversions + control_conversions, 0) as converter_revenue_mean,
        (treatment_revenue_squares + control_revenue_squares)
        / nullif(treatment_conversions + control_conversions, 0) as converter_revenue_mean_square,
        (treatment_margin_sum + control_margin_sum)
        / nullif(treatment_conversions + control_conversions, 0) as converter_margin_mean,
        (treatment_margin_squares + control_margin_squares)
        / nullif(treatment_conversions + control_conversions, 0) as converter_margin_mean_square,
        -- Within-group sums of squares and products of pre-period (x) and window (y) revenue.
        treatment_pre_revenue_squares
        - treatment_pre_revenue_sum * treatment_pre_revenue_sum / nullif(treatment_members, 0)
        + control_pre_revenue_squares
        - control_pre_revenue_sum * control_pre_revenue_sum / nullif(control_members, 0) as within_xx,
        treatment_revenue_squares
        - treatment_revenue_sum * treatment_revenue_sum / nullif(treatment_members, 0)
        + control_revenue_squares
        - control_revenue_sum * control_revenue_sum / nullif(control_members, 0) as within_yy,
        treatment_pre_revenue_products
        - treatment_pre_revenue_sum * treatment_revenue_sum / nullif(treatment_members, 0)
        + control_pre_revenue_products
        - control_pre_revenue_sum * control_revenue_sum / nullif(control_members, 0) as within_xy
    from statistics
),

variances as (
    select
        *,
        {{ crosschannel.pooled_difference_variance(
            'treatment_conversions', 'treatment_members', 'control_conversions', 'control_members'
        ) }} as absolute_lift_variance,
        {%- for measure in ['revenue', 'margin'] %}
            {{ crosschannel.compound_variance(
                'conversions', 'members', 'converter_' ~ measure ~ '_mean', 'converter_' ~ measure ~ '_mean_square'
            ) }}
            * (1.0 / nullif(treatment_members, 0) + 1.0 / nullif(control_members, 0)) as {{ measure }}_lift_variance,
        {%- endfor %}
        abs(within_xy) / nullif(sqrt(within_xx * within_yy), 0) as pre_period_correlation,
        {{ crosschannel.sample_covariance(
            'members',
            'treatment_pre_revenue_sum + control_pre_revenue_sum',
            'treatment_revenue_sum + control_revenue_sum',
            'treatment_pre_revenue_products + control_pre_revenue_products'
        ) }}
        / nullif({{ crosschannel.sample_variance(
            'members',
            'treatment_pre_revenue_sum + control_pre_revenue_sum',
            'treatment_pre_revenue_squares + control_pre_revenue_squares'
        ) }}, 0) as cuped_theta
    from moments
),

estimates as (
    select
        *,
        treatment_rate - control_rate as absolute_lift,
        sqrt(absolute_lift_variance) as absolute_lift_std_error,
        {{ crosschannel.adjusted_log_rate_ratio(
            'treatment_conversions', 'treatment_members', 'control_conversions', 'control_members'
        ) }} as adjusted_log_rate_ratio,
        sqrt({{ crosschannel.adjusted_log_rate_ratio_variance(
            'treatment_conversions', 'treatment_members', 'control_conversions', 'control_members'
        ) }}) as log_rate_ratio_std_error,
        treatment_revenue_mean - control_revenue_mean as revenue_lift_per_member,
        sqrt(revenue_lift_variance) as revenue_lift_std_error,
        treatment_margin_mean - control_margin_mean as margin_lift_per_member,
        sqrt(margin_lift_variance) as margin_lift_std_error,
        -- The square of the lower 95% bound of |rho| (Fisher's z): a correlation that a few large
        -- spenders can fake in a small campaign reduces nothing.
        case
            when pre_period_correlation > 0 and members > 3 and cuped_theta is not null
                then power(greatest(0, tanh(
                    atanh(case when pre_period_correlation < 0.999999 then pre_period_correlation else 0.999999 end)
                    - {{ crosschannel.z_95() }} / sqrt(members - 3)
                )), 2)
            else 0
        end as cuped_variance_reduction,
        -- Conversions and revenue covary through the converters' amounts: E[A] p (1 - p) per member.
        converter_revenue_mean * {{ crosschannel.adjusted_proportion('conversions', 'members') }}
        * (1 - {{ crosschannel.adjusted_proportion('conversions', 'members') }})
        * (1.0 / nullif(treatment_members, 0) + 1.0 / nullif(control_members, 0)) as revenue_conversion_lift_covariance
    from variances
),

headline as (
    select
        *,
        cuped_variance_reduction > 0 as is_cuped_headline,
        -- Without a clear reduction the adjustment is not made: CUPED equals the unadjusted estimate.
        revenue_lift_per_member - case
            when cuped_variance_reduction > 0
                then cuped_theta * (treatment_pre_revenue_mean - control_pre_revenue_mean)
            else 0
        end as cuped_revenue_lift_per_member,
        revenue_lift_std_error * sqrt(1 - cuped_variance_reduction) as cuped_revenue_lift_std_error
    from estimates
),

final as (
    select
        campaign_id,
        holdout_share,
        treatment_members,
        control_members,
        treatment_unresolved_keys,
        control_unresolved_keys,
        contaminated_customers,
        control_touched_members,
        window_orders,
        window_margin_imputed_orders,
        treatment_conversions,
        control_conversions,
        treatment_rate,
        control_rate,
        cast(conversions as double) / nullif(members, 0) as pooled_rate,
        absolute_lift,
        absolute_lift_std_error,
        {{ crosschannel.newcombe_interval(
            'treatment_conversions', 'treatment_members', 'control_conversions', 'control_members', 'low'
        ) }} as absolute_lift_ci_low,
        {{ crosschannel.newcombe_interval(
            'treatment_conversions', 'treatment_members', 'control_conversions', 'control_members', 'high'
        ) }} as absolute_lift_ci_high,
        adjusted_log_rate_ratio,
        log_rate_ratio_std_error,
        revenue_lift_per_member,
        revenue_lift_std_error,
        margin_lift_per_member,
        margin_lift_std_error,
        cuped_theta,
        cuped_variance_reduction,
        is_cuped_headline,
        cuped_revenue_lift_per_member,
        cuped_revenue_lift_std_error,
        revenue_conversion_lift_covariance
    from headline
)

select * from final
