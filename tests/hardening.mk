# hardening: fuzz harness replay, fault tests, valgrind (see tests/fuzz/)
