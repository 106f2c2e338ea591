{#- The graph's second pass: links between the first pass's clusters through a profile key, whose
    parts any of a cluster's records may supply (one record the name, another the postal code):
    first + last name + postal code, birth date + postal code, last name + birth date, first +
    last name. A profile key is a candidate only when it is unambiguous, exactly two clusters
    carrying it: namesakes in one town are common, a pair of them is not. The candidate links
    unless the clusters contradict each other (rejection_reason): both carry values of an
    attribute (birth date, e-mail, mobile or fixed phone, loyalty card, postal code, first or
    last name) and share none, or both hold a record of a back office keeping one record per
    person (crosschannel__one_record_per_person_systems). Profile keys never leave the model
    unsalted. -#}
{%- set attributes = {
    'one_record_per_person': 'one_record_per_person_twice',
    'birth_date': 'birth_dates_differ',
    'email': 'emails_differ',
    'mobile_phone': 'mobile_phones_differ',
    'fixed_phone': 'fixed_phones_differ',
    'loyalty_card': 'loyalty_cards_differ',
    'postal_code': 'postal_codes_differ',
    'first_name': 'first_names_differ',
    'last_name': 'last_names_differ',
} -%}
{%- set one_record_systems = var('crosschannel__one_record_per_person_systems') -%}

with

records as (
    select
        node_id,
        source_system,
        normalized_first_name,
        normalized_last_name,
        birth_date,
        postal_code,
        email_key,
        phone_key,
        loyalty_key,
        is_placeholder_email,
        is_household_email,
        is_placeholder_phone,
        is_landline_phone
    from {{ ref('int_customer_records_keyed') }}
),

clusters as (
    select
        node_id,
        component_id
    from {{ ref('int_identity__clusters') }}
),

clustered_records as (
    select
        clusters.component_id,
        records.*
    from records
    inner join clusters on records.node_id = clusters.node_id
),

cluster_names as (
    select distinct
        component_id,
        node_id,
        normalized_first_name as first_name,
        normalized_last_name as last_name
    from clustered_records
    where normalized_first_name is not null and normalized_last_name is not null
),

cluster_postal_codes as (
    select distinct
        component_id,
        node_id,
        postal_code
    from clustered_records
    where postal_code is not null
),

cluster_birth_dates as (
    select distinct
        component_id,
        node_id,
        cast(birth_date as {{ dbt.type_string() }}) as birth_date
    from clustered_records
    where birth_date is not null
),

profile_keys as (
    select
        named.component_id,
        'name_postal_code' as key_type,
        named.first_name || '|' || named.last_name || '|' || located.postal_code as profile_key,
        least(named.node_id, located.node_id) as node_id
    from cluster_names as named
    inner join cluster_postal_codes as located on named.component_id = located.component_id
    union all
    select
        born.component_id,
        'birth_date_postal_code' as key_type,
        born.birth_date || '|' || located.postal_code as profile_key,
        least(born.node_id, located.node_id) as node_id
    from cluster_birth_dates as born
    inner join cluster_postal_codes as located
        on born.component_id = located.component_id
    union all
    select
        born.component_id,
        'last_name_birth_date' as key_type,
        named.last_name || '|' || born.birth_date as profile_key,
        least(born.node_id, named.node_id) as node_id
    from cluster_birth_dates as born
    inner join cluster_names as named on born.component_id = named.component_id
    union all
    select
        component_id,
        'name' as key_type,
        first_name || '|' || last_name as profile_key,
        node_id
    from cluster_names
),

-- The record that supplies the key in each cluster: the smallest of those that do.
cluster_keys as (
    select
        component_id,
        key_type,
        profile_key,
        min(node_id) as node_id
    from profile_keys
    group by component_id, key_type, profile_key
),

unambiguous_keys as (
    select
        key_type,
        profile_key
    from cluster_keys
    group by key_type, profile_key
    having count(*) = 2
),

candidates as (
    select
        cluster_a.key_type,
        cluster_a.profile_key,
        cluster_a.component_id as component_id_a,
        cluster_b.component_id as component_id_b,
        cluster_a.node_id as node_id_a,
        cluster_b.node_id as node_id_b
    from unambiguous_keys
    inner join cluster_keys as cluster_a
        on
            unambiguous_keys.key_type = cluster_a.key_type
            and unambiguous_keys.profile_key = cluster_a.profile_key
    inner join cluster_keys as cluster_b
        on
            cluster_a.key_type = cluster_b.key_type
            and cluster_a.profile_key = cluster_b.profile_key
            and cluster_a.component_id < cluster_b.component_id
),

candidate_clusters as (
    select component_id_a as component_id from candidates
    union
    select component_id_b from candidates
),

attribute_values as (
    select
        clustered_records.component_id,
        clustered_records.node_id,
        clustered_records.source_system,
        clustered_records.birth_date,
        case
            when not clustered_records.is_placeholder_email and not clustered_records.is_household_email
                then clustered_records.email_key
        end as email,
        case
            when not clustered_records.is_placeholder_phone and not clustered_records.is_landline_phone
                then clustered_records.phone_key
        end as mobile_phone,
        case
            when not clustered_records.is_placeholder_phone and clustered_records.is_landline_phone
                then clustered_records.phone_key
        end as fixed_phone,
        clustered_records.loyalty_key as loyalty_card,
        clustered_records.postal_code,
        clustered_records.normalized_first_name as first_name,
        clustered_records.normalized_last_name as last_name
    from clustered_records
    inner join candidate_clusters on clustered_records.component_id = candidate_clusters.component_id
),

-- Two records of a one-record-per-person back office never share a value: the record itself.
cluster_attributes as (
    {%- for attribute in attributes %}
        {%- if attribute == 'one_record_per_person' %}
            {%- set value = 'node_id' %}
            {%- set condition = "source_system in ('" ~ one_record_systems | join("', '") ~ "')"
                if one_record_systems else 'false' %}
        {%- else %}
            {%- set value = 'cast(' ~ attribute ~ ' as ' ~ dbt.type_string() ~ ')' %}
            {%- set condition = attribute ~ ' is not null' %}
        {%- endif %}
        select
            component_id,
            '{{ attribute }}' as attribute_name,
            {{ value }} as attribute_value
        from attribute_values
        where {{ condition }}
        {{ 'union' if not loop.last }}
    {%- endfor %}
),

cluster_pairs as (
    select distinct
        component_id_a,
        component_id_b
    from candidates
),

-- Attributes both clusters carry, and whether they share a value of it.
compared_attributes as (
    select
        cluster_pairs.component_id_a,
        cluster_pairs.component_id_b,
        attributes_a.attribute_name,
        max(case when attributes_a.attribute_value = attributes_b.attribute_value then 1 else 0 end)
            as shares_a_value
    from cluster_pairs
    inner join cluster_attributes as attributes_a
        on cluster_pairs.component_id_a = attributes_a.component_id
    inner join cluster_attributes as attributes_b
        on
            cluster_pairs.component_id_b = attributes_b.component_id
            and attributes_a.attribute_name = attributes_b.attribute_name
    group by cluster_pairs.component_id_a, cluster_pairs.component_id_b, attributes_a.attribute_name
),

first_contradictions as (
    select
        component_id_a,
        component_id_b,
        min(case attribute_name
            {%- for attribute in attributes %}
                when '{{ attribute }}' then {{ loop.index }}
            {%- endfor %}
        end) as attribute_rank
    from compared_attributes
    where shares_a_value = 0
    group by component_id_a, component_id_b
),

final as (
    select
        candidates.key_type,
        {{ crosschannel.salted_key('profile', "candidates.key_type || '|' || candidates.profile_key") }}
            as match_key,
        candidates.component_id_a,
        candidates.component_id_b,
        candidates.node_id_a,
        candidates.node_id_b,
        case first_contradictions.attribute_rank
            {%- for attribute, reason in attributes.items() %}
                when {{ loop.index }} then '{{ reason }}'
            {%- endfor %}
        end as rejection_reason
    from candidates
    left join first_contradictions
        on
            candidates.component_id_a = first_contradictions.component_id_a
            and candidates.component_id_b = first_contradictions.component_id_b
)

select * from final
