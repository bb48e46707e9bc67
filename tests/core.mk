# tests of the core stage
