/*
 * zip.c - the members of a workbook's zip container, inflated in chunks
 * under caps (libzip).
 *
 * Nothing the archive says about sizes is trusted: the bytes actually
 * inflated are counted, and reading a member stops (a finding, IMP-ZIP)
 * once they pass the part cap (max_part_bytes) or, past the first MiB,
 * max_zip_ratio times the member's compressed size.  Before libzip reads
 * the central directory into memory, its entry count and size are taken
 * from the end-of-central-directory record and refused when no
 * spreadsheet would have them.  libzip checks each member's CRC at its
 * end; an encrypted member or an unknown compression method is a finding.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include "import/internal.h"

/* No workbook has more members than this, nor a larger directory. */
#define MAX_MEMBERS 65536
#define MAX_CDIR (64u << 20)
/* The ratio cap applies past this many inflated bytes: a small member of
 * repetitive XML compresses far better than 200 times and is harmless. */
#define RATIO_FLOOR (1u << 20)

struct imp_zip {
	zip_t *za;
	struct eiti_table *t;
};

struct imp_member {
	struct imp_zip *z;
	zip_file_t *zf;
	char *name;
	unsigned long long got, max, comp;
	bool failed;
};

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t
le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static ssize_t
pread_all(int fd, void *buf, size_t n, off_t at)
{
	size_t done = 0;

	while (done < n) {
		ssize_t got =
		    pread(fd, (char *)buf + done, n - done, at + (off_t)done);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		done += (size_t)got;
	}
	return (ssize_t)done;
}

/*
 * The central directory's entry count and size from the end record (and
 * its zip64 form).  Returns 0 with them set, 1 when no end record was
 * found (libzip will say what is wrong), -1 on a read error.
 */
static int
cdir_size(int fd, uint64_t *entries, uint64_t *size)
{
	struct stat st;
	unsigned char *tail = NULL, z64[56];
	size_t n;
	ssize_t got;
	off_t at;
	long i;
	int rc = 1;

	if (fstat(fd, &st) != 0)
		return -1;
	n = st.st_size < 65557 ? (size_t)st.st_size : 65557;
	at = st.st_size - (off_t)n;
	tail = eiti_xmalloc(n + 1);
	got = pread_all(fd, tail, n, at);
	if (got < 0) {
		rc = -1;
		goto out;
	}
	n = (size_t)got;
	for (i = (long)n - 22; i >= 0; i--) {
		const unsigned char *e = tail + i;

		if (memcmp(e, "PK\5\6", 4) != 0)
			continue;
		*entries = le16(e + 10);
		*size = le32(e + 12);
		if ((*entries == 0xffff || *size == 0xffffffffu) && i >= 20 &&
		    memcmp(e - 20, "PK\6\7", 4) == 0) {
			uint64_t off = le64(e - 20 + 8);

			if (off < (uint64_t)st.st_size &&
			    pread_all(fd, z64, sizeof(z64), (off_t)off) ==
				(ssize_t)sizeof(z64) &&
			    memcmp(z64, "PK\6\6", 4) == 0) {
				*entries = le64(z64 + 32);
				*size = le64(z64 + 40);
			}
		}
		rc = 0;
		break;
	}
out:
	free(tail);
	return rc;
}

int
imp_zip_open(struct imp_zip **out, int fd, struct eiti_table *t,
    struct eiti_diags *diags, struct eiti_err *err)
{
	struct imp_zip *z;
	uint64_t entries = 0, size = 0;
	zip_error_t ze;
	zip_t *za;
	int code = 0, rc;

