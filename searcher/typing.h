/* typing.h: a word typed with a Vietnamese input method's keys but without
 * the input method ("vieejt", "vie6t5") read as the syllable it spells
 * ("việt").
 *
 * tc_telex_to_vi() and tc_vni_to_vi() replay the keys as an input method
 * (Unikey's Telex and VNI) would, key by key: tone keys anywhere after the
 * first vowel (Telex s f r x j, VNI 1-5; z and 0 remove the tone), the
 * vowel keys (Telex aa ee oo aw ow uw w, and uow for ươ; VNI 6 7 8), đ
 * (Telex dd, VNI d9), a key pressed twice undoes itself and is typed
 * ("ass" -> "as", "ddd" -> "dd"), and the case of each letter is kept.
 * The tone is then put where analysis.c's normaliser puts it (the
 * placement the index's exact forms have).
 *
 * tc_vi_syllable_valid() says whether a word is one Vietnamese syllable:
 * a legal onset, a legal rhyme (tables of both), an onset that may stand
 * before that rhyme (k, gh, ngh before i e ê; c, g, ng not), at most one
 * tone, and a rhyme closed by p t c ch carrying only sắc or nặng.  English
 * words nearly never are ("deadline", "online"); short ones may be ("test"
 * in Telex is "tét"), which is why the query side also asks the index
 * (query.h).
 *
 * Pure functions: no allocation but utf8proc's, no state, thread-safe.
 * Only the query side uses them: the index never holds converted words,
 * so this is searcher code, not part of the analysis library (which
 * defines what the index holds). */
#ifndef TRACUU_TYPING_H
#define TRACUU_TYPING_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest word converted, in bytes of input: a syllable typed with all its
 * keys is at most about 12. */
#define TC_TYPING_MAX_IN 24

/* Output buffers of this size always suffice. */
#define TC_TYPING_MAX_OUT (4 * TC_TYPING_MAX_IN + 1)

/* Replay s[0..len) as Telex (ASCII letters only) or VNI (ASCII letters and
 * digits, starting with a letter) keys; the word it gives, NFC UTF-8, in
 * out (NUL-terminated).  Returns its length, or 0 when s is not such a
 * word (other characters, empty, longer than TC_TYPING_MAX_IN) or out is
 * too small.  A word none of whose keys does anything comes back as it
 * was. */
size_t tc_telex_to_vi(const char *s, size_t len, char *out, size_t cap);
size_t tc_vni_to_vi(const char *s, size_t len, char *out, size_t cap);

/* 1 when s[0..len) (UTF-8, any case, NFC or NFD, either tone placement)
 * is one valid Vietnamese syllable, else 0. */
int tc_vi_syllable_valid(const char *s, size_t len);

/* The syllable a word typed in Telex (a word with a digit: VNI) spells,
 * in out: its length when it is a valid syllable that differs from the
 * word as typed, else 0.  A word of fewer than three keys ("a1", "as") or
 * with two tones ("u23") is taken as typed: a code or a word more often
 * than a slip. */
size_t tc_typing_syllable(const char *s, size_t len, char *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
