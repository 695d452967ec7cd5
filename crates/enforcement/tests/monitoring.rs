//! The monitoring centre, citizen access and notifications on real databases (a SQLite file and
//! PostgreSQL): the pre-aggregated figures equal a rebuild after every kind of write and agree with
//! counts taken straight from the cases; reports per national / province / office / officer with
//! their access rules; look-up by number and secret or QR token, with no enumeration, rate limits,
//! revocation and a log; the outbox enqueued with each step, sent once by concurrent dispatchers,
//! retried, failed for good, and delivered through SMTP to a relay.

use enforcement::case::{NewCase, NewObligation};
use enforcement::citizen::{LookupError, Via};
use enforcement::notify::{Message, SendError, Sender, Senders};
use enforcement::stats::{Month, Period};
use enforcement::workflow::{Basis, Input, ObligationKind, State, Step};
use enforcement::{Enforcement, EnforcementError};
use platform::{Clock, Platform, PlatformError, Principal, Role, Settings};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use store::{Db, sqlx};

mod common;
use common::{at, d, user};

const T0: i64 = 1_781_492_400; // 2026-06-15 10:00 Vietnam time
const PW: &str = "mat-khau-rat-dai-1";

fn new_case(received: &str, amount: i64) -> NewCase {
    NewCase {
        unit: "T01-KV01".into(),
        basis: Basis::Request,
        own_motion: None,
        court: "Tòa án nhân dân khu vực 1 — Hà Nội".into(),
        judgment_number: "31/2026/DS-ST".into(),
        judgment_date: d("2026-02-10"),
        effective_date: d("2026-03-01"),
        obligation_due: None,
        excluded_days: 0,
        received_on: Some(d(received)),
        parties: common::parties("12 Hàng Bông, Hà Nội", Some("binh.tran@example.vn"), "5 Lò Đúc, Hà Nội"),
        obligations: vec![NewObligation {
            kind: ObligationKind::PayMoney,
            description: "Trả tiền vay".into(),
            amount,
            creditor: None,
            debtor: None,
            category: enforcement::money::distribute::Category::Other,
        }],
        officer: Some("cv1".into()),
    }
}

/// Book 1,000,000 đồng against the case's first obligation on `on` (a step that tells the parties).
async fn pay_million(e: &Enforcement, who: &Principal, case: i64, on: &str) {
    let obligation = e.case_file(who, case).await.unwrap().obligations[0].id;
    let input = Input { amount: Some(1_000_000), obligation: Some(obligation), ..at(on) };
    e.step(who, case, Step::Pay, &input, None).await.unwrap();
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(db.pool()).await.unwrap();
    n
}

/// Records what it is given; fails the first `fail` sends of each message temporarily.
#[derive(Default)]
struct Recorder {
    sent: Mutex<HashMap<i64, usize>>,
    bodies: Mutex<Vec<String>>,
    tries: Mutex<HashMap<i64, usize>>,
    fail: usize,
    permanent: bool,
}

impl Sender for Recorder {
    async fn send(&self, m: &Message) -> Result<(), SendError> {
        let tries = {
            let mut t = self.tries.lock().unwrap();
            let n = t.entry(m.id).or_default();
            *n += 1;
            *n
        };
        if self.permanent {
            return Err(SendError::Permanent("550 no such user".into()));
        }
        if tries <= self.fail {
            return Err(SendError::Temporary("421 try later".into()));
        }
        tokio::task::yield_now().await;
        *self.sent.lock().unwrap().entry(m.id).or_default() += 1;
        self.bodies.lock().unwrap().push(m.body.clone());
        Ok(())
    }
}

