with

events as (
    select
        event_id,
        event_at,
        cookie_id,
        account_id,
        site_id,
        event_type,
        product_id,
        lead_id,
        order_id,
        utm_source,
        utm_medium,
        utm_campaign,
        referrer,
        device,
        staged_at
    from {{ ref('base_web__events') }}
    where quarantine_reason is null and version_rank = 1
),

final as (
    select
        event_id,
        event_at,
        cookie_id,
        account_id,
        site_id,
        event_type,
        product_id,
        lead_id,
        order_id,
        lower(utm_source) as utm_source,
        lower(utm_medium) as utm_medium,
        utm_campaign,
        referrer,
        device,
        staged_at
    from events
)

select * from final
