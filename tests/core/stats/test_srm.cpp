// Tests for core/stats/srm.h
