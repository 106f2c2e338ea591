{#- The match key of last name + first name + postal code, for records without a birth date. -#}
{% macro name_postal_code_match_key(first_name, last_name, postal_code) -%}
    {{ crosschannel.salted_key(
        'name_postal_code',
        crosschannel.normalize_name(last_name) ~ " || '|' || " ~ crosschannel.normalize_name(first_name)
        ~ " || '|' || nullif(regexp_replace(" ~ postal_code ~ ", '[^0-9A-Za-z]', '', 'g'), '')"
    ) }}
{%- endmacro %}
