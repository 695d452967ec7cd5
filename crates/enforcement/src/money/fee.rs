//! Phí thi hành án and chi phí cưỡng chế — who pays the fee and the costs of coercion. PURE.
//!
//! - Fee: the creditor pays it (2008: Điều 60 Luật 26/2008/QH12, "Người được thi hành án phải nộp phí");
//!   the party who requested enforcement pays it (2025: khoản 1 Điều 53 Luật 106/2025/QH15). Both leave the
//!   rate to the Government; [`FeeSchedule::DEFAULT`] is the schedule of Thông tư 216/2016/TT-BTC Điều 4,
//!   whose text is **not** in `../shared/data`: its figures are configuration, to be checked against the
//!   circular in force before relying on them. Cases opened on the office's own motion carry no fee.
//!   The fee is withheld from what the creditor receives, never from another creditor's money.
//! - Coercion costs: who bears each kind (2008: Điều 73; 2025: khoản 3–5 Điều 53), see [`CostKind::bearer`].

use serde::{Deserialize, Serialize};

use super::distribute::Law;
use crate::rules::{p08, p25};

/// One band of the fee: on the part of the amount received above `from`, `per_mille` ‰ on top of `base`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Band {
    pub from: i64,
    pub base: i64,
    /// Rate on the part above `from`, in tenths of a percent (30 = 3%).
    pub per_mille: i64,
}

/// The fee as a function of the money a creditor actually receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FeeSchedule {
    pub source: &'static str,
    pub bands: &'static [Band],
}

impl FeeSchedule {
    /// Thông tư 216/2016/TT-BTC Điều 4 khoản 1 as we read it: 3% up to 5 tỷ; then 150 triệu + 2% of the
    /// part above 5 tỷ; 190 triệu + 1.5% above 7 tỷ; 235 triệu + 1% above 10 tỷ; 285 triệu + 0.5% above
    /// 15 tỷ. (Verify against the circular: its text is not in the shared data.)
    pub const DEFAULT: FeeSchedule = FeeSchedule {
        source: "Thông tư 216/2016/TT-BTC, Điều 4 (mức phí thi hành án dân sự) — cấu hình, cần đối chiếu văn bản",
        bands: &[
            Band { from: 0, base: 0, per_mille: 30 },
            Band { from: 5_000_000_000, base: 150_000_000, per_mille: 20 },
            Band { from: 7_000_000_000, base: 190_000_000, per_mille: 15 },
            Band { from: 10_000_000_000, base: 235_000_000, per_mille: 10 },
            Band { from: 15_000_000_000, base: 285_000_000, per_mille: 5 },
        ],
    };

    /// The fee on `received` đồng, rounded down (never more than the payer owes).
    pub fn fee(&self, received: i64) -> i64 {
        if received <= 0 {
            return 0;
        }
        let Some(band) = self.bands.iter().rev().find(|b| received > b.from) else { return 0 };
        let above = (received - band.from) as i128;
        let fee = band.base as i128 + above * band.per_mille as i128 / 1000;
        (fee.min(received as i128)) as i64
    }
}

/// Who pays the fee: the provision that says so.
pub fn fee_provision(law: Law) -> String {
    match law {
        Law::Thads2008 => p08("60", None, None, false).cite(),
        Law::Thads2025 => p25("53", Some(1), None).cite(),
    }
}

/// Chi phí cưỡng chế thi hành án — the kinds the statute lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostKind {
    /// Chi phí thông báo về cưỡng chế.
    Notice,
    /// Nguyên liệu, nhiên liệu, phương tiện, thiết bị bảo vệ, y tế, phòng cháy …
    Materials,
    /// Định giá (thẩm định giá), giám định, bán đấu giá tài sản.
    Valuation,
    /// Định giá lại at the creditor's request (không do vi phạm quy định về định giá).
    RevaluationByCreditor,
    /// Định giá lại vì vi phạm quy định về định giá.
    RevaluationForBreach,
    /// Thuê, trông coi, bảo quản, bốc dỡ, vận chuyển tài sản; xây ngăn, phá dỡ; đo đạc, mốc giới.
    Custody,
    /// Tạm giữ, thu giữ tài sản, giấy tờ.
    Holding,
    /// Bồi dưỡng người trực tiếp tham gia cưỡng chế và bảo vệ cưỡng chế.
    Allowance,
    /// Xác minh điều kiện thi hành án (trước khi có quyết định cưỡng chế, in 2025).
    Verification,
}

/// Who bears a cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bearer {
    /// Người phải thi hành án: recovered first from money collected (khoản 6 Điều 73 / khoản 7 Điều 53).
    Debtor,
    /// Người được thi hành án: withheld from what that creditor receives.
    Creditor,
    /// Ngân sách nhà nước: not recovered.
    State,
}

