// Tests for core/stats/sequential.h
