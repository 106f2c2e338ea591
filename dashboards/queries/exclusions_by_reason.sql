-- Keys and pairs the identity rules refused to link, by reason.
select exclusion_reason as reason, key_type, count(*) as exclusions, sum(pairs_kept_apart) as pairs_kept_apart
from marts.fct_identity_exclusions
group by all
order by exclusions desc, reason, key_type
