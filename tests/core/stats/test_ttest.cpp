// Tests for core/stats/ttest.h
