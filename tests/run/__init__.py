"""Tests of textkit.run."""
