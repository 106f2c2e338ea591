{#- Every campaign audience key (from the audiences and the touches) with the customer it stands
    for: an id key (cookie, web account, store card, CRM contact) through its node of the identity
    graph, an e-mail or phone through the records carrying the same match key. A contact key
    several customers carry (a family address) is ambiguous and resolves to nobody, as does a key
    no record knows.

    Incremental by key: a run writes again (computed_at) the keys staged since its last run, the id
    keys whose node the id registry assigned since (a merge, a split, a new node, a node that left
    the graph or came back to it), the contact keys whose match key a record carries whose verdict
    was computed since (a new, changed or reassigned carrier: the key's verdict is computed again
    for all its carriers) or whose carrier was assigned since, and the kept contact keys that no
    record carries any more (nothing dates that). The rows keep the key's node_id and match_key, so
    that a run finds them by either. Such a run reads the keys staged since and its kept keys, not
    every staged row: raw rows are only appended, so staging keeps every key it held. -#}
{{ config(**crosschannel.incremental_by_key_config(['audience_key_type', 'audience_key'])) }}
-- depends_on: {{ ref('int_identity__customer_registry') }}
with

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

{% if is_incremental() -%}
kept_computed_at as (
    select {{ crosschannel.kept_watermark('computed_at') }} as computed_at
    from {{ this }}
),

restaged_keys as (
    select
        audience_key_type,
        audience_key
    from {{ ref('stg_marketing__campaign_audience') }}
    where staged_at > (select kept_computed_at.computed_at from kept_computed_at)
    union
    select
        audience_key_type,
        audience_key
    from {{ ref('stg_marketing__campaign_touches') }}
    where staged_at > (select kept_computed_at.computed_at from kept_computed_at)
),

reassigned_nodes as (
    select node_id
    from {{ ref('int_identity__customer_registry') }}
    where assigned_at > (select kept_computed_at.computed_at from kept_computed_at)
),

changed_match_keys as (
    select
        key_type,
        match_key
    from {{ ref('int_identity__record_keys') }}
    where
        key_type in ('email', 'phone')
        and (
            computed_at > (select kept_computed_at.computed_at from kept_computed_at)
            or node_id in (select reassigned_nodes.node_id from reassigned_nodes)
        )
),

kept_keys as (
    select
        audience_key_type,
        audience_key,
        node_id,
        match_key,
        candidate_customers
    from {{ this }}
),

affected_keys as (
    select
        audience_key_type,
        audience_key
    from restaged_keys
    union
    select
        kept_keys.audience_key_type,
        kept_keys.audience_key
    from kept_keys
    inner join reassigned_nodes on kept_keys.node_id = reassigned_nodes.node_id
    union
    select
        kept_keys.audience_key_type,
        kept_keys.audience_key
    from kept_keys
    inner join changed_match_keys
        on
            kept_keys.audience_key_type = changed_match_keys.key_type
            and kept_keys.match_key = changed_match_keys.match_key
    union
    -- A contact key that pointed at someone and that no record carries any more.
    select
        kept_keys.audience_key_type,
        kept_keys.audience_key
    from kept_keys
    left join record_keys
        on
            kept_keys.audience_key_type = record_keys.key_type
            and kept_keys.match_key = record_keys.match_key
    where kept_keys.match_key is not null and kept_keys.candidate_customers > 0 and record_keys.match_key is null
),

{% endif -%}
-- An incremental run reads the keys staged since and its kept keys (staging never loses a key), not every
-- staged row again (3M keys of 23M rows at 1M persons).
audience_keys as (
    {%- if is_incremental() %}
    select
        affected_keys.audience_key_type,
        affected_keys.audience_key
    from affected_keys
    {%- else %}
        select
            audience_key_type,
            audience_key
        from {{ ref('stg_marketing__campaign_audience') }}
        union
        select
            audience_key_type,
            audience_key
        from {{ ref('stg_marketing__campaign_touches') }}
    {%- endif %}
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
        end as resolution,
        keyed.node_id,
        keyed.match_key,
        {{ crosschannel.run_started_timestamp() }} as computed_at
    from keyed
    left join resolved
        on
            keyed.audience_key_type = resolved.audience_key_type
            and keyed.audience_key = resolved.audience_key
)

select * from final
