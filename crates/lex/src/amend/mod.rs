//! Amendments: instructions in an amending document → typed operations → applied to the amended
//! document's tree, giving its wording on any date with the provenance of every changed provision.
//!
//! - [`refs`]: reference groups inside an instruction (`điểm a, điểm b khoản 1 và … Điều 50`).
//! - [`parse`]: an amending document's tree → [`Instruction`]s, each with its [`Op`]s or the problem
//!   that kept it from being understood (kept and reported, never dropped).
//! - [`apply`]: operations in date order on a tree.
//!
//! The operations follow the amendment language of DOMAIN §4 (Sửa đổi, bổ sung …; Bổ sung … vào sau …;
//! Sửa đổi đoạn mở đầu …; Sửa đổi tên Điều …; Bãi bỏ …; Thay thế cụm từ “X” bằng cụm từ “Y”; Bỏ cụm từ …).

pub mod apply;
pub mod parse;
pub mod refs;

use crate::date::Date;
use crate::model::Node;
use serde::{Deserialize, Serialize};

/// Where an inserted provision goes relative to its anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    After,
    Before,
    /// No anchor given: in number order among the parent's children.
    InOrder,
}

/// A typed amendment operation on the amended document. Ids are eIds of the amended document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Sửa đổi, bổ sung — replace a provision (its heading, text and children) with the payload.
    Replace { target: String, payload: Node },
    /// Bổ sung — insert a new provision next to `anchor` (or in order under `parent`).
    Insert { parent: String, anchor: Option<String>, position: Position, payload: Node },
    /// Sửa đổi đoạn mở đầu — replace the lead-in (own text) of a clause or article.
    ReplaceLeadIn { target: String, text: String },
    /// Sửa đổi tên Điều — replace an article's heading.
    ReplaceHeading { target: String, heading: String },
    /// Bãi bỏ — repeal a provision.
    Repeal { target: String },
    /// Thay thế cụm từ “from” bằng cụm từ “to” — within `scope` (empty: the whole document).
    ReplaceWords { scope: Vec<String>, from: String, to: String },
    /// Bỏ cụm từ — remove words within `scope`.
    RemoveWords { scope: Vec<String>, words: String },
    /// Ngưng hiệu lực — the provision keeps its wording but does not apply from `from` (default: the
    /// act's entry into force) to `until` inclusive (default: until another act says otherwise).
    Suspend {
        target: String,
        #[serde(default)]
        from: Option<crate::Date>,
        #[serde(default)]
        until: Option<crate::Date>,
    },
}

impl Op {
    /// The provision the operation changes (for provenance and reports).
    pub fn target(&self) -> String {
        match self {
            Op::Replace { target, .. }
            | Op::ReplaceLeadIn { target, .. }
            | Op::ReplaceHeading { target, .. }
            | Op::Repeal { target }
            | Op::Suspend { target, .. } => target.clone(),
            Op::Insert { payload, .. } => payload.eid.clone(),
            Op::ReplaceWords { scope, .. } | Op::RemoveWords { scope, .. } => scope.join(", "),
        }
    }
}

/// One instruction of an amending document: where it is, what it says, what it does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Instruction {
    /// eId of the instruction in the amending document (`art_3__cl_1`).
    pub source_eid: String,
    /// The instruction line (without its payload).
    pub text: String,
    pub ops: Vec<Op>,
    /// Why the instruction could not be (fully) understood; empty when it was.
    pub problems: Vec<String>,
}

/// An operation ready to apply: what, when, by which act and instruction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatedOp {
    pub op: Op,
    pub effective: Date,
    /// Số hiệu (or name) of the amending act.
    pub by: String,
    /// eId of the instruction in the amending act.
    pub instruction: String,
    /// Order of the amending act among same-day acts, then of the op within the act.
    pub seq: u32,
    /// Given by a correction (đính chính): the wording is marked `corrected`, not `words`.
    #[serde(default)]
    pub correction: bool,
}

#[cfg(test)]
mod properties {
    use crate::Date;
    use crate::amend::{DatedOp, apply, parse};
    use crate::parse::parse_lines;
    use proptest::prelude::*;

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            "Điều [0-9]{1,2}[a-c]?\\. (Sửa đổi, bổ sung|Bổ sung|Bãi bỏ|Ngưng hiệu lực|Đính chính) (Điều|khoản|điểm) [0-9a-đ]{1,2}( vào sau (Điều|khoản|điểm) [0-9a-đ]{1,2})?( như sau:| từ ngày [0-9]{1,2} tháng [0-9]{1,2} năm 20[0-9]{2}| đến hết ngày [0-9]{1,2}/[0-9]{1,2}/20[0-9]{2})?",
            "[0-9]\\. Tại (điểm [a-đ] )?(khoản [0-9] )?Điều [0-9]{1,2}, đã in:? (\"|“)[a-z ]{0,8}(\"|”)?[;,]? nay sửa lại là:? (\"|“)[a-z ]{0,8}(\"|”)?\\.?",
            "[0-9]{1,2}\\. (Sửa đổi, bổ sung|Bổ sung|Bãi bỏ|Thay thế cụm từ \"[a-z ]{0,8}\" bằng cụm từ \"[a-z ]{0,8}\" tại|Bỏ cụm từ \"[a-z]{0,5}\" tại) (điểm [a-đ] )?(khoản [0-9] )?(Điều [0-9]{1,2})?( như sau:)?",
            "(\"|“)?(Điều [0-9]{1,2}\\. [A-Za-z ]{0,10}|[0-9]\\. [a-z ]{0,10}|[a-đ]\\) [a-z ]{0,10})(\"|”)?[.;]?",
            "[^\n]{0,30}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
        /// Any amending text, applied to any base text: instructions are read or reported, never a panic.
        #[test]
        fn amendments_never_panic(base in proptest::collection::vec(line(), 0..30), amending in proptest::collection::vec(line(), 0..30)) {
            let base = parse_lines(&base);
            let amending = parse_lines(&amending);
            let _ = parse::amended_document(&amending);
            let ops: Vec<DatedOp> = parse::instructions(&amending)
                .into_iter()
                .flat_map(|i| i.ops.into_iter().map(move |op| DatedOp { op, effective: Date { year: 2026, month: 1, day: 1 }, by: "x".into(), instruction: i.source_eid.clone(), seq: 0, correction: false }))
                .collect();
            let pit = apply::apply_all(&base.root, &ops, Date { year: 2026, month: 6, day: 1 });
            let _ = crate::diff::diff(&base.root, &pit.root);
        }
    }
}
