/* entities_officials.c: people named with their office.
 *
 * A name is a run of capitalized syllables (not all capitals, no digits,
 * nothing but spaces between them) that starts with a Vietnamese surname
 * and is 2 to 4 syllables long: "Lê Anh Tuấn", "Nguyễn Thị Kim Ngân".  A
 * run that is longer or does not start with a surname ("Bộ Công Thương
 * Trần Tuấn Anh", "Hoằng Hóa Lê Văn A") gives the name that ends it,
 * starting at a common surname.  Provinces found by the places extractor
 * are never part of a name.
 *
 * A name is kept only with context that makes it a person:
 *
 *   a title before it      "Phó Chủ tịch UBND tỉnh Lê Anh Tuấn": a title
 *                          word (chủ tịch, giám đốc, bộ trưởng, bí thư,
 *                          đại tá, ...) then words of an office (capitals,
 *                          acronyms, "tỉnh", "nhân dân", ...) right up to
 *                          the name, with no punctuation between
 *   a title after it       "Hoàng Ngọc Sơn - Giám đốc Sở TT&TT", "ông X,
 *                          Chủ tịch ...": past one comma, dash or
 *                          parenthesis; titles joined by commas are kept
 *                          together ("Tỉnh ủy viên, Phó Chủ tịch UBND
 *                          tỉnh")
 *   an honorific           "ông", "bà", "đồng chí" right before it
 *
 * Punctuation ends a title: "Phó Chủ tịch UBND tỉnh. Lê Anh Tuấn ..." has
 * no official, nor has a title with no name after it. */
#include "entities_int.h"

#include <string.h>

/* ---- word lists --------------------------------------------------------- */

/* Surnames whose bearers far outnumber the given names spelled alike. */
static const char *const strong_surnames[] = {
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ",
    "đặng", "bùi", "đỗ", "ngô", "dương", "lý", "đinh", "đoàn", "trịnh",
    "trương", "vương", "triệu", "phùng", "nông", "hứa", "khổng", "quách",
    "đàm", "doãn", "lò", "lường", "mạc", "nghiêm", "khuất", "lưu",
    "tạ", "đầu", "bế", "sầm", "chu", "lục", NULL};

/* Surnames that are also common given names or words. */
static const char *const weak_surnames[] = {
    "hồ", "đào", "mai", "cao", "lương", "lâm", "hà", "thái", "kiều", "tô",
    "la", "âu", "văn", "tôn", "thân", "giang", "châu", "hầu", "khúc",
    "tăng", "lại", "từ", "lã", "lữ", "đồng", "kim", "ninh", "quan", "ma",
    "vi", "lộc", "hoa", "mẫn", "tiêu", "khương", "phí", "cù", "cấn",
    "chử", "đậu", "bạch", "diệp", "giáp", "hàn", "kha", "lạc", "mã",
    "nhâm", "tào", "thạch", "thiều", "tống", "trình", "viên", "lí",
    "ứng", "ung", "mạch", "cung", "lỗ", "biện", "quản", NULL};

static const char *const middle_names[] = {
    "văn", "thị", "đình", "hữu", "ngọc", "xuân", "đức", "bá", "khắc",
    "viết", "thế", "trọng", "mạnh", "tiến", "duy", NULL};

/* Capitalized words that start a sentence or a phrase and are nobody's
 * given name: a run of name syllables stops before them ("ông Trần Văn
 * Dũng Sau khi ...", where a full stop went missing). */
static const char *const not_names[] = {
    "sau", "theo", "trong", "tại", "khi", "với", "về", "ngày", "tháng",
    "hiện", "đây", "đó", "này", "các", "những", "một", "cũng", "nhưng",
    "và", "còn", "trước", "từ", "đến", "cho", "do", "vì", "nếu", "tuy",
    "là", "của", "được", "bị", "đã", "sẽ", "đang", "chiều", "sáng", "tối",
    "trưa", "đêm", "hôm", "ông", "bà", "chị", "em", "cháu", "ngoài",
    "riêng", "qua", "dù", "mặc", "trên", "dưới", "giữa", "thì", "mà",
    "rồi", "lúc", "video", "clip", NULL};

/* Runs that start with a surname and are places or things ("Đại sứ Hàn
 * Quốc", "Hồ Tây"), folded. */
static const char *const name_blacklist[] = {
    "han quoc", "thai lan", "ha lan", "chau au", "chau a", "chau phi",
    "chau my", "chau uc", "chau dai duong", "ho tay", "ho guom",
    "ho hoan kiem", "mong co", "tay ban nha", "la ma", "trieu tien", NULL};

