{#- Web orders (confirmed) and web quotes per month, selling site and the store last visited
    before them, for pivoting: reverse ROPO share = reverse_ropo_conversions / conversions. -#}
with

conversions as (
    select
        conversion_type,
        converted_at,
        conversion_status,
        site_id,
        last_store_id,
        last_store_touch_type,
        is_reverse_ropo,
        value_eur
    from {{ ref('fct_reverse_ropo_conversions') }}
    where conversion_type = 'web_quote' or conversion_status = 'confirmed'
),

stores as (
    select
        store_id,
        region
    from {{ ref('stg_store__stores') }}
),

final as (
    select
        cast({{ dbt.date_trunc('month', crosschannel.reporting_date('conversions.converted_at')) }} as date)
            as conversion_month,
        conversions.conversion_type,
        coalesce(conversions.site_id, 'none') as site_id,
        coalesce(conversions.last_store_id, 'none') as last_store_id,
        coalesce(stores.region, 'none') as last_store_region,
        coalesce(conversions.last_store_touch_type, 'none') as last_store_touch_type,
        count(*) as conversions,
        count(case when conversions.is_reverse_ropo then 1 end) as reverse_ropo_conversions,
        cast(sum(conversions.value_eur) as decimal(38, 2)) as value_eur,
        cast(sum(case when conversions.is_reverse_ropo then conversions.value_eur else 0 end) as decimal(38, 2))
            as reverse_ropo_value_eur
    from conversions
    left join stores on conversions.last_store_id = stores.store_id
    group by 1, 2, 3, 4, 5, 6
)

select * from final
