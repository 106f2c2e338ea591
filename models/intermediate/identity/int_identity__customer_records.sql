{#- Every staged back-office record and lead with its customer_id, usable contact details, consent
    and its rank for the golden record: sources in the order of crosschannel__source_trust, the
    newest record first within a source.

    Incremental by record: a run writes again (computed_at) every record of the customers it
    affects, so that their survivorship ranks are numbered again: the customers, now and in the
    kept rows, of the nodes the id registry assigned since its last run (a merge, a split, a new
    record, a node that left the graph) and of the records keyed again since (new values:
    int_identity__keyed_records' keyed_at). A change to crosschannel__source_trust affects every
    customer (each row keeps the trust rank it was ranked by). A post-hook deletes the rows of
    records no longer keyed. -#}
{%- set source_trust = var('crosschannel__source_trust') -%}
{%- set incremental_config = crosschannel.incremental_by_key_config('node_id') -%}
{{ config(
    post_hook=crosschannel.gone_keys_deletion(incremental_config, "{{ ref('int_identity__keyed_records') }}"),
    **incremental_config
) }}
-- depends_on: {{ ref('int_identity__customer_registry') }}

with

customer_ids as (
    select
        node_id,
        customer_id
    from {{ ref('int_identity__customer_ids') }}
),

records as (
    select
        node_id,
        source_system,
        case source_system
            {%- for source_system in source_trust %}
                when '{{ source_system }}' then {{ loop.index }}
            {%- endfor %}
            else {{ source_trust | length + 1 }}
        end as source_trust_rank,
        source_record_id,
        normalized_email,
        normalized_phone,
        is_placeholder_email,
        is_placeholder_phone,
        email_key,
        phone_key,
        first_name,
        last_name,
        birth_date,
        postal_code,
        address_line,
        city,
        has_email_opt_in,
        is_unsubscribed,
        created_at,
        updated_at,
        keyed_at
    from {{ ref('int_identity__keyed_records') }}
),

customer_records as (
    select
        customer_ids.customer_id,
        records.*
    from records
    inner join customer_ids on records.node_id = customer_ids.node_id
),

{% if is_incremental() -%}
kept_computed_at as (
    select {{ crosschannel.kept_watermark('computed_at') }} as computed_at
    from {{ this }}
),

changed_nodes as (
    select node_id
    from {{ ref('int_identity__customer_registry') }}
    where assigned_at > (select kept_computed_at.computed_at from kept_computed_at)
    union
    select node_id
    from records
    where keyed_at > (select kept_computed_at.computed_at from kept_computed_at)
),

-- A trust order other than the kept rows were ranked by: every customer is ranked again.
is_trust_changed as (
    select count(*) > 0 as is_changed
    from (select distinct source_system, source_trust_rank from {{ this }}) as kept
    inner join (select distinct source_system, source_trust_rank from records) as current_ranks
        on kept.source_system = current_ranks.source_system
    where kept.source_trust_rank <> current_ranks.source_trust_rank
),

affected_customers as (
    select customer_records.customer_id
    from customer_records
    inner join changed_nodes on customer_records.node_id = changed_nodes.node_id
    union
    select kept.customer_id
    from {{ this }} as kept
    inner join changed_nodes on kept.node_id = changed_nodes.node_id
),

{% endif -%}
final as (
    select
        node_id,
        customer_id,
        source_system,
        source_record_id,
        -- A placeholder is no contact detail: it never becomes the customer's.
        case when not is_placeholder_email then normalized_email end as email,
        case when not is_placeholder_phone then normalized_phone end as phone,
        case when not is_placeholder_email then email_key end as email_key,
        case when not is_placeholder_phone then phone_key end as phone_key,
        first_name,
        last_name,
        birth_date,
        postal_code,
        address_line,
        city,
        has_email_opt_in,
        is_unsubscribed,
        created_at,
        updated_at,
        source_trust_rank,
        row_number() over (
            partition by customer_id
            order by source_trust_rank asc, updated_at desc, source_record_id asc
        ) as survivorship_rank,
        {{ crosschannel.run_started_timestamp() }} as computed_at
    from customer_records
    {%- if is_incremental() %}
    where
        (select is_trust_changed.is_changed from is_trust_changed)
        or customer_id in (select affected_customers.customer_id from affected_customers)
    {%- endif %}
)

select * from final
