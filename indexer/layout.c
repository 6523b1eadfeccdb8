/* layout.c: a tracuu index on disk, shards behind a Xapian stub file
 * (layout.h).
 *
 * Reads and writes DIR/XAPIANDB, names shard generations, routes ids to
 * shards, and compacts a shard into its next generation with an atomic
 * switch of the stub.  Removing a directory is only ever done to a flat
 * directory (a Xapian glass database has no subdirectories) that the stub
 * names or that carries our shard naming, so a mistaken --db can never
 * delete a user's files. */
#include "tracuu/layout.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tracuu/docrec.h"
#include "tracuu/xapian.h"

size_t tc_shard_of(const char *id, size_t len, size_t nshards)
{
    if (nshards <= 1)
        return 0;
    return (size_t)(tc_hash64(TC_HASH_INIT, id, len) % nshards);
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

char *tc_layout_shard_path(const tc_layout *l, size_t i)
{
    return join(l->dir, l->names[i]);
}

void tc_layout_clear(tc_layout *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->nshards; i++) {
        free(l->names[i]);
        free(l->next[i]);
    }
    free(l->dir);
    memset(l, 0, sizeof *l);
}

/* shard<i>.<gen> or part<i>.<gen>: 1 and the numbers when name has our
 * naming; *part says which. */
static int parse_name(const char *name, unsigned *idx, unsigned *gen,
                      int *part)
{
    char tail;
    *part = strncmp(name, "part", 4) == 0;
    return sscanf(name, *part ? "part%u.%u%c" : "shard%u.%u%c", idx, gen,
                  &tail) == 2;
}

/* Remove a flat directory (its files, then itself). */
static int remove_flat_dir(const char *path, tc_error *err)
{
    DIR *d = opendir(path);
    struct dirent *e;
    if (!d)
        return errno == ENOENT ? TC_OK
                               : tc_error_set(err, TC_EIO, "cannot open %s: %s",
                                              path, strerror(errno));
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *f = join(path, e->d_name);
        if (!f || unlink(f) != 0) {
            int saved = errno;
            free(f);
            closedir(d);
            return tc_error_set(err, TC_EIO, "cannot remove %s/%s: %s", path,
                                e->d_name, strerror(saved));
        }
        free(f);
    }
    closedir(d);
    if (rmdir(path) != 0)
        return tc_error_set(err, TC_EIO, "cannot remove %s: %s", path,
                            strerror(errno));
    return TC_OK;
}

/* Write the stub listing l's shards: a new file renamed over the old. */
static int write_stub(const tc_layout *l, tc_error *err)
{
    char *stub = join(l->dir, TC_STUB_NAME), *tmp = join(l->dir, "XAPIANDB.tmp");
    int rc = TC_OK;
    FILE *f = NULL;
    if (!stub || !tmp) {
        rc = tc_error_set(err, TC_ENOMEM, "out of memory");
        goto done;
    }
    f = fopen(tmp, "w");
    if (!f) {
        rc = tc_error_set(err, TC_EIO, "cannot write %s: %s", tmp,
                          strerror(errno));
        goto done;
    }
    for (size_t i = 0; i < l->nshards; i++)
        fprintf(f, "auto %s\n", l->names[i]);
    if (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0) {
        f = NULL;
        rc = tc_error_set(err, errno == ENOSPC ? TC_ENOSPC : TC_EIO,
                          "cannot write %s: %s", tmp, strerror(errno));
        unlink(tmp);
        goto done;
    }
    f = NULL;
    if (rename(tmp, stub) != 0) {
        rc = tc_error_set(err, TC_EIO, "cannot replace %s: %s", stub,
                          strerror(errno));
        goto done;
    }
    int dfd = open(l->dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
done:
    if (f)
        fclose(f);
    free(stub);
    free(tmp);
    return rc;
}

/* Read the stub's shard lines into l. */
static int read_stub(tc_layout *l, const char *stub, tc_error *err)
{
    FILE *f = fopen(stub, "r");
    char line[1024];
    if (!f)
        return tc_error_set(err, TC_EIO, "cannot read %s: %s", stub,
                            strerror(errno));
    int rc = TC_OK;
    while (rc == TC_OK && fgets(line, sizeof line, f)) {
        char kind[16], name[900];
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        if (sscanf(line, "%15s %899s", kind, name) != 2)
            rc = tc_error_set(err, TC_EPARSE, "%s: cannot read line '%s'",
                              stub, line);
        else if (strcmp(kind, "auto") && strcmp(kind, "glass"))
            rc = tc_error_set(err, TC_EINVAL, "%s: shard '%s' is not local; "
                              "tracuu-index writes local shards only", stub,
                              line);
        else if (l->nshards == TC_MAX_SHARDS)
            rc = tc_error_set(err, TC_EINVAL, "%s: more than %d shards", stub,
                              TC_MAX_SHARDS);
        else if (!(l->names[l->nshards++] = strdup(name)))
            rc = tc_error_set(err, TC_ENOMEM, "out of memory");
    }
    fclose(f);
    if (rc == TC_OK && l->nshards == 0)
        rc = tc_error_set(err, TC_EPARSE, "%s lists no shard", stub);
    return rc;
}

void tc_layout_remove_unlisted(const tc_layout *l)
{
    DIR *d = l->dir ? opendir(l->dir) : NULL;
    struct dirent *e;
    unsigned idx, gen;
    int part;
    if (!d)
        return;
    while ((e = readdir(d))) {
        if (!parse_name(e->d_name, &idx, &gen, &part))
            continue;
        int listed = 0;
        for (size_t i = 0; i < l->nshards; i++)
            listed |= strcmp(l->names[i], e->d_name) == 0;
        if (!listed) {
            char *p = join(l->dir, e->d_name);
            if (p)
                remove_flat_dir(p, NULL);
            free(p);
        }
    }
    closedir(d);
}

static int is_empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int empty = 1;
    if (!d)
        return 0;
    while (empty && (e = readdir(d)))
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(d);
    return empty;
}

