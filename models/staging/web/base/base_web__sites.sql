{{ config(materialized='table') }}

{{ crosschannel.checked_raw_rows(
    'raw_sites',
    column_types={
        'site_id': 'text',
        'name': 'text',
        'kind': 'text',
        'store_id': 'text',
    },
    key_columns=['site_id'],
    required_columns=['kind'],
    accepted_values={'kind': ['brand', 'white_label']},
) }}
