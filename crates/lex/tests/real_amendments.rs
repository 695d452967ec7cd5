//! Amendments on real texts: Nghị định 288/2026/NĐ-CP amending 122/2021/NĐ-CP (in force on signing,
//! 21/07/2026), applied to the shared excerpt of 122/2021.

mod common;

use common::read;
use lex::amend::{DatedOp, Op, apply, parse};
use lex::parse::parse_text;
use lex::{Date, Kind};
use std::path::PathBuf;

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

#[test]
fn decree_288_2026_amends_122_2021() {
    let (Some(base), Some(amending)) = (
        read("doanh-nghiep-amend/nd-122-2021-nd-cp-dang-ky-doanh-nghiep-v1.txt"),
        read("doanh-nghiep-amend/nd-288-2026-nd-cp-v1.source.txt"),
    ) else {
        return;
    };
    let base = parse_text(&base);
    let amending = parse_text(&amending);
    assert_eq!(parse::amended_document(&amending).as_deref(), Some("122/2021/NĐ-CP"));
    assert_eq!(amending.meta.effective, Some(d("2026-07-21")), "in force on signing");
    let instructions = parse::instructions(&amending);
    let mut ops = vec![];
    for (i, ins) in instructions.iter().enumerate() {
        for op in &ins.ops {
            ops.push(DatedOp {
                op: op.clone(),
                effective: d("2026-07-21"),
                by: "288/2026/NĐ-CP".into(),
                instruction: ins.source_eid.clone(),
                seq: i as u32,
                correction: false,
            });
        }
    }
    let kinds: Vec<String> = ops.iter().map(|o| parse::describe(&o.op)).collect();
    for expected in [
        "sửa đổi art_43",
        "sửa đổi art_44",
        "bổ sung art_46__cl_4__pt_c",
        "bổ sung art_46__cl_5__pt_d",
        "sửa đổi art_48",
        "sửa đoạn mở đầu art_52__cl_2",
        "bổ sung art_52__cl_2__pt_dd",
        "bổ sung art_52__cl_2__pt_e",
        "bổ sung art_52__cl_2__pt_g",
        "bổ sung art_52__cl_3__pt_e",
        "bổ sung art_52__cl_3__pt_g",
        "bãi bỏ art_49",
        "bãi bỏ art_50__cl_1__pt_a",
        "bãi bỏ art_50__cl_1__pt_b",
        "bãi bỏ art_50__cl_2__pt_a",
        "bãi bỏ art_50__cl_2__pt_b",
    ] {
        assert!(kinds.contains(&expected.to_string()), "missing {expected}; got {kinds:#?}");
    }
    assert!(
        instructions.iter().all(|i| i.problems.is_empty()),
        "{:#?}",
        instructions.iter().filter(|i| !i.problems.is_empty()).collect::<Vec<_>>()
    );

    // The day before: the original wording.
    let before = apply::apply_all(&base.root, &ops, d("2026-07-20"));
    assert!(before.root.find("art_49").is_some());
    assert!(before.root.find("art_50__cl_1__pt_a").is_some());
    assert!(before.root.find("art_46__cl_4__pt_c").is_none());
    assert_eq!(before.pending.len(), ops.len());

    // From 21/07/2026.
    let after = apply::apply_all(&base.root, &ops, d("2026-07-21"));
    let r = &after.root;
    assert!(r.find("art_49").is_none() && after.repealed.contains_key("art_49"));
    assert!(r.find("art_50__cl_1__pt_a").is_none() && r.find("art_50__cl_1__pt_b").is_none());
    assert!(r.find("art_50__cl_2__pt_a").is_none() && r.find("art_50__cl_2__pt_b").is_none());
    let a43 = r.find("art_43").unwrap();
    assert!(a43.text.starts_with("Phạt tiền từ 30.000.000 đồng đến 70.000.000 đồng"), "{}", a43.text);
    assert_eq!(after.provenance["art_43"].by, "288/2026/NĐ-CP");
    assert!(r.find("art_44__cl_7").is_some());
    assert!(r.find("art_46__cl_4__pt_c").unwrap().text.starts_with("Không kê khai thông tin về chủ sở hữu hưởng lợi"));
    let cl4: Vec<&str> = r.find("art_46__cl_4").unwrap().children.iter().map(|p| p.num.as_deref().unwrap()).collect();
    assert_eq!(cl4.last(), Some(&"c"));
    let cl2 = r.find("art_52__cl_2").unwrap();
    assert_eq!(cl2.text, "Phạt tiền từ 40.000.000 đồng đến 70.000.000 đồng đối với một trong các hành vi sau:");
    let pts: Vec<&str> = cl2.children.iter().map(|p| p.num.as_deref().unwrap()).collect();
    assert_eq!(pts, ["a", "b", "c", "d", "đ", "e", "g"]);
    let pts3: Vec<&str> = r.find("art_52__cl_3").unwrap().children.iter().map(|p| p.num.as_deref().unwrap()).collect();
    assert!(pts3.ends_with(&["e", "g"]), "{pts3:?}");
    assert_eq!(r.find("art_52__cl_3__pt_e").unwrap().kind, Kind::Point);
    // 288/2026 also amends Điều 65, which the shared excerpt of 122/2021 lacks: reported, not guessed.
    assert!(
        after.problems.iter().any(|(op, why)| op.op.target().starts_with("art_65") && why.contains("art_65")),
        "{:#?}",
        after.problems
    );
    assert!(after.problems.iter().all(|(op, _)| op.op.target().starts_with("art_65")), "{:#?}", after.problems);
    // Nothing else changed: Điều 45 keeps its original wording.
    assert_eq!(r.find("art_45"), base.root.find("art_45"));
    assert!(!after.provenance.contains_key("art_45"));
}

