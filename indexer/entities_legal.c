/* entities_legal.c: references to legal documents ("số, ký hiệu").
 *
 * A Vietnamese document symbol is its number, maybe its year, then codes
 * for its type and its issuer: "36a/NQ-CP" (Nghị quyết of the Chính phủ),
 * "2977/2013/QĐ-UBND", "58-NQ/TW" (the Party writes number-type/issuer),
 * "45/2019/QH14" (a law: no type code), "123/UBND-KTTC" (a công văn:
 * issuer and department, no type code).  Symbols are found on the raw
 * bytes (their '/' and '-' matter), then read with the tokens around them:
 * the type named before ("Nghị quyết số ..."), the issuer named after
 * ("... của Chính phủ") and the date of issue ("ngày 14/10/2015", which
 * the dates extractor already found and this one claims).
 *
 * A symbol needs letters in its codes, each code starting with a capital,
 * so dates, ratios and phone numbers never match; a candidate inside a
 * URL, and a form's number ("Mẫu số 01/ĐK-TCT"), are skipped. */
#include "entities_int.h"

#include "tracuu/error.h"

#include <string.h>

#define SYMBOL_MAX 80
#define CODE_MAX 16
#define MAX_CODES 5

/* ---- codes ------------------------------------------------------------- */

typedef struct code_name {
    const char *code;   /* lower case, đ kept (the exact form) */
    const char *name;
} code_name;

/* Type codes, matched on the exact form so that HD (Hướng dẫn) and HĐ
 * (Hợp đồng) differ; QD, ND and the like (typed without đ) are listed
 * too. */
static const code_name type_codes[] = {
    {"nq", "Nghị quyết"}, {"qđ", "Quyết định"}, {"qd", "Quyết định"},
    {"ct", "Chỉ thị"}, {"tt", "Thông tư"}, {"ttlt", "Thông tư liên tịch"},
    {"nqlt", "Nghị quyết liên tịch"}, {"nđ", "Nghị định"},
    {"nd", "Nghị định"}, {"kh", "Kế hoạch"}, {"cv", "Công văn"},
    {"tb", "Thông báo"}, {"kl", "Kết luận"}, {"bc", "Báo cáo"},
    {"ttr", "Tờ trình"}, {"hd", "Hướng dẫn"}, {"hđ", "Hợp đồng"},
    {"cđ", "Công điện"}, {"pl", "Pháp lệnh"}, {"qc", "Quy chế"},
    {"đa", "Đề án"}, {"ctr", "Chương trình"}, {"gp", "Giấy phép"},
    {"qyđ", "Quy định"}, {"qyd", "Quy định"}, {"qđi", "Quy định"},
    {"qdi", "Quy định"}, {"ttr", "Tờ trình"}, {"ttri", "Thông tri"},
    {"l", "Lệnh"}, {"lct", "Lệnh"}, {"lt", "Liên tịch"},
    {"bb", "Biên bản"},
    {NULL, NULL}};

/* Issuer codes, folded, trailing digits dropped (QH14 -> qh). */
static const code_name issuer_codes[] = {
    {"cp", "Chính phủ"}, {"ttg", "Thủ tướng Chính phủ"},
    {"qh", "Quốc hội"}, {"ubtvqh", "Ủy ban Thường vụ Quốc hội"},
    {"tw", "Ban Chấp hành Trung ương"}, {"ubnd", "Ủy ban nhân dân"},
    {"hdnd", "Hội đồng nhân dân"}, {"tu", "Tỉnh ủy (Thành ủy)"}, {"thu", "Thành ủy"},
    {"hu", "Huyện ủy"}, {"vpcp", "Văn phòng Chính phủ"},
    {"ctn", "Chủ tịch nước"}, {"btc", "Bộ Tài chính"}, {"byt", "Bộ Y tế"},
    {"bca", "Bộ Công an"}, {"bqp", "Bộ Quốc phòng"},
    {"bng", "Bộ Ngoại giao"}, {"bnv", "Bộ Nội vụ"}, {"btp", "Bộ Tư pháp"},
    {"bct", "Bộ Công Thương"}, {"bxd", "Bộ Xây dựng"},
    {"bgtvt", "Bộ Giao thông vận tải"},
    {"bgddt", "Bộ Giáo dục và Đào tạo"},
    {"btttt", "Bộ Thông tin và Truyền thông"},
    {"bkhcn", "Bộ Khoa học và Công nghệ"},
    {"bkhdt", "Bộ Kế hoạch và Đầu tư"},
    {"bnnptnt", "Bộ Nông nghiệp và Phát triển nông thôn"},
    {"btnmt", "Bộ Tài nguyên và Môi trường"},
    {"bnnmt", "Bộ Nông nghiệp và Môi trường"},
    {"bldtbxh", "Bộ Lao động - Thương binh và Xã hội"},
    {"bvhttdl", "Bộ Văn hóa, Thể thao và Du lịch"},
    {"bdttg", "Bộ Dân tộc và Tôn giáo"},
    {"nhnn", "Ngân hàng Nhà nước Việt Nam"}, {"ubdt", "Ủy ban Dân tộc"},
    {"ttcp", "Thanh tra Chính phủ"}, {"ktnn", "Kiểm toán Nhà nước"},
    {"tandtc", "Tòa án nhân dân tối cao"},
    {"vksndtc", "Viện kiểm sát nhân dân tối cao"},
    {"mttq", "Mặt trận Tổ quốc Việt Nam"},
    {"btgtw", "Ban Tuyên giáo Trung ương"},
    {"btctw", "Ban Tổ chức Trung ương"},
    {"vptw", "Văn phòng Trung ương Đảng"},
    {"hdnn", "Hội đồng Nhà nước"},
    {NULL, NULL}};

