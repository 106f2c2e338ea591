{#- The match key of a phone number: salted hash of its E.164 form. -#}
{% macro phone_match_key(phone) -%}
    {{ crosschannel.salted_key('phone', crosschannel.normalize_phone(phone)) }}
{%- endmacro %}
