"""Reports turn a finished result into text; they never recompute it and never print."""
