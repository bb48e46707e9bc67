# tests of the reconcile stage
