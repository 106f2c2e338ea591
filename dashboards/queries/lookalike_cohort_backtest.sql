-- Each look-alike cohort's backtest: its rate of buying the seed category over the random hold-out's.
select
    cohort,
    conversion_rate_ratio,
    conversion_rate_ratio_ci_low,
    conversion_rate_ratio_ci_high
from marts.mart_lookalike_cohorts
where conversion_rate_ratio is not null
order by lookalike_decile desc, cohort
