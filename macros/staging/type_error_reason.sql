{#- The quarantine reason code for a value that does not convert to its contract type. -#}
{% macro type_error_reason(column_type) -%}
    {%- set reasons = {
        'date': 'invalid_date',
        'timestamp': 'invalid_timestamp',
        'boolean': 'invalid_boolean',
        'integer': 'invalid_number',
        'money': 'invalid_number',
        'ratio': 'invalid_number',
    } -%}
    {{- return(reasons[column_type]) -}}
{%- endmacro %}
