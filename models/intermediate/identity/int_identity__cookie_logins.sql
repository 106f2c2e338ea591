{#- Every (cookie, web account) pair a logged-in event carries, once, with how many accounts were
    logged in on the cookie: the one scan of the events that the identity graph needs. -#}
with

events as (
    select
        cookie_id,
        account_id
    from {{ ref('stg_web__events') }}
    where account_id is not null
),

logins as (
    select distinct
        cookie_id,
        account_id
    from events
),

final as (
    select
        cookie_id,
        account_id,
        count(*) over (partition by cookie_id) as accounts_on_cookie
    from logins
)

select * from final
