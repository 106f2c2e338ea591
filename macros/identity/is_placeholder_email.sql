{#- True when a normalised e-mail matches one of the placeholder patterns of the var
    crosschannel__placeholder_email_patterns (what clerks type when the customer has none). -#}
{% macro is_placeholder_email(normalized_email) -%}
    {{ crosschannel.matches_any_pattern(normalized_email, var('crosschannel__placeholder_email_patterns')) }}
{%- endmacro %}
