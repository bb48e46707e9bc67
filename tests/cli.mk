# tests of the cli stage
