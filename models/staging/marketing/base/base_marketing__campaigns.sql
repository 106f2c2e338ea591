{{ config(materialized='table') }}

{{ crosschannel.checked_raw_rows(
    'raw_campaigns',
    column_types={
        'campaign_id': 'text',
        'name': 'text',
        'channel': 'text',
        'objective': 'text',
        'start_at': 'timestamp',
        'end_at': 'timestamp',
        'cost': 'money',
        'currency': 'text',
        'holdout_share': 'ratio',
    },
    key_columns=['campaign_id'],
    required_columns=['channel', 'start_at', 'end_at', 'holdout_share'],
    accepted_values={
        'channel': ['email', 'sms', 'display', 'retargeting', 'search', 'social', 'direct_mail'],
        'objective': ['acquisition', 'conversion', 'retention'],
    },
    rules=[
        {'reason': 'negative_value', 'column': 'cost', 'fails_when': 'cost < 0'},
        {'reason': 'out_of_range', 'column': 'holdout_share', 'fails_when': 'holdout_share not between 0 and 1'},
        {'reason': 'invalid_period', 'column': 'end_at', 'fails_when': 'end_at < start_at'},
    ],
) }}
