{#- Every staged back-office record and lead with its customer_id, usable contact details, consent
    and its rank for the golden record: sources in the order of crosschannel__source_trust, the
    newest record first within a source. -#}
{%- set source_trust = var('crosschannel__source_trust') -%}

with

customer_ids as (
    select
        node_id,
        customer_id
    from {{ ref('int_identity__customer_ids') }}
),

web_accounts as (
    select
        'web' as source_system,
        account_id as source_record_id,
        email,
        phone,
        first_name,
        last_name,
        birth_date,
        postal_code,
        cast(null as {{ dbt.type_string() }}) as address_line,
        cast(null as {{ dbt.type_string() }}) as city,
        has_email_opt_in,
        false as is_unsubscribed,
        created_at,
        updated_at
    from {{ ref('stg_web__accounts') }}
),

store_customers as (
    select
        'store' as source_system,
        store_customer_id as source_record_id,
        email,
        phone,
        first_name,
        last_name,
        birth_date,
        postal_code,
        address_line,
        city,
        has_email_opt_in,
        false as is_unsubscribed,
        created_at,
        updated_at
    from {{ ref('stg_store__customers') }}
),

crm_contacts as (
    select
        'crm' as source_system,
        contact_id as source_record_id,
        email,
        phone,
        first_name,
        last_name,
        cast(null as date) as birth_date,
        postal_code,
        cast(null as {{ dbt.type_string() }}) as address_line,
        cast(null as {{ dbt.type_string() }}) as city,
        has_email_opt_in,
        unsubscribed_at is not null as is_unsubscribed,
        created_at,
        updated_at
    from {{ ref('stg_crm__contacts') }}
),

leads as (
    select
        'lead' as source_system,
        lead_id as source_record_id,
        email,
        phone,
        first_name,
        last_name,
        cast(null as date) as birth_date,
        cast(null as {{ dbt.type_string() }}) as postal_code,
        cast(null as {{ dbt.type_string() }}) as address_line,
        cast(null as {{ dbt.type_string() }}) as city,
        -- A lead form asks for no marketing consent: it neither gives nor withdraws it.
        cast(null as boolean) as has_email_opt_in,
        false as is_unsubscribed,
        created_at,
        created_at as updated_at
    from {{ ref('stg_sales__leads') }}
),

records as (
    select * from web_accounts
    union all
    select * from store_customers
    union all
    select * from crm_contacts
    union all
    select * from leads
),

usable_contacts as (
    select
        *,
        {{ crosschannel.normalize_email('email') }} as normalized_email,
        {{ crosschannel.normalize_phone('phone') }} as normalized_phone
    from records
),

final as (
    select
        customer_ids.customer_id,
        records.source_system,
        records.source_record_id,
        -- A placeholder is no contact detail: it never becomes the customer's.
        case
            when not {{ crosschannel.is_placeholder_email('records.normalized_email') }}
                then records.normalized_email
        end as email,
        case
            when not {{ crosschannel.is_placeholder_phone('records.normalized_phone') }}
                then records.normalized_phone
        end as phone,
        case
            when not {{ crosschannel.is_placeholder_email('records.normalized_email') }}
                then {{ crosschannel.email_match_key('records.email') }}
        end as email_key,
        case
            when not {{ crosschannel.is_placeholder_phone('records.normalized_phone') }}
                then {{ crosschannel.phone_match_key('records.phone') }}
        end as phone_key,
        nullif(trim(records.first_name), '') as first_name,
        nullif(trim(records.last_name), '') as last_name,
        records.birth_date,
        records.postal_code,
        records.address_line,
        records.city,
        records.has_email_opt_in,
        records.is_unsubscribed,
        records.created_at,
        records.updated_at,
        row_number() over (
            partition by customer_ids.customer_id
            order by
                case records.source_system
                    {%- for source_system in source_trust %}
                        when '{{ source_system }}' then {{ loop.index }}
                    {%- endfor %}
                    else {{ source_trust | length + 1 }}
                end,
                records.updated_at desc,
                records.source_record_id asc
        ) as survivorship_rank
    from usable_contacts as records
    inner join customer_ids
        on records.source_system || ':' || records.source_record_id = customer_ids.node_id
)

select * from final
