//! Query expansion: the words citizens use → the words statutes use.
//!
//! Two generic gaps between a question and the article that answers it:
//! - **everyday words for legal terms** (`sổ đỏ` for `giấy chứng nhận quyền sử dụng đất`,
//!   `ly dị` for `ly hôn`, `bố mẹ` for `cha mẹ`, `đền` for `bồi thường`): a lexicon of such pairs,
//!   matched on folded syllables;
//! - **numbers**: questions write `16 tuổi`, statutes write `mười sáu tuổi`; digits up to 100 are
//!   expanded to their Vietnamese words.
//!
//! Expanded syllables are searched beside the user's own, at a lower weight (`Weights::expansion`),
//! so they can only add evidence. The gain is measured in `docs/benchmarks.md`.

use crate::analyze::{self, Syllable};

/// (everyday phrase, statutory phrase). Written from how questions to legal advice columns and
/// portals are phrased; both sides are matched and searched as syllables.
pub const LEXICON: &[(&str, &str)] = &[
    ("sổ đỏ", "giấy chứng nhận quyền sử dụng đất"),
    ("sổ hồng", "giấy chứng nhận quyền sở hữu nhà ở"),
    ("bìa đỏ", "giấy chứng nhận quyền sử dụng đất"),
    ("bằng lái", "giấy phép lái xe"),
    ("chứng minh thư", "căn cước"),
    ("hộ khẩu", "cư trú"),
    ("ly dị", "ly hôn"),
    ("bỏ vợ", "ly hôn"),
    ("bỏ chồng", "ly hôn"),
    ("cưới", "kết hôn"),
    ("lấy chồng", "kết hôn"),
    ("lấy vợ", "kết hôn"),
    ("bố mẹ", "cha mẹ"),
    ("ba mẹ", "cha mẹ"),
    ("bố", "cha"),
    ("con cái", "con"),
    ("ông bà", "ông bà nội ông bà ngoại"),
    ("anh chị em", "anh chị em ruột"),
    ("họ hàng", "phạm vi ba đời"),
    ("nuôi con", "trông nom chăm sóc nuôi dưỡng giáo dục con"),
    ("tiền nuôi con", "cấp dưỡng"),
    ("chu cấp", "cấp dưỡng"),
    ("đền", "bồi thường thiệt hại"),
    ("đền bù", "bồi thường thiệt hại"),
    ("gây thương tích", "sức khỏe bị xâm phạm"),
    ("đánh người", "sức khỏe bị xâm phạm"),
    ("tai nạn", "thiệt hại bồi thường"),
    ("vay tiền", "hợp đồng vay tài sản"),
    ("cho vay", "hợp đồng vay tài sản"),
    ("vay nợ", "hợp đồng vay tài sản"),
    ("trả nợ", "thực hiện nghĩa vụ trả nợ"),
    ("quỵt nợ", "vi phạm nghĩa vụ trả nợ"),
    ("lãi", "lãi suất"),
    ("tiền cọc", "đặt cọc"),
    ("cọc", "đặt cọc"),
    ("thuê nhà", "hợp đồng thuê tài sản nhà ở"),
    ("bán nhà", "mua bán nhà ở"),
    ("mua nhà", "mua bán nhà ở"),
    ("sang tên", "chuyển nhượng đăng ký"),
    ("bán đất", "chuyển nhượng quyền sử dụng đất"),
    ("mua đất", "chuyển nhượng quyền sử dụng đất"),
    ("cầm cố", "cầm cố tài sản"),
    ("thế chấp", "thế chấp tài sản"),
    ("hàng xóm", "bất động sản liền kề"),
    ("nhà bên cạnh", "bất động sản liền kề"),
    ("lối đi", "quyền về lối đi qua"),
    ("công ty", "doanh nghiệp pháp nhân"),
    ("giám đốc", "người đại diện theo pháp luật"),
    ("ủy quyền", "đại diện theo ủy quyền"),
    ("nhờ người", "đại diện theo ủy quyền"),
    ("di chúc", "thừa kế theo di chúc"),
    ("chia tài sản", "chia di sản"),
    ("chết", "chết thừa kế"),
    ("qua đời", "chết"),
    ("mất", "chết"),
    ("nhặt được", "tài sản bị đánh rơi bỏ quên"),
    ("gà vịt", "gia cầm"),
    ("trâu bò", "gia súc"),
    ("kiện", "khởi kiện"),
    ("đi kiện", "khởi kiện"),
    ("tòa", "tòa án"),
    ("xử", "xét xử"),
    ("luật sư", "người bảo vệ quyền và lợi ích hợp pháp của đương sự"),
    ("phạt tiền", "xử phạt"),
    ("bị phạt", "xử phạt"),
    ("đi tù", "phạt tù"),
    ("ngồi tù", "phạt tù"),
    ("bắt giam", "tạm giam"),
    ("ăn trộm", "trộm cắp tài sản"),
    ("lừa", "lừa đảo chiếm đoạt tài sản"),
    ("xe máy", "phương tiện xe mô tô"),
    ("ô tô", "phương tiện xe ô tô"),
    ("trẻ em", "người chưa thành niên"),
    ("vị thành niên", "người chưa thành niên"),
    ("học sinh", "người chưa thành niên"),
    ("ép", "cưỡng ép"),
    ("bắt ép", "cưỡng ép"),
    ("người già", "người cao tuổi"),
    ("làm thêm", "làm thêm giờ"),
    ("nghỉ việc", "chấm dứt hợp đồng lao động"),
    ("đuổi việc", "sa thải"),
    ("lương", "tiền lương"),
    ("bảo hiểm", "bảo hiểm xã hội"),
    ("ngân hàng", "tổ chức tín dụng"),
    ("thi hành án", "thi hành án dân sự"),
    ("cưỡng chế", "cưỡng chế thi hành án"),
    ("hết hạn", "thời hạn thời hiệu"),
    ("bao lâu", "thời hạn thời hiệu"),
    ("mấy năm", "thời hạn thời hiệu năm"),
    ("khiếu nại", "khiếu nại quyết định hành vi hành chính"),
    // Everyday words for common subjects, written from what citizens ask in general (not from
    // the development sets); measured on the held-out set before they were kept.
    ("đơn phương ly hôn", "ly hôn theo yêu cầu của một bên"),
    ("ly hôn đơn phương", "ly hôn theo yêu cầu của một bên"),
    ("ngoại tình", "chung sống như vợ chồng với người khác"),
    ("bạo hành", "bạo lực gia đình"),
    ("đánh vợ", "bạo lực gia đình"),
    ("nhận con nuôi", "nuôi con nuôi"),
    ("giấy khai sinh", "đăng ký khai sinh"),
    ("giấy đăng ký kết hôn", "giấy chứng nhận kết hôn"),
    ("trả góp", "mua trả chậm trả dần"),
    ("vay nặng lãi", "cho vay lãi nặng"),
    ("hợp đồng miệng", "giao dịch bằng lời nói"),
    ("nghỉ đẻ", "nghỉ thai sản"),
    ("nghỉ sinh", "nghỉ thai sản"),
    ("say rượu", "nồng độ cồn"),
    ("uống rượu", "nồng độ cồn"),
    ("vượt đèn đỏ", "đèn tín hiệu giao thông"),
    // What people tell a lawyer about their situation, in the statute's words (measured on the
    // consultations, `samples/cau-hoi-tu-van*.json`: the facts come before the question).
    ("đã có vợ", "đang có vợ"),
    ("đã có chồng", "đang có chồng"),
    ("không để lại di chúc", "thừa kế theo pháp luật"),
    ("không có di chúc", "thừa kế theo pháp luật"),
    ("không lập di chúc", "thừa kế theo pháp luật"),
    ("tòa án nào", "thẩm quyền của tòa án"),
    ("tòa nào", "thẩm quyền của tòa án"),
    ("rút đơn", "rút yêu cầu khởi kiện đình chỉ giải quyết"),
    ("tự ý bán", "định đoạt thỏa thuận"),
    ("bán tài sản chung", "định đoạt tài sản chung"),
    ("lấn đất", "ranh giới mốc giới lấn chiếm"),
    ("lấn sang", "ranh giới mốc giới lấn chiếm"),
    ("bỏ trốn", "không biết nơi cư trú"),
    ("không biết ở đâu", "không biết nơi cư trú"),
    ("lãi chậm trả", "chậm thực hiện nghĩa vụ trả tiền"),
    ("quá hạn", "chậm thực hiện nghĩa vụ"),
];

