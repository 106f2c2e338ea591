with

touches as (
    select
        campaign_id,
        audience_key_type,
        audience_key,
        touched_at,
        touch_type,
        staged_at
    from {{ ref('base_marketing__campaign_touches') }}
    where quarantine_reason is null and version_rank = 1
),

final as (
    select
        campaign_id,
        audience_key_type,
        audience_key,
        touched_at,
        touch_type,
        staged_at
    from touches
)

select * from final
