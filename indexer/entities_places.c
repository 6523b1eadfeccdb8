/* entities_places.c: the provinces and cities of Vietnam, and where a text
 * names them.
 *
 * The table holds the 63 provinces and centrally-run cities before the
 * merger of 1 July 2025 and the 34 after it (Resolution 202/2025/QH15):
 * the 34 all keep a name of the 63 except Huế, which replaced Thừa Thiên
 * Huế, so the table has 64 entries with flags saying which list each
 * belongs to.  Spellings (aliases) are matched on folded tokens, so "Thanh
 * Hoá", "Thanh Hóa" and "THANH HÓA" are one place; every token of a match
 * must be written with a capital.
 *
 * Many names are also people's names or words ("Hòa Bình", "Khánh Hòa",
 * "Thái Bình", "Huế"): those need context before them ("tỉnh", "thành
 * phố", "TP", "tại", "ở", ...), and "Hồ Chí Minh" (the President) needs
 * "thành phố" or "TP".  Any name right after a word that makes it a street,
 * a district or a person ("đường", "huyện", "ông", a surname) is skipped,
 * and so is a name followed by another capitalized word ("Điện Biên Phủ",
 * "Thái Bình Dương") unless the context before makes it a place. */
#include "entities_int.h"

#include "tracuu/error.h"

#include <stdlib.h>
#include <string.h>

#define PRE TC_PLACE_PRE2025
#define POST TC_PLACE_POST2025
#define BOTH (TC_PLACE_PRE2025 | TC_PLACE_POST2025)

static const tc_place_info places[] = {
    /* the five (six after 2025) centrally-run cities */
    {"Hà Nội", "ha noi", BOTH},
    {"Thành phố Hồ Chí Minh", "ho chi minh", BOTH},
    {"Hải Phòng", "hai phong", BOTH},
    {"Đà Nẵng", "da nang", BOTH},
    {"Cần Thơ", "can tho", BOTH},
    {"Huế", "hue", POST},
    /* provinces of the 63 that are among the 34 */
    {"An Giang", "an giang", BOTH},
    {"Bắc Ninh", "bac ninh", BOTH},
    {"Cà Mau", "ca mau", BOTH},
    {"Cao Bằng", "cao bang", BOTH},
    {"Đắk Lắk", "dak lak", BOTH},
    {"Điện Biên", "dien bien", BOTH},
    {"Đồng Nai", "dong nai", BOTH},
    {"Đồng Tháp", "dong thap", BOTH},
    {"Gia Lai", "gia lai", BOTH},
    {"Hà Tĩnh", "ha tinh", BOTH},
    {"Hưng Yên", "hung yen", BOTH},
    {"Khánh Hòa", "khanh hoa", BOTH},
    {"Lai Châu", "lai chau", BOTH},
    {"Lâm Đồng", "lam dong", BOTH},
    {"Lạng Sơn", "lang son", BOTH},
    {"Lào Cai", "lao cai", BOTH},
    {"Nghệ An", "nghe an", BOTH},
    {"Ninh Bình", "ninh binh", BOTH},
    {"Phú Thọ", "phu tho", BOTH},
    {"Quảng Ngãi", "quang ngai", BOTH},
    {"Quảng Ninh", "quang ninh", BOTH},
    {"Quảng Trị", "quang tri", BOTH},
    {"Sơn La", "son la", BOTH},
    {"Tây Ninh", "tay ninh", BOTH},
    {"Thái Nguyên", "thai nguyen", BOTH},
    {"Thanh Hóa", "thanh hoa", BOTH},
    {"Tuyên Quang", "tuyen quang", BOTH},
    {"Vĩnh Long", "vinh long", BOTH},
    /* provinces of the 63 merged into others in 2025 */
    {"Bà Rịa - Vũng Tàu", "ba ria vung tau", PRE},
    {"Bắc Giang", "bac giang", PRE},
    {"Bắc Kạn", "bac kan", PRE},
    {"Bạc Liêu", "bac lieu", PRE},
    {"Bến Tre", "ben tre", PRE},
    {"Bình Định", "binh dinh", PRE},
    {"Bình Dương", "binh duong", PRE},
    {"Bình Phước", "binh phuoc", PRE},
    {"Bình Thuận", "binh thuan", PRE},
    {"Đắk Nông", "dak nong", PRE},
    {"Hà Giang", "ha giang", PRE},
    {"Hà Nam", "ha nam", PRE},
    {"Hải Dương", "hai duong", PRE},
    {"Hậu Giang", "hau giang", PRE},
    {"Hòa Bình", "hoa binh", PRE},
    {"Kiên Giang", "kien giang", PRE},
    {"Kon Tum", "kon tum", PRE},
    {"Long An", "long an", PRE},
    {"Nam Định", "nam dinh", PRE},
    {"Ninh Thuận", "ninh thuan", PRE},
    {"Phú Yên", "phu yen", PRE},
    {"Quảng Bình", "quang binh", PRE},
    {"Quảng Nam", "quang nam", PRE},
    {"Sóc Trăng", "soc trang", PRE},
    {"Thái Bình", "thai binh", PRE},
    {"Thừa Thiên Huế", "thua thien hue", PRE},
    {"Tiền Giang", "tien giang", PRE},
    {"Trà Vinh", "tra vinh", PRE},
    {"Vĩnh Phúc", "vinh phuc", PRE},
    {"Yên Bái", "yen bai", PRE},
};

