{#- The instant the activation marts count their windows back from: the end of the data, the
    latest session end or confirmed order of anyone (anonymous visitors included). Read from the
    data rather than the clock, so that a build of the same data gives the same audiences and
    segments whenever it runs. One row; NULL before any session or order. -#}
with

sessions as (
    select session_end_at
    from {{ ref('int_web__sessions') }}
),

orders as (
    select ordered_at
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed'
),

ends as (
    select max(session_end_at) as happened_at from sessions
    union all
    select max(ordered_at) as happened_at from orders
),

final as (
    select max(happened_at) as as_of_at
    from ends
)

select * from final
