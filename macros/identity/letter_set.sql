{#- The distinct characters of a text, sorted, as one text (perret and preret both give eprt): a
    form that survives swapped, doubled or repeated letters, the commonest typos. -#}
{% macro letter_set(expression) -%}
    {{- return(adapter.dispatch('letter_set', 'crosschannel')(expression)) -}}
{%- endmacro %}

{#- No portable form: it needs arrays (split, distinct, sort, join). -#}
{% macro default__letter_set(expression) -%}
    {{ exceptions.raise_compiler_error(
        "crosschannel: letter_set is implemented for duckdb and spark only, not for " ~ adapter.type()
        ~ ": portable SQL cannot split a text into its characters and sort them") }}
{%- endmacro %}

{% macro duckdb__letter_set(expression) -%}
    array_to_string(list_sort(list_distinct(string_split({{ expression }}, ''))), '')
{%- endmacro %}

{% macro spark__letter_set(expression) -%}
    array_join(array_sort(array_distinct(split({{ expression }}, ''))), '')
{%- endmacro %}
