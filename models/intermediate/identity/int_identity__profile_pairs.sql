{#- The graph's second pass, its candidates: every two first-pass clusters carrying one profile key,
    whose parts any of a cluster's records may supply (one record the name, another the postal
    code): first + last name + postal code, birth date + postal code, last name + birth date,
    first + last name. Keys carried by more than crosschannel__max_clusters_per_profile_key
    clusters are not listed (bounded work). Each pair has the key's expected carriers - the
    clusters expected to carry its value by chance, from the term frequencies of its parts among
    all clusters (a name's first and last name shares times the clusters of the postal code, or of
    the whole population) - and the first contradiction between the two clusters, if any: both
    carry values of an attribute (birth date, e-mail, mobile or fixed phone, loyalty card, postal
    code, first or last name) and share none, or both hold a record of a back office keeping one
    record per person (crosschannel__one_record_per_person_systems).
    int_identity__profile_candidates decides which pairs link. Profile keys never leave the model
    unsalted. (A model of its own so that Spark materialises the pairs instead of planning them
    again in every step of the decision.) -#}
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
        named.first_name,
        named.last_name,
        cast(null as {{ dbt.type_string() }}) as birth_date,
        located.postal_code,
        least(named.node_id, located.node_id) as node_id
    from cluster_names as named
    inner join cluster_postal_codes as located on named.component_id = located.component_id
    union all
    select
        born.component_id,
        'birth_date_postal_code' as key_type,
        born.birth_date || '|' || located.postal_code as profile_key,
        cast(null as {{ dbt.type_string() }}) as first_name,
        cast(null as {{ dbt.type_string() }}) as last_name,
        born.birth_date,
        located.postal_code,
        least(born.node_id, located.node_id) as node_id
    from cluster_birth_dates as born
    inner join cluster_postal_codes as located
        on born.component_id = located.component_id
    union all
    select
        born.component_id,
        'last_name_birth_date' as key_type,
        named.last_name || '|' || born.birth_date as profile_key,
        cast(null as {{ dbt.type_string() }}) as first_name,
        named.last_name,
        born.birth_date,
        cast(null as {{ dbt.type_string() }}) as postal_code,
        least(born.node_id, named.node_id) as node_id
    from cluster_birth_dates as born
    inner join cluster_names as named on born.component_id = named.component_id
    union all
    select
        component_id,
        'name' as key_type,
        first_name || '|' || last_name as profile_key,
        first_name,
        last_name,
        cast(null as {{ dbt.type_string() }}) as birth_date,
        cast(null as {{ dbt.type_string() }}) as postal_code,
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

key_clusters as (
    select
        key_type,
        profile_key,
        count(*) as clusters_with_key
    from cluster_keys
    group by key_type, profile_key
    having count(*) between 2 and {{ var('crosschannel__max_clusters_per_profile_key') }}
),

-- Term frequencies: how many clusters carry each first name, last name, birth date and postal code.
value_frequencies as (
    select
        'first_name' as attribute_name,
        first_name as attribute_value,
        count(distinct component_id) as clusters_with_value
    from cluster_names
    group by first_name
    union all
    select
        'last_name' as attribute_name,
        last_name as attribute_value,
        count(distinct component_id) as clusters_with_value
    from cluster_names
    group by last_name
    union all
    select
        'birth_date' as attribute_name,
        birth_date as attribute_value,
        count(distinct component_id) as clusters_with_value
    from cluster_birth_dates
    group by birth_date
    union all
    select
        'postal_code' as attribute_name,
        postal_code as attribute_value,
        count(distinct component_id) as clusters_with_value
    from cluster_postal_codes
    group by postal_code
),

value_shares as (
    select
        attribute_name,
        attribute_value,
        clusters_with_value,
        cast(clusters_with_value as double) / sum(clusters_with_value) over (partition by attribute_name)
            as value_share
    from value_frequencies
),

population as (
    select count(distinct component_id) as clusters
    from clustered_records
),

key_parts as (
    select distinct
        profile_keys.key_type,
        profile_keys.profile_key,
        profile_keys.first_name,
        profile_keys.last_name,
        profile_keys.birth_date,
        profile_keys.postal_code
    from profile_keys
    inner join key_clusters
        on
            profile_keys.key_type = key_clusters.key_type
            and profile_keys.profile_key = key_clusters.profile_key
),

-- The clusters expected to carry the key's value by chance: the population it is drawn from (the
-- postal code's clusters, or all) times the shares of its other parts.
key_frequencies as (
    select
        key_parts.key_type,
        key_parts.profile_key,
        cast(coalesce(located.clusters_with_value, population.clusters) as double)
        * coalesce(first_names.value_share, 1)
        * coalesce(last_names.value_share, 1)
        * coalesce(birth_dates.value_share, 1) as expected_carriers
    from key_parts
    cross join population
    left join value_shares as first_names
        on first_names.attribute_name = 'first_name' and key_parts.first_name = first_names.attribute_value
    left join value_shares as last_names
        on last_names.attribute_name = 'last_name' and key_parts.last_name = last_names.attribute_value
    left join value_shares as birth_dates
        on birth_dates.attribute_name = 'birth_date' and key_parts.birth_date = birth_dates.attribute_value
    left join value_shares as located
        on located.attribute_name = 'postal_code' and key_parts.postal_code = located.attribute_value
),

candidates as (
    select
        cluster_a.key_type,
        cluster_a.profile_key,
        key_clusters.clusters_with_key,
        key_frequencies.expected_carriers,
        cluster_a.component_id as component_id_a,
        cluster_b.component_id as component_id_b,
        cluster_a.node_id as node_id_a,
        cluster_b.node_id as node_id_b
    from key_clusters
    inner join key_frequencies
        on
            key_clusters.key_type = key_frequencies.key_type
            and key_clusters.profile_key = key_frequencies.profile_key
    inner join cluster_keys as cluster_a
        on
            key_clusters.key_type = cluster_a.key_type
            and key_clusters.profile_key = cluster_a.profile_key
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

checked_candidates as (
    select
        candidates.*,
        first_contradictions.attribute_rank
    from candidates
    left join first_contradictions
        on
            candidates.component_id_a = first_contradictions.component_id_a
            and candidates.component_id_b = first_contradictions.component_id_b
),

final as (
    select
        checked_candidates.key_type,
        {{ crosschannel.salted_key('profile', "checked_candidates.key_type || '|' || checked_candidates.profile_key") }}
            as match_key,
        checked_candidates.component_id_a,
        checked_candidates.component_id_b,
        checked_candidates.node_id_a,
        checked_candidates.node_id_b,
        checked_candidates.clusters_with_key,
        checked_candidates.expected_carriers,
        case checked_candidates.attribute_rank
            {%- for attribute, reason in attributes.items() %}
                when {{ loop.index }} then '{{ reason }}'
            {%- endfor %}
        end as contradiction
    from checked_candidates
)

select * from final
