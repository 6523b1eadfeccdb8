/* feeds.h: search results as OpenSearch 1.1 documents for portals.
 *
 * Pure functions from results (search.h) to text: the OpenSearch
 * description document, Atom and RSS 2.0 result feeds with the OpenSearch
 * response elements, and the OpenSearch suggestions JSON.  No I/O and no
 * HTTP here: the server (server.c) serves what these return.
 *
 * Every output is well-formed whatever the documents hold: XML is written
 * through libxml2's xmlTextWriter (escaping done there), characters XML 1.0
 * does not allow (control characters, unpaired surrogates, U+FFFE/U+FFFF)
 * are dropped first, and the snippet's <mark> highlighting is carried as
 * escaped HTML in the entry's summary/description. */
#ifndef TRACUU_FEEDS_H
#define TRACUU_FEEDS_H

#include <stddef.h>

#include "search.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The server's public address and names, used in links and templates. */
typedef struct tc_feed_site {
    const char *base_url;      /* "http://127.0.0.1:8080", no trailing / */
    const char *short_name;    /* OpenSearch ShortName (<= 16 chars) */
    const char *description;   /* OpenSearch Description */
} tc_feed_site;

/* The OpenSearch description document (application/opensearchdescription
 * +xml): ShortName, Description, InputEncoding UTF-8, Language vi, and Url
 * templates for text/html (/?q=), application/atom+xml (/search.atom),
 * application/rss+xml (/search.rss), application/json (/api/search) and
 * application/x-suggestions+json (/api/suggest), with {searchTerms},
 * {count?} and {startIndex?}.  *out is malloc'd; TC_OK or TC_ENOMEM. */
int tc_feed_opensearch(const tc_feed_site *site, char **out, size_t *len);

/* Results as an Atom feed (application/atom+xml) with
 * opensearch:totalResults, startIndex, itemsPerPage and a
 * <opensearch:Query role="request" searchTerms=...>; each entry has
 * title, link (the document's url, else /api/doc/{id}), id, updated (the
 * document's date when it has one), and the snippet as HTML summary. */
int tc_feed_atom(const tc_feed_site *site, const tc_results *r, char **out,
                 size_t *len);

/* The same as RSS 2.0 (application/rss+xml). */
int tc_feed_rss(const tc_feed_site *site, const tc_results *r, char **out,
                size_t *len);

/* OpenSearch suggestions (application/x-suggestions+json):
 * ["query", ["completion", ...], ["description", ...], ["url", ...]].
 * descriptions and urls may be NULL (then empty strings are written). */
int tc_feed_suggestions(const char *query, const char *const *completions,
                        const char *const *descriptions,
                        const char *const *urls, size_t n, char **out,
                        size_t *len);

#ifdef __cplusplus
}
#endif

#endif
