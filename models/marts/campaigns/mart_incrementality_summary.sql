{#- The number management gets: campaigns rolled up over the whole period (network), per start
    month (reporting time zone), per channel and per objective, one typed row per cell: the period
    it covers, and the channel and objective ('all' when not split).
    Totals add campaigns up, each with its own variance: incremental conversions (customers) with
    each campaign's variance from its pooled adjusted rate, incremental revenue with the headline
    estimate's (CUPED where it reduces the variance), margin with its compound variance. iROAS is total incremental
    revenue over total cost; the value of an incremental customer is incremental revenue over
    incremental conversions (delta method with their covariance), and like the cost per incremental
    customer has no upper end (NULL, flagged) when the conversions interval reaches zero.
    The average relative lift is a DerSimonian-Laird random-effects mean of the campaigns' log
    rate ratios, with the between-campaign variance tau squared and the share of variation it
    explains (I squared): campaigns differ, and this says by how much.
    Campaigns flagged for a sample ratio mismatch are left out, counted and named. -#}
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
        control_conversions,
        incremental_conversions,
        incremental_conversions_std_error,
        headline_incremental_revenue_eur,
        headline_incremental_revenue_eur_std_error,
        incremental_margin_eur,
        incremental_margin_eur_std_error,
        incremental_revenue_conversions_covariance,
        cost_eur
    from {{ ref('mart_campaign_incrementality') }}
),

span as (
    select
        min(start_month) as first_month,
        max(start_month) as last_month
    from campaigns
),

campaign_cells as (
    {%- for level in ['network', 'month', 'channel', 'objective'] %}
        select
            '{{ level }}' as summary_level,
            {%- if level == 'month' %}
                campaigns.start_month as period_start,
                campaigns.start_month as period_last_month,
            {%- else %}
                span.first_month as period_start,
                span.last_month as period_last_month,
            {%- endif %}
            {{ 'campaigns.channel' if level == 'channel' else "'all'" }} as channel,
            {{ 'campaigns.objective' if level == 'objective' else "'all'" }} as objective,
            campaigns.*
        from campaigns
        cross join span
        {{ 'union all' if not loop.last }}
    {%- endfor %}
),

weighted as (
    select
        *,
        {{ crosschannel.adjusted_log_rate_ratio(
            'treatment_conversions', 'treatment_members', 'control_conversions', 'control_members'
        ) }} as log_rate_ratio,
        1 / {{ crosschannel.adjusted_log_rate_ratio_variance(
            'treatment_conversions', 'treatment_members', 'control_conversions', 'control_members'
        ) }} as fixed_weight
    from campaign_cells
    where not has_sample_ratio_mismatch and treatment_members > 0 and control_members > 0
),

heterogeneity as (
    select
        summary_level,
        period_start,
        channel,
        objective,
        count(*) as analysed_campaigns,
        sum(fixed_weight * log_rate_ratio * log_rate_ratio)
        - sum(fixed_weight * log_rate_ratio) * sum(fixed_weight * log_rate_ratio) / sum(fixed_weight)
            as cochran_q,
        sum(fixed_weight) - sum(fixed_weight * fixed_weight) / sum(fixed_weight) as weight_spread
    from weighted
    group by summary_level, period_start, channel, objective
),

between_campaigns as (
    select
        *,
        greatest(0, (cochran_q - (analysed_campaigns - 1)) / nullif(weight_spread, 0)) as tau_squared
    from heterogeneity
),

random_effects as (
    select
        weighted.summary_level,
        weighted.period_start,
        weighted.channel,
        weighted.objective,
        max(between_campaigns.cochran_q) as cochran_q,
        max(between_campaigns.analysed_campaigns) as analysed_campaigns,
        max(between_campaigns.tau_squared) as tau_squared,
        sum(weighted.log_rate_ratio / (1 / weighted.fixed_weight + coalesce(between_campaigns.tau_squared, 0)))
        / sum(1 / (1 / weighted.fixed_weight + coalesce(between_campaigns.tau_squared, 0))) as mean_log_rate_ratio,
        sqrt(1 / sum(1 / (1 / weighted.fixed_weight + coalesce(between_campaigns.tau_squared, 0))))
            as mean_log_rate_ratio_std_error
    from weighted
    inner join between_campaigns
        on
            weighted.summary_level = between_campaigns.summary_level
            and weighted.period_start = between_campaigns.period_start
            and weighted.channel = between_campaigns.channel
            and weighted.objective = between_campaigns.objective
    group by weighted.summary_level, weighted.period_start, weighted.channel, weighted.objective
),

totals as (
    select
        summary_level,
        period_start,
        channel,
        objective,
        count(*) as campaigns,
        cast(sum(treatment_members) as bigint) as treatment_members,
        cast(sum(control_members) as bigint) as control_members,
        sum(incremental_conversions) as incremental_conversions,
        sum(incremental_conversions_std_error * incremental_conversions_std_error)
            as incremental_conversions_variance,
        sum(headline_incremental_revenue_eur) as incremental_revenue_eur,
        sum(headline_incremental_revenue_eur_std_error * headline_incremental_revenue_eur_std_error)
            as incremental_revenue_variance,
        sum(incremental_margin_eur) as incremental_margin_eur,
        sum(incremental_margin_eur_std_error * incremental_margin_eur_std_error) as incremental_margin_variance,
        sum(incremental_revenue_conversions_covariance) as incremental_revenue_conversions_covariance,
        cast(sum(cost_eur) as decimal(38, 2)) as cost_eur
    from campaign_cells
    where not has_sample_ratio_mismatch
    group by summary_level, period_start, channel, objective
),

