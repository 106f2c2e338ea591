{#- What the ROPO estimate needs to know of each customer's web presence: whether they have a web
    account (only then can a cookie of theirs log in), and the cookies they sent web leads from -
    leaving out leads a web order converted, since buying on the web forces a login - with how many
    of those cookies carry a login (of at most crosschannel__max_accounts_per_cookie accounts). -#}
with

customer_nodes as (
    select
        node_id,
        customer_id
    from {{ ref('int_identity__customer_ids') }}
),

web_leads as (
    select
        lead_id,
        cookie_id
    from {{ ref('stg_sales__leads') }}
    where channel = 'web' and cookie_id is not null
),

web_converted_leads as (
    select distinct lead_id
    from {{ ref('int_sales__orders_enriched') }}
    where channel = 'web' and lead_id is not null
),

logged_in_cookies as (
    select distinct cookie_id
    from {{ ref('int_identity__cookie_logins') }}
    where accounts_on_cookie <= {{ var('crosschannel__max_accounts_per_cookie') }}
),

account_holders as (
    select distinct customer_id
    from customer_nodes
    where node_id like 'web:%'
),

lead_cookies as (
    select distinct
        customer_nodes.customer_id,
        web_leads.cookie_id,
        logged_in_cookies.cookie_id is not null as is_logged_in
    from web_leads
    inner join customer_nodes on 'lead:' || web_leads.lead_id = customer_nodes.node_id
    left join web_converted_leads on web_leads.lead_id = web_converted_leads.lead_id
    left join logged_in_cookies on web_leads.cookie_id = logged_in_cookies.cookie_id
    where web_converted_leads.lead_id is null
),

lead_cookie_counts as (
    select
        customer_id,
        count(*) as web_lead_cookies,
        count(case when is_logged_in then 1 end) as logged_in_web_lead_cookies
    from lead_cookies
    group by customer_id
),

customers as (
    select customer_id from account_holders
    union
    select customer_id from lead_cookie_counts
),

final as (
    select
        customers.customer_id,
        account_holders.customer_id is not null as has_web_account,
        coalesce(lead_cookie_counts.web_lead_cookies, 0) as web_lead_cookies,
        coalesce(lead_cookie_counts.logged_in_web_lead_cookies, 0) as logged_in_web_lead_cookies
    from customers
    left join account_holders on customers.customer_id = account_holders.customer_id
    left join lead_cookie_counts on customers.customer_id = lead_cookie_counts.customer_id
)

select * from final
