{#- True while dbt compiles a model for one of its unit tests, whose hand-written fixtures stand
    for the raw tables and the suppression list: the one place where the project branches on it
    (raw_table reads the fixtures and skips the contract check, checked_raw_rows skips its column
    check, suppressed_keys_relation has nobody erased). A test fails if the check appears elsewhere. -#}
{% macro in_unit_test() -%}
    {{- return(model is defined and model.resource_type == 'unit_test') -}}
{%- endmacro %}
