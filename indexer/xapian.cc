/* xapian.cc: tracuu's thin C wrapper over libxapian (see tracuu/xapian.h).
 *
 * This is the only C++ file in the tree.  Each handle is a small struct
 * holding Xapian objects by value (they are reference counted, so copies are
 * cheap); each extern "C" function is a try block whose catch hands the
 * exception to fail(), the one place that maps Xapian's exceptions to tc_rc
 * codes and fills a tc_error.  No Xapian type and no exception leaves this
 * file.
 *
 * Some behaviours differ from plain Xapian on purpose:
 *  - every change to a tc_wdb happens inside a flushed transaction, so
 *    nothing reaches the disk except through tc_wdb_commit(), Xapian's
 *    automatic commits (every XAPIAN_FLUSH_THRESHOLD changes) are
 *    suppressed, and tc_wdb_free() cancels the transaction instead of
 *    letting the destructor commit it;
 *  - tc_db_search() reopens the database and retries when a writer moved the
 *    revision it was reading out from under it, and copies each result's
 *    data and values into the tc_mset, so reading results later never goes
 *    back to a revision that may be gone;
 *  - a stub with remote shards is opened shard by shard and its shards are
 *    combined here, so that a shard that fails is left out of the search
 *    rather than failing it (tc_db_open_with);
 *  - results of equal weight are ordered by a value (tie_slot) rather than
 *    by document number, and a range decider that remote shards cannot
 *    run is applied here to the results they send.
 * Deciding which terms a text yields and how a user's query becomes a tree is
 * left to the C modules above this one. */
#include "tracuu/xapian.h"

#include <xapian.h>

#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <new>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

/* One shard of a stub with remote shards, opened by us (see
 * tc_db_open_with). */
struct tc_shard {
    enum kind { LOCAL, TCP, PROG } kind;
    std::string name;     /* the stub line without its type */
    std::string context;  /* the context Xapian's errors give for it */
    std::string path, host, prog, args;
    unsigned port = 0;
    Xapian::Database db;
    bool up = false;
    double retry_at = 0;  /* when down: try again from then (monotonic s) */
};

struct tc_db {
    Xapian::Database db;  /* with shards: the combined shards that are up */
    std::string path;
    std::string stub_id;  /* identity of the stub file when opened, if any */
    uint64_t moves = 0;   /* times the handle moved to another revision */
    std::vector<tc_shard> shards;  /* a stub with remote shards, else empty */
    tc_db_open_opts opts;
    std::vector<std::string> missing;  /* names of the shards left out */
};

/* The identity (device, inode, mtime) of the stub file that path names or
 * holds (path/XAPIANDB), or "" when it is not a stub: a compaction switches
 * an index to new shards by replacing that file. */
static std::string stub_identity(const std::string &path)
{
    struct stat st;
    std::string stub = path + "/XAPIANDB";
    if (stat(stub.c_str(), &st) != 0 &&
        (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)))
        return "";
    return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) + ":" +
           std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec);
}

struct tc_wdb {
    Xapian::WritableDatabase db;
    bool in_txn;  /* a transaction is open: every change goes through one */
};

struct tc_xdoc {
    Xapian::Document doc;
};

struct tc_xquery {
    Xapian::Query q;
};

/* What one result's document held when the match ran. */
struct tc_result {
    std::string data;
    std::map<Xapian::valueno, std::string> values;
};

struct tc_mset {
    Xapian::Enquire enq;  /* keeps the database the MSet came from alive */
    Xapian::MSet ms;
    std::vector<Xapian::doccount> rows;  /* rows[i]: the item of ms that is
                                          * result i */
    std::vector<tc_result> docs;  /* docs[i]: result i, read at match time */
    bool counted = false;         /* true: the counts below replace ms's
                                   * (a range filtered here) */
    Xapian::doccount estimated = 0, lower = 0, upper = 0;
};

struct tc_termiter {
    Xapian::Database db;  /* keeps the iterator's database alive */
    Xapian::TermIterator it, end;
    std::string cur;      /* the term handed out by the last next() */
    bool started;
    bool allterms;        /* freq is the termfreq, else the wdf */
};

/* How many times tc_db_search() runs a match that keeps meeting
 * DatabaseModifiedError before it gives up. */
enum { SEARCH_ATTEMPTS = 3 };

/* ---- the exception funnel -------------------------------------------- */

/* True when a DatabaseError was caused by a full disk. */
static bool is_enospc(const Xapian::Error &e) noexcept
{
    const char *es = nullptr;
    try {
        es = e.get_error_string();
    } catch (...) {
        es = nullptr;
    }
    if (es && (std::strcmp(es, std::strerror(ENOSPC)) == 0 ||
               std::strstr(es, "No space left")))
        return true;
    return e.get_msg().find("No space left") != std::string::npos;
}

/* Fill err with code and what Xapian said (type, message, system error). */
static int say(tc_error *err, int code, const char *where,
               const Xapian::Error &e) noexcept
{
    const char *es = nullptr;
    try {
        es = e.get_error_string();
    } catch (...) {
        es = nullptr;
    }
    return tc_error_set(err, code, "%s: %s: %s%s%s%s", where, e.get_type(),
                        e.get_msg().c_str(), es ? " (" : "", es ? es : "",
                        es ? ")" : "");
}

/* A database error's code, unless a full disk caused it. */
static int db_code(const Xapian::Error &e, int code) noexcept
{
    return is_enospc(e) ? TC_ENOSPC : code;
}

/* The one place that turns a C++ exception into a tc_rc code.  Call it only
 * from inside a catch block: it rethrows the exception being handled to
 * find its type (Xapian's exceptions have no virtual functions, so
 * dynamic_cast cannot).  Subclasses come before their bases. */
static int fail(tc_error *err, const char *where) noexcept
{
    try {
        throw;
    } catch (const Xapian::DatabaseVersionError &e) {
        return say(err, db_code(e, TC_EDB_VERSION), where, e);
    } catch (const Xapian::DatabaseOpeningError &e) {  /* and NotFound */
        return say(err, db_code(e, TC_EDB_OPEN), where, e);
    } catch (const Xapian::DatabaseLockError &e) {
        return say(err, db_code(e, TC_EDB_LOCK), where, e);
    } catch (const Xapian::DatabaseModifiedError &e) {
        return say(err, TC_EDB_MODIFIED, where, e);
    } catch (const Xapian::DatabaseCorruptError &e) {
        return say(err, db_code(e, TC_EDB_CORRUPT), where, e);
    } catch (const Xapian::DatabaseError &e) {
        return say(err, db_code(e, TC_EXAPIAN), where, e);
    } catch (const Xapian::NetworkTimeoutError &e) {
        return say(err, TC_ETIMEOUT, where, e);
    } catch (const Xapian::NetworkError &e) {
        return say(err, TC_ENETWORK, where, e);
    } catch (const Xapian::QueryParserError &e) {
        return say(err, TC_EQUERY, where, e);
    } catch (const Xapian::InvalidArgumentError &e) {
        return say(err, TC_EINVAL, where, e);
    } catch (const Xapian::InvalidOperationError &e) {
        return say(err, TC_EINVAL, where, e);
    } catch (const Xapian::DocNotFoundError &e) {
        return say(err, TC_ENOTFOUND, where, e);
    } catch (const Xapian::Error &e) {
        return say(err, TC_EXAPIAN, where, e);
    } catch (const std::bad_alloc &) {
        return tc_error_set(err, TC_ENOMEM, "%s: out of memory", where);
    } catch (const std::exception &e) {
        return tc_error_set(err, TC_EXAPIAN, "%s: %s", where, e.what());
    } catch (...) {
        return tc_error_set(err, TC_EXAPIAN, "%s: unknown exception", where);
    }
}

