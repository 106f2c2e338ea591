{#- A boolean from the spellings back offices use (true/false, 1/0, yes/no, oui/non, t/f, y/n);
    NULL for anything else, which staging reports as invalid_boolean. -#}
{% macro parse_boolean(column_name) -%}
    case
        when lower({{ column_name }}) in ('true', 't', '1', 'yes', 'y', 'oui', 'o') then true
        when lower({{ column_name }}) in ('false', 'f', '0', 'no', 'n', 'non') then false
    end
{%- endmacro %}
