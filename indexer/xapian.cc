/* xapian.cc: tracuu's thin C wrapper over libxapian (see tracuu/xapian.h).
 *
 * This is the only C++ file in the tree.  Each handle is a small struct
 * holding Xapian objects by value (they are reference counted, so copies are
 * cheap); each extern "C" function is a try block whose catch hands the
 * exception to fail(), the one place that maps Xapian's exceptions to tc_rc
 * codes and fills a tc_error.  No Xapian type and no exception leaves this
 * file.
 *
 * Two behaviours differ from plain Xapian on purpose:
 *  - every change to a tc_wdb happens inside a flushed transaction, so
 *    nothing reaches the disk except through tc_wdb_commit(), Xapian's
 *    automatic commits (every XAPIAN_FLUSH_THRESHOLD changes) are
 *    suppressed, and tc_wdb_free() cancels the transaction instead of
 *    letting the destructor commit it;
 *  - tc_db_search() reopens the database and retries when a writer moved the
 *    revision it was reading out from under it, and copies each result's
 *    data and values into the tc_mset, so reading results later never goes
 *    back to a revision that may be gone.
 * Deciding which terms a text yields and how a user's query becomes a tree is
 * left to the C modules above this one. */
#include "tracuu/xapian.h"

#include <xapian.h>

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <vector>

