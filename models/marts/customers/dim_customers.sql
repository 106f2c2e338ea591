{#- The golden record without contact details (those are in pii.dim_customer_contacts): one row
    per customer, with its records per back office, when it was first and last seen, and its
    consent, where a refusal or an unsubscription anywhere wins over opt-ins elsewhere
    (int_customers__consent). -#}
with

customer_ids as (
    select
        node_id,
        customer_id,
        customer_created_at
    from {{ ref('int_identity__customer_ids') }}
),

customer_records as (
    select
        customer_id,
        source_system,
        email_key,
        phone_key,
        birth_date,
        created_at,
        updated_at,
        survivorship_rank
    from {{ ref('int_identity__customer_records') }}
),

consent as (
    select
        customer_id,
        has_email_opt_in,
        is_unsubscribed
    from {{ ref('int_customers__consent') }}
),

customers as (
    select
        customer_id,
        min(customer_created_at) as customer_id_assigned_at,
        count(case when node_id like 'cookie:%' then 1 end) as cookie_count
    from customer_ids
    group by customer_id
),

record_summary as (
    select
        customer_id,
        count(case when source_system = 'web' then 1 end) as web_account_count,
        count(case when source_system = 'store' then 1 end) as store_card_count,
        count(case when source_system = 'crm' then 1 end) as crm_contact_count,
        count(case when source_system = 'lead' then 1 end) as lead_count,
        min(created_at) as first_seen_at,
        max(updated_at) as last_seen_at,
        min_by(email_key, survivorship_rank) filter (where email_key is not null) as email_key,
        min_by(phone_key, survivorship_rank) filter (where phone_key is not null) as phone_key,
        min_by(birth_date, survivorship_rank) filter (where birth_date is not null) as birth_date
    from customer_records
    group by customer_id
),

final as (
    select
        customers.customer_id,
        customers.customer_id_assigned_at,
        record_summary.first_seen_at,
        record_summary.last_seen_at,
        coalesce(record_summary.web_account_count, 0) as web_account_count,
        coalesce(record_summary.store_card_count, 0) as store_card_count,
        coalesce(record_summary.crm_contact_count, 0) as crm_contact_count,
        coalesce(record_summary.lead_count, 0) as lead_count,
        customers.cookie_count,
        record_summary.email_key,
        record_summary.phone_key,
        cast(extract(year from record_summary.birth_date) as bigint) as birth_year,
        consent.has_email_opt_in,
        consent.is_unsubscribed
    from customers
    left join record_summary on customers.customer_id = record_summary.customer_id
    inner join consent on customers.customer_id = consent.customer_id
)

select * from final
