with

audience as (
    select
        campaign_id,
        audience_key_type,
        audience_key,
        assignment_group,
        assigned_at,
        staged_at
    from {{ ref('base_marketing__campaign_audience') }}
    where quarantine_reason is null and version_rank = 1
),

final as (
    select
        campaign_id,
        audience_key_type,
        audience_key,
        assignment_group,
        assigned_at,
        staged_at
    from audience
)

select * from final
