{#- One row per record and match key it carries, with the key's verdict: a placeholder, or a key
    shared by too many records or too many families, links nobody (exclusion_reason). The key's
    strength says how its links are checked pair by pair: contact keys (e-mail, phone) may be
    shared by a household, household keys (a family address, a fixed line: any record carrying
    the key says so) are, strong keys (loyalty card, name + birth date) only by the same person.
    Name keys (made of names and a birth date) are also carried by namesakes born the same day.
    Name + postal code is no key: at 100k persons namesakes in one town made a tenth of its links
    wrong. A key's families are its last names, but for one a typing error away from another,
    sounding like it, or written where a first name on the key is: a person whose cards carry
    Dupont, Dupond and the names swapped is one family, not three.

    Incremental: everything about a key comes from the records carrying it, so a run computes
    again only the touched keys: those a record keyed since the last run (int_identity__keyed_records'
    keyed_at differs) carries now or carried before, and those of deleted records. Their carriers'
    other keys are kept as they were. -#}
{%- set incremental_config = crosschannel.incremental_by_key_config('node_id') -%}
{{ config(
    post_hook=crosschannel.gone_keys_deletion(incremental_config, "{{ ref('int_identity__keyed_records') }}"),
    uncompressed_columns=['node_id', 'match_key'],
    **incremental_config
) }}
{%- set match_keys = [
    {'key_type': 'email', 'strength': 'contact', 'placeholder': 'is_placeholder_email',
        'household': 'is_household_email', 'without_first_name': true},
    {'key_type': 'email_domain_typo', 'strength': 'contact', 'placeholder': 'is_placeholder_email',
        'household': 'is_household_email', 'without_first_name': true},
    {'key_type': 'phone', 'strength': 'contact', 'placeholder': 'is_placeholder_phone',
        'household': 'is_landline_phone', 'without_first_name': true},
    {'key_type': 'loyalty', 'strength': 'strong'},
    {'key_type': 'name_birth_date', 'strength': 'strong', 'from_names': true},
    {'key_type': 'name_unordered_birth_date', 'strength': 'strong', 'from_names': true},
    {'key_type': 'last_name_birth_date_postal_code', 'strength': 'strong', 'without_first_name': true,
        'from_names': true},
    {'key_type': 'name_letters_birth_date', 'strength': 'strong', 'from_names': true},
] -%}

{%- set records_select -%}
    select
        node_id,
        source_system,
        normalized_first_name,
        normalized_last_name,
        first_name_sound,
        last_name_sound,
        birth_date,
        is_placeholder_email,
        is_placeholder_phone,
        is_household_email,
        is_landline_phone,
        email_key,
        email_domain_typo_key,
        phone_key,
        loyalty_key,
        name_birth_date_key,
        name_unordered_birth_date_key,
        last_name_birth_date_postal_code_key,
        name_letters_birth_date_key,
        keyed_at
    from {{ ref('int_identity__keyed_records') }}
{%- endset %}

with

records as (
    {{ records_select }}
),

{#- One row per record of source_records and key it carries (source_records is replaced). Only the
    first branch reads the CTE source_records: in a full build the others read the table again
    (crosschannel.second_read), and so do all branches of unpivoted_keys_again, for the second and
    third readers of record_keys. DuckDB materialises a CTE read more than once, millions of wide
    rows at 1M persons, where each read of the table streams. #}
{%- set source_records_again =
    '(' ~ crosschannel.second_read('source_records', records_select) ~ ') as source_records' -%}
{%- set unpivoted_keys -%}
    {%- for match_key in match_keys %}
        select
            node_id,
            source_system,
            normalized_first_name,
            normalized_last_name,
            first_name_sound,
            last_name_sound,
            birth_date,
            keyed_at,
            '{{ match_key.key_type }}' as key_type,
            {{ match_key.key_type }}_key as match_key,
            '{{ match_key.strength }}' as key_strength,
            {{ 'true' if match_key.without_first_name else 'false' }} as is_first_name_unkeyed,
            {{ 'true' if match_key.from_names else 'false' }} as is_name_key,
            {{ match_key.placeholder or 'false' }} as is_placeholder,
            {{ match_key.household or 'false' }} as is_household_value
        from {{ 'source_records' if loop.first else source_records_again }}
        where {{ match_key.key_type }}_key is not null
        {{ 'union all' if not loop.last }}
    {%- endfor %}
{%- endset %}
{%- set unpivoted_keys_again = unpivoted_keys | replace('from source_records', 'from ' ~ source_records_again, 1) %}

{% if is_incremental() -%}
{{ crosschannel.touched_group_ctes(['key_type', 'match_key'], unpivoted_keys) }}

{% endif -%}
source_records as (
    select records.*
    from records
    {%- if is_incremental() %}
    inner join carrier_nodes on records.node_id = carrier_nodes.node_id
    {%- endif %}
),

record_keys as (
    select all_keys.*
    from ({{ unpivoted_keys }}) as all_keys
    {%- if is_incremental() %}
    inner join touched_groups
        on all_keys.key_type = touched_groups.key_type and all_keys.match_key = touched_groups.match_key
    {%- endif %}
),
{%- set record_keys_again = crosschannel.second_read(
    'record_keys', 'select all_keys.* from (' ~ unpivoted_keys_again ~ ') as all_keys'
) %}

key_sizes as (
    select
        key_type,
        match_key,
        count(*) as records_with_key,
        -- Two spellings or more when they differ (cheaper than counting them: only those are grouped).
        min(normalized_last_name) <> max(normalized_last_name) as has_last_name_spellings,
        max(normalized_last_name) is not null as has_last_name,
        bool_or(is_household_value) as is_household_key
    from record_keys
    group by key_type, match_key
),

-- The names on each key whose last names may be fewer families than spellings (two spellings or
-- more) and that may link: comparing them pairwise stays bounded by crosschannel__max_records_per_key.
key_names as (
    select distinct
        record_keys.key_type,
        record_keys.match_key,
        record_keys.normalized_first_name,
        record_keys.first_name_sound,
        record_keys.normalized_last_name,
        record_keys.last_name_sound
    from ({{ record_keys_again }}) as record_keys
    inner join key_sizes
        on
            record_keys.key_type = key_sizes.key_type
            and record_keys.match_key = key_sizes.match_key
    where
        key_sizes.records_with_key <= {{ var('crosschannel__max_records_per_key') }}
        and key_sizes.has_last_name_spellings
),

key_last_names as (
    select distinct
        key_type,
        match_key,
        normalized_last_name as last_name,
        last_name_sound
    from key_names
    where normalized_last_name is not null
),

-- A last name that is a typing error of an earlier one on the key (alphabetically), sounds like
-- it, or is a first name on the key (the names typed in each other's fields) is no other family.
repeated_last_names as (
    select
        later.key_type,
        later.match_key,
        later.last_name
    from key_last_names as later
    inner join key_last_names as earlier
        on
            later.key_type = earlier.key_type
            and later.match_key = earlier.match_key
            and later.last_name > earlier.last_name
    where
        {{ crosschannel.name_comparison(
            'earlier.last_name', 'later.last_name', 'earlier.last_name_sound', 'later.last_name_sound'
        ) }} <> 'differs'
    union
    select
        key_last_names.key_type,
        key_last_names.match_key,
        key_last_names.last_name
    from key_last_names
    inner join key_names as first_names
        on
            key_last_names.key_type = first_names.key_type
            and key_last_names.match_key = first_names.match_key
    where
        {{ crosschannel.name_comparison(
            'first_names.normalized_first_name', 'key_last_names.last_name',
            'first_names.first_name_sound', 'key_last_names.last_name_sound'
        ) }} <> 'differs'
),

key_families as (
    select
        key_last_names.key_type,
        key_last_names.match_key,
        -- At least one when the key carries a last name: every one of them may be a swapped first name.
        greatest(count(*) - count(repeated_last_names.last_name), 1) as last_names_with_key
    from key_last_names
    left join repeated_last_names
        on
            key_last_names.key_type = repeated_last_names.key_type
            and key_last_names.match_key = repeated_last_names.match_key
            and key_last_names.last_name = repeated_last_names.last_name
    group by key_last_names.key_type, key_last_names.match_key
),

final as (
    select
        record_keys.node_id,
        record_keys.source_system,
        record_keys.normalized_first_name,
        record_keys.normalized_last_name,
        record_keys.first_name_sound,
        record_keys.last_name_sound,
        record_keys.birth_date,
        record_keys.key_type,
        record_keys.match_key,
        case
            when key_sizes.is_household_key then 'household'
            else record_keys.key_strength
        end as key_strength,
        record_keys.is_first_name_unkeyed,
        record_keys.is_name_key,
        key_sizes.records_with_key,
        case
            when key_sizes.records_with_key <= {{ var('crosschannel__max_records_per_key') }}
                then coalesce(key_families.last_names_with_key, case when key_sizes.has_last_name then 1 else 0 end)
        end as last_names_with_key,
        case
            when record_keys.is_placeholder then 'placeholder_value'
            when key_sizes.records_with_key > {{ var('crosschannel__max_records_per_key') }}
                then 'too_many_records'
            when key_families.last_names_with_key > {{ var('crosschannel__max_last_names_per_key') }}
                then 'too_many_last_names'
        end as exclusion_reason,
        record_keys.keyed_at,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }}) as computed_at
    from ({{ record_keys_again }}) as record_keys
    inner join key_sizes
        on
            record_keys.key_type = key_sizes.key_type
            and record_keys.match_key = key_sizes.match_key
    left join key_families
        on
            record_keys.key_type = key_families.key_type
            and record_keys.match_key = key_families.match_key
    {%- if is_incremental() %}
    union all
    -- The carriers' untouched keys, as they were: delete+insert replaces the carriers' rows whole.
    {{ crosschannel.kept_untouched_rows(['key_type', 'match_key'], [
        'node_id', 'source_system', 'normalized_first_name', 'normalized_last_name', 'first_name_sound',
        'last_name_sound', 'birth_date', 'key_type', 'match_key', 'key_strength', 'is_first_name_unkeyed',
        'is_name_key', 'records_with_key', 'last_names_with_key', 'exclusion_reason', 'keyed_at', 'computed_at',
    ]) }}
    {%- endif %}
)

select * from final
