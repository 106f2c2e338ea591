{#- True when a row names a suppressed key in any of the columns (a node's key is
    erasure_node_key, the salted key of type node). -#}
{% macro erased_row_condition(key_type, columns) -%}
    {%- for column in columns %}
    {{ 'or ' if not loop.first }}{{ crosschannel.salted_key(key_type, column) }}
    in (
        select salted_key from {{ crosschannel.suppressed_keys_relation() }}
        where key_type = '{{ key_type }}'
    )
    {%- endfor %}
{%- endmacro %}
