{#- dbt's `unique` test on DuckDB (dbt_project.yml's dispatch puts this project's bodies first for
    dbt's macros): the same failing rows as dbt's own body, found by rows_sharing_values. -#}
{% macro duckdb__test_unique(model, column_name) %}
    select
        {{ column_name }} as unique_field,
        n_records
    from (
        {{ crosschannel.rows_sharing_values(model, [column_name], 'n_records', column_name ~ ' is not null') }}
    ) as repeated_values
{% endmacro %}
