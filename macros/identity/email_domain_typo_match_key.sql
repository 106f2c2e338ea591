{#- The match key of an e-mail whose domain may be mistyped: the local part as written and the
    letter set of the domain (gmial.com = gmail.com, yaho.fr = yahoo.fr). -#}
{% macro email_domain_typo_match_key(email) -%}
    {%- set normalized_email = crosschannel.normalize_email(email) -%}
    {{ crosschannel.salted_key(
        'email_domain_typo',
        "split_part(" ~ normalized_email ~ ", '@', 1) || '@' || "
        ~ crosschannel.letter_set("split_part(" ~ normalized_email ~ ", '@', 2)")
    ) }}
{%- endmacro %}
