{#- The suppression key of an identity node ('web:WA123', 'cookie:ck9', 'lead:L1'...): a salted
    hash, so that the suppression list names no record in the clear. -#}
{% macro erasure_node_key(node_id_expression) -%}
    {{ crosschannel.salted_key('node', node_id_expression) }}
{%- endmacro %}