struct tc_db {
    Xapian::Database db;
    std::string path;
    std::string stub_id;  /* identity of the stub file when opened, if any */
    uint64_t moves = 0;   /* times the handle moved to another revision */
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
    Xapian::doccount skip;        /* leading items of ms that are not ours */
    Xapian::doccount take;        /* items of ms after those that are */
    std::vector<tc_result> docs;  /* docs[i]: result i, read at match time */
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

/* ---- reading ---------------------------------------------------------- */

extern "C" int tc_db_open(const char *path, tc_db **out, tc_error *err)
{
    if (!out)
        return null_arg(err, __func__);
    *out = nullptr;
    if (!path)
        return null_arg(err, __func__);
    try {
        std::string id = stub_identity(path);
        *out = new tc_db{Xapian::Database(path), path, id};
        return TC_OK;
    } catch (...) {
        return fail(err, __func__);
    }
}

extern "C" void tc_db_free(tc_db *db)
{
    delete db;
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
        if (!fresh) {
            try {
                ch = db->db.reopen();
            } catch (const Xapian::DatabaseError &) {
                fresh = true;
            }
        }
        if (fresh) {
            db->db = Xapian::Database(db->path);
            db->stub_id = stub_identity(db->path);
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
        return db->db.get_doccount();
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
        *out = db->db.get_termfreq(str(term, len));
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
        return give(db->db.get_document(did).get_data(), data, len, err);
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
        Xapian::PostingIterator p = db->db.postlist_begin(t);
        if (p == db->db.postlist_end(t))
            return tc_error_set(err, TC_ENOTFOUND,
                                "%s: no document has that term", __func__);
        *out = *p;
        return TC_OK;
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
        *out = new tc_termiter{db->db, db->db.allterms_begin(p),
                               db->db.allterms_end(p), std::string(), false,
                               true};
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
        *out = new tc_termiter{db->db, db->db.termlist_begin(did),
                               db->db.termlist_end(did), std::string(), false,
                               false};
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
    opts->value_slots = 0;
}

/* Keeps documents with a "key<TAB>number" line in a slot whose number lies
 * in [lo, hi] (tc_search_opts.range_*). */
class LineRangeDecider : public Xapian::MatchDecider {
    Xapian::valueno slot;
    std::string key;
    double lo, hi;

  public:
    LineRangeDecider(Xapian::valueno s, const std::string &k, double l,
                     double h)
        : slot(s), key(k + "\t"), lo(l), hi(h) {}

    bool operator()(const Xapian::Document &doc) const override
    {
        std::string v = doc.get_value(slot);
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

/* Read the data and every value of each result now, while the revision
 * the match ran on is known to be readable: Xapian 1.4 reads documents
 * lazily and caches nothing (MSet::fetch() would, but it crashes when the
 * offset is not 0), so a later read could meet a revision a writer has
 * since discarded.  Reading through the MSet's own documents works for
 * remote shards too. */
static std::vector<tc_result> snapshot(const Xapian::MSet &ms, bool data,
                                       uint32_t slots, Xapian::doccount skip,
                                       Xapian::doccount take)
{
    size_t n = ms.size() > skip ? ms.size() - skip : 0;
    std::vector<tc_result> docs(n < take ? n : take);
    size_t i = 0;
    for (Xapian::MSetIterator it = ms[skip]; i < docs.size(); ++it, ++i) {
        Xapian::Document doc = it.get_document();
        if (data)
            docs[i].data = doc.get_data();
        if (slots) {
            for (Xapian::valueno s = 0; s < 32; s++)
                if (slots & (1u << s)) {
                    std::string v = doc.get_value(s);
                    if (!v.empty())
                        docs[i].values.emplace(s, std::move(v));
                }
            continue;
        }
        for (Xapian::ValueIterator v = doc.values_begin();
             v != doc.values_end(); ++v)
            docs[i].values.emplace(v.get_valueno(), *v);
    }
    return docs;
}

/* Run the match, reopening db when a writer replaced the revision being
 * read (the Enquire shares db's internals, so it sees the reopen).
 *
 * Xapian 1.4.22 leaves documents out of the top results when check_at_least
 * is larger than the page (seen with AND_MAYBE: get_mset(0, 14, 100) and
 * get_mset(7, 7, 100) both lack docid 1368, which get_mset(0, 14, 0) and
 * get_mset(0, 100, 100) have).  So a page that counts ahead is matched
 * from 0 with as many items as it counts, and our page is cut out of it:
 * *skip items left out, *take kept. */
static Xapian::MSet match(tc_db *db, Xapian::Enquire &enq,
                          const tc_search_opts &o,
                          std::vector<tc_result> &docs,
                          Xapian::doccount *skip, Xapian::doccount *take)
{
    std::unique_ptr<LineRangeDecider> decider;
    if (o.range_slot >= 0 && o.range_key)
        decider.reset(new LineRangeDecider(
            static_cast<Xapian::valueno>(o.range_slot), o.range_key,
            o.range_lo, o.range_hi));
    Xapian::doccount end = o.offset + o.limit;
    bool ahead = o.check_at_least > end;
    *skip = ahead ? o.offset : 0;
    *take = o.limit;
    for (int attempt = 1;; attempt++) {
        try {
            Xapian::MSet ms = ahead
                ? enq.get_mset(0, o.check_at_least, o.check_at_least,
                               nullptr, decider.get())
                : enq.get_mset(o.offset, o.limit, o.check_at_least, nullptr,
                               decider.get());
            docs = snapshot(ms, !o.skip_data, o.value_slots, *skip, *take);
            return ms;
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
        ms = new tc_mset{Xapian::Enquire(db->db), Xapian::MSet(), 0, 0, {}};
        setup_enquire(ms->enq, q->q, o);
        ms->ms = match(db, ms->enq, o, ms->docs, &ms->skip, &ms->take);
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
    if (!ms || ms->ms.size() <= ms->skip)
        return 0;
    Xapian::doccount n = ms->ms.size() - ms->skip;
    return n < ms->take ? n : ms->take;
}

extern "C" uint32_t tc_mset_estimated(const tc_mset *ms)
{
    return ms ? ms->ms.get_matches_estimated() : 0;
}

extern "C" uint32_t tc_mset_lower_bound(const tc_mset *ms)
{
    return ms ? ms->ms.get_matches_lower_bound() : 0;
}

extern "C" uint32_t tc_mset_upper_bound(const tc_mset *ms)
{
    return ms ? ms->ms.get_matches_upper_bound() : 0;
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
        return *ms->ms[i + ms->skip];
    } catch (...) {
        return 0;
    }
}

extern "C" double tc_mset_weight(const tc_mset *ms, uint32_t i)
{
    if (!in_range(ms, i))
        return 0.0;
    try {
        return ms->ms[i + ms->skip].get_weight();
    } catch (...) {
        return 0.0;
    }
}

extern "C" uint32_t tc_mset_collapse_count(const tc_mset *ms, uint32_t i)
{
    if (!in_range(ms, i))
        return 0;
    try {
        return ms->ms[i + ms->skip].get_collapse_count();
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