async fn scenario(db: Db) {
    let clock = Clock::fixed(T0);
    let p = Platform::open_with(db.clone(), clock.clone(), Settings::default()).await.unwrap();
    let e = Enforcement::open(p.clone()).await.unwrap();
    let cli = Principal::system_cli();
    for (name, unit, roles) in [
        ("cv1", "T01-KV01", vec![Role::EnforcementOfficer]),
        ("cv2", "T01-KV01", vec![Role::EnforcementOfficer]),
        ("tp1", "T01-KV01", vec![Role::OfficeHead]),
        ("kt1", "T01-KV01", vec![Role::Accountant]),
        ("tk1", "T01-KV01", vec![Role::Clerk]),
        ("cv9", "T01-KV02", vec![Role::EnforcementOfficer]),
        ("gs", "T01", vec![Role::ProvincialSupervisor]),
        ("gstw", "TW", vec![Role::NationalSupervisor]),
    ] {
        p.add_user(&cli, name, &format!("Người dùng {name}"), Some(unit), &roles, PW).await.unwrap();
    }
    let (tp1, kt1, tk1, cv1, cv9, gs, gstw) = (
        user(&p, "tp1").await,
        user(&p, "kt1").await,
        user(&p, "tk1").await,
        user(&p, "cv1").await,
        user(&p, "cv9").await,
        user(&p, "gs").await,
        user(&p, "gstw").await,
    );

    // Demo cases across every office: the figures are added batch by batch and equal a rebuild.
    e.demo(&cli, 400, 5, 150, |_| {}).await.unwrap();
    assert_eq!(e.stats_check().await.unwrap(), Vec::<String>::new());

    // Cases through intake, every kind of step, payments, reassignment: still equal after each write.
    let c1 = e.intake(&tk1, new_case("2026-06-05", 90_000_000)).await.unwrap();
    let c2 = e.intake(&tk1, new_case("2026-06-08", 40_000_000)).await.unwrap();
    assert_eq!(e.stats_check().await.unwrap(), Vec::<String>::new());
    for c in [&c1, &c2] {
        e.step(&tp1, c.id, Step::Decide, &at("2026-06-11"), None).await.unwrap();
        e.step(&tk1, c.id, Step::Notify, &at("2026-06-12"), None).await.unwrap();
        e.step(&cv1, c.id, Step::Serve, &at("2026-06-15"), None).await.unwrap();
    }
    let ob = e.case_file(&tp1, c1.id).await.unwrap().obligations[0].id;
    let pay = |amount| Input { obligation: Some(ob), amount: Some(amount), ..at("2026-06-15") };
    e.step(&kt1, c1.id, Step::Pay, &pay(50_000_000), None).await.unwrap();
    e.step(&kt1, c1.id, Step::Pay, &pay(40_000_000), None).await.unwrap();
    e.step(&tp1, c1.id, Step::Complete, &at("2026-06-15"), None).await.unwrap();
    assert_eq!(e.stats_check().await.unwrap(), Vec::<String>::new());
    clock.advance(20 * 86_400); // 05/07/2026
    e.step(&cv1, c2.id, Step::StartVerification, &at("2026-07-03"), None).await.unwrap();
    e.step(
        &tp1,
        c2.id,
        Step::FindNoMeans,
        &Input { ground: Some("điểm a khoản 1 Điều 38".into()), ..at("2026-07-03") },
        None,
    )
    .await
    .unwrap();
    e.assign(&tp1, c2.id, "cv2").await.unwrap();
    assert_eq!(e.stats_check().await.unwrap(), Vec::<String>::new());

    // Reports: access by role and unit.
    assert!(matches!(
        e.monitoring(&cv9, Some("T01-KV01"), None).await,
        Err(EnforcementError::Platform(PlatformError::Forbidden(_)))
    ));
    assert!(matches!(
        e.monitoring(&gs, Some("T02"), None).await,
        Err(EnforcementError::Platform(PlatformError::Forbidden(_)))
    ));
    assert!(matches!(
        e.monitoring(&Principal::Anonymous, None, None).await,
        Err(EnforcementError::Platform(PlatformError::Unauthenticated))
    ));
    let period = Period::new(Month::parse("2026-01").unwrap(), Month::parse("2026-07").unwrap()).unwrap();
    let national = e.monitoring(&gstw, None, Some(period)).await.unwrap();
    assert_eq!(national.unit_code, "TW");
    assert_eq!(national.rows.len(), 34, "one row per province");
    let province = e.monitoring(&gs, Some("T01"), Some(period)).await.unwrap();
    let office = e.monitoring(&tp1, None, Some(period)).await.unwrap();
    assert_eq!(office.unit_code, "T01-KV01");
    assert!(office.rows.iter().all(|r| r.kind == "officer"));
    assert_eq!(office.breadcrumb.iter().map(|b| b.0.as_str()).collect::<Vec<_>>(), ["TW", "T01", "T01-KV01"]);
    for r in [&national, &province, &office] {
        let f = &r.totals;
        // The definitions hold, and the rows add up to the totals.
        assert_eq!(f.total_n, f.carried_n + f.received_n);
        assert_eq!(f.with_means_n, f.total_n - f.no_means_n);
        assert_eq!(f.with_means_n, f.completed_n + f.terminated_n + f.returned_n + f.in_progress_n);
        assert_eq!(f.rate_n, (f.with_means_n > 0).then(|| f.completed_n as f64 / f.with_means_n as f64));
        let sum = |g: fn(&enforcement::stats::Figures) -> i64| r.rows.iter().map(|x| g(&x.figures)).sum::<i64>();
        assert_eq!(sum(|x| x.total_n), f.total_n, "{}", r.unit_code);
        assert_eq!(sum(|x| x.completed_n), f.completed_n);
        assert_eq!(sum(|x| x.no_means_n), f.no_means_n);
        assert_eq!(sum(|x| x.collected_m), f.collected_m);
        assert_eq!(sum(|x| x.overdue_n), f.overdue_n);
        assert_eq!(r.trend.len(), 7);
        assert_eq!(r.trend.iter().map(|t| t.received_n).sum::<i64>(), f.received_n);
    }
    // Against counts taken straight from the cases (the period ends this month: its end is now).
    let now_period = Period::new(Month::parse("2017-01").unwrap(), Month::of(d("2026-07-05"))).unwrap();
    let all = e.monitoring(&gstw, None, Some(now_period)).await.unwrap().totals;
    assert_eq!(all.total_n, count(&db, "SELECT COUNT(*) FROM enf_cases").await);
    assert_eq!(all.no_means_n, count(&db, "SELECT COUNT(*) FROM enf_cases WHERE state = 'no_means'").await);
    assert_eq!(all.completed_n, count(&db, "SELECT COUNT(*) FROM enf_cases WHERE state = 'completed'").await);
    assert_eq!(all.terminated_n, count(&db, "SELECT COUNT(*) FROM enf_cases WHERE state = 'terminated'").await);
    assert_eq!(all.received_m, count(&db, "SELECT CAST(SUM(total_money) AS BIGINT) FROM enf_cases").await);
    assert_eq!(all.collected_m, count(&db, "SELECT CAST(SUM(paid_money) AS BIGINT) FROM enf_cases").await);
    let (overdue,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM enf_cases WHERE active = 1 AND due_date < $1")
        .bind("2026-07-05")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(all.overdue_n, overdue);
    assert!(overdue > 0, "the demo has overdue cases");
    // The officer rows: c2 moved to cv2 with its whole history.
    let mine = e.monitoring(&tp1, None, Some(now_period)).await.unwrap();
    let cv2 = mine.rows.iter().find(|r| r.code == "cv2").unwrap();
    assert!(cv2.figures.no_means_n >= 1);
    // A rebuild from nothing gives the same tables.
    sqlx::query("DELETE FROM enf_stats").execute(db.pool()).await.unwrap();
    assert!(!e.stats_check().await.unwrap().is_empty());
    assert!(e.stats_rebuild(&tp1).await.is_err(), "rebuilding is for the system");
    e.stats_rebuild(&cli).await.unwrap();
    assert_eq!(e.stats_check().await.unwrap(), Vec::<String>::new());
    assert_eq!(e.monitoring(&gstw, None, Some(now_period)).await.unwrap().totals, all);

    // Citizen access: the office prints each party's secret and QR token.
    assert!(e.access_for(&cv9, c2.id).await.is_err());
    let access = e.access_for(&tp1, c2.id).await.unwrap();
    assert_eq!(access.len(), 2);
    let creditor = &access[0];
    let v = e.lookup(&c2.number, &creditor.secret.to_lowercase(), "203.0.113.5", Via::Form).await.unwrap().unwrap();
    assert_eq!((v.role.as_str(), v.state), ("creditor", State::NoMeans));
    assert!(v.next.contains("xác minh lại"));
    let json = serde_json::to_string(&v).unwrap();
    for private in ["Nguyễn Văn An", "Trần Thị Bình", "Lò Đúc", "Hàng Bông", "cv1", "cv2", "example.vn"] {
        assert!(!json.contains(private), "the view shows {private}: {json}");
    }
    assert!(v.steps.iter().any(|s| s.label.contains("chưa có điều kiện")), "{:?}", v.steps);
    let via_qr = e.lookup_token(&creditor.token, "198.51.100.7").await.unwrap().unwrap();
    assert_eq!(via_qr.case_number, c2.number);
    // No enumeration: unknown number and wrong secret answer alike.
    let wrong = e.lookup(&c2.number, "AAAAA-AAAAA", "203.0.113.9", Via::Form).await.unwrap();
    let unknown = e.lookup("999999/2026/T01-KV01", &creditor.secret, "203.0.113.9", Via::Form).await.unwrap();
    assert_eq!(wrong.unwrap_err(), LookupError::NoMatch);
    assert_eq!(unknown.unwrap_err(), LookupError::NoMatch);
    assert_eq!(e.lookup_token("eyJ4Ijox.AAAA", "203.0.113.9").await.unwrap().unwrap_err(), LookupError::NoMatch);
    // One client: throttled after 10 failures, even with the right secret; others still get in.
    for _ in 0..7 {
        let _ = e.lookup(&c1.number, "BBBBB-BBBBB", "203.0.113.9", Via::Api).await.unwrap();
    }
    assert!(matches!(
        e.lookup(&c2.number, &creditor.secret, "203.0.113.9", Via::Form).await.unwrap(),
        Err(LookupError::Throttled { .. })
    ));
    assert!(e.lookup(&c2.number, &creditor.secret, "203.0.113.10", Via::Form).await.unwrap().is_ok());
    // One case from many addresses: throttled after 20 failures on its number.
    for i in 0..20 {
        let _ = e.lookup(&c1.number, "CCCCC-CCCCC", &format!("10.0.0.{i}"), Via::Form).await.unwrap();
    }
    let debtor_c1 = &e.access_for(&tp1, c1.id).await.unwrap()[1];
    assert!(matches!(
        e.lookup(&c1.number, &debtor_c1.secret, "10.9.9.9", Via::Form).await.unwrap(),
        Err(LookupError::Throttled { .. })
    ));
    clock.advance(3601);
    assert!(e.lookup(&c1.number, &debtor_c1.secret, "10.9.9.9", Via::Form).await.unwrap().is_ok());
    // Revocation: the old secret and token stop working, the new ones work.
    assert!(e.revoke_access(&cv9, c2.id, creditor.party_id).await.is_err());
    e.revoke_access(&tp1, c2.id, creditor.party_id).await.unwrap();
    assert!(e.lookup(&c2.number, &creditor.secret, "192.0.2.1", Via::Form).await.unwrap().is_err());
    assert!(e.lookup_token(&creditor.token, "192.0.2.1").await.unwrap().is_err());
    let renewed = &e.access_for(&tp1, c2.id).await.unwrap()[0];
    assert_ne!(renewed.secret, creditor.secret);
    assert!(e.lookup_token(&renewed.token, "192.0.2.1").await.unwrap().is_ok());
    // Every look-up is logged, without addresses or numbers in clear.
    let logged = count(&db, "SELECT COUNT(*) FROM enf_lookups").await;
    assert!(logged >= 35, "{logged}");
    let (hash,): (String,) =
        sqlx::query_as("SELECT client_hash FROM enf_lookups ORDER BY id LIMIT 1").fetch_one(db.pool()).await.unwrap();
    assert!(!hash.contains("203.0.113") && hash.len() == 24);
    assert!(e.lookups_of(&tp1, c2.id).await.unwrap().iter().any(|l| l.2 == "ok"));

    // Notifications: intake and every told step wrote one message per party in its transaction.
    let queued = count(&db, "SELECT COUNT(*) FROM enf_outbox").await;
    // c1: intake, decide, notify, pay, pay, complete; c2: intake, decide, notify, find no means
    // (serve and start verification are internal): 10 steps × 2 parties.
    assert_eq!(queued, 20);
    let emails = count(&db, "SELECT COUNT(*) FROM enf_outbox WHERE channel = 'email'").await;
    assert_eq!(emails, 10, "the creditor gave an e-mail address, the debtor gets letters");
    // Reminders of the voluntary period: enqueued once however often the job runs.
    let c3 = e.intake(&tk1, new_case("2026-07-01", 5_000_000)).await.unwrap();
    e.step(&tp1, c3.id, Step::Decide, &at("2026-07-05"), None).await.unwrap();
    e.step(&tk1, c3.id, Step::Notify, &at("2026-07-05"), None).await.unwrap();
    let served = e.step(&cv1, c3.id, Step::Serve, &at("2026-07-05"), None).await.unwrap();
    let ends = served.case.facts_voluntary_ends().unwrap();
    assert_eq!(e.remind_deadlines(&cli).await.unwrap(), 0, "not yet");
    clock.advance((d(&ends).to_days() - d("2026-07-05").to_days() - 2) * 86_400);
    assert!(e.remind_deadlines(&tp1).await.is_err(), "the reminder job runs as the system");
    assert_eq!(e.remind_deadlines(&cli).await.unwrap(), 2);
    assert_eq!(e.remind_deadlines(&cli).await.unwrap(), 0);
    let total = count(&db, "SELECT COUNT(*) FROM enf_outbox").await;

    // Two dispatchers at once: every message sent exactly once.
    let rec = Arc::new(Recorder::default());
    let (a, b) = {
        let (e1, e2, r1, r2) = (e.clone(), e.clone(), rec.clone(), rec.clone());
        let t1 = tokio::spawn(async move {
            let mut n = 0;
            for _ in 0..20 {
                n += e1.dispatch(&*r1, "https://thads.example.vn", 3).await.unwrap().sent;
            }
            n
        });
        let t2 = tokio::spawn(async move {
            let mut n = 0;
            for _ in 0..20 {
                n += e2.dispatch(&*r2, "https://thads.example.vn", 3).await.unwrap().sent;
            }
            n
        });
        (t1.await.unwrap(), t2.await.unwrap())
    };
    assert_eq!(a + b, total as usize);
    let sent = rec.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), total as usize);
    assert!(sent.values().all(|n| *n == 1), "{sent:?}");
    assert_eq!(e.dispatch(&*rec, "https://thads.example.vn", 100).await.unwrap().sent, 0);
    let body = rec.bodies.lock().unwrap()[0].clone();
    assert!(body.contains("https://thads.example.vn/tra-cuu/q/") && body.contains("Kính gửi"), "{body}");
    assert!(!body.contains(enforcement::notify::PUBLIC_URL));
    // The link in a message opens the case.
    let token = body.split("/tra-cuu/q/").nth(1).unwrap().split_whitespace().next().unwrap();
    assert!(e.lookup_token(token, "192.0.2.50").await.unwrap().is_ok());
    assert_eq!(count(&db, "SELECT COUNT(*) FROM enf_outbox WHERE sent_at IS NULL").await, 0);

    // Retries with backoff, then success; a permanent refusal fails at once.
    pay_million(&e, &kt1, c3.id, "2026-07-10").await;
    let flaky = Recorder { fail: 2, ..Recorder::default() };
    let r = e.dispatch(&flaky, "https://x.vn", 100).await.unwrap();
    assert_eq!((r.sent, r.retried, r.failed), (0, 2, 0));
    assert_eq!(e.dispatch(&flaky, "https://x.vn", 100).await.unwrap().sent, 0, "not before the backoff ends");
    clock.advance(61);
    assert_eq!(e.dispatch(&flaky, "https://x.vn", 100).await.unwrap().retried, 2);
    clock.advance(121);
    assert_eq!(e.dispatch(&flaky, "https://x.vn", 100).await.unwrap().sent, 2);
    assert_eq!(count(&db, "SELECT MAX(attempts) FROM enf_outbox").await, 3);
    pay_million(&e, &kt1, c3.id, "2026-07-10").await;
    let refusing = Recorder { permanent: true, ..Recorder::default() };
    assert_eq!(e.dispatch(&refusing, "https://x.vn", 100).await.unwrap().failed, 2);
    let status = e.outbox_status(&gstw, "TW").await.unwrap();
    assert_eq!((status.failed, status.pending), (2, 0));
    assert_eq!(e.outbox_status(&tp1, "T01-KV01").await.unwrap(), status);
    assert_eq!(e.outbox_status(&cv9, "T01-KV02").await.unwrap().sent, 0);
    assert!(
        e.outbox_of(&tp1, c3.id).await.unwrap().iter().any(|m| m["last_error"].as_str() == Some("550 no such user"))
    );
    assert_eq!(e.stats_check().await.unwrap(), Vec::<String>::new());
}

