"""Engines run the pipeline stages somewhere: this machine (`local`) or a cluster."""
