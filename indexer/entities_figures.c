/* entities_figures.c: numbers with their units, as Vietnamese writes them.
 *
 * "3.550 tỷ đồng", "1.800.000 thuê bao", "80,87 máy/100 dân", "94,3%",
 * "2 triệu USD", "800.000đ".  A dot groups thousands and a comma marks
 * decimals (a lone dot before one or two digits is read as a decimal
 * point, as some sites write "3.5 tỷ"); a multiplier word (nghìn, ngàn,
 * triệu, tỷ, and products: "nghìn tỷ") scales the value, and the unit
 * after it is kept.  A unit is one of a fixed list (units[] below); a
 * number with no listed unit is not a figure, since Vietnamese puts many
 * nouns after numbers that are not units.
 *
 * Not figures: numbers of dates and legal references (their tokens are
 * marked by the extractors before), years and ordinals (a number after
 * "năm", "thứ", "số", "Điều", "lần thứ", "lớp", ... see not_after[]),
 * numbers glued to letters or joiners ("COVID-19", "Mega 6/45", "4G"),
 * phone numbers (a leading 0 and eight digits or more), and dotted runs
 * that are not groupings ("0237.3852.466").
 *
 * A ratio "1.634/1.733 thôn" is one figure: value 1634, total 1733, unit
 * "thôn" (TC_FIG_RATIO); "a/b" with no unit after, with a greater than b,
 * or right after a capitalized word ("Mega 6/45") is skipped. */
#include "entities_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- word lists ------------------------------------------------------- */

typedef struct unit_def {
    const char *exact;      /* words as tokens' exact forms */
    const char *as;         /* the unit to record, NULL: the same */
} unit_def;

/* The folded form of the spellings units are recorded as (the "as" of
 * unit_def). */
static const char *fold_as(const char *as)
{
    return strcmp(as, "đồng") == 0 ? "dong" : as;
}

