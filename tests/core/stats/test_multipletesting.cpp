// Tests for core/stats/multipletesting.h
