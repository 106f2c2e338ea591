{#- The consented activation audience of the lookalike, for advertising platforms (the DMP <-> CRM
    round trip): customers who opted in to marketing and never unsubscribed, not already buyers of
    the seed category, in the crosschannel__lookalike_audience_deciles closest deciles, each with
    the plain SHA-256 of their normalised e-mail and of their E.164 phone (the form the platforms
    match on) and nothing else of their contact details. Exported by `crosschannel audience`. -#}
with

scores as (
    select
        subject_id as customer_id,
        scored_at,
        seed_category,
        lookalike_score,
        lookalike_decile
    from {{ ref('fct_lookalike_scores') }}
    where subject_type = 'customer' and not is_seed_buyer
),

customers as (
    select
        customer_id,
        has_email_opt_in
    from {{ ref('dim_customers') }}
),

contacts as (
    select
        customer_id,
        {{ crosschannel.normalize_email('email') }} as normalized_email,
        {{ crosschannel.normalize_phone('phone') }} as normalized_phone
    from {{ ref('dim_customer_contacts') }}
),

consented as (
    select
        scores.customer_id,
        scores.scored_at,
        scores.seed_category,
        scores.lookalike_score,
        scores.lookalike_decile,
        contacts.normalized_email,
        contacts.normalized_phone
    from scores
    inner join customers on scores.customer_id = customers.customer_id
    inner join contacts on scores.customer_id = contacts.customer_id
    where
        customers.has_email_opt_in
        and scores.lookalike_decile <= {{ var('crosschannel__lookalike_audience_deciles') }}
),

final as (
    select
        customer_id,
        scored_at,
        seed_category,
        lookalike_score,
        lookalike_decile,
        {{ crosschannel.unsalted_sha256('normalized_email') }} as hashed_email,
        {{ crosschannel.unsalted_sha256('normalized_phone') }} as hashed_phone
    from consented
    where normalized_email is not null or normalized_phone is not null
)

select * from final
