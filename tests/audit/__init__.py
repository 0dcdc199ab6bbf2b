"""Tests of textkit.audit."""
