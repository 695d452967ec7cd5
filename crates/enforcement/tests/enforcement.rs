//! Enforcement on real databases (a SQLite file and PostgreSQL): intake with the time-to-request check,
//! a case from intake to completion with its deadlines, documents and money, authorisation by role and
//! office, a case open on 01/07/2026 moving to the 2025 law, queues and workload, search, the demo
//! generator, and the audit chain.

use enforcement::case::{CaseFilter, NewCase, NewObligation};
use enforcement::queue::QueueKind;
use enforcement::workflow::{Basis, Input, ObligationKind, State, Step};
use enforcement::{Enforcement, EnforcementError};
use platform::{Clock, Platform, PlatformError, Principal, Role, Settings};
use store::{Db, sqlx};

mod common;
use common::{at, d, user};

const T0: i64 = 1_781_492_400; // 2026-06-15 10:00 Vietnam time
const PW: &str = "mat-khau-rat-dai-1";

fn new_case(unit: &str, received: &str) -> NewCase {
    NewCase {
        unit: unit.into(),
        basis: Basis::Request,
        own_motion: None,
        court: "Tòa án nhân dân khu vực 1 — Hà Nội".into(),
        judgment_number: "12/2026/DS-ST".into(),
        judgment_date: d("2026-02-10"),
        effective_date: d("2026-03-01"),
        obligation_due: None,
        excluded_days: 0,
        received_on: Some(d(received)),
        parties: common::parties("Hà Nội", None, "Hà Nội"),
        obligations: vec![
            NewObligation {
                kind: ObligationKind::PayMoney,
                description: "Trả tiền vay".into(),
                amount: 120_500_000,
                creditor: None,
                debtor: None,
                category: enforcement::money::distribute::Category::Other,
            },
            NewObligation {
                kind: ObligationKind::HandOverAsset,
                description: "Giao trả xe máy".into(),
                amount: 0,
                creditor: None,
                debtor: None,
                category: enforcement::money::distribute::Category::Other,
            },
        ],
        officer: Some("cv1".into()),
    }
}

