//! Thanh toán tiền thi hành án — who is paid what, in which order, from money collected. PURE.
//!
//! The order, per law (both read in full, see [`Law`]):
//! 1. proceeds of a pledged or mortgaged asset whose pledgee is not a creditor go to that pledgee before
//!    anything else the article lists (2008: khoản 3 đoạn 2 Điều 47; 2025: khoản 3 đoạn 2 Điều 54);
//! 2. enforcement costs, then the housing money set aside for the debtor (2008: khoản 5 Điều 115;
//!    2025: khoản 2 Điều 89), then — 2025 only — the fees and taxes of transferring the asset sold
//!    (khoản 1 Điều 47 / khoản 1 Điều 54);
//! 3. proceeds of an asset pledged, mortgaged or seized by the judgment for a specific obligation go to
//!    that obligation, after the court fee of the same judgment (khoản 3 đoạn 1);
//! 4. money from a coercion decision goes to the creditors entitled up to that decision first, the rest to
//!    the others entitled by the day of payment (điểm b khoản 2);
//! 5. within each group, by rank (khoản 1: 2008 has ranks a–c, 2025 ranks a–đ), pro rata within a rank
//!    (điểm a khoản 2);
//! 6. what is left returns to the debtor (điểm c khoản 2).
//!
//! **Leftover đồng.** A pro-rata share is `money × owed ÷ total owed in the rank`, rounded down; the đồng
//! left over go one each to the claims with the largest discarded fractions, ties to the lower claim id.
//! No claim ever receives more than it is owed, and the lines always add up to the money distributed.

use lex::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::rules::{Provision, p08, p25};

/// The law whose order applies: the one in force on the day of payment ([`crate::rules::select`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Law {
    /// Điều 47 Luật 26/2008/QH12 as amended by Luật 64/2014/QH13.
    Thads2008,
    /// Điều 54 Luật 106/2025/QH15.
    Thads2025,
}

impl Law {
    /// From a rule-set id (`thads-2008`, `thads-2025`).
    pub fn of_rule_set(id: &str) -> Law {
        if id == crate::rules::THADS_2008.id { Law::Thads2008 } else { Law::Thads2025 }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Law::Thads2008 => "thads-2008",
            Law::Thads2025 => "thads-2025",
        }
    }

    /// The payment article: `khoản K [điểm P] Điều 47|54 …`.
    fn cite(self, clause: u8, point: Option<&'static str>) -> String {
        match self {
            Law::Thads2008 => p08("47", Some(clause), point, true).cite(),
            Law::Thads2025 => p25("54", Some(clause), point).cite(),
        }
    }

    fn housing(self) -> Provision {
        match self {
            Law::Thads2008 => p08("115", Some(5), None, true),
            Law::Thads2025 => p25("89", Some(2), None),
        }
    }
}

/// Loại nghĩa vụ trả tiền theo hàng ưu tiên — what an obligation is for, which decides its rank.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Tiền cấp dưỡng; tiền lương, tiền công lao động, trợ cấp thôi việc, trợ cấp mất việc làm, trợ cấp
    /// mất sức lao động; tiền bồi thường thiệt hại về tính mạng, sức khỏe, tổn thất về tinh thần.
    Support,
    /// Án phí, lệ phí Tòa án.
    CourtFee,
    /// Tiền phạt; khoản truy thu tiền để sung quỹ nhà nước (its own rank in 2025, "other" in 2008).
    Fine,
    /// Bảo hiểm xã hội, bảo hiểm thất nghiệp, bảo hiểm y tế (its own rank in 2025, "other" in 2008).
    Insurance,
    /// Các khoản phải thi hành án khác theo bản án, quyết định.
    Other,
}

impl Category {
    pub const ALL: [Category; 5] =
        [Category::Support, Category::CourtFee, Category::Fine, Category::Insurance, Category::Other];

