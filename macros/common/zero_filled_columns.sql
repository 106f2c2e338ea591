{#- A select list of `columns` in order: the expression `own` gives a column, else zero (a decimal
    zero for the columns of `decimal_columns`). Branches of a union that each fill some measures
    of a report write the same columns this way. -#}
{% macro zero_filled_columns(columns, own, decimal_columns=[]) -%}
    {%- for column in columns %}
        {%- if column in own %}
            {{ own[column] }} as {{ column }}
        {%- elif column in decimal_columns %}
            cast(0 as decimal(18, 2)) as {{ column }}
        {%- else %}
            0 as {{ column }}
        {%- endif %}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
