//! Sổ quỹ — the funds ledger of an office, per case.
//!
//! Accounts (the `account` of an entry; `party` narrows it):
//! - `cash` — the office's deposit account (case 0, party empty). Debit-normal: never below zero.
//! - `held` — per case and *bucket* (`voluntary`, `coercion:DATE`, `asset:ID`): collected, not yet
//!   distributed. Credit-normal.
//! - `payable` — per case and payee (`claim:ID`, `debtor`, `costs`, `fee`, `housing`, …): distributed,
//!   not yet paid out. Credit-normal.
//!
//! Transactions: a receipt (thu) debits cash and credits held; a distribution (phân phối, Điều 47 /
//! Điều 54) debits held and credits each payee; a payout (chi) debits the payee and credits cash; a
//! reversal books the negated entries of one transaction (once). A booking that would turn any account
//! to the wrong sign is refused whole.

use lex::Date;
use platform::policy::{Action, Principal, UnitId};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Row, Transaction};

use super::distribute::{self, Claim, Deductions, Law, Payee, Plan, Pledgee, Pool, Source};
use super::fee::{Bearer, CostKind, FeeSchedule, fee_provision};
use crate::case::{Case, lock};
use crate::rules::{self, RuleId};
use crate::workflow::{Basis, ObligationKind, due_of};
use crate::{Enforcement, EnforcementError, Result};

/// Longest idempotency key, reference or memo accepted.
const MAX_TEXT: usize = 500;

/// Thu tiền — money received for a case.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Receipt {
    pub amount: i64,
    /// The day it was received (default: today).
    #[serde(default)]
    pub on: Option<Date>,
    /// Collected under a coercion decision of this date (điểm b khoản 2 Điều 47 / Điều 54).
    #[serde(default)]
    pub coercion_decided_on: Option<Date>,
    /// Biên lai or bank reference.
    #[serde(default)]
    pub reference: Option<String>,
    /// A retried request with the same key books nothing new and returns the first booking.
    #[serde(default)]
    pub idempotency_key: Option<String>,
    #[serde(default)]
    pub memo: Option<String>,
}

/// What a distribution takes besides the money held.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DistributionRequest {
    /// The bucket to distribute (default: the one holding money, when there is one).
    #[serde(default)]
    pub bucket: Option<String>,
    /// Housing money set aside for the debtor (khoản 5 Điều 115 / khoản 2 Điều 89).
    #[serde(default)]
    pub housing: i64,
    /// Transfer fees and taxes of the asset sold (2025 law).
    #[serde(default)]
    pub transfer_taxes: i64,
    #[serde(default)]
    pub on: Option<Date>,
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

/// One payee's share: what the plan gives, the fee and creditor-borne costs withheld, what is paid.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Share {
    pub party: String,
    pub payee: String,
    pub gross: i64,
    pub fee: i64,
    pub costs: i64,
    pub net: i64,
    pub reason: String,
    pub provision: String,
}

/// A distribution before it is booked (a booked distribution stores it as its `detail`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Preview {
    pub case_id: i64,
    pub bucket: String,
    pub law: Law,
    pub held: i64,
    pub plan: Plan,
    pub shares: Vec<Share>,
    #[serde(skip_deserializing)]
    pub fee_source: &'static str,
    pub fee_provision: String,
    /// Pay by this date (khoản 5 Điều 47 / khoản 6 Điều 54), counted from the oldest receipt in the bucket.
    pub due_date: Date,
    pub due_citation: String,
}

/// A booked transaction with its entries.
#[derive(Clone, Debug, Serialize)]
pub struct Txn {
    pub id: i64,
    pub unit_id: UnitId,
    pub case_id: Option<i64>,
    pub kind: String,
    pub bucket: Option<String>,
    pub on: String,
    pub amount: i64,
    pub reference: Option<String>,
    pub memo: String,
    pub reverses: Option<i64>,
    pub reversed_by: Option<i64>,
    pub actor: String,
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub account: String,
    pub party: String,
    /// Debit > 0, credit < 0.
    pub amount: i64,
}

/// A sum owed to a payee by a distribution.
#[derive(Clone, Debug, Serialize)]
pub struct Payout {
    pub id: i64,
    pub case_id: i64,
    pub distribution_txn: i64,
    pub party: String,
    pub payee: String,
    pub amount: i64,
    pub due_date: String,
    pub due_citation: String,
    pub paid_txn: Option<i64>,
    pub cancelled: bool,
}

/// A coercion cost and who bears it.
#[derive(Clone, Debug, Serialize)]
pub struct Cost {
    pub id: i64,
    pub kind: String,
    pub kind_vi: &'static str,
    pub amount: i64,
    pub bearer: Bearer,
    pub provision: String,
    pub on: String,
    pub recovered: i64,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NewCost {
    pub kind: CostKind,
    pub amount: i64,
    #[serde(default)]
    pub on: Option<Date>,
    #[serde(default)]
    pub note: Option<String>,
}

/// The money side of a case.
#[derive(Clone, Debug, Serialize)]
pub struct CaseBooks {
    pub case_id: i64,
    /// Money held per bucket (not yet distributed).
    pub held: Vec<(String, i64)>,
    /// Distributed, not yet paid out, per payee.
    pub payable: Vec<(String, i64)>,
    pub received: i64,
    pub paid_out: i64,
    pub txns: Vec<Txn>,
    pub payouts: Vec<Payout>,
    pub costs: Vec<Cost>,
}

/// An office's totals.
#[derive(Clone, Debug, Serialize)]
pub struct OfficeBooks {
    pub unit_id: UnitId,
    pub cash: i64,
    pub held: i64,
    pub payable: i64,
    pub open_payouts: i64,
    pub overdue_payouts: Vec<Payout>,
}

/// The result of checking the books: all zero when they balance.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct BooksCheck {
    pub txns: i64,
    /// Transactions whose entries do not sum to zero.
    pub unbalanced_txns: Vec<i64>,
    /// Balance rows that differ from the sum of their entries.
    pub drifted_balances: i64,
    /// Offices whose cash differs from what they hold and owe.
    pub offices_out_of_balance: Vec<UnitId>,
    /// Accounts with the wrong sign.
    pub wrong_sign: i64,
}