int is_surname(const ectx *c, size_t i)
{
    return tok_in(c, i, strong_surnames) || tok_in(c, i, weak_surnames);
}

int is_middle_name(const ectx *c, size_t i)
{
    return tok_in(c, i, middle_names);
}

/* Titles, longest first where one ends another ("phó chủ tịch" before
 * "chủ tịch"). */
static const char *const titles[] = {
    "phó tổng giám đốc", "phó tổng cục trưởng", "phó chánh văn phòng",
    "phó chủ tịch nước", "phó chánh thanh tra", "phó trưởng công an",
    "phó chủ tịch", "chủ tịch nước", "phó thủ tướng", "tổng giám đốc",
    "phó giám đốc", "phó bí thư", "tổng bí thư", "phó trưởng phòng",
    "phó trưởng ban", "phó trưởng đoàn", "chánh văn phòng", "phó chánh án",
    "chánh thanh tra", "tổng thanh tra", "phó viện trưởng",
    "phó cục trưởng", "tổng cục trưởng", "phó vụ trưởng", "phó chủ nhiệm",
    "tỉnh ủy viên", "thành ủy viên", "huyện ủy viên", "tổng thư ký",
    "phó hiệu trưởng", "trưởng công an", "phó giáo sư", "phó tổng biên tập",
    "tổng biên tập", "phó chỉ huy trưởng", "chỉ huy trưởng",
    "chủ tịch", "thủ tướng", "bộ trưởng", "thứ trưởng", "bí thư",
    "giám đốc", "trưởng phòng", "trưởng ban", "trưởng đoàn", "chánh án",
    "viện trưởng", "cục trưởng", "vụ trưởng", "chủ nhiệm", "ủy viên",
    "đại sứ", "hiệu trưởng", "đại tướng", "thượng tướng", "trung tướng",
    "thiếu tướng", "đại tá", "thượng tá", "trung tá", "thiếu tá", "đại úy",
    "thượng úy", "trung úy", "thiếu úy", "giáo sư", "tiến sĩ", "thạc sĩ",
    "bác sĩ", "luật sư", "kiểm sát viên", "điều tra viên", "thẩm phán",
    "trưởng thôn", "trưởng bản", "trưởng ấp", "trưởng khoa",
    "gs", "pgs", "ts", "ths", "bs", "ls",
    "nsnd", "nsưt", "đbqh", NULL};

/* Abbreviated titles that join with a dot: "PGS.TS", "GS.TSKH". */
static const char *const abbr_titles[] = {
    "gs", "pgs", "ts", "ths", "bs", "ls", "tskh", "ks", "cn", NULL};

/* Lower-case words that may stand in the name of an office ("Sở Tài
 * chính", "UBND tỉnh", "Ủy ban nhân dân", "thường trực"). */
static const char *const office_words[] = {
    "tỉnh", "huyện", "xã", "phường", "quận", "thị", "trấn", "thành", "phố",
    "nước", "trung", "ương", "nhân", "dân", "thường", "trực", "vụ", "hội",
    "phủ", "ủy", "đảng", "an", "ban", "đồng", "quốc", "chính", "pháp",
    "tế", "dựng", "thương", "hoạch", "tư", "dục", "tạo", "học", "nghệ",
    "hóa", "thao", "lịch", "động", "binh", "nguyên", "trường", "nghiệp",
    "triển", "thông", "tải", "tin", "giao", "phòng", "giáo", "chức", "vận",
    "tra", "tộc", "đua", "thưởng", "trận", "hành", "hàng", "bạc", "quan",
    "hiểm", "sát", "sự", "án", "kê", "kiểm", "cục", "văn", "sở", "bộ",
    "nông", "thôn", "môi", "khoa", "nội", "ngoại", "đoàn", "niên", "nữ",
    "phụ", "liên", "lao", "công", "cựu", "chiến", "điện", "lực", "viễn",
    "bưu", "truyền", "hình", "phát", "báo", "chí", "xuất", "bản", "và",
    "tổng", "viện", "tòa", "tối", "cao", "kinh", "xã", "mặt", "tổ",
    "chấp", "tuyên", "huấn", "ngân", "sách", "đại", "biểu", "tịch", "thư",
    "ký", "đạo", "chỉ", "huy", "quân", "khu", "vùng", "ngành", "đô", "tâm",
    "doanh", "hợp", "lý", "hữu", "quản", "kế", "toán", "kỹ", "thuật",
    "dịch", "đầu", "thủy", "lợi", "sản", "điều", "tiết", "khí", "tượng",
    "y", "dược", "sinh", "viên", "tác", "giám", "đốc", "trị", "sự", "chế",
    NULL};