/* ---- small helpers ---------------------------------------------------- */

/* A std::string from (s, len), tolerating s == NULL when len == 0. */
static std::string str(const char *s, size_t len)
{
    return s ? std::string(s, len) : std::string();
}

/* Hand s to a C caller as a malloc'd, NUL-terminated copy. */
static int give(const std::string &s, char **out, size_t *len, tc_error *err)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p)
        return tc_error_set(err, TC_ENOMEM, "out of memory copying %zu bytes",
                            s.size());
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    *out = p;
    if (len)
        *len = s.size();
    return TC_OK;
}

static int null_arg(tc_error *err, const char *where)
{
    return tc_error_set(err, TC_EINVAL, "%s: NULL argument", where);
}

/* ---- stubs with remote shards --------------------------------------- */

static double mono_s()
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The stub file path names: itself when it is a file, path/XAPIANDB when
 * that exists, else "". */
static std::string stub_file(const std::string &path)
{
    struct stat st;
    if (stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode))
        return path;
    std::string in = path + "/XAPIANDB";
    if (stat(in.c_str(), &st) == 0 && S_ISREG(st.st_mode))
        return in;
    return "";
}

static std::string trim(const std::string &s)
{
    size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

/* "HOST:PORT" as Xapian 1.4 reads a TCP remote line (checked against
 * 1.4.22: "remote 127.0.0.1:9001" connects, "remote :127.0.0.1:9001" is
 * taken for a program). */
static bool tcp_target(const std::string &rest, std::string &host,
                       unsigned &port)
{
    size_t colon = rest.rfind(':');
    if (rest.find_first_of(" \t") != std::string::npos || colon == 0 ||
        colon == std::string::npos || colon + 1 == rest.size() ||
        rest[0] == ':')
        return false;
    unsigned long p = 0;
    for (size_t i = colon + 1; i < rest.size(); i++) {
        if (rest[i] < '0' || rest[i] > '9' || (p = p * 10 + (rest[i] - '0')) >
                                                 65535)
            return false;
    }
    host = rest.substr(0, colon);
    port = static_cast<unsigned>(p);
    return p > 0;
}

/* The shards of the stub at file when some line is remote (else an empty
 * list: Xapian opens the stub itself).  Lines: "auto|glass|chert PATH"
 * (relative to the stub's directory), "remote HOST:PORT", "remote PROGRAM
 * ARGS"; blank lines and "#" comments are skipped. */
static std::vector<tc_shard> read_stub(const std::string &file)
{
    std::vector<tc_shard> shards;
    FILE *f = std::fopen(file.c_str(), "r");
    if (!f)
        return shards;
    std::string dir = file.substr(0, file.rfind('/') + 1);
    bool remote = false;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, f)) {
        std::string line = trim(std::string(buf, std::strcspn(buf, "\n")));
        if (line.empty() || line[0] == '#')
            continue;
        size_t sp = line.find_first_of(" \t");
        std::string type = line.substr(0, sp);
        std::string rest = sp == std::string::npos ? "" : trim(line.substr(sp));
        tc_shard sh{};
        sh.name = rest;
        if (type == "remote") {
            remote = true;
            if (tcp_target(rest, sh.host, sh.port)) {
                sh.kind = tc_shard::TCP;
                sh.context = "remote:tcp(" + rest + ")";
            } else {
                size_t a = rest.find_first_of(" \t");
                sh.kind = tc_shard::PROG;
                sh.prog = rest.substr(0, a);
                sh.args = a == std::string::npos ? "" : trim(rest.substr(a));
                sh.context = "remote:prog(" + rest + ")";
            }
        } else if (type == "auto" || type == "glass" || type == "chert") {
            sh.kind = tc_shard::LOCAL;
            sh.path = !rest.empty() && rest[0] == '/' ? rest : dir + rest;
        } else {
            std::fclose(f);
            throw Xapian::DatabaseOpeningError("stub " + file +
                                               ": cannot read line '" + line +
                                               "'");
        }
        shards.push_back(sh);
    }
    std::fclose(f);
    if (!remote)
        shards.clear();
    return shards;
}

/* Leave sh out until retry_ms from now; its connection is let go. */
static void leave_out(tc_shard &sh, const tc_db_open_opts &o)
{
    sh.up = false;
    sh.db = Xapian::Database();
    sh.retry_at = mono_s() + o.retry_ms / 1e3;
}

/* Open one shard; a shard that cannot be opened is left out.  Returns what
 * Xapian said when it failed, "" when it is up. */
static std::string open_shard(tc_shard &sh, const tc_db_open_opts &o)
{
    try {
        switch (sh.kind) {
        case tc_shard::LOCAL:
            sh.db = Xapian::Database(sh.path);
            break;
        case tc_shard::TCP:
            sh.db = Xapian::Remote::open(sh.host, sh.port, o.shard_timeout_ms,
                                         o.shard_timeout_ms);
            break;
        case tc_shard::PROG:
            sh.db = Xapian::Remote::open(sh.prog, sh.args, o.shard_timeout_ms);
            break;
        }
        sh.up = true;
        return "";
    } catch (const Xapian::Error &e) {
        leave_out(sh, o);
        return sh.name + ": " + e.get_type() + ": " + e.get_msg();
    }
}

/* db->db becomes the shards that are up, combined; db->missing the rest.
 * Throws when none is up. */
static void combine(tc_db *db, const std::string &why)
{
    Xapian::Database all;
    db->missing.clear();
    for (tc_shard &sh : db->shards) {
        if (sh.up)
            all.add_database(sh.db);
        else
            db->missing.push_back(sh.name);
    }
    if (db->missing.size() == db->shards.size())
        throw Xapian::NetworkError("no shard of " + db->path +
                                   " can be reached" +
                                   (why.empty() ? "" : ": " + why));
    db->db = all;
}

