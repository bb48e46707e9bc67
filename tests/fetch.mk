# tests of the fetch stage: SHA-256 (core) and the cache (src/cache), and the fetcher
# against real servers on 127.0.0.1 started by the tests themselves
# (nginx with a generated configuration, tests/servers/faultserver.py).
check_PROGRAMS += tests/check_sha256 tests/check_cache
TESTS += tests/check_sha256 tests/check_cache
tests_check_sha256_LDADD = libeiticore.a $(CRYPTO_LIBS) $(CHECK_LIBS)
tests_check_sha256_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_cache_LDADD = libeiticache.a libeitimodel.a libeiticore.a \
	$(CRYPTO_LIBS) $(CHECK_LIBS)
tests_check_cache_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)

TESTS += tests/fetch-cli.sh tests/fetch-faults.sh tests/fetch-retry.sh \
	tests/fetch-body.sh tests/fetch-credentials.sh tests/fetch-concurrent.sh \
	tests/fetch-nginx.sh tests/fetch-https.sh tests/fetch-reconcile.sh
EXTRA_DIST += tests/fetch-lib.sh tests/servers/faultserver.py \
	tests/fetch-cli.sh tests/fetch-faults.sh tests/fetch-retry.sh \
	tests/fetch-body.sh tests/fetch-credentials.sh tests/fetch-concurrent.sh \
	tests/fetch-nginx.sh tests/fetch-https.sh tests/fetch-reconcile.sh \
	tests/bench/fetch-bench.sh
