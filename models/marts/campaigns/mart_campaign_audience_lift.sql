{#- What each randomised campaign did to the members who were in each audience of seed
    audience_rules at the campaign's start (int_campaigns__audience_members): each intent audience
    (retargeting, test_drive_push; cohort none) and each look-alike cohort (for the campaigns
    starting after the look-alike's backtest cutoff). Being in the audience is decided before the campaign, so
    within it the hold-out is still random: treatment against control gives the audience's own
    lift (Newcombe interval) and rate ratio (delta method on shrunk rates). A campaign is from the audience when seed
    campaign_audience_tags names it, or when at least crosschannel__audience_match_share of its
    analysed units were in the audience (all its cohorts) at its start (matched by members). -#}
{%- set match_share = var('crosschannel__audience_match_share') %}
with

intent_rules as (
    select audience_name
    from {{ ref('audience_rules') }}
    where audience_kind in ('retargeting', 'test_drive_push')
),

tags as (
    select
        campaign_id,
        audience_name
    from {{ ref('campaign_audience_tags') }}
),

campaigns as (
    select
        campaign_id,
        campaign_name,
        channel,
        start_at
    from {{ ref('stg_marketing__campaigns') }}
),

members as (
    select
        campaign_id,
        unit_id,
        customer_id,
        assignment_group,
        case when is_converted then 1 else 0 end as converted
    from {{ ref('int_campaigns__members') }}
    where assignment_group in ('treatment', 'control')
),

in_audience as (
    select
        campaign_id,
        audience_name,
        cohort,
        customer_id
    from {{ ref('int_campaigns__audience_members') }}
),

-- Every intent audience in every campaign (even without members), and each look-alike cohort
-- found among a campaign's members.
segments as (
    select
        campaigns.campaign_id,
        intent_rules.audience_name,
        'none' as cohort
    from campaigns
    cross join intent_rules
    union
    select
        campaign_id,
        audience_name,
        cohort
    from in_audience
    where cohort != 'none'
),

campaign_rules as (
    select
        campaigns.campaign_id,
        campaigns.campaign_name,
        campaigns.channel,
        campaigns.start_at,
        segments.audience_name,
        segments.cohort
    from campaigns
    inner join segments on campaigns.campaign_id = segments.campaign_id
),

statistics as (
    select
        campaign_rules.campaign_id,
        campaign_rules.audience_name,
        campaign_rules.cohort,
        count(members.unit_id) as analysed_members,
        count(in_audience.customer_id) as audience_members,
        count(case when in_audience.customer_id is not null and members.assignment_group = 'treatment' then 1 end)
            as treatment_members,
        count(case when in_audience.customer_id is not null and members.assignment_group = 'control' then 1 end)
            as control_members,
        count(case
            when
                in_audience.customer_id is not null and members.assignment_group = 'treatment'
                and members.converted = 1
                then 1
        end) as treatment_conversions,
        count(case
            when
                in_audience.customer_id is not null and members.assignment_group = 'control'
                and members.converted = 1
                then 1
        end) as control_conversions
    from campaign_rules
    inner join members on campaign_rules.campaign_id = members.campaign_id
    left join in_audience
        on
            campaign_rules.audience_name = in_audience.audience_name
            and campaign_rules.cohort = in_audience.cohort
            and members.campaign_id = in_audience.campaign_id
            and members.customer_id = in_audience.customer_id
    group by campaign_rules.campaign_id, campaign_rules.audience_name, campaign_rules.cohort
),

estimated as (
    select
        campaign_rules.campaign_id,
        campaign_rules.campaign_name,
        campaign_rules.channel,
        campaign_rules.start_at,
        campaign_rules.audience_name,
        campaign_rules.cohort,
        tags.campaign_id is not null as is_tagged,
        statistics.analysed_members,
        statistics.audience_members,
        cast(statistics.audience_members as double) / nullif(statistics.analysed_members, 0) as audience_share,
        -- Matching by members looks at the whole audience, all its cohorts together.
        cast(sum(statistics.audience_members) over (
            partition by campaign_rules.campaign_id, campaign_rules.audience_name
        ) as double) / nullif(statistics.analysed_members, 0) as whole_audience_share,
        statistics.treatment_members,
        statistics.control_members,
        statistics.treatment_conversions,
        statistics.control_conversions,
        cast(statistics.treatment_conversions as double) / nullif(statistics.treatment_members, 0)
            as treatment_conversion_rate,
        cast(statistics.control_conversions as double) / nullif(statistics.control_members, 0)
            as control_conversion_rate,
        case
            when statistics.treatment_members > 0 and statistics.control_members > 0
                then {{ crosschannel.adjusted_log_rate_ratio(
                    'statistics.treatment_conversions', 'statistics.treatment_members',
                    'statistics.control_conversions', 'statistics.control_members'
                ) }}
        end as log_rate_ratio,
        case
            when statistics.treatment_members > 0 and statistics.control_members > 0
                then sqrt({{ crosschannel.adjusted_log_rate_ratio_variance(
                    'statistics.treatment_conversions', 'statistics.treatment_members',
                    'statistics.control_conversions', 'statistics.control_members'
                ) }})
        end as log_rate_ratio_std_error,
        {{ crosschannel.newcombe_interval(
            'statistics.treatment_conversions', 'statistics.treatment_members',
            'statistics.control_conversions', 'statistics.control_members', 'low'
        ) }} as absolute_lift_ci_low,
        {{ crosschannel.newcombe_interval(
            'statistics.treatment_conversions', 'statistics.treatment_members',
            'statistics.control_conversions', 'statistics.control_members', 'high'
        ) }} as absolute_lift_ci_high
    from campaign_rules
    inner join statistics
        on
            campaign_rules.campaign_id = statistics.campaign_id
            and campaign_rules.audience_name = statistics.audience_name
            and campaign_rules.cohort = statistics.cohort
    left join tags
        on
            campaign_rules.campaign_id = tags.campaign_id
            and campaign_rules.audience_name = tags.audience_name
),

final as (
    select
        campaign_id,
        campaign_name,
        channel,
        start_at,
        audience_name,
        cohort,
        is_tagged,
        coalesce(whole_audience_share >= {{ match_share }}, false) as is_matched_by_members,
        is_tagged or coalesce(whole_audience_share >= {{ match_share }}, false) as is_campaign_from_audience,
        analysed_members,
        audience_members,
        audience_share,
        treatment_members,
        control_members,
        treatment_conversions,
        control_conversions,
        treatment_conversion_rate,
        control_conversion_rate,
        treatment_conversion_rate - control_conversion_rate as absolute_lift,
        absolute_lift_ci_low,
        absolute_lift_ci_high,
        exp(log_rate_ratio) as conversion_rate_ratio,
        exp(log_rate_ratio - {{ crosschannel.z_95() }} * log_rate_ratio_std_error) as conversion_rate_ratio_ci_low,
        exp(log_rate_ratio + {{ crosschannel.z_95() }} * log_rate_ratio_std_error) as conversion_rate_ratio_ci_high
    from estimated
)

select * from final
