{#- Why each customer is one: every edge of the identity graph between two of its records (or
    cookies), and every profile key that joined two of the first pass's clusters (between the
    records that supply it), with the rule and the key type that made it. A link that tolerated
    a typing error also says which fields agreed, which one differed and how. Keys and values are
    named, never shown. -#}
with

edges as (
    select
        node_id_a,
        node_id_b,
        link_rule,
        key_type
    from {{ ref('int_identity__edges') }}
),

profile_links as (
    select
        node_id_a,
        node_id_b,
        -- A common value or an ambiguous key that one street address decided: a rule of its own.
        case when is_decided_by_street_address then 'profile_key_at_one_address' else 'unique_profile_key' end
            as link_rule,
        -- name_from_email_postal_code, last_name_from_email_birth_date, name_from_email: a side's
        -- name was read from its e-mail address.
        case when is_name_from_email then replace(key_type, 'name', 'name_from_email') else key_type end as key_type
    from {{ ref('int_identity__profile_candidates') }}
    where rejection_reason is null
),

links as (
    select * from edges
    union all
    select * from profile_links
),

typo_links as (
    select
        node_id_a,
        node_id_b,
        agreed_fields,
        differing_field,
        difference
    from {{ ref('int_identity__typo_pairs') }}
    where rejection_reason is null
),

customer_ids as (
    select
        node_id,
        customer_id
    from {{ ref('int_identity__customer_ids') }}
),

final as (
    select
        customer_ids.customer_id,
        links.node_id_a,
        links.node_id_b,
        links.link_rule,
        links.key_type,
        typo_links.agreed_fields,
        typo_links.differing_field,
        typo_links.difference
    from links
    inner join customer_ids on links.node_id_a = customer_ids.node_id
    left join typo_links
        on
            links.link_rule = 'one_typing_error'
            and links.node_id_a = typo_links.node_id_a
            and links.node_id_b = typo_links.node_id_b
)

select * from final
