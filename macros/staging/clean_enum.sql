{#- An enum value in canonical form: trimmed, lowercase, runs of spaces and hyphens as one
    underscore, so that `Call Center` and `call-center` both read `call_center`. -#}
{% macro clean_enum(column_name) -%}
    {{- return(adapter.dispatch('clean_enum', 'crosschannel')(column_name)) -}}
{%- endmacro %}

{% macro default__clean_enum(column_name) -%}
    nullif(regexp_replace(lower({{ crosschannel.clean_text(column_name) }}), '[\s-]+', '_'), '')
{%- endmacro %}

{% macro duckdb__clean_enum(column_name) -%}
    nullif(regexp_replace(lower({{ crosschannel.clean_text(column_name) }}), '[\s-]+', '_', 'g'), '')
{%- endmacro %}

{% macro spark__clean_enum(column_name) -%}
    nullif(regexp_replace(lower({{ crosschannel.clean_text(column_name) }}), '[\\s-]+', '_'), '')
{%- endmacro %}
