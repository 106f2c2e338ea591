{#- The four-dimension report, one table to pivot: sales (confirmed orders), quote and lead
    requests, traffic (sessions) and behaviour (what visitors did), per day (reporting time
    zone) x store x region x site x sales channel x marketing channel. Web sales and web leads
    carry the site and marketing channel of the session they happened in; orders, leads and
    sessions are placed at the store their allocation rule gives (int_sales__orders_enriched,
    int_sales__leads_allocated, int_web__sessions). Missing members are explicit, never NULL:
    store and region 'unallocated', site and marketing channel 'none' (store and call-centre
    activity). Every measure adds up across any dimension. -#}
{%- set measures = [
    'orders', 'units', 'revenue_eur', 'margin_eur',
    'leads', 'quotes', 'test_drives', 'appointments', 'callbacks',
    'sessions', 'identified_sessions', 'bounced_sessions', 'session_seconds',
    'page_views', 'product_views', 'searches', 'add_to_carts', 'lead_starts', 'lead_submits',
] %}
{%- set money = ['revenue_eur', 'margin_eur'] %}
with

orders as (
    select
        order_id,
        ordered_at,
        channel,
        store_id,
        site_id,
        quantity,
        revenue_eur,
        margin_eur
    from {{ ref('int_sales__orders_enriched') }}
    where order_status = 'confirmed'
),

leads as (
    select
        lead_id,
        created_at,
        channel,
        lead_type
    from {{ ref('stg_sales__leads') }}
),

allocated_leads as (
    select
        lead_id,
        store_id
    from {{ ref('int_sales__leads_allocated') }}
),

sessions as (
    select
        session_start_at,
        site_id,
        allocated_store_id,
        channel,
        customer_id,
        events,
        duration_seconds,
        page_views,
        product_views,
        searches,
        add_to_carts,
        lead_starts,
        lead_submits
    from {{ ref('int_web__sessions') }}
),

conversion_sessions as (
    select
        conversion_kind,
        conversion_id,
        site_id,
        channel
    from {{ ref('int_web__conversion_sessions') }}
),

stores as (
    select
        store_id,
        region
    from {{ ref('stg_store__stores') }}
),

activity as (
    select
        {{ crosschannel.reporting_date('orders.ordered_at') }} as activity_date,
        orders.store_id,
        coalesce(orders.site_id, conversion_sessions.site_id) as site_id,
        orders.channel as sales_channel,
        conversion_sessions.channel as marketing_channel,
        {{- crosschannel.zero_filled_columns(measures, {
            'orders': '1',
            'units': 'orders.quantity',
            'revenue_eur': 'orders.revenue_eur',
            'margin_eur': 'coalesce(orders.margin_eur, 0)',
        }, money) }}
    from orders
    left join conversion_sessions
        on
            conversion_sessions.conversion_kind = 'order'
            and orders.order_id = conversion_sessions.conversion_id
    union all
    select
        {{ crosschannel.reporting_date('leads.created_at') }} as activity_date,
        allocated_leads.store_id,
        conversion_sessions.site_id,
        leads.channel as sales_channel,
        conversion_sessions.channel as marketing_channel,
        {{- crosschannel.zero_filled_columns(measures, {
            'leads': '1',
            'quotes': "case when leads.lead_type = 'quote' then 1 else 0 end",
            'test_drives': "case when leads.lead_type = 'test_drive' then 1 else 0 end",
            'appointments': "case when leads.lead_type = 'appointment' then 1 else 0 end",
            'callbacks': "case when leads.lead_type = 'callback' then 1 else 0 end",
        }, money) }}
    from leads
    left join conversion_sessions
        on
            conversion_sessions.conversion_kind = 'lead'
            and leads.lead_id = conversion_sessions.conversion_id
    left join allocated_leads on leads.lead_id = allocated_leads.lead_id
    union all
    select
        {{ crosschannel.reporting_date('sessions.session_start_at') }} as activity_date,
        sessions.allocated_store_id as store_id,
        sessions.site_id,
        'web' as sales_channel,
        sessions.channel as marketing_channel,
        {{- crosschannel.zero_filled_columns(measures, {
            'sessions': '1',
            'identified_sessions': 'case when sessions.customer_id is not null then 1 else 0 end',
            'bounced_sessions': 'case when sessions.events = 1 then 1 else 0 end',
            'session_seconds': 'sessions.duration_seconds',
            'page_views': 'sessions.page_views',
            'product_views': 'sessions.product_views',
            'searches': 'sessions.searches',
            'add_to_carts': 'sessions.add_to_carts',
            'lead_starts': 'sessions.lead_starts',
            'lead_submits': 'sessions.lead_submits',
        }, money) }}
    from sessions
),

final as (
    select
        activity.activity_date,
        coalesce(activity.store_id, 'unallocated') as store_id,
        coalesce(stores.region, 'unallocated') as region,
        coalesce(activity.site_id, 'none') as site_id,
        activity.sales_channel,
        coalesce(activity.marketing_channel, 'none') as marketing_channel,
        cast(sum(activity.orders) as bigint) as orders,
        cast(sum(activity.units) as bigint) as units,
        cast(sum(activity.revenue_eur) as decimal(38, 2)) as revenue_eur,
        cast(sum(activity.margin_eur) as decimal(38, 2)) as margin_eur,
        cast(sum(activity.leads) as bigint) as leads,
        cast(sum(activity.quotes) as bigint) as quotes,
        cast(sum(activity.test_drives) as bigint) as test_drives,
        cast(sum(activity.appointments) as bigint) as appointments,
        cast(sum(activity.callbacks) as bigint) as callbacks,
        cast(sum(activity.sessions) as bigint) as sessions,
        cast(sum(activity.identified_sessions) as bigint) as identified_sessions,
        cast(sum(activity.bounced_sessions) as bigint) as bounced_sessions,
        cast(sum(activity.session_seconds) as bigint) as session_seconds,
        cast(sum(activity.page_views) as bigint) as page_views,
        cast(sum(activity.product_views) as bigint) as product_views,
        cast(sum(activity.searches) as bigint) as searches,
        cast(sum(activity.add_to_carts) as bigint) as add_to_carts,
        cast(sum(activity.lead_starts) as bigint) as lead_starts,
        cast(sum(activity.lead_submits) as bigint) as lead_submits
    from activity
    left join stores on activity.store_id = stores.store_id
    group by 1, 2, 3, 4, 5, 6
)

select * from final
