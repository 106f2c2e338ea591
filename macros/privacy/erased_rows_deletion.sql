{#- A statement deleting, from a table that outlives rebuilds (the customer id registry, the merge
    log), the rows naming an erased node or customer: a post-hook, as rebuilding does not remove
    them. key_type is node or customer; a row goes when any of the columns is suppressed. -#}
{% macro erased_rows_deletion(key_type, columns) -%}
    {{- return(adapter.dispatch('erased_rows_deletion', 'crosschannel')(key_type, columns)) -}}
{%- endmacro %}

{% macro default__erased_rows_deletion(key_type, columns) -%}
    delete from {{ this }}
    where {{ crosschannel.erased_row_condition(key_type, columns) }}
{%- endmacro %}

{#- Spark's Parquet tables have no DELETE, and a table cannot be overwritten from itself: the rows
    kept are copied aside and written back (one statement per call); the hook itself is empty. -#}
{% macro spark__erased_rows_deletion(key_type, columns) -%}
    {#- Rendered at parse time too, so that dbt sees the suppression list's ref. -#}
    {%- set kept_rows -%}
            select kept_rows.* from {{ this }} as kept_rows
            {%- for column in columns %}
            left anti join {{ crosschannel.suppressed_keys_relation() }} as erased_{{ loop.index }}
                on erased_{{ loop.index }}.key_type = '{{ key_type }}'
                and erased_{{ loop.index }}.salted_key = {{ crosschannel.erasure_node_key('kept_rows.' ~ column)
                    if key_type == 'node' else crosschannel.salted_key(key_type, 'kept_rows.' ~ column) }}
            {%- endfor %}
    {%- endset -%}
    {%- if execute -%}
        {%- set kept = this.incorporate(path={'identifier': this.identifier ~ '__kept'}) -%}
        {%- do run_query('drop table if exists ' ~ kept) -%}
        {%- do run_query('create table ' ~ kept ~ ' as ' ~ kept_rows) -%}
        {%- do run_query('insert overwrite table ' ~ this ~ ' select * from ' ~ kept) -%}
        {%- do run_query('drop table if exists ' ~ kept) -%}
    {%- endif -%}
{%- endmacro %}

{#- True when a row names a suppressed key in any of the columns. -#}
{% macro erased_row_condition(key_type, columns) -%}
    {%- for column in columns %}
    {{ 'or ' if not loop.first }}{{ crosschannel.erasure_node_key(column) if key_type == 'node'
        else crosschannel.salted_key(key_type, column) }}
    in (
        select salted_key from {{ crosschannel.suppressed_keys_relation() }}
        where key_type = '{{ key_type }}'
    )
    {%- endfor %}
{%- endmacro %}
