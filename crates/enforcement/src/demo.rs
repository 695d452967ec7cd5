//! Dữ liệu mẫu — realistic generated cases across all offices, for demonstrations and benchmarks.
//!
//! Each case is *simulated* through the pure workflow ([`workflow::plan`]) from a random day of intake
//! in the last two years: the states, deadlines, provisions and payments it carries are the ones the
//! real steps would have produced on those days (under the 2008 law before 01/07/2026 and the 2025 law
//! after). Rows are then written in bulk (multi-row inserts, explicit ids) with one audit entry per
//! batch. Names and addresses are generated; no real person is named. [`Enforcement::demo_documented`]
//! also issues each step's document (decision, notice …) from the templates, as a real step would.

use crate::case::fold;
use crate::workflow::{self, Basis, Facts, Input, ObligationFacts, ObligationKind, OwnMotionKind, State, Step, Who};
use crate::{Enforcement, Result};
use lex::Date;
use platform::calendar::Calendar;
use platform::policy::Principal;
use serde::Serialize;

/// A small deterministic generator (xorshift64*): the same seed gives the same cases.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

const FAMILY: [&str; 14] =
    ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"];
const MIDDLE: [&str; 8] = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang"];
const GIVEN: [&str; 16] = [
    "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam", "Phương", "Sơn", "Thảo",
    "Tuấn",
];
const COMPANIES: [&str; 6] = [
    "Công ty TNHH Thương mại Hòa Phát Lợi",
    "Công ty cổ phần Xây dựng Sông Hồng",
    "Hợp tác xã Nông nghiệp Tân Tiến",
    "Công ty TNHH Vận tải Minh Khang",
    "Ngân hàng thương mại cổ phần Phương Nam",
    "Công ty cổ phần Thực phẩm An Bình",
];
const STREETS: [&str; 8] = [
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Quang Trung",
    "Hùng Vương",
    "Điện Biên Phủ",
];
const ASSETS: [&str; 5] = [
    "Giao quyền sử dụng thửa đất số 215, tờ bản đồ số 12",
    "Giao trả xe ô tô biển kiểm soát 29A-123.45",
    "Trả lại nhà ở tại số 18 ngõ 4",
    "Giao trả giấy chứng nhận quyền sử dụng đất",
    "Trả lại 02 máy xúc đã thuê",
];

fn person(r: &mut Rng) -> String {
    format!("{} {} {}", r.pick(&FAMILY), r.pick(&MIDDLE), r.pick(&GIVEN))
}

fn address(r: &mut Rng, province: &str) -> String {
    format!("Số {}, đường {}, phường {}, {}", 1 + r.below(300), r.pick(&STREETS), 1 + r.below(20), province)
}

/// An office cases are spread over.
#[derive(Clone, Debug)]
pub struct Office {
    pub id: i64,
    pub code: String,
    pub province: String,
    /// Enforcement officers of the office (user ids), cases are assigned among them.
    pub officers: Vec<i64>,
}

