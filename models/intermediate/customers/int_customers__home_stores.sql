{#- Each customer's home store, where online activity with no store of its own is placed: the store
    of most of their store orders and store cards (ties: the most recent), else the open store
    nearest their postal code in the same département (first two digits; ties: the lowest
    store_id). The rule that placed it is home_store_rule. -#}
with

customer_ids as (
    select
        node_id,
        customer_id
    from {{ ref('int_identity__customer_ids') }}
),

store_orders as (
    select
        source_system,
        source_customer_id,
        store_id,
        ordered_at
    from {{ ref('stg_sales__orders') }}
    where channel = 'store' and store_id is not null
),

store_cards as (
    select
        store_customer_id,
        store_id,
        created_at
    from {{ ref('stg_store__customers') }}
    where store_id is not null
),

customer_records as (
    select
        customer_id,
        postal_code,
        survivorship_rank
    from {{ ref('int_identity__customer_records') }}
    where postal_code is not null
),

stores as (
    select
        store_id,
        postal_code
    from {{ ref('stg_store__stores') }}
    where closed_date is null and postal_code is not null
),

store_visits as (
    select
        customer_ids.customer_id,
        store_orders.store_id,
        store_orders.ordered_at as visited_at
    from store_orders
    inner join customer_ids
        on store_orders.source_system || ':' || store_orders.source_customer_id = customer_ids.node_id
    union all
    select
        customer_ids.customer_id,
        store_cards.store_id,
        store_cards.created_at as visited_at
    from store_cards
    inner join customer_ids on 'store:' || store_cards.store_customer_id = customer_ids.node_id
),

ranked_stores as (
    select
        customer_id,
        store_id,
        row_number() over (
            partition by customer_id
            order by count(*) desc, max(visited_at) desc, store_id
        ) as store_rank
    from store_visits
    group by customer_id, store_id
),

postal_codes as (
    select
        customer_id,
        postal_code,
        row_number() over (partition by customer_id order by survivorship_rank) as postal_rank
    from customer_records
),

home_postal_codes as (
    select
        customer_id,
        postal_code
    from postal_codes
    where postal_rank = 1
),

-- The nearest store depends on the postal code alone: stores are ranked once per postal code, not
-- once per customer.
distinct_postal_codes as (
    select distinct postal_code
    from home_postal_codes
),

postal_code_stores as (
    select
        distinct_postal_codes.postal_code,
        stores.store_id,
        row_number() over (
            partition by distinct_postal_codes.postal_code
            order by
                abs(
                    {{ crosschannel.cast_or_null('distinct_postal_codes.postal_code', 'integer') }}
                    - {{ crosschannel.cast_or_null('stores.postal_code', 'integer') }}
                ),
                stores.store_id
        ) as distance_rank
    from distinct_postal_codes
    inner join stores
        on substring(distinct_postal_codes.postal_code, 1, 2) = substring(stores.postal_code, 1, 2)
),

most_visited as (
    select
        customer_id,
        store_id
    from ranked_stores
    where store_rank = 1
),

nearest as (
    select
        home_postal_codes.customer_id,
        postal_code_stores.store_id
    from home_postal_codes
    inner join postal_code_stores
        on
            home_postal_codes.postal_code = postal_code_stores.postal_code
            and postal_code_stores.distance_rank = 1
),

final as (
    select
        coalesce(most_visited.customer_id, nearest.customer_id) as customer_id,
        coalesce(most_visited.store_id, nearest.store_id) as home_store_id,
        case when most_visited.store_id is not null then 'home_store' else 'nearest_store' end as home_store_rule
    from most_visited
    full outer join nearest on most_visited.customer_id = nearest.customer_id
)

select * from final