static int exists(const char *dir, const char *name)
{
    char *p = join(dir, name);
    struct stat st;
    int r = p && stat(p, &st) == 0;
    free(p);
    return r;
}

/* A new index of n shards (or build parts), generation 1. */
static int make_new(tc_layout *l, size_t n, int parts, tc_error *err)
{
    char name[32];
    if (n == 0 || n > TC_MAX_SHARDS)
        return tc_error_set(err, TC_EINVAL, "shards must be 1 to %d",
                            TC_MAX_SHARDS);
    l->parts = parts;
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, parts ? "part%zu.1" : "shard%zu.1", i);
        if (!(l->names[i] = strdup(name)))
            return tc_error_set(err, TC_ENOMEM, "out of memory");
        l->nshards = i + 1;
    }
    return write_stub(l, err);
}

int tc_layout_open(const char *dir, size_t nshards, int flags,
                   tc_layout *out, tc_error *err)
{
    const int overwrite = flags & TC_LAYOUT_OVERWRITE;
    const int parts = (flags & TC_LAYOUT_PARTS) != 0;
    struct stat st;
    int rc = TC_OK;
    memset(out, 0, sizeof *out);
    if (!(out->dir = strdup(dir)))
        return tc_error_set(err, TC_ENOMEM, "out of memory");
    if (stat(dir, &st) != 0) {
        if (errno != ENOENT || mkdir(dir, 0755) != 0) {
            rc = tc_error_set(err, TC_EIO, "cannot create %s: %s", dir,
                              strerror(errno));
            goto done;
        }
    } else if (!S_ISDIR(st.st_mode)) {
        rc = tc_error_set(err, TC_EINVAL, "%s is not a directory", dir);
        goto done;
    }
    if (exists(dir, TC_STUB_NAME)) {
        char *stub = join(dir, TC_STUB_NAME);
        rc = stub ? read_stub(out, stub, err)
                  : tc_error_set(err, TC_ENOMEM, "out of memory");
        free(stub);
        if (rc != TC_OK)
            goto done;
        tc_layout_remove_unlisted(out);
        unsigned idx, gen;
        for (size_t i = 0; i < out->nshards; i++)
            if (parse_name(out->names[i], &idx, &gen, &out->parts) &&
                out->parts)
                break;
        if (!overwrite)
            goto done;
        for (size_t i = 0; i < out->nshards && rc == TC_OK; i++) {
            char *p = tc_layout_shard_path(out, i);
            rc = p ? remove_flat_dir(p, err)
                   : tc_error_set(err, TC_ENOMEM, "out of memory");
            free(p);
        }
        for (size_t i = 0; i < out->nshards; i++)
            free(out->names[i]);
        out->nshards = 0;
        if (rc == TC_OK)
            rc = make_new(out, nshards, parts, err);
    } else if (exists(dir, "iamglass")) {
        /* its records are not tracuu's: searches could not show them */
        rc = tc_error_set(err, TC_EINVAL, "%s holds a Xapian database that "
                          "tracuu did not make (no %s); index into a new "
                          "directory", dir, TC_STUB_NAME);
    } else if (is_empty_dir(dir)) {
        rc = make_new(out, nshards, parts, err);
    } else {
        rc = tc_error_set(err, TC_EINVAL, "%s is not empty and holds no "
                          "tracuu index (no %s, no Xapian database)", dir,
                          TC_STUB_NAME);
    }
done:
    if (rc != TC_OK)
        tc_layout_clear(out);
    return rc;
}