/* Office words that may end a title ("... UBND tỉnh", "Chủ tịch nước"). */
static const char *const office_ends[] = {
    "tỉnh", "huyện", "xã", "phường", "quận", "trấn", "phố", "nước", "ương",
    "dân", "trực", "hội", "phủ", "ủy", "vụ", "đảng", "an", NULL};

static const char *const honorifics[] = {"ông", "bà", NULL};

/* Titles that only come before a name: "GS Nguyễn Văn A", never "Nguyễn
 * Văn A, GS" (after a name they belong to the next person). */
static const char *const prefix_titles[] = {
    "gs", "pgs", "ts", "ths", "bs", "ls", "nsnd", "nsưt", "đbqh", "đại tướng",
    "thượng tướng", "trung tướng", "thiếu tướng", "đại tá", "thượng tá",
    "trung tá", "thiếu tá", "đại úy", "thượng úy", "trung úy", "thiếu úy",
    "giáo sư", "phó giáo sư", "tiến sĩ", "thạc sĩ", "bác sĩ", "luật sư",
    NULL};

/* Units whose name follows them: a capitalized run right after these is
 * the unit's name ("xã Đoàn Thượng"), not a person's. */
static const char *const unit_words[] = {
    "xã", "huyện", "phường", "quận", "thôn", "bản", "ấp", "làng", "xóm",
    "trấn", "đường", "phố", "khu", "tổ", "trường", "chợ", "cầu", "núi",
    "sông", "hồ", "đảo", "tàu", "viện", "ty", "sạn", "hát", "đình",
    "chùa", "đền", "lăng", "sân", "bến", "cảng", NULL};

int is_office_word(const ectx *c, size_t i)
{
    return tok_in(c, i, office_words);
}

/* ---- names ------------------------------------------------------------ */

/* Can token i be a syllable of a name? */
static int name_token(const ectx *c, size_t i)
{
    const etok *t = &c->tok[i];
    if (!(t->flags & TC_TOK_CAPITAL) || (t->flags & TC_TOK_ALLCAPS) ||
        (t->flags & TC_TOK_NUMBER) || (c->mark[i] & (MARK_PLACE | MARK_LEGAL)))
        return 0;
    if (tok_in(c, i, not_names))
        return 0;
    /* a syllable: at most 7 letters (nghiêng), no digits */
    if (t->folded_len > 7)
        return 0;
    for (size_t k = 0; k < t->folded_len; k++) {
        char ch = tok_folded(c, i)[k];
        if (!(ch >= 'a' && ch <= 'z'))
            return 0;
    }
    return 1;
}

/* Does a title start at token i? Its token count, or 0. */
static size_t title_at(const ectx *c, size_t i)
{
    for (size_t k = 0; titles[k]; k++) {
        size_t n = phrase_at(c, i, titles[k]);
        if (n)
            return n;
    }
    return 0;
}

/* The first token of a title ending at token j, or (size_t)-1. */
static size_t title_ending(const ectx *c, size_t j)
{
    for (size_t k = 0; titles[k]; k++) {
        size_t f = phrase_ending(c, j, titles[k]);
        if (f != (size_t)-1)
            return f;
    }
    return (size_t)-1;
}

/* Between two syllables of a name: spaces, or one line break where the
 * text wraps its lines (legal documents do, mid-sentence: the line goes
 * on in lower case: "Nguyễn Hòa\nBình chỉ đạo"). */
static int name_gap(const ectx *c, size_t i)
{
    if (gap_spaces(c, i))
        return 1;
    size_t a = c->tok[i - 1].end, b = c->tok[i].start, nl = 0;
    for (size_t k = a; k < b; k++) {
        if (c->s[k] == '\n')
            nl++;
        else if (c->s[k] != ' ' && c->s[k] != '\r')
            return 0;
    }
    return nl == 1 && i + 1 < c->ntok && gap_spaces(c, i + 1) &&
           !(c->tok[i + 1].flags & (TC_TOK_CAPITAL | TC_TOK_NUMBER));
}

/* The run of name tokens from i: its end (exclusive). */
static size_t run_end(const ectx *c, size_t i)
{
    size_t e = i + 1;
    while (e < c->ntok && e - i <= 8 && name_token(c, e) &&
           name_gap(c, e) && !title_at(c, e))
        e++;
    return e;
}

/* The start of the name ending a run [rs, re), or (size_t)-1. */
static size_t name_start(const ectx *c, size_t rs, size_t re)
{
    if (re - rs >= 2 && re - rs <= 4 && is_surname(c, rs))
        return rs;
    for (size_t p = rs + 1; p + 2 <= re; p++)
        if (re - p <= 4 && tok_in(c, p, strong_surnames))
            return p;
    return (size_t)-1;
}