/// One simulated case, ready to insert.
#[derive(Clone, Debug)]
pub struct SimCase {
    pub office: usize,
    pub basis: Basis,
    pub own_motion: Option<OwnMotionKind>,
    pub court: String,
    pub judgment_number: String,
    pub judgment_date: Date,
    pub effective_date: Date,
    pub parties: Vec<(&'static str, &'static str, String, String)>,
    /// (kind, description, amount, paid, done)
    pub obligations: Vec<(ObligationKind, String, i64, i64, bool)>,
    pub facts: Facts,
    pub rule_set: &'static str,
    pub due: Option<workflow::Due>,
    pub waiting: Option<workflow::Waiting>,
    /// (on, step, from, to, rule set, provisions, due date, due citation, warnings, amount, local obligation)
    pub events: Vec<SimEvent>,
    pub officer: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct SimEvent {
    pub on: Date,
    pub step: &'static str,
    pub from: Option<State>,
    pub to: State,
    pub rule_set: &'static str,
    pub provisions: Vec<String>,
    pub due: Option<(Date, String)>,
    pub warnings: Vec<String>,
    pub amount: Option<i64>,
    pub obligation: Option<i64>,
    /// The step's effect and input, kept when the step issues a document.
    pub issues: Option<Box<(workflow::Effect, Input)>>,
}

fn add_days(d: Date, n: i64) -> Date {
    Date::from_days(d.to_days() + n)
}

/// Simulate one case: intake on a random day of the last two years, then steps as a busy office takes
/// them (mostly on time, some late), stopping at a random point or today.
pub fn simulate(r: &mut Rng, offices: &[Office], today: Date, cal: &Calendar) -> SimCase {
    let office = r.below(offices.len() as u64) as usize;
    let o = &offices[office];
    let received_on = add_days(today, -(r.below(730) as i64));
    let (basis, own_motion) = if r.chance(70) {
        (Basis::Request, None)
    } else {
        let k = match r.below(100) {
            0..=64 => OwnMotionKind::StatePayment,
            65..=79 => OwnMotionKind::ReturnAssets,
            80..=91 => OwnMotionKind::Confiscation,
            92..=95 => OwnMotionKind::Land,
            96..=97 => OwnMotionKind::Emergency,
            _ => OwnMotionKind::Bankruptcy,
        };
        (Basis::OwnMotion, Some(k))
    };
    let effective_date = add_days(received_on, -(r.below(400) as i64) - 1);
    let judgment_date = add_days(effective_date, -(r.below(45) as i64));
    let criminal = own_motion == Some(OwnMotionKind::StatePayment) && r.chance(60);
    let judgment_number = format!(
        "{}/{}/{}",
        1 + r.below(400),
        judgment_date.year,
        if criminal { "HS-ST" } else { *r.pick(&["DS-ST", "KDTM-ST", "HNGĐ-ST", "DS-PT"]) }
    );
    let court = format!("Tòa án nhân dân khu vực {} — {}", 1 + r.below(12), o.province);
    let creditor = if own_motion == Some(OwnMotionKind::StatePayment) {
        ("creditor", "organisation", format!("Ngân sách nhà nước (Kho bạc Nhà nước {})", o.province), String::new())
    } else if r.chance(25) {
        ("creditor", "organisation", r.pick(&COMPANIES).to_string(), address(r, &o.province))
    } else {
        ("creditor", "person", person(r), address(r, &o.province))
    };
    let debtor = if r.chance(15) {
        ("debtor", "organisation", r.pick(&COMPANIES).to_string(), address(r, &o.province))
    } else {
        ("debtor", "person", person(r), address(r, &o.province))
    };
    let mut parties = vec![creditor, debtor];
    if r.chance(10) {
        parties.push(("related", "person", person(r), address(r, &o.province)));
    }
    let mut obligations = vec![];
    // Amounts: mostly tens of millions of đồng, a long tail up to billions.
    let amount = match r.below(100) {
        0..=49 => 1_000_000 + r.below(49_000_000) as i64,
        50..=89 => 50_000_000 + r.below(450_000_000) as i64,
        _ => 500_000_000 + r.below(4_500_000_000) as i64,
    } / 1000
        * 1000;
    let desc = match own_motion {
        Some(OwnMotionKind::StatePayment) => "Nộp án phí, tiền phạt sung ngân sách nhà nước".to_string(),
        Some(OwnMotionKind::ReturnAssets) => "Trả lại tiền cho đương sự".to_string(),
        _ => format!("Trả cho {} số tiền theo bản án", parties[0].2),
    };
    obligations.push((ObligationKind::PayMoney, desc, amount, 0i64, false));
    if r.chance(20) {
        obligations.push((ObligationKind::HandOverAsset, r.pick(&ASSETS).to_string(), 0, 0, false));
    }
    if basis == Basis::Request && r.chance(30) {
        obligations.push((
            ObligationKind::PayMoney,
            "Nộp án phí dân sự sơ thẩm".into(),
            (amount / 20).max(300_000) / 1000 * 1000,
            0,
            false,
        ));
    }
    let mut facts = Facts {
        state: State::Received,
        basis,
        own_motion,
        received_on,
        last_on: received_on,
        due: None,
        voluntary_ends: None,
        no_means_since: None,
        verifications: 0,
        long_interval: false,
        resume_to: None,
        paused_on: None,
        ended_on: None,
        obligations: obligations
            .iter()
            .enumerate()
            .map(|(i, (k, _, a, _, _))| ObligationFacts {
                id: i as i64 + 1,
                kind: *k,
                amount: *a,
                paid: 0,
                done: false,
            })
            .collect(),
    };
    let (mut due, sel) = workflow::intake_due(basis, own_motion, received_on, cal)
        .unwrap_or((None, crate::rules::select(received_on, None).1));
    facts.due = due.as_ref().map(|d| d.ends);
    let mut rule_set = sel.set;
    let mut waiting = None;
    let mut events = vec![SimEvent {
        on: received_on,
        step: "receive",
        from: None,
        to: State::Received,
        rule_set,
        provisions: due.iter().map(|d| d.citation.clone()).collect(),
        due: due.as_ref().map(|d| (d.ends, d.citation.clone())),
        warnings: vec![],
        amount: None,
        obligation: None,
        issues: None,
    }];
    let officer = if o.officers.is_empty() { None } else { Some(*r.pick(&o.officers)) };
    for _ in 0..14 {
        if r.chance(8) {
            break;
        }
        let f = &facts;
        let late = if r.chance(10) { 3 + r.below(10) as i64 } else { 0 };
        let soon = |r: &mut Rng, span: u64| add_days(f.last_on, r.below(span) as i64 + late);
        let owed: Vec<(i64, i64)> = f
            .obligations
            .iter()
            .filter(|o| o.kind == ObligationKind::PayMoney && o.paid < o.amount)
            .map(|o| (o.id, o.amount - o.paid))
            .collect();
        let open_other = f.obligations.iter().find(|o| o.kind != ObligationKind::PayMoney && !o.done).map(|o| o.id);
        let (step, input) = match f.state {
            State::Received => (Step::Decide, Input { on: Some(soon(r, 5)), ..Input::default() }),
            State::Decided => (Step::Notify, Input { on: Some(soon(r, 3)), ..Input::default() }),
            State::Notified => {
                (Step::Serve, Input { on: Some(add_days(f.last_on, 1 + r.below(12) as i64)), ..Input::default() })
            }
            State::Voluntary | State::Coercion
                if r.chance(if f.state == State::Voluntary { 25 } else { 45 })
                    && (!owed.is_empty() || open_other.is_some()) =>
            {
                let on =
                    Some(add_days(f.last_on, 1 + r.below(if f.state == State::Voluntary { 9 } else { 60 }) as i64));
                match (owed.first(), open_other) {
                    (Some((id, left)), _) => {
                        let part = if r.chance(70) { *left } else { (*left / 2).max(1) };
                        (Step::Pay, Input { on, obligation: Some(*id), amount: Some(part), ..Input::default() })
                    }
                    (None, Some(id)) => (Step::Fulfil, Input { on, obligation: Some(id), ..Input::default() }),
                    (None, None) => break,
                }
            }
            State::Voluntary | State::Verifying | State::Coercion | State::NoMeans
                if owed.is_empty() && open_other.is_none() =>
            {
                (Step::Complete, Input { on: Some(soon(r, 5)), ..Input::default() })
            }
            State::Voluntary if r.chance(5) => (
                Step::Postpone,
                Input {
                    on: Some(soon(r, 5)),
                    ground: Some("điểm c khoản 1 (đương sự đồng ý hoãn)".into()),
                    ..Input::default()
                },
            ),
            State::Voluntary => (
                Step::StartVerification,
                Input { on: f.voluntary_ends.map(|e| add_days(e, 1 + r.below(7) as i64)), ..Input::default() },
            ),
            State::Verifying if r.chance(60) => (Step::FindMeans, Input { on: Some(soon(r, 9)), ..Input::default() }),
            State::Verifying => (
                Step::FindNoMeans,
                Input {
                    on: Some(soon(r, 9)),
                    ground: Some("điểm a khoản 1 (không có thu nhập, tài sản)".into()),
                    long_interval: r.chance(15),
                    ..Input::default()
                },
            ),
            State::Coercion if r.chance(5) => (
                Step::Terminate,
                Input {
                    on: Some(soon(r, 30)),
                    ground: Some("điểm c khoản 1 (người được thi hành án yêu cầu đình chỉ)".into()),
                    ..Input::default()
                },
            ),
            State::Coercion => break,
            State::NoMeans if r.chance(12) => {
                (Step::NewInformation, Input { on: Some(soon(r, 120)), ..Input::default() })
            }
            State::NoMeans if r.chance(50) => (
                Step::Reverify,
                Input { on: f.due.map(|d| add_days(d, -(r.below(20) as i64) + late)), ..Input::default() },
            ),
            State::NoMeans if f.no_means_since.is_some_and(|s| s.to_days() + 731 < today.to_days()) && r.chance(50) => {
                (Step::ReturnRequest, Input { on: Some(today), ..Input::default() })
            }
            State::NoMeans => break,
            State::Postponed => {
                (Step::Resume, Input { on: Some(add_days(f.last_on, 10 + r.below(50) as i64)), ..Input::default() })
            }
            _ => break,
        };
        let Some(on) = input.on else { break };
        if on > today {
            break;
        }
        let Ok(e) = workflow::plan(&facts, step, &input, Who::System, today, cal) else { break };
        if !workflow::keeps_deadline(step) {
            due = e.due.clone();
            waiting = e.waiting;
        }
        rule_set = e.selection.set;
        events.push(SimEvent {
            on: e.on,
            step: step.as_str(),
            from: Some(e.from),
            to: e.next.state,
            rule_set,
            provisions: e.provisions.clone(),
            due: e.due.as_ref().map(|d| (d.ends, d.citation.clone())),
            warnings: e.warnings.clone(),
            amount: e.payment.map(|p| p.1),
            obligation: e.payment.map(|p| p.0).or(e.fulfilled),
            issues: e.document.map(|_| Box::new((e.clone(), input.clone()))),
        });
        facts = e.next;
        if facts.state.is_terminal() {
            break;
        }
    }
    for (i, o) in facts.obligations.iter().enumerate() {
        obligations[i].3 = o.paid;
        obligations[i].4 = o.done;
    }
    SimCase {
        office,
        basis,
        own_motion,
        court,
        judgment_number,
        judgment_date,
        effective_date,
        parties,
        obligations,
        facts,
        rule_set,
        due,
        waiting,
        events,
        officer,
    }
}

/// What a demo run made.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DemoSummary {
    pub cases: u64,
    pub events: u64,
    pub documents: u64,
    pub offices: usize,
    pub by_state: Vec<(String, u64)>,
    pub seconds: f64,
}

