/* entities_abbr.c: abbreviations Vietnamese official and news text uses,
 * both ways, for the searcher to expand queries ("UBND" also finds "Ủy
 * ban nhân dân", and the phrase also finds the abbreviation).
 *
 * The table is ours, chosen by how often each abbreviation occurs in the
 * shared corpora (news of 2017 and 2021, official documents of 2025:
 * tests/eval/abbr_frequencies.py counts them).  The coccoc acronym list (LGPL-3.0) was only read to
 * check spellings; nothing is copied from it.
 *
 * Keys: an abbreviation's key is its letters and digits, folded ("TT&TT",
 * "tt-tt" and "TTTT" are all "tttt"); an expansion's key is its words,
 * folded and joined by one space.  tests/unit/test_entities.c checks that
 * every key here is what the lookup functions compute. */
#include "entities_int.h"

#include "tracuu/error.h"

#include <stdlib.h>
#include <string.h>

static const tc_abbr abbrs[] = {
    {"UBND", "Ủy ban nhân dân", "ubnd", "uy ban nhan dan"},
    {"HĐND", "Hội đồng nhân dân", "hdnd", "hoi dong nhan dan"},
    {"TT&TT", "Thông tin và Truyền thông",
     "tttt", "thong tin va truyen thong"},
    {"CNTT", "công nghệ thông tin", "cntt", "cong nghe thong tin"},
    {"QĐ", "Quyết định", "qd", "quyet dinh"},
    {"NQ", "Nghị quyết", "nq", "nghi quyet"},
    {"NĐ", "Nghị định", "nd", "nghi dinh"},
    {"TT", "Thông tư", "tt", "thong tu"},
    {"TTLT", "Thông tư liên tịch", "ttlt", "thong tu lien tich"},
    {"CT", "Chỉ thị", "ct", "chi thi"},
    {"KH", "Kế hoạch", "kh", "ke hoach"},
    {"CV", "Công văn", "cv", "cong van"},
    {"TB", "Thông báo", "tb", "thong bao"},
    {"KL", "Kết luận", "kl", "ket luan"},
    {"TTr", "Tờ trình", "ttr", "to trinh"},
    {"KT-XH", "kinh tế - xã hội", "ktxh", "kinh te xa hoi"},
    {"VH-XH", "văn hóa - xã hội", "vhxh", "van hoa xa hoi"},
    {"QP-AN", "quốc phòng - an ninh", "qpan", "quoc phong an ninh"},
    {"ANTT", "an ninh trật tự", "antt", "an ninh trat tu"},
    {"TTATXH", "trật tự an toàn xã hội", "ttatxh", "trat tu an toan xa hoi"},
    {"TP", "thành phố", "tp", "thanh pho"},
    {"TP.HCM", "Thành phố Hồ Chí Minh", "tphcm", "thanh pho ho chi minh"},
    {"HCM", "Hồ Chí Minh", "hcm", "ho chi minh"},
    {"MTTQ", "Mặt trận Tổ quốc", "mttq", "mat tran to quoc"},
    {"UBMTTQ", "Ủy ban Mặt trận Tổ quốc", "ubmttq", "uy ban mat tran to quoc"},
    {"BCH", "Ban Chấp hành", "bch", "ban chap hanh"},
    {"BTV", "Ban Thường vụ", "btv", "ban thuong vu"},
    {"BCĐ", "Ban Chỉ đạo", "bcd", "ban chi dao"},
    {"UBKT", "Ủy ban Kiểm tra", "ubkt", "uy ban kiem tra"},
    {"TW", "Trung ương", "tw", "trung uong"},
    {"TƯ", "Trung ương", "tu", "trung uong"},
    {"TU", "Tỉnh ủy", "tu", "tinh uy"},
    {"QH", "Quốc hội", "qh", "quoc hoi"},
    {"ĐBQH", "đại biểu Quốc hội", "dbqh", "dai bieu quoc hoi"},
    {"UBTVQH", "Ủy ban Thường vụ Quốc hội",
     "ubtvqh", "uy ban thuong vu quoc hoi"},
    {"CP", "Chính phủ", "cp", "chinh phu"},
    {"TTg", "Thủ tướng", "ttg", "thu tuong"},
    {"VPCP", "Văn phòng Chính phủ", "vpcp", "van phong chinh phu"},
    {"GD&ĐT", "Giáo dục và Đào tạo", "gddt", "giao duc va dao tao"},
    {"NN&PTNT", "Nông nghiệp và Phát triển nông thôn",
     "nnptnt", "nong nghiep va phat trien nong thon"},
    {"PTNT", "phát triển nông thôn", "ptnt", "phat trien nong thon"},
    {"NN&MT", "Nông nghiệp và Môi trường",
     "nnmt", "nong nghiep va moi truong"},
    {"KH&CN", "Khoa học và Công nghệ", "khcn", "khoa hoc va cong nghe"},
    {"KHCN", "khoa học công nghệ", "khcn", "khoa hoc cong nghe"},
    {"KH&ĐT", "Kế hoạch và Đầu tư", "khdt", "ke hoach va dau tu"},
    {"TN&MT", "Tài nguyên và Môi trường", "tnmt", "tai nguyen va moi truong"},
    {"LĐ-TB&XH", "Lao động - Thương binh và Xã hội",
     "ldtbxh", "lao dong thuong binh va xa hoi"},
    {"VH-TT&DL", "Văn hóa, Thể thao và Du lịch",
     "vhttdl", "van hoa the thao va du lich"},
    {"GTVT", "Giao thông vận tải", "gtvt", "giao thong van tai"},
    {"BTTTT", "Bộ Thông tin và Truyền thông",
     "btttt", "bo thong tin va truyen thong"},
    {"BTC", "Bộ Tài chính", "btc", "bo tai chinh"},
    {"BTC", "Ban tổ chức", "btc", "ban to chuc"},
    {"BYT", "Bộ Y tế", "byt", "bo y te"},
    {"BCA", "Bộ Công an", "bca", "bo cong an"},
    {"BQP", "Bộ Quốc phòng", "bqp", "bo quoc phong"},
    {"ATGT", "an toàn giao thông", "atgt", "an toan giao thong"},
    {"TNGT", "tai nạn giao thông", "tngt", "tai nan giao thong"},
    {"CSGT", "cảnh sát giao thông", "csgt", "canh sat giao thong"},
    {"BHXH", "bảo hiểm xã hội", "bhxh", "bao hiem xa hoi"},
    {"BHYT", "bảo hiểm y tế", "bhyt", "bao hiem y te"},
    {"BHTN", "bảo hiểm thất nghiệp", "bhtn", "bao hiem that nghiep"},
    {"THPT", "trung học phổ thông", "thpt", "trung hoc pho thong"},
    {"THCS", "trung học cơ sở", "thcs", "trung hoc co so"},
    {"CAND", "Công an nhân dân", "cand", "cong an nhan dan"},
    {"QĐND", "Quân đội nhân dân", "qdnd", "quan doi nhan dan"},
    {"LLVT", "lực lượng vũ trang", "llvt", "luc luong vu trang"},
    {"BCHQS", "Bộ Chỉ huy Quân sự", "bchqs", "bo chi huy quan su"},
    {"TAND", "Tòa án nhân dân", "tand", "toa an nhan dan"},
    {"VKSND", "Viện kiểm sát nhân dân", "vksnd", "vien kiem sat nhan dan"},
    {"HĐXX", "hội đồng xét xử", "hdxx", "hoi dong xet xu"},
    {"CQĐT", "cơ quan điều tra", "cqdt", "co quan dieu tra"},
    {"HĐQT", "hội đồng quản trị", "hdqt", "hoi dong quan tri"},
    {"TNHH", "trách nhiệm hữu hạn", "tnhh", "trach nhiem huu han"},
    {"CTCP", "công ty cổ phần", "ctcp", "cong ty co phan"},
    {"DN", "doanh nghiệp", "dn", "doanh nghiep"},
    {"DNNN", "doanh nghiệp nhà nước", "dnnn", "doanh nghiep nha nuoc"},
    {"HTX", "hợp tác xã", "htx", "hop tac xa"},
    {"KCN", "khu công nghiệp", "kcn", "khu cong nghiep"},
    {"CCN", "cụm công nghiệp", "ccn", "cum cong nghiep"},
    {"KKT", "khu kinh tế", "kkt", "khu kinh te"},
    {"TTHC", "thủ tục hành chính", "tthc", "thu tuc hanh chinh"},
    {"CCHC", "cải cách hành chính", "cchc", "cai cach hanh chinh"},
    {"DVC", "dịch vụ công", "dvc", "dich vu cong"},
    {"TTPVHCC", "Trung tâm Phục vụ hành chính công",
     "ttpvhcc", "trung tam phuc vu hanh chinh cong"},
    {"CSDL", "cơ sở dữ liệu", "csdl", "co so du lieu"},
    {"CĐS", "chuyển đổi số", "cds", "chuyen doi so"},
    {"ATTT", "an toàn thông tin", "attt", "an toan thong tin"},
    {"ATTP", "an toàn thực phẩm", "attp", "an toan thuc pham"},
    {"PCCC", "phòng cháy chữa cháy", "pccc", "phong chay chua chay"},
    {"NSNN", "ngân sách nhà nước", "nsnn", "ngan sach nha nuoc"},
    {"NHNN", "Ngân hàng Nhà nước", "nhnn", "ngan hang nha nuoc"},
    {"ĐBSCL", "Đồng bằng sông Cửu Long", "dbscl", "dong bang song cuu long"},
    {"BĐS", "bất động sản", "bds", "bat dong san"},
    {"GRDP", "tổng sản phẩm trên địa bàn",
     "grdp", "tong san pham tren dia ban"},
    {"HLV", "huấn luyện viên", "hlv", "huan luyen vien"},
    {"CLB", "câu lạc bộ", "clb", "cau lac bo"},
    {"VĐV", "vận động viên", "vdv", "van dong vien"},
    {"ĐH", "đại học", "dh", "dai hoc"},
    {"ĐHQG", "Đại học Quốc gia", "dhqg", "dai hoc quoc gia"},
    {"GS", "giáo sư", "gs", "giao su"},
    {"PGS", "phó giáo sư", "pgs", "pho giao su"},
    {"TS", "tiến sĩ", "ts", "tien si"},
    {"ThS", "thạc sĩ", "ths", "thac si"},
    {"BS", "bác sĩ", "bs", "bac si"},
    {"NSND", "Nghệ sĩ Nhân dân", "nsnd", "nghe si nhan dan"},
    {"NSƯT", "Nghệ sĩ Ưu tú", "nsut", "nghe si uu tu"},
    {"LHQ", "Liên hợp quốc", "lhq", "lien hop quoc"},
    {"TTXVN", "Thông tấn xã Việt Nam", "ttxvn", "thong tan xa viet nam"},
    {"XHCN", "xã hội chủ nghĩa", "xhcn", "xa hoi chu nghia"},
    {"CHXHCN", "Cộng hòa xã hội chủ nghĩa",
     "chxhcn", "cong hoa xa hoi chu nghia"},
    {"BQL", "ban quản lý", "bql", "ban quan ly"},
    {"QLNN", "quản lý nhà nước", "qlnn", "quan ly nha nuoc"},
    {"ĐVHC", "đơn vị hành chính", "dvhc", "don vi hanh chinh"},
    {"CMND", "chứng minh nhân dân", "cmnd", "chung minh nhan dan"},
    {"CCCD", "căn cước công dân", "cccd", "can cuoc cong dan"},
    {"GPLX", "giấy phép lái xe", "gplx", "giay phep lai xe"},
    {"GTGT", "giá trị gia tăng", "gtgt", "gia tri gia tang"},
    {"VBQPPL", "văn bản quy phạm pháp luật",
     "vbqppl", "van ban quy pham phap luat"},
    {"QPPL", "quy phạm pháp luật", "qppl", "quy pham phap luat"},
    {"NTM", "nông thôn mới", "ntm", "nong thon moi"},
    {"LĐLĐ", "Liên đoàn Lao động", "ldld", "lien doan lao dong"},
    {"SGK", "sách giáo khoa", "sgk", "sach giao khoa"},
    {"PT-TH", "phát thanh - truyền hình", "ptth", "phat thanh truyen hinh"},
    {"CBCCVC", "cán bộ, công chức, viên chức",
     "cbccvc", "can bo cong chuc vien chuc"},
    {"HS", "học sinh", "hs", "hoc sinh"},
    {"GV", "giáo viên", "gv", "giao vien"},
    {"SV", "sinh viên", "sv", "sinh vien"},
    {"VN", "Việt Nam", "vn", "viet nam"},
    {"PV", "phóng viên", "pv", "phong vien"},
    {"BV", "bệnh viện", "bv", "benh vien"},
    {"BVĐK", "bệnh viện đa khoa", "bvdk", "benh vien da khoa"},
    {"VB", "văn bản", "vb", "van ban"},
    {"BKS", "biển kiểm soát", "bks", "bien kiem soat"},
    {"CĐV", "cổ động viên", "cdv", "co dong vien"},
    {"CSĐT", "cảnh sát điều tra", "csdt", "canh sat dieu tra"},
    {"NXB", "nhà xuất bản", "nxb", "nha xuat ban"},
    {"VKS", "viện kiểm sát", "vks", "vien kiem sat"},
    {"TX", "thị xã", "tx", "thi xa"},
    {"CA", "công an", "ca", "cong an"},
    {"CATP", "công an thành phố", "catp", "cong an thanh pho"},
    {"ĐB", "đại biểu", "db", "dai bieu"},
    {"SN", "sinh năm", "sn", "sinh nam"},
    {"CBCNV", "cán bộ công nhân viên", "cbcnv", "can bo cong nhan vien"},
};

