{#- The expression for a record whose e-mail is a person's own (int_identity__keyed_records' flags:
    neither a placeholder nor a household address), else NULL: what the pair rules may compare. -#}
{% macro if_personal_email(expression) -%}
    case when not is_placeholder_email and not is_household_email then {{ expression }} end
{%- endmacro %}
