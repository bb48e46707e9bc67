# tests of the fetch stage