#define NPLACES (sizeof places / sizeof places[0])

/* How much context a spelling needs. */
enum { FREE = 0, CONTEXT = 1, STRONG = 2 };

typedef struct alias {
    const char *exact;    /* the words' exact forms (analysis.h): a word
                           * written with marks must have these marks */
    const char *folded;   /* the same folded: a word written without any
                           * mark matches on these */
    const char *display;  /* the table name it stands for */
    int level;
} alias;

/* Longer spellings first, so that "Thừa Thiên Huế" wins over "Huế". */
static const alias aliases[] = {
    {"thừa thiên huế", "thua thien hue", "Thừa Thiên Huế", FREE},
    {"bà rịa vũng tàu", "ba ria vung tau", "Bà Rịa - Vũng Tàu", FREE},
    {"hồ chí minh", "ho chi minh", "Thành phố Hồ Chí Minh", STRONG},
    {"tp hcm", "tp hcm", "Thành phố Hồ Chí Minh", FREE},
    {"tphcm", "tphcm", "Thành phố Hồ Chí Minh", FREE},
    {"hcm", "hcm", "Thành phố Hồ Chí Minh", STRONG},
    {"br vt", "br vt", "Bà Rịa - Vũng Tàu", FREE},
    {"hà nội", "ha noi", "Hà Nội", FREE},
    {"hải phòng", "hai phong", "Hải Phòng", FREE},
    {"đà nẵng", "da nang", "Đà Nẵng", FREE},
    {"cần thơ", "can tho", "Cần Thơ", FREE},
    {"huế", "hue", "Huế", CONTEXT},
    {"an giang", "an giang", "An Giang", FREE},
    {"bắc ninh", "bac ninh", "Bắc Ninh", FREE},
    {"cà mau", "ca mau", "Cà Mau", FREE},
    {"cao bằng", "cao bang", "Cao Bằng", FREE},
    {"đắk lắk", "dak lak", "Đắk Lắk", FREE},
    {"đắc lắc", "dac lac", "Đắk Lắk", FREE},
    {"daklak", "daklak", "Đắk Lắk", FREE},
    {"điện biên phủ", "dien bien phu", "Điện Biên", STRONG},
    {"điện biên", "dien bien", "Điện Biên", FREE},
    {"đồng nai", "dong nai", "Đồng Nai", FREE},
    {"đồng tháp", "dong thap", "Đồng Tháp", FREE},
    {"gia lai", "gia lai", "Gia Lai", FREE},
    {"hà tĩnh", "ha tinh", "Hà Tĩnh", FREE},
    {"hưng yên", "hung yen", "Hưng Yên", FREE},
    {"khánh hòa", "khanh hoa", "Khánh Hòa", CONTEXT},
    {"lai châu", "lai chau", "Lai Châu", FREE},
    {"lâm đồng", "lam dong", "Lâm Đồng", FREE},
    {"lạng sơn", "lang son", "Lạng Sơn", FREE},
    {"lào cai", "lao cai", "Lào Cai", FREE},
    {"nghệ an", "nghe an", "Nghệ An", FREE},
    {"ninh bình", "ninh binh", "Ninh Bình", FREE},
    {"phú thọ", "phu tho", "Phú Thọ", CONTEXT},
    {"quảng ngãi", "quang ngai", "Quảng Ngãi", FREE},
    {"quảng ninh", "quang ninh", "Quảng Ninh", FREE},
    {"quảng trị", "quang tri", "Quảng Trị", FREE},
    {"sơn la", "son la", "Sơn La", FREE},
    {"tây ninh", "tay ninh", "Tây Ninh", FREE},
    {"thái nguyên", "thai nguyen", "Thái Nguyên", FREE},
    {"thanh hóa", "thanh hoa", "Thanh Hóa", FREE},
    {"tuyên quang", "tuyen quang", "Tuyên Quang", FREE},
    {"vĩnh long", "vinh long", "Vĩnh Long", CONTEXT},
    {"bắc giang", "bac giang", "Bắc Giang", FREE},
    {"bắc kạn", "bac kan", "Bắc Kạn", FREE},
    {"bắc cạn", "bac can", "Bắc Kạn", FREE},
    {"bạc liêu", "bac lieu", "Bạc Liêu", FREE},
    {"bến tre", "ben tre", "Bến Tre", FREE},
    {"bình định", "binh dinh", "Bình Định", CONTEXT},
    {"bình dương", "binh duong", "Bình Dương", CONTEXT},
    {"bình phước", "binh phuoc", "Bình Phước", FREE},
    {"bình thuận", "binh thuan", "Bình Thuận", FREE},
    {"đắk nông", "dak nong", "Đắk Nông", FREE},
    {"đăk lăk", "dak lak", "Đắk Lắk", FREE},
    {"đăk nông", "dak nong", "Đắk Nông", FREE},
    {"đắc nông", "dac nong", "Đắk Nông", FREE},
    {"hà giang", "ha giang", "Hà Giang", CONTEXT},
    {"hà nam", "ha nam", "Hà Nam", CONTEXT},
    {"hải dương", "hai duong", "Hải Dương", CONTEXT},
    {"hậu giang", "hau giang", "Hậu Giang", FREE},
    {"hòa bình", "hoa binh", "Hòa Bình", CONTEXT},
    {"kiên giang", "kien giang", "Kiên Giang", CONTEXT},
    {"kon tum", "kon tum", "Kon Tum", FREE},
    {"kontum", "kontum", "Kon Tum", FREE},
    {"long an", "long an", "Long An", CONTEXT},
    {"nam định", "nam dinh", "Nam Định", FREE},
    {"ninh thuận", "ninh thuan", "Ninh Thuận", FREE},
    {"phú yên", "phu yen", "Phú Yên", FREE},
    {"quảng bình", "quang binh", "Quảng Bình", FREE},
    {"quảng nam", "quang nam", "Quảng Nam", FREE},
    {"sóc trăng", "soc trang", "Sóc Trăng", FREE},
    {"thái bình", "thai binh", "Thái Bình", CONTEXT},
    {"tiền giang", "tien giang", "Tiền Giang", FREE},
    {"trà vinh", "tra vinh", "Trà Vinh", FREE},
    {"vĩnh phúc", "vinh phuc", "Vĩnh Phúc", FREE},
    {"yên bái", "yen bai", "Yên Bái", FREE},
};

