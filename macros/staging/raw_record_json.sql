{#- The delivered values of a raw row as one JSON text keyed by contract column, so a quarantined
    row keeps exactly what arrived whatever table it came from. The row's columns are read as
    <relation_alias>.<column_prefix><column>. An empty string reads as null, as the contract says:
    CSV readers deliver an empty field as null, Parquet may keep ''. -#}
{% macro raw_record_json(column_names, relation_alias, column_prefix='') -%}
    {{- return(adapter.dispatch('raw_record_json', 'crosschannel')(column_names, relation_alias, column_prefix)) -}}
{%- endmacro %}

{% macro default__raw_record_json(column_names, relation_alias, column_prefix='') -%}
    cast(json_object(
        {%- for column_name in column_names %}
        '{{ column_name }}', nullif(cast({{ relation_alias }}.{{ column_prefix }}{{ column_name }} as {{ dbt.type_string() }}), ''){{ ',' if not loop.last }}
        {%- endfor %}
    ) as {{ dbt.type_string() }})
{%- endmacro %}

{#- to_json drops NULL fields unless told not to: keep them, as json_object does. -#}
{% macro spark__raw_record_json(column_names, relation_alias, column_prefix='') -%}
    to_json(named_struct(
        {%- for column_name in column_names %}
        '{{ column_name }}', nullif(cast({{ relation_alias }}.{{ column_prefix }}{{ column_name }} as string), ''){{ ',' if not loop.last }}
        {%- endfor %}
    ), map('ignoreNullFields', 'false'))
{%- endmacro %}
