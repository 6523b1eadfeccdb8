/* terms.c: the term scheme (terms.h, docs/termprefixes.md) in code.
 *
 * tc_terms_index_field() turns one field's tokens into Xapian terms: the
 * folded syllable with its position, the exact form (diacritics kept, tone
 * placement normalized) and the bigram of each pair of adjacent syllables.
 * The query side builds the same terms with tc_term_make() and
 * tc_term_bigram(), so index and query always agree. */
#include "tracuu/terms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t tc_term_make(char *buf, size_t cap, const char *prefix, const char *s,
                    size_t len)
{
    size_t plen = strlen(prefix);
    if (plen + len > TC_TERM_MAX || plen + len + 1 > cap)
        return 0;
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, s, len);
    buf[plen + len] = '\0';
    return plen + len;
}

static size_t pair_term(char *buf, size_t cap, const char *prefix,
                        const char *a, size_t alen, const char *b,
                        size_t blen)
{
    size_t plen = strlen(prefix);
    size_t n = plen + alen + 1 + blen;
    if (n > TC_TERM_MAX || n + 1 > cap)
        return 0;
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, a, alen);
    buf[plen + alen] = TC_BIGRAM_JOIN;
    memcpy(buf + plen + alen + 1, b, blen);
    buf[n] = '\0';
    return n;
}

size_t tc_term_bigram(char *buf, size_t cap, const char *a, size_t alen,
                      const char *b, size_t blen)
{
    return pair_term(buf, cap, TC_PREFIX_BIGRAM, a, alen, b, blen);
}

size_t tc_term_pair(char *buf, size_t cap, const char *ea, size_t ealen,
                    const char *fa, size_t falen, const char *eb,
                    size_t eblen, const char *fb, size_t fblen)
{
    int same = ealen == falen && memcmp(ea, fa, falen) == 0 &&
               eblen == fblen && memcmp(eb, fb, fblen) == 0;
    return same ? pair_term(buf, cap, TC_PREFIX_BIGRAM, fa, falen, fb, fblen)
                : pair_term(buf, cap, TC_PREFIX_EXACT_BIGRAM, ea, ealen, eb,
                            eblen);
}

typedef struct field_state {
    tc_xdoc *doc;
    enum tc_field field;
    uint32_t pos;
    char prev[TC_TERM_MAX + 1];  /* folded form of the previous token */
    size_t prev_len;             /* 0: no previous token */
    char prev_exact[TC_TERM_MAX + 1];  /* its exact form */
    size_t prev_elen;
    tc_terms_stats *stats;
    int rc;
} field_state;

static int add_token(void *ctx, const tc_token *tok)
{
    field_state *st = ctx;
    char term[TC_TERM_MAX + 1];
    size_t n;
    int rc = TC_OK;
    uint32_t pos = ++st->pos;

    rc = tc_xdoc_add_posting(st->doc, tok->folded, tok->folded_len, pos, 1);
    if (rc == TC_OK && (tok->flags & TC_TOK_PERCENT))   /* "12,5%" also "12,5" */
        rc = tc_xdoc_add_posting(st->doc, tok->folded, tok->folded_len - 1,
                                 pos, 1);
    if (rc == TC_OK && !(tok->flags & TC_TOK_NUMBER) &&
        (n = tc_term_make(term, sizeof term, TC_PREFIX_EXACT, tok->exact,
                          tok->exact_len)))
        rc = tc_xdoc_add_term(st->doc, term, n, 1);
    if (rc == TC_OK && st->field == TC_FIELD_TITLE &&
        (n = tc_term_make(term, sizeof term, TC_PREFIX_TITLE, tok->folded,
                          tok->folded_len)))
        rc = tc_xdoc_add_posting(st->doc, term, n, pos, 1);
    if (rc == TC_OK && st->prev_len && !(tok->flags & TC_TOK_BREAK) &&
        (n = tc_term_bigram(term, sizeof term, st->prev, st->prev_len,
                            tok->folded, tok->folded_len)))
        rc = tc_xdoc_add_term(st->doc, term, n, 1);
    /* the pair as written, when it says more than the folded one */
    if (rc == TC_OK && st->prev_len && !(tok->flags & TC_TOK_BREAK) &&
        (n = tc_term_pair(term, sizeof term, st->prev_exact, st->prev_elen,
                          st->prev, st->prev_len, tok->exact, tok->exact_len,
                          tok->folded, tok->folded_len)) &&
        memcmp(term, TC_PREFIX_EXACT_BIGRAM,
               sizeof TC_PREFIX_EXACT_BIGRAM - 1) == 0)
        rc = tc_xdoc_add_term(st->doc, term, n, 1);
    if (rc != TC_OK) {
        st->rc = rc;
        return rc;
    }
    if (st->stats) {
        st->stats->postings++;
        if (st->stats->minhash)
            tc_minhash_add(st->stats->minhash, tok->folded, tok->folded_len);
    }
    st->prev_len = tok->folded_len <= TC_TERM_MAX ? tok->folded_len : 0;
    memcpy(st->prev, tok->folded, st->prev_len);
    st->prev_elen = tok->exact_len <= TC_TERM_MAX ? tok->exact_len : 0;
    memcpy(st->prev_exact, tok->exact, st->prev_elen);
    if (!st->prev_elen)
        st->prev_len = 0;
    return 0;
}

