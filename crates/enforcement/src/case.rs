//! Hồ sơ thi hành án — cases: intake of a judgment or a request (court, judgment number and date,
//! parties with roles, obligations), assignment to a Chấp hành viên, the case file (every event and
//! document), search and filters, and the steps of the workflow.
//!
//! Every write runs in one transaction that first takes the audit chain's head (which serialises
//! writers on both databases), re-reads the case, checks its version, applies the pure
//! [`workflow::plan`], writes, and appends to the audit chain with before/after digests.

use crate::money::distribute::Category;
use crate::workflow::{
    self, Basis, Facts, Input, ObligationFacts, ObligationKind, OwnMotionKind, State, Step, Waiting,
};
use crate::{Enforcement, EnforcementError, Result, authorize, who};
use lex::Date;
use platform::policy::{Action, Principal, Role, Target, UnitId};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

/// Vai trò của đương sự — a party's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    /// Người được thi hành án — creditor.
    Creditor,
    /// Người phải thi hành án — debtor.
    Debtor,
    /// Người có quyền lợi, nghĩa vụ liên quan — related party.
    Related,
}

impl PartyRole {
    pub fn as_str(self) -> &'static str {
        match self {
            PartyRole::Creditor => "creditor",
            PartyRole::Debtor => "debtor",
            PartyRole::Related => "related",
        }
    }
    pub fn parse(s: &str) -> Option<PartyRole> {
        match s {
            "creditor" => Some(PartyRole::Creditor),
            "debtor" => Some(PartyRole::Debtor),
            "related" => Some(PartyRole::Related),
            _ => None,
        }
    }
    pub fn label_vi(self) -> &'static str {
        match self {
            PartyRole::Creditor => "Người được thi hành án",
            PartyRole::Debtor => "Người phải thi hành án",
            PartyRole::Related => "Người có quyền lợi, nghĩa vụ liên quan",
        }
    }
}

/// A party to add at intake.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NewParty {
    pub role: PartyRole,
    /// `person` (cá nhân) or `organisation` (cơ quan, tổ chức).
    #[serde(default = "person")]
    pub kind: String,
    pub name: String,
    #[serde(default)]
    pub address: String,
    /// Thư điện tử for notifications (else they go by post to `address`).
    #[serde(default)]
    pub email: Option<String>,
}

fn person() -> String {
    "person".into()
}

/// An obligation to add at intake.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NewObligation {
    pub kind: ObligationKind,
    pub description: String,
    /// Đồng; required (> 0) for money, 0 otherwise.
    #[serde(default)]
    pub amount: i64,
    #[serde(default)]
    pub creditor: Option<String>,
    #[serde(default)]
    pub debtor: Option<String>,
    /// Its rank in the order of payment (money obligations; default: other).
    #[serde(default = "other_category")]
    pub category: Category,
}

fn other_category() -> Category {
    Category::Other
}

/// Thụ lý — what intake needs.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NewCase {
    /// The office's code (`T01-KV01`).
    pub unit: String,
    pub basis: Basis,
    #[serde(default)]
    pub own_motion: Option<OwnMotionKind>,
    /// Tòa án (or arbitral body) that gave the judgment.
    pub court: String,
    pub judgment_number: String,
    pub judgment_date: Date,
    /// The day the judgment took legal effect.
    pub effective_date: Date,
    /// When the judgment sets a later due date for the obligation (2008 Điều 30 khoản 1; 2025 Điều 34 khoản 2).
    #[serde(default)]
    pub obligation_due: Option<Date>,
    /// Days not counted in the time to request (postponement, suspension, objective obstacles).
    #[serde(default)]
    pub excluded_days: u32,
    /// The day the request (or the judgment, on own motion) was received; default today.
    #[serde(default)]
    pub received_on: Option<Date>,
    pub parties: Vec<NewParty>,
    pub obligations: Vec<NewObligation>,
    /// The officer's user name, if assigned at intake.
    #[serde(default)]
    pub officer: Option<String>,
}

/// A user as shown on a case.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Officer {
    pub id: i64,
    pub username: String,
    pub display_name: String,
}

/// A case (the summary shown in lists and at the top of the file).
#[derive(Clone, Debug, Serialize)]
pub struct Case {
    pub id: i64,
    pub unit_id: UnitId,
    pub unit_code: String,
    /// Số thụ lý: `seq/year/unit`.
    pub number: String,
    pub basis: Basis,
    pub own_motion: Option<OwnMotionKind>,
    pub court: String,
    pub judgment_number: String,
    pub judgment_date: String,
    pub effective_date: String,
    pub received_on: String,
    pub state: State,
    pub state_vi: &'static str,
    pub active: bool,
    pub officer: Option<Officer>,
    /// The rule set of the latest step.
    pub rule_set: String,
    pub last_on: String,
    pub due_date: Option<String>,
    pub due_rule: Option<String>,
    pub due_citation: Option<String>,
    pub waiting_on: Option<Waiting>,
    pub total_money: i64,
    pub paid_money: i64,
    pub ended_on: Option<String>,
    pub version: i64,
    #[serde(skip)]
    facts_extra: FactsExtra,
}

impl Case {
    /// The day the voluntary period ends (ISO), while it runs or after.
    pub fn facts_voluntary_ends(&self) -> Option<String> {
        self.facts_extra.voluntary_ends.map(|d| d.to_string())
    }
}

