{#- Pairs of records that differ by one typing error where enough else agrees: the graph's typo-tolerant
    rules. Candidates come from exact blocking keys (blocks larger than
    crosschannel__max_records_per_block are skipped: never a cross join): birth date + postal code;
    the last name's sound (crosschannel.french_phonetic_key) + birth year; the two names' sounds in
    either order + birth date; first + last name + e-mail domain. Each pair is compared field by
    field. A field agrees, differs, or differs by one tolerated error: a name one edit apart
    (Damerau: a swap of neighbours is one) or sounding the same (Dupont / Dupond), first and last
    name swapped (even one of them misspelt: counted as the one error), day and month swapped, one
    mistyped or transposed digit in a postal code or a loyalty number, one letter's edit in an
    e-mail's local part (same domain, same digits and separators: thomas.richard3 / thomas.richard4
    and jean.dupont / jeandupont are two addresses). Names, birth dates and loyalty cards that
    differ contradict; postal codes, e-mails and phones that differ do not (people move and keep
    several), unless both: records living elsewhere (another postal code, even one digit off) and
    reached elsewhere (another e-mail or mobile) are kept apart, as on the name keys. A pair links
    (typo_rule: the field and its difference) when nothing contradicts, exactly one field holds a
    tolerated error, and at least three other fields agree exactly (first name, last name, birth
    date, postal code, loyalty card, personal e-mail, mobile); two when the error is in the e-mail,
    whose other characters are evidence enough. Only pairs with a tolerated error are listed: exact
    agreement is the match keys' business.

    Incremental: a pair depends on its two records and the blocks they share
    (int_identity__record_blocks), so a run computes again only the pairs of records sharing a
    block whose size was computed again since the pairs' last run (computed_at after the latest
    blocks_computed_at kept), or one of them keyed again. A pre-hook first deletes those pairs and
    those of records no longer keyed. -#}
{%- set incremental_config = crosschannel.incremental_by_key_config(['node_id_a', 'node_id_b']) -%}
{%- set kept_blocks_computed_at = '(select max(blocks_computed_at) from {{ this }})' -%}
{{ config(
    pre_hook=(
        [
            "{% if is_incremental() %}"
            ~ "delete from {{ this }} as kept_pairs where exists ("
            ~ " select 1 from {{ ref('int_identity__record_blocks') }} as block_a"
            ~ " inner join {{ ref('int_identity__record_blocks') }} as block_b"
            ~ " on block_a.block_type = block_b.block_type and block_a.block_key = block_b.block_key"
            ~ " where block_a.computed_at > " ~ kept_blocks_computed_at
            ~ " and block_a.node_id = kept_pairs.node_id_a and block_b.node_id = kept_pairs.node_id_b"
            ~ ") or {{ crosschannel.pair_of_record_keyed_since("
            ~ "'kept_pairs', ref('int_identity__keyed_records'), '(select max(blocks_computed_at) from ' ~ this ~ ')'"
            ~ ") }}"
            ~ " or {{ crosschannel.pair_of_unkeyed_record('kept_pairs') }}"
            ~ "{% endif %}"
        ] if incremental_config.materialized == 'incremental' else []
    ),
    uncompressed_columns=['node_id_a', 'node_id_b'],
    **incremental_config
) }}
{%- set max_block = var('crosschannel__max_records_per_block') -%}
{%- set fields = ['first_name', 'last_name', 'birth_date', 'postal_code', 'loyalty_card', 'email', 'mobile_phone'] -%}

with

keyed_records as (
    select
        node_id,
        normalized_first_name,
        normalized_last_name,
        first_name_sound,
        last_name_sound,
        birth_date,
        postal_code,
        normalized_loyalty_id,
        {{ crosschannel.if_personal_email('normalized_email') }} as email,
        {{ crosschannel.if_mobile_phone('phone_key') }} as mobile_phone_key
    from {{ ref('int_identity__keyed_records') }}
),

records as (
    select
        node_id,
        normalized_first_name as first_name,
        normalized_last_name as last_name,
        first_name_sound,
        last_name_sound,
        birth_date,
        postal_code,
        normalized_loyalty_id as loyalty_card,
        email,
        {{ dbt.split_part('email', "'@'", 1) }} as email_local_part,
        {{ dbt.split_part('email', "'@'", 2) }} as email_domain,
        mobile_phone_key
    from keyed_records
),

record_blocks as (
    select
        node_id,
        block_type,
        block_key,
        records_in_block,
        computed_at
    from {{ ref('int_identity__record_blocks') }}
),

