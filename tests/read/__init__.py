"""Tests of textkit.read."""