int tc_layout_compact_shard(tc_layout *l, size_t i, tc_error *err)
{
    unsigned idx, gen;
    int part;
    char next[32];
    if (i >= l->nshards || !parse_name(l->names[i], &idx, &gen, &part))
        return TC_OK;     /* not of our naming: left as it is */
    snprintf(next, sizeof next, "%s%u.%u", part ? "part" : "shard", idx,
             gen + 1);
    char *src = tc_layout_shard_path(l, i), *dst = join(l->dir, next);
    int rc = TC_OK;
    if (!src || !dst) {
        rc = tc_error_set(err, TC_ENOMEM, "out of memory");
        goto done;
    }
    remove_flat_dir(dst, NULL);
    rc = tc_db_compact(src, dst, 1, err);
    if (rc == TC_OK && !(l->next[i] = strdup(next)))
        rc = tc_error_set(err, TC_ENOMEM, "out of memory");
    if (rc != TC_OK)
        remove_flat_dir(dst, NULL);
done:
    free(src);
    free(dst);
    return rc;
}

int tc_layout_switch(tc_layout *l, tc_error *err)
{
    char *old[TC_MAX_SHARDS] = {0};
    int any = 0;
    for (size_t i = 0; i < l->nshards; i++)
        if (l->next[i]) {
            old[i] = l->names[i];
            l->names[i] = l->next[i];
            l->next[i] = NULL;
            any = 1;
        }
    if (!any)
        return TC_OK;
    int rc = write_stub(l, err);
    for (size_t i = 0; i < l->nshards; i++) {
        if (!old[i])
            continue;
        if (rc != TC_OK) {           /* keep the old set in use */
            char *p = join(l->dir, l->names[i]);
            if (p)
                remove_flat_dir(p, NULL);
            free(p);
            free(l->names[i]);
            l->names[i] = old[i];
        } else {
            free(old[i]);            /* removed by remove_unlisted */
        }
    }
    return rc;
}

int tc_layout_merge(tc_layout *l, tc_error *err)
{
    unsigned idx, gen, top = 0;
    int part;
    char name[32];
    for (size_t i = 0; i < l->nshards; i++)
        if (parse_name(l->names[i], &idx, &gen, &part) && gen > top)
            top = gen;
    snprintf(name, sizeof name, "shard0.%u", top + 1);
    char *dst = join(l->dir, name), *nn = strdup(name);
    int rc = TC_OK;
    if (!dst || !nn) {
        rc = tc_error_set(err, TC_ENOMEM, "out of memory");
        goto done;
    }
    remove_flat_dir(dst, NULL);
    /* the directory is the stub: Xapian reads every part through it */
    if ((rc = tc_db_compact(l->dir, dst, 0, err)) != TC_OK) {
        remove_flat_dir(dst, NULL);
        goto done;
    }
    tc_layout merged = {l->dir, 1, {nn}, {NULL}, 0};
    if ((rc = write_stub(&merged, err)) != TC_OK) {
        remove_flat_dir(dst, NULL);
        goto done;
    }
    for (size_t i = 0; i < l->nshards; i++) {
        free(l->names[i]);
        free(l->next[i]);
        l->names[i] = l->next[i] = NULL;
    }
    l->names[0] = nn;
    l->nshards = 1;
    l->parts = 0;
    nn = NULL;
done:
    free(dst);
    free(nn);
    return rc;
}