static const char *code_lookup(const code_name *t, const char *s, size_t n)
{
    for (; t->code; t++)
        if (strlen(t->code) == n && memcmp(t->code, s, n) == 0)
            return t->name;
    return NULL;
}

/* Folded code with its trailing digits dropped: "qh14" -> "qh". */
static size_t strip_digits(const char *s, size_t n)
{
    while (n > 0 && s[n - 1] >= '0' && s[n - 1] <= '9')
        n--;
    return n;
}

static const char *issuer_name(const char *folded, size_t n)
{
    return code_lookup(issuer_codes, folded, strip_digits(folded, n));
}

int legal_is_known_code(const char *folded, size_t n)
{
    if (issuer_name(folded, n))
        return 1;
    for (const code_name *t = type_codes; t->code; t++) {
        /* compare folded: the table's đ counts as d */
        const char *a = t->code;
        size_t k = 0, ok = 1;
        while (*a && ok) {
            char ch = *a;
            if ((unsigned char)a[0] == 0xC4 && (unsigned char)a[1] == 0x91) {
                ch = 'd';
                a++;
            }
            ok = k < n && folded[k] == ch;
            k++;
            a++;
        }
        if (ok && k == n)
            return 1;
    }
    return 0;
}

/* ---- keys (shared with the query side) ------------------------------------ */

typedef struct part {
    char f[CODE_MAX + 8];     /* folded */
    size_t n;
} part;

typedef struct keyscan {
    part parts[2 + MAX_CODES];
    size_t nparts;
    int spaced;               /* white space between two tokens */
    int bad;
    size_t last_end;
    const char *q;
} keyscan;

static int key_token(void *ctx, const tc_token *t)
{
    keyscan *k = ctx;
    if (k->nparts == sizeof k->parts / sizeof k->parts[0] ||
        t->folded_len > CODE_MAX) {
        k->bad = 1;
        return 1;
    }
    /* what stands between two tokens: spaces, or one '/' or '-' */
    if (k->nparts > 0) {
        size_t seps = 0;
        for (size_t i = k->last_end; i < t->start; i++) {
            char ch = k->q[i];
            if (ch == ' ' || ch == '\t')
                k->spaced = 1;
            else if (ch == '/' || ch == '-' || ch == '&')
                seps++;
            else
                k->bad = 1;
        }
        if (seps > 1)
            k->bad = 1;
    }
    /* a code part: ASCII letters and digits, or đ; no other mark */
    for (size_t i = 0; i < t->exact_len; i++) {
        unsigned char ch = (unsigned char)t->exact[i];
        if (ch == 0xC4 && i + 1 < t->exact_len &&
            (unsigned char)t->exact[i + 1] == 0x91) {
            i++;
            continue;
        }
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
            k->bad = 1;
    }
    part *p = &k->parts[k->nparts++];
    memcpy(p->f, t->folded, t->folded_len);
    p->n = t->folded_len;
    k->last_end = t->end;
    return k->bad;
}

