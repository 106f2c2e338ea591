{#- What makes raw rows deliveries of one record, read before typing or erasure: a salted hash of
    the cleaned values of the record's key columns (a missing value counts as ''). An incremental base
    model counts delivered and staged rows per delivery key and restages the keys whose counts
    differ. Hashed, so that the row left of an erased person names nothing. -#}
{% macro delivery_key(column_expressions) -%}
    {{- return(adapter.dispatch('delivery_key', 'crosschannel')(column_expressions)) -}}
{%- endmacro %}

{% macro default__delivery_key(column_expressions) -%}
    md5({{ crosschannel.delivery_key_text(column_expressions) }})
{%- endmacro %}

{#- A 128-bit number: half the bytes of the hex string, and faster to group and join. -#}
{% macro duckdb__delivery_key(column_expressions) -%}
    md5_number({{ crosschannel.delivery_key_text(column_expressions) }})
{%- endmacro %}
