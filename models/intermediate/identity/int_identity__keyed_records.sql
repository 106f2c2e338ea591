{#- Every staged back-office record and lead with its contact details in match form, its
    deterministic match keys (salted hashes), and what the golden record takes from it (names as
    typed, address, consent, timestamps). The identity graph links records sharing a key; the
    normalised e-mail and phone stay in this layer.

    Incremental: a run computes only the records whose fingerprint (their staged values and the
    rules below, vars and key salt included) is new, and deletes the records no longer staged.
    The rules are the select lists of normalized, the name sounds and the flags of final: a change
    to one of them (or to a var or macro they use) makes every fingerprint new, so no key made by
    the old rule is kept. -#}
{%- set incremental_config = crosschannel.incremental_by_key_config('node_id') -%}
{#- Records deleted from a source since the last run (the delete runs after the model, with the
    staged ids rendered then). -#}
{{ config(
    post_hook=crosschannel.gone_keys_deletion(
        incremental_config,
        "(select 'web:' || account_id as node_id from {{ ref('stg_web__accounts') }}"
        ~ " union all select 'store:' || store_customer_id from {{ ref('stg_store__customers') }}"
        ~ " union all select 'crm:' || contact_id from {{ ref('stg_crm__contacts') }}"
        ~ " union all select 'lead:' || lead_id from {{ ref('stg_sales__leads') }})"
    ),
    uncompressed_columns=[
        'node_id', 'source_record_id', 'normalized_email', 'normalized_phone', 'email_key',
        'email_domain_typo_key', 'phone_key', 'name_birth_date_key', 'name_unordered_birth_date_key',
        'last_name_birth_date_postal_code_key', 'name_letters_birth_date_key', 'record_fingerprint',
    ],
    **incremental_config
) }}
{%- set normalized_columns -%}
    {{ crosschannel.normalize_email('email') }} as normalized_email,
    {{ crosschannel.normalize_phone('phone') }} as normalized_phone,
    {{ crosschannel.normalize_name('first_name') }} as normalized_first_name,
    {{ crosschannel.normalize_name('last_name') }} as normalized_last_name,
    birth_date,
    {{ crosschannel.normalize_loyalty_id('loyalty_id') }} as normalized_loyalty_id,
    nullif(trim(first_name), '') as first_name,
    nullif(trim(last_name), '') as last_name,
    postal_code,
    address_line,
    city,
    has_email_opt_in,
    is_unsubscribed,
    created_at,
    updated_at,
    {{ crosschannel.email_match_key('email') }} as email_key,
    {{ crosschannel.email_domain_typo_match_key('email') }} as email_domain_typo_key,
    {{ crosschannel.phone_match_key('phone') }} as phone_key,
    {{ crosschannel.loyalty_match_key('loyalty_id') }} as loyalty_key,
    {{ crosschannel.name_birth_date_match_key('first_name', 'last_name', 'birth_date') }}
        as name_birth_date_key,
    {{ crosschannel.name_unordered_birth_date_match_key('first_name', 'last_name', 'birth_date') }}
        as name_unordered_birth_date_key,
    {{ crosschannel.last_name_birth_date_postal_code_match_key('last_name', 'birth_date', 'postal_code') }}
        as last_name_birth_date_postal_code_key,
    {{ crosschannel.name_letters_birth_date_match_key('first_name', 'last_name', 'birth_date') }}
        as name_letters_birth_date_key
{%- endset -%}
{%- set name_sound_stages = [
    crosschannel.french_phonetic_key('normalized_name', stage=1),
    crosschannel.french_phonetic_key('name_sound', stage=2),
    crosschannel.french_phonetic_key('name_sound', stage=3),
    crosschannel.french_phonetic_key('name_sound', stage=4),
] -%}
{%- set record_flags -%}
    {{ crosschannel.is_placeholder_email('normalized.normalized_email') }} as is_placeholder_email,
    {{ crosschannel.is_placeholder_phone('normalized.normalized_phone') }} as is_placeholder_phone,
    {{ crosschannel.is_household_email('normalized.normalized_email', 'normalized.normalized_last_name') }}
        as is_household_email,
    {{ crosschannel.is_landline_phone('normalized.normalized_phone') }} as is_landline_phone,
{%- endset -%}
{%- set record_columns = [
    'source_system', 'source_record_id', 'email', 'phone', 'first_name', 'last_name', 'birth_date',
    'postal_code', 'loyalty_id', 'address_line', 'city', 'has_email_opt_in', 'is_unsubscribed',
    'created_at', 'updated_at',
] %}

with

{#- Each import CTE gives the same columns in the same order, so that records is their union. #}
web_accounts as (
    select
        'web' as source_system,
        account_id as source_record_id,
        email,
        phone,
        first_name,
        last_name,
        birth_date,
        postal_code,
        loyalty_id,
        cast(null as {{ dbt.type_string() }}) as address_line,
        cast(null as {{ dbt.type_string() }}) as city,
        has_email_opt_in,
        false as is_unsubscribed,
        created_at,
        updated_at
    from {{ ref('stg_web__accounts') }}
),

store_customers as (
    select
        'store' as source_system,
        store_customer_id as source_record_id,
        email,
        phone,
        first_name,
        last_name,
        birth_date,
        postal_code,
        loyalty_id,
        address_line,
        city,
        has_email_opt_in,
        false as is_unsubscribed,
        created_at,
        updated_at
    from {{ ref('stg_store__customers') }}
),

crm_contacts as (
    select
        'crm' as source_system,
        contact_id as source_record_id,
        email,
        phone,
        first_name,
        last_name,
        cast(null as date) as birth_date,
        postal_code,
        loyalty_id,
        cast(null as {{ dbt.type_string() }}) as address_line,
        cast(null as {{ dbt.type_string() }}) as city,
        has_email_opt_in,
        unsubscribed_at is not null as is_unsubscribed,
        created_at,
        updated_at
    from {{ ref('stg_crm__contacts') }}
),

leads as (
    select
        'lead' as source_system,
        lead_id as source_record_id,
        email,
        phone,
        first_name,
        last_name,
        cast(null as date) as birth_date,
        cast(null as {{ dbt.type_string() }}) as postal_code,
        cast(null as {{ dbt.type_string() }}) as loyalty_id,
        cast(null as {{ dbt.type_string() }}) as address_line,
        cast(null as {{ dbt.type_string() }}) as city,
        -- A lead form asks for no marketing consent: it neither gives nor withdraws it.
        cast(null as boolean) as has_email_opt_in,
        false as is_unsubscribed,
        created_at,
        created_at as updated_at
    from {{ ref('stg_sales__leads') }}
),

records as (
    select * from web_accounts
    union all
    select * from store_customers
    union all
    select * from crm_contacts
    union all
    select * from leads
),

fingerprinted_records as (
    select
        *,
        {{ crosschannel.change_fingerprint(
            record_columns, normalized_columns ~ name_sound_stages | join(' ') ~ record_flags
        ) }} as record_fingerprint
    from records
),

{% if is_incremental() -%}
kept_records as (
    select
        node_id,
        record_fingerprint
    from {{ this }}
),

{% endif -%}
computed_records as (
    select fingerprinted_records.*
    from fingerprinted_records
    {%- if is_incremental() %}
    left join kept_records
        on
            fingerprinted_records.source_system || ':' || fingerprinted_records.source_record_id
            = kept_records.node_id
            and fingerprinted_records.record_fingerprint = kept_records.record_fingerprint
    where kept_records.node_id is null
    {%- endif %}
),

normalized as (
    select
        source_system,
        source_record_id,
        record_fingerprint,
        {{ normalized_columns }}
    from computed_records
),

-- Each distinct name's sound, computed once per name rather than once per record, in the key's
-- four stages (one CTE each, so that no expression nests too deep for a parser).
distinct_names as (
    select normalized_first_name as normalized_name from normalized
    where normalized_first_name is not null
    union
    select normalized_last_name as normalized_name from normalized
    where normalized_last_name is not null
),

name_sounds_1 as (
    select
        normalized_name,
        {{ name_sound_stages[0] }} as name_sound
    from distinct_names
),

name_sounds_2 as (
    select
        normalized_name,
        {{ name_sound_stages[1] }} as name_sound
    from name_sounds_1
),

name_sounds_3 as (
    select
        normalized_name,
        {{ name_sound_stages[2] }} as name_sound
    from name_sounds_2
),

name_sounds_4 as (
    select
        normalized_name,
        {{ name_sound_stages[3] }} as name_sound
    from name_sounds_3
),

name_sounds as (
    select
        normalized_name,
        name_sound
    from name_sounds_4
),

final as (
    select
        normalized.source_system || ':' || normalized.source_record_id as node_id,
        normalized.source_system,
        normalized.source_record_id,
        normalized.normalized_email,
        normalized.normalized_phone,
        normalized.normalized_first_name,
        normalized.normalized_last_name,
        first_name_sounds.name_sound as first_name_sound,
        last_name_sounds.name_sound as last_name_sound,
        normalized.birth_date,
        normalized.normalized_loyalty_id,
        {{ record_flags }}
        normalized.email_key,
        normalized.email_domain_typo_key,
        normalized.phone_key,
        normalized.loyalty_key,
        normalized.name_birth_date_key,
        normalized.name_unordered_birth_date_key,
        normalized.last_name_birth_date_postal_code_key,
        normalized.name_letters_birth_date_key,
        normalized.first_name,
        normalized.last_name,
        normalized.postal_code,
        normalized.address_line,
        normalized.city,
        normalized.has_email_opt_in,
        normalized.is_unsubscribed,
        normalized.created_at,
        normalized.updated_at,
        normalized.record_fingerprint,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }}) as keyed_at
    from normalized
    left join name_sounds as first_name_sounds
        on normalized.normalized_first_name = first_name_sounds.normalized_name
    left join name_sounds as last_name_sounds
        on normalized.normalized_last_name = last_name_sounds.normalized_name
)

select * from final
