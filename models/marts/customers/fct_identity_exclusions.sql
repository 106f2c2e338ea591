{#- The over-stitching audit: every key that linked nobody, or only some of its records, and why,
    with how many records it would have merged. Key level: placeholders, keys carried by too many
    records or last names, cookies logged into too many accounts. Pair level: keys whose records
    disagree on who they are (a household's e-mail), with the pairs kept apart per reason.
    Cluster-pair level: profile keys of the second pass that did not join the clusters carrying
    them - clusters that contradict each other, a value too common (with its expected carriers,
    the term frequency that decided it) or a cluster compatible with several others - with the
    records of those clusters. -#}
with

record_keys as (
    select
        key_type,
        match_key,
        exclusion_reason,
        records_with_key,
        last_names_with_key
    from {{ ref('int_identity__record_keys') }}
    where exclusion_reason is not null
),

candidate_pairs as (
    select
        key_type,
        match_key,
        node_id_a,
        node_id_b,
        rejection_reason
    from {{ ref('int_identity__candidate_pairs') }}
    where rejection_reason is not null
),

profile_candidates as (
    select
        key_type,
        match_key,
        component_id_a,
        component_id_b,
        expected_carriers,
        rejection_reason
    from {{ ref('int_identity__profile_candidates') }}
    where rejection_reason is not null
),

cluster_records as (
    select
        clusters.component_id,
        count(*) as records
    from {{ ref('int_identity__clusters') }} as clusters
    inner join {{ ref('int_identity__nodes') }} as nodes on clusters.node_id = nodes.node_id
    where nodes.node_type <> 'cookie'
    group by clusters.component_id
),

shared_cookie_logins as (
    select
        cookie_id,
        accounts_on_cookie
    from {{ ref('int_identity__cookie_logins') }}
    where accounts_on_cookie > {{ var('crosschannel__max_accounts_per_cookie') }}
),

excluded_keys as (
    select
        'key' as exclusion_level,
        key_type,
        match_key,
        exclusion_reason,
        min(records_with_key) as records_with_key,
        min(last_names_with_key) as last_names_with_key,
        cast(null as {{ dbt.type_bigint() }}) as pairs_kept_apart,
        cast(null as double) as expected_carriers
    from record_keys
    group by key_type, match_key, exclusion_reason
),

shared_cookies as (
    select
        'key' as exclusion_level,
        'cookie_id' as key_type,
        {{ crosschannel.salted_key('cookie_id', 'cookie_id') }} as match_key,
        'too_many_accounts' as exclusion_reason,
        min(accounts_on_cookie) + 1 as records_with_key,
        cast(null as {{ dbt.type_bigint() }}) as last_names_with_key,
        cast(null as {{ dbt.type_bigint() }}) as pairs_kept_apart,
        cast(null as double) as expected_carriers
    from shared_cookie_logins
    group by cookie_id
),

pair_records as (
    select
        key_type,
        match_key,
        rejection_reason,
        node_id_a as node_id
    from candidate_pairs
    union
    select
        key_type,
        match_key,
        rejection_reason,
        node_id_b as node_id
    from candidate_pairs
),

pair_counts as (
    select
        key_type,
        match_key,
        rejection_reason,
        count(*) as pairs_kept_apart
    from candidate_pairs
    group by key_type, match_key, rejection_reason
),

rejected_pairs as (
    select
        'pair' as exclusion_level,
        pair_counts.key_type,
        pair_counts.match_key,
        pair_counts.rejection_reason as exclusion_reason,
        count(*) as records_with_key,
        cast(null as {{ dbt.type_bigint() }}) as last_names_with_key,
        min(pair_counts.pairs_kept_apart) as pairs_kept_apart,
        cast(null as double) as expected_carriers
    from pair_counts
    inner join pair_records
        on
            pair_counts.key_type = pair_records.key_type
            and pair_counts.match_key = pair_records.match_key
            and pair_counts.rejection_reason = pair_records.rejection_reason
    group by pair_counts.key_type, pair_counts.match_key, pair_counts.rejection_reason
),

profile_clusters as (
    select
        key_type,
        match_key,
        rejection_reason,
        component_id_a as component_id
    from profile_candidates
    union
    select
        key_type,
        match_key,
        rejection_reason,
        component_id_b as component_id
    from profile_candidates
),

profile_records as (
    select
        profile_clusters.key_type,
        profile_clusters.match_key,
        profile_clusters.rejection_reason,
        cast(sum(cluster_records.records) as {{ dbt.type_bigint() }}) as records_with_key
    from profile_clusters
    inner join cluster_records on profile_clusters.component_id = cluster_records.component_id
    group by profile_clusters.key_type, profile_clusters.match_key, profile_clusters.rejection_reason
),

rejected_profile_links as (
    select
        'cluster_pair' as exclusion_level,
        profile_candidates.key_type,
        profile_candidates.match_key,
        profile_candidates.rejection_reason as exclusion_reason,
        min(profile_records.records_with_key) as records_with_key,
        cast(null as {{ dbt.type_bigint() }}) as last_names_with_key,
        count(*) as pairs_kept_apart,
        min(profile_candidates.expected_carriers) as expected_carriers
    from profile_candidates
    inner join profile_records
        on
            profile_candidates.key_type = profile_records.key_type
            and profile_candidates.match_key = profile_records.match_key
            and profile_candidates.rejection_reason = profile_records.rejection_reason
    group by profile_candidates.key_type, profile_candidates.match_key, profile_candidates.rejection_reason
),

final as (
    select * from excluded_keys
    union all
    select * from shared_cookies
    union all
    select * from rejected_pairs
    union all
    select * from rejected_profile_links
)

select * from final
