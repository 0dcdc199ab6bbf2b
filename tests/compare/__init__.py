"""Tests of textkit.compare."""