#[tokio::test]
async fn monitoring_citizen_access_and_notifications_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    scenario(Db::open(dir.path(), None).await.unwrap()).await;
}

#[tokio::test]
async fn monitoring_citizen_access_and_notifications_on_postgres() {
    let Some(pg) = common::postgres("monitoring").await else { return };
    scenario(pg.db.clone()).await;
    pg.drop().await;
}

/// A relay on loopback that speaks enough SMTP and keeps what it was given.
async fn relay(reply_to_rcpt: &'static str) -> (String, Arc<Mutex<Vec<String>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let got = Arc::new(Mutex::new(vec![]));
    let keep = got.clone();
    tokio::spawn(async move {
        loop {
            let Ok((s, _)) = listener.accept().await else { return };
            let keep = keep.clone();
            tokio::spawn(async move {
                let (r, mut w) = s.into_split();
                let mut r = BufReader::new(r);
                w.write_all(b"220 relay ESMTP\r\n").await.unwrap();
                let mut data = String::new();
                let mut in_data = false;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if in_data {
                        if line == ".\r\n" {
                            in_data = false;
                            keep.lock().unwrap().push(std::mem::take(&mut data));
                            w.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            data.push_str(&line);
                        }
                        continue;
                    }
                    let reply: &str = match line.get(..4).unwrap_or("") {
                        "EHLO" => "250-relay\r\n250 8BITMIME\r\n",
                        "MAIL" => "250 ok\r\n",
                        "RCPT" => reply_to_rcpt,
                        "DATA" => {
                            in_data = true;
                            "354 go on\r\n"
                        }
                        "QUIT" => "221 bye\r\n",
                        _ => "500 what\r\n",
                    };
                    w.write_all(reply.as_bytes()).await.unwrap();
                }
            });
        }
    });
    (addr, got)
}

