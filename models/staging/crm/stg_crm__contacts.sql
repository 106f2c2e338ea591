with

contacts as (
    select
        contact_id,
        email,
        phone,
        first_name,
        last_name,
        postal_code,
        loyalty_id,
        source,
        email_opt_in,
        unsubscribed_at,
        created_at,
        updated_at
    from {{ ref('base_crm__contacts') }}
    where quarantine_reason is null and version_rank = 1
),

final as (
    select
        contact_id,
        email,
        phone,
        first_name,
        last_name,
        postal_code,
        loyalty_id,
        source as contact_source,
        -- An unsubscription wins over an opt-in flag left set; consent not given is no consent.
        coalesce(email_opt_in, false) and unsubscribed_at is null as has_email_opt_in,
        unsubscribed_at,
        created_at,
        updated_at
    from contacts
)

select * from final
