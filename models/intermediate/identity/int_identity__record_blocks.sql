{#- One row per record and typo block it falls in, with the block's size: the exact blocking keys
    int_identity__typo_pairs draws its candidate pairs from - birth date + postal code; the last
    name's sound (crosschannel.french_phonetic_key) + birth year; the two names' sounds in either
    order + birth date; first + last name + personal e-mail's domain.

    Incremental: a block's size comes from its members, so a run computes again only the blocks a
    record keyed since the last run (or deleted since) falls in or fell in, for all their members
    (crosschannel.touched_group_ctes); its members' other blocks are kept. -#}
{%- set incremental_config = crosschannel.incremental_by_key_config('node_id') -%}
{{ config(
    post_hook=crosschannel.gone_keys_deletion(incremental_config, "{{ ref('int_identity__keyed_records') }}"),
    uncompressed_columns=['node_id', 'block_key'],
    **incremental_config
) }}

with

records as (
    select
        node_id,
        normalized_first_name as first_name,
        normalized_last_name as last_name,
        first_name_sound,
        last_name_sound,
        birth_date,
        postal_code,
        {{ crosschannel.if_personal_email(dbt.split_part('normalized_email', "'@'", 2)) }} as email_domain,
        keyed_at
    from {{ ref('int_identity__keyed_records') }}
),

{#- One row per record of source_records and block it falls in (source_records is replaced). #}
{%- set unpivoted_blocks -%}
    select
        node_id,
        keyed_at,
        'birth_date_postal_code' as block_type,
        cast(birth_date as {{ dbt.type_string() }}) || '|' || postal_code as block_key
    from source_records
    where birth_date is not null and postal_code is not null
    union all
    select
        node_id,
        keyed_at,
        'last_name_sound_birth_year' as block_type,
        last_name_sound || '|' || cast(extract(year from birth_date) as {{ dbt.type_string() }}) as block_key
    from source_records
    where last_name_sound is not null and birth_date is not null
    union all
    select
        node_id,
        keyed_at,
        'name_sounds_birth_date' as block_type,
        case when first_name_sound < last_name_sound then first_name_sound else last_name_sound end
        || '|' || case when first_name_sound < last_name_sound then last_name_sound else first_name_sound end
        || '|' || cast(birth_date as {{ dbt.type_string() }}) as block_key
    from source_records
    where first_name_sound is not null and last_name_sound is not null and birth_date is not null
    union all
    select
        node_id,
        keyed_at,
        'name_email_domain' as block_type,
        first_name || '|' || last_name || '|' || email_domain as block_key
    from source_records
    where first_name is not null and last_name is not null and email_domain is not null
{%- endset %}

{% if is_incremental() -%}
{{ crosschannel.touched_group_ctes(['block_type', 'block_key'], unpivoted_blocks) }}

{% endif -%}
source_records as (
    select records.*
    from records
    {%- if is_incremental() %}
    inner join carrier_nodes on records.node_id = carrier_nodes.node_id
    {%- endif %}
),

record_blocks as (
    select all_blocks.*
    from ({{ unpivoted_blocks }}) as all_blocks
    {%- if is_incremental() %}
    inner join touched_groups
        on all_blocks.block_type = touched_groups.block_type and all_blocks.block_key = touched_groups.block_key
    {%- endif %}
),

block_sizes as (
    select
        block_type,
        block_key,
        count(*) as records_in_block
    from record_blocks
    group by block_type, block_key
),

final as (
    select
        record_blocks.node_id,
        record_blocks.block_type,
        record_blocks.block_key,
        block_sizes.records_in_block,
        record_blocks.keyed_at,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }}) as computed_at
    from record_blocks
    inner join block_sizes
        on record_blocks.block_type = block_sizes.block_type and record_blocks.block_key = block_sizes.block_key
    {%- if is_incremental() %}
    union all
    -- The members' untouched blocks, as they were: delete+insert replaces the members' rows whole.
    {{ crosschannel.kept_untouched_rows(['block_type', 'block_key'], [
        'node_id', 'block_type', 'block_key', 'records_in_block', 'keyed_at', 'computed_at',
    ]) }}
    {%- endif %}
)

select * from final