/* Open every shard of db (a stub with remote shards). */
static void open_shards(tc_db *db)
{
    std::string why;
    for (tc_shard &sh : db->shards) {
        std::string e = open_shard(sh, db->opts);
        if (why.empty())
            why = e;
    }
    combine(db, why);
}

/* After e: leave out the shard it names (its context), or, when it names
 * none, every shard that no longer answers; false when no shard was left
 * out or none would be left. */
static bool leave_out_failed(tc_db *db, const Xapian::Error &e)
{
    if (db->shards.empty())
        return false;
    size_t dropped = 0;
    for (tc_shard &sh : db->shards)
        if (sh.up && sh.context == e.get_context()) {
            leave_out(sh, db->opts);
            dropped++;
        }
    for (tc_shard &sh : db->shards) {
        if (dropped || !sh.up)
            continue;
        try {
            sh.db.keep_alive();
        } catch (const Xapian::Error &) {
            leave_out(sh, db->opts);
            dropped++;
        }
    }
    if (!dropped)
        return false;
    try {
        combine(db, e.get_msg());
    } catch (const Xapian::Error &) {
        return false;
    }
    db->moves++;
    return true;
}

/* Run f(), which reads db; with remote shards, a shard that fails is left
 * out and, when again is true, f() is run again without it.  Calls that
 * name a document id must not run again: ids are numbered across the
 * shards that are up, so the same id names another document then. */
template <typename F>
static auto with_shards(tc_db *db, F f, bool again = true) -> decltype(f())
{
    for (;;) {
        try {
            return f();
        } catch (const Xapian::NetworkError &e) {  /* and its timeout */
            if (!leave_out_failed(db, e) || !again)
                throw;
        }
    }
}

/* Open db->path from scratch: its stub read again, and its shards opened
 * by us when the stub names remote ones, else the whole by Xapian. */
static void open_fresh(tc_db *db)
{
    std::string stub = stub_file(db->path);
    db->stub_id = stub_identity(db->path);
    db->shards = stub.empty() ? std::vector<tc_shard>() : read_stub(stub);
    db->missing.clear();
    if (db->shards.empty())
        db->db = Xapian::Database(db->path);
    else
        open_shards(db);
}

extern "C" void tc_db_open_opts_init(tc_db_open_opts *opts)
{
    if (!opts)
        return;
    opts->shard_timeout_ms = 2000;
    opts->retry_ms = 5000;
}

extern "C" int tc_db_open_with(const char *path, const tc_db_open_opts *opts,
                               tc_db **out, tc_error *err)
{
    if (!out)
        return null_arg(err, __func__);
    *out = nullptr;
    if (!path)
        return null_arg(err, __func__);
    tc_db *db = nullptr;
    try {
        db = new tc_db{};
        db->path = path;
        if (opts)
            db->opts = *opts;
        else
            tc_db_open_opts_init(&db->opts);
        open_fresh(db);
        *out = db;
        return TC_OK;
    } catch (...) {
        delete db;
        return fail(err, __func__);
    }
}

extern "C" int tc_db_open(const char *path, tc_db **out, tc_error *err)
{
    return tc_db_open_with(path, nullptr, out, err);
}

extern "C" void tc_db_free(tc_db *db)
{
    delete db;
}

extern "C" size_t tc_db_missing(const tc_db *db)
{
    return db ? db->missing.size() : 0;
}

extern "C" const char *tc_db_missing_name(const tc_db *db, size_t i)
{
    return db && i < db->missing.size() ? db->missing[i].c_str() : nullptr;
}

extern "C" size_t tc_db_shards(const tc_db *db)
{
    if (!db)
        return 0;
    if (!db->shards.empty())
        return db->shards.size();
    try {
        return db->db.size();
    } catch (...) {
        return 1;
    }
}

/* db->shards is kept only for a stub with a remote line (read_stub). */
extern "C" int tc_db_remote(const tc_db *db)
{
    return db && !db->shards.empty();
}

/* Bring every shard that is up to its latest revision, leave out those
 * that fail, and bring back those due to be tried again.  True when
 * anything moved. */
static bool reopen_shards(tc_db *db)
{
    bool moved = false, set_changed = false;
    double now = mono_s();
    std::string why;
    for (tc_shard &sh : db->shards) {
        if (sh.up) {
            try {
                moved = sh.db.reopen() || moved;
            } catch (const Xapian::Error &e) {
                leave_out(sh, db->opts);
                why = sh.name + ": " + e.get_msg();
                set_changed = true;
            }
        } else if (now >= sh.retry_at) {
            set_changed = open_shard(sh, db->opts).empty() || set_changed;
        }
    }
    if (set_changed)
        combine(db, why);
    return moved || set_changed;
}

extern "C" int tc_db_reopen(tc_db *db, int *changed, tc_error *err)
{
    if (changed)
        *changed = 0;
    if (!db)
        return null_arg(err, __func__);
    try {
        /* a switched stub (or shards that are gone) means a fresh open */
        bool fresh = stub_identity(db->path) != db->stub_id, ch = false;
        if (!fresh && tc_db_remote(db)) {
            ch = reopen_shards(db);
        } else if (!fresh) {
            try {
                ch = db->db.reopen();
            } catch (const Xapian::DatabaseError &) {
                fresh = true;
            }
        }
        if (fresh) {
            open_fresh(db);
            ch = true;
        }
        if (ch)
            db->moves++;
        if (changed)
            *changed = ch ? 1 : 0;
        return TC_OK;
    } catch (...) {
        return fail(err, __func__);
    }
}

extern "C" uint64_t tc_db_moves(const tc_db *db)
{
    return db ? db->moves : 0;
}

extern "C" int tc_db_compact(const char *src, const char *dst,
                             int keep_docids, tc_error *err)
{
    if (!src || !dst)
        return null_arg(err, __func__);
    try {
        Xapian::Database db(src);
        db.compact(dst, keep_docids ? Xapian::DBCOMPACT_NO_RENUMBER : 0);
        return TC_OK;
    } catch (...) {
        return fail(err, __func__);
    }
}

extern "C" uint32_t tc_db_doccount(tc_db *db)
{
    if (!db)
        return 0;
    try {
        return with_shards(db, [db] { return db->db.get_doccount(); });
    } catch (...) {
        return 0;
    }
}

extern "C" int tc_db_termfreq(tc_db *db, const char *term, size_t len,
                              uint32_t *out, tc_error *err)
{
    if (!db || !out)
        return null_arg(err, __func__);
    *out = 0;
    try {
        std::string t = str(term, len);
        *out = with_shards(db, [db, &t] { return db->db.get_termfreq(t); });
        return TC_OK;
    } catch (...) {
        return fail(err, __func__);
    }
}

