/* answers.h: questions about a figure, and the figures that answer them.
 *
 * "doanh thu toàn ngành bao nhiêu", "bao nhieu thue bao internet", "mật
 * độ điện thoại là bao nhiêu", "có mấy tập thể được khen": a query with a
 * question word (bao nhiêu, mấy, số lượng, how many / how much) asks for
 * a figure.  tc_question_parse() finds the question words and gives the
 * query without them (the subject: what the documents are searched for),
 * the subject's words, a year ("năm 2020") and a hint that a share or
 * a rate is asked for ("bao nhiêu phần trăm", "tỷ lệ", "mật độ").
 *
 * tc_answers_add_text() re-extracts the figures of one document's text
 * (entities.h) and keeps those whose sentence speaks of the subject,
 * scored by how near the subject's words stand to the figure (the words
 * just before it, its clause, its sentence), whether its unit is one the
 * question names, and the year; tc_answers_json() gives the best few,
 * each with the sentence it stands in.  Environment-free (no Xapian):
 * search.c hands it the records it reads for the first page's snippets
 * (the best TC_ANSWER_DOCS of them), so answers cost no match and no
 * record read of their own.
 *
 * Precision first: every content word of the subject must be in the
 * figure's sentence or in the document's title, one of them in the
 * figure's own clause (or its unit must be one the question names), a
 * year asked for must be the sentence's or its paragraph's; when some
 * figure has a unit the question names, figures of other units are not
 * answers.  What is not said near a figure is not guessed. */
#ifndef TRACUU_ANSWERS_H
#define TRACUU_ANSWERS_H

#include <stddef.h>

#include <jansson.h>

#include "tracuu/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_ANSWER_MAX 3        /* answers given */
#define TC_ANSWER_DOCS 10      /* best documents whose figures are read */
#define TC_QUESTION_MAX_WORDS 16
/* Bytes of a sentence shown either side of its figure. */
#define TC_ANSWER_SENTENCE_SIDE 240

/* One word of the subject: folded form, and the exact form when it was
 * typed with diacritics (matched as typed then: "thu" vs "thư"). */
typedef struct tc_qword {
    char *folded;
    char *exact;           /* NULL when typed without diacritics */
    int content;           /* 0 for a function word (là, có, của, đạt...) */
} tc_qword;

typedef struct tc_question {
    char *subject;         /* the query without its question words
                            * (malloc'd, NUL-terminated) */
    size_t subject_len;
    tc_qword words[TC_QUESTION_MAX_WORDS]; /* the subject's words, in order
                            * (the year and its "năm" left out) */
    size_t nwords;
    int year;              /* "năm 2020", "2020": 0 when none */
    int share;             /* asks for a share or a rate: "phần trăm",
                            * "tỷ lệ", "mật độ", "%"; a figure in % or per
                            * something ("máy/100 dân") has the unit asked
                            * for */
} tc_question;

/* Whether q[0..len) (valid UTF-8) asks for a figure: TC_OK, with *out
 * filled (free with tc_question_clear) and out->subject NULL when it does
 * not, or when nothing is left once the question words are gone ("bao
 * nhiêu"); TC_ENOMEM.  Question words inside quotes or right after a
 * field name ("title:mấy") are left alone.  A "?" alone does not make a
 * question about a figure ("Nghị quyết 36a là gì?"). */
int tc_question_parse(const char *q, size_t len, tc_question *out);
void tc_question_clear(tc_question *q);

/* The candidates of one question (opaque), gathered document by
 * document. */
typedef struct tc_answer_set tc_answer_set;

tc_answer_set *tc_answer_set_new(const tc_question *q);
void tc_answer_set_free(tc_answer_set *s);

/* The document's identity, as the answers show it.  Copied. */
typedef struct tc_answer_doc {
    const char *id, *title, *url, *date;
} tc_answer_doc;

/* Score the figures of text[0..len) (any bytes) against the set's
 * question and keep those that answer it.  Documents are added best
 * first: of equal scores the earlier document wins.  TC_OK or
 * TC_ENOMEM. */
int tc_answers_add_text(tc_answer_set *s, const tc_answer_doc *doc,
                        const char *text, size_t len);

/* The best answers (at most TC_ANSWER_MAX): a new JSON array of
 * {"figure", "value", "unit", "sentence", "sentence_html", "id", "title",
 * "url", "date", "score"}, or JSON null when nothing answers; NULL when
 * out of memory.  sentence_html is HTML-escaped with <b>...</b> around
 * the figure. */
json_t *tc_answers_json(const tc_answer_set *s);

#ifdef __cplusplus
}
#endif

#endif
