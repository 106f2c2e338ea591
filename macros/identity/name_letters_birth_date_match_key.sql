{#- The match key of first and last name letter sets + birth date: it survives a swapped or
    doubled letter in either name (perret = preret) where the birth date keeps it specific. -#}
{% macro name_letters_birth_date_match_key(first_name, last_name, birth_date) -%}
    {{ crosschannel.salted_key(
        'name_letters_birth_date',
        crosschannel.letter_set(crosschannel.normalize_name(last_name))
        ~ " || '|' || " ~ crosschannel.letter_set(crosschannel.normalize_name(first_name))
        ~ " || '|' || cast(" ~ birth_date ~ " as " ~ dbt.type_string() ~ ")"
    ) }}
{%- endmacro %}