#define NABBRS (sizeof abbrs / sizeof abbrs[0])

const tc_abbr *tc_abbr_table(size_t *n)
{
    if (n)
        *n = NABBRS;
    return abbrs;
}

/* The folded words of s[0..len) joined by one space, or (letters_only)
 * with nothing between them; NULL when out of memory. */
static char *key_of(const char *s, size_t len, int letters_only)
{
    char *folded = NULL;
    if (tc_normalize_text(s, len, NULL, &folded) != TC_OK)
        return NULL;
    if (letters_only) {
        size_t o = 0;
        for (size_t i = 0; folded[i]; i++)
            if (folded[i] != ' ')
                folded[o++] = folded[i];
        folded[o] = '\0';
    }
    return folded;
}

static size_t lookup(const char *s, size_t len, int by_abbr,
                     const tc_abbr **out, size_t cap)
{
    size_t n = 0;
    if (!s)
        return 0;
    char *key = key_of(s, len, by_abbr);
    if (!key || !key[0]) {
        free(key);
        return 0;
    }
    for (size_t i = 0; i < NABBRS; i++) {
        const char *k = by_abbr ? abbrs[i].abbr_key : abbrs[i].expansion_key;
        if (strcmp(k, key) != 0)
            continue;
        if (out && n < cap)
            out[n] = &abbrs[i];
        n++;
    }
    free(key);
    return n;
}

size_t tc_abbr_expansions(const char *s, size_t len, const tc_abbr **out,
                          size_t cap)
{
    return lookup(s, len, 1, out, cap);
}

size_t tc_abbr_abbreviations(const char *s, size_t len, const tc_abbr **out,
                             size_t cap)
{
    return lookup(s, len, 0, out, cap);
}