{% if is_incremental() -%}
watermark as (
    select {{ crosschannel.kept_watermark('blocks_computed_at') }} as blocks_computed_at
    from {{ this }}
),

touched_blocks as (
    select distinct
        record_blocks.block_type,
        record_blocks.block_key
    from record_blocks
    where record_blocks.computed_at > (select watermark.blocks_computed_at from watermark)
),

touched_rows as (
    select
        record_blocks.node_id,
        record_blocks.block_type,
        record_blocks.block_key
    from record_blocks
    inner join touched_blocks
        on record_blocks.block_type = touched_blocks.block_type and record_blocks.block_key = touched_blocks.block_key
),

rekeyed_nodes as (
    select node_id
    from {{ ref('int_identity__keyed_records') }}
    where keyed_at > (select watermark.blocks_computed_at from watermark)
),

-- Every block of a record in a touched block: all the blocks its pairs may share.
touched_members as (
    select node_id from touched_rows
    union
    select node_id from rekeyed_nodes
),

{% endif -%}
blocked_records as (
    select
        record_blocks.node_id,
        record_blocks.block_type,
        record_blocks.block_key
    from record_blocks
    {%- if is_incremental() %}
    inner join touched_members on record_blocks.node_id = touched_members.node_id
    {%- endif %}
    where record_blocks.records_in_block between 2 and {{ max_block }}
),

