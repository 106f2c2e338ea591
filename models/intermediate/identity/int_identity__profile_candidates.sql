{#- The graph's second pass, its decisions: which pairs of int_identity__profile_pairs link two
    first-pass clusters. A pair is rejected for its contradiction, if any; else when the key's
    value is common - expected on more than crosschannel__max_expected_profile_carriers clusters
    by chance (common_profile_value: Martin Bernard in a large town is two people more often than
    one) - unless both clusters give one street address (is_common_value_at_one_address: at 1M
    persons, 2,258 of the 2,290 such pairs on name + postal code were one person); else when either
    cluster is compatible with more than one other cluster carrying the key (ambiguous_profile_key). -#}
{%- set is_common_value = 'profile_pairs.expected_carriers > ' ~ var('crosschannel__max_expected_profile_carriers') %}
with

profile_pairs as (
    select
        key_type,
        match_key,
        component_id_a,
        component_id_b,
        node_id_a,
        node_id_b,
        clusters_with_key,
        expected_carriers,
        is_name_from_email,
        shares_street_address,
        contradiction
    from {{ ref('int_identity__profile_pairs') }}
),

compatible_ends as (
    select
        key_type,
        match_key,
        component_id_a as component_id
    from profile_pairs
    where contradiction is null
    union all
    select
        key_type,
        match_key,
        component_id_b as component_id
    from profile_pairs
    where contradiction is null
),

-- How many other clusters carrying the key each cluster is compatible with.
compatible_partners as (
    select
        key_type,
        match_key,
        component_id,
        count(*) as compatible_clusters
    from compatible_ends
    group by key_type, match_key, component_id
),

final as (
    select
        profile_pairs.key_type,
        profile_pairs.match_key,
        profile_pairs.component_id_a,
        profile_pairs.component_id_b,
        profile_pairs.node_id_a,
        profile_pairs.node_id_b,
        profile_pairs.clusters_with_key,
        profile_pairs.expected_carriers,
        profile_pairs.is_name_from_email,
        {{ is_common_value }} and profile_pairs.shares_street_address as is_common_value_at_one_address,
        case
            when profile_pairs.contradiction is not null then profile_pairs.contradiction
            when {{ is_common_value }} and not profile_pairs.shares_street_address
                then 'common_profile_value'
            when partners_a.compatible_clusters > 1 or partners_b.compatible_clusters > 1
                then 'ambiguous_profile_key'
        end as rejection_reason
    from profile_pairs
    left join compatible_partners as partners_a
        on
            profile_pairs.key_type = partners_a.key_type
            and profile_pairs.match_key = partners_a.match_key
            and profile_pairs.component_id_a = partners_a.component_id
    left join compatible_partners as partners_b
        on
            profile_pairs.key_type = partners_b.key_type
            and profile_pairs.match_key = partners_b.match_key
            and profile_pairs.component_id_b = partners_b.component_id
)

select * from final
