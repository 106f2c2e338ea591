{#- True when two values are at most two typing errors apart: a character dropped, added or
    changed, or two neighbours swapped, each counting one (Damerau: dubois / dubios is one error,
    duboit / dubios two). NULL when either is NULL. -#}
{% macro within_two_edits(value_a, value_b) -%}
    {{- return(adapter.dispatch('within_two_edits', 'crosschannel')(value_a, value_b)) -}}
{%- endmacro %}

{#- No portable form: standard SQL has no edit distance. -#}
{% macro default__within_two_edits(value_a, value_b) -%}
    {{ exceptions.raise_compiler_error(
        "crosschannel: within_two_edits is implemented for duckdb and spark only, not for " ~ adapter.type()
        ~ ": portable SQL has no edit distance") }}
{%- endmacro %}

{#- The length check first: most pairs of names differ by more than two letters in length. -#}
{% macro duckdb__within_two_edits(value_a, value_b) -%}
    (
        abs(length({{ value_a }}) - length({{ value_b }})) <= 2
        and damerau_levenshtein({{ value_a }}, {{ value_b }}) <= 2
    )
{%- endmacro %}

{#- Spark has no Damerau distance: two Levenshtein edits, or a swap of neighbours in the first
    value followed by one more error (a Levenshtein edit or a second swap). -#}
{% macro spark__within_two_edits(value_a, value_b) -%}
    {%- set swapped_once = crosschannel.neighbours_swapped(value_a, 'first_swap') -%}
    (
        abs(length({{ value_a }}) - length({{ value_b }})) <= 2
        and (
            levenshtein({{ value_a }}, {{ value_b }}) <= 2
            or exists(
                sequence(1, length({{ value_a }}) - 1),
                first_swap -> levenshtein({{ swapped_once }}, {{ value_b }}) <= 1
                or exists(
                    sequence(1, length({{ value_a }}) - 1),
                    second_swap -> {{ crosschannel.neighbours_swapped(swapped_once, 'second_swap') }} = {{ value_b }}
                )
            )
        )
    )
{%- endmacro %}