flagged as (
    select
        summary_level,
        period_start,
        channel,
        objective,
        count(*) as flagged_campaigns,
        {{ dbt.listagg('campaign_id', "', '", 'order by campaign_id') }} as flagged_campaign_ids
    from campaign_cells
    where has_sample_ratio_mismatch
    group by summary_level, period_start, channel, objective
),

cells as (
    -- Every cell with campaigns, and the network row even without any (it then adds up to zero).
    select distinct
        summary_level,
        period_start,
        period_last_month,
        channel,
        objective
    from campaign_cells
    union
    select
        'network' as summary_level,
        first_month as period_start,
        last_month as period_last_month,
        'all' as channel,
        'all' as objective
    from span
),

ratios as (
    select
        cells.summary_level,
        cells.period_start,
        cells.period_last_month,
        cells.channel,
        cells.objective,
        coalesce(totals.campaigns, 0) as campaigns,
        coalesce(flagged.flagged_campaigns, 0) as flagged_campaigns,
        flagged.flagged_campaign_ids,
        coalesce(totals.treatment_members, 0) as treatment_members,
        coalesce(totals.control_members, 0) as control_members,
        coalesce(totals.incremental_conversions, 0) as incremental_conversions,
        coalesce(totals.incremental_conversions_variance, 0) as incremental_conversions_variance,
        coalesce(totals.incremental_revenue_eur, 0) as incremental_revenue_eur,
        coalesce(totals.incremental_revenue_variance, 0) as incremental_revenue_variance,
        coalesce(totals.incremental_margin_eur, 0) as incremental_margin_eur,
        coalesce(totals.incremental_margin_variance, 0) as incremental_margin_variance,
        coalesce(totals.incremental_revenue_conversions_covariance, 0)
            as incremental_revenue_conversions_covariance,
        coalesce(totals.cost_eur, 0) as cost_eur,
        random_effects.analysed_campaigns,
        random_effects.cochran_q,
        random_effects.tau_squared,
        random_effects.mean_log_rate_ratio,
        random_effects.mean_log_rate_ratio_std_error,
        {{ crosschannel.normal_interval(
            'coalesce(totals.incremental_conversions, 0)', 'sqrt(coalesce(totals.incremental_conversions_variance, 0))',
            'low'
        ) }} as incremental_conversions_ci_low,
        {{ crosschannel.normal_interval(
            'coalesce(totals.incremental_conversions, 0)', 'sqrt(coalesce(totals.incremental_conversions_variance, 0))',
            'high'
        ) }} as incremental_conversions_ci_high,
        totals.incremental_revenue_eur / nullif(totals.incremental_conversions, 0)
            as revenue_per_incremental_customer_eur
    from cells
    left join totals
        on
            cells.summary_level = totals.summary_level
            and cells.period_start = totals.period_start
            and cells.channel = totals.channel
            and cells.objective = totals.objective
    left join flagged
        on
            cells.summary_level = flagged.summary_level
            and cells.period_start = flagged.period_start
            and cells.channel = flagged.channel
            and cells.objective = flagged.objective
    left join random_effects
        on
            cells.summary_level = random_effects.summary_level
            and cells.period_start = random_effects.period_start
            and cells.channel = random_effects.channel
            and cells.objective = random_effects.objective
),

value_per_customer as (
    -- Delta method for a ratio of two correlated sums: var(R) = (var_A + R^2 var_B - 2 R cov) / B^2.
    select
        *,
        sqrt(greatest(
            0,
            incremental_revenue_variance
            + revenue_per_incremental_customer_eur * revenue_per_incremental_customer_eur
            * incremental_conversions_variance
            - 2 * revenue_per_incremental_customer_eur * incremental_revenue_conversions_covariance
        )) / nullif(incremental_conversions, 0) as revenue_per_incremental_customer_std_error
    from ratios
),

