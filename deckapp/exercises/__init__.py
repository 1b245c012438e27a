"""Exercise generators, by name. Each turns (seed, difficulty) into a fresh Exercise."""

GENERATOR_NAMES = (
    "derivative",
    "chain_rule",
    "partial",
    "gradient",
    "graph_forward",
    "graph_backward",
)
