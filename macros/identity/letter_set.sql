{#- The distinct characters of a text, sorted, as one text (perret and preret both give eprt): a
    form that survives swapped, doubled or repeated letters, the commonest typos. -#}
{% macro letter_set(expression) -%}
    {{- return(adapter.dispatch('letter_set', 'crosschannel')(expression)) -}}
{%- endmacro %}

{% macro default__letter_set(expression) -%}
    array_to_string(list_sort(list_distinct(string_split({{ expression }}, ''))), '')
{%- endmacro %}

{% macro spark__letter_set(expression) -%}
    array_join(array_sort(array_distinct(split({{ expression }}, ''))), '')
{%- endmacro %}
