"""Tests of textkit.present."""
