-- Conversions credited to each channel by every rule and by the Markov model, side by side.
select attribution_model as model, channel, sum(attributed_conversions) as attributed_conversions
from marts.mart_attribution_by_channel
group by all
union all
select 'markov' as model, channel, attributed_conversions
from marts.mart_attribution_markov
order by model, channel
