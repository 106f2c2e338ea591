{#- The match key of last name + first name + birth date read with day and month in either
    order, so a record whose day and month were swapped at typing still matches. -#}
{% macro name_unordered_birth_date_match_key(first_name, last_name, birth_date) -%}
    {{ crosschannel.salted_key(
        'name_unordered_birth_date',
        crosschannel.normalize_name(last_name) ~ " || '|' || " ~ crosschannel.normalize_name(first_name)
        ~ " || '|' || cast(year(" ~ birth_date ~ ") as " ~ dbt.type_string() ~ ")"
        ~ " || '|' || cast(least(month(" ~ birth_date ~ "), day(" ~ birth_date ~ ")) as " ~ dbt.type_string() ~ ")"
        ~ " || '|' || cast(greatest(month(" ~ birth_date ~ "), day(" ~ birth_date ~ ")) as " ~ dbt.type_string() ~ ")"
    ) }}
{%- endmacro %}
