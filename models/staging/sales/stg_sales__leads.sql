with

leads as (
    select
        lead_id,
        created_at,
        channel,
        source_system,
        source_customer_id,
        cookie_id,
        email,
        phone,
        first_name,
        last_name,
        store_id,
        product_id,
        lead_type,
        quoted_amount,
        status,
        staged_at
    from {{ ref('base_sales__leads') }}
    where quarantine_reason is null and version_rank = 1
),

final as (
    select
        lead_id,
        created_at,
        channel,
        source_system,
        source_customer_id,
        cookie_id,
        email,
        phone,
        first_name,
        last_name,
        store_id,
        product_id,
        lead_type,
        quoted_amount,
        status as lead_status,
        staged_at
    from leads
)

select * from final
