{#- True when an E.164 phone matches one of the placeholder patterns of the var
    crosschannel__placeholder_phone_patterns (0600000000 and the like). -#}
{% macro is_placeholder_phone(normalized_phone) -%}
    {{ crosschannel.matches_any_pattern(normalized_phone, var('crosschannel__placeholder_phone_patterns')) }}
{%- endmacro %}
