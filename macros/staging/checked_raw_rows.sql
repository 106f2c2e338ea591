{#- Every row of a raw contract table, typed, with the first rule it breaks and its rank among
    the valid versions of the same record. Staging models keep the valid newest versions, the
    quarantine model keeps the rest: no raw row is lost. A row of an erased person (one of its
    erasure keys is on the suppression list) stays only as a row of NULLs flagged is_erased, so
    that it is counted and nothing of it is kept.

    column_types      every contract column of the table -> text, date, timestamp, boolean,
                      integer, money or ratio (columns in accepted_values are enums of text)
    key_columns       identify a record; a row without them is quarantined as missing_id
    version_column    the newest value wins among re-deliveries of a record (else any copy)
    required_columns  quarantined as missing_value when empty
    accepted_values   column -> allowed canonical values; others are quarantined as invalid_enum
    rules             [{reason, column, fails_when}]: a SQL condition on typed values that
                      quarantines the row with that reason
    deduplicate_on    the columns whose equal values make rows versions of one record
                      (default: key_columns)

    Every row carries its delivery_key and the start of the run that staged it (staged_at). A
    model materialized incremental (crosschannel.incremental_by_key_config('delivery_key'))
    restages only the records whose delivered rows changed: per delivery key (the key columns as
    delivered, cleaned), the rows delivered are counted against the rows staged, and every row of
    a key whose counts differ is typed and ranked again. Raw tables are appended to: a record
    removed from one fails the run, which then needs a full refresh. -#}
{% macro checked_raw_rows(
    table_name,
    column_types,
    key_columns,
    version_column=none,
    required_columns=[],
    accepted_values={},
    rules=[],
    deduplicate_on=none
) -%}
    {%- set column_names = column_types.keys() | list -%}
    {#- Unit tests feed hand-written fixtures, which are not deliveries to check against the contract. -#}
    {%- if execute and not crosschannel.in_unit_test() -%}
        {%- set declared = crosschannel.contract_columns(table_name) -%}
        {%- if (declared | sort) != (column_names | sort) -%}
            {{ exceptions.raise_compiler_error(
                "crosschannel: staging of " ~ table_name ~ " types columns " ~ column_names | join(', ')
                ~ " but the raw source declares " ~ declared | join(', ')) }}
        {%- endif -%}
    {%- endif -%}
    {%- set checks = [] -%}
    {%- for column_name in key_columns -%}
        {%- do checks.append((column_name ~ ' is null', 'missing_id', column_name)) -%}
    {%- endfor -%}
    {%- for column_name in required_columns -%}
        {%- do checks.append((column_name ~ ' is null', 'missing_value', column_name)) -%}
    {%- endfor -%}
    {%- for column_name, column_type in column_types.items() if column_type != 'text' -%}
        {%- do checks.append((
            column_name ~ ' is not null and ' ~ column_name ~ '__typed is null',
            crosschannel.type_error_reason(column_type),
            column_name)) -%}
    {%- endfor -%}
    {%- for column_name, values in accepted_values.items() -%}
        {%- do checks.append((
            column_name ~ " not in ('" ~ values | join("', '") ~ "')", 'invalid_enum', column_name)) -%}
    {%- endfor -%}
    {%- set partition_columns = deduplicate_on or key_columns -%}
    {%- set erasure = crosschannel.erasure_check(table_name, 'source') -%}
    {#- is_incremental() reads `this`, which the unit tests of other models do not have. -#}
    {%- set restaging = config.get('materialized') == 'incremental' and is_incremental() -%}
    {%- if config.get('materialized') == 'incremental' -%}
        {#- Rows ranked together must share a delivery key: the key columns, cleaned as below, are
            among the ranking columns, and text (two spellings of one typed value would be one
            record under two delivery keys). -#}
        {%- for column_name in key_columns
            if column_name not in partition_columns or column_types[column_name] != 'text' -%}
            {{ exceptions.raise_compiler_error(
                "crosschannel: " ~ table_name ~ " cannot be staged incrementally: its key column "
                ~ column_name ~ " is not a text column it deduplicates on") }}
        {%- endfor -%}
        {%- do crosschannel.assert_no_erasure_since(this) -%}
    {%- endif -%}
    {%- set raw_relation = crosschannel.raw_table(table_name) %}

with

source as (
    select * from {{ raw_relation }}
),
{%- set delivered_key_values = [] -%}
{%- for column_name in key_columns -%}
    {%- do delivered_key_values.append(
        crosschannel.clean_enum('source.' ~ column_name) if column_name in accepted_values
        else crosschannel.clean_text('source.' ~ column_name)) -%}
{%- endfor %}

keyed_source as (
    select
        source.*,
        {{ crosschannel.delivery_key(delivered_key_values) }} as delivery_key
    from source
),
{%- if restaging %}

delivered_and_staged_keys as (
    -- The raw relation read again for its key columns alone: a second reader of `source` has DuckDB
    -- materialize every delivered row and column, which took twice as long on a Parquet file.
    select
        {{ crosschannel.delivery_key(delivered_key_values) }} as delivery_key,
        1 as delivered_rows,
        0 as staged_rows
    from {{ raw_relation }} as source
    union all
    select
        delivery_key,
        0 as delivered_rows,
        1 as staged_rows
    from {{ this }}
),

{#- A record is restaged when its key is delivered on another number of rows than were staged: one
    aggregation of both sides' keys, rather than one per side and a full outer join of the two. A
    staged record no longer delivered was removed from the raw table: only a full refresh forgets it
    (and what downstream models made of it). Every key's group is checked: the join below filters the
    aggregation's output, never its input (DuckDB 2.0 raised the error with vanished keys outside the
    delivered keys' range, whichever side of that join was the smaller). #}
changed_keys as (
    select delivery_key
    from delivered_and_staged_keys
    group by delivery_key
    having
        case
            when sum(delivered_rows) = 0
                then {{ crosschannel.failing_value(
                    'crosschannel: records of ' ~ table_name ~ ' staged by an earlier run are no longer'
                    ~ ' delivered (rows were removed from the raw table): rebuild ' ~ this.identifier
                    ~ ' and what depends on it with --full-refresh') }} is null
            else sum(delivered_rows) <> sum(staged_rows)
        end
),
{%- endif %}

cleaned as (
    select
        {%- for column_name in column_names %}
        source.{{ column_name }} as delivered__{{ column_name }},
        {%- endfor %}
        {%- for column_name in column_names %}
        {% if column_name in accepted_values -%}
            {{ crosschannel.clean_enum('source.' ~ column_name) }}
        {%- else -%}
            {{ crosschannel.clean_text('source.' ~ column_name) }}
        {%- endif %} as {{ column_name }},
        {%- endfor %}
        source.delivery_key,
        {{ erasure.is_erased }} as is_erased
    from keyed_source as source
    {%- if restaging %}
    inner join changed_keys on source.delivery_key = changed_keys.delivery_key
    {%- endif %}
    {{ erasure.joins }}
),

typed as (
    select
        cleaned.*{{ ',' if column_types.values() | reject('equalto', 'text') | list }}
        {%- for column_name, column_type in column_types.items() if column_type != 'text' %}
        {{ crosschannel.typed_value(column_name, column_type) }} as {{ column_name }}__typed{{ ',' if not loop.last }}
        {%- endfor %}
    from cleaned
),

type_checked as (
    select
        {%- for column_name in column_names %}
        delivered__{{ column_name }},
        {%- endfor %}
        {%- for column_name, column_type in column_types.items() %}
        {{ column_name ~ '__typed' if column_type != 'text' else column_name }} as {{ column_name }},
        {%- endfor %}
        delivery_key,
        is_erased,
        case
            {%- for condition, reason, column_name in checks %}
            when {{ condition }} then '{{ reason }}'
            {%- endfor %}
        end as type_error_reason,
        case
            {%- for condition, reason, column_name in checks %}
            when {{ condition }} then '{{ column_name }}'
            {%- endfor %}
        end as type_error_column
    from typed
),

rule_checked as (
    select
        *,
        coalesce(
            type_error_reason
            {%- for rule in rules %},
            case when {{ rule.fails_when }} then '{{ rule.reason }}' end
            {%- endfor %}
        ) as quarantine_reason,
        coalesce(
            type_error_column
            {%- for rule in rules %},
            case when {{ rule.fails_when }} then '{{ rule.column }}' end
            {%- endfor %}
        ) as quarantine_column
    from type_checked
),

{#- The delivered values are kept, as JSON, for quarantined rows only: valid rows are staged. #}
recorded as (
    select
        {%- for column_name in column_names %}
        case when not is_erased then {{ column_name }} end as {{ column_name }},
        {%- endfor %}
        case when not is_erased then quarantine_reason end as quarantine_reason,
        case when not is_erased then quarantine_column end as quarantine_column,
        case
            when quarantine_reason is not null and not is_erased
                then {{ crosschannel.raw_record_json(column_names, 'rule_checked', 'delivered__') }}
        end as raw_record,
        delivery_key,
        is_erased
    from rule_checked
),

final as (
    select
        {%- for column_name in column_names %}
        {{ column_name }},
        {%- endfor %}
        nullif(concat_ws('|', {{ key_columns | join(', ') }}), '') as record_key,
        raw_record,
        quarantine_reason,
        quarantine_column,
        is_erased,
        case
            when quarantine_reason is null and not is_erased
                then row_number() over (
                    partition by quarantine_reason is null and not is_erased, {{ partition_columns | join(', ') }}
                    order by
                        {%- if version_column %} {{ version_column }} desc nulls last,{% endif %}
                        {{ crosschannel.row_fingerprint(column_names) }}
                )
        end as version_rank,
        delivery_key,
        {{ crosschannel.run_started_timestamp() }} as staged_at
    from recorded
)

select * from final
{%- endmacro %}
