# tests of the validate stage
