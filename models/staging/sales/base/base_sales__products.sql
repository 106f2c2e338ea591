{{ config(materialized='table') }}

{{ crosschannel.checked_raw_rows(
    'raw_products',
    column_types={
        'product_id': 'text',
        'name': 'text',
        'category': 'text',
        'list_price': 'money',
    },
    key_columns=['product_id'],
    rules=[
        {'reason': 'negative_value', 'column': 'list_price', 'fails_when': 'list_price < 0'},
    ],
) }}