enum V {
    I(i64),
    S(String),
    OI(Option<i64>),
    OS(Option<String>),
}

async fn insert_rows(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    max_binds: usize,
    table_and_cols: &str,
    cols: usize,
    rows: Vec<Vec<V>>,
) -> Result<()> {
    let per = (max_binds / cols).clamp(1, 100);
    let mut it = rows.into_iter().peekable();
    while it.peek().is_some() {
        let chunk: Vec<Vec<V>> = it.by_ref().take(per).collect();
        // Only row and column counts are formatted into the SQL; values are bound.
        let sql =
            format!("INSERT INTO {table_and_cols} VALUES {}", store::dialect::values_placeholders(chunk.len(), cols));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            for v in row {
                q = match v {
                    V::I(x) => q.bind(x),
                    V::S(x) => q.bind(x),
                    V::OI(x) => q.bind(x),
                    V::OS(x) => q.bind(x),
                };
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

impl Enforcement {
    /// The offices demo cases go to: every active provincial and regional office, with its officers.
    pub async fn demo_offices(&self) -> Result<Vec<Office>> {
        let units = self.platform.units().await?;
        let officers: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT u.unit_id, u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'enforcement_officer' AND u.disabled = 0 AND u.unit_id IS NOT NULL",
        )
        .fetch_all(self.db().pool())
        .await?;
        let name_of = |id: i64| units.iter().find(|u| u.id == id).map(|u| u.name.clone()).unwrap_or_default();
        Ok(units
            .iter()
            .filter(|u| u.active && u.level != platform::org::Level::National)
            .map(|u| {
                let province_unit = if u.level == platform::org::Level::Regional {
                    u.parent_id.map(name_of).unwrap_or_default()
                } else {
                    u.name.clone()
                };
                let province = province_unit
                    .strip_prefix("Thi hành án dân sự thành phố ")
                    .or_else(|| province_unit.strip_prefix("Thi hành án dân sự tỉnh "))
                    .unwrap_or(&province_unit)
                    .to_string();
                Office {
                    id: u.id,
                    code: u.code.clone(),
                    province,
                    officers: officers.iter().filter(|(unit, _)| *unit == u.id).map(|(_, id)| *id).collect(),
                }
            })
            .collect())
    }

    /// Whether any case exists.
    pub async fn is_empty(&self) -> Result<bool> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM (SELECT id FROM enf_cases LIMIT 1) x")
            .fetch_one(self.db().pool())
            .await?;
        Ok(n == 0)
    }

    /// Generate `n` cases across every office (seeded: the same seed gives the same cases), in batches
    /// of `batch` cases per transaction, each batch audited. `progress` is called after each batch.
    /// No documents: see [`Enforcement::demo_documented`].
    pub async fn demo(
        &self,
        p: &Principal,
        n: u64,
        seed: u64,
        batch: usize,
        progress: impl FnMut(u64),
    ) -> Result<DemoSummary> {
        self.demo_run(p, n, seed, batch, false, progress).await
    }

    /// [`Enforcement::demo`], and every step that issues a decision or notice gets its document,
    /// rendered from the templates and numbered per office and year in the order of the steps' dates
    /// (about 3 documents a case: slower, for demonstrations rather than scale runs).
    pub async fn demo_documented(
        &self,
        p: &Principal,
        n: u64,
        seed: u64,
        batch: usize,
        progress: impl FnMut(u64),
    ) -> Result<DemoSummary> {
        self.demo_run(p, n, seed, batch, true, progress).await
    }

    async fn demo_run(
        &self,
        p: &Principal,
        n: u64,
        seed: u64,
        batch: usize,
        documents: bool,
        mut progress: impl FnMut(u64),
    ) -> Result<DemoSummary> {
        crate::authorize(p, platform::Action::ManageUnits, platform::Target::Global)?;
        let started = std::time::Instant::now();
        let offices = self.demo_offices().await?;
        if offices.is_empty() {
            return Err(crate::EnforcementError::Invalid("no offices".into()));
        }
        let cal = self.platform.calendar().await?;
        let units: std::collections::HashMap<i64, platform::org::Unit> =
            self.platform.units().await?.into_iter().map(|u| (u.id, u)).collect();
        let today = self.today();
        let mut r = Rng::new(seed);
        let max_binds = self.db().dialect().max_binds();
        let now = self.now();
        let mut summary = DemoSummary { offices: offices.len(), ..DemoSummary::default() };
        let mut by_state: std::collections::BTreeMap<&'static str, u64> = Default::default();
        let batch = batch.clamp(1, 20_000) as u64;
        let mut done = 0u64;
        while done < n {
            let take = batch.min(n - done);
            let sims: Vec<SimCase> = (0..take).map(|_| simulate(&mut r, &offices, today, &cal)).collect();
            let mut tx = self.db().pool().begin().await?;
            crate::case::lock(&mut tx).await?;
            let next = |table: &'static str| {
                let sql = format!("SELECT COALESCE(MAX(id), 0) FROM {table}");
                sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql))
            };
            let mut case_id = next("enf_cases").fetch_one(&mut *tx).await?.0;
            let mut party_id = next("enf_parties").fetch_one(&mut *tx).await?.0;
            let mut ob_id = next("enf_obligations").fetch_one(&mut *tx).await?.0;
            let mut ev_id = next("enf_events").fetch_one(&mut *tx).await?.0;
            let first_case = case_id + 1;
            let (mut cases, mut parties, mut obligations, mut events) = (vec![], vec![], vec![], vec![]);
            // (case, event, effect and input) of the steps that issue a document.
            let mut issued: Vec<(i64, i64, &(workflow::Effect, Input))> = vec![];
            for s in &sims {
                case_id += 1;
                let o = &offices[s.office];
                let year = s.facts.received_on.year;
                let seq = crate::case::next_number(&mut tx, o.id, year, "case").await?;
                let number = format!("{seq}/{year}/{}", o.code);
                let total: i64 = s.obligations.iter().filter(|x| x.0 == ObligationKind::PayMoney).map(|x| x.2).sum();
                let paid: i64 = s.obligations.iter().filter(|x| x.0 == ObligationKind::PayMoney).map(|x| x.3).sum();
                let key = fold(&format!(
                    "{} {} {} {} {}",
                    number,
                    s.judgment_number,
                    s.court,
                    o.code,
                    s.parties.iter().map(|p| p.2.as_str()).collect::<Vec<_>>().join(" ")
                ));
                let f = &s.facts;
                let ds = |d: Option<Date>| V::OS(d.map(|d| d.to_string()));
                cases.push(vec![
                    V::I(case_id),
                    V::I(o.id),
                    V::S(number),
                    V::I(year as i64),
                    V::I(seq),
                    V::S(s.basis.as_str().into()),
                    V::OS(s.own_motion.map(|k| k.as_str().into())),
                    V::S(s.court.clone()),
                    V::S(s.judgment_number.clone()),
                    V::S(s.judgment_date.to_string()),
                    V::S(s.effective_date.to_string()),
                    V::S(f.received_on.to_string()),
                    V::S(f.state.as_str().into()),
                    V::I(i64::from(!f.state.is_terminal())),
                    V::OI(s.officer),
                    V::S(s.rule_set.into()),
                    V::S(f.last_on.to_string()),
                    ds(f.due),
                    V::OS(
                        s.due
                            .as_ref()
                            .map(|d| serde_json::to_string(&d.rule).unwrap_or_default().trim_matches('"').to_string()),
                    ),
                    V::OS(s.due.as_ref().map(|d| d.citation.clone())),
                    V::OS(s.waiting.map(|w| w.as_str().into())),
                    ds(f.voluntary_ends),
                    ds(f.no_means_since),
                    V::I(f.verifications),
                    V::I(i64::from(f.long_interval)),
                    V::OS(f.resume_to.map(|x| x.as_str().into())),
                    ds(f.paused_on),
                    ds(f.ended_on),
                    V::I(total),
                    V::I(paid),
                    V::S(key),
                    V::I(1),
                    V::I(now),
                    V::I(now),
                ]);
                for (role, kind, name, addr) in &s.parties {
                    party_id += 1;
                    parties.push(vec![
                        V::I(party_id),
                        V::I(case_id),
                        V::S((*role).into()),
                        V::S((*kind).into()),
                        V::S(name.clone()),
                        V::S(addr.clone()),
                    ]);
                }
                let first_ob = ob_id + 1;
                for (k, d, amount, paid, done) in &s.obligations {
                    ob_id += 1;
                    obligations.push(vec![
                        V::I(ob_id),
                        V::I(case_id),
                        V::S(k.as_str().into()),
                        V::S(d.clone()),
                        V::I(*amount),
                        V::I(*paid),
                        V::I(i64::from(*done)),
                        V::OS(s.parties.first().map(|p| p.2.clone())),
                        V::OS(s.parties.get(1).map(|p| p.2.clone())),
                    ]);
                }
                for e in &s.events {
                    ev_id += 1;
                    events.push(vec![
                        V::I(ev_id),
                        V::I(case_id),
                        V::I(now),
                        V::S(e.on.to_string()),
                        V::S(e.step.into()),
                        V::OS(e.from.map(|x| x.as_str().into())),
                        V::S(e.to.as_str().into()),
                        V::S("system:demo".into()),
                        V::S(e.rule_set.into()),
                        V::S(serde_json::to_string(&e.provisions).unwrap_or_default()),
                        V::OS(e.due.as_ref().map(|d| d.0.to_string())),
                        V::OS(e.due.as_ref().map(|d| d.1.clone())),
                        V::S(serde_json::to_string(&e.warnings).unwrap_or_default()),
                        V::OI(e.amount),
                        V::OI(e.obligation.map(|local| first_ob + local - 1)),
                    ]);
                    if let (true, Some(x)) = (documents, e.issues.as_deref()) {
                        issued.push((case_id, ev_id, x));
                    }
                    summary.events += 1;
                }
                *by_state.entry(f.state.as_str()).or_default() += 1;
            }
            insert_rows(&mut tx, max_binds, "enf_cases (id, unit_id, number, year, seq, basis, own_motion, court, judgment_number, judgment_date, effective_date, received_on, state, active, officer_id, rule_set, last_on, due_date, due_rule, due_citation, waiting_on, voluntary_ends, no_means_since, verifications, long_interval, resume_to, paused_on, ended_on, total_money, paid_money, search_key, version, created_at, updated_at)", 34, cases).await?;
            insert_rows(&mut tx, max_binds, "enf_parties (id, case_id, role, kind, name, address)", 6, parties).await?;
            insert_rows(
                &mut tx,
                max_binds,
                "enf_obligations (id, case_id, kind, description, amount, paid, done, creditor, debtor)",
                9,
                obligations,
            )
            .await?;
            insert_rows(&mut tx, max_binds, "enf_events (id, case_id, at, on_date, step, from_state, to_state, actor, rule_set, provisions, due_date, due_citation, warnings, amount, obligation_id)", 15, events).await?;
            for table in ["enf_cases", "enf_parties", "enf_obligations", "enf_events"] {
                if let Some(sql) = self.db().dialect().sequence_reset(table) {
                    sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *tx).await?;
                }
            }
            self.stats_add_range(&mut tx, first_case, case_id).await?;
            // Documents in the order of their dates, so that each office's numbers rise with time.
            issued.sort_by_key(|(case, event, x)| (x.0.on, *case, *event));
            for (case, event, (effect, input)) in issued {
                let Some(kind) = effect.document else { continue };
                let c = self.case_in(&mut tx, case).await?;
                let unit = units
                    .get(&c.unit_id)
                    .ok_or_else(|| crate::EnforcementError::NotFound(format!("unit {}", c.unit_id)))?;
                let parent = unit.parent_id.and_then(|id| units.get(&id));
                self.issue_document(&mut tx, &c, kind, event, effect, input, unit, parent).await?;
                summary.documents += 1;
            }
            let subject = format!("cases:{first_case}-{case_id}");
            platform::audit::record::<(), _>(
                &mut tx,
                &p.actor(),
                "enforcement.demo",
                &subject,
                None,
                Some(&(seed, done, take)),
            )
            .await?;
            tx.commit().await?;
            done += take;
            summary.cases = done;
            progress(done);
        }
        summary.by_state = by_state.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        summary.seconds = started.elapsed().as_secs_f64();
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simulation_is_deterministic_and_money_adds_up() {
        let offices = vec![Office { id: 1, code: "T01-KV01".into(), province: "Hà Nội".into(), officers: vec![] }];
        let cal = Calendar::default();
        let today = Date::parse_iso("2026-11-23").unwrap_or(Date { year: 2026, month: 11, day: 23 });
        let run = |seed| {
            let mut r = Rng::new(seed);
            (0..300).map(|_| simulate(&mut r, &offices, today, &cal)).collect::<Vec<_>>()
        };
        let a = run(7);
        let b = run(7);
        assert_eq!(a.len(), b.len());
        let mut states = std::collections::BTreeSet::new();
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.facts, y.facts);
            states.insert(x.facts.state);
            let paid_events: i64 = x.events.iter().filter_map(|e| e.amount).sum();
            let paid: i64 = x.obligations.iter().map(|o| o.3).sum();
            assert_eq!(paid_events, paid, "money is never created or lost");
            assert!(x.obligations.iter().all(|o| o.3 <= o.2 || o.0 != ObligationKind::PayMoney));
            if x.facts.state == State::Completed {
                assert!(x.facts.obligations.iter().all(ObligationFacts::satisfied));
            }
        }
        // A realistic spread of states.
        for s in [State::Received, State::Voluntary, State::Coercion, State::NoMeans, State::Completed] {
            assert!(states.contains(&s), "{s:?} missing from {states:?}");
        }
        // Both laws appear (intakes before and after 01/07/2026).
        assert!(a.iter().any(|c| c.rule_set == "thads-2008") && a.iter().any(|c| c.rule_set == "thads-2025"));
    }
}
