use super::*;
use crate::model::Kind;

const DECREE: &str = "CHÍNH PHỦ
-------
Số: 12/2026/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 05 tháng 01 năm 2026

NGHỊ ĐỊNH
Quy định về thử nghiệm

Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;
Theo đề nghị của Bộ trưởng Bộ Tư pháp;
Chính phủ ban hành Nghị định quy định về thử nghiệm.

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về thử nghiệm.
Điều 2. Giải thích từ ngữ
Trong Nghị định này, các từ ngữ dưới đây được hiểu như sau:
1. Thử nghiệm là việc sau đây:
a) Việc thứ nhất;
b) Việc thứ hai.
Trường hợp khác do Bộ trưởng quyết định.
2. Khoản hai.
Điều 2a. Điều chèn
Nội dung.

Chương II
ĐIỀU KHOẢN THI HÀNH

Điều 3. Hiệu lực thi hành
1. Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 3 năm 2026.
2. Nghị định số 01/2020/NĐ-CP hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành.

Nơi nhận:
- Các Bộ;
- Lưu: VT.
TM. CHÍNH PHỦ
THỦ TƯỚNG
Nguyễn Văn A

PHỤ LỤC
MẪU QUYẾT ĐỊNH
Điều 1. Quyết định mẫu
Điều 2. Hiệu lực
";

#[test]
fn decree_structure_and_metadata() {
    let doc = parse_text(DECREE);
    let m = &doc.meta;
    assert_eq!(m.number.as_deref(), Some("12/2026/NĐ-CP"));
    assert_eq!(m.doc_type.as_deref(), Some("Nghị định"));
    assert_eq!(m.issuer.as_deref(), Some("Chính phủ"));
    assert_eq!(m.place.as_deref(), Some("Hà Nội"));
    assert_eq!(m.issued.map(|d| d.to_string()).as_deref(), Some("2026-01-05"));
    assert_eq!(m.title.as_deref(), Some("Nghị định quy định về thử nghiệm"));
    assert_eq!(m.bases, vec!["Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15"]);
    assert_eq!(m.effective.map(|d| d.to_string()).as_deref(), Some("2026-03-01"));
    assert_eq!(m.signer.as_deref(), Some("Nguyễn Văn A"));
    assert_eq!(m.ends.len(), 1);
    assert_eq!(m.ends[0].target, "01/2020/NĐ-CP");
    assert_eq!(m.ends[0].date.map(|d| d.to_string()).as_deref(), Some("2026-03-01"));

    assert_eq!(doc.article_count(), 4);
    let root = &doc.root;
    assert_eq!(root.count(Kind::Chapter), 2);
    let chapter = root.find("chp_1").expect("chapter I");
    assert_eq!(chapter.heading.as_deref(), Some("QUY ĐỊNH CHUNG"));
    let art2 = root.find("art_2").expect("art 2");
    assert_eq!(art2.heading.as_deref(), Some("Giải thích từ ngữ"));
    assert_eq!(art2.text, "Trong Nghị định này, các từ ngữ dưới đây được hiểu như sau:");
    let cl1 = root.find("art_2__cl_1").expect("clause 1");
    assert_eq!(cl1.text, "Thử nghiệm là việc sau đây:");
    assert_eq!(cl1.children.len(), 2);
    assert_eq!(cl1.trailing, "Trường hợp khác do Bộ trưởng quyết định.");
    assert_eq!(root.find("art_2__cl_1__pt_b").unwrap().text, "Việc thứ hai.");
    assert!(root.find("art_2a").is_some());
    // Annex forms restart at Điều 1 and never collide with body ids.
    let annex = root.find("annex_1").expect("annex");
    assert_eq!(annex.count(Kind::Article), 2);
    assert!(root.find("annex_1__art_1").is_some());
    assert_eq!(root.find("art_1").unwrap().heading.as_deref(), Some("Phạm vi điều chỉnh"));
    let recipients = root.find("recipients").expect("recipients");
    assert!(recipients.text.contains("- Các Bộ;"));
    let pre = root.find("preamble").expect("preamble");
    assert!(pre.text.starts_with("Căn cứ Luật Tổ chức"));
}

#[test]
fn point_continuation_between_points_stays_with_the_point() {
    let doc = parse_text("Điều 1. A\n1. Lead:\na) One.\nMore of one.\nb) Two.\n2. Next");
    let a = doc.root.find("art_1__cl_1__pt_a").unwrap();
    assert_eq!(a.text, "One.\nMore of one.");
    assert!(doc.root.find("art_1__cl_1").unwrap().trailing.is_empty());
}

#[test]
fn quoted_amendment_text_is_payload() {
    let text = "Điều 1. Sửa đổi, bổ sung Điều 43 như sau:
\"Điều 43. Vi phạm mới
1. Phạt tiền.
a) Điểm.\".
Điều 2. Bổ sung điểm c vào sau điểm b khoản 4 Điều 46 như sau:
“c) Không kê khai;
Điều 3. Bãi bỏ Điều 49.
Điều 4. Hiệu lực thi hành
Nghị định này có hiệu lực thi hành kể từ ngày ký ban hành.";
    let doc = parse_text(text);
    assert_eq!(doc.article_count(), 4, "{:#?}", doc.root);
    let a1 = doc.root.find("art_1").unwrap();
    assert!(a1.children.is_empty());
    assert!(a1.text.contains("\"Điều 43. Vi phạm mới"));
    assert!(doc.root.find("art_43").is_none());
    // The missing closing quote after “c) … is recovered at the next instruction.
    assert!(doc.root.find("art_3").is_some());
    assert!(doc.meta.effective_on_signing);
}