impl BooksCheck {
    pub fn ok(&self) -> bool {
        self.unbalanced_txns.is_empty()
            && self.drifted_balances == 0
            && self.offices_out_of_balance.is_empty()
            && self.wrong_sign == 0
    }
}

/// One entry to book.
pub(crate) struct Posting {
    pub account: &'static str,
    pub case_id: i64,
    pub party: String,
    pub amount: i64,
}

/// What a transaction is, before booking.
pub(crate) struct NewTxn<'a> {
    pub unit_id: UnitId,
    pub case_id: Option<i64>,
    pub kind: &'static str,
    pub bucket: Option<&'a str>,
    pub on: Date,
    pub amount: i64,
    pub key: Option<&'a str>,
    pub reverses: Option<i64>,
    pub reference: Option<&'a str>,
    pub memo: &'a str,
    pub law: Option<Law>,
    pub detail: serde_json::Value,
}

fn bounded<'a>(what: &str, s: Option<&'a str>) -> Result<Option<&'a str>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) if s.chars().count() > MAX_TEXT => {
            Err(EnforcementError::Invalid(format!("{what}: at most {MAX_TEXT} characters")))
        }
        x => Ok(x),
    }
}

/// The bucket a receipt goes to.
pub fn bucket_of(coercion: Option<Date>, asset: Option<i64>) -> String {
    match (asset, coercion) {
        (Some(a), _) => format!("asset:{a}"),
        (None, Some(d)) => format!("coercion:{d}"),
        (None, None) => "voluntary".into(),
    }
}

/// The source of the money in a bucket.
pub fn source_of(bucket: &str) -> Result<Source> {
    if bucket == "voluntary" {
        return Ok(Source::Voluntary);
    }
    if let Some(d) = bucket.strip_prefix("coercion:") {
        let decided_on = Date::parse_iso(d).ok_or_else(|| EnforcementError::Invalid(format!("bucket {bucket}")))?;
        return Ok(Source::Coercion { decided_on });
    }
    if bucket.strip_prefix("asset:").and_then(|x| x.parse::<i64>().ok()).is_some() {
        return Ok(Source::AssetSale);
    }
    Err(EnforcementError::Invalid(format!("bucket {bucket}: voluntary, coercion:YYYY-MM-DD or asset:ID")))
}

