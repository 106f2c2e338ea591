{#- The match key of a loyalty card number: salted hash of its match form. -#}
{% macro loyalty_match_key(loyalty_id) -%}
    {{ crosschannel.salted_key('loyalty', crosschannel.normalize_loyalty_id(loyalty_id)) }}
{%- endmacro %}