extern "C" int tc_db_document_data(tc_db *db, tc_docid did, char **data,
                                   size_t *len, tc_error *err)
{
    if (!db || !data)
        return null_arg(err, __func__);
    *data = nullptr;
    if (len)
        *len = 0;
    if (did == 0)   /* Xapian calls docid 0 invalid; to us it is absent */
        return tc_error_set(err, TC_ENOTFOUND, "%s: no document 0", __func__);
    try {
        return give(with_shards(
                        db,
                        [db, did] {
                            return db->db.get_document(did).get_data();
                        },
                        false),
                    data, len, err);
    } catch (...) {
        return fail(err, __func__);
    }
}

extern "C" int tc_db_find_by_term(tc_db *db, const char *term, size_t len,
                                  tc_docid *out, tc_error *err)
{
    if (!db || !out)
        return null_arg(err, __func__);
    *out = 0;
    try {
        std::string t = str(term, len);
        *out = with_shards(db, [db, &t]() -> Xapian::docid {
            Xapian::PostingIterator p = db->db.postlist_begin(t);
            return p == db->db.postlist_end(t) ? 0 : *p;
        });
        if (*out == 0)
            return tc_error_set(err, TC_ENOTFOUND,
                                "%s: no document has that term", __func__);
        return TC_OK;
    } catch (...) {
        return fail(err, __func__);
    }
}

extern "C" int tc_db_each_value(tc_db *db, unsigned slot, tc_value_fn fn,
                                void *ctx, tc_error *err)
{
    if (!db || !fn)
        return null_arg(err, __func__);
    try {
        return with_shards(db, [db, slot, fn, ctx] {
            Xapian::ValueIterator v = db->db.valuestream_begin(slot);
            Xapian::ValueIterator end = db->db.valuestream_end(slot);
            for (; v != end; ++v) {
                std::string val = *v;
                int rc = fn(ctx, v.get_docid(), val.data(), val.size());
                if (rc)
                    return rc;
            }
            return 0;
        });
    } catch (...) {
        return fail(err, __func__);
    }
}

extern "C" int tc_db_allterms(tc_db *db, const char *prefix,
                              size_t prefix_len, tc_termiter **out,
                              tc_error *err)
{
    if (!db || !out)
        return null_arg(err, __func__);
    *out = nullptr;
    try {
        std::string p = str(prefix, prefix_len);
        *out = with_shards(db, [db, &p] {
            return new tc_termiter{db->db, db->db.allterms_begin(p),
                                   db->db.allterms_end(p), std::string(),
                                   false, true};
        });
        return TC_OK;
    } catch (...) {
        return fail(err, __func__);
    }
}

extern "C" int tc_db_termlist(tc_db *db, tc_docid did, tc_termiter **out,
                              tc_error *err)
{
    if (!db || !out)
        return null_arg(err, __func__);
    *out = nullptr;
    if (did == 0)
        return tc_error_set(err, TC_ENOTFOUND, "%s: no document 0", __func__);
    try {
        *out = with_shards(
            db,
            [db, did] {
                return new tc_termiter{db->db, db->db.termlist_begin(did),
                                       db->db.termlist_end(did),
                                       std::string(), false, false};
            },
            false);
        return TC_OK;
    } catch (...) {
        return fail(err, __func__);
    }
}

extern "C" int tc_termiter_next(tc_termiter *it, const char **term,
                                size_t *len, uint32_t *freq, tc_error *err)
{
    if (!it || !term)
        return null_arg(err, __func__);
    try {
        if (it->it == it->end)   /* stays at the end once there */
            return 0;
        if (it->started)
            ++it->it;
        it->started = true;
        if (it->it == it->end)
            return 0;
        it->cur = *it->it;
        *term = it->cur.c_str();
        if (len)
            *len = it->cur.size();
        if (freq)
            *freq = it->allterms ? it->it.get_termfreq() : it->it.get_wdf();
        return 1;
    } catch (...) {
        return fail(err, __func__);
    }
}

extern "C" void tc_termiter_free(tc_termiter *it)
{
    delete it;
}

/* ---- writing ---------------------------------------------------------- */

/* Open a flushed transaction if none is: every change happens inside one,
 * so that only commit_transaction() can make it durable.  Called before
 * each change rather than after each commit, so that a commit that worked
 * never reports a failure to start the next batch. */
static void ensure_txn(tc_wdb *wdb)
{
    if (!wdb->in_txn) {
        wdb->db.begin_transaction(true);
        wdb->in_txn = true;
    }
}

static int wdb_action(int flags)
{
    switch (flags) {
    case TC_WDB_CREATE_OR_OPEN: return Xapian::DB_CREATE_OR_OPEN;
    case TC_WDB_CREATE_OR_OVERWRITE: return Xapian::DB_CREATE_OR_OVERWRITE;
    case TC_WDB_OPEN: return Xapian::DB_OPEN;
    }
    return -1;
}

extern "C" int tc_wdb_open(const char *path, int flags, tc_wdb **out,
                           tc_error *err)
{
    if (!out)
        return null_arg(err, __func__);
    *out = nullptr;
    if (!path)
        return null_arg(err, __func__);
    int action = wdb_action(flags);
    if (action < 0)
        return tc_error_set(err, TC_EINVAL, "%s: unknown flags %d", __func__,
                            flags);
    try {
        *out = new tc_wdb{Xapian::WritableDatabase(path, action), false};
        return TC_OK;
    } catch (...) {
        return fail(err, __func__);
    }
}

extern "C" void tc_wdb_free(tc_wdb *wdb)
{
    if (!wdb)
        return;
    try {
        if (wdb->in_txn) {
            wdb->in_txn = false;   /* over even if cancelling throws */
            wdb->db.cancel_transaction();
        }
        wdb->db.close();   /* nothing is pending now: this only unlocks */
    } catch (...) {
        /* The destructor commits whatever is pending unless a transaction
         * is open: open an unflushed one (which commits nothing first) so
         * that the destructor cancels it and everything with it. */
        try {
            wdb->db.begin_transaction(false);
        } catch (...) {
        }
    }
    delete wdb;
}

extern "C" uint32_t tc_wdb_doccount(tc_wdb *wdb)
{
    if (!wdb)
        return 0;
    try {
        return wdb->db.get_doccount();
    } catch (...) {
        return 0;
    }
}

/* True when doc is indexed by term (so that it can be found again). */
static bool has_term(const Xapian::Document &doc, const std::string &term)
{
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(term);
    return t != doc.termlist_end() && *t == term;
}

