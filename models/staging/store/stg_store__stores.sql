with

stores as (
    select
        store_id,
        name,
        network,
        region,
        city,
        postal_code,
        opened_at,
        closed_at
    from {{ ref('base_store__stores') }}
    where quarantine_reason is null and version_rank = 1
),

final as (
    select
        store_id,
        name as store_name,
        network,
        region,
        city,
        postal_code,
        -- The contract names these *_at but they are dates.
        opened_at as opened_date,
        closed_at as closed_date
    from stores
)

select * from final
