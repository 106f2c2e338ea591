{#- The salt and the values joined by '|' (a missing value as ''), the text a delivery key hashes. -#}
{% macro delivery_key_text(column_expressions) -%}
    concat_ws('|', '{{ env_var("CROSSCHANNEL_KEY_SALT", "crosschannel-demo-salt") }}'
        {%- for expression in column_expressions -%}
            , coalesce({{ expression }}, '')
        {%- endfor -%}
    )
{%- endmacro %}