extern "C" int tc_wdb_replace(tc_wdb *wdb, const char *idterm, size_t idlen,
                              const tc_xdoc *doc, tc_error *err)
{
    if (!wdb || !doc || !idterm || idlen == 0)
        return null_arg(err, __func__);
    try {
        std::string id(idterm, idlen);
        /* Without its id term the document could never be replaced, and
         * indexing it again would duplicate it. */
        if (!has_term(doc->doc, id))
            return tc_error_set(err, TC_EINVAL,
                                "%s: the document lacks its id term",
                                __func__);
        ensure_txn(wdb);
        wdb->db.replace_document(id, doc->doc);
        return TC_OK;
    } catch (...) {
        return fail(err, __func__);
    }
}

extern "C" int tc_wdb_delete(tc_wdb *wdb, const char *idterm, size_t idlen,
                             uint32_t *deleted, tc_error *err)
{
    if (deleted)
        *deleted = 0;
    if (!wdb || !idterm || idlen == 0)
        return null_arg(err, __func__);
    try {
        std::string id(idterm, idlen);
        ensure_txn(wdb);
        uint32_t n = wdb->db.get_termfreq(id);
        if (n)
            wdb->db.delete_document(id);
        if (deleted)
            *deleted = n;
        return TC_OK;
    } catch (...) {
        return fail(err, __func__);
    }
}

extern "C" int tc_wdb_value_by_term(tc_wdb *wdb, const char *idterm,
                                    size_t idlen, unsigned slot, char **val,
                                    size_t *len, tc_error *err)
{
    if (!wdb || !val)
        return null_arg(err, __func__);
    *val = nullptr;
    if (len)
        *len = 0;
    try {
        std::string id = str(idterm, idlen);
        Xapian::PostingIterator p = wdb->db.postlist_begin(id);
        if (p == wdb->db.postlist_end(id))
            return tc_error_set(err, TC_ENOTFOUND,
                                "%s: no document has that term", __func__);
        return give(wdb->db.get_document(*p).get_value(slot), val, len, err);
    } catch (...) {
        return fail(err, __func__);
    }
}

extern "C" int tc_wdb_commit(tc_wdb *wdb, tc_error *err)
{
    if (!wdb)
        return null_arg(err, __func__);
    try {
        if (wdb->in_txn) {
            /* Over after this call whether it succeeds or throws; on a
             * throw none of the batch was applied.  The next change opens
             * the next transaction. */
            wdb->in_txn = false;
            wdb->db.commit_transaction();
        }
        return TC_OK;
    } catch (...) {
        return fail(err, __func__);
    }
}

/* ---- documents -------------------------------------------------------- */

extern "C" tc_xdoc *tc_xdoc_new(void)
{
    try {
        return new tc_xdoc{Xapian::Document()};
    } catch (...) {
        return nullptr;
    }
}

extern "C" void tc_xdoc_free(tc_xdoc *doc)
{
    delete doc;
}

extern "C" int tc_xdoc_add_posting(tc_xdoc *doc, const char *term, size_t len,
                                   uint32_t pos, uint32_t wdfinc)
{
    if (!doc)
        return TC_EINVAL;
    try {
        doc->doc.add_posting(str(term, len), pos, wdfinc);
        return TC_OK;
    } catch (...) {
        return fail(nullptr, __func__);
    }
}

extern "C" int tc_xdoc_add_term(tc_xdoc *doc, const char *term, size_t len,
                                uint32_t wdfinc)
{
    if (!doc)
        return TC_EINVAL;
    try {
        doc->doc.add_term(str(term, len), wdfinc);
        return TC_OK;
    } catch (...) {
        return fail(nullptr, __func__);
    }
}

extern "C" int tc_xdoc_add_boolean_term(tc_xdoc *doc, const char *term,
                                        size_t len)
{
    if (!doc)
        return TC_EINVAL;
    try {
        doc->doc.add_boolean_term(str(term, len));
        return TC_OK;
    } catch (...) {
        return fail(nullptr, __func__);
    }
}

extern "C" int tc_xdoc_set_data(tc_xdoc *doc, const char *data, size_t len)
{
    if (!doc)
        return TC_EINVAL;
    try {
        doc->doc.set_data(str(data, len));
        return TC_OK;
    } catch (...) {
        return fail(nullptr, __func__);
    }
}

extern "C" int tc_xdoc_set_value(tc_xdoc *doc, unsigned slot, const char *val,
                                 size_t len)
{
    if (!doc)
        return TC_EINVAL;
    try {
        doc->doc.add_value(slot, str(val, len));
        return TC_OK;
    } catch (...) {
        return fail(nullptr, __func__);
    }
}

/* ---- queries ---------------------------------------------------------- */

static tc_xquery *wrap(const Xapian::Query &q)
{
    return new tc_xquery{q};
}

extern "C" tc_xquery *tc_xquery_term(const char *term, size_t len,
                                     uint32_t wqf)
{
    try {
        return wrap(Xapian::Query(str(term, len), wqf ? wqf : 1));
    } catch (...) {
        return nullptr;
    }
}

extern "C" tc_xquery *tc_xquery_boolean_term(const char *term, size_t len)
{
    try {
        return wrap(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                  Xapian::Query(str(term, len)), 0.0));
    } catch (...) {
        return nullptr;
    }
}

static Xapian::Query::op xapian_op(enum tc_qop op)
{
    switch (op) {
    case TC_QOP_AND: return Xapian::Query::OP_AND;
    case TC_QOP_OR: return Xapian::Query::OP_OR;
    case TC_QOP_AND_NOT: return Xapian::Query::OP_AND_NOT;
    case TC_QOP_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
    case TC_QOP_FILTER: return Xapian::Query::OP_FILTER;
    case TC_QOP_PHRASE: return Xapian::Query::OP_PHRASE;
    case TC_QOP_NEAR: return Xapian::Query::OP_NEAR;
    case TC_QOP_SYNONYM: return Xapian::Query::OP_SYNONYM;
    }
    throw Xapian::InvalidArgumentError("unknown query operator");
}

extern "C" tc_xquery *tc_xquery_combine(enum tc_qop op,
                                        tc_xquery *const *subs, size_t n,
                                        uint32_t window)
{
    try {
        Xapian::Query::op xop = xapian_op(op);
        std::vector<Xapian::Query> kept;
        for (size_t i = 0; subs && i < n; i++)
            if (subs[i])
                kept.push_back(subs[i]->q);
        if (kept.empty())
            return wrap(Xapian::Query::MatchNothing);
        if (op != TC_QOP_PHRASE && op != TC_QOP_NEAR)
            window = 0;     /* Xapian rejects a window on other operators */
        else if (window == 0)
            window = static_cast<uint32_t>(kept.size());
        return wrap(Xapian::Query(xop, kept.begin(), kept.end(), window));
    } catch (...) {
        return nullptr;
    }
}

