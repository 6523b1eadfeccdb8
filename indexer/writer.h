/* writer.h: the writing side of tracuu-index, one thread per shard.
 *
 * The reading side (readers.h) hands documents to tc_writer_add(), which
 * routes each to its shard (layout.h) and queues it; the shard's thread
 * makes the stored record, skips the document when the index already holds
 * the same record, turns it into terms (terms.h) and replaces it in its
 * shard, committing every `batch` documents.  So the analysis and Xapian's
 * own work run on every core, and a run killed at any moment leaves every
 * shard at its last committed batch.  Queues are bounded (in documents and
 * bytes), so memory stays bounded however large the input. */
#ifndef TRACUU_WRITER_H
#define TRACUU_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "tracuu/boiler.h"
#include "tracuu/docrec.h"
#include "tracuu/error.h"
#include "tracuu/xapian.h"

typedef struct tc_writer tc_writer;

/* Report a document that could not be indexed.  Called from the shard
 * threads, one call at a time. */
typedef void (*tc_writer_report_fn)(void *ctx, const char *file,
                                    uint64_t line, const char *reason);

typedef struct tc_writer_opts {
    size_t nshards;        /* for a new index; an existing one keeps its own */
    int parts;             /* a new index: write nshards build parts in
                            * parallel, merged into one at the end */
    int overwrite;         /* start from an empty index */
    unsigned batch;        /* documents per commit, per shard */
    tc_writer_report_fn report;
    void *report_ctx;
} tc_writer_opts;

typedef struct tc_writer_stats {
    uint64_t added, replaced, unchanged, deleted, missing, failed;
    uint32_t doccount;     /* documents in the index at the end */
    size_t nshards;        /* at the end */
    size_t compacted;      /* shards compacted at the end */
    int merged;            /* build parts merged into one database */
} tc_writer_stats;

int tc_writer_open(const char *dir, const tc_writer_opts *opts,
                   tc_writer **out, tc_error *err);

/* Queue doc and its boilerplate bp (may be NULL; the fields of both are
 * taken: they are left cleared).  file and line are copied, for reports.
 * Blocks while the shard's queue is full.  Returns TC_OK, or the error
 * that stopped a shard (nothing more can be written: stop reading).
 * Near-duplicates are clustered as documents are written (dedup.h), with
 * the clusters tc_writer_load_clusters loaded. */
int tc_writer_add(tc_writer *w, tc_doc *doc, tc_boiler_doc *bp,
                  const char *file, uint64_t line);

/* Put the documents that follow into the near-duplicate clusters db (the
 * index as it was before this run, read-only) holds.  Call before the
 * first tc_writer_add. */
int tc_writer_load_clusters(tc_writer *w, tc_db *db, tc_error *err);

/* Queue the deletion of the document id. */
int tc_writer_delete(tc_writer *w, const char *id);

enum tc_compact { TC_COMPACT_AUTO = -1, TC_COMPACT_NO = 0,
                  TC_COMPACT_YES = 1 };

/* Finish: index what is queued, commit, then merge build parts into one
 * database, or compact the shards (AUTO: those this run changed by at
 * least a tenth or 1,000 documents); NO does neither.  Fills st, frees w.
 * Returns TC_OK or the first fatal error (in err). */
int tc_writer_close(tc_writer *w, enum tc_compact compact,
                    tc_writer_stats *st, tc_error *err);

#endif