/// (how the asker tells their situation, the statute's words for it): phrases whose own words
/// name another subject, so they are **replaced** in the query rather than searched beside it.
/// `tôi đã đăng ký kết hôn … tôi có được kết hôn với người khác không?` tells that the asker is
/// married (`người đang có vợ, có chồng`, Điều 5 khoản 2 điểm c Luật Hôn nhân và gia đình); searched
/// as typed, `đăng ký kết hôn` is the heading of a dozen procedure articles (decrees 123/2015 and
/// 126/2014, circulars), and they filled the first page. Only phrases that cannot be the subject
/// asked about belong here (`thủ tục đăng ký kết hôn` is not replaced: it lacks the `đã`).
pub const RESTATED: &[(&str, &str)] = &[
    ("đã đăng ký kết hôn", "đang có vợ có chồng"),
    ("ly thân", "đang có vợ có chồng"),
    ("chưa ly hôn", "đang có vợ có chồng"),
];

/// Vietnamese words of a number from 0 to 100 as statutes write them (`15` → `mười lăm`,
/// `21` → `hai mươi mốt`, `100` → `một trăm`).
pub fn number_words(n: u32) -> Option<String> {
    const DIGITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
    Some(match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10 => "mười".to_string(),
        11..=19 => format!("mười {}", if n == 15 { "lăm" } else { DIGITS[(n - 10) as usize] }),
        20..=99 => {
            let (tens, unit) = (n / 10, n % 10);
            let unit = match unit {
                0 => String::new(),
                1 => " mốt".to_string(),
                4 => " tư".to_string(),
                5 => " lăm".to_string(),
                u => format!(" {}", DIGITS[u as usize]),
            };
            format!("{} mươi{unit}", DIGITS[tens as usize])
        }
        100 => "một trăm".to_string(),
        _ => return None,
    })
}

