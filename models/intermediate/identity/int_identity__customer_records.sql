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

records as (
    select
        node_id,
        source_system,
        source_record_id,
        normalized_email,
        normalized_phone,
        is_placeholder_email,
        is_placeholder_phone,
        email_key,
        phone_key,
        first_name,
        last_name,
        birth_date,
        postal_code,
        address_line,
        city,
        has_email_opt_in,
        is_unsubscribed,
        created_at,
        updated_at
    from {{ ref('int_identity__keyed_records') }}
),

final as (
    select
        customer_ids.customer_id,
        records.source_system,
        records.source_record_id,
        -- A placeholder is no contact detail: it never becomes the customer's.
        case when not records.is_placeholder_email then records.normalized_email end as email,
        case when not records.is_placeholder_phone then records.normalized_phone end as phone,
        case when not records.is_placeholder_email then records.email_key end as email_key,
        case when not records.is_placeholder_phone then records.phone_key end as phone_key,
        records.first_name,
        records.last_name,
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
    from records
    inner join customer_ids on records.node_id = customer_ids.node_id
)

select * from final
