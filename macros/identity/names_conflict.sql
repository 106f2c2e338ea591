{#- True when two names in match form are both known and further apart than one typo (one
    letter dropped, doubled, changed or two swapped): Jean and Jeanne conflict, Jean and Jaen do
    not. NULL-safe: an unknown name conflicts with nothing. -#}
{% macro names_conflict(name_a, name_b) -%}
    {{- return(adapter.dispatch('names_conflict', 'crosschannel')(name_a, name_b)) -}}
{%- endmacro %}

{% macro default__names_conflict(name_a, name_b) -%}
    coalesce(damerau_levenshtein({{ name_a }}, {{ name_b }}) > 1, false)
{%- endmacro %}

{#- Spark has no Damerau distance: a swap costs 2 there, so 2 is allowed when the letter sets agree. -#}
{% macro spark__names_conflict(name_a, name_b) -%}
    coalesce(
        levenshtein({{ name_a }}, {{ name_b }}) > 1
        and not (
            levenshtein({{ name_a }}, {{ name_b }}) = 2
            and {{ crosschannel.letter_set(name_a) }} = {{ crosschannel.letter_set(name_b) }}
        ),
        false
    )
{%- endmacro %}