#[derive(Clone, Debug, Default)]
struct FactsExtra {
    voluntary_ends: Option<Date>,
    no_means_since: Option<Date>,
    verifications: i64,
    long_interval: bool,
    resume_to: Option<State>,
    paused_on: Option<Date>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Party {
    pub id: i64,
    pub role: PartyRole,
    pub role_vi: &'static str,
    pub kind: String,
    pub name: String,
    pub address: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Obligation {
    pub id: i64,
    pub kind: ObligationKind,
    pub kind_vi: &'static str,
    pub description: String,
    pub amount: i64,
    pub paid: i64,
    pub done: bool,
    pub creditor: Option<String>,
    pub debtor: Option<String>,
    pub category: Category,
    pub category_vi: &'static str,
}

/// One entry of the timeline.
#[derive(Clone, Debug, Serialize)]
pub struct Event {
    pub id: i64,
    pub at: i64,
    pub on: String,
    pub step: String,
    pub step_vi: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub actor: String,
    pub rule_set: String,
    pub provisions: Vec<String>,
    pub due_date: Option<String>,
    pub due_citation: Option<String>,
    pub warnings: Vec<String>,
    pub amount: Option<i64>,
    pub obligation_id: Option<i64>,
    pub note: Option<String>,
}

/// A document in the case file.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentInfo {
    pub id: i64,
    pub number: String,
    pub kind: String,
    pub title: String,
    pub issued_on: String,
    pub sha256: String,
}

/// A step the case offers, for the UI and the API.
#[derive(Clone, Debug, Serialize)]
pub struct NextStep {
    pub step: Step,
    pub label_vi: &'static str,
    pub label_en: &'static str,
    /// Whether the caller's roles allow it.
    pub allowed: bool,
    pub needs: &'static [&'static str],
    /// The provision the step applies under the rule set in force today.
    pub provision: Option<String>,
}

/// The whole case file.
#[derive(Clone, Debug, Serialize)]
pub struct CaseFile {
    pub case: Case,
    pub parties: Vec<Party>,
    pub obligations: Vec<Obligation>,
    pub events: Vec<Event>,
    pub documents: Vec<DocumentInfo>,
    pub next_steps: Vec<NextStep>,
    /// Days until the deadline (negative: overdue).
    pub days_left: Option<i64>,
    /// Which law governs the next step, and why.
    pub rules_now: crate::rules::Selection,
}

/// What a step returns.
#[derive(Clone, Debug, Serialize)]
pub struct StepResult {
    pub case: Case,
    pub event_id: i64,
    pub document: Option<DocumentInfo>,
    pub warnings: Vec<String>,
    pub provisions: Vec<String>,
}

/// Filters of the case list.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CaseFilter {
    /// Unit code (default: the caller's own unit). A provincial department lists its own cases and
    /// those of its regional offices; the national level lists every case.
    pub unit: Option<String>,
    pub state: Option<State>,
    /// Officer's user name.
    pub officer: Option<String>,
    /// Words in the number, judgment number, court or a party's name (diacritics optional).
    pub q: Option<String>,
    pub received_from: Option<Date>,
    pub received_to: Option<Date>,
    #[serde(default)]
    pub active_only: bool,
    #[serde(default)]
    pub limit: Option<i64>,
    #[serde(default)]
    pub offset: Option<i64>,
}

pub(crate) const CASE_SELECT: &str = "SELECT c.id, c.unit_id, u.code AS unit_code, c.number, c.basis, c.own_motion, c.court, c.judgment_number, c.judgment_date, c.effective_date, c.received_on, c.state, c.active, c.officer_id, us.username, us.display_name, c.rule_set, c.last_on, c.due_date, c.due_rule, c.due_citation, c.waiting_on, c.voluntary_ends, c.no_means_since, c.verifications, c.long_interval, c.resume_to, c.paused_on, c.ended_on, c.total_money, c.paid_money, c.version FROM enf_cases c JOIN units u ON u.id = c.unit_id LEFT JOIN users us ON us.id = c.officer_id";

fn date_opt(s: Option<String>) -> Option<Date> {
    s.as_deref().and_then(Date::parse_iso)
}

