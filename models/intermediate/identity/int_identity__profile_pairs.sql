{#- The graph's second pass, its candidates checked: each pair of int_identity__profile_key_pairs
    (two first-pass clusters carrying one profile key) with the first contradiction between the
    two clusters, if any: both carry values of an attribute (birth date, e-mail, mobile or fixed
    phone, loyalty card, postal code, street address in match form, first or last name) and share
    none, or both hold a record of a back office keeping one record per person
    (crosschannel__one_record_per_person_systems); and whether they share a street address in match
    form (shares_street_address). int_identity__profile_candidates decides which pairs link. (A
    model of its own so that Spark materialises the pairs instead of planning them again in every
    step of the decision.) -#}
{{ config(uncompressed_columns=['match_key', 'component_id_a', 'component_id_b', 'node_id_a', 'node_id_b']) }}

{%- set attributes = {
    'one_record_per_person': 'one_record_per_person_twice',
    'birth_date': 'birth_dates_differ',
    'email': 'emails_differ',
    'mobile_phone': 'mobile_phones_differ',
    'fixed_phone': 'fixed_phones_differ',
    'loyalty_card': 'loyalty_cards_differ',
    'postal_code': 'postal_codes_differ',
    'street_address': 'street_addresses_differ',
    'first_name': 'first_names_differ',
    'last_name': 'last_names_differ',
} -%}
{%- set one_record_systems = var('crosschannel__one_record_per_person_systems') -%}

with

candidates as (
    select
        key_type,
        match_key,
        component_id_a,
        component_id_b,
        node_id_a,
        node_id_b,
        clusters_with_key,
        expected_carriers,
        is_name_from_email
    from {{ ref('int_identity__profile_key_pairs') }}
),

records as (
    select
        node_id,
        source_system,
        normalized_first_name,
        normalized_last_name,
        birth_date,
        postal_code,
        address_line,
        email_key,
        phone_key,
        loyalty_key,
        is_placeholder_email,
        is_household_email,
        is_placeholder_phone,
        is_landline_phone
    from {{ ref('int_identity__keyed_records') }}
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
        {{ crosschannel.normalize_address('clustered_records.address_line') }} as street_address,
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

-- Per cluster pair, its first contradiction and whether one street address is on both sides (which
-- decides a common value or an ambiguous key, int_identity__profile_candidates).
pair_verdicts as (
    select
        component_id_a,
        component_id_b,
        min(case when shares_a_value = 0 then case attribute_name
            {%- for attribute in attributes %}
                when '{{ attribute }}' then {{ loop.index }}
            {%- endfor %}
        end end) as attribute_rank,
        max(case when attribute_name = 'street_address' then shares_a_value else 0 end) = 1
            as shares_street_address
    from compared_attributes
    group by component_id_a, component_id_b
),

checked_candidates as (
    select
        candidates.*,
        pair_verdicts.attribute_rank,
        coalesce(pair_verdicts.shares_street_address, false) as shares_street_address
    from candidates
    left join pair_verdicts
        on
            candidates.component_id_a = pair_verdicts.component_id_a
            and candidates.component_id_b = pair_verdicts.component_id_b
),

final as (
    select
        checked_candidates.key_type,
        checked_candidates.match_key,
        checked_candidates.component_id_a,
        checked_candidates.component_id_b,
        checked_candidates.node_id_a,
        checked_candidates.node_id_b,
        checked_candidates.clusters_with_key,
        checked_candidates.expected_carriers,
        checked_candidates.is_name_from_email,
        checked_candidates.shares_street_address,
        case checked_candidates.attribute_rank
            {%- for attribute, reason in attributes.items() %}
                when {{ loop.index }} then '{{ reason }}'
            {%- endfor %}
        end as contradiction
    from checked_candidates
)

select * from final
