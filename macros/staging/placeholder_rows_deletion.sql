{#- The post-hook, as a list, of a model maintained incrementally by key
    (crosschannel.incremental_by_key_config) that writes one placeholder row for a key it computed
    again and found without rows: delete+insert replaces the key's kept rows with that row, and this
    deletes it. The placeholder is the row whose `marker_column` is NULL, a column never NULL in the
    model's real rows. Only an incremental run writes placeholders, so only an incremental run
    deletes; a model that is not incremental (rebuilt whole, as on Spark) gets no hook. -#}
{% macro placeholder_rows_deletion(incremental_config, marker_column) -%}
    {%- if incremental_config.materialized != 'incremental' -%}
        {{- return([]) -}}
    {%- endif -%}
    {{- return([
        "{% if is_incremental() %}delete from {{ this }} where " ~ marker_column ~ " is null{% endif %}"
    ]) -}}
{%- endmacro %}
