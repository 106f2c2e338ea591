{#- Each customer's marketing consent, where a refusal or an unsubscription anywhere wins over
    opt-ins elsewhere: e-mail opt-in only when every back office that records consent has it and
    no record is unsubscribed. A lead form records no consent (NULL), so it neither gives nor
    withdraws it; a customer known by leads alone is not opted in. consent_state says the same in
    one word for the activation marts. Published in dim_customers and read by the score features. -#}
with

customer_ids as (
    select distinct customer_id
    from {{ ref('int_identity__customer_ids') }}
),

customer_records as (
    select
        customer_id,
        has_email_opt_in,
        is_unsubscribed
    from {{ ref('int_identity__customer_records') }}
),

record_consent as (
    select
        customer_id,
        coalesce(bool_and(has_email_opt_in), false) as has_email_opt_in,
        bool_or(is_unsubscribed) as is_unsubscribed
    from customer_records
    group by customer_id
),

final as (
    select
        customer_ids.customer_id,
        coalesce(record_consent.has_email_opt_in and not record_consent.is_unsubscribed, false)
            as has_email_opt_in,
        coalesce(record_consent.is_unsubscribed, false) as is_unsubscribed,
        case
            when record_consent.is_unsubscribed then 'unsubscribed'
            when record_consent.has_email_opt_in and not record_consent.is_unsubscribed then 'opted_in'
            else 'not_opted_in'
        end as consent_state
    from customer_ids
    left join record_consent on customer_ids.customer_id = record_consent.customer_id
)

select * from final