#[test]
fn law_date_from_closing_line() {
    let text = "QUỐC HỘI
Luật số: 91/2015/QH13
BỘ LUẬT
DÂN SỰ
Căn cứ Hiến pháp;
PHẦN THỨ NHẤT
QUY ĐỊNH CHUNG
Chương\u{00A0}I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi
Nội dung.
Điều 2. Hiệu lực thi hành
Bộ luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2017.
Bộ luật dân sự số 33/2005/QH11 hết hiệu lực kể từ ngày Bộ luật này có hiệu lực.
Bộ luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIII, kỳ họp thứ 10 thông qua ngày 24 tháng 11 năm 2015.
CHỦ TỊCH QUỐC HỘI
Nguyễn Sinh Hùng";
    let doc = parse_text(text);
    let m = &doc.meta;
    assert_eq!(m.number.as_deref(), Some("91/2015/QH13"));
    assert_eq!(m.title.as_deref(), Some("Bộ luật Dân sự"));
    assert_eq!(m.issuer.as_deref(), Some("Quốc hội"));
    assert_eq!(m.issued.unwrap().to_string(), "2015-11-24");
    assert_eq!(m.effective.unwrap().to_string(), "2017-01-01");
    assert_eq!(m.signer.as_deref(), Some("Nguyễn Sinh Hùng"));
    assert_eq!(m.ends[0].target, "33/2005/QH11");
    assert_eq!(doc.root.find("part_1").unwrap().label(), "Phần thứ nhất");
    assert!(doc.root.find("chp_1").is_some());
    assert!(!doc.root.find("art_2").unwrap().text.contains("thông qua"));
}

#[test]
fn text_without_structure_is_kept() {
    let doc = parse_text("Án lệ số 26/2018/AL về thời hiệu\nNội dung vụ án.");
    assert_eq!(doc.meta.number.as_deref(), Some("26/2018/AL"));
    assert!(doc.root.text.contains("Nội dung vụ án."));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn line_strategy() -> impl Strategy<Value = String> {
        prop_oneof![
            "Điều [0-9]{1,4}[a-zđ]?[.:]? ?[A-Za-zÀ-ỹ ]{0,20}",
            "[0-9]{1,3}[a-z]?\\. ?[a-zà-ỹ ]{0,20}",
            "[a-zđ][0-9]?\\) ?[a-z ]{0,10}",
            "(Chương|CHƯƠNG|Mục|Tiểu mục|PHẦN THỨ|Phần) [IVXLC0-9]{0,5}[.:]? ?[A-ZÀ-Ỹ ]{0,10}",
            "(PHỤ LỤC|Phụ lục|Nơi nhận:|TM. CHÍNH PHỦ|Số: [0-9/A-Z-]{0,12}|\"|“|”)[^\n]{0,20}",
            "[^\n]{0,40}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]
        #[test]
        fn never_panics_and_ids_are_unique(lines in proptest::collection::vec(line_strategy(), 0..60)) {
            let doc = parse_lines(&lines);
            let mut seen = std::collections::HashSet::new();
            for (node, _) in doc.root.walk() {
                prop_assert!(seen.insert(node.eid.clone()), "duplicate eid {}", node.eid);
            }
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
            let _ = parse_text(&s);
            let _ = crate::locate::to_eid(&s);
            let _ = crate::number::canonical(&s);
            let _ = crate::normalize::match_key(&s);
        }

        #[test]
        fn docx_reader_never_panics_on_garbage(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let _ = docx::read(&bytes);
        }
    }
}

#[test]
fn all_caps_titles_keep_names_and_numbers() {
    let doc = parse_text(
        "CHÍNH PHỦ\nSố: 288/2026/NĐ-CP\nNGHỊ ĐỊNH\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 122/2021/NĐ-CP NGÀY 28 THÁNG 12 NĂM 2021 CỦA CHÍNH PHỦ QUY ĐỊNH VỀ XỬ PHẠT\nĐiều 1. A",
    );
    assert_eq!(
        doc.meta.title.as_deref(),
        Some(
            "Nghị định sửa đổi, bổ sung một số điều của Nghị định số 122/2021/NĐ-CP ngày 28 tháng 12 năm 2021 của Chính phủ quy định về xử phạt"
        )
    );
    let law = parse_text(
        "QUỐC HỘI\nLuật số: 76/2025/QH15\nLUẬT\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT DOANH NGHIỆP\nĐiều 1. A",
    );
    assert_eq!(law.meta.title.as_deref(), Some("Luật sửa đổi, bổ sung một số điều của Luật Doanh nghiệp"));
}

#[test]
fn documents_ended_by_a_long_list() {
    let doc = parse_text(
        "QUỐC HỘI\nLuật số: 106/2025/QH15\nLUẬT\nTHI HÀNH ÁN DÂN SỰ\nĐiều 115. Hiệu lực thi hành\n1. Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.\n3. Nghị quyết số 107/2015/QH13 ngày 26 tháng 11 năm 2015 của Quốc hội về thực hiện chế định Thừa phát lại; Luật Thi hành án dân sự số 26/2008/QH12 đã được sửa đổi, bổ sung một số điều theo Luật số 64/2014/QH13, Luật số 23/2018/QH14 (sau đây gọi là Luật Thi hành án dân sự số 26/2008/QH12) hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành, trừ quy định tại khoản 1 Điều 116 của Luật này.",
    );
    let ended: Vec<&str> = doc.meta.ends.iter().map(|e| e.target.as_str()).collect();
    assert_eq!(ended, ["107/2015/QH13", "26/2008/QH12"]);
    assert!(doc.meta.ends.iter().all(|e| e.date.map(|d| d.to_string()).as_deref() == Some("2026-07-01")));
}
