{#- Every staged back-office record and lead with its contact details in match form and its
    deterministic match keys (salted hashes). The identity graph links records sharing a key;
    the normalised e-mail and phone stay in this layer. -#}
with

web_accounts as (
    select
        account_id,
        email,
        phone,
        first_name,
        last_name,
        birth_date,
        postal_code,
        loyalty_id
    from {{ ref('stg_web__accounts') }}
),

store_customers as (
    select
        store_customer_id,
        email,
        phone,
        first_name,
        last_name,
        birth_date,
        postal_code,
        loyalty_id
    from {{ ref('stg_store__customers') }}
),

crm_contacts as (
    select
        contact_id,
        email,
        phone,
        first_name,
        last_name,
        postal_code,
        loyalty_id
    from {{ ref('stg_crm__contacts') }}
),

leads as (
    select
        lead_id,
        email,
        phone,
        first_name,
        last_name
    from {{ ref('stg_sales__leads') }}
),

records as (
    select
        'web' as source_system,
        account_id as source_record_id,
        email,
        phone,
        first_name,
        last_name,
        birth_date,
        postal_code,
        loyalty_id
    from web_accounts
    union all
    select
        'store' as source_system,
        store_customer_id as source_record_id,
        email,
        phone,
        first_name,
        last_name,
        birth_date,
        postal_code,
        loyalty_id
    from store_customers
    union all
    select
        'crm' as source_system,
        contact_id as source_record_id,
        email,
        phone,
        first_name,
        last_name,
        null as birth_date,
        postal_code,
        loyalty_id
    from crm_contacts
    union all
    select
        'lead' as source_system,
        lead_id as source_record_id,
        email,
        phone,
        first_name,
        last_name,
        null as birth_date,
        null as postal_code,
        null as loyalty_id
    from leads
),

final as (
    select
        source_system,
        source_record_id,
        {{ crosschannel.normalize_email('email') }} as normalized_email,
        {{ crosschannel.normalize_phone('phone') }} as normalized_phone,
        {{ crosschannel.email_match_key('email') }} as email_key,
        {{ crosschannel.phone_match_key('phone') }} as phone_key,
        {{ crosschannel.loyalty_match_key('loyalty_id') }} as loyalty_key,
        {{ crosschannel.name_birth_date_match_key('first_name', 'last_name', 'birth_date') }}
            as name_birth_date_key,
        {{ crosschannel.name_unordered_birth_date_match_key('first_name', 'last_name', 'birth_date') }}
            as name_unordered_birth_date_key,
        {{ crosschannel.name_postal_code_match_key('first_name', 'last_name', 'postal_code') }}
            as name_postal_code_key,
        {{ crosschannel.last_name_birth_date_postal_code_match_key('last_name', 'birth_date', 'postal_code') }}
            as last_name_birth_date_postal_code_key
    from records
)

select * from final