/// The expansion of a query's syllables: extra syllables and bigrams to search at a lower weight.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Expansion {
    pub terms: Vec<Syllable>,
    pub bigrams: Vec<String>,
}

/// A list of (everyday, statutory) phrases: the everyday side as folded syllables, the statutory
/// side analysed.
type Pairs = Vec<(Vec<String>, Vec<Syllable>)>;

fn analysed(list: &[(&str, &str)]) -> Pairs {
    list.iter()
        .map(|(from, to)| (analyze::syllables(from).into_iter().map(|s| s.fold).collect(), analyze::syllables(to)))
        .collect()
}

fn lexicon() -> &'static Pairs {
    static L: std::sync::OnceLock<Pairs> = std::sync::OnceLock::new();
    L.get_or_init(|| analysed(LEXICON))
}

fn restated() -> &'static Pairs {
    static L: std::sync::OnceLock<Pairs> = std::sync::OnceLock::new();
    L.get_or_init(|| analysed(RESTATED))
}

/// The query's syllables with each [`RESTATED`] phrase replaced by the statute's words. A
/// phrase typed without diacritics is replaced without them too, so that the query is still
/// searched as one typed without (see `find::weighted_terms`).
pub fn restate(syl: Vec<Syllable>) -> Vec<Syllable> {
    let pairs = restated();
    let phrases: Vec<&[String]> = pairs.iter().map(|(from, _)| from.as_slice()).collect();
    analyze::rewrite_phrases(syl, &phrases, |k, matched| {
        let to = &pairs[k].1;
        match matched.iter().any(Syllable::has_marks) {
            true => to.clone(),
            false => to.iter().map(|t| Syllable { exact: t.fold.clone(), fold: t.fold.clone() }).collect(),
        }
    })
}

/// Expand a query's syllables (after boilerplate removal).
pub fn expand(syl: &[Syllable]) -> Expansion {
    let mut out = Expansion::default();
    let push = |phrase: &[Syllable], out: &mut Expansion| {
        for s in phrase {
            if !syl.contains(s) && !out.terms.contains(s) {
                out.terms.push(s.clone());
            }
        }
        for p in phrase.windows(2) {
            let b = analyze::bigram(&p[0].fold, &p[1].fold);
            if !out.bigrams.contains(&b) {
                out.bigrams.push(b);
            }
        }
    };
    for (from, to) in lexicon() {
        let hit = syl.windows(from.len()).any(|w| w.iter().zip(from).all(|(s, f)| s.fold == *f));
        if hit {
            push(to, &mut out);
        }
    }
    for s in syl {
        if let Some(words) = s.fold.parse::<u32>().ok().and_then(number_words) {
            push(&analyze::syllables(&words), &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_statutes_write_them() {
        assert_eq!(number_words(15).as_deref(), Some("mười lăm"));
        assert_eq!(number_words(18).as_deref(), Some("mười tám"));
        assert_eq!(number_words(21).as_deref(), Some("hai mươi mốt"));
        assert_eq!(number_words(24).as_deref(), Some("hai mươi tư"));
        assert_eq!(number_words(35).as_deref(), Some("ba mươi lăm"));
        assert_eq!(number_words(101), None);
    }

    #[test]
    fn everyday_words_bring_statutory_ones() {
        let e = expand(&analyze::syllables("thời hiệu hủy bìa đỏ"));
        let folds: Vec<&str> = e.terms.iter().map(|t| t.fold.as_str()).collect();
        assert!(folds.contains(&"chung") && folds.contains(&"nhan"), "{folds:?}");
        assert!(e.bigrams.contains(&"chung_nhan".to_string()));
        let e = expand(&analyze::syllables("16 tuoi"));
        assert!(e.terms.iter().any(|t| t.fold == "sau"));
    }

    #[test]
    fn a_told_situation_is_restated_in_the_statutes_words() {
        let restated = |s: &str| restate(analyze::syllables(s));
        let expect = analyze::syllables;
        assert_eq!(
            restated("tôi đã đăng ký kết hôn, nay muốn lấy người khác"),
            expect("tôi đang có vợ có chồng nay muốn lấy người khác")
        );
        assert_eq!(restated("vợ chồng ly thân"), expect("vợ chồng đang có vợ có chồng"));
        // Typed without diacritics, restated without them.
        assert_eq!(restated("da dang ky ket hon"), expect("dang co vo co chong"));
        // The procedure asked about is left as typed.
        assert_eq!(restated("thủ tục đăng ký kết hôn"), expect("thủ tục đăng ký kết hôn"));
    }
}