async fn scenario(db: Db) {
    let clock = Clock::fixed(T0);
    let p = Platform::open_with(db.clone(), clock.clone(), Settings::default()).await.unwrap();
    let e = Enforcement::open(p.clone()).await.unwrap();
    let cli = Principal::system_cli();
    p.add_user(&cli, "cv1", "Chấp hành viên Một", Some("T01-KV01"), &[Role::EnforcementOfficer], PW).await.unwrap();
    p.add_user(&cli, "cv2", "Chấp hành viên Hai", Some("T01-KV01"), &[Role::EnforcementOfficer], PW).await.unwrap();
    p.add_user(&cli, "tp1", "Thủ trưởng", Some("T01-KV01"), &[Role::OfficeHead], PW).await.unwrap();
    p.add_user(&cli, "kt1", "Kế toán", Some("T01-KV01"), &[Role::Accountant], PW).await.unwrap();
    p.add_user(&cli, "tk1", "Thư ký", Some("T01-KV01"), &[Role::Clerk], PW).await.unwrap();
    p.add_user(&cli, "cv9", "Chấp hành viên khác", Some("T01-KV02"), &[Role::EnforcementOfficer], PW).await.unwrap();
    p.add_user(&cli, "gs", "Giám sát Hà Nội", Some("T01"), &[Role::ProvincialSupervisor], PW).await.unwrap();
    p.add_user(&cli, "qt", "Quản trị", Some("TW"), &[Role::Administrator], PW).await.unwrap();
    let (cv1, tp1, kt1, tk1, cv9, gs, qt) = (
        user(&p, "cv1").await,
        user(&p, "tp1").await,
        user(&p, "kt1").await,
        user(&p, "tk1").await,
        user(&p, "cv9").await,
        user(&p, "gs").await,
        user(&p, "qt").await,
    );

    // Intake: by the clerk; not by an officer of another office, an administrator or anonymous.
    assert!(matches!(
        e.intake(&cv9, new_case("T01-KV01", "2026-06-05")).await,
        Err(EnforcementError::Platform(PlatformError::Forbidden(_)))
    ));
    assert!(matches!(
        e.intake(&qt, new_case("T01-KV01", "2026-06-05")).await,
        Err(EnforcementError::Platform(PlatformError::Forbidden(_)))
    ));
    assert!(matches!(
        e.intake(&Principal::Anonymous, new_case("T01-KV01", "2026-06-05")).await,
        Err(EnforcementError::Platform(PlatformError::Unauthenticated))
    ));
    // Time-barred: judgment in force 2020, request in 2026 (khoản 1 Điều 30).
    let mut old = new_case("T01-KV01", "2026-06-05");
    old.judgment_date = d("2020-01-02");
    old.effective_date = d("2020-02-01");
    let err = e.intake(&tk1, old).await.unwrap_err().to_string();
    assert!(err.contains("thời hiệu") && err.contains("Điều 30"), "{err}");
    // Received Fri 05/06/2026: decision due in 5 working days → Fri 12/06.
    let c = e.intake(&tk1, new_case("T01-KV01", "2026-06-05")).await.unwrap();
    assert_eq!(c.number, "1/2026/T01-KV01");
    assert_eq!(c.state, State::Received);
    assert_eq!(c.due_date.as_deref(), Some("2026-06-12"));
    assert!(c.due_citation.as_deref().unwrap().contains("khoản 1 Điều 36"));
    assert_eq!(c.total_money, 120_500_000);
    assert_eq!(c.officer.as_ref().unwrap().username, "cv1");
    let c2 = e.intake(&tk1, new_case("T01-KV01", "2026-06-10")).await.unwrap();
    assert_eq!(c2.number, "2/2026/T01-KV01");

    // Reads: the office, the province's supervisor; not another office, not the administrator.
    assert!(e.case(&cv1, c.id).await.is_ok());
    assert!(e.case(&gs, c.id).await.is_ok());
    assert!(e.case(&cv9, c.id).await.is_err());
    assert!(e.case(&qt, c.id).await.is_err());
    assert!(e.case_file(&Principal::Anonymous, c.id).await.is_err());
    let file = e.case_file(&tp1, c.id).await.unwrap();
    assert_eq!(file.parties.len(), 2);
    assert_eq!(file.days_left, Some(-3), "due 12/06, today 15/06");
    let decide = file.next_steps.iter().find(|s| s.step == Step::Decide).unwrap();
    assert!(decide.allowed && decide.provision.as_deref().unwrap().contains("Điều 36"));
    let file = e.case_file(&cv1, c.id).await.unwrap();
    assert!(!file.next_steps.iter().find(|s| s.step == Step::Decide).unwrap().allowed, "an officer does not decide");

    // Steps: roles and offices are enforced.
    assert!(matches!(
        e.step(&cv1, c.id, Step::Decide, &at("2026-06-11"), None).await,
        Err(EnforcementError::Workflow(_))
    ));
    assert!(e.step(&gs, c.id, Step::Decide, &at("2026-06-11"), None).await.is_err(), "supervisors only read");
    // A stale version is refused.
    assert!(matches!(
        e.step(&tp1, c.id, Step::Decide, &at("2026-06-11"), Some(99)).await,
        Err(EnforcementError::Conflict(_))
    ));
    let r = e.step(&tp1, c.id, Step::Decide, &at("2026-06-11"), Some(c.version)).await.unwrap();
    assert!(r.warnings.is_empty());
    let doc = r.document.unwrap();
    assert_eq!(doc.number, "1/QĐ-THADS");
    // Notify within 3 working days of Thu 11/06: Tue 16/06.
    assert_eq!(r.case.due_date.as_deref(), Some("2026-06-16"));
    assert!(r.case.due_citation.as_deref().unwrap().contains("khoản 2 Điều 39"));
    let r = e.step(&tk1, c.id, Step::Notify, &at("2026-06-12"), None).await.unwrap();
    assert_eq!(r.document.unwrap().number, "2/TB-THADS");
    let r = e.step(&cv1, c.id, Step::Serve, &at("2026-06-15"), None).await.unwrap();
    assert_eq!(r.case.state, State::Voluntary);
    assert_eq!(r.case.due_date.as_deref(), Some("2026-06-25"), "10 days, khoản 1 Điều 45");

    // Money: only the accountant or the head; never beyond what is owed.
    assert!(
        e.step(&cv1, c.id, Step::Pay, &Input { obligation: None, amount: Some(1), ..at("2026-06-15") }, None)
            .await
            .is_err()
    );
    let ob = file.obligations[0].id;
    let pay = |amount| Input { obligation: Some(ob), amount: Some(amount), ..at("2026-06-15") };
    assert!(e.step(&kt1, c.id, Step::Pay, &pay(120_500_001), None).await.is_err());
    e.step(&kt1, c.id, Step::Pay, &pay(100_000_000), None).await.unwrap();
    assert_eq!(e.check_money(c.id).await.unwrap(), (120_500_000, 100_000_000));
    assert!(matches!(
        e.step(&tp1, c.id, Step::Complete, &at("2026-06-15"), None).await,
        Err(EnforcementError::Workflow(_))
    ));
    e.step(&kt1, c.id, Step::Pay, &pay(20_500_000), None).await.unwrap();
    let asset = file.obligations[1].id;
    e.step(&cv1, c.id, Step::Fulfil, &Input { obligation: Some(asset), ..at("2026-06-15") }, None).await.unwrap();
    let r = e.step(&tp1, c.id, Step::Complete, &at("2026-06-15"), None).await.unwrap();
    assert_eq!(r.case.state, State::Completed);
    assert!(r.provisions[0].contains("khoản 1 Điều 52"));
    assert_eq!(e.check_money(c.id).await.unwrap(), (120_500_000, 120_500_000));
    let file = e.case_file(&tp1, c.id).await.unwrap();
    assert_eq!(file.events.len(), 8);
    assert_eq!(file.documents.len(), 3);
    assert!(file.next_steps.is_empty());
    let (name, bytes) = e.document_docx(&tp1, file.documents[0].id).await.unwrap();
    assert!(name.ends_with(".docx"));
    let text = lex::parse::docx::read(&bytes).unwrap().paragraphs.join("\n");
    assert!(text.contains("QUYẾT ĐỊNH THI HÀNH ÁN") && text.contains("120.500.000"), "{text}");
    assert!(e.document(&cv9, file.documents[0].id).await.is_err());

    // The second case is open on 01/07/2026: from then on the 2025 law governs its steps.
    e.step(&tp1, c2.id, Step::Decide, &at("2026-06-15"), None).await.unwrap();
    e.step(&tk1, c2.id, Step::Notify, &at("2026-06-15"), None).await.unwrap();
    e.step(&cv1, c2.id, Step::Serve, &at("2026-06-15"), None).await.unwrap();
    clock.advance(20 * 86_400); // 05/07/2026
    let r = e.step(&cv1, c2.id, Step::StartVerification, &at("2026-07-03"), None).await.unwrap();
    assert_eq!(r.case.rule_set, "thads-2025");
    // Voluntary period ended Thu 25/06; 09 days → Sat 04/07 → Mon 06/07 (khoản 1 Điều 37 Luật 106/2025/QH15).
    assert_eq!(r.case.due_date.as_deref(), Some("2026-07-06"));
    assert!(r.case.due_citation.as_deref().unwrap().contains("khoản 1 Điều 37 Luật Thi hành án dân sự 106/2025/QH15"));
    let r = e
        .step(
            &tp1,
            c2.id,
            Step::FindNoMeans,
            &Input { ground: Some("điểm a khoản 1 Điều 38".into()), ..at("2026-07-03") },
            None,
        )
        .await
        .unwrap();
    assert_eq!(r.case.state, State::NoMeans);
    assert_eq!(r.case.due_date.as_deref(), Some("2027-01-04"), "6 months: 03/01/2027 is a Sunday");

    // Reassignment (head only) and workload.
    assert!(e.assign(&cv1, c2.id, "cv2").await.is_err());
    assert!(e.assign(&tp1, c2.id, "cv9").await.is_err(), "an officer of another office");
    let a = e.assign(&tp1, c2.id, "cv2").await.unwrap();
    assert_eq!(a.officer.unwrap().username, "cv2");
    let w = e.suggest_officers(&tp1, "T01-KV01").await.unwrap();
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].username, "cv1", "cv1 has no active case left");

    // Queues.
    let counts = e.queue_counts(&tp1, "T01-KV01", None).await.unwrap();
    assert_eq!(counts.active, 1);
    let (q, n) = e.queue(&tp1, "T01-KV01", Some("cv2"), QueueKind::DueSoon, 50, 0).await.unwrap();
    assert_eq!((q.len(), n), (0, 0));
    clock.advance(185 * 86_400); // 06/01/2027: the re-verification is overdue
    let (q, n) = e.queue(&tp1, "T01-KV01", None, QueueKind::Overdue, 50, 0).await.unwrap();
    assert_eq!(n, 1);
    assert_eq!(q[0].id, c2.id);
    assert!(e.queue(&cv9, "T01-KV01", None, QueueKind::Overdue, 50, 0).await.is_err());

    // Search and filters.
    let (found, total) =
        e.list(&tp1, &CaseFilter { q: Some("nguyen van an".into()), ..CaseFilter::default() }).await.unwrap();
    assert_eq!((found.len(), total), (2, 2));
    let (found, _) =
        e.list(&tp1, &CaseFilter { state: Some(State::Completed), ..CaseFilter::default() }).await.unwrap();
    assert_eq!(found.len(), 1);
    assert!(e.list(&cv9, &CaseFilter { unit: Some("T01-KV01".into()), ..CaseFilter::default() }).await.is_err());

    // The demo: cases across every office, money adding up, queues answering.
    let s = e.demo(&cli, 600, 42, 250, |_| {}).await.unwrap();
    assert_eq!(s.cases, 600);
    assert_eq!(s.offices, 389);
    assert!(e.demo(&tp1, 1, 1, 1, |_| {}).await.is_err());
    let ids: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM enf_cases ORDER BY id DESC LIMIT 50").fetch_all(db.pool()).await.unwrap();
    for (id,) in ids {
        e.check_money(id).await.unwrap();
    }
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(DISTINCT unit_id) FROM enf_cases").fetch_one(db.pool()).await.unwrap();
    assert!(n > 300, "{n} offices hold cases");
    // New cases after the demo get fresh ids and numbers.
    let c3 = e.intake(&tk1, new_case("T01-KV01", "2027-01-05")).await.unwrap();
    assert!(c3.id > 600);
    assert!(store::audit::verify(&db).await.unwrap() > 20);
}

#[tokio::test(flavor = "multi_thread")]
async fn enforcement_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    scenario(Db::open(dir.path(), None).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn enforcement_on_postgres() {
    let Some(pg) = common::postgres("enforcement_test").await else { return };
    scenario(pg.db.clone()).await;
    pg.drop().await;
}
