with

accounts as (
    select
        account_id,
        site_id,
        email,
        phone,
        first_name,
        last_name,
        birth_date,
        postal_code,
        loyalty_id,
        email_opt_in,
        created_at,
        updated_at
    from {{ ref('base_web__accounts') }}
    where quarantine_reason is null and version_rank = 1
),

final as (
    select
        account_id,
        site_id,
        email,
        phone,
        first_name,
        last_name,
        birth_date,
        postal_code,
        loyalty_id,
        -- Consent not given is no consent.
        coalesce(email_opt_in, false) as has_email_opt_in,
        created_at,
        updated_at
    from accounts
)

select * from final