    /// Rank (1 = paid first) and the point of khoản 1 that sets it.
    pub fn rank(self, law: Law) -> (u8, &'static str) {
        match (law, self) {
            (_, Category::Support) => (1, "a"),
            (_, Category::CourtFee) => (2, "b"),
            (Law::Thads2008, _) => (3, "c"),
            (Law::Thads2025, Category::Fine) => (3, "c"),
            (Law::Thads2025, Category::Insurance) => (4, "d"),
            (Law::Thads2025, Category::Other) => (5, "đ"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Support => "support",
            Category::CourtFee => "court_fee",
            Category::Fine => "fine",
            Category::Insurance => "insurance",
            Category::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Category::Support => "Cấp dưỡng, tiền lương, bồi thường tính mạng, sức khỏe",
            Category::CourtFee => "Án phí, lệ phí Tòa án",
            Category::Fine => "Tiền phạt, truy thu sung quỹ nhà nước",
            Category::Insurance => "Bảo hiểm xã hội, thất nghiệp, y tế",
            Category::Other => "Khoản phải thi hành án khác",
        }
    }
}

/// Where the money came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// Paid by the debtor or collected without a coercion decision.
    Voluntary,
    /// Thu theo quyết định cưỡng chế — collected under a coercion decision of that date.
    Coercion { decided_on: Date },
    /// Proceeds of selling a seized asset (khoản 3 applies to the claims it secures).
    AssetSale,
}

/// A creditor's claim still owed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// The obligation's id: unique within a pool; ties in rounding go to the lower id.
    pub id: i64,
    pub creditor: String,
    pub category: Category,
    /// What is still owed, in đồng.
    pub owed: i64,
    /// Since when the claim is under an enforcement decision of this office (for điểm b khoản 2).
    pub entitled_from: Date,
    /// Secured by the asset whose proceeds these are (pledge, mortgage, or seized by the judgment for it).
    pub secured: bool,
    /// The judgment (bản án, quyết định) the claim comes from: its court fee goes before the secured claim.
    pub judgment: String,
}

/// Deducted before any claim (khoản 1; khoản 3 for asset proceeds).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deductions {
    /// Chi phí thi hành án borne by the debtor and not yet recovered (repays the State's advance).
    pub costs: i64,
    /// Khoản tiền trích lại để người phải thi hành án thuê nhà.
    pub housing: i64,
    /// Phí, lệ phí trước bạ, thuế thu nhập of transferring the asset sold (2025 law only).
    pub transfer_taxes: i64,
}

/// A pledgee or mortgagee who is not a creditor in the case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pledgee {
    pub name: String,
    pub owed: i64,
}

/// Everything a distribution needs.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Pool {
    pub law: Law,
    /// The money to distribute, in đồng.
    pub amount: i64,
    pub source: Source,
    #[serde(default)]
    pub deductions: Deductions,
    #[serde(default)]
    pub pledgee: Option<Pledgee>,
    pub claims: Vec<Claim>,
}

/// Who a line pays.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Payee {
    Pledgee(String),
    /// Repays enforcement costs (to the State's advance).
    Costs,
    /// Housing money for the debtor.
    Housing,
    TransferTaxes,
    Claim(i64),
    /// The remainder, returned to the debtor.
    Debtor,
}

impl Payee {
    /// A stable key (`claim:12`, `debtor`, …) for ledger accounts.
    pub fn key(&self) -> String {
        match self {
            Payee::Pledgee(n) => format!("pledgee:{n}"),
            Payee::Costs => "costs".into(),
            Payee::Housing => "housing".into(),
            Payee::TransferTaxes => "transfer_taxes".into(),
            Payee::Claim(id) => format!("claim:{id}"),
            Payee::Debtor => "debtor".into(),
        }
    }
}

/// One payment of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub payee: Payee,
    pub amount: i64,
    /// Why, in Vietnamese (`hàng ưu tiên a`, `chi phí thi hành án` …).
    pub reason: String,
    pub provision: String,
}

/// The distribution: lines add up to `amount`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub law: Law,
    pub amount: i64,
    pub lines: Vec<Line>,
    /// Claims still owed something after this distribution: (claim id, đồng left).
    pub still_owed: Vec<(i64, i64)>,
}