impl CostKind {
    pub const ALL: [CostKind; 9] = [
        CostKind::Notice,
        CostKind::Materials,
        CostKind::Valuation,
        CostKind::RevaluationByCreditor,
        CostKind::RevaluationForBreach,
        CostKind::Custody,
        CostKind::Holding,
        CostKind::Allowance,
        CostKind::Verification,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CostKind::Notice => "notice",
            CostKind::Materials => "materials",
            CostKind::Valuation => "valuation",
            CostKind::RevaluationByCreditor => "revaluation_by_creditor",
            CostKind::RevaluationForBreach => "revaluation_for_breach",
            CostKind::Custody => "custody",
            CostKind::Holding => "holding",
            CostKind::Allowance => "allowance",
            CostKind::Verification => "verification",
        }
    }

    pub fn parse(s: &str) -> Option<CostKind> {
        CostKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            CostKind::Notice => "Thông báo về cưỡng chế",
            CostKind::Materials => "Nguyên liệu, phương tiện, thiết bị",
            CostKind::Valuation => "Định giá, giám định, bán tài sản",
            CostKind::RevaluationByCreditor => "Định giá lại theo yêu cầu người được thi hành án",
            CostKind::RevaluationForBreach => "Định giá lại do vi phạm quy định về định giá",
            CostKind::Custody => "Thuê, trông coi, bảo quản, vận chuyển tài sản",
            CostKind::Holding => "Tạm giữ, thu giữ tài sản, giấy tờ",
            CostKind::Allowance => "Bồi dưỡng người tham gia cưỡng chế",
            CostKind::Verification => "Xác minh điều kiện thi hành án",
        }
    }

    /// Who bears it, and the provision that says so.
    pub fn bearer(self, law: Law) -> (Bearer, String) {
        let (bearer, clause, point) = match (law, self) {
            (Law::Thads2008, CostKind::Notice) => (Bearer::Debtor, 1, "a"),
            (Law::Thads2008, CostKind::Materials) => (Bearer::Debtor, 1, "b"),
            (Law::Thads2008, CostKind::Valuation) => (Bearer::Debtor, 1, "c"),
            (Law::Thads2008, CostKind::RevaluationByCreditor) => (Bearer::Creditor, 2, "a"),
            (Law::Thads2008, CostKind::RevaluationForBreach) => (Bearer::State, 3, "a"),
            (Law::Thads2008, CostKind::Custody) => (Bearer::Debtor, 1, "d"),
            (Law::Thads2008, CostKind::Holding) => (Bearer::Debtor, 1, "đ"),
            (Law::Thads2008, CostKind::Allowance) => (Bearer::Debtor, 1, "e"),
            (Law::Thads2008, CostKind::Verification) => (Bearer::State, 3, "b"),
            (Law::Thads2025, CostKind::Notice) => (Bearer::Debtor, 3, "a"),
            (Law::Thads2025, CostKind::Materials) => (Bearer::Debtor, 3, "b"),
            (Law::Thads2025, CostKind::Valuation) => (Bearer::Debtor, 3, "c"),
            (Law::Thads2025, CostKind::RevaluationByCreditor) => (Bearer::Creditor, 4, "a"),
            (Law::Thads2025, CostKind::RevaluationForBreach) => (Bearer::State, 5, "a"),
            (Law::Thads2025, CostKind::Custody) => (Bearer::Debtor, 3, "d"),
            (Law::Thads2025, CostKind::Holding) => (Bearer::Debtor, 3, "đ"),
            (Law::Thads2025, CostKind::Allowance) => (Bearer::Debtor, 3, "e"),
            (Law::Thads2025, CostKind::Verification) => (Bearer::State, 5, "b"),
        };
        let cite = match law {
            Law::Thads2008 => p08("73", Some(clause), Some(point), false).cite(),
            Law::Thads2025 => p25("53", Some(clause), Some(point)).cite(),
        };
        (bearer, cite)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_bands_join_without_a_jump() {
        let s = FeeSchedule::DEFAULT;
        assert_eq!(s.fee(0), 0);
        assert_eq!(s.fee(1_000_000), 30_000);
        assert_eq!(s.fee(5_000_000_000), 150_000_000);
        assert_eq!(s.fee(5_000_000_001), 150_000_000);
        assert_eq!(s.fee(7_000_000_000), 190_000_000);
        assert_eq!(s.fee(10_000_000_000), 235_000_000);
        assert_eq!(s.fee(15_000_000_000), 285_000_000);
        assert_eq!(s.fee(25_000_000_000), 335_000_000);
        assert_eq!(s.fee(33), 0);
        // Monotone.
        let mut last = 0;
        for x in (0..20_000_000_000i64).step_by(97_000_001) {
            let f = s.fee(x);
            assert!(f >= last && f <= x);
            last = f;
        }
    }

    #[test]
    fn cost_bearers_cite_their_point() {
        let (b, cite) = CostKind::RevaluationByCreditor.bearer(Law::Thads2008);
        assert_eq!(b, Bearer::Creditor);
        assert!(cite.starts_with("điểm a khoản 2 Điều 73 Luật Thi hành án dân sự 26/2008/QH12"), "{cite}");
        let (b, cite) = CostKind::Custody.bearer(Law::Thads2025);
        assert_eq!(b, Bearer::Debtor);
        assert!(cite.starts_with("điểm d khoản 3 Điều 53 Luật Thi hành án dân sự 106/2025/QH15"), "{cite}");
    }
}
