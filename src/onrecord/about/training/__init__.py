"""Scripts that rebuild the models in ``onrecord.about`` from their training data."""
