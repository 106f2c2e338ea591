{#- The web session in which each web order was placed and each lead started or sent (the first
    event carrying the order or lead id), with the session's site and marketing channel: what
    the cross-channel report groups web sales and web leads by. -#}
with

conversion_events as (
    select
        case when order_id is not null then 'order' else 'lead' end as conversion_kind,
        coalesce(order_id, lead_id) as conversion_id,
        event_at,
        event_id,
        session_id
    from {{ ref('int_web__sessionized_events') }}
    where order_id is not null or lead_id is not null
),

first_events as (
    select
        conversion_kind,
        conversion_id,
        session_id,
        row_number() over (
            partition by conversion_kind, conversion_id order by event_at, event_id
        ) as event_rank
    from conversion_events
),

sessions as (
    select
        session_id,
        site_id,
        channel
    from {{ ref('int_web__sessions') }}
),

final as (
    select
        first_events.conversion_kind,
        first_events.conversion_id,
        first_events.session_id,
        sessions.site_id,
        sessions.channel
    from first_events
    inner join sessions on first_events.session_id = sessions.session_id
    where first_events.event_rank = 1
)

select * from final
