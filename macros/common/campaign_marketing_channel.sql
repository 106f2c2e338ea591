{#- A campaign's channel (raw_campaigns.channel) as the marketing channel sessions use
    (crosschannel__campaign_channel_groups: display and retargeting both count as display...);
    a channel the var does not list keeps its own name. -#}
{% macro campaign_marketing_channel(campaign_channel) -%}
    case {{ campaign_channel }}
        {%- for campaign_channel_value, channel in var('crosschannel__campaign_channel_groups').items() %}
            when '{{ campaign_channel_value }}' then '{{ channel }}'
        {%- endfor %}
        else {{ campaign_channel }}
    end
{%- endmacro %}
