// Tests for core/stats/power.h
