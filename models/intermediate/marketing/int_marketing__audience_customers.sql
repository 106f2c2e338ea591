{#- Every campaign audience key (from the audiences and the touches) with the customer it stands
    for: an id key (cookie, web account, store card, CRM contact) through its node of the identity
    graph, an e-mail or phone through the records carrying the same match key. A contact key
    several customers carry (a family address) is ambiguous and resolves to nobody, as does a key
    no record knows. -#}
with

audience_keys as (
    select
        audience_key_type,
        audience_key
    from {{ ref('stg_marketing__campaign_audience') }}
    union
    select
        audience_key_type,
        audience_key
    from {{ ref('stg_marketing__campaign_touches') }}
),

customer_ids as (
    select
        node_id,
        customer_id
    from {{ ref('int_identity__customer_ids') }}
),

record_keys as (
    select
        node_id,
        key_type,
        match_key
    from {{ ref('int_identity__record_keys') }}
    where key_type in ('email', 'phone')
),

keyed as (
    select
        audience_key_type,
        audience_key,
        case audience_key_type
            when 'email' then {{ crosschannel.email_match_key('audience_key') }}
            when 'phone' then {{ crosschannel.phone_match_key('audience_key') }}
        end as match_key,
        case audience_key_type
            when 'cookie_id' then 'cookie:' || audience_key
            when 'account_id' then 'web:' || audience_key
            when 'store_customer_id' then 'store:' || audience_key
            when 'contact_id' then 'crm:' || audience_key
        end as node_id
    from audience_keys
),

candidates as (
    select
        keyed.audience_key_type,
        keyed.audience_key,
        customer_ids.customer_id
    from keyed
    inner join customer_ids on keyed.node_id = customer_ids.node_id
    union
    select
        keyed.audience_key_type,
        keyed.audience_key,
        customer_ids.customer_id
    from keyed
    inner join record_keys
        on
            keyed.audience_key_type = record_keys.key_type
            and keyed.match_key = record_keys.match_key
    inner join customer_ids on record_keys.node_id = customer_ids.node_id
),

resolved as (
    select
        audience_key_type,
        audience_key,
        min(customer_id) as customer_id,
        count(distinct customer_id) as candidate_customers
    from candidates
    group by audience_key_type, audience_key
),

final as (
    select
        keyed.audience_key_type,
        keyed.audience_key,
        case when resolved.candidate_customers = 1 then resolved.customer_id end as customer_id,
        coalesce(resolved.candidate_customers, 0) as candidate_customers,
        case
            when resolved.candidate_customers = 1 then 'resolved'
            when resolved.candidate_customers > 1 then 'ambiguous_key'
            else 'unknown_key'
        end as resolution
    from keyed
    left join resolved
        on
            keyed.audience_key_type = resolved.audience_key_type
            and keyed.audience_key = resolved.audience_key
)

select * from final
