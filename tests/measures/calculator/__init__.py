"""Tests of the benefit calculator."""
