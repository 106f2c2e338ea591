{#- The expression for a record whose phone is a person's own (int_identity__keyed_records' flags:
    neither a placeholder nor a fixed line), else NULL: what the pair rules may compare. -#}
{% macro if_mobile_phone(expression) -%}
    case when not is_placeholder_phone and not is_landline_phone then {{ expression }} end
{%- endmacro %}