extern "C" tc_xquery *tc_xquery_scale(const tc_xquery *q, double factor)
{
    if (!q)
        return nullptr;
    try {
        return wrap(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q,
                                  factor));
    } catch (...) {
        return nullptr;
    }
}

extern "C" tc_xquery *tc_xquery_value_range(unsigned slot, const char *lo,
                                            size_t lolen, const char *hi,
                                            size_t hilen)
{
    try {
        if (hilen == 0)
            return wrap(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot,
                                      str(lo, lolen)));
        return wrap(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot,
                                  str(lo, lolen), str(hi, hilen)));
    } catch (...) {
        return nullptr;
    }
}

extern "C" tc_xquery *tc_xquery_match_all(void)
{
    try {
        return wrap(Xapian::Query::MatchAll);
    } catch (...) {
        return nullptr;
    }
}

extern "C" tc_xquery *tc_xquery_fixed_weight(double weight)
{
    try {
        /* a registered built-in source, so remote shards know it too */
        Xapian::PostingSource *src = new Xapian::FixedWeightPostingSource(
            weight);
        return wrap(Xapian::Query(src->release()));
    } catch (...) {
        return nullptr;
    }
}

extern "C" tc_xquery *tc_xquery_match_nothing(void)
{
    try {
        return wrap(Xapian::Query::MatchNothing);
    } catch (...) {
        return nullptr;
    }
}

extern "C" int tc_xquery_empty(const tc_xquery *q)
{
    return !q || q->q.empty();
}

extern "C" void tc_xquery_free(tc_xquery *q)
{
    delete q;
}

extern "C" char *tc_xquery_describe(const tc_xquery *q)
{
    if (!q)
        return nullptr;
    try {
        char *s = nullptr;
        if (give(q->q.get_description(), &s, nullptr, nullptr) != TC_OK)
            return nullptr;
        return s;
    } catch (...) {
        return nullptr;
    }
}

/* ---- matching --------------------------------------------------------- */

extern "C" void tc_search_opts_init(tc_search_opts *opts)
{
    if (!opts)
        return;
    opts->offset = 0;
    opts->limit = 10;
    opts->sort_slot = -1;
    opts->sort_reverse = 0;
    opts->collapse_slot = -1;
    opts->check_at_least = 0;
    opts->skip_data = 0;
    opts->unweighted = 0;
    opts->range_slot = -1;
    opts->range_key = nullptr;
    opts->range_lo = 0;
    opts->range_hi = 0;
    opts->tie_slot = -1;
    opts->value_slots = 0;
}

/* Keeps documents with a "key<TAB>number" line in a slot whose number lies
 * in [lo, hi] (tc_search_opts.range_*). */
class LineRangeDecider : public Xapian::MatchDecider {
    Xapian::valueno slot_;
    std::string key;
    double lo, hi;

  public:
    LineRangeDecider(Xapian::valueno s, const std::string &k, double l,
                     double h)
        : slot_(s), key(k + "\t"), lo(l), hi(h) {}

    bool operator()(const Xapian::Document &doc) const override
    {
        return passes(doc.get_value(slot_));
    }

    Xapian::valueno slot() const { return slot_; }

    /* v, a value of the slot, has a line "key<TAB>number" in range */
    bool passes(const std::string &v) const
    {
        size_t pos = 0;
        while (pos < v.size()) {
            size_t nl = v.find('\n', pos);
            if (nl == std::string::npos)
                nl = v.size();
            if (v.compare(pos, key.size(), key) == 0) {
                std::string num = v.substr(pos + key.size(),
                                           nl - pos - key.size());
                char *end = nullptr;
                double x = strtod(num.c_str(), &end);
                if (end != num.c_str() && x >= lo && x <= hi)
                    return true;
            }
            pos = nl + 1;
        }
        return false;
    }
};

static void setup_enquire(Xapian::Enquire &enq, const Xapian::Query &q,
                          const tc_search_opts &o)
{
    enq.set_query(q);
    if (o.unweighted) {
        enq.set_weighting_scheme(Xapian::BoolWeight());
        enq.set_docid_order(Xapian::Enquire::ASCENDING);
    } else {
        enq.set_weighting_scheme(Xapian::BM25Weight());
    }
    if (o.sort_slot >= 0)
        enq.set_sort_by_value_then_relevance(
            static_cast<Xapian::valueno>(o.sort_slot), o.sort_reverse != 0);
    if (o.collapse_slot >= 0)
        enq.set_collapse_key(static_cast<Xapian::valueno>(o.collapse_slot),
                             1);
}

/* Read the data and the values asked for of one document. */
static void read_result(const Xapian::Document &doc, bool data,
                        uint32_t slots, tc_result &r)
{
    if (data)
        r.data = doc.get_data();
    if (slots) {
        for (Xapian::valueno s = 0; s < 32; s++)
            if (slots & (1u << s)) {
                std::string v = doc.get_value(s);
                if (!v.empty())
                    r.values.emplace(s, std::move(v));
            }
        return;
    }
    for (Xapian::ValueIterator v = doc.values_begin(); v != doc.values_end();
         ++v)
        r.values.emplace(v.get_valueno(), *v);
}

/* Read the data and values of the results rows of ms now, while the
 * revision the match ran on is known to be readable: Xapian 1.4 reads
 * documents lazily and caches nothing, so a later read could meet a
 * revision a writer has since discarded.
 *
 * From remote shards each document is a round trip of its own (1.4's
 * MSet::fetch() does not batch them: measured, no faster), so the rows of
 * each shard are read by a thread of their own, through that shard's
 * handle: the shards answer at the same time.  Nothing else touches a
 * shard's handle meanwhile (Xapian objects are not shared across threads
 * here: each thread uses one shard's, the caller waits). */
