{#- The salted keys by which a row of a raw table belongs to a person: the identity node of each
    back-office record, lead or cookie it names, and its e-mail, phone and loyalty match keys.
    A row is erased when one of them is on the suppression list. Reference tables have none. -#}
{% macro erasure_key_expressions(table_name, relation_alias) -%}
    {%- set column = relation_alias ~ '.' -%}
    {%- set contact_keys = [
        crosschannel.email_match_key(crosschannel.clean_text(column ~ 'email')),
        crosschannel.phone_match_key(crosschannel.clean_text(column ~ 'phone')),
    ] -%}
    {%- set loyalty_key = crosschannel.loyalty_match_key(crosschannel.clean_text(column ~ 'loyalty_id')) -%}
    {%- set audience_key = crosschannel.clean_text(column ~ 'audience_key') -%}
    {%- set audience_node_prefixes = {
        'cookie_id': 'cookie:', 'account_id': 'web:', 'store_customer_id': 'store:', 'contact_id': 'crm:'
    } -%}
    {%- set audience_case -%}
        case {{ crosschannel.clean_enum(column ~ 'audience_key_type') }}
            when 'email' then {{ crosschannel.email_match_key(audience_key) }}
            when 'phone' then {{ crosschannel.phone_match_key(audience_key) }}
            {%- for key_type, prefix in audience_node_prefixes.items() %}
            when '{{ key_type }}' then {{ crosschannel.erasure_node_key("'" ~ prefix ~ "' || " ~ audience_key) }}
            {%- endfor %}
        end
    {%- endset -%}
    {%- set back_office_node = crosschannel.erasure_node_key(
        crosschannel.clean_enum(column ~ 'source_system') ~ " || ':' || "
        ~ crosschannel.clean_text(column ~ 'source_customer_id')) -%}
    {%- set expressions = {
        'raw_web_accounts': [
            crosschannel.erasure_node_key("'web:' || " ~ crosschannel.clean_text(column ~ 'account_id')),
            loyalty_key,
        ] + contact_keys,
        'raw_store_customers': [
            crosschannel.erasure_node_key("'store:' || " ~ crosschannel.clean_text(column ~ 'store_customer_id')),
            loyalty_key,
        ] + contact_keys,
        'raw_crm_contacts': [
            crosschannel.erasure_node_key("'crm:' || " ~ crosschannel.clean_text(column ~ 'contact_id')),
            loyalty_key,
        ] + contact_keys,
        'raw_web_events': [
            crosschannel.erasure_node_key("'cookie:' || " ~ crosschannel.clean_text(column ~ 'cookie_id')),
            crosschannel.erasure_node_key("'web:' || " ~ crosschannel.clean_text(column ~ 'account_id')),
        ],
        'raw_leads': [
            crosschannel.erasure_node_key("'lead:' || " ~ crosschannel.clean_text(column ~ 'lead_id')),
            back_office_node,
            crosschannel.erasure_node_key("'cookie:' || " ~ crosschannel.clean_text(column ~ 'cookie_id')),
        ] + contact_keys,
        'raw_orders': [back_office_node],
        'raw_campaign_audience': [audience_case],
        'raw_campaign_touches': [audience_case],
    } -%}
    {{- return(expressions.get(table_name, [])) -}}
{%- endmacro %}
