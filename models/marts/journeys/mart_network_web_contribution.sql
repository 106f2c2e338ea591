{#- What the web brings the network, per month: see the web_contribution macro. -#}
{{ crosschannel.web_contribution('network') }}
