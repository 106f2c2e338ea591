{#- A cheap, deterministic fingerprint of a row's values: it orders rows that share a key and
    version without sorting on every column. -#}
{% macro row_fingerprint(column_names) -%}
    {{- return(adapter.dispatch('row_fingerprint', 'crosschannel')(column_names)) -}}
{%- endmacro %}

{% macro default__row_fingerprint(column_names) -%}
    md5(concat_ws('|'
        {%- for column_name in column_names -%}
            , coalesce(cast({{ column_name }} as {{ dbt.type_string() }}), '')
        {%- endfor -%}
    ))
{%- endmacro %}

{% macro duckdb__row_fingerprint(column_names) -%}
    hash({{ column_names | join(', ') }})
{%- endmacro %}
