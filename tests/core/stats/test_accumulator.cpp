// Tests for core/stats/accumulator.h
