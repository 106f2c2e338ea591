{#- The match key of last name + first name + birth date, names normalised. -#}
{% macro name_birth_date_match_key(first_name, last_name, birth_date) -%}
    {{ crosschannel.salted_key(
        'name_birth_date',
        crosschannel.normalize_name(last_name) ~ " || '|' || " ~ crosschannel.normalize_name(first_name)
        ~ " || '|' || cast(" ~ birth_date ~ " as " ~ dbt.type_string() ~ ")"
    ) }}
{%- endmacro %}
