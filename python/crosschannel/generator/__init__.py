"""Synthetic data generator: the 12 raw contract tables of a simulated travel-agency cooperative,
with the ground truth (true persons, ROPO, campaign effects, funnel stages, staging outcomes).

    from crosschannel.generator import generate
    summary = generate(persons=2000, seed=42, out_dir=Path("seeds"))
"""

from crosschannel.generator.pipeline import GenerationSummary, generate

__all__ = ["GenerationSummary", "generate"]
