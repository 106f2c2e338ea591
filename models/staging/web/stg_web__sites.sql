with

sites as (
    select
        site_id,
        name,
        kind,
        store_id
    from {{ ref('base_web__sites') }}
    where quarantine_reason is null and version_rank = 1
),

final as (
    select
        site_id,
        name as site_name,
        kind as site_kind,
        store_id
    from sites
)

select * from final
