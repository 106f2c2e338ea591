{#- The suppression keys of a person to erase, from the built identity: the customers named, or
    carrying the e-mail's match key; every node of theirs (records, leads, cookies, back-office
    ids orders name); their customer ids (customer_id shown on those rows, for the erasure log);
    the e-mail, phone and loyalty match keys of their records that no other customer carries (a
    family's shared line stays the family's); and the e-mail's own match key, whoever carries it.
    Run by `crosschannel erase` with `dbt show --inline`. -#}
{% macro person_erasure_keys(customer_ids, email=none) -%}
    {%- set email_key = crosschannel.email_match_key("'" ~ email | replace("'", "''") ~ "'")
        if email is not none else 'null' -%}
with

customer_nodes as (
    select
        node_id,
        customer_id
    from {{ ref('int_identity__customer_ids') }}
),

records as (
    select
        node_id,
        email_key,
        phone_key,
        loyalty_key
    from {{ ref('int_identity__keyed_records') }}
),

record_customers as (
    select
        records.email_key,
        records.phone_key,
        records.loyalty_key,
        customer_nodes.customer_id
    from records
    inner join customer_nodes on records.node_id = customer_nodes.node_id
),

erased_customers as (
    select customer_id
    from customer_nodes
    where customer_id in ('{{ customer_ids | join("', '") }}')
    union
    select customer_id
    from record_customers
    where email_key = {{ email_key }}
),

contact_keys as (
    select
        'email' as key_type,
        email_key as salted_key,
        customer_id
    from record_customers
    where email_key is not null
    union all
    select
        'phone' as key_type,
        phone_key as salted_key,
        customer_id
    from record_customers
    where phone_key is not null
    union all
    select
        'loyalty' as key_type,
        loyalty_key as salted_key,
        customer_id
    from record_customers
    where loyalty_key is not null
),

erased_contact_keys as (
    select
        contact_keys.key_type,
        contact_keys.salted_key
    from contact_keys
    left join erased_customers on contact_keys.customer_id = erased_customers.customer_id
    group by contact_keys.key_type, contact_keys.salted_key
    having count(erased_customers.customer_id) = count(*)
),

final as (
    select
        'node' as key_type,
        {{ crosschannel.erasure_node_key('customer_nodes.node_id') }} as salted_key,
        cast(null as {{ dbt.type_string() }}) as customer_id
    from customer_nodes
    inner join erased_customers on customer_nodes.customer_id = erased_customers.customer_id
    union
    select
        'customer' as key_type,
        {{ crosschannel.salted_key('customer', 'customer_id') }} as salted_key,
        customer_id
    from erased_customers
    union
    select
        key_type,
        salted_key,
        cast(null as {{ dbt.type_string() }}) as customer_id
    from erased_contact_keys
    union
    select
        'email' as key_type,
        {{ email_key }} as salted_key,
        cast(null as {{ dbt.type_string() }}) as customer_id
    where {{ email_key }} is not null
)

select * from final
{%- endmacro %}
