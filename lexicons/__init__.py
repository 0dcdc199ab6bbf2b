"""Packaged lexicons: data files read by textkit.lexicons."""
