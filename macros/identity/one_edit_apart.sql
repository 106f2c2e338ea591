{#- True when two values differ by exactly one typing error: a letter or digit dropped, added or
    mistyped, or two neighbours swapped (Damerau: dupont / dupnot is one error, not two).
    NULL when either is NULL. -#}
{% macro one_edit_apart(value_a, value_b) -%}
    {{- return(adapter.dispatch('one_edit_apart', 'crosschannel')(value_a, value_b)) -}}
{%- endmacro %}

{#- No portable form: standard SQL has no edit distance (levenshtein, damerau_levenshtein and
    editdistance are each some engines' own). -#}
{% macro default__one_edit_apart(value_a, value_b) -%}
    {{ exceptions.raise_compiler_error(
        "crosschannel: one_edit_apart is implemented for duckdb and spark only, not for " ~ adapter.type()
        ~ ": portable SQL has no edit distance") }}
{%- endmacro %}

{#- The Damerau distance is five times the cost of the Levenshtein one in DuckDB: it is only asked
    of the values a Levenshtein distance of 2 leaves (one error is a Levenshtein 1, or a swap of
    neighbours: same length, Levenshtein 2), after the length check has set most pairs aside.
    Read in a CASE WHEN, each test runs on the rows the one before it let through. -#}
{% macro duckdb__one_edit_apart(value_a, value_b) -%}
    (
        abs(length({{ value_a }}) - length({{ value_b }})) <= 1
        and (
            levenshtein({{ value_a }}, {{ value_b }}) = 1
            or (
                length({{ value_a }}) = length({{ value_b }})
                and levenshtein({{ value_a }}, {{ value_b }}) = 2
                and damerau_levenshtein({{ value_a }}, {{ value_b }}) = 1
            )
        )
    )
{%- endmacro %}

{#- Spark has no Damerau distance: a swap of neighbours is a Levenshtein 2 between values of one
    length where swapping two neighbours of the first gives the second (the same letters are not
    enough: abc / cba and 75011 / 75110 are two errors). -#}
{% macro spark__one_edit_apart(value_a, value_b) -%}
    (
        levenshtein({{ value_a }}, {{ value_b }}) = 1
        or (
            length({{ value_a }}) = length({{ value_b }})
            and levenshtein({{ value_a }}, {{ value_b }}) = 2
            and exists(
                sequence(1, length({{ value_a }}) - 1),
                swapped_at -> {{ crosschannel.neighbours_swapped(value_a, 'swapped_at') }} = {{ value_b }}
            )
        )
    )
{%- endmacro %}
