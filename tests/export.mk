# tests of the export stage
