{#- Every pair of records sharing a usable match key, and whether the key links them. A pair is
    kept apart when the records disagree on who they are: first names apart by more than a typo on
    a key without the first name (e-mail, phone, last name + birth date + postal code), last names
    so apart on an e-mail or phone, birth dates that differ. A pair that cannot show it agrees
    (first names on both sides, or birth dates on both sides) is not linked by a household key
    (family address, fixed line), nor by any key that joins records that disagree elsewhere: it
    would otherwise bridge the family into one customer. -#}
with

record_keys as (
    select
        node_id,
        normalized_first_name,
        normalized_last_name,
        birth_date,
        key_type,
        match_key,
        key_strength in ('contact', 'household') as is_contact_key,
        is_first_name_unkeyed,
        key_strength
    from {{ ref('int_identity__record_keys') }}
    where exclusion_reason is null
),

pairs as (
    select
        left_record.key_type,
        left_record.match_key,
        left_record.node_id as node_id_a,
        right_record.node_id as node_id_b,
        left_record.is_first_name_unkeyed
        and {{ crosschannel.names_conflict(
            'left_record.normalized_first_name', 'right_record.normalized_first_name'
        ) }} as is_first_name_conflict,
        left_record.is_contact_key
        and {{ crosschannel.names_conflict(
            'left_record.normalized_last_name', 'right_record.normalized_last_name'
        ) }} as is_last_name_conflict,
        {{ crosschannel.birth_dates_conflict('left_record.birth_date', 'right_record.birth_date') }}
            as is_birth_date_conflict,
        left_record.key_strength = 'household' as is_household_key,
        left_record.key_strength = 'strong'
        or (
            left_record.is_contact_key
            and left_record.normalized_first_name is not null
            and right_record.normalized_first_name is not null
        )
        or (
            left_record.birth_date is not null
            and right_record.birth_date is not null
        ) as is_identity_confirmed
    from record_keys as left_record
    inner join record_keys as right_record
        on
            left_record.key_type = right_record.key_type
            and left_record.match_key = right_record.match_key
            and left_record.node_id < right_record.node_id
),

checked_pairs as (
    select
        *,
        is_first_name_conflict or is_last_name_conflict or is_birth_date_conflict as is_conflict
    from pairs
),

conflicted_keys as (
    select distinct
        key_type,
        match_key
    from checked_pairs
    where is_conflict
),

final as (
    select
        checked_pairs.key_type,
        checked_pairs.match_key,
        checked_pairs.node_id_a,
        checked_pairs.node_id_b,
        case
            when checked_pairs.is_first_name_conflict then 'first_names_differ'
            when checked_pairs.is_last_name_conflict then 'last_names_differ'
            when checked_pairs.is_birth_date_conflict then 'birth_dates_differ'
            when not checked_pairs.is_identity_confirmed and checked_pairs.is_household_key
                then 'unconfirmed_on_household_key'
            when not checked_pairs.is_identity_confirmed and conflicted_keys.match_key is not null
                then 'unconfirmed_on_shared_key'
        end as rejection_reason
    from checked_pairs
    left join conflicted_keys
        on
            checked_pairs.key_type = conflicted_keys.key_type
            and checked_pairs.match_key = conflicted_keys.match_key
)

select * from final