static const unit_def units[] = {
    /* money */
    {"đồng", NULL}, {"usd", NULL}, {"đô la mỹ", "usd"}, {"đô la", "usd"},
    {"euro", NULL}, {"eur", "euro"}, {"yên", NULL}, {"nhân dân tệ", NULL},
    {"vnđ", "đồng"}, {"vnd", "đồng"},
    /* people and organisations */
    {"người", NULL}, {"lượt người", NULL}, {"lượt khách", NULL},
    {"hành khách", NULL},
    {"lượt", NULL}, {"khách", NULL}, {"du khách", NULL}, {"hộ dân", NULL},
    {"hộ gia đình", NULL}, {"hộ nghèo", NULL}, {"hộ", NULL},
    {"gia đình", NULL}, {"nhân khẩu", NULL}, {"lao động", NULL},
    {"công nhân", NULL}, {"học sinh", NULL}, {"sinh viên", NULL},
    {"giáo viên", NULL}, {"bệnh nhân", NULL}, {"ca mắc", NULL},
    {"ca", NULL}, {"trường hợp", NULL}, {"đối tượng", NULL},
    {"cán bộ", NULL}, {"công chức", NULL}, {"viên chức", NULL},
    {"đảng viên", NULL}, {"đại biểu", NULL}, {"thành viên", NULL},
    {"hội viên", NULL}, {"đoàn viên", NULL}, {"vận động viên", NULL},
    {"doanh nghiệp", NULL}, {"hợp tác xã", NULL}, {"cơ sở", NULL},
    {"đơn vị", NULL}, {"cơ quan", NULL}, {"tổ chức", NULL},
    {"tập thể", NULL}, {"cá nhân", NULL}, {"xã", NULL}, {"phường", NULL},
    {"thị trấn", NULL}, {"huyện", NULL}, {"tỉnh", NULL}, {"thôn", NULL},
    {"bản", NULL}, {"làng", NULL}, {"trường", NULL}, {"bệnh viện", NULL},
    {"trạm y tế", NULL}, {"trạm", NULL}, {"điểm bưu điện", NULL},
    {"quốc gia", NULL},
    /* work and things */
    {"dự án", NULL}, {"công trình", NULL}, {"văn bản", NULL},
    {"hồ sơ", NULL}, {"thủ tục hành chính", NULL}, {"thủ tục", NULL},
    {"dịch vụ công", NULL}, {"dịch vụ", NULL}, {"vị trí", NULL},
    {"trang", NULL}, {"tin bài", NULL}, {"tin", NULL}, {"bài", NULL},
    {"ảnh", NULL}, {"chương trình", NULL}, {"cuộc", NULL}, {"buổi", NULL},
    {"lớp", NULL}, {"đợt", NULL}, {"lần", NULL}, {"vụ việc", NULL},
    {"vụ án", NULL}, {"vụ", NULL}, {"sản phẩm", NULL}, {"mặt hàng", NULL},
    {"thuê bao", NULL}, {"máy tính", NULL}, {"máy", NULL},
    {"điện thoại", NULL}, {"xe", NULL}, {"ô tô", NULL}, {"chiếc", NULL},
    {"tàu", NULL}, {"căn hộ", NULL}, {"căn", NULL}, {"ngôi nhà", NULL},
    {"con", NULL}, {"cây", NULL}, {"tờ", NULL}, {"cuốn", NULL},
    {"đầu sách", NULL}, {"giường bệnh", NULL}, {"giường", NULL},
    {"phòng", NULL}, {"điểm", NULL}, {"bàn thắng", NULL}, {"bàn", NULL},
    {"huy chương", NULL}, {"nước", NULL}, {"trạm bts", NULL},
    {"sự kiện", NULL}, {"tác phẩm", NULL}, {"câu", NULL},
    /* measures */
    {"km2", NULL}, {"km", NULL}, {"m2", NULL}, {"m3", NULL}, {"m", NULL},
    {"mét", NULL}, {"ha", NULL}, {"héc ta", "ha"}, {"hécta", "ha"},
    {"tấn", NULL}, {"kg", NULL}, {"tạ", NULL}, {"lít", NULL},
    {"mw", NULL}, {"kw", NULL}, {"kwh", NULL}, {"gb", NULL},
    {"mbps", NULL}, {"mhz", NULL}, {"cm", NULL}, {"mm", NULL},
    {"giờ", NULL}, {"phút", NULL}, {"giây", NULL}, {"ngày", NULL},
    {"tháng", NULL}, {"năm", NULL}, {"tuần", NULL}, {"tuổi", NULL},
    {"độ", NULL}, {"độ c", NULL},
    {NULL, NULL}};

/* Units written glued to the number ("800.000đ", "3,5km"), lower case. */
static const unit_def glued[] = {
    {"đ", "đồng"}, {"km", NULL}, {"km2", NULL}, {"m", NULL}, {"m2", NULL},
    {"m3", NULL}, {"kg", NULL}, {"ha", NULL}, {"mw", NULL}, {"kw", NULL},
    {"kwh", NULL}, {"gb", NULL}, {"mb", NULL}, {"cm", NULL}, {"mm", NULL},
    {"usd", NULL}, {NULL, NULL}};

/* Denominators of a rate: "máy/100 dân", "đồng/kg", "người/km2". */
static const char *const per_words[] = {
    "dân", "người", "ngày", "tháng", "năm", "tuần", "giờ", "kg", "tấn",
    "lít", "ha", "km2", "m2", "km", "hộ", "học sinh", "lớp", "xã",
    "thôn", "con", "người dân", "ca", "lượt", "lượng", "chỉ", "m2", "m3",
    NULL};

typedef struct mult {
    const char *exact;
    double scale;
} mult;

static const mult mults[] = {
    {"nghìn", 1e3}, {"ngàn", 1e3}, {"triệu", 1e6}, {"tỷ", 1e9}, {"tỉ", 1e9},
    {NULL, 0}};

