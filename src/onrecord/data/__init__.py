"""Files the package ships: the learned models and the default topic list."""