	*out = NULL;
	rc = cdir_size(fd, &entries, &size);
	if (rc < 0) {
		close(fd);
		return eiti_err_set(err, EITI_ERR_IO,
		    "import: cannot read %s: %s", t->name, strerror(errno));
	}
	if (rc == 0 && (entries > MAX_MEMBERS || size > MAX_CDIR)) {
		close(fd);
		imp_finding(t, diags, NULL, EITI_RULE_IMP_ZIP,
		    "the zip archive lists %llu members in a directory of "
		    "%llu bytes: more than any workbook has (at most %u "
		    "members)",
		    (unsigned long long)entries, (unsigned long long)size,
		    MAX_MEMBERS);
		return 1;
	}
	za = zip_fdopen(fd, ZIP_RDONLY, &code);
	if (za == NULL) {
		close(fd);
		zip_error_init_with_code(&ze, code);
		imp_finding(t, diags, NULL, EITI_RULE_IMP_ZIP,
		    "not a readable zip archive: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return 1;
	}
	z = eiti_xcalloc(1, sizeof(*z));
	z->za = za;
	z->t = t;
	*out = z;
	return 0;
}

void
imp_zip_free(struct imp_zip *z)
{
	if (z == NULL)
		return;
	zip_discard(z->za);
	free(z);
}

bool
imp_zip_has(struct imp_zip *z, const char *member)
{
	return zip_name_locate(z->za, member, ZIP_FL_NOCASE) >= 0;
}

int
imp_member_open(struct imp_member **out, struct imp_zip *z, const char *member,
    unsigned long long max_bytes, struct eiti_diags *diags,
    struct eiti_err *err)
{
	struct imp_member *m;
	zip_int64_t idx;
	zip_stat_t st;
	zip_file_t *zf;

	(void)err;
	*out = NULL;
	idx = zip_name_locate(z->za, member, ZIP_FL_NOCASE);
	if (idx < 0) {
		imp_finding(z->t, diags, NULL, EITI_RULE_IMP_ZIP,
		    "the archive has no member %s", member);
		return 1;
	}
	zip_stat_init(&st);
	if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0) {
		imp_finding(z->t, diags, NULL, EITI_RULE_IMP_ZIP, "%s: %s",
		    member, zip_strerror(z->za));
		return 1;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st.encryption_method != ZIP_EM_NONE) {
		imp_finding(z->t, diags, NULL, EITI_RULE_IMP_ZIP,
		    "%s is encrypted", member);
		return 1;
	}
	zf = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
	if (zf == NULL) {
		imp_finding(z->t, diags, NULL, EITI_RULE_IMP_ZIP,
		    "%s cannot be read: %s", member, zip_strerror(z->za));
		return 1;
	}
	m = eiti_xcalloc(1, sizeof(*m));
	m->z = z;
	m->zf = zf;
	m->name = eiti_xstrdup(member);
	m->max = max_bytes;
	m->comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	*out = m;
	return 0;
}

ssize_t
imp_member_read(
    struct imp_member *m, char *buf, size_t n, struct eiti_diags *diags)
{
	struct eiti_table *t = m->z->t;
	zip_int64_t got;
	unsigned long long ratio = t->o.max_zip_ratio;

	if (m->failed)
		return -1;
	got = zip_fread(m->zf, buf, n);
	if (got < 0) {
		imp_finding(t, diags, NULL, EITI_RULE_IMP_ZIP,
		    "%s cannot be inflated: %s", m->name,
		    zip_file_strerror(m->zf));
		m->failed = true;
		return -1;
	}
	m->got += (unsigned long long)got;
	if (m->got > m->max) {
		imp_finding(t, diags, NULL, EITI_RULE_IMP_ZIP,
		    "%s expands beyond %llu bytes, the limit for one part: "
		    "reading stopped",
		    m->name, m->max);
		m->failed = true;
		return -1;
	}
	if (m->got > RATIO_FLOOR &&
	    m->got / ratio > (m->comp > 0 ? m->comp : 1)) {
		imp_finding(t, diags, NULL, EITI_RULE_IMP_ZIP,
		    "%s expands more than %llu times its compressed size "
		    "(%llu bytes): a zip bomb? reading stopped",
		    m->name, ratio, m->comp);
		m->failed = true;
		return -1;
	}
	return (ssize_t)got;
}

void
imp_member_close(struct imp_member *m)
{
	if (m == NULL)
		return;
	zip_fclose(m->zf);
	free(m->name);
	free(m);
}

int
imp_member_slurp(char **out, size_t *len, struct imp_zip *z, const char *member,
    size_t max_bytes, struct eiti_diags *diags, struct eiti_err *err)
{
	struct imp_member *m = NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*len = 0;
	rc = imp_member_open(&m, z, member, max_bytes, diags, err);
	if (rc != 0)
		return rc;
	for (;;) {
		ssize_t got;

		if (cap - n < 4096 + 1) {
			cap = cap ? 2 * cap : 8192;
			buf = eiti_xrealloc(buf, cap);
		}
		got = imp_member_read(m, buf + n, cap - n - 1, diags);
		if (got < 0) {
			rc = 1;
			goto out;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
out:
	free(buf);
	imp_member_close(m);
	return rc;
}