/* A number right after these is an ordinal, a year, a label or a time. */
static const char *const not_after[] = {
    "năm", "thứ", "số", "điều", "khoản", "điểm", "chương", "mục", "phần",
    "khóa", "kỳ", "quý", "tháng", "ngày", "tuần", "lúc", "phòng", "tầng",
    "lô", "hạng", "top", "đợt", "lớp", "mã", "mẫu", "biển", "tổ", "ấp",
    "thôn", "xóm", "đội", "phút", "hiệp", "vòng", "bảng", "km", "lộ",
    "đường", "hẻm", "ngõ", "kiệt", "khu", "giai", "đoạn", "nhà", "căn",
    "hộ", "quyển", "tập", "trang", "câu", "bài", "phụ", "lục", "kênh",
    "cấp", "bậc", "loại", "hệ", "giờ", "khoảng giờ", "sáng", "chiều",
    "tối", "đêm", "trưa", "mùng", "mồng", "hôm", "thế", "kỷ", "version",
    "phiên", "bản", "u", "mức", "nghị", "định", "quyết", "luật",
    "thông", "tư", "chỉ", "thị", "văn", "công", "nhóm", "tiểu", "khoản",
    NULL};

/* ---- numbers ---------------------------------------------------------- */

static int dig(char ch) { return ch >= '0' && ch <= '9'; }

/* Is the run s[a..b) of digits and single separators a valid
 * grouping by sep (first group 1-3 digits, the others 3)? */
static int grouped(const char *s, size_t a, size_t b, char sep)
{
    size_t g = 0;
    int first = 1;
    for (size_t i = a; i <= b; i++) {
        if (i == b || s[i] == sep) {
            if ((first && (g < 1 || g > 3)) || (!first && g != 3))
                return 0;
            first = 0;
            g = 0;
        } else if (dig(s[i])) {
            g++;
        } else {
            return 0;
        }
    }
    return 1;
}

/* The number at byte a: *end and *value; 0 when it is not a plain number
 * (phone numbers, dotted codes, too long). */
static int read_number(const ectx *c, size_t a, size_t *end, double *value)
{
    const char *s = c->s;
    size_t b = a, dots = 0, commas = 0, ndig = 0, last_sep = 0;
    while (b < c->len) {
        if (dig(s[b])) {
            ndig++;
            b++;
        } else if ((s[b] == '.' || s[b] == ',') && b + 1 < c->len &&
                   dig(s[b + 1]) && b > a) {
            dots += s[b] == '.';
            commas += s[b] == ',';
            last_sep = b;
            b++;
        } else {
            break;
        }
    }
    if (ndig == 0 || ndig > 15)
        return 0;
    char buf[40];
    size_t o = 0;
    if (dots && commas) {
        /* 3.550,5: dots group, one comma */
        if (commas != 1 || s[last_sep] != ',' || !grouped(s, a, last_sep, '.'))
            return 0;
    } else if (dots) {
        if (!grouped(s, a, b, '.')) {
            /* a lone decimal dot: "3.5 tỷ", not "4.0.1" or a phone */
            if (dots != 1 || b - last_sep - 1 > 2 || last_sep - a > 3)
                return 0;
            for (size_t i = a; i < b; i++)
                buf[o++] = s[i];
            buf[o] = '\0';
            *end = b;
            *value = strtod(buf, NULL);
            return 1;
        }
    } else if (commas > 1) {
        if (!grouped(s, a, b, ','))
            return 0;
    }
    /* a phone number: 0 and eight digits or more, no separators */
    if (!dots && !commas && s[a] == '0' && ndig >= 8)
        return 0;
    int decimal_comma = commas == 1 && !(dots == 0 && commas > 1);
    for (size_t i = a; i < b && o + 1 < sizeof buf; i++) {
        if (dig(s[i]))
            buf[o++] = s[i];
        else if (s[i] == ',' && decimal_comma)
            buf[o++] = '.';
    }
    buf[o] = '\0';
    *end = b;
    *value = strtod(buf, NULL);
    return 1;
}