/// Book one transaction in `tx`: its entries must sum to zero and leave every account with its sign.
pub(crate) async fn book(
    tx: &mut Transaction<'static, Any>,
    t: NewTxn<'_>,
    postings: &[Posting],
    actor: &str,
    now: i64,
) -> Result<i64> {
    if postings.iter().try_fold(0i64, |s, p| s.checked_add(p.amount)) != Some(0) {
        return Err(EnforcementError::Invalid("entries do not balance; nothing was booked".into()));
    }
    let (id,): (i64,) = sqlx::query_as("INSERT INTO enf_ledger_txns (unit_id, case_id, kind, bucket, on_date, amount, idempotency_key, reverses, reference, memo, law, detail, actor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id")
        .bind(t.unit_id)
        .bind(t.case_id)
        .bind(t.kind)
        .bind(t.bucket)
        .bind(t.on.to_string())
        .bind(t.amount)
        .bind(t.key)
        .bind(t.reverses)
        .bind(t.reference)
        .bind(t.memo)
        .bind(t.law.map(Law::as_str))
        .bind(t.detail.to_string())
        .bind(actor)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
    for p in postings.iter().filter(|p| p.amount != 0) {
        sqlx::query("INSERT INTO enf_ledger_entries (txn_id, unit_id, case_id, account, party, amount) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(id)
            .bind(t.unit_id)
            .bind(p.case_id)
            .bind(p.account)
            .bind(&p.party)
            .bind(p.amount)
            .execute(&mut **tx)
            .await?;
        let (balance,): (i64,) = sqlx::query_as("INSERT INTO enf_ledger_balances (unit_id, case_id, account, party, balance) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (unit_id, case_id, account, party) DO UPDATE SET balance = enf_ledger_balances.balance + excluded.balance RETURNING balance")
            .bind(t.unit_id)
            .bind(p.case_id)
            .bind(p.account)
            .bind(&p.party)
            .bind(p.amount)
            .fetch_one(&mut **tx)
            .await?;
        if !sign_ok(p.account, balance) {
            return Err(EnforcementError::Invalid(format!(
                "{} {} of case {} would be {} đồng: refused, nothing was booked",
                p.account, p.party, p.case_id, -balance
            )));
        }
    }
    Ok(id)
}

/// Cash is debit-normal; what is held and owed is credit-normal.
fn sign_ok(account: &str, balance: i64) -> bool {
    if account == "cash" { balance >= 0 } else { balance <= 0 }
}

fn is_unique_violation(e: &EnforcementError) -> bool {
    matches!(e, EnforcementError::Sql(sqlx::Error::Database(d)) if d.is_unique_violation())
}

impl Enforcement {
    /// The transaction booked under `key` in `unit`, if any.
    async fn by_key(&self, unit: UnitId, key: &str) -> Result<Option<(i64, Option<i64>, String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT id, case_id, kind, amount FROM enf_ledger_txns WHERE unit_id = $1 AND idempotency_key = $2",
        )
        .bind(unit)
        .bind(key)
        .fetch_optional(self.db().pool())
        .await?)
    }

    /// A retried request: the first booking, if it was the same request; a conflict otherwise.
    async fn replay(
        &self,
        unit: UnitId,
        key: &str,
        case_id: i64,
        kind: &str,
        amount: Option<i64>,
    ) -> Result<Option<Txn>> {
        let Some((id, c, k, a)) = self.by_key(unit, key).await? else { return Ok(None) };
        if c != Some(case_id) || k != kind || amount.is_some_and(|x| x != a) {
            return Err(EnforcementError::Conflict(format!(
                "idempotency key {key} was used for another request (transaction {id})"
            )));
        }
        Ok(Some(self.txn(id).await?))
    }

    /// Thu tiền — book money received for a case (idempotent by key).
    pub async fn receive(&self, p: &Principal, case_id: i64, r: &Receipt) -> Result<Txn> {
        let c = self.case_for(p, case_id, Action::WriteFunds).await?;
        if r.amount <= 0 {
            return Err(EnforcementError::Invalid("amount: whole đồng > 0".into()));
        }
        let key = bounded("idempotency_key", r.idempotency_key.as_deref())?;
        let reference = bounded("reference", r.reference.as_deref())?;
        let memo = bounded("memo", r.memo.as_deref())?.unwrap_or("Thu tiền thi hành án");
        if let Some(k) = key
            && let Some(t) = self.replay(c.unit_id, k, case_id, "receipt", Some(r.amount)).await?
        {
            return Ok(t);
        }
        if !c.active {
            return Err(EnforcementError::Invalid(format!("case {} has ended: no receipts", c.number)));
        }
        let on = r.on.unwrap_or_else(|| self.today());
        let bucket = bucket_of(r.coercion_decided_on, None);
        let mut tx = self.db().pool().begin().await?;
        lock(&mut tx).await?;
        let booked =
            self.receipt_in(&mut tx, p, &c, r.amount, on, &bucket, key, reference, memo, serde_json::json!({})).await;
        let id = match booked {
            Ok(id) => id,
            Err(e) if is_unique_violation(&e) && key.is_some() => {
                drop(tx);
                return self
                    .replay(c.unit_id, key.unwrap_or_default(), case_id, "receipt", Some(r.amount))
                    .await?
                    .ok_or(e);
            }
            Err(e) => return Err(e),
        };
        tx.commit().await?;
        self.txn(id).await
    }

    /// Book a receipt inside `tx` (also used by the sale of a seized asset).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn receipt_in(
        &self,
        tx: &mut Transaction<'static, Any>,
        p: &Principal,
        c: &Case,
        amount: i64,
        on: Date,
        bucket: &str,
        key: Option<&str>,
        reference: Option<&str>,
        memo: &str,
        detail: serde_json::Value,
    ) -> Result<i64> {
        let postings = [
            Posting { account: "cash", case_id: 0, party: String::new(), amount },
            Posting { account: "held", case_id: c.id, party: bucket.to_string(), amount: -amount },
        ];
        let t = NewTxn {
            unit_id: c.unit_id,
            case_id: Some(c.id),
            kind: "receipt",
            bucket: Some(bucket),
            on,
            amount,
            key,
            reverses: None,
            reference,
            memo,
            law: None,
            detail,
        };
        let id = book(tx, t, &postings, &p.actor().0, self.now()).await?;
        platform::audit::record(
            tx,
            &p.actor(),
            "enforcement.funds.receipt",
            &format!("case:{}", c.id),
            None::<&()>,
            Some(&serde_json::json!({"txn": id, "amount": amount, "bucket": bucket})),
        )
        .await?;
        Ok(id)
    }

    /// Chi phí cưỡng chế — record a cost; who bears it follows the law in force on its date.
    pub async fn record_cost(&self, p: &Principal, case_id: i64, n: &NewCost) -> Result<Cost> {
        let c = self.case_for(p, case_id, Action::WriteFunds).await?;
        if n.amount <= 0 {
            return Err(EnforcementError::Invalid("amount: whole đồng > 0".into()));
        }
        let note = bounded("note", n.note.as_deref())?;
        let on = n.on.unwrap_or_else(|| self.today());
        let law = Law::of_rule_set(rules::select(on, None).0.id);
        let (bearer, provision) = n.kind.bearer(law);
        let mut tx = self.db().pool().begin().await?;
        lock(&mut tx).await?;
        let (id,): (i64,) = sqlx::query_as("INSERT INTO enf_costs (case_id, kind, amount, bearer, provision, on_date, recovered, note, actor, created_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9) RETURNING id")
            .bind(c.id)
            .bind(n.kind.as_str())
            .bind(n.amount)
            .bind(bearer_str(bearer))
            .bind(&provision)
            .bind(on.to_string())
            .bind(note)
            .bind(&p.actor().0)
            .bind(self.now())
            .fetch_one(&mut *tx)
            .await?;
        platform::audit::record(
            &mut tx,
            &p.actor(),
            "enforcement.funds.cost",
            &format!("case:{case_id}"),
            None::<&()>,
            Some(&(id, n)),
        )
        .await?;
        tx.commit().await?;
        self.costs(case_id)
            .await?
            .into_iter()
            .find(|x| x.id == id)
            .ok_or_else(|| EnforcementError::NotFound(format!("cost {id}")))
    }

    async fn costs(&self, case_id: i64) -> Result<Vec<Cost>> {
        let rows = sqlx::query("SELECT id, kind, amount, bearer, provision, on_date, recovered, note FROM enf_costs WHERE case_id = $1 ORDER BY id")
            .bind(case_id)
            .fetch_all(self.db().pool())
            .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                let k = CostKind::parse(&kind).unwrap_or(CostKind::Materials);
                let bearer: String = r.try_get("bearer")?;
                Ok(Cost {
                    id: r.try_get("id")?,
                    kind,
                    kind_vi: k.label_vi(),
                    amount: r.try_get("amount")?,
                    bearer: parse_bearer(&bearer),
                    provision: r.try_get("provision")?,
                    on: r.try_get("on_date")?,
                    recovered: r.try_get("recovered")?,
                    note: r.try_get("note")?,
                })
            })
            .collect()
    }

    /// Xem trước phân phối — the distribution as it would be booked now.
    pub async fn preview_distribution(
        &self,
        p: &Principal,
        case_id: i64,
        req: &DistributionRequest,
    ) -> Result<Preview> {
        let c = self.case_for(p, case_id, Action::ReadFunds).await?;
        let cal = self.platform().calendar().await?;
        let mut conn = self.db().pool().acquire().await?;
        self.prepare(&mut conn, &c, req, &cal).await
    }

    /// Build the pool of a case from what is stored now (on any connection or transaction).
    async fn prepare(
        &self,
        conn: &mut sqlx::AnyConnection,
        c: &Case,
        req: &DistributionRequest,
        cal: &platform::calendar::Calendar,
    ) -> Result<Preview> {
        let buckets: Vec<(String, i64)> = sqlx::query_as(
            "SELECT party, balance FROM enf_ledger_balances WHERE unit_id = $1 AND case_id = $2 AND account = 'held' AND balance <> 0 ORDER BY party",
        )
        .bind(c.unit_id)
        .bind(c.id)
        .fetch_all(&mut *conn)
        .await?;
        let bucket = match (&req.bucket, buckets.as_slice()) {
            (Some(b), _) => b.clone(),
            (None, [only]) => only.0.clone(),
            (None, []) => return Err(EnforcementError::Invalid("no money held for this case".into())),
            (None, _) => {
                return Err(EnforcementError::Invalid(format!(
                    "money is held in several buckets ({}): name one",
                    buckets.iter().map(|b| b.0.as_str()).collect::<Vec<_>>().join(", ")
                )));
            }
        };
        let source = source_of(&bucket)?;
        let held = -buckets.iter().find(|b| b.0 == bucket).map(|b| b.1).unwrap_or(0);
        if held <= 0 {
            return Err(EnforcementError::Invalid(format!("nothing held in {bucket}")));
        }
        let on = req.on.unwrap_or_else(|| self.today());
        let (set, _) = rules::select(on, None);
        let law = Law::of_rule_set(set.id);
        let entitled_from = Date::parse_iso(&c.received_on).unwrap_or(on);
        let obligations: Vec<ObligationRow> = sqlx::query_as(
            "SELECT id, amount, paid, creditor, category, kind FROM enf_obligations WHERE case_id = $1 ORDER BY id",
        )
        .bind(c.id)
        .fetch_all(&mut *conn)
        .await?;
        let mut pledgee = None;
        let mut secured_obligation = None;
        if let Some(asset) = bucket.strip_prefix("asset:").and_then(|x| x.parse::<i64>().ok()) {
            let row: Option<(Option<i64>, Option<String>, Option<i64>)> = sqlx::query_as(
                "SELECT secures_obligation, pledgee, pledgee_owed FROM enf_assets WHERE id = $1 AND case_id = $2",
            )
            .bind(asset)
            .bind(c.id)
            .fetch_optional(&mut *conn)
            .await?;
            if let Some((sec, name, owed)) = row {
                secured_obligation = sec;
                if let (Some(name), Some(owed)) = (name, owed) {
                    // Already paid to this pledgee from earlier sales of the same asset bucket: none (one sale).
                    pledgee = Some(Pledgee { name, owed });
                }
            }
        }
        let claims: Vec<Claim> = obligations
            .iter()
            .filter(|o| o.5 == ObligationKind::PayMoney.as_str() && o.1 > o.2)
            .map(|o| Claim {
                id: o.0,
                creditor: o.3.clone().unwrap_or_else(|| "Người được thi hành án".into()),
                category: distribute::Category::parse(&o.4).unwrap_or(distribute::Category::Other),
                owed: o.1 - o.2,
                entitled_from,
                secured: secured_obligation == Some(o.0),
                judgment: c.judgment_number.clone(),
            })
            .collect();
        let costs: Vec<(i64, i64, String)> =
            sqlx::query_as("SELECT amount, recovered, bearer FROM enf_costs WHERE case_id = $1 ORDER BY id")
                .bind(c.id)
                .fetch_all(&mut *conn)
                .await?;
        let debtor_costs: i64 = costs.iter().filter(|x| x.2 == "debtor").map(|x| x.0 - x.1).sum();
        let creditor_costs: i64 = costs.iter().filter(|x| x.2 == "creditor").map(|x| x.0 - x.1).sum();
        let pool = Pool {
            law,
            amount: held,
            source,
            deductions: Deductions { costs: debtor_costs, housing: req.housing, transfer_taxes: req.transfer_taxes },
            pledgee,
            claims: claims.clone(),
        };
        let plan = distribute::plan(&pool).map_err(|e| EnforcementError::Invalid(e.to_string()))?;
        // The fee (on the request cases) and creditor-borne costs are withheld from what creditors receive.
        let schedule = FeeSchedule::DEFAULT;
        let shares = shares_of(&plan, &obligations, c.basis == Basis::Request, &schedule, creditor_costs);
        let (oldest,): (Option<String>,) = sqlx::query_as(
            "SELECT MIN(on_date) FROM enf_ledger_txns WHERE case_id = $1 AND kind = 'receipt' AND bucket = $2 AND id > (SELECT COALESCE(MAX(id), 0) FROM enf_ledger_txns WHERE case_id = $1 AND kind = 'distribution' AND bucket = $2)",
        )
        .bind(c.id)
        .bind(&bucket)
        .fetch_one(&mut *conn)
        .await?;
        let from = oldest.as_deref().and_then(Date::parse_iso).unwrap_or(on);
        let due = due_of(set, RuleId::PayOut, from, cal)?
            .ok_or_else(|| EnforcementError::Invalid("the rule set has no payment period".into()))?;
        Ok(Preview {
            case_id: c.id,
            bucket,
            law,
            held,
            plan,
            shares,
            fee_source: schedule.source,
            fee_provision: fee_provision(law),
            due_date: due.ends,
            due_citation: due.citation,
        })
    }

    /// Phân phối — book the distribution of the money held in a bucket, as previewed.
    pub async fn distribute(&self, p: &Principal, case_id: i64, req: &DistributionRequest) -> Result<(Txn, Preview)> {
        let c = self.case_for(p, case_id, Action::WriteFunds).await?;
        let key = bounded("idempotency_key", req.idempotency_key.as_deref())?;
        if let Some(k) = key
            && let Some(t) = self.replay(c.unit_id, k, case_id, "distribution", None).await?
        {
            // A retry: the distribution as it was booked.
            let (detail,): (String,) = sqlx::query_as("SELECT detail FROM enf_ledger_txns WHERE id = $1")
                .bind(t.id)
                .fetch_one(self.db().pool())
                .await?;
            return Ok((t, stored_preview(&detail)?));
        }
        let cal = self.platform().calendar().await?;
        let mut tx = self.db().pool().begin().await?;
        lock(&mut tx).await?;
        let c = self.case_in(&mut tx, case_id).await?;
        let preview = self.prepare(&mut tx, &c, req, &cal).await?;
        let on = req.on.unwrap_or_else(|| self.today());
        let mut postings =
            vec![Posting { account: "held", case_id, party: preview.bucket.clone(), amount: preview.held }];
        for s in &preview.shares {
            postings.push(Posting { account: "payable", case_id, party: s.party.clone(), amount: -s.net });
            if s.fee > 0 {
                postings.push(Posting { account: "payable", case_id, party: "fee".into(), amount: -s.fee });
            }
            if s.costs > 0 {
                postings.push(Posting { account: "payable", case_id, party: "costs".into(), amount: -s.costs });
            }
        }
        let detail = serde_json::json!(preview);
        let t = NewTxn {
            unit_id: c.unit_id,
            case_id: Some(case_id),
            kind: "distribution",
            bucket: Some(&preview.bucket),
            on,
            amount: preview.held,
            key,
            reverses: None,
            reference: None,
            memo: "Thanh toán tiền thi hành án",
            law: Some(preview.law),
            detail,
        };
        let id = book(&mut tx, t, &postings, &p.actor().0, self.now()).await?;
        // What each payee is owed, with the deadline to pay it.
        let mut per_party: Vec<(String, String, i64)> = vec![];
        for s in &preview.shares {
            add_to(&mut per_party, &s.party, &s.payee, s.net);
            add_to(&mut per_party, "fee", "Phí thi hành án", s.fee);
            add_to(&mut per_party, "costs", "Hoàn tạm ứng chi phí thi hành án", s.costs);
        }
        for (party, payee, amount) in per_party.iter().filter(|x| x.2 > 0) {
            sqlx::query("INSERT INTO enf_payouts (case_id, unit_id, distribution_txn, party, payee, amount, due_date, due_citation, paid_txn, cancelled) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, 0)")
                .bind(case_id)
                .bind(c.unit_id)
                .bind(id)
                .bind(party)
                .bind(payee)
                .bind(*amount)
                .bind(preview.due_date.to_string())
                .bind(&preview.due_citation)
                .execute(&mut *tx)
                .await?;
        }
        self.apply_to_obligations(&mut tx, p, &c, &preview, 1, id, on).await?;
        platform::audit::record(
            &mut tx,
            &p.actor(),
            "enforcement.funds.distribution",
            &format!("case:{case_id}"),
            None::<&()>,
            Some(&serde_json::json!({"txn": id, "held": preview.held, "shares": preview.shares})),
        )
        .await?;
        tx.commit().await?;
        Ok((self.txn(id).await?, preview))
    }

    /// Give (sign 1) or take back (sign −1) what a distribution gave the obligations and the costs.
    #[allow(clippy::too_many_arguments)]
    async fn apply_to_obligations(
        &self,
        tx: &mut Transaction<'static, Any>,
        p: &Principal,
        c: &Case,
        preview: &Preview,
        sign: i64,
        txn: i64,
        on: Date,
    ) -> Result<()> {
        let tracked = self.stats_track(tx, c.id).await?;
        let mut total = 0i64;
        for l in &preview.plan.lines {
            let amount = sign * l.amount;
            match l.payee {
                Payee::Claim(ob) => {
                    let r = sqlx::query("UPDATE enf_obligations SET paid = paid + $1 WHERE id = $2 AND case_id = $3 AND paid + $1 <= amount AND paid + $1 >= 0")
                        .bind(amount)
                        .bind(ob)
                        .bind(c.id)
                        .execute(&mut **tx)
                        .await?;
                    if r.rows_affected() != 1 {
                        return Err(EnforcementError::Conflict(format!("obligation {ob} changed meanwhile")));
                    }
                    total += amount;
                    let note = if sign > 0 {
                        format!("Phân phối theo giao dịch #{txn}: {}", l.reason)
                    } else {
                        format!("Đảo phân phối #{txn}")
                    };
                    sqlx::query("INSERT INTO enf_events (case_id, at, on_date, step, from_state, to_state, actor, rule_set, provisions, due_date, due_citation, warnings, amount, obligation_id, note) VALUES ($1, $2, $3, 'pay', $4, $4, $5, $6, $7, NULL, NULL, '[]', $8, $9, $10)")
                        .bind(c.id)
                        .bind(self.now())
                        .bind(on.to_string())
                        .bind(c.state.as_str())
                        .bind(&p.actor().0)
                        .bind(preview.law.as_str())
                        .bind(serde_json::to_string(&[&l.provision]).unwrap_or_default())
                        .bind(amount)
                        .bind(ob)
                        .bind(note)
                        .execute(&mut **tx)
                        .await?;
                }
                Payee::Costs => self.recover_costs(tx, c.id, "debtor", amount).await?,
                _ => {}
            }
        }
        let creditor_costs: i64 = preview.shares.iter().map(|s| s.costs).sum();
        if creditor_costs > 0 {
            self.recover_costs(tx, c.id, "creditor", sign * creditor_costs).await?;
        }
        if total != 0 {
            sqlx::query("UPDATE enf_cases SET paid_money = paid_money + $1, version = version + 1, updated_at = $2 WHERE id = $3")
                .bind(total)
                .bind(self.now())
                .bind(c.id)
                .execute(&mut **tx)
                .await?;
        }
        self.stats_update(tx, tracked).await
    }

    /// Mark `amount` đồng of a bearer's costs recovered (oldest first), or un-recover them (amount < 0).
    async fn recover_costs(
        &self,
        tx: &mut Transaction<'static, Any>,
        case_id: i64,
        bearer: &str,
        amount: i64,
    ) -> Result<()> {
        let mut rows: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT id, amount, recovered FROM enf_costs WHERE case_id = $1 AND bearer = $2 ORDER BY id",
        )
        .bind(case_id)
        .bind(bearer)
        .fetch_all(&mut **tx)
        .await?;
        if amount < 0 {
            rows.reverse();
        }
        let mut left = amount;
        for (id, total, recovered) in rows {
            let step = if left > 0 { left.min(total - recovered) } else { left.max(-recovered) };
            if step == 0 {
                continue;
            }
            sqlx::query("UPDATE enf_costs SET recovered = recovered + $1 WHERE id = $2")
                .bind(step)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            left -= step;
            if left == 0 {
                break;
            }
        }
        if left != 0 {
            return Err(EnforcementError::Invalid("costs recovered do not match the costs recorded".into()));
        }
        Ok(())
    }

    /// Chi trả — pay a payout in full from the office's account.
    pub async fn pay_out(
        &self,
        p: &Principal,
        payout_id: i64,
        reference: Option<&str>,
        on: Option<Date>,
    ) -> Result<Txn> {
        let po = self.payout(payout_id).await?;
        let c = self.case_for(p, po.case_id, Action::WriteFunds).await?;
        let reference = bounded("reference", reference)?;
        let on = on.unwrap_or_else(|| self.today());
        let mut tx = self.db().pool().begin().await?;
        lock(&mut tx).await?;
        // Writers are serialised by `lock`: what is read here stays true until commit.
        let (paid, cancelled): (Option<i64>, i64) =
            sqlx::query_as("SELECT paid_txn, cancelled FROM enf_payouts WHERE id = $1")
                .bind(payout_id)
                .fetch_one(&mut *tx)
                .await?;
        if paid.is_some() || cancelled != 0 {
            return Err(EnforcementError::Conflict(format!("payout {payout_id} is already paid or cancelled")));
        }
        let postings = [
            Posting { account: "payable", case_id: c.id, party: po.party.clone(), amount: po.amount },
            Posting { account: "cash", case_id: 0, party: String::new(), amount: -po.amount },
        ];
        let memo = format!("Chi trả cho {}", po.payee);
        let t = NewTxn {
            unit_id: c.unit_id,
            case_id: Some(c.id),
            kind: "payout",
            bucket: None,
            on,
            amount: po.amount,
            key: None,
            reverses: None,
            reference,
            memo: &memo,
            law: None,
            detail: serde_json::json!({"payout": payout_id}),
        };
        let id = book(&mut tx, t, &postings, &p.actor().0, self.now()).await?;
        let set = sqlx::query("UPDATE enf_payouts SET paid_txn = $1 WHERE id = $2 AND paid_txn IS NULL")
            .bind(id)
            .bind(payout_id)
            .execute(&mut *tx)
            .await?;
        if set.rows_affected() != 1 {
            return Err(EnforcementError::Conflict(format!("payout {payout_id} was paid meanwhile")));
        }
        platform::audit::record(
            &mut tx,
            &p.actor(),
            "enforcement.funds.payout",
            &format!("case:{}", c.id),
            Some(&po),
            Some(&id),
        )
        .await?;
        tx.commit().await?;
        self.txn(id).await
    }

    /// Đảo bút toán — reverse one transaction (once). A receipt already distributed, or a distribution
    /// already paid out, cannot be reversed until what followed it is reversed.
    pub async fn reverse(&self, p: &Principal, txn_id: i64, reason: &str) -> Result<Txn> {
        let orig = self.txn(txn_id).await?;
        let case_id = orig.case_id.ok_or_else(|| EnforcementError::Invalid("not a case transaction".into()))?;
        let c = self.case_for(p, case_id, Action::WriteFunds).await?;
        let reason =
            bounded("reason", Some(reason))?.ok_or_else(|| EnforcementError::Invalid("reason: required".into()))?;
        if orig.kind == "reversal" {
            return Err(EnforcementError::Invalid("a reversal is not reversed; book the transaction again".into()));
        }
        let mut tx = self.db().pool().begin().await?;
        lock(&mut tx).await?;
        let postings: Vec<Posting> = orig
            .entries
            .iter()
            .map(|e| Posting {
                account: if e.account == "cash" {
                    "cash"
                } else if e.account == "held" {
                    "held"
                } else {
                    "payable"
                },
                case_id: if e.account == "cash" { 0 } else { case_id },
                party: e.party.clone(),
                amount: -e.amount,
            })
            .collect();
        let on = self.today();
        let memo = format!("Đảo giao dịch #{txn_id}: {reason}");
        let t = NewTxn {
            unit_id: orig.unit_id,
            case_id: Some(case_id),
            kind: "reversal",
            bucket: orig.bucket.as_deref(),
            on,
            amount: orig.amount,
            key: None,
            reverses: Some(txn_id),
            reference: None,
            memo: &memo,
            law: None,
            detail: serde_json::json!({"reverses": txn_id, "kind": orig.kind}),
        };
        let id = match book(&mut tx, t, &postings, &p.actor().0, self.now()).await {
            Err(e) if is_unique_violation(&e) => {
                return Err(EnforcementError::Conflict(format!("transaction {txn_id} is already reversed")));
            }
            x => x?,
        };
        match orig.kind.as_str() {
            "payout" => {
                sqlx::query("UPDATE enf_payouts SET paid_txn = NULL WHERE paid_txn = $1")
                    .bind(txn_id)
                    .execute(&mut *tx)
                    .await?;
            }
            "distribution" => {
                let (paid,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM enf_payouts WHERE distribution_txn = $1 AND paid_txn IS NOT NULL",
                )
                .bind(txn_id)
                .fetch_one(&mut *tx)
                .await?;
                if paid > 0 {
                    return Err(EnforcementError::Invalid(format!(
                        "{paid} payouts of this distribution are paid: reverse them first"
                    )));
                }
                sqlx::query("UPDATE enf_payouts SET cancelled = 1 WHERE distribution_txn = $1")
                    .bind(txn_id)
                    .execute(&mut *tx)
                    .await?;
                let (detail,): (String,) = sqlx::query_as("SELECT detail FROM enf_ledger_txns WHERE id = $1")
                    .bind(txn_id)
                    .fetch_one(&mut *tx)
                    .await?;
                let preview = stored_preview(&detail)?;
                self.apply_to_obligations(&mut tx, p, &c, &preview, -1, txn_id, on).await?;
            }
            _ => {}
        }
        platform::audit::record(
            &mut tx,
            &p.actor(),
            "enforcement.funds.reversal",
            &format!("case:{case_id}"),
            Some(&txn_id),
            Some(&id),
        )
        .await?;
        tx.commit().await?;
        self.txn(id).await
    }

    /// One transaction with its entries.
    pub async fn txn(&self, id: i64) -> Result<Txn> {
        self.txns(TXN_BY_ID, ENTRIES_BY_TXN, id)
            .await?
            .pop()
            .ok_or_else(|| EnforcementError::NotFound(format!("transaction {id}")))
    }

    /// Transactions with their entries, in two queries (`select`/`entries` bind the same `key`).
    async fn txns(&self, select: &'static str, entries: &'static str, key: i64) -> Result<Vec<Txn>> {
        let rows = sqlx::query(select).bind(key).fetch_all(self.db().pool()).await?;
        let mut txns = rows.iter().map(txn_of).collect::<Result<Vec<_>>>()?;
        let entries: Vec<(i64, String, String, i64)> =
            sqlx::query_as(entries).bind(key).fetch_all(self.db().pool()).await?;
        let at: std::collections::HashMap<i64, usize> = txns.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        for (txn, account, party, amount) in entries {
            if let Some(&i) = at.get(&txn) {
                txns[i].entries.push(Entry { account, party, amount });
            }
        }
        Ok(txns)
    }

    async fn payout(&self, id: i64) -> Result<Payout> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{PAYOUT_SELECT} WHERE id = $1")))
            .bind(id)
            .fetch_optional(self.db().pool())
            .await?
            .ok_or_else(|| EnforcementError::NotFound(format!("payout {id}")))?;
        payout_of(&row)
    }

    /// Sổ quỹ của việc — a case's money: balances, transactions, payouts, costs.
    pub async fn case_books(&self, p: &Principal, case_id: i64) -> Result<CaseBooks> {
        let c = self.case_for(p, case_id, Action::ReadFunds).await?;
        let balances: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT account, party, balance FROM enf_ledger_balances WHERE unit_id = $1 AND case_id = $2 AND balance <> 0 ORDER BY account, party",
        )
        .bind(c.unit_id)
        .bind(case_id)
        .fetch_all(self.db().pool())
        .await?;
        let txns = self.txns(TXNS_OF_CASE, ENTRIES_OF_CASE, case_id).await?;
        let live =
            |k: &str| txns.iter().filter(|t| t.kind == k && t.reversed_by.is_none()).map(|t| t.amount).sum::<i64>();
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{PAYOUT_SELECT} WHERE case_id = $1 ORDER BY id")))
            .bind(case_id)
            .fetch_all(self.db().pool())
            .await?;
        Ok(CaseBooks {
            case_id,
            held: balances.iter().filter(|b| b.0 == "held").map(|b| (b.1.clone(), -b.2)).collect(),
            payable: balances.iter().filter(|b| b.0 == "payable").map(|b| (b.1.clone(), -b.2)).collect(),
            received: live("receipt"),
            paid_out: live("payout"),
            txns,
            payouts: rows.iter().map(payout_of).collect::<Result<_>>()?,
            costs: self.costs(case_id).await?,
        })
    }

    /// Số dư của đơn vị — an office's totals and its payouts past the statute's deadline.
    pub async fn office_books(&self, p: &Principal, unit_code: &str) -> Result<OfficeBooks> {
        let unit = self.platform().unit_by_code(unit_code).await?;
        self.authorize_unit(p, Action::ReadFunds, unit.id).await?;
        let sums: Vec<(String, i64)> = sqlx::query_as(
            "SELECT account, CAST(COALESCE(SUM(balance), 0) AS BIGINT) FROM enf_ledger_balances WHERE unit_id = $1 GROUP BY account",
        )
        .bind(unit.id)
        .fetch_all(self.db().pool())
        .await?;
        let get = |a: &str| sums.iter().find(|s| s.0 == a).map(|s| s.1).unwrap_or(0);
        let (open,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM enf_payouts WHERE unit_id = $1 AND paid_txn IS NULL AND cancelled = 0",
        )
        .bind(unit.id)
        .fetch_one(self.db().pool())
        .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{PAYOUT_SELECT} WHERE unit_id = $1 AND paid_txn IS NULL AND cancelled = 0 AND due_date < $2 ORDER BY due_date, id LIMIT 200"
        )))
        .bind(unit.id)
        .bind(self.today().to_string())
        .fetch_all(self.db().pool())
        .await?;
        Ok(OfficeBooks {
            unit_id: unit.id,
            cash: get("cash"),
            held: -get("held"),
            payable: -get("payable"),
            open_payouts: open,
            overdue_payouts: rows.iter().map(payout_of).collect::<Result<_>>()?,
        })
    }

    /// Kiểm tra sổ — check the invariants of the whole ledger.
    pub async fn check_books(&self) -> Result<BooksCheck> {
        let pool = self.db().pool();
        let (txns,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM enf_ledger_txns").fetch_one(pool).await?;
        let unbalanced: Vec<(i64,)> = sqlx::query_as(
            "SELECT t.id FROM enf_ledger_txns t LEFT JOIN enf_ledger_entries e ON e.txn_id = t.id GROUP BY t.id HAVING COALESCE(SUM(e.amount), 0) <> 0",
        )
        .fetch_all(pool)
        .await?;
        let (drifted,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM (SELECT b.unit_id, b.case_id, b.account, b.party, b.balance, (SELECT COALESCE(SUM(e.amount), 0) FROM enf_ledger_entries e WHERE e.unit_id = b.unit_id AND e.case_id = b.case_id AND e.account = b.account AND e.party = b.party) AS total FROM enf_ledger_balances b) x WHERE x.balance <> x.total",
        )
        .fetch_one(pool)
        .await?;
        let (orphans,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM (SELECT DISTINCT unit_id, case_id, account, party FROM enf_ledger_entries) e WHERE NOT EXISTS (SELECT 1 FROM enf_ledger_balances b WHERE b.unit_id = e.unit_id AND b.case_id = e.case_id AND b.account = e.account AND b.party = e.party)",
        )
        .fetch_one(pool)
        .await?;
        let offices: Vec<(i64,)> =
            sqlx::query_as("SELECT unit_id FROM enf_ledger_balances GROUP BY unit_id HAVING SUM(balance) <> 0")
                .fetch_all(pool)
                .await?;
        let (wrong,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM enf_ledger_balances WHERE (account = 'cash' AND balance < 0) OR (account <> 'cash' AND balance > 0)",
        )
        .fetch_one(pool)
        .await?;
        Ok(BooksCheck {
            txns,
            unbalanced_txns: unbalanced.into_iter().map(|x| x.0).collect(),
            drifted_balances: drifted + orphans,
            offices_out_of_balance: offices.into_iter().map(|x| x.0).collect(),
            wrong_sign: wrong,
        })
    }
}

