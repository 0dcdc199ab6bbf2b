"""Tests of textkit.analyze."""
