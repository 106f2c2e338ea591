with

campaigns as (
    select
        campaign_id,
        name,
        channel,
        objective,
        start_at,
        end_at,
        cost,
        currency,
        holdout_share
    from {{ ref('base_marketing__campaigns') }}
    where quarantine_reason is null and version_rank = 1
),

final as (
    select
        campaign_id,
        name as campaign_name,
        channel,
        objective,
        start_at,
        end_at,
        cost,
        coalesce(upper(currency), '{{ var("crosschannel__default_currency") }}') as currency,
        holdout_share
    from campaigns
)

select * from final
