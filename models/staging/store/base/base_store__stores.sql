{{ config(materialized='table') }}

{{ crosschannel.checked_raw_rows(
    'raw_stores',
    column_types={
        'store_id': 'text',
        'name': 'text',
        'network': 'text',
        'region': 'text',
        'city': 'text',
        'postal_code': 'text',
        'opened_at': 'date',
        'closed_at': 'date',
    },
    key_columns=['store_id'],
    required_columns=['network'],
    accepted_values={'network': ['brand', 'member', 'partner']},
) }}