/* ---- titles ----------------------------------------------------------- */

/* Is token k a word of an office (between a title and a name)? */
static int office_token(const ectx *c, size_t k)
{
    const etok *t = &c->tok[k];
    if (t->flags & TC_TOK_NUMBER)
        return 0;
    if (t->flags & (TC_TOK_CAPITAL | TC_TOK_ALLCAPS))
        return 1;
    return tok_in(c, k, office_words);
}

/* Extend a title's first token back over "nguyên" (former) and dotted
 * abbreviations ("PGS.TS"). */
static size_t title_prefix(const ectx *c, size_t f)
{
    for (;;) {
        if (f > 0 && tok_is(c, f - 1, "nguyên") && gap_soft(c, f)) {
            f--;
            continue;
        }
        if (f > 0 && tok_in(c, f - 1, abbr_titles) &&
            c->tok[f].start == c->tok[f - 1].end + 1 &&
            c->s[c->tok[f - 1].end] == '.') {
            f--;
            continue;
        }
        return f;
    }
}

/* A title ending right before the name at p: [*ts, p) as tokens. */
static int title_before(const ectx *c, size_t p, size_t *ts)
{
    for (size_t j = p; j-- > 0 && p - j <= 14;) {
        if (c->tok[j + 1].flags & TC_TOK_BREAK)
            return 0;
        size_t f = title_ending(c, j);
        if (f != (size_t)-1) {
            *ts = title_prefix(c, f);
            return 1;
        }
        if (!office_token(c, j))
            return 0;
    }
    return 0;
}

/* Is the gap before token i one separator between a name and a title:
 * ", ", " - ", " – ", " ("? */
static int title_separator(const ectx *c, size_t i)
{
    const unsigned char *s = (const unsigned char *)c->s;
    size_t a = c->tok[i - 1].end, b = c->tok[i].start;
    int seps = 0;
    for (size_t k = a; k < b; k++) {
        if (s[k] == ' ' || s[k] == '\t')
            continue;
        if (s[k] == ',' || s[k] == '-' || s[k] == '(')
            seps++;
        else if (k + 2 < b && s[k] == 0xE2 && s[k + 1] == 0x80 &&
                 (s[k + 2] == 0x93 || s[k + 2] == 0x94)) {
            seps++;
            k += 2;
        } else {
            return 0;
        }
    }
    return seps == 1;
}

/* One title from token i on: its end (exclusive), or i. */
static size_t one_title_after(const ectx *c, size_t i)
{
    size_t f = i;
    if (tok_is(c, f, "nguyên") && gap_soft(c, f + 1))
        f++;
    size_t n = title_at(c, f);
    if (!n)
        return i;
    size_t e = f + n, last = e;
    for (size_t k = 0; prefix_titles[k]; k++)
        if (phrase_at(c, f, prefix_titles[k]) == n)
            return i;
    while (e < c->ntok && e - f < 16 && !(c->tok[e].flags & TC_TOK_BREAK) &&
           office_token(c, e)) {
        const etok *t = &c->tok[e];
        if ((t->flags & TC_TOK_CAPITAL) && is_surname(c, e) &&
            name_token(c, e) && e + 1 < c->ntok && name_token(c, e + 1) &&
            gap_spaces(c, e + 1))
            break;      /* another person's name */
        /* where the title may end: a capital, an acronym, an office word
         * that ends one, a lower-case syllable after a capital ("Tài
         * chính") */
        if ((t->flags & (TC_TOK_CAPITAL | TC_TOK_ALLCAPS)) ||
            tok_in(c, e, office_ends) ||
            ((c->tok[e - 1].flags & TC_TOK_CAPITAL) &&
             !(c->tok[e - 1].flags & TC_TOK_ALLCAPS)))
            last = e + 1;
        e++;
    }
    /* stopped in the middle of a capitalized word ("Trung tâm", "Kinh
     * doanh" cut after its capital, a lone capital after a lower-case
     * word): leave that word out */
    if (e < c->ntok && e == last && e > f + n &&
        !(c->tok[e].flags & (TC_TOK_BREAK | TC_TOK_CAPITAL |
                             TC_TOK_NUMBER)) &&
        (c->tok[e - 1].flags & TC_TOK_CAPITAL) &&
        !(c->tok[e - 1].flags & TC_TOK_ALLCAPS) &&
        !(c->tok[e - 2].flags & TC_TOK_CAPITAL) && gap_spaces(c, e))
        last = e - 1;
    while (last > f + n && tok_is(c, last - 1, "và"))
        last--;
    return last;
}