/* ---- units ------------------------------------------------------------ */

/* The longest unit spelled from token k: its token count and entry. */
static size_t unit_at(const ectx *c, size_t k, const unit_def **u)
{
    size_t best = 0;
    for (const unit_def *d = units; d->exact; d++) {
        size_t n = phrase_at(c, k, d->exact);
        if (n > best) {
            best = n;
            *u = d;
        }
    }
    return best;
}

/* A glued unit at byte p ("đ", "km"): its end, or p.  *u the entry. */
static size_t glued_at(const ectx *c, size_t p, const unit_def **u)
{
    char low[8];
    size_t n = 0, q = p;
    while (q < c->len && n < 6) {
        unsigned char ch = (unsigned char)c->s[q];
        if (ch == 0xC4 && q + 1 < c->len &&
            ((unsigned char)c->s[q + 1] == 0x91 ||
             (unsigned char)c->s[q + 1] == 0x90)) {
            if (n + 2 > 6)
                break;
            low[n++] = (char)0xC4;
            low[n++] = (char)0x91;
            q += 2;
        } else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                   dig((char)ch)) {
            low[n++] = (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
            q++;
        } else {
            break;
        }
    }
    /* followed by another letter (any script): not a unit */
    if (word_char_at(c, q))
        return p;
    for (const unit_def *d = glued; d->exact; d++)
        if (strlen(d->exact) == n && memcmp(d->exact, low, n) == 0) {
            *u = d;
            return q;
        }
    return p;
}

/* ---- the extractor ---------------------------------------------------- */

typedef struct fig {
    size_t start, end;          /* bytes */
    double value, scale, total;
    unsigned flags;
    char unit[96], folded[96];
} fig;

static void put_unit(fig *f, const char *exact, const char *folded)
{
    size_t n = strlen(f->unit), m = strlen(f->folded);
    snprintf(f->unit + n, sizeof f->unit - n, "%s", exact);
    snprintf(f->folded + m, sizeof f->folded - m, "%s", folded);
}

/* The unit spelled by tokens k..k+n-1 (entry u) into f. */
static void unit_from_tokens(const ectx *c, size_t k, size_t n,
                             const unit_def *u, fig *f)
{
    char e[96], fo[96];
    if (u->as) {
        put_unit(f, u->as, fold_as(u->as));
        return;
    }
    join_forms(c, k, k + n, 0, e, sizeof e);
    join_forms(c, k, k + n, 1, fo, sizeof fo);
    put_unit(f, e, fo);
}

/* A rate after the unit ending at byte p: "/100 dân", "/kg". */
static size_t rate_at(const ectx *c, size_t p, fig *f)
{
    if (p + 1 >= c->len || c->s[p] != '/')
        return p;
    size_t k = tok_from(c, p + 1);
    if (k >= c->ntok || c->tok[k].start != p + 1)
        return p;
    char num[24] = "";
    if (c->tok[k].flags & TC_TOK_NUMBER) {
        size_t n = c->tok[k].end - c->tok[k].start, i;
        if (n >= sizeof num)
            return p;
        for (i = 0; i < n; i++)
            if (!dig(c->s[c->tok[k].start + i]))
                return p;
        memcpy(num, c->s + c->tok[k].start, n);
        num[n] = '\0';
        k++;
        if (k >= c->ntok || !gap_spaces(c, k))
            return p;
    }
    for (size_t w = 0; per_words[w]; w++) {
        size_t n = phrase_at(c, k, per_words[w]);
        if (!n)
            continue;
        char e[64], fo[64], a[140], b[140];
        join_forms(c, k, k + n, 0, e, sizeof e);
        join_forms(c, k, k + n, 1, fo, sizeof fo);
        snprintf(a, sizeof a, "/%s%s%s", num, num[0] ? " " : "", e);
        snprintf(b, sizeof b, "/%s%s%s", num, num[0] ? " " : "", fo);
        put_unit(f, a, b);
        f->flags |= TC_FIG_RATE;
        return c->tok[k + n - 1].end;
    }
    return p;
}

