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

{#- Spark's Parquet tables have no DELETE: the table is replaced by its rows that name no
    suppressed key (the hook itself is empty). -#}
{% macro spark__erased_rows_deletion(key_type, columns) -%}
    {#- Rendered at parse time too, so that dbt sees the suppression list's ref. -#}
    {%- set kept_rows -%}
        select kept_rows.* from {{ this }} as kept_rows
        {%- for column in columns %}
        left anti join {{ crosschannel.suppressed_keys_relation() }} as erased_{{ loop.index }}
            on erased_{{ loop.index }}.key_type = '{{ key_type }}'
            and erased_{{ loop.index }}.salted_key = {{ crosschannel.salted_key(key_type, 'kept_rows.' ~ column) }}
        {%- endfor %}
    {%- endset -%}
    {%- if execute -%}
        {%- do crosschannel.replace_table(this, kept_rows) -%}
    {%- endif -%}
{%- endmacro %}
