"""Many reviews at once: the per-product summary contract, the roll-up and its outputs."""
