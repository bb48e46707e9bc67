/*
 * export_samples.h - results structs built in C for the export tests
 * (fictional companies, real agencies): one at revenue-stream level in COP
 * with a USD rate where every status occurs, one at project level in USD.
 * Free with eiti_results_free().
 */
#ifndef EITI_TESTS_EXPORT_SAMPLES_H
#define EITI_TESTS_EXPORT_SAMPLES_H

#include "model/results.h"

struct eiti_results *sample_stream(void);
struct eiti_results *sample_project(void);

#endif
