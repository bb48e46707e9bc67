/*
 * template_load.h - loading report templates (templates/LANG.xml) into
 * the plain-data struct eiti_template (model/template.h).
 *
 * Lives in the validate stage because it parses XML.  Same parsing
 * policy as the validator: a DOCTYPE is refused before anything in it is
 * processed, XML_PARSE_NONET, never NOENT or HUGE, input size capped; the
 * document is validated against templates/template.xsd (read from
 * memory, so no entity loader is involved) and then copied into an arena,
 * so no libxml2 object outlives the call.
 */
#ifndef EITI_VALIDATE_TEMPLATE_LOAD_H
#define EITI_VALIDATE_TEMPLATE_LOAD_H

#include <stdbool.h>

#include "core/err.h"
#include "model/template.h"

/* Largest template file accepted (a complete one is about 20 KB). */
#define EITI_TEMPLATE_MAX_BYTES (4L * 1024 * 1024)

/*
 * Load and validate the template at path against the schema at xsd_path.
 * On success *out owns the template (free with eiti_template_free()).
 * Errors: EITI_ERR_IO when a file cannot be read, EITI_ERR_INVALID when
 * the template is not well-formed, has a DOCTYPE or breaks the schema;
 * messages name the file and line ("render: template es.xml:12: ...").
 */
int eiti_template_load(struct eiti_template **out, const char *path,
    const char *xsd_path, struct eiti_err *err);

/*
 * Load DIR/LANG.xml with DIR/template.xsd; dir NULL means
 * eiti_datadir()/templates.  lang must look like a language tag (letters,
 * digits and '-', starting with a letter, at most 35 bytes) and have a
 * file: otherwise the error is EITI_ERR_CONFIG ("unknown language").  The
 * template's own lang attribute must equal lang.  A directory without
 * template.xsd is EITI_ERR_IO naming it; a template that does not load
 * is EITI_ERR_INVALID from a dir given, EITI_ERR_IO (an installation
 * error) from the installed templates.
 */
int eiti_template_load_lang(struct eiti_template **out, const char *dir,
    const char *lang, struct eiti_err *err);

/* True when lang has the shape eiti_template_load_lang() accepts. */
bool eiti_template_lang_ok(const char *lang);

/* Release a template; accepts NULL. */
void eiti_template_free(struct eiti_template *t);

#endif
