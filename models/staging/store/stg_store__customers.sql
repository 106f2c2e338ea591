with

customers as (
    select
        store_customer_id,
        store_id,
        email,
        phone,
        first_name,
        last_name,
        birth_date,
        postal_code,
        address_line,
        city,
        loyalty_id,
        email_opt_in,
        created_at,
        updated_at
    from {{ ref('base_store__customers') }}
    where quarantine_reason is null and version_rank = 1
),

final as (
    select
        store_customer_id,
        store_id,
        email,
        phone,
        first_name,
        last_name,
        birth_date,
        postal_code,
        address_line,
        city,
        loyalty_id,
        -- Consent not given is no consent.
        coalesce(email_opt_in, false) as has_email_opt_in,
        created_at,
        updated_at
    from customers
)

select * from final