pub(crate) fn case_of(r: &AnyRow) -> Result<Case> {
    let state: String = r.try_get("state")?;
    let state = State::parse(&state).ok_or_else(|| EnforcementError::Invalid(format!("stored state {state}")))?;
    let basis: String = r.try_get("basis")?;
    let officer_id: Option<i64> = r.try_get("officer_id")?;
    let officer = match officer_id {
        Some(id) => Some(Officer {
            id,
            username: r.try_get::<Option<String>, _>("username")?.unwrap_or_default(),
            display_name: r.try_get::<Option<String>, _>("display_name")?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(Case {
        id: r.try_get("id")?,
        unit_id: r.try_get("unit_id")?,
        unit_code: r.try_get("unit_code")?,
        number: r.try_get("number")?,
        basis: Basis::parse(&basis).unwrap_or(Basis::Request),
        own_motion: r.try_get::<Option<String>, _>("own_motion")?.as_deref().and_then(OwnMotionKind::parse),
        court: r.try_get("court")?,
        judgment_number: r.try_get("judgment_number")?,
        judgment_date: r.try_get("judgment_date")?,
        effective_date: r.try_get("effective_date")?,
        received_on: r.try_get("received_on")?,
        state,
        state_vi: state.label_vi(),
        active: r.try_get::<i64, _>("active")? != 0,
        officer,
        rule_set: r.try_get("rule_set")?,
        last_on: r.try_get("last_on")?,
        due_date: r.try_get("due_date")?,
        due_rule: r.try_get("due_rule")?,
        due_citation: r.try_get("due_citation")?,
        waiting_on: r.try_get::<Option<String>, _>("waiting_on")?.as_deref().and_then(Waiting::parse),
        total_money: r.try_get("total_money")?,
        paid_money: r.try_get("paid_money")?,
        ended_on: r.try_get("ended_on")?,
        version: r.try_get("version")?,
        facts_extra: FactsExtra {
            voluntary_ends: date_opt(r.try_get("voluntary_ends")?),
            no_means_since: date_opt(r.try_get("no_means_since")?),
            verifications: r.try_get("verifications")?,
            long_interval: r.try_get::<i64, _>("long_interval")? != 0,
            resume_to: r.try_get::<Option<String>, _>("resume_to")?.as_deref().and_then(State::parse),
            paused_on: date_opt(r.try_get("paused_on")?),
        },
    })
}

fn facts_of(c: &Case, obligations: &[Obligation]) -> Result<Facts> {
    let d = |s: &str| Date::parse_iso(s).ok_or_else(|| EnforcementError::Invalid(format!("stored date {s}")));
    Ok(Facts {
        state: c.state,
        basis: c.basis,
        own_motion: c.own_motion,
        received_on: d(&c.received_on)?,
        last_on: d(&c.last_on)?,
        due: c.due_date.as_deref().and_then(Date::parse_iso),
        voluntary_ends: c.facts_extra.voluntary_ends,
        no_means_since: c.facts_extra.no_means_since,
        verifications: c.facts_extra.verifications,
        long_interval: c.facts_extra.long_interval,
        resume_to: c.facts_extra.resume_to,
        paused_on: c.facts_extra.paused_on,
        ended_on: c.ended_on.as_deref().and_then(Date::parse_iso),
        obligations: obligations
            .iter()
            .map(|o| ObligationFacts { id: o.id, kind: o.kind, amount: o.amount, paid: o.paid, done: o.done })
            .collect(),
    })
}

/// Fold text for search (no marks, lower case).
pub(crate) fn fold(s: &str) -> String {
    lex::normalize::fold_key(s)
}

pub(crate) fn bounded(what: &str, s: &str, max: usize) -> Result<String> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > max {
        return Err(EnforcementError::Invalid(format!("{what}: required, at most {max} characters")));
    }
    Ok(t.to_string())
}

/// The next value of a per-office, per-year counter (`case`, `doc`), inside the caller's transaction.
pub(crate) async fn next_number(
    tx: &mut Transaction<'static, Any>,
    unit: UnitId,
    year: i32,
    kind: &str,
) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "INSERT INTO enf_counters (unit_id, year, kind, next) VALUES ($1, $2, $3, 1) ON CONFLICT (unit_id, year, kind) DO UPDATE SET next = enf_counters.next + 1 RETURNING next",
    )
    .bind(unit)
    .bind(year as i64)
    .bind(kind)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n)
}

/// Take the audit chain's head first: serialises writers (and avoids SQLite's read-then-write upgrade).
pub(crate) async fn lock(tx: &mut Transaction<'static, Any>) -> Result<()> {
    sqlx::query("UPDATE audit_head SET last_id = last_id WHERE one = 1").execute(&mut **tx).await?;
    Ok(())
}

/// Most obligations one case takes in.
pub const MAX_OBLIGATIONS: usize = 5_000;

/// Roles that may take in a case (thụ lý): the clerk, an officer, the head of office.
pub const INTAKE_ROLES: [Role; 3] = [Role::Clerk, Role::EnforcementOfficer, Role::OfficeHead];

fn has_any_role(p: &Principal, roles: &[Role]) -> bool {
    match p {
        Principal::System(_) => true,
        Principal::User(u) => u.roles.iter().any(|r| roles.contains(r)),
        Principal::Anonymous => false,
    }
}