-- One row per pair and block it shares: a pair in several blocks is compared once per block and
-- kept once, from its first block type, in ranked. Of millions of block pairs, only those holding a
-- tolerated error are then grouped (grouping them all took a fifth of this model's CPU at 1M).
block_pairs as (
    select
        record_a.node_id as node_id_a,
        record_b.node_id as node_id_b,
        record_a.block_type
    from blocked_records as record_a
    inner join blocked_records as record_b
        on
            record_a.block_type = record_b.block_type
            and record_a.block_key = record_b.block_key
            and record_a.node_id < record_b.node_id
),
{%- if is_incremental() %}

-- The pairs that may have changed: both in one touched block (its size may have crossed a bound;
-- tested on the pairs of valid blocks, never enumerated over a touched block), or one keyed again.
changed_pairs as (
    select distinct
        block_pairs.node_id_a,
        block_pairs.node_id_b
    from block_pairs
    inner join touched_rows as touched_a on block_pairs.node_id_a = touched_a.node_id
    inner join touched_rows as touched_b
        on
            block_pairs.node_id_b = touched_b.node_id
            and touched_a.block_type = touched_b.block_type
            and touched_a.block_key = touched_b.block_key
),

recomputed_pairs as (
    select block_pairs.*
    from block_pairs
    left join changed_pairs
        on block_pairs.node_id_a = changed_pairs.node_id_a and block_pairs.node_id_b = changed_pairs.node_id_b
    left join rekeyed_nodes as rekeyed_a on block_pairs.node_id_a = rekeyed_a.node_id
    left join rekeyed_nodes as rekeyed_b on block_pairs.node_id_b = rekeyed_b.node_id
    where
        changed_pairs.node_id_a is not null
        or rekeyed_a.node_id is not null
        or rekeyed_b.node_id is not null
),
{%- endif %}

-- Each field: agrees, differs, a tolerated error, or NULL when a side lacks it.
compared as (
    select
        block_pairs.node_id_a,
        block_pairs.node_id_b,
        block_pairs.block_type,
        {{ crosschannel.names_swapped(
            'record_a.first_name', 'record_a.last_name', 'record_b.first_name', 'record_b.last_name',
            'record_a.first_name_sound', 'record_a.last_name_sound',
            'record_b.first_name_sound', 'record_b.last_name_sound'
        ) }} as is_names_swapped,
        {%- for name in ['first_name', 'last_name'] %}
            {{ crosschannel.name_comparison(
                'record_a.' ~ name, 'record_b.' ~ name, 'record_a.' ~ name ~ '_sound', 'record_b.' ~ name ~ '_sound'
            ) }} as {{ name }}_comparison,
        {%- endfor %}
        case
            when record_a.birth_date is null or record_b.birth_date is null then null
            when record_a.birth_date = record_b.birth_date then 'agrees'
            when
                extract(year from record_a.birth_date) = extract(year from record_b.birth_date)
                and extract(month from record_a.birth_date) = extract(day from record_b.birth_date)
                and extract(day from record_a.birth_date) = extract(month from record_b.birth_date)
                then 'day_month_swapped'
            else 'differs'
        end as birth_date_comparison,
        {%- for number in ['postal_code', 'loyalty_card'] %}
            case
                when record_a.{{ number }} is null or record_b.{{ number }} is null then null
                when record_a.{{ number }} = record_b.{{ number }} then 'agrees'
                when
                    length(record_a.{{ number }}) = length(record_b.{{ number }})
                    and {{ crosschannel.one_edit_apart('record_a.' ~ number, 'record_b.' ~ number) }}
                    then 'one_digit'
                else 'differs'
            end as {{ number }}_comparison,
        {%- endfor %}
        case
            when record_a.email is null or record_b.email is null then null
            when record_a.email = record_b.email then 'agrees'
            -- Cheapest test first: each runs only on the pairs the one before let through.
            when
                record_a.email_domain = record_b.email_domain
                and {{ crosschannel.one_edit_apart('record_a.email_local_part', 'record_b.email_local_part') }}
                and {{ crosschannel.regex_replace_all('record_a.email_local_part', "'[a-z]'", "''") }}
                = {{ crosschannel.regex_replace_all('record_b.email_local_part', "'[a-z]'", "''") }}
                then 'one_edit'
            else 'differs'
        end as email_comparison,
        case
            when record_a.mobile_phone_key is null or record_b.mobile_phone_key is null then null
            when record_a.mobile_phone_key = record_b.mobile_phone_key then 'agrees'
            else 'differs'
        end as mobile_phone_comparison
    from {{ 'recomputed_pairs' if is_incremental() else 'block_pairs' }} as block_pairs
    inner join records as record_a on block_pairs.node_id_a = record_a.node_id
    inner join records as record_b on block_pairs.node_id_b = record_b.node_id
),

-- Swapped names count as both names agreeing, and as the pair's one tolerated error.
resolved as (
    select
        node_id_a,
        node_id_b,
        block_type,
        is_names_swapped,
        case when is_names_swapped then 'agrees' else first_name_comparison end as first_name_comparison,
        case when is_names_swapped then 'agrees' else last_name_comparison end as last_name_comparison,
        birth_date_comparison,
        postal_code_comparison,
        loyalty_card_comparison,
        email_comparison,
        mobile_phone_comparison
    from compared
),

counted as (
    select
        *,
        (case when is_names_swapped then 1 else 0 end)
        {%- for field in fields %}
            + case when {{ field }}_comparison not in ('agrees', 'differs') then 1 else 0 end
        {%- endfor %} as tolerated_errors,
        0
        {%- for field in fields %}
            + case when {{ field }}_comparison = 'agrees' then 1 else 0 end
        {%- endfor %} as agreed_field_count,
        case
            when first_name_comparison = 'differs' then 'first_names_differ'
            when last_name_comparison = 'differs' then 'last_names_differ'
            when birth_date_comparison = 'differs' then 'birth_dates_differ'
            when loyalty_card_comparison = 'differs' then 'loyalty_cards_differ'
            -- As on the name keys (int_identity__candidate_pairs): namesakes born the same day in
            -- neighbouring towns are not one person whose postal code was mistyped.
            when
                postal_code_comparison in ('differs', 'one_digit')
                and (email_comparison = 'differs' or mobile_phone_comparison = 'differs')
                then 'lives_and_is_reached_elsewhere'
        end as contradiction,
        case
            when is_names_swapped then 'names'
            {%- for field in fields %}
                when {{ field }}_comparison not in ('agrees', 'differs') then '{{ field }}'
            {%- endfor %}
        end as differing_field,
        case
            when is_names_swapped then 'first_last_swapped'
            {%- for field in fields %}
                when {{ field }}_comparison not in ('agrees', 'differs') then {{ field }}_comparison
            {%- endfor %}
        end as difference,
        concat_ws(
            ', ',
            {%- for field in fields %}
                case when {{ field }}_comparison = 'agrees' then '{{ field }}' end{{ ',' if not loop.last }}
            {%- endfor %}
        ) as agreed_fields
    from resolved
),

ranked as (
    select
        *,
        row_number() over (partition by node_id_a, node_id_b order by block_type) as block_rank
    from counted
    where tolerated_errors >= 1
),

final as (
    select
        node_id_a,
        node_id_b,
        block_type,
        differing_field,
        difference,
        case
            when difference = 'first_last_swapped' then 'first_last_names_swapped'
            else differing_field || '_' || difference
        end as typo_rule,
        agreed_fields,
        agreed_field_count,
        case
            when contradiction is not null then contradiction
            when tolerated_errors > 1 then 'more_than_one_error'
            when agreed_field_count < case when differing_field = 'email' then 2 else 3 end
                then 'too_little_agreement'
        end as rejection_reason,
        (select max(record_blocks.computed_at) from record_blocks) as blocks_computed_at
    from ranked
    where block_rank = 1
)

select * from final