/// What each line of `plan` pays once withheld from creditors' lines: the fee (request cases only,
/// on the cumulative amount the claim has received) and the creditor-borne costs (first lines first).
/// `obligations`: (id, amount, paid, creditor, …) as read for the plan.
fn shares_of(
    plan: &Plan,
    obligations: &[ObligationRow],
    fee_applies: bool,
    schedule: &FeeSchedule,
    creditor_costs: i64,
) -> Vec<Share> {
    let mut costs_left = creditor_costs;
    let mut shares = Vec::with_capacity(plan.lines.len());
    for l in &plan.lines {
        let (payee, fee) = match &l.payee {
            Payee::Claim(id) => {
                let o = obligations.iter().find(|o| o.0 == *id);
                let paid = o.map(|o| o.2).unwrap_or(0);
                let fee = if fee_applies { schedule.fee(paid + l.amount) - schedule.fee(paid) } else { 0 };
                (o.and_then(|o| o.3.clone()).unwrap_or_else(|| "Người được thi hành án".into()), fee)
            }
            Payee::Debtor => ("Người phải thi hành án".into(), 0),
            Payee::Costs => ("Hoàn tạm ứng chi phí thi hành án".into(), 0),
            Payee::Housing => ("Người phải thi hành án (tiền thuê nhà)".into(), 0),
            Payee::TransferTaxes => ("Phí, lệ phí, thuế chuyển nhượng".into(), 0),
            Payee::Pledgee(n) => (n.clone(), 0),
        };
        let costs = if matches!(l.payee, Payee::Claim(_)) { costs_left.min(l.amount - fee) } else { 0 };
        costs_left -= costs;
        shares.push(Share {
            party: l.payee.key(),
            payee,
            gross: l.amount,
            fee,
            costs,
            net: l.amount - fee - costs,
            reason: l.reason.clone(),
            provision: l.provision.clone(),
        });
    }
    shares
}