static int all_digits(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int is_year(const part *p)
{
    if (p->n != 4 || !all_digits(p->f, 4))
        return 0;
    int y = (p->f[0] - '0') * 1000 + (p->f[1] - '0') * 100 +
            (p->f[2] - '0') * 10 + (p->f[3] - '0');
    return y >= 1945 && y <= 2099;
}

/* The number part: 1-6 digits, then at most two letters ("36a"). */
static int is_number_part(const part *p)
{
    size_t d = 0;
    while (d < p->n && p->f[d] >= '0' && p->f[d] <= '9')
        d++;
    if (d == 0 || d > 6 || p->n - d > 2)
        return 0;
    for (size_t i = d; i < p->n; i++)
        if (p->f[i] < 'a' || p->f[i] > 'z')
            return 0;
    return 1;
}

static int is_code_part(const part *p)
{
    if (p->n == 0 || p->f[0] < 'a' || p->f[0] > 'z')
        return 0;
    size_t i = 0;
    while (i < p->n && p->f[i] >= 'a' && p->f[i] <= 'z')
        i++;
    return all_digits(p->f + i, p->n - i) || i == p->n;
}

static int put(char *buf, size_t *o, const char *s, size_t n)
{
    if (*o + n + 1 >= TC_LEGALREF_KEY_MAX)
        return -1;
    memcpy(buf + *o, s, n);
    *o += n;
    buf[*o] = '\0';
    return 0;
}

int tc_legalref_query_key(const char *q, size_t len, tc_legalref_keys *out)
{
    keyscan k;
    if (!q || !out)
        return TC_EINVAL;
    memset(out, 0, sizeof *out);
    memset(&k, 0, sizeof k);
    k.q = q;
    if (tc_tokenize(q, len, key_token, &k, NULL) == TC_ENOMEM)
        return TC_ENOMEM;
    if (k.bad || k.nparts < 2 || !is_number_part(&k.parts[0]))
        return TC_ENOTFOUND;
    size_t first = 1;
    int year = 0;
    if (k.nparts > 2 && is_year(&k.parts[1])) {
        year = 1;
        first = 2;
    }
    size_t ncodes = k.nparts - first;
    if (ncodes < 1 || ncodes > MAX_CODES || (ncodes < 2 && !year))
        return TC_ENOTFOUND;
    for (size_t i = first; i < k.nparts; i++)
        if (!is_code_part(&k.parts[i]))
            return TC_ENOTFOUND;
    if (k.spaced && !legal_is_known_code(k.parts[first].f, k.parts[first].n))
        return TC_ENOTFOUND;

    /* the number without leading zeros ("05" -> "5", "0" stays) */
    const part *num = &k.parts[0];
    size_t z = 0;
    while (z + 1 < num->n && num->f[z] == '0' && num->f[z + 1] >= '0' &&
           num->f[z + 1] <= '9')
        z++;
    size_t o = 0, so = 0;
    int rc = put(out->key, &o, num->f + z, num->n - z) |
             put(out->short_key, &so, num->f + z, num->n - z);
    for (size_t i = 1; i < k.nparts && rc == 0; i++) {
        rc |= put(out->key, &o, "/", 1) |
              put(out->key, &o, k.parts[i].f, k.parts[i].n);
        if (year && i == 1)
            continue;
        rc |= put(out->short_key, &so, "/", 1) |
              put(out->short_key, &so, k.parts[i].f, k.parts[i].n);
    }
    if (rc) {
        memset(out, 0, sizeof *out);
        return TC_ENOTFOUND;
    }
    return TC_OK;
}

/* ---- finding symbols ------------------------------------------------------ */

static int ascii_upper(unsigned char ch) { return ch >= 'A' && ch <= 'Z'; }
static int ascii_lower(unsigned char ch) { return ch >= 'a' && ch <= 'z'; }
static int ascii_digit(unsigned char ch) { return ch >= '0' && ch <= '9'; }

/* Đ (U+0110) or đ (U+0111) at s[i]: 2, else 0.  *upper for Đ. */
static int d_bar(const ectx *c, size_t i, int *upper)
{
    const unsigned char *s = (const unsigned char *)c->s;
    if (i + 1 < c->len && s[i] == 0xC4 && (s[i + 1] == 0x90 || s[i + 1] == 0x91)) {
        *upper = s[i + 1] == 0x90;
        return 2;
    }
    return 0;
}

/* A code part at byte i: a capital, letters, then maybe digits
 * ("UBTVQH15").  Returns its end, or i when there is none; *uppers counts
 * its capitals. */
static size_t code_part(const ectx *c, size_t i, int *uppers)
{
    const unsigned char *s = (const unsigned char *)c->s;
    size_t p = i;
    int up, first = 1;
    *uppers = 0;
    while (p < c->len && p - i < CODE_MAX) {
        int n = d_bar(c, p, &up);
        if (n) {
            *uppers += up;
        } else if (ascii_upper(s[p])) {
            up = 1;
            (*uppers)++;
            n = 1;
        } else if (ascii_lower(s[p]) && !first) {
            up = 0;
            n = 1;
        } else {
            break;
        }
        if (first && !up)
            return i;
        first = 0;
        p += (size_t)n;
    }
    while (p < c->len && ascii_digit(s[p]) && p - i < CODE_MAX)
        p++;
    return p;
}

/* A letter, digit or any non-ASCII byte at i: the symbol would go on. */
static int word_byte(const ectx *c, size_t i)
{
    if (i >= c->len)
        return 0;
    return word_char_at(c, i);
}

typedef struct symbol {
    size_t start, end;
    size_t num_end;            /* end of the number part */
    int year;                  /* 0: none */
    size_t code[MAX_CODES][2]; /* byte spans of the code parts */
    int ncodes;
} symbol;

/* The number part at i: digits (thousands dots allowed), at most two
 * letters. */
static size_t number_part(const ectx *c, size_t i)
{
    const unsigned char *s = (const unsigned char *)c->s;
    size_t p = i, nd = 0;
    while (p < c->len && (ascii_digit(s[p]) ||
                          (s[p] == '.' && p + 3 < c->len && p > i &&
                           ascii_digit(s[p + 1]) && ascii_digit(s[p + 2]) &&
                           ascii_digit(s[p + 3])))) {
        nd += s[p] != '.';
        p++;
    }
    if (nd == 0 || nd > 6)
        return i;
    size_t letters = 0;
    while (p < c->len && (ascii_lower(s[p]) || ascii_upper(s[p])) &&
           letters < 3) {
        p++;
        letters++;
    }
    if (letters > 2)
        return i;
    return p;
}

/* A code part's folded form (ASCII lower case, Đ/đ as d) into f. */
static size_t fold_code(const ectx *c, size_t a, size_t b, char *f)
{
    size_t n = 0;
    for (size_t p = a; p < b && n < CODE_MAX; p++) {
        unsigned char ch = (unsigned char)c->s[p];
        if (ch == 0xC4) {
            f[n++] = 'd';
            p++;
        } else {
            f[n++] = (char)(ascii_upper(ch) ? ch + 32 : ch);
        }
    }
    return n;
}

/* A separator written with spaces between two codes ("QĐ - UBND", "TT-
 * BTTTT"): the start of the next code, or p when there is none. */
static size_t spaced_sep(const ectx *c, size_t p)
{
    size_t k = p, seps = 0;
    while (k < c->len && k - p < 5 &&
           (c->s[k] == ' ' || c->s[k] == '-' || c->s[k] == '/'))
        seps += c->s[k++] != ' ';
    return seps == 1 && k - p > 1 ? k : p;
}

static int symbol_at(const ectx *c, size_t i, symbol *sym)
{
    const unsigned char *s = (const unsigned char *)c->s;
    char f[CODE_MAX + 1];
    memset(sym, 0, sizeof *sym);
    size_t p = number_part(c, i);
    if (p == i)
        return 0;
    sym->start = i;
    sym->num_end = p;
    while (sym->ncodes < MAX_CODES && p - i < SYMBOL_MAX) {
        size_t q = p + 1;
        int spaced = 0;
        /* '&' joins two departments' codes ("CTTN&BĐG") */
        int amp = p < c->len && s[p] == '&' && sym->ncodes > 0;
        if (p + 1 >= c->len || (s[p] != '/' && s[p] != '-' && !amp) ||
            s[p + 1] == ' ') {
            q = sym->ncodes ? spaced_sep(c, p) : p;
            if (q == p)
                break;
            spaced = 1;
        }
        if (!spaced && sym->ncodes == 0 && !sym->year && q + 4 <= c->len &&
            ascii_digit(s[q]) && ascii_digit(s[q + 1]) &&
            ascii_digit(s[q + 2]) && ascii_digit(s[q + 3]) &&
            (q + 4 == c->len || s[q + 4] == '/' || s[q + 4] == '-')) {
            int y = (s[q] - '0') * 1000 + (s[q + 1] - '0') * 100 +
                    (s[q + 2] - '0') * 10 + (s[q + 3] - '0');
            if (y < 1945 || y > 2099)
                return 0;
            sym->year = y;
            p = q + 4;
            continue;
        }
        int uppers;
        size_t e = code_part(c, q, &uppers);
        if (e == q)
            break;
        /* spaced: only a known code in capitals ("- UBND"), so that
         * "QĐ - Bộ" or a dash in a sentence never joins */
        if (spaced && (word_byte(c, e) || uppers < 2 ||
                       !legal_is_known_code(f, fold_code(c, q, e, f))))
            break;
        sym->code[sym->ncodes][0] = q;
        sym->code[sym->ncodes][1] = e;
        sym->ncodes++;
        p = e;
    }
    if (word_byte(c, p))
        return 0;   /* "36a/NQ-CPx", "12/UBND-Ư...": not a symbol we know */
    sym->end = p;
    if (sym->ncodes < 1 || (sym->ncodes < 2 && !sym->year))
        return 0;
    /* the first code: two capitals ("UBND", "TTg", "QyĐ"), or a known
     * code */
    int uppers;
    code_part(c, sym->code[0][0], &uppers);
    if (uppers >= 2)
        return 1;
    return legal_is_known_code(f, fold_code(c, sym->code[0][0],
                                            sym->code[0][1], f));
}

/* Is [a, b) inside a URL, an e-mail address or a path? */
static int in_url(const ectx *c, size_t a, size_t b)
{
    size_t lo = a, hi = b;
    while (lo > 0 && a - lo < 256 && !(c->s[lo - 1] == ' ' ||
                                        c->s[lo - 1] == '\n' ||
                                        c->s[lo - 1] == '\t' ||
                                        c->s[lo - 1] == '('))
        lo--;
    while (hi < c->len && hi - b < 256 &&
           !(c->s[hi] == ' ' || c->s[hi] == '\n' || c->s[hi] == '\t' ||
             c->s[hi] == ')'))
        hi++;
    for (size_t k = lo; k + 3 <= hi; k++) {
        if (memcmp(c->s + k, "://", 3) == 0 || c->s[k] == '@' ||
            (k + 4 <= hi && memcmp(c->s + k, "www.", 4) == 0) ||
            (k + 4 <= hi && memcmp(c->s + k, ".vn/", 4) == 0) ||
            (k + 5 <= hi && memcmp(c->s + k, ".com/", 5) == 0) ||
            (k + 5 <= hi && memcmp(c->s + k, ".html", 5) == 0))
            return 1;
    }
    return 0;
}

/* ---- reading the context ------------------------------------------------- */

typedef struct type_phrase {
    const char *folded;
    const char *name;
} type_phrase;

static const type_phrase type_phrases[] = {
    {"nghi quyet lien tich", "Nghị quyết liên tịch"},
    {"thong tu lien tich", "Thông tư liên tịch"},
    {"nghi quyet", "Nghị quyết"}, {"quyet dinh", "Quyết định"},
    {"chi thi", "Chỉ thị"}, {"thong tu", "Thông tư"},
    {"nghi dinh", "Nghị định"}, {"cong van", "Công văn"},
    {"ke hoach", "Kế hoạch"}, {"bo luat", "Bộ luật"}, {"luat", "Luật"},
    {"thong bao", "Thông báo"}, {"ket luan", "Kết luận"},
    {"quy dinh", "Quy định"}, {"to trinh", "Tờ trình"},
    {"bao cao", "Báo cáo"}, {"huong dan", "Hướng dẫn"},
    {"cong dien", "Công điện"}, {"phap lenh", "Pháp lệnh"},
    {"lenh", "Lệnh"}, {"quy che", "Quy chế"}, {"de an", "Đề án"},
    {"chuong trinh", "Chương trình"}, {"giay phep", "Giấy phép"},
    {"thong tri", "Thông tri"}, {"hiep dinh", "Hiệp định"},
    {NULL, NULL}};

/* The type phrase ending at token k: its first token, or (size_t)-1. */
static size_t type_ending(const ectx *c, size_t k, const char **name)
{
    for (const type_phrase *t = type_phrases; t->folded; t++) {
        size_t words = 1;
        for (const char *q = t->folded; *q; q++)
            words += *q == ' ';
        if (k + 1 < words)
            continue;
        size_t first = k + 1 - words;
        if (fphrase_at(c, first, t->folded) == words) {
            *name = t->name;
            return first;
        }
    }
    return (size_t)-1;
}

/* Only white space, markdown and at most one ':' between i-1 and i
 * ("Số:\n87/2025/QĐ-UBND"). */
static int gap_colon(const ectx *c, size_t a, size_t b)
{
    int colons = 0;
    for (size_t k = a; k < b; k++) {
        char ch = c->s[k];
        if (ch == ':')
            colons++;
        else if (!(ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
                   ch == '*'))
            return 0;
    }
    return colons <= 1;
}

/* The type named before the symbol whose first token is t: "Nghị quyết
 * số", "Quyết định", "Luật Tổ chức chính quyền địa phương số". */
static void type_before(ectx *c, size_t t, size_t sym_start, tc_legalref *r)
{
    const char *name;
    if (t == 0 || !gap_colon(c, c->tok[t - 1].end, sym_start))
        return;
    size_t j = t - 1, first;
    int so = tok_fis(c, j, "so");
    if (so) {
        if (j == 0)
            return;
        j--;
        if (!gap_soft(c, j + 1))
            return;
    }
    first = type_ending(c, j, &name);
    /* "Luật Tổ chức chính quyền địa phương số ...": the type, then a name
     * in capitals, then "số" */
    for (size_t back = 1; first == (size_t)-1 && so && back <= 12 && back <= j;
         back++) {
        size_t k = j - back;
        if (!gap_soft(c, k + 1))
            break;
        first = type_ending(c, k, &name);
        if (first != (size_t)-1 && !(c->tok[k + 1].flags & TC_TOK_CAPITAL))
            first = (size_t)-1;
        if (first != (size_t)-1) {
            j = k;
            break;
        }
    }
    if (first == (size_t)-1)
        return;
    r->type = name;
    r->type_span.start = c->tok[first].start;
    r->type_span.end = c->tok[j].end;
    r->flags |= TC_LREF_TYPE_FROM_TEXT;
}

/* Words that end an issuer's name: what the text says next ("của Chính
 * phủ quy định ...", "... về việc"), folded. */
static const char *const issuer_next[] = {
    "ngay", "ve", "quy", "sua", "huong", "ban", "phe", "khoa", "ky", "tai",
    "thong", "giao", "cong", "bai", "thay", "dieu", "trien", "de", "va",
    NULL};

/* An issuer's name that is only a title: not an issuer ("của Bộ trưởng,
 * Chủ nhiệm ..."). */
static const char *const bare_titles[] = {
    "bo truong", "chu tich", "giam doc", "thu truong", "cuc truong",
    "tong cuc truong", "vu truong", "chanh an", "vien truong", NULL};

/* Verbs that start the text after an issuer, in any case ("của Chính
 * phủ Quy định chi tiết ...", "của Ủy ban nhân dân tỉnh ban hành ..."). */
static const char *const issuer_stops[] = {
    "quy dinh", "sua doi", "huong dan", "ban hanh", "phe duyet", "ve viec",
    NULL};

/* Is token i a word of an issuer's name ("của Ủy ban nhân dân tỉnh", "của
 * Bộ Tài chính")? */
static int issuer_word(const ectx *c, size_t i, size_t first)
{
    static const char *const lower[] = {
        "nhân", "dân", "tỉnh", "thành", "phố", "huyện", "xã", "nước", "và",
        "quốc", "hội", "đồng", "ban", "chấp", "hành", "thường", "vụ",
        "trung", "ương", "chính", "phủ", "nhà", "tướng", "trưởng", "tối",
        "cao", "liên", "ngành", NULL};
    if (c->tok[i].flags & TC_TOK_NUMBER)
        return 0;
    for (size_t k = 0; issuer_stops[k]; k++)
        if (fphrase_at(c, i, issuer_stops[k]))
            return 0;
    if (c->tok[i].flags & TC_TOK_CAPITAL)
        return 1;
    if (tok_in(c, i, lower))
        return 1;
    /* the lower-case syllable of a capitalized word: "Tài chính" */
    return i > first && (c->tok[i - 1].flags & TC_TOK_CAPITAL) &&
           !(c->tok[i - 1].flags & TC_TOK_ALLCAPS) && is_office_word(c, i);
}

/* Between two words of an issuer's name: white space, or a dash with
 * spaces before a capital ("Ban Văn hóa - Xã hội"). */
static int issuer_gap(const ectx *c, size_t k)
{
    if (gap_soft(c, k))
        return 1;
    size_t a = c->tok[k - 1].end, b = c->tok[k].start, dashes = 0;
    for (size_t p = a; p < b; p++) {
        if (c->s[p] == '-')
            dashes++;
        else if (c->s[p] != ' ')
            return 0;
    }
    return dashes == 1 && b - a == 3 && (c->tok[k].flags & TC_TOK_CAPITAL);
}

/* "của <issuer>" at token j: the issuer's last token + 1, or j when the
 * phrase is not one (cut short, a bare title, running on). */
static size_t issuer_phrase(const ectx *c, size_t j)
{
    size_t first = j + 1, k = first;
    if (!tok_is(c, j, "của") || first >= c->ntok || !gap_soft(c, first) ||
        !(c->tok[first].flags & TC_TOK_CAPITAL) ||
        (c->tok[first].flags & TC_TOK_NUMBER))
        return j;
    while (k < c->ntok && k - first < 12 && issuer_word(c, k, first) &&
           (k == first || issuer_gap(c, k)) && !tok_is(c, k, "ngày"))
        k++;
    while (k > first + 1 && tok_is(c, k - 1, "và"))
        k--;
    /* what comes next must end a name: punctuation, the end, or a word
     * that starts what the text says next */
    if (k < c->ntok && !(c->tok[k].flags & TC_TOK_BREAK) &&
        !(c->tok[k].flags & TC_TOK_CAPITAL)) {
        size_t n;
        for (n = 0; issuer_next[n]; n++)
            if (tok_fis(c, k, issuer_next[n]))
                break;
        if (!issuer_next[n])
            return j;
    }
    for (size_t n = 0; bare_titles[n]; n++)
        if (fphrase_at(c, first, bare_titles[n]) == k - first)
            return j;
    return k;
}

/* What follows the symbol (first token j): "của <issuer>" and "ngày
 * <date>", in either order. */
static void read_after(ectx *c, size_t j, tc_legalref *r)
{
    for (int step = 0; step < 2 && j < c->ntok; step++) {
        if (!gap_soft(c, j))
            return;
        if (tok_is(c, j, "ngày") && !r->date) {
            tc_date *d = dates_at(c, c->tok[j].start);
            if (!d || d->span.start != c->tok[j].start || !d->year ||
                (d->flags & TC_DATE_MONTH_ONLY))
                return;
            d->flags |= TC_DATE_OF_REF;
            r->date = d->value;
            if (!r->year) {
                r->year = d->year;
                r->flags |= TC_LREF_YEAR_FROM_DATE;
            }
            j = tok_from(c, d->span.end);
            continue;
        }
        if (!(r->flags & TC_LREF_ISSUER_FROM_TEXT)) {
            size_t k = issuer_phrase(c, j);
            if (k == j)
                return;
            char *s = pool_text(c, c->tok[j + 1].start, c->tok[k - 1].end);
            if (!s)
                return;
            r->issuer = s;
            r->flags |= TC_LREF_ISSUER_FROM_TEXT;
            j = k;
            continue;
        }
        return;
    }
}

/* A code in lower case (ASCII; Đ as đ) into low, NUL-terminated; its
 * length. */
static size_t lower_code(const ectx *c, size_t a, size_t b, char *low,
                         size_t cap)
{
    size_t n = 0;
    for (size_t p = a; p < b && n + 3 < cap; p++) {
        unsigned char ch = (unsigned char)c->s[p];
        if (ch == 0xC4 && p + 1 < b) {
            low[n++] = (char)0xC4;
            low[n++] = (char)0x91;
            p++;
        } else {
            low[n++] = (char)(ascii_upper(ch) ? ch + 32 : ch);
        }
    }
    low[n] = '\0';
    return n;
}

/* Is the first code a type code?  Its type, or NULL.  A công văn has no
 * type code (its symbol is number/ISSUER-DEPARTMENT), and CT is also the
 * Cục Thuế's code: as a type (Chỉ thị) it needs a known issuer after it
 * ("16/CT-TTg", not "5106/CT-CS"). */
static const char *type_of_code(const ectx *c, const symbol *sym,
                                const tc_legalref *r)
{
    char low[CODE_MAX * 2 + 4], f[CODE_MAX + 1];
    size_t n = lower_code(c, sym->code[0][0], sym->code[0][1], low,
                          sizeof low);
    const char *t = code_lookup(type_codes, low, n);
    if (!t || (r->flags & TC_LREF_TYPE_FROM_TEXT &&
               strcmp(r->type, "Công văn") == 0))
        return NULL;
    if (n == 2 && memcmp(low, "ct", 2) == 0 &&
        strcmp(r->type, "Chỉ thị") != 0 &&
        (sym->ncodes < 2 ||
         !issuer_name(f, fold_code(c, sym->code[1][0], sym->code[1][1], f))))
        return NULL;
    return t;
}

/* Fill the codes: type and issuer from the symbol's parts. */
static void read_codes(ectx *c, const symbol *sym, tc_legalref *r)
{
    char f[CODE_MAX + 1];
    const char *t = type_of_code(c, sym, r), *name = NULL;
    int i = 0;
    if (t) {
        if (!r->type[0])
            r->type = t;
        r->type_code = pool_copy(c, c->s + sym->code[0][0],
                                 sym->code[0][1] - sym->code[0][0]);
        i = 1;
    }
    if (i < sym->ncodes) {
        size_t a = sym->code[i][0], b = sym->code[i][1];
        r->issuer_code = pool_copy(c, c->s + a, b - a);
        name = issuer_name(f, fold_code(c, a, b, f));
        if (!(r->flags & TC_LREF_ISSUER_FROM_TEXT))
            r->issuer = name ? name : r->issuer_code;
    }
    /* number/ISSUER-DEPARTMENT with no type code: a công văn */
    if (!r->type[0] && !t && !sym->year && sym->ncodes >= 2 && name)
        r->type = "Công văn";
}

/* The number as written, thousands dots dropped. */
static char *number_text(ectx *c, const symbol *sym)
{
    char buf[32];
    size_t n = 0;
    for (size_t p = sym->start; p < sym->num_end && n + 1 < sizeof buf; p++)
        if (c->s[p] != '.')
            buf[n++] = c->s[p];
    return pool_copy(c, buf, n);
}

static void add_ref(ectx *c, size_t t, const symbol *sym)
{
    tc_legalref_keys keys;
    if (tc_legalref_query_key(c->s + sym->start, sym->end - sym->start,
                              &keys) != TC_OK)
        return;
    size_t last = tok_from(c, sym->end);
    for (size_t k = t; k < last; k++)
        c->mark[k] |= MARK_LEGAL;
    tc_legalref *r = add_record(c, TC_ENT_LEGALREF);
    if (!r)
        return;
    r->span.start = sym->start;
    r->span.end = sym->end;
    r->type = r->type_code = r->issuer = r->issuer_code = "";
    r->text = pool_text(c, sym->start, sym->end);
    r->key = pool_copy(c, keys.key, strlen(keys.key));
    r->short_key = pool_copy(c, keys.short_key, strlen(keys.short_key));
    r->number = number_text(c, sym);
    r->year = sym->year;
    type_before(c, t, sym->start, r);
    read_after(c, last, r);
    read_codes(c, sym, r);
    if (!r->text || !r->key || !r->short_key || !r->number ||
        !r->type_code || !r->issuer_code || !r->issuer)
        c->oom = 1;
}

/* Is the symbol at token t a form's number ("Mẫu số 01/ĐK-TCT", "Biểu
 * 02/TK-TNCN"), not a document's? */
static int form_number(const ectx *c, size_t t)
{
    size_t j = t;
    if (j > 0 && tok_fis(c, j - 1, "so"))
        j--;
    return j > 0 && (tok_fis(c, j - 1, "mau") || tok_fis(c, j - 1, "bieu"));
}

void legal_extract(ectx *c)
{
    for (size_t t = 0; t < c->ntok && !c->oom; t++) {
        if (!(c->tok[t].flags & TC_TOK_NUMBER))
            continue;
        size_t i = c->tok[t].start;
        char prev = i ? c->s[i - 1] : ' ';
        /* "/123/QĐ-UBND" in a path, "v1.2-RC" */
        if (prev != 0 && strchr("/.-_=&?#%@\\~+", prev))
            continue;
        symbol sym;
        if (!symbol_at(c, i, &sym) || in_url(c, sym.start, sym.end) ||
            form_number(c, t))
            continue;
        add_ref(c, t, &sym);
        t = tok_from(c, sym.end) - 1;
    }
}
