{#- The graph's second pass, its decisions: which pairs of int_identity__profile_pairs link two
    first-pass clusters. A pair is rejected for its contradiction, if any; else when the key's
    value is common - expected on more than crosschannel__max_expected_profile_carriers clusters
    by chance (common_profile_value: Martin Bernard in a large town is two people more often than
    one); else when either cluster is compatible with more than one other cluster carrying the key
    (ambiguous_profile_key). One street address given by both clusters decides for them
    (is_decided_by_street_address): a common value links, and so does an ambiguous key when
    neither cluster shares an address with another cluster on it. At 1M persons, 2,258 of the
    2,290 common name + postal code pairs giving one address were one person, and 844 of the 859
    ambiguous pairs. -#}
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
        component_id_a as component_id,
        shares_street_address
    from profile_pairs
    where contradiction is null
    union all
    select
        key_type,
        match_key,
        component_id_b as component_id,
        shares_street_address
    from profile_pairs
    where contradiction is null
),

-- How many other clusters carrying the key each cluster is compatible with, and shares an address with.
compatible_partners as (
    select
        key_type,
        match_key,
        component_id,
        count(*) as compatible_clusters,
        count(case when shares_street_address then 1 end) as address_sharing_clusters
    from compatible_ends
    group by key_type, match_key, component_id
),

assessed as (
    select
        profile_pairs.*,
        profile_pairs.expected_carriers > {{ var('crosschannel__max_expected_profile_carriers') }} as is_common_value,
        partners_a.compatible_clusters > 1 or partners_b.compatible_clusters > 1 as is_ambiguous,
        -- Each cluster's only address-sharing partner on the key is the other.
        profile_pairs.shares_street_address
        and partners_a.address_sharing_clusters = 1
        and partners_b.address_sharing_clusters = 1 as is_one_address_pair
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
),

final as (
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
        coalesce(
            contradiction is null and (is_common_value or is_ambiguous) and is_one_address_pair, false
        ) as is_decided_by_street_address,
        case
            when contradiction is not null then contradiction
            when is_common_value and not shares_street_address then 'common_profile_value'
            when is_ambiguous and not is_one_address_pair then 'ambiguous_profile_key'
        end as rejection_reason
    from assessed
)

select * from final