#[test]
fn samples_cover_every_operation() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let base = parse_text(&std::fs::read_to_string(dir.join("luat-999-2026-qh15-hoa-giai-mau.txt")).unwrap());
    let amending = parse_text(&std::fs::read_to_string(dir.join("luat-998-2026-qh15-sua-doi-mau.txt")).unwrap());
    assert_eq!(parse::amended_document(&amending).as_deref(), Some("999/2026/QH15"));
    let instructions = parse::instructions(&amending);
    assert!(instructions.iter().all(|i| i.problems.is_empty()), "{instructions:#?}");
    let ops: Vec<DatedOp> = instructions
        .iter()
        .flat_map(|i| {
            i.ops.iter().map(|op| DatedOp {
                op: op.clone(),
                effective: d("2027-07-01"),
                by: "998/2026/QH15".into(),
                instruction: i.source_eid.clone(),
                seq: 0,
                correction: false,
            })
        })
        .collect();
    let has = |f: fn(&Op) -> bool| ops.iter().any(|o| f(&o.op));
    assert!(has(|o| matches!(o, Op::Replace { .. })));
    assert!(has(|o| matches!(o, Op::Insert { .. })));
    assert!(has(|o| matches!(o, Op::ReplaceLeadIn { .. })));
    assert!(has(|o| matches!(o, Op::ReplaceWords { .. })));
    assert!(has(|o| matches!(o, Op::RemoveWords { .. })));
    assert!(has(|o| matches!(o, Op::Repeal { .. })));
    let after = apply::apply_all(&base.root, &ops, d("2027-07-01"));
    assert!(after.problems.is_empty(), "{:#?}", after.problems);
    let r = &after.root;
    assert!(r.find("art_10a").is_some());
    assert!(r.find("art_12__cl_1__pt_c1").is_some());
    assert!(r.find("art_15").is_none());
    assert!(r.find("art_16__cl_2__pt_b").is_none());
    assert_eq!(r.find("art_5").unwrap().children.len(), 7);
    // Trailing paragraphs stay with their clause when points are inserted.
    let cl = r.find("art_12__cl_1").unwrap();
    assert_eq!(cl.trailing, base.root.find("art_12__cl_1").unwrap().trailing);
    // Articles are in order: 10, 10a, 11.
    let nums: Vec<String> =
        r.walk().filter(|(n, _)| n.kind == Kind::Article).map(|(n, _)| n.num.clone().unwrap()).collect();
    let i10 = nums.iter().position(|n| n == "10").unwrap();
    assert_eq!(nums[i10 + 1], "10a");
}
