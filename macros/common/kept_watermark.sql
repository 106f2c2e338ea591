{#- The newest `column` timestamp among the rows a model kept: an aggregate, selected from {{ this }}
    by an incremental run that recomputes what changed after it. 1900-01-01 when no row was kept
    (or none has the timestamp), so that such a run then takes everything. -#}
{% macro kept_watermark(column) -%}
    coalesce(max({{ column }}), cast('1900-01-01' as {{ dbt.type_timestamp() }}))
{%- endmacro %}