measured as (
    select
        summary_level,
        period_start,
        cast({{ dbt.last_day('period_last_month', 'month') }} as date) as period_end,
        channel,
        objective,
        campaigns,
        flagged_campaigns,
        coalesce(flagged_campaign_ids, '') as flagged_campaign_ids,
        treatment_members,
        control_members,
        incremental_conversions,
        incremental_conversions_ci_low,
        incremental_conversions_ci_high,
        exp(mean_log_rate_ratio) - 1 as relative_lift,
        exp({{ crosschannel.normal_interval('mean_log_rate_ratio', 'mean_log_rate_ratio_std_error', 'low') }}) - 1
            as relative_lift_ci_low,
        exp({{ crosschannel.normal_interval('mean_log_rate_ratio', 'mean_log_rate_ratio_std_error', 'high') }}) - 1
            as relative_lift_ci_high,
        tau_squared as relative_lift_tau_squared,
        case
            when cochran_q > 0 then greatest(0, (cochran_q - (analysed_campaigns - 1)) / cochran_q)
        end as relative_lift_i_squared,
        incremental_revenue_eur,
        {{ crosschannel.normal_interval('incremental_revenue_eur', 'sqrt(incremental_revenue_variance)', 'low') }}
            as incremental_revenue_eur_ci_low,
        {{ crosschannel.normal_interval('incremental_revenue_eur', 'sqrt(incremental_revenue_variance)', 'high') }}
            as incremental_revenue_eur_ci_high,
        incremental_margin_eur,
        {{ crosschannel.normal_interval('incremental_margin_eur', 'sqrt(incremental_margin_variance)', 'low') }}
            as incremental_margin_eur_ci_low,
        {{ crosschannel.normal_interval('incremental_margin_eur', 'sqrt(incremental_margin_variance)', 'high') }}
            as incremental_margin_eur_ci_high,
        cost_eur,
        incremental_revenue_eur / nullif(cost_eur, 0) as iroas,
        {{ crosschannel.normal_interval('incremental_revenue_eur', 'sqrt(incremental_revenue_variance)', 'low') }}
        / nullif(cost_eur, 0) as iroas_ci_low,
        {{ crosschannel.normal_interval('incremental_revenue_eur', 'sqrt(incremental_revenue_variance)', 'high') }}
        / nullif(cost_eur, 0) as iroas_ci_high,
        case when incremental_conversions > 0 then cost_eur / incremental_conversions end
            as cost_per_incremental_customer_eur,
        case when incremental_conversions_ci_high > 0 then cost_eur / incremental_conversions_ci_high end
            as cost_per_incremental_customer_eur_ci_low,
        case when incremental_conversions_ci_low > 0 then cost_eur / incremental_conversions_ci_low end
            as cost_per_incremental_customer_eur_ci_high,
        coalesce(incremental_conversions_ci_low > 0, false) as is_per_incremental_customer_bounded,
        case when incremental_conversions > 0 then revenue_per_incremental_customer_eur end
            as revenue_per_incremental_customer_eur,
        case
            when incremental_conversions_ci_low > 0
                then {{ crosschannel.normal_interval(
                    'revenue_per_incremental_customer_eur', 'revenue_per_incremental_customer_std_error', 'low'
                ) }}
        end as revenue_per_incremental_customer_eur_ci_low,
        case
            when incremental_conversions_ci_low > 0
                then {{ crosschannel.normal_interval(
                    'revenue_per_incremental_customer_eur', 'revenue_per_incremental_customer_std_error', 'high'
                ) }}
        end as revenue_per_incremental_customer_eur_ci_high
    from value_per_customer
),

final as (
    -- Money in euros as DECIMAL(18, 2), rounded to the cent: the marts' one money type.
    select
        summary_level,
        period_start,
        period_end,
        channel,
        objective,
        campaigns,
        flagged_campaigns,
        flagged_campaign_ids,
        treatment_members,
        control_members,
        incremental_conversions,
        incremental_conversions_ci_low,
        incremental_conversions_ci_high,
        relative_lift,
        relative_lift_ci_low,
        relative_lift_ci_high,
        relative_lift_tau_squared,
        relative_lift_i_squared,
        {{ crosschannel.money_eur('incremental_revenue_eur') }} as incremental_revenue_eur,
        {{ crosschannel.money_eur('incremental_revenue_eur_ci_low') }}
            as incremental_revenue_eur_ci_low,
        {{ crosschannel.money_eur('incremental_revenue_eur_ci_high') }}
            as incremental_revenue_eur_ci_high,
        {{ crosschannel.money_eur('incremental_margin_eur') }} as incremental_margin_eur,
        {{ crosschannel.money_eur('incremental_margin_eur_ci_low') }}
            as incremental_margin_eur_ci_low,
        {{ crosschannel.money_eur('incremental_margin_eur_ci_high') }}
            as incremental_margin_eur_ci_high,
        cost_eur,
        iroas,
        iroas_ci_low,
        iroas_ci_high,
        {{ crosschannel.money_eur('cost_per_incremental_customer_eur') }}
            as cost_per_incremental_customer_eur,
        {{ crosschannel.money_eur('cost_per_incremental_customer_eur_ci_low') }}
            as cost_per_incremental_customer_eur_ci_low,
        {{ crosschannel.money_eur('cost_per_incremental_customer_eur_ci_high') }}
            as cost_per_incremental_customer_eur_ci_high,
        is_per_incremental_customer_bounded,
        {{ crosschannel.money_eur('revenue_per_incremental_customer_eur') }}
            as revenue_per_incremental_customer_eur,
        {{ crosschannel.money_eur('revenue_per_incremental_customer_eur_ci_low') }}
            as revenue_per_incremental_customer_eur_ci_low,
        {{ crosschannel.money_eur('revenue_per_incremental_customer_eur_ci_high') }}
            as revenue_per_incremental_customer_eur_ci_high
    from measured
)

select * from final
