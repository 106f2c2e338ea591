{#- The values of a group joined by " > " in the order of another column: a journey's channels
    in time order. Values at the same point of that order come in the order of the value itself, so
    that a group has one path whatever order its rows come in (Spark's sorted structs do so too). -#}
{% macro ordered_path(value, order_by) -%}
    {{- return(adapter.dispatch('ordered_path', 'crosschannel')(value, order_by)) -}}
{%- endmacro %}

{#- dbt's listagg: listagg(...) within group (order by ...), or the engine's own form. -#}
{% macro default__ordered_path(value, order_by) -%}
    {{ dbt.listagg(value, "' > '", 'order by ' ~ order_by ~ ', ' ~ value) }}
{%- endmacro %}

{% macro duckdb__ordered_path(value, order_by) -%}
    string_agg({{ value }}, ' > ' order by {{ order_by }}, {{ value }})
{%- endmacro %}

{% macro spark__ordered_path(value, order_by) -%}
    concat_ws(' > ', transform(
        array_sort(collect_list(struct({{ order_by }} as sort_key, {{ value }} as path_value))),
        step -> step.path_value
    ))
{%- endmacro %}