#[tokio::test]
async fn e_mail_goes_through_the_smtp_relay_and_letters_to_the_log() {
    use base64::Engine;
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path(), None).await.unwrap();
    let p = Platform::open_with(db.clone(), Clock::fixed(T0), Settings::default()).await.unwrap();
    let e = Enforcement::open(p.clone()).await.unwrap();
    let cli = Principal::system_cli();
    p.add_user(&cli, "cv1", "Chấp hành viên Một", Some("T01-KV01"), &[Role::EnforcementOfficer], PW).await.unwrap();
    e.intake(&cli, new_case("2026-06-05", 1_000_000)).await.unwrap();
    let (addr, got) = relay("250 ok\r\n").await;
    let senders = Senders {
        smtp: Some(enforcement::notify::smtp::SmtpConfig {
            addr,
            from: "thads@example.gov.vn".into(),
            hello: "tuphap.test".into(),
            timeout: std::time::Duration::from_secs(5),
        }),
    };
    let r = e.dispatch(&senders, "https://thads.example.vn", 10).await.unwrap();
    assert_eq!(r.sent, 2, "one e-mail, one letter to the log");
    let mails = got.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert!(mail.contains("To: binh.tran@example.vn\r\n") && mail.contains("Subject: =?UTF-8?B?"), "{mail}");
    assert!(mail.contains("Message-ID: <intake.") && mail.contains("@tuphap>"));
    let body: String = mail.split("\r\n\r\n").nth(1).unwrap().lines().collect();
    let text = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(body).unwrap()).unwrap();
    assert!(text.contains("Kính gửi Trần Thị Bình") && text.contains("https://thads.example.vn/tra-cuu"), "{text}");

    // A relay that refuses the address: failed for good, with its answer kept.
    e.intake(&cli, new_case("2026-06-06", 1_000_000)).await.unwrap();
    let (addr, _) = relay("550 no such user\r\n").await;
    let refusing =
        Senders { smtp: Some(enforcement::notify::smtp::SmtpConfig { addr, ..senders.smtp.clone().unwrap() }) };
    let r = e.dispatch(&refusing, "https://thads.example.vn", 10).await.unwrap();
    assert_eq!((r.sent, r.failed), (1, 1));
    // A relay that is down: retried later.
    e.intake(&cli, new_case("2026-06-07", 1_000_000)).await.unwrap();
    let down = Senders {
        smtp: Some(enforcement::notify::smtp::SmtpConfig {
            addr: "127.0.0.1:1".into(),
            ..senders.smtp.clone().unwrap()
        }),
    };
    let r = e.dispatch(&down, "https://thads.example.vn", 10).await.unwrap();
    assert_eq!((r.sent, r.retried), (1, 1));
}
