/* layout.h: how a tracuu index lies on disk.
 *
 * An index is a directory DIR holding N shard databases and a Xapian stub
 * file, DIR/XAPIANDB, that lists them one per line ("auto shard0.1"), so
 * that Xapian, and so tracuu-search, opens DIR as one database with the
 * statistics of all shards merged.  A document goes to shard
 * tc_shard_of(id): a stable hash, so indexing it again or deleting it finds
 * it where it is.  N is fixed when the index is made.  A directory that is
 * a Xapian database tracuu did not make (no stub) is refused for writing:
 * its records are not tracuu's.
 *
 * A new index can also be written as build parts, part<i>.<generation>:
 * written in parallel, one thread each, then merged into one database
 * (tc_layout_merge), which is faster to search than shards.  Until the
 * merge (a killed run) the parts are a valid index of several shards.
 *
 * Shard directories are named shard<i>.<generation>.  Compaction writes a
 * shard's next generation beside it, then switches the stub atomically
 * (write a new file, rename it over the old): a reader opens either the old
 * set or the new one, never a mix, and a crash leaves the old set in
 * place (the unused generation is removed the next time the index is
 * opened for writing). */
#ifndef TRACUU_LAYOUT_H
#define TRACUU_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "tracuu/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_MAX_SHARDS 64
#define TC_STUB_NAME "XAPIANDB"

typedef struct tc_layout {
    char *dir;                       /* the index directory */
    size_t nshards;
    char *names[TC_MAX_SHARDS];      /* shard directories, relative to dir */
    char *next[TC_MAX_SHARDS];       /* compacted generations not yet in
                                      * the stub (tc_layout_switch) */
    int parts;                       /* the shards are build parts, to be
                                      * merged into one (tc_layout_merge) */
} tc_layout;

enum tc_layout_flags {
    TC_LAYOUT_OVERWRITE = 1,   /* empty an existing index */
    TC_LAYOUT_PARTS = 2        /* a new index is made of build parts */
};

/* Open the layout of the index at dir for writing.  A new index (dir
 * absent or empty) gets nshards shards, or build parts with
 * TC_LAYOUT_PARTS; TC_LAYOUT_OVERWRITE empties an existing one (only the
 * databases its stub lists are removed).  Leftover generations that the
 * stub does not list are removed. */
int tc_layout_open(const char *dir, size_t nshards, int flags,
                   tc_layout *out, tc_error *err);
void tc_layout_clear(tc_layout *l);

/* The path of shard i (malloc'd), NULL when out of memory. */
char *tc_layout_shard_path(const tc_layout *l, size_t i);

/* The shard a document id belongs to (FNV-1a 64 of the id, mod n). */
size_t tc_shard_of(const char *id, size_t len, size_t nshards);

/* Compact shard i into its next generation (l->next[i]); the stub still
 * lists the old one until tc_layout_switch().  Call it while holding the
 * shard's writer (its lock keeps other writers out), with every change
 * committed.  Shards may be compacted in parallel, one thread each. */
int tc_layout_compact_shard(tc_layout *l, size_t i, tc_error *err);

/* Switch the stub, atomically, to every compacted generation; the old
 * generations stay on disk until tc_layout_remove_unlisted(). */
int tc_layout_switch(tc_layout *l, tc_error *err);

/* Merge the build parts into one compacted database, shard0.<next
 * generation>, and switch the stub to it.  Call it holding every part's
 * writer, with every change committed. */
int tc_layout_merge(tc_layout *l, tc_error *err);

/* Remove the shard generations in the directory that the stub does not
 * list (old generations, or a compaction a crash left unfinished).  Only
 * when no writer of this index is open. */
void tc_layout_remove_unlisted(const tc_layout *l);

#ifdef __cplusplus
}
#endif

#endif
