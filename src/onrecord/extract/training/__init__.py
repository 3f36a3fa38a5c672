"""``make train``: the models the extractor learns from PolNeAR's training split."""
