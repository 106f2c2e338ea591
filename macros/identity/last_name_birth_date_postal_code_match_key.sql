{#- The match key of last name + birth date + postal code: it tolerates a typo or a nickname in
    the first name. -#}
{% macro last_name_birth_date_postal_code_match_key(last_name, birth_date, postal_code) -%}
    {{ crosschannel.salted_key(
        'last_name_birth_date_postal_code',
        crosschannel.normalize_name(last_name)
        ~ " || '|' || cast(" ~ birth_date ~ " as " ~ dbt.type_string() ~ ")"
        ~ " || '|' || nullif(" ~ crosschannel.regex_replace_all(postal_code, "'[^0-9A-Za-z]'", "''") ~ ", '')"
    ) }}
{%- endmacro %}