/* Is the number token t part of a name ("Mega 6/45", "Galaxy S8"): right
 * after a capitalized word, with one space between? */
static int label_before(const ectx *c, size_t t)
{
    return t > 0 && gap_spaces(c, t) &&
           (c->tok[t - 1].flags & TC_TOK_CAPITAL) &&
           !(c->tok[t - 1].flags & TC_TOK_NUMBER) &&
           c->tok[t].start == c->tok[t - 1].end + 1;
}

/* Should the number token t be left alone? */
static int skip_number(const ectx *c, size_t t)
{
    const etok *k = &c->tok[t];
    if (c->mark[t] & (MARK_DATE | MARK_LEGAL))
        return 1;
    size_t a = k->start;
    if (a > 0) {
        char p = c->s[a - 1];
        /* glued to a word or a joiner: "COVID-19", "6/45", "A-1" */
        if (p == '-' || p == '/' || p == '.' || p == ',' || p == '#' ||
            p == '+' || p == '_' || p == '&' || p == '\'' ||
            word_char_before(c, a))
            return 1;
    }
    if (t > 0 && gap_soft(c, t) && tok_in(c, t - 1, not_after))
        return 1;
    /* an exponent in markdown: "10**6 tấn" */
    while (a > 0 && c->s[a - 1] == '*')
        a--;
    return a < k->start && a > 0 && dig(c->s[a - 1]);
}

static void add_figure(ectx *c, size_t t, const fig *f)
{
    tc_figure *r = add_record(c, TC_ENT_FIGURE);
    if (!r)
        return;
    r->span.start = f->start;
    r->span.end = f->end;
    r->value = f->value;
    r->scale = f->scale;
    r->total = f->total;
    r->flags = f->flags;
    r->text = pool_text(c, f->start, f->end);
    r->unit = pool_copy(c, f->unit, strlen(f->unit));
    r->unit_folded = pool_copy(c, f->folded, strlen(f->folded));
    /* up to six syllables before, none across punctuation */
    size_t k0 = t;
    while (k0 > 0 && t - k0 < 6 && !(c->tok[k0].flags & TC_TOK_BREAK) &&
           !(c->tok[k0 - 1].flags & TC_TOK_NUMBER))
        k0--;
    if (k0 < t) {
        r->context_span.start = c->tok[k0].start;
        r->context_span.end = c->tok[t - 1].end;
        r->context = pool_text(c, r->context_span.start, r->context_span.end);
    } else {
        r->context = "";
    }
    if (!r->text || !r->unit || !r->unit_folded || !r->context)
        c->oom = 1;
}

/* Is the unit at tokens k..k+n-1 something else after all: "6 đồng
 * tiền" (currencies), "lúc 16 giờ", "16 giờ 30", "16 giờ ngày 18/4"
 * (times of day)? */
static int unit_misread(const ectx *c, size_t k, size_t n, const unit_def *u)
{
    static const char *const time_before[] = {
        "lúc", "đến", "từ", "vào", "tới", NULL};
    static const char *const time_after[] = {
        "ngày", "sáng", "chiều", "tối", "trưa", "đêm", "hôm", "hàng", "hằng",
        NULL};
    size_t after = k + n;
    if (strcmp(u->exact, "đồng") == 0)
        return tok_is(c, after, "tiền") && gap_soft(c, after);
    if (strcmp(u->exact, "giờ") != 0 && strcmp(u->exact, "phút") != 0)
        return 0;
    size_t num = k - 1;   /* the number's token */
    if (num > 0 && gap_soft(c, num) && tok_in(c, num - 1, time_before))
        return 1;
    if (after < c->ntok && gap_soft(c, after) &&
        (tok_in(c, after, time_after) ||
         (c->tok[after].flags & TC_TOK_NUMBER)))
        return 1;
    return 0;
}