static std::vector<tc_result> snapshot(const tc_db *db, const Xapian::MSet &ms,
                                       bool data, uint32_t slots,
                                       const std::vector<Xapian::doccount> &rows)
{
    std::vector<tc_result> docs(rows.size());
    std::vector<const tc_shard *> up;
    for (const tc_shard &sh : db->shards)
        if (sh.up)
            up.push_back(&sh);
    if (!tc_db_remote(db) || rows.size() < 2 || up.size() < 2) {
        for (size_t i = 0; i < rows.size(); i++)
            read_result(ms[rows[i]].get_document(), data, slots, docs[i]);
        return docs;
    }
    /* document d of the combined database is document (d - 1) / n + 1 of
     * its shard number (d - 1) % n, n the shards combined */
    size_t n = up.size();
    std::vector<std::vector<std::pair<size_t, Xapian::docid>>> per(n);
    for (size_t i = 0; i < rows.size(); i++) {
        Xapian::docid d = *ms[rows[i]];
        per[(d - 1) % n].emplace_back(i, (d - 1) / n + 1);
    }
    std::vector<std::exception_ptr> errs(n);
    std::vector<std::thread> threads;
    for (size_t s = 0; s < n; s++) {
        if (per[s].empty())
            continue;
        threads.emplace_back([&, s] {
            try {
                for (const auto &r : per[s])
                    read_result(up[s]->db.get_document(r.second), data, slots,
                                docs[r.first]);
            } catch (...) {
                errs[s] = std::current_exception();
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    for (const std::exception_ptr &e : errs)
        if (e)
            std::rethrow_exception(e);
    return docs;
}

/* Weights a and b tie: equal but for the last bits, which the order of
 * floating-point additions decides, and that order is not the same in one
 * database and in shards (seen: 12.887134212140264 and ...262 for two
 * documents of equal weight in 4 shards). */
static bool same_weight(double a, double b)
{
    return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a));
}

/* Results of equal weight in the byte order of their value in slot, then
 * as Xapian had them: items[from, to) are indexes into ms in Xapian's
 * order (weight, then document id, which depends on how documents lie in
 * shards).  Reads the value only of results that tie. */
static void order_ties(const Xapian::MSet &ms,
                       std::vector<Xapian::doccount> &items, size_t from,
                       size_t to, Xapian::valueno slot)
{
    for (size_t i = from; i < to;) {
        double w = ms[items[i]].get_weight();
        size_t j = i + 1;
        while (j < to && same_weight(ms[items[j]].get_weight(), w))
            j++;
        if (j - i > 1) {
            std::vector<std::pair<std::string, Xapian::doccount>> keyed;
            for (size_t k = i; k < j; k++)
                keyed.emplace_back(ms[items[k]].get_document().get_value(slot),
                                   items[k]);
            std::stable_sort(keyed.begin(), keyed.end(),
                             [](const std::pair<std::string,
                                                Xapian::doccount> &x,
                                const std::pair<std::string,
                                                Xapian::doccount> &y) {
                                 return x.first < y.first;
                             });
            for (size_t k = i; k < j; k++)
                items[k] = keyed[k - i].second;
        }
        i = j;
    }
}

/* Order the ties of items (Xapian's order) that decide the page
 * [offset, offset + limit): from the first result of the weight at
 * offset to the last of the weight at the page's end. */
static void order_page_ties(const Xapian::MSet &ms,
                            std::vector<Xapian::doccount> &items,
                            const tc_search_opts &o)
{
    size_t end = std::min<size_t>(items.size(), o.offset + o.limit);
    if (o.tie_slot < 0 || end <= o.offset)
        return;
    size_t from = o.offset, to = end;
    double first = ms[items[from]].get_weight();
    double last = ms[items[end - 1]].get_weight();
    while (from > 0 && same_weight(ms[items[from - 1]].get_weight(), first))
        from--;
    while (to < items.size() && same_weight(ms[items[to]].get_weight(), last))
        to++;
    order_ties(ms, items, from, to, static_cast<Xapian::valueno>(o.tie_slot));
}

/* 0, 1, ..., n - 1: the items of an MSet in Xapian's order. */
static std::vector<Xapian::doccount> in_order(Xapian::doccount n)
{
    std::vector<Xapian::doccount> items(n);
    std::iota(items.begin(), items.end(), 0);
    return items;
}

/* The results of the page: items[first, first + limit), clipped. */
static std::vector<Xapian::doccount> page_of(
    const std::vector<Xapian::doccount> &items, Xapian::doccount first,
    Xapian::doccount limit)
{
    std::vector<Xapian::doccount> rows;
    for (Xapian::doccount i = first; i < items.size() && i < first + limit;
         i++)
        rows.push_back(items[i]);
    return rows;
}

/* Past the page, how many more matches are asked for so that a run of
 * equal weights across the page's end is seen whole, and at most how many
 * (a longer run, as a query of filters alone gives, is left in Xapian's
 * order). */
enum { TIE_LOOKAHEAD = 16, TIE_LOOKAHEAD_MAX = 1024 };

/* The match as Xapian runs it (with the range's decider, if any, on local
 * databases), from the first match: with tie_slot, the page's equal
 * weights are then put in order here (order_page_ties), which needs the
 * results before the page and a few after.
 *
 * Always from 0 also because Xapian 1.4.22 leaves documents out of the
 * top results when check_at_least is larger than the page (seen with
 * AND_MAYBE: get_mset(0, 14, 100) and get_mset(7, 7, 100) both lack docid
 * 1368, which get_mset(0, 14, 0) and get_mset(0, 100, 100) have): a page
 * that counts ahead is matched with as many items as it counts. */
static void match_xapian(tc_db *db, tc_mset *m, const tc_search_opts &o,
                         const Xapian::MatchDecider *decider)
{
    Xapian::doccount end = o.offset + o.limit;
    Xapian::doccount want = std::max(end, o.check_at_least);
    bool ties = o.tie_slot >= 0 && o.sort_slot < 0 && !o.unweighted;
    /* a page that neither counts ahead nor orders ties starts at offset */
    bool from0 = ties || o.check_at_least > end;
    Xapian::doccount extra = ties ? TIE_LOOKAHEAD : 0;
    for (;;) {
        Xapian::doccount n = want + extra;
        m->ms = from0 ? m->enq.get_mset(0, n, o.check_at_least ? n : 0,
                                        nullptr, decider)
                      : m->enq.get_mset(o.offset, o.limit, 0, nullptr,
                                        decider);
        /* done unless a run of equal weights may go on past what came */
        if (!ties || end == 0 || m->ms.size() < n || m->ms.size() < end ||
            !same_weight(m->ms[n - 1].get_weight(),
                         m->ms[end - 1].get_weight()) ||
            extra >= TIE_LOOKAHEAD_MAX)
            break;
        extra *= 4;
    }
    if (ties && m->ms.get_max_possible() == 0) {
        /* no weights at all (filters alone): the order is the slot's */
        m->enq.set_sort_by_value(static_cast<Xapian::valueno>(o.tie_slot),
                                 false);
        m->ms = m->enq.get_mset(0, want, o.check_at_least ? want : 0,
                                nullptr, decider);
        ties = false;
    }
    std::vector<Xapian::doccount> items = in_order(m->ms.size());
    if (ties)
        order_page_ties(m->ms, items, o);
    m->rows = page_of(items, from0 ? o.offset : 0, o.limit);
    m->docs = snapshot(db, m->ms, !o.skip_data, o.value_slots, m->rows);
    m->counted = false;
}

/* The match with the range applied here, to the best matches in order
 * (remote shards cannot run our decider): look at 4 times as many matches
 * as the page needs, then 4 times more while too few pass, up to
 * TC_RANGE_SCAN_MAX.  The counts are exact when every match was looked
 * at, else scaled from the share that passed. */
static void match_filtered(tc_db *db, tc_mset *m, const tc_search_opts &o,
                           const LineRangeDecider &decider)
{
    Xapian::doccount need = std::max(o.offset + o.limit, o.check_at_least);
    Xapian::doccount n = std::max<Xapian::doccount>(4 * need, 256);
    n = std::min<Xapian::doccount>(n, TC_RANGE_SCAN_MAX);
    std::vector<Xapian::doccount> passed;
    for (;;) {
        m->ms = m->enq.get_mset(0, n, n);
        std::vector<tc_result> vals = snapshot(
            db, m->ms, false, 1u << decider.slot(), in_order(m->ms.size()));
        passed.clear();
        for (Xapian::doccount i = 0; i < vals.size(); i++) {
            auto v = vals[i].values.find(decider.slot());
            if (v != vals[i].values.end() && decider.passes(v->second))
                passed.push_back(i);
        }
        if (m->ms.size() < n || passed.size() >= need ||
            n >= TC_RANGE_SCAN_MAX)
            break;
        n = std::min<Xapian::doccount>(4 * n, TC_RANGE_SCAN_MAX);
    }
    if (o.sort_slot < 0 && !o.unweighted)
        order_page_ties(m->ms, passed, o);
    m->rows = page_of(passed, o.offset, o.limit);
    m->docs = snapshot(db, m->ms, !o.skip_data, o.value_slots, m->rows);
    Xapian::doccount seen = m->ms.size(), pass = passed.size();
    m->counted = true;
    if (seen < n) {   /* every match was looked at */
        m->estimated = m->lower = m->upper = pass;
        return;
    }
    m->lower = pass;
    m->upper = m->ms.get_matches_upper_bound() - (seen - pass);
    double share = seen ? static_cast<double>(pass) / seen : 0;
    m->estimated = static_cast<Xapian::doccount>(
        share * m->ms.get_matches_estimated() + 0.5);
    m->estimated = std::min(std::max(m->estimated, m->lower), m->upper);
}

/* Run the match, reopening db when a writer replaced the revision being
 * read (the Enquire shares db's internals, so it sees the reopen). */
static void match(tc_db *db, tc_mset *m, const tc_search_opts &o)
{
    std::unique_ptr<LineRangeDecider> decider;
    if (o.range_slot >= 0 && o.range_key)
        decider.reset(new LineRangeDecider(
            static_cast<Xapian::valueno>(o.range_slot), o.range_key,
            o.range_lo, o.range_hi));
    for (int attempt = 1;; attempt++) {
        try {
            if (decider && tc_db_remote(db))
                match_filtered(db, m, o, *decider);
            else
                match_xapian(db, m, o, decider.get());
            return;
        } catch (const Xapian::DatabaseModifiedError &) {
            if (attempt >= SEARCH_ATTEMPTS)
                throw;
            db->db.reopen();
            db->moves++;
        }
    }
}

extern "C" int tc_db_search(tc_db *db, const tc_xquery *q,
                            const tc_search_opts *opts, tc_mset **out,
                            tc_error *err)
{
    if (!out)
        return null_arg(err, __func__);
    *out = nullptr;
    if (!db || !q)
        return null_arg(err, __func__);
    tc_search_opts o;
    if (opts)
        o = *opts;
    else
        tc_search_opts_init(&o);
    tc_mset *ms = nullptr;
    try {
        ms = new tc_mset{Xapian::Enquire(db->db), Xapian::MSet(), {}, {}};
        with_shards(db, [db, ms, q, &o] {
            /* the Enquire of the shards that are up now */
            ms->enq = Xapian::Enquire(db->db);
            setup_enquire(ms->enq, q->q, o);
            match(db, ms, o);
            return 0;
        });
        *out = ms;
        return TC_OK;
    } catch (...) {
        delete ms;
        return fail(err, __func__);
    }
}

extern "C" void tc_mset_free(tc_mset *ms)
{
    delete ms;
}

extern "C" uint32_t tc_mset_size(const tc_mset *ms)
{
    return ms ? static_cast<uint32_t>(ms->rows.size()) : 0;
}

extern "C" uint32_t tc_mset_estimated(const tc_mset *ms)
{
    if (!ms)
        return 0;
    return ms->counted ? ms->estimated : ms->ms.get_matches_estimated();
}

extern "C" uint32_t tc_mset_lower_bound(const tc_mset *ms)
{
    if (!ms)
        return 0;
    return ms->counted ? ms->lower : ms->ms.get_matches_lower_bound();
}

extern "C" uint32_t tc_mset_upper_bound(const tc_mset *ms)
{
    if (!ms)
        return 0;
    return ms->counted ? ms->upper : ms->ms.get_matches_upper_bound();
}

static bool in_range(const tc_mset *ms, uint32_t i)
{
    return ms && i < tc_mset_size(ms);
}

extern "C" tc_docid tc_mset_docid(const tc_mset *ms, uint32_t i)
{
    if (!in_range(ms, i))
        return 0;
    try {
        return *ms->ms[ms->rows[i]];
    } catch (...) {
        return 0;
    }
}

extern "C" double tc_mset_weight(const tc_mset *ms, uint32_t i)
{
    if (!in_range(ms, i))
        return 0.0;
    try {
        return ms->ms[ms->rows[i]].get_weight();
    } catch (...) {
        return 0.0;
    }
}

extern "C" uint32_t tc_mset_collapse_count(const tc_mset *ms, uint32_t i)
{
    if (!in_range(ms, i))
        return 0;
    try {
        return ms->ms[ms->rows[i]].get_collapse_count();
    } catch (...) {
        return 0;
    }
}

static int bad_index(tc_error *err, const char *where, uint32_t i)
{
    return tc_error_set(err, TC_EINVAL, "%s: no result %u", where,
                        (unsigned)i);
}

extern "C" int tc_mset_document_data(const tc_mset *ms, uint32_t i,
                                     char **data, size_t *len, tc_error *err)
{
    if (!data)
        return null_arg(err, __func__);
    *data = nullptr;
    if (len)
        *len = 0;
    if (!in_range(ms, i))
        return bad_index(err, __func__, i);
    return give(ms->docs[i].data, data, len, err);
}

extern "C" int tc_mset_value(const tc_mset *ms, uint32_t i, unsigned slot,
                             char **val, size_t *len, tc_error *err)
{
    if (!val)
        return null_arg(err, __func__);
    *val = nullptr;
    if (len)
        *len = 0;
    if (!in_range(ms, i))
        return bad_index(err, __func__, i);
    const std::map<Xapian::valueno, std::string> &vals = ms->docs[i].values;
    auto v = vals.find(slot);
    return give(v == vals.end() ? std::string() : v->second, val, len, err);
}

extern "C" const char *tc_xapian_version(void)
{
    return Xapian::version_string();
}