impl Enforcement {
    /// Thụ lý — take in a judgment or a request. Checks the time to request (requests only), starts
    /// the decision deadline, numbers the case per office and year, records parties and obligations.
    pub async fn intake(&self, p: &Principal, new: NewCase) -> Result<Case> {
        let unit = self.platform.unit_by_code(&new.unit).await?;
        self.authorize_unit(p, Action::WriteCases, unit.id).await?;
        if !has_any_role(p, &INTAKE_ROLES) {
            return Err(platform::PlatformError::Forbidden("RoleLacks".into()).into());
        }
        if !unit.active {
            return Err(EnforcementError::Invalid("the office was merged; use the office it was merged into".into()));
        }
        let today = self.today();
        let received_on = new.received_on.unwrap_or(today);
        if received_on > today {
            return Err(EnforcementError::Invalid("received_on is after today".into()));
        }
        let court = bounded("court", &new.court, 300)?;
        let judgment_number = bounded("judgment_number", &new.judgment_number, 100)?;
        if new.effective_date < new.judgment_date || received_on < new.judgment_date {
            return Err(EnforcementError::Invalid("dates: judgment ≤ effective, judgment ≤ received".into()));
        }
        if new.basis == Basis::OwnMotion && new.own_motion.is_none() {
            return Err(EnforcementError::Invalid(
                "own_motion: which part of the judgment (khoản 2 Điều 36 / Điều 33)".into(),
            ));
        }
        if new.basis == Basis::Request && new.own_motion.is_some() {
            return Err(EnforcementError::Invalid("own_motion is for cases opened on the office's own motion".into()));
        }
        if new.parties.is_empty() || new.parties.len() > 50 {
            return Err(EnforcementError::Invalid("parties: 1–50".into()));
        }
        for x in &new.parties {
            if let Some(e) = x.email.as_deref().map(str::trim).filter(|e| !e.is_empty())
                && !crate::notify::smtp::valid_address(e)
            {
                return Err(EnforcementError::Invalid(format!("parties: email {e:?} is not an e-mail address")));
            }
        }
        if !new.parties.iter().any(|x| x.role == PartyRole::Debtor) {
            return Err(EnforcementError::Invalid("a debtor (người phải thi hành án) is required".into()));
        }
        // A group judgment may name thousands of creditors, one money obligation each.
        if new.obligations.is_empty() || new.obligations.len() > MAX_OBLIGATIONS {
            return Err(EnforcementError::Invalid(format!("obligations: 1–{MAX_OBLIGATIONS}")));
        }
        let mut total: i64 = 0;
        for o in &new.obligations {
            bounded("obligation description", &o.description, 1000)?;
            match o.kind {
                ObligationKind::PayMoney if o.amount <= 0 => {
                    return Err(EnforcementError::Invalid("a money obligation has an amount > 0 đồng".into()));
                }
                ObligationKind::PayMoney => {
                    total = total
                        .checked_add(o.amount)
                        .ok_or_else(|| EnforcementError::Invalid("amounts overflow".into()))?;
                }
                _ if o.amount != 0 => {
                    return Err(EnforcementError::Invalid("only money obligations carry an amount".into()));
                }
                _ => {}
            }
        }
        let cal = self.platform.calendar().await?;
        let mut provisions = vec![];
        if new.basis == Basis::Request {
            let from = new.obligation_due.unwrap_or(new.effective_date);
            let limit = workflow::request_limit(from, new.excluded_days, received_on, &cal)?;
            if received_on > limit.ends {
                return Err(EnforcementError::Invalid(format!(
                    "hết thời hiệu yêu cầu thi hành án (hết ngày {}; {}) / the time to request enforcement ended on {}",
                    limit.ends, limit.citation, limit.ends
                )));
            }
            provisions.push(limit.citation);
        }
        let (due, selection) = workflow::intake_due(new.basis, new.own_motion, received_on, &cal)?;
        if let Some(d) = &due {
            provisions.push(d.citation.clone());
        }
        let officer = match &new.officer {
            Some(name) => Some(self.officer_in_unit(name, unit.id).await?),
            None => None,
        };
        let mut key = format!("{} {} {}", judgment_number, court, unit.code);
        for x in &new.parties {
            key.push(' ');
            key.push_str(&x.name);
        }
        let now = self.now();
        let mut tx = self.db().pool().begin().await?;
        lock(&mut tx).await?;
        let seq = next_number(&mut tx, unit.id, received_on.year, "case").await?;
        let number = format!("{seq}/{}/{}", received_on.year, unit.code);
        key.push(' ');
        key.push_str(&number);
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO enf_cases (unit_id, number, year, seq, basis, own_motion, court, judgment_number, judgment_date, effective_date, received_on, state, active, officer_id, rule_set, last_on, due_date, due_rule, due_citation, waiting_on, verifications, long_interval, total_money, paid_money, search_key, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $15, $16, $17, $18, NULL, 0, 0, $19, 0, $20, 1, $21, $21) RETURNING id",
        )
        .bind(unit.id)
        .bind(&number)
        .bind(received_on.year as i64)
        .bind(seq)
        .bind(new.basis.as_str())
        .bind(new.own_motion.map(|k| k.as_str()))
        .bind(&court)
        .bind(&judgment_number)
        .bind(new.judgment_date.to_string())
        .bind(new.effective_date.to_string())
        .bind(received_on.to_string())
        .bind(State::Received.as_str())
        .bind(officer.as_ref().map(|o| o.id))
        .bind(selection.set)
        .bind(received_on.to_string())
        .bind(due.as_ref().map(|d| d.ends.to_string()))
        .bind(due.as_ref().map(|d| serde_json::to_string(&d.rule).unwrap_or_default().trim_matches('"').to_string()))
        .bind(due.as_ref().map(|d| d.citation.clone()))
        .bind(total)
        .bind(fold(&key))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        for x in &new.parties {
            sqlx::query(
                "INSERT INTO enf_parties (case_id, role, kind, name, address, email) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(x.role.as_str())
            .bind(if x.kind == "organisation" { "organisation" } else { "person" })
            .bind(bounded("party name", &x.name, 300)?)
            .bind(x.address.trim().chars().take(500).collect::<String>())
            .bind(x.email.as_deref().map(str::trim).filter(|e| !e.is_empty()))
            .execute(&mut *tx)
            .await?;
        }
        for o in &new.obligations {
            sqlx::query("INSERT INTO enf_obligations (case_id, kind, description, amount, paid, done, creditor, debtor, category) VALUES ($1, $2, $3, $4, 0, 0, $5, $6, $7)")
                .bind(id)
                .bind(o.kind.as_str())
                .bind(o.description.trim())
                .bind(o.amount)
                .bind(o.creditor.as_deref())
                .bind(o.debtor.as_deref())
                .bind(o.category.as_str())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("INSERT INTO enf_events (case_id, at, on_date, step, from_state, to_state, actor, rule_set, provisions, due_date, due_citation, warnings, note) VALUES ($1, $2, $3, 'receive', NULL, $4, $5, $6, $7, $8, $9, '[]', $10)")
            .bind(id)
            .bind(now)
            .bind(received_on.to_string())
            .bind(State::Received.as_str())
            .bind(&p.actor().0)
            .bind(selection.set)
            .bind(serde_json::to_string(&provisions).unwrap_or_default())
            .bind(due.as_ref().map(|d| d.ends.to_string()))
            .bind(due.as_ref().map(|d| d.citation.clone()))
            .bind(officer.as_ref().map(|o| format!("phân công: {}", o.username)))
            .execute(&mut *tx)
            .await?;
        self.stats_update(&mut tx, crate::stats::Tracked::new_case(id)).await?;
        let case = self.case_in(&mut tx, id).await?;
        self.notify_step(
            &mut tx,
            &case,
            &unit.name,
            "Cơ quan thi hành án đã thụ lý việc thi hành án",
            &format!("intake:{id}"),
        )
        .await?;
        platform::audit::record::<(), _>(
            &mut tx,
            &p.actor(),
            "enforcement.intake",
            &format!("case:{id}"),
            None,
            Some(&(&case, &new)),
        )
        .await?;
        tx.commit().await?;
        Ok(case)
    }

    async fn officer_in_unit(&self, username: &str, unit: UnitId) -> Result<Officer> {
        let u = self.platform.user(username).await?;
        if u.unit_id != Some(unit) || u.disabled || !u.roles.contains(&Role::EnforcementOfficer) {
            return Err(EnforcementError::Invalid(format!(
                "{username} is not an active Chấp hành viên of this office"
            )));
        }
        Ok(Officer { id: u.id, username: u.username, display_name: u.display_name })
    }

    pub(crate) async fn case_in(&self, tx: &mut Transaction<'static, Any>, id: i64) -> Result<Case> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{CASE_SELECT} WHERE c.id = $1")))
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(|| EnforcementError::NotFound(format!("case {id}")))?;
        case_of(&row)
    }

    pub(crate) async fn case_row(&self, id: i64) -> Result<Case> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{CASE_SELECT} WHERE c.id = $1")))
            .bind(id)
            .fetch_optional(self.db().pool())
            .await?
            .ok_or_else(|| EnforcementError::NotFound(format!("case {id}")))?;
        case_of(&row)
    }

