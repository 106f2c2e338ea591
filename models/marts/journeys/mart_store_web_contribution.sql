{#- What the web brings each store, per month: see the web_contribution macro. -#}
{{ crosschannel.web_contribution('store') }}
