"""Resume analysis: the built-in offline analyser and the structure it produces."""
