{#- True when an E.164 phone is a fixed line (a pattern of the var
    crosschannel__landline_phone_patterns): the household's line, answered by all its members,
    so it confirms nobody alone, unlike a mobile. -#}
{% macro is_landline_phone(normalized_phone) -%}
    {{- return(adapter.dispatch('is_landline_phone', 'crosschannel')(normalized_phone)) -}}
{%- endmacro %}

{% macro default__is_landline_phone(normalized_phone) -%}
    coalesce(
        {%- for pattern in var('crosschannel__landline_phone_patterns') %}
        regexp_matches({{ normalized_phone }}, '{{ pattern }}'){{ ' or' if not loop.last }}
        {%- endfor %},
        false
    )
{%- endmacro %}

{% macro spark__is_landline_phone(normalized_phone) -%}
    coalesce(
        {%- for pattern in var('crosschannel__landline_phone_patterns') %}
        {{ normalized_phone }} rlike '{{ pattern }}'{{ ' or' if not loop.last }}
        {%- endfor %},
        false
    )
{%- endmacro %}
