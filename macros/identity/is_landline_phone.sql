{#- True when an E.164 phone is a fixed line (a pattern of the var
    crosschannel__landline_phone_patterns): the household's line, answered by all its members,
    so it confirms nobody alone, unlike a mobile. -#}
{% macro is_landline_phone(normalized_phone) -%}
    {{ crosschannel.matches_any_pattern(normalized_phone, var('crosschannel__landline_phone_patterns')) }}
{%- endmacro %}