/// An obligation as the distribution reads it: (id, amount, paid, creditor, category, kind).
type ObligationRow = (i64, i64, i64, Option<String>, String, String);

fn add_to(v: &mut Vec<(String, String, i64)>, party: &str, payee: &str, amount: i64) {
    if amount == 0 {
        return;
    }
    match v.iter_mut().find(|x| x.0 == party) {
        Some(x) => x.2 += amount,
        None => v.push((party.to_string(), payee.to_string(), amount)),
    }
}

/// The preview a booked distribution stored as its detail.
fn stored_preview(detail: &str) -> Result<Preview> {
    serde_json::from_str(detail).map_err(|e| EnforcementError::Invalid(format!("stored distribution: {e}")))
}

const TXN_BY_ID: &str = "SELECT t.id, t.unit_id, t.case_id, t.kind, t.bucket, t.on_date, t.amount, t.reference, t.memo, t.reverses, t.actor, (SELECT r.id FROM enf_ledger_txns r WHERE r.reverses = t.id) AS reversed_by FROM enf_ledger_txns t WHERE t.id = $1";
const ENTRIES_BY_TXN: &str =
    "SELECT txn_id, account, party, amount FROM enf_ledger_entries WHERE txn_id = $1 ORDER BY id";
const TXNS_OF_CASE: &str = "SELECT t.id, t.unit_id, t.case_id, t.kind, t.bucket, t.on_date, t.amount, t.reference, t.memo, t.reverses, t.actor, (SELECT r.id FROM enf_ledger_txns r WHERE r.reverses = t.id) AS reversed_by FROM enf_ledger_txns t WHERE t.case_id = $1 ORDER BY t.id";
const ENTRIES_OF_CASE: &str = "SELECT e.txn_id, e.account, e.party, e.amount FROM enf_ledger_entries e JOIN enf_ledger_txns t ON t.id = e.txn_id WHERE t.case_id = $1 ORDER BY e.id";

