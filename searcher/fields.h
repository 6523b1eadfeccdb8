/* fields.h: the query's field syntax for entities, and the boosts a plain
 * query gets when it names one.
 *
 *   title:word, tiêu đề:          title words (the parser's own business)
 *   official:"Lê Anh Tuấn", cán bộ:   an official (XO)
 *   doc:36a/NQ-CP, văn bản:, số hiệu:  a legal reference (XD), however
 *                                      typed: "36a nq cp", QD for QĐ
 *   type:"nghị quyết", loại:          the type of a reference (XK)
 *   place:"Thanh Hóa", tỉnh:          one of the document's main places (XP)
 *   date:2018, date:2018..2020, date:2018-01-01..2018-06-30, ngày:
 *                                     the document's day (TC_SLOT_DAY)
 *   figure:"thuê bao", số liệu:       a figure with that unit (XF); a range
 *                                     right after it, figure:"thuê bao">1000000,
 *                                     is read by the parser (query.h)
 *
 * Field names are matched folded ("van ban:" is "văn bản:").  The terms
 * come from the same functions the indexer uses (terms.h, entities.h). */
#ifndef TRACUU_FIELDS_H
#define TRACUU_FIELDS_H

#include <stddef.h>

#include "tracuu/xapian.h"

#ifdef __cplusplus
extern "C" {
#endif

enum tc_field_kind {
    TC_FIELD_WORDS,     /* words with a term prefix (title:) */
    TC_FIELD_KEY,       /* the value folded is the key of one term */
    TC_FIELD_DOCREF,    /* a legal reference key */
    TC_FIELD_PLACE,     /* a province or city, by any of its names */
    TC_FIELD_DATE       /* a day, month or year, or a range of them */
};

typedef struct tc_query_field {
    const char *name;   /* folded, as matched */
    const char *prefix; /* the term prefix; "" for dates */
    enum tc_field_kind kind;
} tc_query_field;

/* The field named at s[0..len) ("official:", "văn bản:"): the name and
 * its colon take *consumed bytes.  NULL when s does not start with one. */
const tc_query_field *tc_query_field_at(const char *s, size_t len,
                                        size_t *consumed);

/* The query of an entity field (not TC_FIELD_WORDS) for value[0..len):
 * one term, or a range of days.  A value that cannot be read (not a date,
 * not a reference) matches nothing.  NULL when out of memory. */
tc_xquery *tc_query_field_value(const tc_query_field *f, const char *value,
                                size_t len);

/* The days a date value covers: "2018" is [20180000, 20189999],
 * "2018-03..2018-06-30" [20180300, 20180630], "..2019" [0, 20199999].
 * Returns 0 and fills lo/hi (8 digits and NUL each) or -1 when unread. */
int tc_date_range(const char *s, size_t len, char lo[9], char hi[9]);

/* The query of the field called name (as in the table: "official",
 * "doc", "type", "place", "date", ...) for value[0..len); NULL when out of
 * memory or when name is no entity field. */
tc_xquery *tc_query_filter(const char *name, const char *value, size_t len);

/* The extra weight a plain query gets when, as a whole, it is a legal
 * reference ("36a/NQ-CP", "36a nq cp") or reads as a person's name of 2 to
 * 4 words ("le anh tuan"): the documents that mention it come first.
 * A new query for AND_MAYBE; NULL when it is neither (or memory ran out:
 * the boost is then left out). */
tc_xquery *tc_query_entity_boost(const char *q, size_t len);

#ifdef __cplusplus
}
#endif

#endif