impl Plan {
    /// What the plan gives claim `id`.
    pub fn to_claim(&self, id: i64) -> i64 {
        self.lines.iter().filter(|l| l.payee == Payee::Claim(id)).map(|l| l.amount).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DistributeError {
    #[error("{0}: must not be negative")]
    Negative(String),
    #[error("claim {0} appears twice")]
    DuplicateClaim(i64),
    #[error("at most {MAX_CLAIMS} claims in one distribution")]
    TooMany,
    #[error("sums overflow")]
    Overflow,
    #[error("{0}")]
    NotUnderLaw(String),
}

/// Most claims one distribution takes (a case with thousands of creditors is a group action).
pub const MAX_CLAIMS: usize = 100_000;

/// The distribution of `pool` under its law.
pub fn plan(pool: &Pool) -> Result<Plan, DistributeError> {
    validate(pool)?;
    let law = pool.law;
    let mut d = Distribution { left: pool.amount, lines: Vec::new(), owed: BTreeMap::new() };
    for c in &pool.claims {
        d.owed.insert(c.id, c.owed);
    }
    if let (Source::AssetSale, Some(p)) = (pool.source, &pool.pledgee) {
        d.take(
            Payee::Pledgee(p.name.clone()),
            p.owed,
            "bên nhận cầm cố, thế chấp không phải người được thi hành án",
            law.cite(3, None),
        );
    }
    let k1 = law.cite(1, None);
    d.take(Payee::Costs, pool.deductions.costs, "chi phí thi hành án", k1.clone());
    d.take(
        Payee::Housing,
        pool.deductions.housing,
        "tiền trích lại để người phải thi hành án thuê nhà",
        law.housing().cite(),
    );
    d.take(
        Payee::TransferTaxes,
        pool.deductions.transfer_taxes,
        "phí, lệ phí trước bạ, thuế liên quan đến chuyển nhượng tài sản",
        k1,
    );

    if pool.source == Source::AssetSale {
        let secured: Vec<&Claim> = pool.claims.iter().filter(|c| c.secured).collect();
        if !secured.is_empty() {
            let fees: Vec<&Claim> = pool
                .claims
                .iter()
                .filter(|c| {
                    !c.secured && c.category == Category::CourtFee && secured.iter().any(|s| s.judgment == c.judgment)
                })
                .collect();
            let k3 = law.cite(3, None);
            d.pro_rata(&fees, "án phí của bản án, quyết định tuyên kê biên, cầm cố, thế chấp", &k3);
            d.pro_rata(&secured, "bên nhận cầm cố, thế chấp / nghĩa vụ được bảo đảm", &k3);
        }
    }

    let groups: Vec<Vec<&Claim>> = match pool.source {
        Source::Coercion { decided_on } => {
            let (first, rest): (Vec<&Claim>, Vec<&Claim>) =
                pool.claims.iter().partition(|c| c.entitled_from <= decided_on);
            vec![first, rest]
        }
        _ => vec![pool.claims.iter().collect()],
    };
    for (g, group) in groups.iter().enumerate() {
        for rank in 1..=5u8 {
            let members: Vec<&Claim> = group.iter().copied().filter(|c| c.category.rank(law).0 == rank).collect();
            let Some(first) = members.first() else { continue };
            let point = first.category.rank(law).1;
            let reason = match (pool.source, g) {
                (Source::Coercion { .. }, 0) => {
                    format!("hàng ưu tiên {point}, người được thi hành án tính đến ngày cưỡng chế")
                }
                (Source::Coercion { .. }, _) => {
                    format!("hàng ưu tiên {point}, người được thi hành án theo quyết định khác")
                }
                _ => format!("hàng ưu tiên {point}"),
            };
            let cite = match pool.source {
                Source::Coercion { .. } => format!("{}; {}", law.cite(1, Some(point)), law.cite(2, Some("b"))),
                _ => format!("{}; {}", law.cite(1, Some(point)), law.cite(2, Some("a"))),
            };
            d.pro_rata(&members, &reason, &cite);
        }
    }
    let rest = d.left;
    d.take(Payee::Debtor, rest, "số tiền còn lại trả cho người phải thi hành án", law.cite(2, Some("c")));
    let still_owed = d.owed.iter().filter(|(_, v)| **v > 0).map(|(k, v)| (*k, *v)).collect();
    Ok(Plan { law, amount: pool.amount, lines: d.lines, still_owed })
}

fn validate(pool: &Pool) -> Result<(), DistributeError> {
    let neg = |v: i64, what: &str| if v < 0 { Err(DistributeError::Negative(what.into())) } else { Ok(()) };
    neg(pool.amount, "amount")?;
    neg(pool.deductions.costs, "costs")?;
    neg(pool.deductions.housing, "housing")?;
    neg(pool.deductions.transfer_taxes, "transfer_taxes")?;
    if pool.law == Law::Thads2008 && pool.deductions.transfer_taxes > 0 {
        return Err(DistributeError::NotUnderLaw(
            "transfer taxes are deducted first only under khoản 1 Điều 54 Luật 106/2025/QH15".into(),
        ));
    }
    if let Some(p) = &pool.pledgee {
        neg(p.owed, "pledgee.owed")?;
    }
    if pool.claims.len() > MAX_CLAIMS {
        return Err(DistributeError::TooMany);
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut total: i64 = 0;
    for c in &pool.claims {
        neg(c.owed, &format!("claims[{}].owed", c.id))?;
        if !seen.insert(c.id) {
            return Err(DistributeError::DuplicateClaim(c.id));
        }
        total = total.checked_add(c.owed).ok_or(DistributeError::Overflow)?;
    }
    Ok(())
}

struct Distribution {
    left: i64,
    lines: Vec<Line>,
    owed: BTreeMap<i64, i64>,
}

impl Distribution {
    /// Pay `payee` up to `cap` from what is left.
    fn take(&mut self, payee: Payee, cap: i64, reason: &str, provision: String) {
        let x = cap.min(self.left);
        if x <= 0 {
            return;
        }
        self.left -= x;
        self.lines.push(Line { payee, amount: x, reason: reason.into(), provision });
    }

    /// Pay `claims` what they are still owed, pro rata when the money is short.
    fn pro_rata(&mut self, claims: &[&Claim], reason: &str, provision: &str) {
        let owed: Vec<(i64, i64)> =
            claims.iter().map(|c| (c.id, self.owed.get(&c.id).copied().unwrap_or(0))).filter(|x| x.1 > 0).collect();
        for (id, amount) in shares(self.left, &owed) {
            if amount == 0 {
                continue;
            }
            self.left -= amount;
            if let Some(o) = self.owed.get_mut(&id) {
                *o -= amount;
            }
            self.lines.push(Line {
                payee: Payee::Claim(id),
                amount,
                reason: reason.into(),
                provision: provision.into(),
            });
        }
    }
}

/// Split `money` over `owed` (id, đồng): everyone in full when it suffices, else pro rata rounded down with
/// the leftover đồng to the largest discarded fractions (ties to the lower id). Never more than owed.
pub fn shares(money: i64, owed: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let total: i128 = owed.iter().map(|x| x.1 as i128).sum();
    if money <= 0 || total == 0 {
        return owed.iter().map(|x| (x.0, 0)).collect();
    }
    if money as i128 >= total {
        return owed.to_vec();
    }
    let m = money as i128;
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(owed.len());
    let mut fractions: Vec<(i128, i64, usize)> = Vec::with_capacity(owed.len());
    let mut given: i128 = 0;
    for (i, (id, o)) in owed.iter().enumerate() {
        let exact = m * (*o as i128);
        let q = exact / total;
        given += q;
        out.push((*id, q as i64));
        fractions.push((exact % total, *id, i));
    }
    // Largest fraction first; equal fractions: lower id first.
    fractions.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut leftover = m - given;
    for (frac, _, i) in fractions {
        if leftover == 0 || frac == 0 {
            break;
        }
        out[i].1 += 1;
        leftover -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    fn claim(id: i64, category: Category, owed: i64) -> Claim {
        Claim {
            id,
            creditor: format!("C{id}"),
            category,
            owed,
            entitled_from: d("2026-01-10"),
            secured: false,
            judgment: "01/2025/DS-ST".into(),
        }
    }

    fn pool(law: Law, amount: i64, claims: Vec<Claim>) -> Pool {
        Pool { law, amount, source: Source::Voluntary, deductions: Deductions::default(), pledgee: None, claims }
    }

    #[test]
    fn ranks_come_in_order_and_share_pro_rata_within() {
        // 2008: support (a) in full, court fee (b) in full, the two "other" claims share the rest 1:3.
        let p = plan(&pool(
            Law::Thads2008,
            1_000_000,
            vec![
                claim(1, Category::Other, 1_000_000),
                claim(2, Category::Support, 200_000),
                claim(3, Category::CourtFee, 200_000),
                claim(4, Category::Fine, 3_000_000),
            ],
        ))
        .unwrap();
        assert_eq!(p.to_claim(2), 200_000);
        assert_eq!(p.to_claim(3), 200_000);
        assert_eq!(p.to_claim(1), 150_000);
        assert_eq!(p.to_claim(4), 450_000);
        assert!(p.lines.iter().all(|l| l.payee != Payee::Debtor));
        assert!(p.lines[0].provision.contains("điểm a khoản 1 Điều 47"), "{:?}", p.lines[0]);
    }

    #[test]
    fn the_2025_law_ranks_fines_before_other_claims() {
        let claims = vec![claim(1, Category::Other, 500_000), claim(2, Category::Fine, 500_000)];
        let p = plan(&pool(Law::Thads2025, 500_000, claims.clone())).unwrap();
        assert_eq!((p.to_claim(2), p.to_claim(1)), (500_000, 0));
        assert!(p.lines[0].provision.contains("điểm c khoản 1 Điều 54 Luật Thi hành án dân sự 106/2025/QH15"));
        // Under 2008 they share one rank.
        let p = plan(&pool(Law::Thads2008, 500_000, claims)).unwrap();
        assert_eq!((p.to_claim(2), p.to_claim(1)), (250_000, 250_000));
    }

    #[test]
    fn leftover_dong_go_to_the_largest_fractions_then_the_lower_id() {
        assert_eq!(shares(10, &[(1, 1), (2, 1), (3, 1)]), vec![(1, 1), (2, 1), (3, 1)]);
        assert_eq!(shares(2, &[(7, 1), (3, 1), (5, 1)]), vec![(7, 0), (3, 1), (5, 1)]);
        assert_eq!(shares(100, &[(1, 100), (2, 200)]), vec![(1, 33), (2, 67)]);
    }

    #[test]
    fn costs_and_housing_first_and_the_rest_back_to_the_debtor() {
        let mut p = pool(Law::Thads2008, 10_000_000, vec![claim(1, Category::Other, 6_000_000)]);
        p.deductions = Deductions { costs: 1_000_000, housing: 2_000_000, transfer_taxes: 0 };
        let plan = plan(&p).unwrap();
        let amounts: Vec<(Payee, i64)> = plan.lines.iter().map(|l| (l.payee.clone(), l.amount)).collect();
        assert_eq!(
            amounts,
            vec![
                (Payee::Costs, 1_000_000),
                (Payee::Housing, 2_000_000),
                (Payee::Claim(1), 6_000_000),
                (Payee::Debtor, 1_000_000)
            ]
        );
        assert!(plan.lines[1].provision.contains("khoản 5 Điều 115"));
        assert!(plan.lines[3].provision.contains("điểm c khoản 2 Điều 47"));
        p.deductions.transfer_taxes = 1;
        assert!(matches!(super::plan(&p), Err(DistributeError::NotUnderLaw(_))));
    }

    #[test]
    fn coercion_money_goes_first_to_those_entitled_at_the_decision() {
        let mut late = claim(2, Category::Support, 1_000_000);
        late.entitled_from = d("2026-03-01");
        let mut p = pool(Law::Thads2025, 1_500_000, vec![claim(1, Category::Other, 1_000_000), late]);
        p.source = Source::Coercion { decided_on: d("2026-02-01") };
        let plan = plan(&p).unwrap();
        // The "other" claim entitled at the decision is paid before the later support claim.
        assert_eq!((plan.to_claim(1), plan.to_claim(2)), (1_000_000, 500_000));
        assert!(plan.lines[0].provision.contains("điểm b khoản 2 Điều 54"));
    }

    #[test]
    fn sale_proceeds_go_to_the_secured_claim_after_its_court_fee() {
        let mut secured = claim(2, Category::Other, 5_000_000);
        secured.secured = true;
        let mut p = pool(
            Law::Thads2008,
            5_000_000,
            vec![claim(1, Category::Support, 5_000_000), secured, claim(3, Category::CourtFee, 300_000)],
        );
        p.source = Source::AssetSale;
        p.pledgee = Some(Pledgee { name: "Ngân hàng X".into(), owed: 100 });
        let plan = plan(&p).unwrap();
        assert_eq!(plan.lines[0].payee, Payee::Pledgee("Ngân hàng X".into()));
        assert_eq!((plan.to_claim(3), plan.to_claim(2), plan.to_claim(1)), (300_000, 4_699_900, 0));
    }

    #[test]
    fn bad_pools_are_refused() {
        assert!(matches!(plan(&pool(Law::Thads2008, -1, vec![])), Err(DistributeError::Negative(_))));
        let c = claim(1, Category::Other, 1);
        assert_eq!(plan(&pool(Law::Thads2008, 1, vec![c.clone(), c])), Err(DistributeError::DuplicateClaim(1)));
    }

    fn arb_claims() -> impl Strategy<Value = Vec<Claim>> {
        prop::collection::vec((0usize..5, 0i64..5_000_000_000, any::<bool>(), 0u8..3), 0..40).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (c, owed, secured, month))| {
                    let mut cl = claim(i as i64 * 3 + 1, Category::ALL[c], owed);
                    cl.secured = secured;
                    cl.entitled_from = Date { year: 2026, month: 1 + month, day: 1 };
                    cl
                })
                .collect()
        })
    }

