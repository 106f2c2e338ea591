{#- Every staged lead with its customer (through the identity graph), the site it was made on (the
    session that started or sent it) and the store it is placed at, with the rule that placed it
    (store_allocation: the agency of that white-label site, the store the lead names, the
    customer's home store). -#}
with

leads as (
    select
        lead_id,
        store_id
    from {{ ref('stg_sales__leads') }}
),

customer_ids as (
    select
        node_id,
        customer_id
    from {{ ref('int_identity__customer_ids') }}
),

lead_sessions as (
    select
        conversion_id as lead_id,
        site_id
    from {{ ref('int_web__conversion_sessions') }}
    where conversion_kind = 'lead'
),

sites as (
    select
        site_id,
        store_id
    from {{ ref('stg_web__sites') }}
),

home_stores as (
    select
        customer_id,
        home_store_id,
        home_store_rule
    from {{ ref('int_customers__home_stores') }}
),

stores as (
    select
        store_id,
        region
    from {{ ref('stg_store__stores') }}
),

allocated as (
    select
        leads.lead_id,
        customer_ids.customer_id,
        lead_sessions.site_id,
        {{ crosschannel.store_allocation(
            'sites.store_id', 'leads.store_id', 'home_stores.home_store_id', 'home_stores.home_store_rule'
        ) }}
    from leads
    left join customer_ids on 'lead:' || leads.lead_id = customer_ids.node_id
    left join lead_sessions on leads.lead_id = lead_sessions.lead_id
    left join sites on lead_sessions.site_id = sites.site_id
    left join home_stores on customer_ids.customer_id = home_stores.customer_id
),

final as (
    select
        allocated.lead_id,
        allocated.customer_id,
        allocated.site_id,
        allocated.allocated_store_id as store_id,
        stores.region as store_region,
        allocated.allocation_rule
    from allocated
    left join stores on allocated.allocated_store_id = stores.store_id
)

select * from final
