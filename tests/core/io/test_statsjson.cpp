// Tests for core/io/statsjson.h