    proptest! {
        /// Money is never created or lost, no claim gets more than it is owed, a lower rank is paid only
        /// once every higher rank of its group is paid in full, and the debtor gets money back only when
        /// every claim is paid.
        #[test]
        fn plans_add_up_and_respect_the_order(
            amount in 0i64..50_000_000_000,
            claims in arb_claims(),
            source in 0u8..3,
            costs in 0i64..1_000_000_000,
            law in any::<bool>(),
        ) {
            let law = if law { Law::Thads2025 } else { Law::Thads2008 };
            let source = match source {
                0 => Source::Voluntary,
                1 => Source::Coercion { decided_on: Date { year: 2026, month: 2, day: 1 } },
                _ => Source::AssetSale,
            };
            let mut p = pool(law, amount, claims.clone());
            p.source = source;
            p.deductions.costs = costs;
            let plan = plan(&p).unwrap();
            prop_assert_eq!(plan.lines.iter().map(|l| l.amount).sum::<i64>(), amount);
            prop_assert!(plan.lines.iter().all(|l| l.amount > 0));
            for c in &claims {
                prop_assert!(plan.to_claim(c.id) <= c.owed);
            }
            let debtor: i64 = plan.lines.iter().filter(|l| l.payee == Payee::Debtor).map(|l| l.amount).sum();
            if debtor > 0 {
                prop_assert!(plan.still_owed.is_empty());
            }
            if source == Source::Voluntary {
                for a in &claims {
                    for b in &claims {
                        if a.category.rank(law).0 < b.category.rank(law).0 && plan.to_claim(b.id) > 0 {
                            prop_assert_eq!(plan.to_claim(a.id), a.owed);
                        }
                    }
                }
            }
        }

        #[test]
        fn shares_are_exact_and_fair(money in 0i64..1_000_000_000, owed in prop::collection::vec(0i64..1_000_000_000, 0..50)) {
            let owed: Vec<(i64, i64)> = owed.into_iter().enumerate().map(|(i, o)| (i as i64, o)).collect();
            let s = shares(money, &owed);
            let total: i64 = owed.iter().map(|x| x.1).sum();
            prop_assert_eq!(s.iter().map(|x| x.1).sum::<i64>(), money.min(total));
            for ((_, o), (_, g)) in owed.iter().zip(&s) {
                prop_assert!(g <= o);
                // Within one đồng of the exact share.
                let exact = money.min(total) as i128 * *o as i128;
                let g = *g as i128 * total.max(1) as i128;
                prop_assert!((g - exact).abs() <= total.max(1) as i128);
            }
        }
    }
}
