{#- Every pair of records sharing a usable match key, and whether the key links them. A pair is kept
    apart when the records disagree on who they are: first names that differ (more than a typo
    apart, not sounding alike: crosschannel.name_comparison) on a key without the first name
    (e-mail, phone, last name + birth date + postal code); last names on an e-mail or phone more
    than two typing errors apart, or two in a name under five letters (crosschannel.names_conflict:
    Dubois typed Duboit on one card and Dubios on another is one name; two first names two errors
    apart are often two names of one family - Celine and Helene, Marie and Martine); birth dates
    that differ. First and last name written in each other's fields are no disagreement, even with
    a typing error in one of them, nor is a card knowing only a last name that the other record
    typed as its first name (crosschannel.last_name_typed_as_first_name). A pair that cannot show it agrees (first
    names on both sides, or birth dates on both sides) is not linked by a household key (family
    address, fixed line), nor by any key that joins records that disagree elsewhere: it would
    otherwise bridge the family into one customer. Namesakes born the same day share every name key:
    a pair linked only by names and a birth date that shares no postal code (another one, or one
    side has none) is kept apart when the records are reached elsewhere (different personal
    e-mails or mobiles; different loyalty cards in different towns), or live far apart (postal
    codes more than one typing error apart) with no e-mail, mobile or loyalty card in common: a
    mover with nothing else to show cannot be told from a namesake, who at a million persons is the
    likelier (410 such links, none right). One person's records with two addresses or two mobiles
    are nearly always joined by another key as well: at 1M, keeping apart the name + birth date
    pairs reached elsewhere without a postal code to compare dropped 2,095 false pairs and 15 true
    ones. A postal code one digit off, or a shared postal code, does not keep them apart. Twins share
    the last name + birth date + postal code key (which ignores first names): on it, records with
    other mobiles are kept apart (mobile_phones_differ; at 1M, 447 false pairs fewer, no true one).
    -#}
{#- Incremental: all that decides a pair comes from its key's carriers, so a run computes again
    only the pairs of the keys int_identity__record_keys computed again since the pairs' last run
    (computed_at after the latest keys_computed_at kept). The pre-hook first deletes the pairs of
    those keys, of records keyed again since (a key they no longer carry may have no carrier left)
    and of records no longer keyed. -#}
{%- set incremental_config = crosschannel.incremental_by_key_config(['key_type', 'node_id_a', 'node_id_b']) -%}
{{ config(
    pre_hook=(
        [
            "{% if is_incremental() %}"
            ~ "delete from {{ this }} as kept_pairs where exists ("
            ~ " select 1 from {{ ref('int_identity__record_keys') }} as recomputed"
            ~ " where recomputed.computed_at > (select max(keys_computed_at) from {{ this }})"
            ~ " and recomputed.key_type = kept_pairs.key_type and recomputed.match_key = kept_pairs.match_key"
            ~ ") or {{ crosschannel.pair_of_record_keyed_since("
            ~ "'kept_pairs', ref('int_identity__record_keys'), '(select max(keys_computed_at) from ' ~ this ~ ')'"
            ~ ") }}"
            ~ " or {{ crosschannel.pair_of_unkeyed_record('kept_pairs') }}"
            ~ "{% endif %}"
        ] if incremental_config.materialized == 'incremental' else []
    ),
    uncompressed_columns=['match_key', 'node_id_a', 'node_id_b'],
    **incremental_config
) }}
{%- set swapped = crosschannel.names_swapped(
    'left_record.normalized_first_name', 'left_record.normalized_last_name',
    'right_record.normalized_first_name', 'right_record.normalized_last_name',
    'left_record.first_name_sound', 'left_record.last_name_sound',
    'right_record.first_name_sound', 'right_record.last_name_sound'
) %}

{#- The keys that may link, of the keys computed (all of them in a full build). -#}
{%- set linkable_record_keys -%}
    select
        record_keys.node_id,
        record_keys.normalized_first_name,
        record_keys.normalized_last_name,
        record_keys.first_name_sound,
        record_keys.last_name_sound,
        record_keys.birth_date,
        record_keys.key_type,
        record_keys.match_key,
        record_keys.key_strength in ('contact', 'household') as is_contact_key,
        record_keys.is_first_name_unkeyed,
        record_keys.is_name_key,
        record_keys.key_strength,
        record_keys.computed_at
    from {{ ref('int_identity__record_keys') }} as record_keys
    {%- if is_incremental() %}
    inner join touched_keys
        on record_keys.key_type = touched_keys.key_type and record_keys.match_key = touched_keys.match_key
    {%- endif %}
    where record_keys.exclusion_reason is null
{%- endset -%}
with

{% if is_incremental() -%}
touched_keys as (
    select distinct
        key_type,
        match_key
    from {{ ref('int_identity__record_keys') }}
    where
        computed_at > (
            select {{ crosschannel.kept_watermark('keys_computed_at') }}
            from {{ this }}
        )
),

{% endif -%}
record_keys as (
    {{ linkable_record_keys }}
),

-- The keys again, for the other side of the pairs (millions at 1M persons: see second_read).
other_record_keys as (
    {{ crosschannel.second_read('record_keys', linkable_record_keys) }}
),

records as (
    select
        node_id,
        postal_code,
        {{ crosschannel.if_personal_email('email_key') }} as personal_email_key,
        {{ crosschannel.if_mobile_phone('phone_key') }} as mobile_phone_key,
        loyalty_key
    from {{ ref('int_identity__keyed_records') }}
),

pairs as (
    select
        left_record.key_type,
        left_record.match_key,
        left_record.node_id as node_id_a,
        right_record.node_id as node_id_b,
        left_record.computed_at as keys_computed_at,
        left_record.is_first_name_unkeyed,
        left_record.is_first_name_unkeyed
        and {{ crosschannel.name_comparison(
            'left_record.normalized_first_name', 'right_record.normalized_first_name',
            'left_record.first_name_sound', 'right_record.first_name_sound'
        ) }} = 'differs'
        and not {{ swapped }} as is_first_name_conflict,
        left_record.is_contact_key
        and {{ crosschannel.names_conflict(
            'left_record.normalized_last_name', 'right_record.normalized_last_name',
            'left_record.last_name_sound', 'right_record.last_name_sound'
        ) }}
        and not {{ swapped }}
        and not {{ crosschannel.last_name_typed_as_first_name(
            'left_record.normalized_first_name', 'left_record.normalized_last_name',
            'right_record.normalized_first_name', 'right_record.normalized_last_name',
            'left_record.first_name_sound', 'left_record.last_name_sound',
            'right_record.first_name_sound', 'right_record.last_name_sound'
        ) }} as is_last_name_conflict,
        {{ crosschannel.birth_dates_conflict('left_record.birth_date', 'right_record.birth_date') }}
            as is_birth_date_conflict,
        left_record.key_strength = 'household' as is_household_key,
        left_record.is_name_key,
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
    inner join other_record_keys as right_record
        on
            left_record.key_type = right_record.key_type
            and left_record.match_key = right_record.match_key
            and left_record.node_id < right_record.node_id
),

-- Pairs linked by names and a birth date only: sharing no postal code (another one, or none to
-- compare), are they reached elsewhere or do they live far apart?
name_key_pairs as (
    select
        pairs.key_type,
        pairs.node_id_a,
        pairs.node_id_b,
        not coalesce(record_a.postal_code = record_b.postal_code, false)
        and (
            coalesce(record_a.personal_email_key <> record_b.personal_email_key, false)
            or coalesce(record_a.mobile_phone_key <> record_b.mobile_phone_key, false)
            or coalesce(
                record_a.postal_code <> record_b.postal_code and record_a.loyalty_key <> record_b.loyalty_key,
                false
            )
            or coalesce(
                not {{ crosschannel.one_edit_apart('record_a.postal_code', 'record_b.postal_code') }}
                and not coalesce(
                    record_a.personal_email_key = record_b.personal_email_key
                    or record_a.mobile_phone_key = record_b.mobile_phone_key
                    or record_a.loyalty_key = record_b.loyalty_key,
                    false
                ),
                false
            )
        ) as is_elsewhere,
        -- Twins share a last name, a birth date and a home: on the key without first names, their
        -- own mobiles tell them apart.
        pairs.is_first_name_unkeyed
        and coalesce(record_a.mobile_phone_key <> record_b.mobile_phone_key, false) as is_other_mobile
    from pairs
    inner join records as record_a on pairs.node_id_a = record_a.node_id
    inner join records as record_b on pairs.node_id_b = record_b.node_id
    where pairs.is_name_key
),

checked_pairs as (
    select
        pairs.*,
        coalesce(name_key_pairs.is_elsewhere, false) as is_elsewhere,
        coalesce(name_key_pairs.is_other_mobile, false) as is_other_mobile,
        pairs.is_first_name_conflict or pairs.is_last_name_conflict or pairs.is_birth_date_conflict
        or coalesce(name_key_pairs.is_elsewhere or name_key_pairs.is_other_mobile, false) as is_conflict
    from pairs
    left join name_key_pairs
        on
            pairs.key_type = name_key_pairs.key_type
            and pairs.node_id_a = name_key_pairs.node_id_a
            and pairs.node_id_b = name_key_pairs.node_id_b
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
            when checked_pairs.is_elsewhere then 'lives_and_is_reached_elsewhere'
            when checked_pairs.is_other_mobile then 'mobile_phones_differ'
            when not checked_pairs.is_identity_confirmed and checked_pairs.is_household_key
                then 'unconfirmed_on_household_key'
            when not checked_pairs.is_identity_confirmed and conflicted_keys.match_key is not null
                then 'unconfirmed_on_shared_key'
        end as rejection_reason,
        checked_pairs.keys_computed_at
    from checked_pairs
    left join conflicted_keys
        on
            checked_pairs.key_type = conflicted_keys.key_type
            and checked_pairs.match_key = conflicted_keys.match_key
)

select * from final
