{#- Fails an incremental run of a model whose rows may hold a person erased since its last load
    (staged_at): rows restaged by key would not see the new erasure, a full refresh does
    (`crosschannel erase` runs one). -#}
{% macro assert_no_erasure_since(relation) -%}
    {%- if execute and is_incremental() -%}
        {%- set suppressed = crosschannel.suppressed_keys_relation() -%}
        {%- if suppressed is not none -%}
            {%- set newer = run_query(
                "select count(*) from " ~ suppressed
                ~ " where cast(erased_at as " ~ dbt.type_timestamp() ~ ")"
                ~ " >= (select max(staged_at) from " ~ relation ~ ")"
            ).columns[0].values()[0] -%}
            {%- if newer > 0 -%}
                {{ exceptions.raise_compiler_error(
                    "crosschannel: " ~ newer ~ " erasure keys were listed after the last load of " ~ relation
                    ~ ": rebuild it with --full-refresh") }}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
