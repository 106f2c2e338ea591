{#- A match key: the salted SHA-256 of a key type and a normalised value, NULL when the value is.
    The salt comes from the CROSSCHANNEL_KEY_SALT environment variable; the default is for the
    demo only. Keys let records be matched and counted without the raw value leaving the
    intermediate layer. -#}
{% macro salted_key(key_type, value_expression) -%}
    {{- return(adapter.dispatch('salted_key', 'crosschannel')(key_type, value_expression)) -}}
{%- endmacro %}

{#- sha2(text, 256), as unsalted_sha256: hex text on most engines. -#}
{% macro default__salted_key(key_type, value_expression) -%}
    sha2('{{ env_var("CROSSCHANNEL_KEY_SALT", "crosschannel-demo-salt") }}|{{ key_type }}|' || ({{ value_expression }}), 256)
{%- endmacro %}

{% macro duckdb__salted_key(key_type, value_expression) -%}
    sha256('{{ env_var("CROSSCHANNEL_KEY_SALT", "crosschannel-demo-salt") }}|{{ key_type }}|' || ({{ value_expression }}))
{%- endmacro %}

{% macro spark__salted_key(key_type, value_expression) -%}
    sha2('{{ env_var("CROSSCHANNEL_KEY_SALT", "crosschannel-demo-salt") }}|{{ key_type }}|' || ({{ value_expression }}), 256)
{%- endmacro %}
