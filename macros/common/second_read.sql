{#- The rows of the CTE named `cte`, whose select is `select_sql`, for a second reader in the same
    query. A full build runs the select again: DuckDB materialises a CTE that a query reads twice
    (millions of rows at 1M persons; the five models reading this way took a sixth to a half
    less CPU), where each read of a table streams. An incremental run's rows are few: it reads the CTE
    again, which is then materialised once. A model of another materialisation always runs the
    select again (is_incremental() is not asked: in a dbt unit test of a table it has no relation). -#}
{% macro second_read(cte, select_sql) -%}
    {%- if model.config.materialized == 'incremental' and is_incremental() -%}
        select * from {{ cte }}
    {%- else -%}
        {{ select_sql }}
    {%- endif -%}
{%- endmacro %}
