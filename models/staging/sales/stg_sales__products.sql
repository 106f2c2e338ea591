with

products as (
    select
        product_id,
        name,
        category,
        list_price
    from {{ ref('base_sales__products') }}
    where quarantine_reason is null and version_rank = 1
),

final as (
    select
        product_id,
        name as product_name,
        lower(category) as product_category,
        list_price
    from products
)

select * from final