    /// A case's summary (reads only; no personal data).
    pub async fn case(&self, p: &Principal, id: i64) -> Result<Case> {
        self.case_for(p, id, Action::ReadCases).await
    }

    /// The case, if the policy lets `p` do `action` in its office (money, assets and reads alike).
    pub(crate) async fn case_for(&self, p: &Principal, id: i64, action: Action) -> Result<Case> {
        let c = self.case_row(id).await?;
        self.authorize_unit(p, action, c.unit_id).await?;
        Ok(c)
    }

    /// The whole file: parties, obligations, timeline, documents, the next steps for `p`. Reading the
    /// parties is a personal-data access and is logged (NĐ 356/2025/NĐ-CP).
    pub async fn case_file(&self, p: &Principal, id: i64) -> Result<CaseFile> {
        let case = self.case_row(id).await?;
        let path = self.authorize_unit(p, Action::ReadCases, case.unit_id).await?;
        authorize(p, Action::ReadPersonalData, Target::Unit(&path))?;
        self.platform.log_personal_data_access(p, &format!("enforcement case:{id}"), "hồ sơ thi hành án").await?;
        let parties = self.parties(id).await?;
        let obligations = self.obligations(id).await?;
        let events = self.events(id).await?;
        let documents = self.documents_of(id).await?;
        let today = self.today();
        let facts = facts_of(&case, &obligations)?;
        let (set, rules_now) = crate::rules::select(today.max(facts.last_on), facts.ended_on);
        let next_steps = match who(p) {
            Ok(w) => workflow::next_steps(&facts, w)
                .into_iter()
                .map(|(s, allowed)| NextStep {
                    step: s,
                    label_vi: s.label_vi(),
                    label_en: s.label_en(),
                    allowed: allowed && step_in_unit(p, s, &path),
                    needs: s.needs(),
                    provision: provision_of_step(set, s, &facts),
                })
                .collect(),
            Err(_) => vec![],
        };
        let days_left = case.due_date.as_deref().and_then(Date::parse_iso).map(|d| d.to_days() - today.to_days());
        Ok(CaseFile { case, parties, obligations, events, documents, next_steps, days_left, rules_now })
    }

