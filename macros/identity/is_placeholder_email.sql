{#- True when a normalised e-mail matches one of the placeholder patterns of the var
    crosschannel__placeholder_email_patterns (what clerks type when the customer has none). -#}
{% macro is_placeholder_email(normalized_email) -%}
    coalesce(
        {%- for pattern in var('crosschannel__placeholder_email_patterns') %}
        regexp_matches({{ normalized_email }}, '{{ pattern }}'){{ ' or' if not loop.last }}
        {%- endfor %},
        false
    )
{%- endmacro %}
