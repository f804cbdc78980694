// Tests for core/stats/contingency.h