int tc_terms_index_field(tc_xdoc *doc, enum tc_field field, const char *text,
                         size_t len, uint32_t *pos, tc_terms_stats *stats)
{
    field_state st;
    st.doc = doc;
    st.field = field;
    st.pos = *pos;
    st.prev_len = 0;
    st.stats = stats;
    st.rc = TC_OK;
    int rc = tc_tokenize(text, len, add_token, &st,
                         stats ? &stats->tok : NULL);
    *pos = st.pos + TC_FIELD_GAP;
    return st.rc != TC_OK ? st.rc : rc;
}

size_t tc_term_hex(char *buf, size_t cap, const char *prefix, uint64_t key)
{
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)key);
    return tc_term_make(buf, cap, prefix, hex, 16);
}

/* The boolean term prefix + key (tc_term_hex). */
static int add_key_term(tc_xdoc *x, const char *prefix, uint64_t key)
{
    char term[32];
    size_t n = tc_term_hex(term, sizeof term, prefix, key);
    return tc_xdoc_add_boolean_term(x, term, n);
}

/* bp's terms and value. */
static int add_boiler(tc_xdoc *x, const tc_boiler_doc *bp)
{
    int rc = add_key_term(x, TC_PREFIX_SOURCE, bp->source);
    for (size_t i = 0; rc == TC_OK && i < bp->nlines; i++)
        rc = add_key_term(x, TC_PREFIX_LINE, bp->lines[i]);
    if (rc == TC_OK && bp->nspans) {
        char *v = tc_spans_format(bp->spans, bp->nspans);
        rc = v ? tc_xdoc_set_value(x, TC_SLOT_BOILER, v, strlen(v))
               : TC_ENOMEM;
        free(v);
    }
    return rc;
}

int tc_terms_make_doc(const tc_doc *d, const char *record, size_t record_len,
                      const char *hash16, const tc_boiler_doc *bp,
                      tc_minhash *mh, tc_xdoc **out)
{
    char idterm[TC_TERM_MAX + 1];
    uint32_t pos = 0;
    size_t idlen = tc_term_make(idterm, sizeof idterm, TC_PREFIX_ID, d->id,
                                strlen(d->id));
    tc_terms_stats bst;
    *out = NULL;
    if (idlen == 0)
        return TC_EINVAL;
    /* the document as indexed: its boilerplate blanked */
    tc_doc kept = *d;
    char *blanked = NULL;
    if (bp && bp->nspans && d->body) {
        if (!(blanked = tc_boiler_blank(d->body, d->body_len, bp->spans,
                                        bp->nspans)))
            return TC_ENOMEM;
        kept.body = blanked;
    }
    tc_xdoc *x = tc_xdoc_new();
    if (!x) {
        free(blanked);
        return TC_ENOMEM;
    }
    memset(&bst, 0, sizeof bst);
    bst.minhash = mh;
    if (mh)
        tc_minhash_init(mh);
    int rc = tc_xdoc_set_data(x, record, record_len);
    if (rc == TC_OK && d->title)
        rc = tc_terms_index_field(x, TC_FIELD_TITLE, d->title,
                                  strlen(d->title), &pos, NULL);
    if (rc == TC_OK && kept.body)
        rc = tc_terms_index_field(x, TC_FIELD_BODY, kept.body, d->body_len,
                                  &pos, &bst);
    if (rc == TC_OK)
        rc = tc_xdoc_add_boolean_term(x, idterm, idlen);
    if (rc == TC_OK)
        rc = tc_xdoc_set_value(x, TC_SLOT_HASH, hash16, 16);
    if (rc == TC_OK)
        rc = tc_xdoc_set_value(x, TC_SLOT_ID, d->id, strlen(d->id));
    if (rc == TC_OK && d->date && *d->date)
        rc = tc_xdoc_set_value(x, TC_SLOT_DATE, d->date, strlen(d->date));
    if (rc == TC_OK)
        rc = tc_terms_add_entities(x, &kept);
    if (rc == TC_OK && bp)
        rc = add_boiler(x, bp);
    free(blanked);
    if (rc != TC_OK) {
        tc_xdoc_free(x);
        return rc;
    }
    *out = x;
    return TC_OK;
}

int tc_terms_set_cluster(tc_xdoc *x, const char *id, const tc_minhash *mh,
                         const char *cluster)
{
    char *sig = tc_dedup_format(mh, id, cluster);
    if (!sig)
        return TC_ENOMEM;
    int rc = tc_xdoc_set_value(x, TC_SLOT_DUP, cluster, strlen(cluster));
    if (rc == TC_OK)
        rc = tc_xdoc_set_value(x, TC_SLOT_SIG, sig, strlen(sig));
    free(sig);
    return rc;
}
