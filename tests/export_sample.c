/*
 * export_sample.c - `export-sample stream|project RESULTS.xml`: write one
 * of the C sample results (export_samples.h) as results.xml, through the
 * reconcile stage's writer, so the shell test can run `eitirep export` on
 * it and compare the outputs with the XML.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/afile.h"
#include "core/err.h"
#include "export_samples.h"
#include "reconcile/reconcile.h"

int
main(int argc, char **argv)
{
	struct eiti_err err = EITI_ERR_INIT;
	struct eiti_results *res;
	struct eiti_afile *f = NULL;

	if (argc != 3 || (strcmp(argv[1], "stream") != 0 &&
			     strcmp(argv[1], "project") != 0)) {
		fprintf(stderr, "usage: export-sample stream|project FILE\n");
		return 2;
	}
	res =
	    strcmp(argv[1], "stream") == 0 ? sample_stream() : sample_project();
	if (eiti_afile_open(&f, argv[2], &err) != 0 ||
	    eiti_results_write_xml(res, f, &err) != 0 ||
	    eiti_afile_commit(f, &err) != 0) {
		fprintf(stderr, "export-sample: %s\n", err.msg);
		eiti_results_free(res);
		return 1;
	}
	eiti_results_free(res);
	return 0;
}
