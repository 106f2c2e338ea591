{#- The over-stitching audit: every key that linked nobody, or only some of its records, and why,
    with how many records it would have merged. Key level: placeholders, keys carried by too many
    records or last names, cookies logged into too many accounts. Pair level: keys whose records
    disagree on who they are (a household's e-mail), with the pairs kept apart per reason.
    Cluster-pair level: profile keys of the second pass joining two clusters that contradict each
    other, with the records of both. -#}
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
        cast(null as {{ dbt.type_bigint() }}) as pairs_kept_apart
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
        cast(null as {{ dbt.type_bigint() }}) as pairs_kept_apart
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
        min(pair_counts.pairs_kept_apart) as pairs_kept_apart
    from pair_counts
    inner join pair_records
        on
            pair_counts.key_type = pair_records.key_type
            and pair_counts.match_key = pair_records.match_key
            and pair_counts.rejection_reason = pair_records.rejection_reason
    group by pair_counts.key_type, pair_counts.match_key, pair_counts.rejection_reason
),

rejected_profile_links as (
    select
        'cluster_pair' as exclusion_level,
        profile_candidates.key_type,
        profile_candidates.match_key,
        profile_candidates.rejection_reason as exclusion_reason,
        cluster_a.records + cluster_b.records as records_with_key,
        cast(null as {{ dbt.type_bigint() }}) as last_names_with_key,
        cast(1 as {{ dbt.type_bigint() }}) as pairs_kept_apart
    from profile_candidates
    inner join cluster_records as cluster_a on profile_candidates.component_id_a = cluster_a.component_id
    inner join cluster_records as cluster_b on profile_candidates.component_id_b = cluster_b.component_id
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
