{#- True when an E.164 phone matches one of the placeholder patterns of the var
    crosschannel__placeholder_phone_patterns (0600000000 and the like). -#}
{% macro is_placeholder_phone(normalized_phone) -%}
    coalesce(
        {%- for pattern in var('crosschannel__placeholder_phone_patterns') %}
        regexp_matches({{ normalized_phone }}, '{{ pattern }}'){{ ' or' if not loop.last }}
        {%- endfor %},
        false
    )
{%- endmacro %}