/* Only spaces and tabs in s[a..b). */
static int spaces_only(const ectx *c, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (c->s[i] != ' ' && c->s[i] != '\t')
            return 0;
    return 1;
}

/* Multipliers and a unit after the number ending at byte p: "tỷ đồng",
 * "triệu USD", "thuê bao/100 dân".  1 when there is a unit or a
 * multiplier. */
static int read_unit(const ectx *c, size_t p, fig *f)
{
    size_t k = tok_from(c, p), at = p;
    f->scale = 1;
    for (; k < c->ntok && spaces_only(c, at, c->tok[k].start); k++) {
        const mult *m = mults;
        while (m->exact && !tok_is(c, k, m->exact))
            m++;
        if (!m->exact)
            break;
        f->scale *= m->scale;
        f->end = at = c->tok[k].end;
    }
    const unit_def *u;
    size_t n = 0;
    if (k < c->ntok && c->tok[k].start > at &&
        spaces_only(c, at, c->tok[k].start))
        n = unit_at(c, k, &u);
    if (n && !unit_misread(c, k, n, u))  {
        unit_from_tokens(c, k, n, u, f);
        f->end = c->tok[k + n - 1].end;
        f->end = rate_at(c, f->end, f);
        return 1;
    }
    return f->scale > 1;
}

/* A letter, a digit or a non-ASCII byte at i: the number goes on. */
static int word_byte(const ectx *c, size_t i)
{
    if (i >= c->len)
        return 0;
    return word_char_at(c, i);
}

/* What follows the number of token t, which ends at byte p: a percent, a
 * glued unit, a ratio, multipliers and a unit.  1 with f filled, 0 when
 * the number is no figure. */
static int read_after_number(const ectx *c, size_t t, size_t p, fig *f)
{
    const unit_def *u;
    size_t q;
    f->scale = 1;
    if (p < c->len && (c->s[p] == '%' ||
                       (c->s[p] == ' ' && p + 1 < c->len &&
                        c->s[p + 1] == '%'))) {
        f->end = p + (c->s[p] == '%' ? 1 : 2);
        f->flags |= TC_FIG_PERCENT;
        put_unit(f, "%", "%");
        return 1;
    }
    if ((q = glued_at(c, p, &u)) > p) {
        put_unit(f, u->as ? u->as : u->exact,
                 u->as ? fold_as(u->as) : u->exact);
        f->end = rate_at(c, q, f);
        return 1;
    }
    if (p + 1 < c->len && c->s[p] == '/' && dig(c->s[p + 1])) {
        /* a ratio: "1.634/1.733 thôn" */
        if (!read_number(c, p + 1, &q, &f->total) || f->total < f->value ||
            label_before(c, t) || !read_unit(c, q, f) || f->scale != 1 ||
            !f->unit[0])
            return 0;
        f->flags |= TC_FIG_RATIO;
        return 1;
    }
    /* a range, a date, a code ("10-15", "4.0.1"); a number glued to
     * letters ("36a", "4G", "18h") */
    if (p < c->len && (c->s[p] == '/' || c->s[p] == '-' || c->s[p] == '.' ||
                       c->s[p] == ','))
        return 0;
    return !word_byte(c, p) && read_unit(c, p, f);
}

void figures_extract(ectx *c)
{
    for (size_t t = 0; t < c->ntok && !c->oom; t++) {
        const etok *k = &c->tok[t];
        fig f;
        size_t p;
        if (!(k->flags & TC_TOK_NUMBER) || !dig(c->s[k->start]) ||
            skip_number(c, t))
            continue;
        memset(&f, 0, sizeof f);
        if (!read_number(c, k->start, &p, &f.value))
            continue;
        f.start = k->start;
        f.end = p;
        if (read_after_number(c, t, p, &f)) {
            f.value *= f.scale;
            f.total *= f.scale;
            add_figure(c, t, &f);
        }
        /* go on after what was read */
        size_t after = tok_from(c, f.end > p ? f.end : p);
        if (after > t + 1)
            t = after - 1;
    }
}
