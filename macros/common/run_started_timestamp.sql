{#- The start of this dbt run, as a timestamp to the microsecond (UTC): the stamp an incremental model
    writes on the rows a run writes (staged_at, assigned_at, computed_at), which a later model compares
    with its own kept_watermark to find what changed since its last run. -#}
{% macro run_started_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
