{#- Fails on each combination of the columns' values that appears on more than one row. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

{{ crosschannel.rows_sharing_values(model, combination_of_columns, 'rows_with_these_values') }}

{% endtest %}
