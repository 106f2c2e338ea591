{#- The graph's second pass, its candidates: every two first-pass clusters carrying one profile key,
    whose parts any of a cluster's records may supply (one record the name, another the postal
    code): first + last name + postal code, birth date + postal code, last name + birth date,
    first + last name. Keys carried by more than crosschannel__max_clusters_per_profile_key
    clusters are not listed (bounded work). Each pair has the key's expected carriers - the
    clusters expected to carry its value by chance, from the term frequencies of its parts among
    all clusters (a name's first and last name shares times the clusters of the postal code, or of
    the whole population). A name is counted in either order: a card typed Martin Jean is as
    common as Jean Martin, not a rare first name Martin. A record with no first name typed supplies
    the name its personal e-mail spells (therese-morel@, morel.therese2@) when the address's two
    parts are a first and a last name typed somewhere in the population (is_name_from_email: a web
    account often holds nothing else; the term frequencies still count typed names only).
    int_identity__profile_pairs adds what contradicts the two clusters.
    Profile keys never leave the model unsalted. (A model of its own: Spark inlines a CTE at every
    reference, and planning these pairs again in each step of the contradiction check took it
    minutes.) -#}

with

records as (
    select
        node_id,
        normalized_first_name,
        normalized_last_name,
        birth_date,
        postal_code,
        {{ crosschannel.if_personal_email('normalized_email') }} as personal_email
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

typed_names as (
    select distinct
        component_id,
        node_id,
        normalized_first_name as first_name,
        normalized_last_name as last_name,
        false as is_name_from_email
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

-- Term frequencies: how many clusters carry each first name, last name, birth date and postal code.
value_frequencies as (
    select
        'first_name' as attribute_name,
        first_name as attribute_value,
        count(distinct component_id) as clusters_with_value
    from typed_names
    group by first_name
    union all
    select
        'last_name' as attribute_name,
        last_name as attribute_value,
        count(distinct component_id) as clusters_with_value
    from typed_names
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

-- A record with no first name typed but a personal e-mail reads its name from the address: two parts
-- separated by a dot or an underscore (else by one hyphen), digits at the end aside, a hyphen within
-- a part a space as in crosschannel.normalize_name (jean-pierre.mercier2@, therese-morel@).
email_local_parts as (
    select
        component_id,
        node_id,
        normalized_last_name as typed_last_name,
        replace(
            {{ crosschannel.regex_replace_all(dbt.split_part('personal_email', "'@'", 1), "'[0-9]+$'", "''") }},
            '_',
            '.'
        ) as local_part
    from clustered_records
    where normalized_first_name is null and personal_email is not null
),

email_name_parts as (
    select
        component_id,
        node_id,
        typed_last_name,
        {%- set dotted = "case when replace(local_part, '.', '') = local_part then replace(local_part, '-', '.')"
            ~ " else replace(local_part, '-', ' ') end" %}
        {{ dbt.split_part(dotted, "'.'", 1) }} as first_part,
        {{ dbt.split_part(dotted, "'.'", 2) }} as second_part,
        coalesce({{ dbt.split_part(dotted, "'.'", 3) }}, '') as third_part
    from email_local_parts
),

name_orders as (
    select false as is_swapped
    union all
    select true as is_swapped
),

-- Exactly two parts, neither an initial (p.adam@), in either order.
email_name_orders as (
    select
        parts.component_id,
        parts.node_id,
        parts.typed_last_name,
        case when name_orders.is_swapped then parts.second_part else parts.first_part end as first_name,
        case when name_orders.is_swapped then parts.first_part else parts.second_part end as last_name
    from email_name_parts as parts
    cross join name_orders
    where parts.third_part = '' and length(parts.first_part) > 1 and length(parts.second_part) > 1
),

-- The orders whose first part is a first name and second a last name typed somewhere in the
-- population (both when both are: thomas.martin@), never against the record's own typed last name.
email_names as (
    select distinct
        orders.component_id,
        orders.node_id,
        orders.first_name,
        orders.last_name,
        true as is_name_from_email
    from email_name_orders as orders
    inner join value_frequencies as first_names
        on first_names.attribute_name = 'first_name' and orders.first_name = first_names.attribute_value
    inner join value_frequencies as last_names
        on last_names.attribute_name = 'last_name' and orders.last_name = last_names.attribute_value
    where coalesce(orders.typed_last_name, orders.last_name) = orders.last_name
),

cluster_names as (
    select
        component_id,
        node_id,
        first_name,
        last_name,
        is_name_from_email
    from typed_names
    union
    select
        component_id,
        node_id,
        first_name,
        last_name,
        is_name_from_email
    from email_names
),

-- Read again by key_parts: at 1M persons, 10.5M keys DuckDB would otherwise materialise (second_read).
{%- set profile_keys_select %}
    select
        named.component_id,
        'name_postal_code' as key_type,
        named.first_name || '|' || named.last_name || '|' || located.postal_code as profile_key,
        named.first_name,
        named.last_name,
        cast(null as {{ dbt.type_string() }}) as birth_date,
        located.postal_code,
        named.is_name_from_email,
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
        false as is_name_from_email,
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
        named.is_name_from_email,
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
        is_name_from_email,
        node_id
    from cluster_names
{%- endset %}
profile_keys as (
    {{ profile_keys_select }}
),

-- The record that supplies the key in each cluster: the smallest of those that do, one with a typed
-- name first; the name is read from an e-mail only when no record of the cluster types it.
cluster_keys as (
    select
        component_id,
        key_type,
        profile_key,
        coalesce(min(case when not is_name_from_email then node_id end), min(node_id)) as node_id,
        min(case when is_name_from_email then 1 else 0 end) = 1 as is_name_from_email
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
    from ({{ crosschannel.second_read('profile_keys', profile_keys_select) }}) as profile_keys
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
        * case
            when key_parts.first_name is null then coalesce(last_names.value_share, 1)
            else
                first_names.value_share * last_names.value_share
                + coalesce(last_names_as_first.value_share, 0) * coalesce(first_names_as_last.value_share, 0)
        end
        * coalesce(birth_dates.value_share, 1) as expected_carriers
    from key_parts
    cross join population
    left join value_shares as first_names
        on first_names.attribute_name = 'first_name' and key_parts.first_name = first_names.attribute_value
    left join value_shares as last_names
        on last_names.attribute_name = 'last_name' and key_parts.last_name = last_names.attribute_value
    left join value_shares as first_names_as_last
        on
            first_names_as_last.attribute_name = 'last_name'
            and key_parts.first_name = first_names_as_last.attribute_value
    left join value_shares as last_names_as_first
        on
            last_names_as_first.attribute_name = 'first_name'
            and key_parts.last_name = last_names_as_first.attribute_value
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
        cluster_b.node_id as node_id_b,
        cluster_a.is_name_from_email or cluster_b.is_name_from_email as is_name_from_email
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

final as (
    select
        key_type,
        {{ crosschannel.salted_key('profile', "key_type || '|' || profile_key") }} as match_key,
        component_id_a,
        component_id_b,
        node_id_a,
        node_id_b,
        clusters_with_key,
        expected_carriers,
        is_name_from_email
    from candidates
)

select * from final