    async fn parties(&self, id: i64) -> Result<Vec<Party>> {
        let rows: Vec<(i64, String, String, String, String)> =
            sqlx::query_as("SELECT id, role, kind, name, address FROM enf_parties WHERE case_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(self.db().pool())
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, role, kind, name, address)| {
                let role = PartyRole::parse(&role).unwrap_or(PartyRole::Related);
                Party { id, role, role_vi: role.label_vi(), kind, name, address }
            })
            .collect())
    }

    pub(crate) async fn obligations(&self, id: i64) -> Result<Vec<Obligation>> {
        let rows: Vec<ObligationRow> = sqlx::query_as(OBLIGATION_SELECT).bind(id).fetch_all(self.db().pool()).await?;
        Ok(rows.into_iter().map(obligation_of).collect())
    }

    async fn obligations_in(&self, tx: &mut Transaction<'static, Any>, id: i64) -> Result<Vec<Obligation>> {
        let rows: Vec<ObligationRow> = sqlx::query_as(OBLIGATION_SELECT).bind(id).fetch_all(&mut **tx).await?;
        Ok(rows.into_iter().map(obligation_of).collect())
    }

    async fn events(&self, id: i64) -> Result<Vec<Event>> {
        let rows = sqlx::query("SELECT id, at, on_date, step, from_state, to_state, actor, rule_set, provisions, due_date, due_citation, warnings, amount, obligation_id, note FROM enf_events WHERE case_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(self.db().pool())
            .await?;
        rows.iter()
            .map(|r| {
                let step: String = r.try_get("step")?;
                let provisions: String = r.try_get("provisions")?;
                let warnings: String = r.try_get("warnings")?;
                Ok(Event {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    on: r.try_get("on_date")?,
                    step_vi: Step::parse(&step).map(|s| s.label_vi()).unwrap_or("Tiếp nhận, thụ lý").to_string(),
                    step,
                    from_state: r.try_get("from_state")?,
                    to_state: r.try_get("to_state")?,
                    actor: r.try_get("actor")?,
                    rule_set: r.try_get("rule_set")?,
                    provisions: serde_json::from_str(&provisions).unwrap_or_default(),
                    due_date: r.try_get("due_date")?,
                    due_citation: r.try_get("due_citation")?,
                    warnings: serde_json::from_str(&warnings).unwrap_or_default(),
                    amount: r.try_get("amount")?,
                    obligation_id: r.try_get("obligation_id")?,
                    note: r.try_get("note")?,
                })
            })
            .collect()
    }

    async fn documents_of(&self, id: i64) -> Result<Vec<DocumentInfo>> {
        let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
            "SELECT id, number, kind, title, issued_on, sha256 FROM enf_documents WHERE case_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(self.db().pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, number, kind, title, issued_on, sha256)| DocumentInfo {
                id,
                number,
                kind,
                title,
                issued_on,
                sha256,
            })
            .collect())
    }

    /// Search and filters over a unit's cases (default: the caller's own unit), with the cases of the
    /// offices under it.
    pub async fn list(&self, p: &Principal, f: &CaseFilter) -> Result<(Vec<Case>, i64)> {
        let unit = match (&f.unit, p) {
            (Some(code), _) => self.platform.unit_by_code(code).await?,
            (None, Principal::User(u)) => match u.unit() {
                Some(id) => self.platform.unit_by_id(id).await?,
                None => return Err(platform::PlatformError::Forbidden("RoleLacks".into()).into()),
            },
            (None, Principal::System(_)) => return Err(EnforcementError::Invalid("unit is required".into())),
            (None, Principal::Anonymous) => return Err(platform::PlatformError::Unauthenticated.into()),
        };
        self.authorize_unit(p, Action::ReadCases, unit.id).await?;
        let officer_id = match &f.officer {
            Some(name) => Some(self.platform.user(name).await.map(|u| u.id).unwrap_or(-1)),
            None => None,
        };
        let limit = f.limit.unwrap_or(50).clamp(1, 500);
        let offset = f.offset.unwrap_or(0).clamp(0, 10_000_000);
        let q = f.q.as_deref().map(fold).filter(|s| !s.trim().is_empty()).map(|s| format!("%{}%", s.trim()));
        if q.as_ref().is_some_and(|s| s.len() > 202) {
            return Err(EnforcementError::Invalid("q: at most 200 characters".into()));
        }
        // One statement with optional filters ($n IS NULL OR …): no SQL is built from input.
        let cond = "c.unit_id IN (SELECT u.id FROM units u LEFT JOIN units pu ON pu.id = u.parent_id WHERE u.id = $1 OR u.parent_id = $1 OR pu.parent_id = $1) AND ($2 IS NULL OR c.state = $2) AND ($3 IS NULL OR c.officer_id = $3) AND ($4 IS NULL OR c.search_key LIKE $4) AND ($5 IS NULL OR c.received_on >= $5) AND ($6 IS NULL OR c.received_on <= $6) AND ($7 = 0 OR c.active = 1)";
        let bind_all = |sql: String| {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(unit.id)
                .bind(f.state.map(|s| s.as_str()))
                .bind(officer_id)
                .bind(q.clone())
                .bind(f.received_from.map(|d| d.to_string()))
                .bind(f.received_to.map(|d| d.to_string()))
                .bind(i64::from(f.active_only))
        };
        let total: i64 = bind_all(format!("SELECT COUNT(*) AS n FROM enf_cases c WHERE {cond}"))
            .fetch_one(self.db().pool())
            .await?
            .try_get("n")?;
        let rows = bind_all(format!("{CASE_SELECT} WHERE {cond} ORDER BY c.id DESC LIMIT $8 OFFSET $9"))
            .bind(limit)
            .bind(offset)
            .fetch_all(self.db().pool())
            .await?;
        let cases = rows.iter().map(case_of).collect::<Result<Vec<_>>>()?;
        Ok((cases, total))
    }

    /// Take a step. `expected_version`, when given, must match the case's version (else
    /// [`EnforcementError::Conflict`]).
    pub async fn step(
        &self,
        p: &Principal,
        id: i64,
        step: Step,
        input: &Input,
        expected_version: Option<i64>,
    ) -> Result<StepResult> {
        let who = who(p)?;
        let (_, action) = step.roles();
        let cal = self.platform.calendar().await?;
        let today = self.today();
        if input.note.as_ref().is_some_and(|n| n.chars().count() > 2000) {
            return Err(EnforcementError::Invalid("note: at most 2000 characters".into()));
        }
        let now = self.now();
        // Everything read from the pool is read before the transaction: a transaction never waits for a
        // second connection while it holds the write lock (with a small pool that would deadlock).
        let pre = self.case_row(id).await?;
        let path = self.platform.unit_path(pre.unit_id).await?;
        authorize(p, action, Target::Unit(&path))?;
        let unit = self.platform.unit_by_id(pre.unit_id).await?;
        let parent = match unit.parent_id {
            Some(pid) => Some(self.platform.unit_by_id(pid).await?),
            None => None,
        };
        let mut tx = self.db().pool().begin().await?;
        lock(&mut tx).await?;
        let before = self.case_in(&mut tx, id).await?;
        if before.unit_id != pre.unit_id {
            return Err(EnforcementError::Conflict(format!("case {id} moved to another office")));
        }
        if let Some(v) = expected_version
            && v != before.version
        {
            return Err(EnforcementError::Conflict(format!("version {v}, now {}", before.version)));
        }
        let tracked = self.stats_track(&mut tx, id).await?;
        let obligations = self.obligations_in(&mut tx, id).await?;
        let facts = facts_of(&before, &obligations)?;
        let effect = workflow::plan(&facts, step, input, who, today, &cal)?;
        let n = &effect.next;
        let keep = workflow::keeps_deadline(step);
        let (paid_money, total_money) = (
            n.obligations.iter().filter(|o| o.kind == ObligationKind::PayMoney).map(|o| o.paid).sum::<i64>(),
            n.obligations.iter().filter(|o| o.kind == ObligationKind::PayMoney).map(|o| o.amount).sum::<i64>(),
        );
        if total_money != before.total_money
            || paid_money - before.paid_money != effect.payment.map(|x| x.1).unwrap_or(0)
        {
            return Err(EnforcementError::Invalid("money does not add up; nothing was written".into()));
        }
        let due_rule = effect
            .due
            .as_ref()
            .map(|d| serde_json::to_string(&d.rule).unwrap_or_default().trim_matches('"').to_string());
        let upd = sqlx::query(
            "UPDATE enf_cases SET state = $1, active = $2, rule_set = $3, last_on = $4, due_date = CASE WHEN $5 = 1 THEN due_date ELSE $6 END, due_rule = CASE WHEN $5 = 1 THEN due_rule ELSE $7 END, due_citation = CASE WHEN $5 = 1 THEN due_citation ELSE $8 END, waiting_on = CASE WHEN $5 = 1 THEN waiting_on ELSE $9 END, voluntary_ends = $10, no_means_since = $11, verifications = $12, long_interval = $13, resume_to = $14, paused_on = $15, ended_on = $16, paid_money = $17, version = version + 1, updated_at = $18 WHERE id = $19 AND version = $20",
        )
        .bind(n.state.as_str())
        .bind(i64::from(!n.state.is_terminal()))
        .bind(effect.selection.set)
        .bind(n.last_on.to_string())
        .bind(i64::from(keep))
        .bind(effect.due.as_ref().map(|d| d.ends.to_string()))
        .bind(due_rule)
        .bind(effect.due.as_ref().map(|d| d.citation.clone()))
        .bind(effect.waiting.map(|w| w.as_str()))
        .bind(n.voluntary_ends.map(|d| d.to_string()))
        .bind(n.no_means_since.map(|d| d.to_string()))
        .bind(n.verifications)
        .bind(i64::from(n.long_interval))
        .bind(n.resume_to.map(|s| s.as_str()))
        .bind(n.paused_on.map(|d| d.to_string()))
        .bind(n.ended_on.map(|d| d.to_string()))
        .bind(paid_money)
        .bind(now)
        .bind(id)
        .bind(before.version)
        .execute(&mut *tx)
        .await?;
        if upd.rows_affected() != 1 {
            return Err(EnforcementError::Conflict(format!("case {id}")));
        }
        if let Some((ob, amount)) = effect.payment {
            let r = sqlx::query(
                "UPDATE enf_obligations SET paid = paid + $1 WHERE id = $2 AND case_id = $3 AND paid + $1 <= amount",
            )
            .bind(amount)
            .bind(ob)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if r.rows_affected() != 1 {
                return Err(EnforcementError::Invalid("payment exceeds what is owed".into()));
            }
        }
        if let Some(ob) = effect.fulfilled {
            sqlx::query("UPDATE enf_obligations SET done = 1 WHERE id = $1 AND case_id = $2")
                .bind(ob)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let (event_id,): (i64,) = sqlx::query_as("INSERT INTO enf_events (case_id, at, on_date, step, from_state, to_state, actor, rule_set, provisions, due_date, due_citation, warnings, amount, obligation_id, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id")
            .bind(id)
            .bind(now)
            .bind(effect.on.to_string())
            .bind(step.as_str())
            .bind(effect.from.as_str())
            .bind(n.state.as_str())
            .bind(&p.actor().0)
            .bind(effect.selection.set)
            .bind(serde_json::to_string(&effect.provisions).unwrap_or_default())
            .bind(effect.due.as_ref().map(|d| d.ends.to_string()))
            .bind(effect.due.as_ref().map(|d| d.citation.clone()))
            .bind(serde_json::to_string(&effect.warnings).unwrap_or_default())
            .bind(effect.payment.map(|x| x.1))
            .bind(effect.payment.map(|x| x.0).or(effect.fulfilled))
            .bind(input.note.as_deref().or(input.ground.as_deref()))
            .fetch_one(&mut *tx)
            .await?;
        self.stats_update(&mut tx, tracked).await?;
        let after = self.case_in(&mut tx, id).await?;
        if crate::notify::tells_parties(step) {
            let headline = format!("{} ngày {}", step.label_vi(), crate::documents::dmy(&effect.on.to_string()));
            self.notify_step(&mut tx, &after, &unit.name, &headline, &format!("step:{event_id}")).await?;
        }
        let document = match effect.document {
            Some(kind) => Some(
                self.issue_document(&mut tx, &after, kind, event_id, &effect, input, &unit, parent.as_ref()).await?,
            ),
            None => None,
        };
        platform::audit::record(
            &mut tx,
            &p.actor(),
            &format!("enforcement.{}", step.as_str()),
            &format!("case:{id}"),
            Some(&before),
            Some(&(&after, &effect)),
        )
        .await?;
        tx.commit().await?;
        Ok(StepResult { case: after, event_id, document, warnings: effect.warnings, provisions: effect.provisions })
    }

    /// Phân công / thay đổi Chấp hành viên — assign or reassign the case to an officer of its office.
    pub async fn assign(&self, p: &Principal, id: i64, officer: &str) -> Result<Case> {
        let c = self.case_row(id).await?;
        self.authorize_unit(p, Action::WriteCases, c.unit_id).await?;
        if !has_any_role(p, &[Role::OfficeHead]) {
            return Err(platform::PlatformError::Forbidden("RoleLacks".into()).into());
        }
        let o = self.officer_in_unit(officer, c.unit_id).await?;
        let now = self.now();
        let mut tx = self.db().pool().begin().await?;
        lock(&mut tx).await?;
        let before = self.case_in(&mut tx, id).await?;
        let tracked = self.stats_track(&mut tx, id).await?;
        sqlx::query("UPDATE enf_cases SET officer_id = $1, version = version + 1, updated_at = $2 WHERE id = $3")
            .bind(o.id)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let (set, _) = crate::rules::select(self.today(), before.ended_on.as_deref().and_then(Date::parse_iso));
        sqlx::query("INSERT INTO enf_events (case_id, at, on_date, step, from_state, to_state, actor, rule_set, provisions, warnings, note) VALUES ($1, $2, $3, 'assign', $4, $4, $5, $6, '[]', '[]', $7)")
            .bind(id)
            .bind(now)
            .bind(self.today().to_string())
            .bind(before.state.as_str())
            .bind(&p.actor().0)
            .bind(set.id)
            .bind(format!(
                "phân công Chấp hành viên: {}{}",
                o.username,
                before.officer.as_ref().map(|b| format!(" (thay {})", b.username)).unwrap_or_default()
            ))
            .execute(&mut *tx)
            .await?;
        self.stats_update(&mut tx, tracked).await?;
        let after = self.case_in(&mut tx, id).await?;
        platform::audit::record(
            &mut tx,
            &p.actor(),
            "enforcement.assign",
            &format!("case:{id}"),
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Check a case's money: the case's sums equal its obligations' sums, nothing is paid beyond what is
    /// owed, and the payments in the timeline add up to what was paid. Returns (total, paid).
    pub async fn check_money(&self, id: i64) -> Result<(i64, i64)> {
        let c = self.case_row(id).await?;
        let obligations = self.obligations(id).await?;
        let money = obligations.iter().filter(|o| o.kind == ObligationKind::PayMoney);
        let total: i64 = money.clone().map(|o| o.amount).sum();
        let paid: i64 = money.clone().map(|o| o.paid).sum();
        let (events,): (Option<i64>,) =
            sqlx::query_as("SELECT CAST(SUM(amount) AS BIGINT) FROM enf_events WHERE case_id = $1 AND step = 'pay'")
                .bind(id)
                .fetch_one(self.db().pool())
                .await?;
        if total != c.total_money
            || paid != c.paid_money
            || events.unwrap_or(0) != paid
            || money.clone().any(|o| o.paid > o.amount || o.paid < 0)
        {
            return Err(EnforcementError::Invalid(format!(
                "money of case {id} does not add up: total {total}/{}, paid {paid}/{}/{:?}",
                c.total_money, c.paid_money, events
            )));
        }
        Ok((total, paid))
    }
}

type ObligationRow = (i64, String, String, i64, i64, i64, Option<String>, Option<String>, String);

const OBLIGATION_SELECT: &str = "SELECT id, kind, description, amount, paid, done, creditor, debtor, category FROM enf_obligations WHERE case_id = $1 ORDER BY id";

fn obligation_of(r: ObligationRow) -> Obligation {
    let kind = ObligationKind::parse(&r.1).unwrap_or(ObligationKind::DoAct);
    let category = Category::parse(&r.8).unwrap_or(Category::Other);
    Obligation {
        id: r.0,
        kind,
        kind_vi: kind.label_vi(),
        description: r.2,
        amount: r.3,
        paid: r.4,
        done: r.5 != 0,
        creditor: r.6,
        debtor: r.7,
        category,
        category_vi: category.label_vi(),
    }
}

/// Whether the policy lets `p` take `s` over the unit (the role check is the workflow's).
fn step_in_unit(p: &Principal, s: Step, path: &[UnitId]) -> bool {
    platform::policy::allows(p, s.roles().1, Target::Unit(path)).is_allowed()
}

fn provision_of_step(set: &crate::rules::RuleSet, s: Step, f: &Facts) -> Option<String> {
    use crate::rules::RuleId::*;
    let id = match s {
        Step::Decide => match (f.basis, f.own_motion) {
            (Basis::Request, _) => DecisionOnRequest,
            (_, Some(OwnMotionKind::Emergency)) => DecisionEmergency,
            (_, Some(OwnMotionKind::Bankruptcy)) => DecisionBankruptcy,
            _ => DecisionOwnMotion,
        },
        Step::Notify => Notify,
        Step::Serve => {
            if f.emergency() {
                VerifyEmergency
            } else {
                Voluntary
            }
        }
        Step::StartVerification => Verify,
        Step::FindMeans => Coercion,
        Step::FindNoMeans => NoMeansDecision,
        Step::Reverify => {
            if f.long_interval {
                ReverifyLong
            } else {
                Reverify
            }
        }
        Step::NewInformation => NewInfoVerify,
        Step::ReturnRequest => ReturnRequest,
        Step::Postpone => PostponeDecision,
        Step::Suspend => SuspendDecision,
        Step::Resume => {
            if f.state == State::Postponed {
                ResumePostponed
            } else {
                ResumeSuspended
            }
        }
        Step::Terminate => TerminateDecision,
        Step::Complete => Completion,
        Step::Pay | Step::Fulfil => return None,
    };
    set.rule(id).map(|r| r.provision.cite())
}
