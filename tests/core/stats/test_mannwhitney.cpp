// Tests for core/stats/mannwhitney.h