#define NALIASES (sizeof aliases / sizeof aliases[0])

const tc_place_info *tc_place_table(size_t *n)
{
    if (n)
        *n = NPLACES;
    return places;
}

static int place_id(const char *display)
{
    for (size_t i = 0; i < NPLACES; i++)
        if (strcmp(places[i].name, display) == 0)
            return (int)i;
    return -1;
}

/* Between two words of a place name: spaces, line breaks, and at most one
 * dash ("Bà Rịa - Vũng Tàu", "Thừa Thiên-Huế") or dot ("TP.HCM"). */
static int place_gap(const ectx *c, size_t i)
{
    const unsigned char *s = (const unsigned char *)c->s;
    size_t a = c->tok[i - 1].end, b = c->tok[i].start;
    int joiners = 0;
    for (size_t k = a; k < b; k++) {
        if (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r')
            continue;
        if (s[k] == '-' || s[k] == '.')
            joiners++;
        else if (k + 2 < b && s[k] == 0xE2 && s[k + 1] == 0x80 &&
                 s[k + 2] == 0x93) {   /* en dash */
            joiners++;
            k += 2;
        } else {
            return 0;
        }
    }
    return joiners <= 1;
}

/* The next word of a space-separated list: its length; *w moves on. */
static size_t next_word(const char **w)
{
    const char *sp = strchr(*w, ' ');
    size_t n = sp ? (size_t)(sp - *w) : strlen(*w);
    *w += n + (sp ? 1 : 0);
    return n;
}

/* Tokens from i spelling the alias a; 0 when they do not.  A token
 * written with marks must have the alias's marks ("Hà Tình" is not Hà
 * Tĩnh); one written with none matches the folded word ("Ha Tinh"). */
static size_t alias_at(const ectx *c, size_t i, const alias *a)
{
    const char *e = a->exact, *f = a->folded;
    size_t k = 0;
    while (*e && *f) {
        const char *ew = e, *fw = f;
        size_t en = next_word(&e), fn = next_word(&f);
        size_t t = i + k;
        if (t >= c->ntok || (k > 0 && !place_gap(c, t)) ||
            !(c->tok[t].flags & TC_TOK_CAPITAL))
            return 0;
        const etok *tk = &c->tok[t];
        int ok = (tk->flags & TC_TOK_MARKED)
                     ? tk->exact_len == en &&
                           memcmp(tok_exact(c, t), ew, en) == 0
                     : tk->folded_len == fn &&
                           memcmp(tok_folded(c, t), fw, fn) == 0;
        if (!ok)
            return 0;
        k++;
    }
    return k;
}

static int match_alias(const ectx *c, size_t i, size_t *ntok)
{
    for (size_t a = 0; a < NALIASES; a++) {
        size_t n = alias_at(c, i, &aliases[a]);
        if (n) {
            *ntok = n;
            return (int)a;
        }
    }
    return -1;
}

int places_match_at(const ectx *c, size_t i, size_t *ntok)
{
    int a = match_alias(c, i, ntok);
    return a < 0 ? -1 : place_id(aliases[a].display);
}

/* Words that make the name after them a place: "tỉnh Hà Nam", "TP Huế",
 * "UBND Thanh Hóa", "thủ đô Hà Nội" (strong), "tại Hà Nam" (weak). */
static int context_before(const ectx *c, size_t i)
{
    static const char *const strong[] = {
        "tỉnh", "tp", "tỉnh ủy", "thành ủy", "ubnd", "hđnd", "thủ đô",
        "ub", "cố đô", NULL};
    static const char *const weak[] = {"tại", "ở", NULL};
    if (i == 0)
        return -1;
    /* "TP." and "Tp." before a name */
    int gap_ok = gap_soft(c, i) || place_gap(c, i);
    if (!gap_ok)
        return -1;
    if (tok_in(c, i - 1, strong) || phrase_ending(c, i - 1, "thành phố") !=
                                        (size_t)-1 ||
        phrase_ending(c, i - 1, "tỉnh ủy") != (size_t)-1 ||
        phrase_ending(c, i - 1, "thành ủy") != (size_t)-1)
        return STRONG;
    if (tok_in(c, i - 1, weak))
        return CONTEXT;
    return FREE;
}

/* A word right before that makes the name something else: a street, a
 * smaller unit named after the province, a person. */
static int blocked_before(const ectx *c, size_t i)
{
    static const char *const words[] = {
        "đường", "quận", "huyện", "xã", "phường", "trấn", "thôn", "ấp",
        "bản", "làng", "khu", "sông", "núi", "cầu", "chợ", "bến", "ông",
        "bà", "anh", "chị", "em", "cháu", "cô", "chú", "bác", "chí", "phố",
        "hẻm", "ngõ", "ngách", "số", "đèo", "hồ", "đảo", "vịnh", "biển",
        "mẹ", "bố", "con", "vợ", "chồng", "tàu", "dược", NULL};
    if (i == 0 || !gap_soft(c, i))
        return 0;
    if (tok_is(c, i - 1, "phố") && tok_is(c, i - 2, "thành"))
        return 0;
    if (tok_in(c, i - 1, words))
        return 1;
    /* a surname or a middle name right before, with nothing but spaces
     * between: the name is part of a person's ("Nguyễn Hà Nam", "Lê Thị
     * Hà Giang") */
    return (c->tok[i - 1].flags & TC_TOK_CAPITAL) && gap_spaces(c, i) &&
           (is_surname(c, i - 1) || is_middle_name(c, i - 1));
}

void places_extract(ectx *c)
{
    for (size_t i = 0; i < c->ntok && !c->oom; i++) {
        if (!(c->tok[i].flags & TC_TOK_CAPITAL))
            continue;
        size_t n;
        int a = match_alias(c, i, &n);
        if (a < 0)
            continue;
        int ctx = context_before(c, i);
        size_t after = i + n;
        int followed = after < c->ntok &&
                       (c->tok[after].flags & TC_TOK_CAPITAL) &&
                       !(c->tok[after].flags & TC_TOK_NUMBER) &&
                       gap_spaces(c, after);
        int ok = ctx >= aliases[a].level && ctx >= 0 &&
                 !blocked_before(c, i) && (!followed || ctx == STRONG);
        if (!ok)
            continue;
        int id = place_id(aliases[a].display);
        for (size_t k = i; k < after; k++)
            c->mark[k] |= MARK_PLACE;
        tc_place *p = add_record(c, TC_ENT_PLACE);
        if (p) {
            p->span.start = c->tok[i].start;
            p->span.end = c->tok[after - 1].end;
            p->id = id;
            p->name = places[id].name;
            p->key = places[id].key;
            p->flags = places[id].flags |
                       (ctx >= CONTEXT ? TC_PLACE_CONTEXT : 0);
        }
        i = after - 1;
    }
}

static int by_count(const void *a, const void *b)
{
    const tc_place_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

void places_count(ectx *c)
{
    tc_entities *e = c->e;
    size_t distinct = 0;
    uint32_t counts[NPLACES];
    size_t first[NPLACES];
    memset(counts, 0, sizeof counts);
    for (size_t i = 0; i < e->n_places; i++) {
        int id = e->places[i].id;
        if (counts[id]++ == 0) {
            first[id] = e->places[i].span.start;
            distinct++;
        }
    }
    if (distinct == 0 || c->oom)
        return;
    e->place_counts = calloc(distinct, sizeof *e->place_counts);
    if (!e->place_counts) {
        c->oom = 1;
        return;
    }
    for (size_t id = 0; id < NPLACES; id++) {
        if (!counts[id])
            continue;
        tc_place_count *pc = &e->place_counts[e->n_place_counts++];
        pc->id = (int)id;
        pc->name = places[id].name;
        pc->key = places[id].key;
        pc->count = counts[id];
        pc->first = first[id];
    }
    qsort(e->place_counts, e->n_place_counts, sizeof *e->place_counts,
          by_count);
}

int tc_place_lookup(const char *name, size_t len)
{
    char *folded = NULL;
    int id = -1;
    if (!name || tc_normalize_text(name, len, NULL, &folded) != TC_OK)
        return -1;
    const char *f = folded;
    static const char *const prefixes[] = {"tinh ", "thanh pho ", "tp ",
                                           NULL};
    for (size_t k = 0; prefixes[k]; k++) {
        size_t n = strlen(prefixes[k]);
        if (strncmp(f, prefixes[k], n) == 0) {
            f += n;
            break;
        }
    }
    for (size_t a = 0; a < NALIASES && id < 0; a++)
        if (strcmp(f, aliases[a].folded) == 0)
            id = place_id(aliases[a].display);
    if (id < 0 && strcmp(folded, "tp hcm") == 0)
        id = place_id("Thành phố Hồ Chí Minh");
    free(folded);
    return id;
}
