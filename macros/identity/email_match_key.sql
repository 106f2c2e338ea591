{#- The match key of an e-mail address: salted hash of its normalised form. -#}
{% macro email_match_key(email) -%}
    {{ crosschannel.salted_key('email', crosschannel.normalize_email(email)) }}
{%- endmacro %}
