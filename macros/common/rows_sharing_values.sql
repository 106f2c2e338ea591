{#- The combinations of the columns' values that more than one row of the relation holds, each with
    its number of rows: what a uniqueness test fails on. -#}
{% macro rows_sharing_values(relation, columns, rows_column, where='true') %}
    {{ return(adapter.dispatch('rows_sharing_values', 'crosschannel')(relation, columns, rows_column, where)) }}
{% endmacro %}

{% macro default__rows_sharing_values(relation, columns, rows_column, where) %}
    select
        {{ columns | join(', ') }},
        count(*) as {{ rows_column }}
    from {{ relation }}
    where {{ where }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endmacro %}

{#- Grouping tens of millions of text keys is the slow part of a uniqueness test. The rows' 64-bit
    hashes are grouped first, then only the rows whose hash repeats are grouped by their values:
    a hash collision between different values is told apart there, so the answer is exact. -#}
{% macro duckdb__rows_sharing_values(relation, columns, rows_column, where) %}
    {%- set values = columns | join(', ') %}
    with repeated_hashes as (
        select hash({{ values }}) as row_hash
        from {{ relation }}
        where {{ where }}
        group by row_hash
        having count(*) > 1
    )

    select
        {{ values }},
        count(*) as {{ rows_column }}
    from {{ relation }}
    where ({{ where }}) and hash({{ values }}) in (select repeated_hashes.row_hash from repeated_hashes)
    group by {{ values }}
    having count(*) > 1
{% endmacro %}
