{#- Aggregate expression: the values of the row of the group that comes first in the order, as one
    struct (read a field as <alias>.<name>). The order is ascending, column after column: negate a
    number to take it descending. A hash aggregate, where row_number() = 1 sorts every row of the
    group. -#}
{% macro first_by(values, order_by) -%}
    {{- return(adapter.dispatch('first_by', 'crosschannel')(values, order_by)) -}}
{%- endmacro %}

{#- No portable form: standard SQL has neither min_by/arg_min nor a struct literal. -#}
{% macro default__first_by(values, order_by) -%}
    {{ exceptions.raise_compiler_error(
        "crosschannel: first_by is implemented for duckdb and spark only, not for " ~ adapter.type()
        ~ ": portable SQL has no aggregate that keeps the values of a group's first row") }}
{%- endmacro %}

{#- The order as one create_sort_key byte string: arg_min compares a struct field by field (at 1M,
    aggregating the 18.7M funnel hits took 24 s of CPU with a struct order, 18 s with the blob). -#}
{% macro duckdb__first_by(values, order_by) -%}
    arg_min(
        struct_pack({% for name, expression in values.items() %}{{ name }} := {{ expression }}{{ ', ' if not loop.last }}{% endfor %}),
        create_sort_key({% for expression in order_by %}{{ expression }}, 'asc nulls last'{{ ', ' if not loop.last }}{% endfor %})
    )
{%- endmacro %}

{% macro spark__first_by(values, order_by) -%}
    min_by(
        named_struct({% for name, expression in values.items() %}'{{ name }}', {{ expression }}{{ ', ' if not loop.last }}{% endfor %}),
        named_struct({% for expression in order_by %}'order_{{ loop.index }}', {{ expression }}{{ ', ' if not loop.last }}{% endfor %})
    )
{%- endmacro %}
