{#- The config of a model that is maintained incrementally by key: each run deletes the rows of the
    keys it restages and inserts their new rows (delete+insert). A column change fails the run,
    which then needs --full-refresh. -#}
{% macro incremental_by_key_config(unique_key) -%}
    {{- return(adapter.dispatch('incremental_by_key_config', 'crosschannel')(unique_key)) -}}
{%- endmacro %}

{% macro default__incremental_by_key_config(unique_key) -%}
    {{- return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': unique_key,
        'on_schema_change': 'fail',
    }) -}}
{%- endmacro %}

{#- Spark's Parquet tables offer no delete+insert (merge needs Delta Lake or Iceberg): there the
    model is rebuilt whole each run, and the run's log says so, model by model. -#}
{% macro spark__incremental_by_key_config(unique_key) -%}
    {%- if execute -%}
        {{ log(
            "crosschannel: " ~ model.name ~ " is rebuilt whole on Spark: its Parquet table has no delete+insert"
            ~ " (incremental by " ~ ([unique_key] if unique_key is string else unique_key) | join(", ") ~ " on DuckDB)",
            info=true
        ) }}
    {%- endif -%}
    {{- return({'materialized': 'table'}) -}}
{%- endmacro %}