/* Titles after the name ending at token e (exclusive): [e, *te). */
static int title_after(const ectx *c, size_t e, size_t *te)
{
    if (e >= c->ntok || !title_separator(c, e))
        return 0;
    size_t end = one_title_after(c, e);
    if (end == e)
        return 0;
    /* "Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh" */
    for (int more = 0; more < 2 && end < c->ntok; more++) {
        if (c->s[c->tok[end - 1].end] != ',' || !title_separator(c, end))
            break;
        size_t next = one_title_after(c, end);
        if (next == end)
            break;
        end = next;
    }
    *te = end;
    return 1;
}

/* ---- records ---------------------------------------------------------- */

static void add_official(ectx *c, size_t p, size_t e, size_t ts, size_t te,
                         unsigned flags)
{
    char key[256];
    tc_official *o = add_record(c, TC_ENT_OFFICIAL);
    if (!o)
        return;
    o->span.start = c->tok[p].start;
    o->span.end = c->tok[e - 1].end;
    o->name = pool_text(c, o->span.start, o->span.end);
    size_t n = join_forms(c, p, e, 1, key, sizeof key);
    o->key = pool_copy(c, key, n);
    if (te > ts) {
        o->title_span.start = c->tok[ts].start;
        o->title_span.end = c->tok[te - 1].end;
        o->title = pool_text(c, o->title_span.start, o->title_span.end);
    } else {
        o->title = "";
    }
    o->flags = flags;
    if (!o->name || !o->key || !o->title)
        c->oom = 1;
}

/* Is the name [p, re) of the run starting at i something else: glued to
 * more by a hyphen ("Kim Il-guk"), a country or a lake ("Hàn Quốc"), the
 * name of the unit or building named before it ("xã Đoàn Thượng"), or a
 * province written as it is ("Sở Giao thông Vận tải Thái Bình": Thái is a
 * surname too)? */
static int not_a_person(const ectx *c, size_t i, size_t p, size_t re)
{
    size_t ne = c->tok[re - 1].end;
    if (tc_place_lookup(c->s + c->tok[p].start, ne - c->tok[p].start) >= 0)
        return 1;
    if (ne + 1 < c->len && c->s[ne] == '-' &&
        (unsigned char)c->s[ne + 1] > ' ' && c->s[ne + 1] != '-')
        return 1;
    char key[128];
    if (join_forms(c, p, re, 1, key, sizeof key))
        for (size_t b = 0; name_blacklist[b]; b++)
            if (strcmp(key, name_blacklist[b]) == 0)
                return 1;
    return p == i && p > 0 && gap_soft(c, p) && tok_in(c, p - 1, unit_words);
}

/* The context that makes the name [p, re) (of the run starting at i) a
 * person: a title before, an honorific, a title after.  Fills the title's
 * tokens [*ts, *te) and the flags; 0 when there is none. */
static int person_context(const ectx *c, size_t i, size_t p, size_t re,
                          size_t *ts, size_t *te, unsigned *flags)
{
    int honorific = p > 0 && gap_spaces(c, p) &&
                    (tok_in(c, p - 1, honorifics) ||
                     phrase_ending(c, p - 1, "đồng chí") != (size_t)-1);
    *ts = *te = 0;
    *flags = honorific ? TC_OFF_HONORIFIC : 0;
    if (!honorific && title_before(c, p, ts)) {
        *te = p;
        return 1;
    }
    if ((p == i || honorific) && title_after(c, re, te)) {
        *ts = re;
        *flags |= TC_OFF_TITLE_AFTER;
        return 1;
    }
    return honorific;
}

void officials_extract(ectx *c)
{
    for (size_t i = 0; i < c->ntok && !c->oom; i++) {
        /* at the start of a maximal run of name syllables */
        if (!name_token(c, i) || (i > 0 && name_token(c, i - 1) &&
                                  name_gap(c, i)))
            continue;
        size_t re = run_end(c, i);
        if (re - i > 8) {
            /* title-case headings: skip the whole run */
            while (re < c->ntok && name_token(c, re) && name_gap(c, re))
                re++;
            i = re - 1;
            continue;
        }
        size_t p = name_start(c, i, re), ts, te;
        unsigned flags;
        if (p != (size_t)-1 && !not_a_person(c, i, p, re) &&
            person_context(c, i, p, re, &ts, &te, &flags)) {
            add_official(c, p, re, ts, te, flags);
            if (te > re)
                re = te;
        }
        i = re - 1;
    }
}
