{#- What the web brings each region, per month: see the web_contribution macro. -#}
{{ crosschannel.web_contribution('region') }}
