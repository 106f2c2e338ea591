{#- True when a normalised e-mail is a household's shared address: it matches a pattern of the var
    crosschannel__household_email_patterns (famille.dupont@, dupont.famille2@) or its local part
    is "les" and the record's last name (lesdupont@, les-dubois-martin3@), digits and separators
    aside. Such an address is written by every member of a family, so it confirms nobody alone. -#}
{% macro is_household_email(normalized_email, normalized_last_name) -%}
    {{- return(adapter.dispatch('is_household_email', 'crosschannel')(normalized_email, normalized_last_name)) -}}
{%- endmacro %}

{% macro default__is_household_email(normalized_email, normalized_last_name) -%}
    coalesce(
        {%- for pattern in var('crosschannel__household_email_patterns') %}
        regexp_matches({{ normalized_email }}, '{{ pattern }}') or
        {%- endfor %}
        regexp_replace(split_part({{ normalized_email }}, '@', 1), '[^a-z]', '', 'g')
        = 'les' || replace({{ normalized_last_name }}, ' ', ''),
        false
    )
{%- endmacro %}

{% macro spark__is_household_email(normalized_email, normalized_last_name) -%}
    coalesce(
        {%- for pattern in var('crosschannel__household_email_patterns') %}
        {{ normalized_email }} rlike '{{ pattern }}' or
        {%- endfor %}
        regexp_replace(split_part({{ normalized_email }}, '@', 1), '[^a-z]', '')
        = 'les' || replace({{ normalized_last_name }}, ' ', ''),
        false
    )
{%- endmacro %}