const PAYOUT_SELECT: &str = "SELECT id, case_id, distribution_txn, party, payee, amount, due_date, due_citation, paid_txn, cancelled FROM enf_payouts";

fn payout_of(r: &sqlx::any::AnyRow) -> Result<Payout> {
    let paid: Option<i64> = r.try_get("paid_txn")?;
    let cancelled: i64 = r.try_get("cancelled")?;
    Ok(Payout {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        distribution_txn: r.try_get("distribution_txn")?,
        party: r.try_get("party")?,
        payee: r.try_get("payee")?,
        amount: r.try_get("amount")?,
        due_date: r.try_get("due_date")?,
        due_citation: r.try_get("due_citation")?,
        paid_txn: paid,
        cancelled: cancelled != 0,
    })
}

fn txn_of(r: &sqlx::any::AnyRow) -> Result<Txn> {
    Ok(Txn {
        id: r.try_get("id")?,
        unit_id: r.try_get("unit_id")?,
        case_id: r.try_get("case_id")?,
        kind: r.try_get("kind")?,
        bucket: r.try_get("bucket")?,
        on: r.try_get("on_date")?,
        amount: r.try_get("amount")?,
        reference: r.try_get("reference")?,
        memo: r.try_get("memo")?,
        reverses: r.try_get("reverses")?,
        reversed_by: r.try_get("reversed_by")?,
        actor: r.try_get("actor")?,
        entries: vec![],
    })
}

fn bearer_str(b: Bearer) -> &'static str {
    match b {
        Bearer::Debtor => "debtor",
        Bearer::Creditor => "creditor",
        Bearer::State => "state",
    }
}

fn parse_bearer(s: &str) -> Bearer {
    match s {
        "debtor" => Bearer::Debtor,
        "creditor" => Bearer::Creditor,
        _ => Bearer::State,
    }
}
