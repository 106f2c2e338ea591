{#- A loyalty card number in match form: its letters and digits, uppercased (fid-123 456 =
    FID123456); NULL when none is left. -#}
{% macro normalize_loyalty_id(loyalty_id) -%}
    nullif(upper({{ crosschannel.regex_replace_all(loyalty_id, "'[^0-9A-Za-z]'", "''") }}), '')
{%- endmacro %}
