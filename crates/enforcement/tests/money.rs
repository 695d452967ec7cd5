//! Money and seized assets on real databases (a SQLite file and PostgreSQL): receipts with idempotency
//! keys, distribution by Điều 47 with fees and costs, payouts with their deadline, reversals, the sale of
//! a seized asset going to the claim it secures, bank reconciliation; random sequences of operations and
//! concurrent writers never create or lose a đồng; a booking that fails half-way leaves nothing.

use enforcement::Enforcement;
use enforcement::EnforcementError;
use enforcement::assets::{AssetAction, Custody, NewAsset};
use enforcement::case::{NewCase, NewObligation};
use enforcement::money::distribute::{Category, Payee};
use enforcement::money::fee::CostKind;
use enforcement::money::ledger::{DistributionRequest, NewCost, Receipt};
use enforcement::workflow::{Basis, ObligationKind};
use platform::{Clock, Platform, PlatformError, Principal, Role, Settings};
use proptest::prelude::*;
use store::Db;

mod common;
use common::{d, user};

const T0: i64 = 1_781_492_400; // 2026-06-15 10:00 Vietnam time
const PW: &str = "mat-khau-rat-dai-1";

fn obligation(description: &str, amount: i64, creditor: &str, category: Category) -> NewObligation {
    NewObligation {
        kind: ObligationKind::PayMoney,
        description: description.into(),
        amount,
        creditor: Some(creditor.into()),
        debtor: None,
        category,
    }
}

fn new_case(obligations: Vec<NewObligation>) -> NewCase {
    NewCase {
        unit: "T01-KV01".into(),
        basis: Basis::Request,
        own_motion: None,
        court: "Tòa án nhân dân khu vực 1 — Hà Nội".into(),
        judgment_number: "12/2026/DS-ST".into(),
        judgment_date: d("2026-02-10"),
        effective_date: d("2026-03-01"),
        obligation_due: None,
        excluded_days: 0,
        received_on: Some(d("2026-06-05")),
        parties: common::parties("Hà Nội", None, "Hà Nội"),
        obligations,
        officer: Some("cv1".into()),
    }
}

struct World {
    e: Enforcement,
    kt: Principal,
    cv: Principal,
    other: Principal,
}

async fn world(db: Db) -> World {
    let p = Platform::open_with(db, Clock::fixed(T0), Settings::default()).await.unwrap();
    let e = Enforcement::open(p.clone()).await.unwrap();
    let cli = Principal::system_cli();
    p.add_user(&cli, "cv1", "Chấp hành viên Một", Some("T01-KV01"), &[Role::EnforcementOfficer], PW).await.unwrap();
    p.add_user(&cli, "kt1", "Kế toán", Some("T01-KV01"), &[Role::Accountant], PW).await.unwrap();
    p.add_user(&cli, "kt9", "Kế toán khác", Some("T01-KV02"), &[Role::Accountant], PW).await.unwrap();
    World { kt: user(&p, "kt1").await, cv: user(&p, "cv1").await, other: user(&p, "kt9").await, e }
}

fn receipt(amount: i64, key: &str) -> Receipt {
    Receipt {
        amount,
        on: Some(d("2026-06-15")),
        coercion_decided_on: None,
        reference: Some(format!("FT-{key}")),
        idempotency_key: Some(key.into()),
        memo: None,
    }
}

async fn books_ok(e: &Enforcement) {
    let c = e.check_books().await.unwrap();
    assert!(c.ok(), "{c:?}");
}

async fn scenario(db: Db) {
    let World { e, kt, cv, other } = world(db).await;
    let cli = Principal::system_cli();
    let c = e
        .intake(
            &cli,
            new_case(vec![
                obligation("Cấp dưỡng nuôi con", 10_000_000, "Trần Thị Bình", Category::Support),
                obligation("Án phí dân sự sơ thẩm", 1_000_000, "Ngân sách nhà nước", Category::CourtFee),
                obligation("Trả tiền vay", 20_000_000, "Lê Văn Cường", Category::Other),
            ]),
        )
        .await
        .unwrap();

    // Who may book: the office's accountant; not its officer, not another office's accountant.
    assert!(matches!(
        e.receive(&cv, c.id, &receipt(1, "x")).await,
        Err(EnforcementError::Platform(PlatformError::Forbidden(_)))
    ));
    assert!(matches!(
        e.receive(&other, c.id, &receipt(1, "x")).await,
        Err(EnforcementError::Platform(PlatformError::Forbidden(_)))
    ));
    assert!(e.receive(&Principal::Anonymous, c.id, &receipt(1, "x")).await.is_err());
    assert!(e.receive(&kt, c.id, &receipt(0, "zero")).await.is_err());

    // A retried receipt books once; the same key for another amount is a conflict.
    let r1 = e.receive(&kt, c.id, &receipt(15_000_000, "bien-lai-001")).await.unwrap();
    let again = e.receive(&kt, c.id, &receipt(15_000_000, "bien-lai-001")).await.unwrap();
    assert_eq!(r1.id, again.id);
    assert!(matches!(e.receive(&kt, c.id, &receipt(9, "bien-lai-001")).await, Err(EnforcementError::Conflict(_))));
    assert_eq!(r1.entries.iter().map(|x| x.amount).sum::<i64>(), 0);

    // A notice cost (borne by the debtor, điểm a khoản 1 Điều 73) comes off first.
    let cost = e
        .record_cost(
            &kt,
            c.id,
            &NewCost { kind: CostKind::Notice, amount: 500_000, on: Some(d("2026-06-15")), note: None },
        )
        .await
        .unwrap();
    assert!(cost.provision.contains("điểm a khoản 1 Điều 73"), "{}", cost.provision);

    // Preview: costs 0.5M, support 10M (rank a), court fee 1M (rank b), the loan gets the rest (3.5M).
    let preview = e.preview_distribution(&kt, c.id, &DistributionRequest::default()).await.unwrap();
    assert_eq!(preview.held, 15_000_000);
    let obs = e.case_file(&cli, c.id).await.unwrap().obligations;
    let (support, fee, loan) = (obs[0].id, obs[1].id, obs[2].id);
    assert_eq!(preview.plan.to_claim(support), 10_000_000);
    assert_eq!(preview.plan.to_claim(fee), 1_000_000);
    assert_eq!(preview.plan.to_claim(loan), 3_500_000);
    assert_eq!(preview.plan.lines[0].payee, Payee::Costs);
    // The fee (3%) is withheld from what the creditor receives; received 15/06 → pay by 25/06.
    let s = preview.shares.iter().find(|s| s.party == format!("claim:{support}")).unwrap();
    assert_eq!((s.gross, s.fee, s.net), (10_000_000, 300_000, 9_700_000));
    assert_eq!(preview.due_date, d("2026-06-25"));
    assert!(preview.due_citation.contains("khoản 5 Điều 47"), "{}", preview.due_citation);

    let (dist, _) = e.distribute(&kt, c.id, &DistributionRequest::default()).await.unwrap();
    let case = e.case(&cli, c.id).await.unwrap();
    assert_eq!(case.paid_money, 14_500_000);
    e.check_money(c.id).await.unwrap();
    books_ok(&e).await;
    let books = e.case_books(&kt, c.id).await.unwrap();
    assert!(books.held.is_empty());
    assert_eq!(books.payable.iter().map(|x| x.1).sum::<i64>(), 15_000_000);
    assert_eq!(books.costs[0].recovered, 500_000);
    assert!(books.payouts.iter().all(|p| p.due_date == "2026-06-25"));

    // A receipt already distributed cannot be reversed; a failed booking leaves nothing behind.
    let before = e.check_books().await.unwrap().txns;
    assert!(e.reverse(&kt, r1.id, "nhầm").await.is_err());
    assert_eq!(e.check_books().await.unwrap().txns, before);
    books_ok(&e).await;

    // Pay out once; a second payment of the same payout is refused.
    let payout = books.payouts.iter().find(|p| p.party == format!("claim:{support}")).unwrap().clone();
    let paid = e.pay_out(&kt, payout.id, Some("UNC-01"), Some(d("2026-06-16"))).await.unwrap();
    assert!(matches!(e.pay_out(&kt, payout.id, None, None).await, Err(EnforcementError::Conflict(_))));
    // The distribution cannot be taken back while one of its payouts is paid.
    assert!(e.reverse(&kt, dist.id, "sai thứ tự").await.is_err());
    e.reverse(&kt, paid.id, "chuyển nhầm tài khoản").await.unwrap();
    assert!(e.reverse(&kt, paid.id, "lần hai").await.is_err(), "reversed once only");
    e.reverse(&kt, dist.id, "phân phối lại").await.unwrap();
    let case = e.case(&cli, c.id).await.unwrap();
    assert_eq!(case.paid_money, 0);
    e.check_money(c.id).await.unwrap();
    assert_eq!(e.case_books(&kt, c.id).await.unwrap().costs[0].recovered, 0);
    books_ok(&e).await;
    // A retried distribution (same key) returns the first booking and its plan.
    let keyed = DistributionRequest { idempotency_key: Some("phan-phoi-2".into()), ..Default::default() };
    let (t1, p1) = e.distribute(&kt, c.id, &keyed).await.unwrap();
    let (t2, p2) = e.distribute(&kt, c.id, &keyed).await.unwrap();
    assert_eq!((t1.id, p1.plan.to_claim(support)), (t2.id, p2.plan.to_claim(support)));

    // A car seized to secure the loan: custody chain, photo, auction, sale → the loan is paid first
    // (after the court fee of the same judgment, already paid), the rest by rank, then the debtor.
    let car = e
        .seize(
            &cv,
            c.id,
            &NewAsset {
                kind: "phương tiện".into(),
                description: "Ô tô Toyota Vios biển số 30A-123.45".into(),
                valuation: Some(400_000_000),
                custody: Custody::Warehouse { place: "Kho Chi cục THADS khu vực 1".into() },
                secures_obligation: Some(loan),
                pledgee: None,
                on: Some(d("2026-06-15")),
                time: Some("09:30".into()),
                note: None,
            },
        )
        .await
        .unwrap();
    // Seizure is coercion: never on a day off or a holiday, never 22:00–06:00 (khoản 2 Điều 46).
    let at = |on: &str, time: &str| NewAsset {
        kind: "động sản".into(),
        description: "Tủ lạnh".into(),
        valuation: None,
        custody: Custody::Warehouse { place: "Kho".into() },
        secures_obligation: None,
        pledgee: None,
        on: Some(d(on)),
        time: Some(time.into()),
        note: None,
    };
    let sunday = e.seize(&cv, c.id, &at("2026-06-14", "09:00")).await.unwrap_err().to_string();
    assert!(sunday.contains("Chủ nhật") && sunday.contains("khoản 2 Điều 46"), "{sunday}");
    let night = e.seize(&cv, c.id, &at("2026-06-15", "22:30")).await.unwrap_err().to_string();
    assert!(night.contains("22 giờ"), "{night}");
    assert!(e.seize(&cv, c.id, &at("2026-06-15", "9h")).await.is_err(), "a time must be HH:MM");
    assert_eq!(car.events[0].time.as_deref(), Some("09:30"));
    let by_accountant: NewAsset = serde_json::from_value(
        serde_json::json!({"kind": "x", "description": "y", "custody": {"kind": "warehouse", "place": "z"}}),
    )
    .unwrap();
    assert!(e.seize(&kt, c.id, &by_accountant).await.is_err(), "the accountant does not seize");
    let id = car.asset.id;
    e.asset_act(
        &cv,
        id,
        &AssetAction::Move {
            custody: Custody::Keeper { keeper: "Công ty bảo quản A".into(), place: "Bãi xe Gia Lâm".into() },
            on: None,
            note: None,
        },
        Some(1),
    )
    .await
    .unwrap();
    assert!(matches!(
        e.asset_act(&cv, id, &AssetAction::Auction { on: None, note: None }, Some(1)).await,
        Err(EnforcementError::Conflict(_))
    ));
    e.attach_asset_file(&cv, id, "anh-xe.png", "image/png", b"\x89PNG fake").await.unwrap();
    assert!(e.attach_asset_file(&cv, id, "x.exe", "application/x-msdownload", b"MZ").await.is_err());
    assert!(
        matches!(
            e.asset_act(
                &cv,
                id,
                &AssetAction::Sell { price: 1, buyer: "B".into(), on: None, idempotency_key: None },
                None
            )
            .await,
            Err(EnforcementError::Invalid(_))
        ),
        "sold only from auction"
    );
    e.asset_act(&cv, id, &AssetAction::Auction { on: None, note: None }, None).await.unwrap();
    let sold = e
        .asset_act(
            &cv,
            id,
            &AssetAction::Sell {
                price: 350_000_000,
                buyer: "Phạm Thị Dung".into(),
                on: Some(d("2026-06-20")),
                idempotency_key: Some("ban-xe".into()),
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(sold.asset.state, "sold");
    assert_eq!(
        sold.events.iter().map(|x| x.action.as_str()).collect::<Vec<_>>(),
        ["seize", "move", "file", "auction", "sell"]
    );
    assert_eq!(sold.events[1].from_place.as_deref(), Some("Kho Chi cục THADS khu vực 1"));
    let p = e
        .preview_distribution(
            &kt,
            c.id,
            &DistributionRequest { bucket: Some(format!("asset:{id}")), ..Default::default() },
        )
        .await
        .unwrap();
    assert_eq!(p.plan.to_claim(loan), 16_500_000);
    assert!(p.plan.lines.iter().find(|l| l.payee == Payee::Claim(loan)).unwrap().provision.contains("khoản 3 Điều 47"));
    let debtor: i64 = p.plan.lines.iter().filter(|l| l.payee == Payee::Debtor).map(|l| l.amount).sum();
    assert_eq!(debtor, 350_000_000 - 16_500_000);
    e.distribute(&kt, c.id, &DistributionRequest { bucket: Some(format!("asset:{id}")), ..Default::default() })
        .await
        .unwrap();
    let case = e.case(&cli, c.id).await.unwrap();
    assert_eq!(case.paid_money, case.total_money);
    e.check_money(c.id).await.unwrap();
    books_ok(&e).await;

    // Bank statement: the first receipt (by reference) and the sale (by amount and date) match; a bank
    // charge is listed as a difference, and so are the receipt reversal pair and payouts not on it.
    let csv = "Ngày;Số tham chiếu;Nội dung;Ghi có;Ghi nợ\n15/06/2026;FT-bien-lai-001;Nộp tiền THA;15.000.000;\n21/06/2026;;Tiền bán xe;350.000.000;\n22/06/2026;;Phí ngân hàng;;11.000\n";
    let r = e.reconcile(&kt, "T01-KV01", "sao-ke-06.csv", csv.as_bytes()).await.unwrap();
    assert_eq!(r.matched.len(), 2, "{r:#?}");
    assert_eq!(r.only_in_statement.len(), 1);
    assert_eq!(r.only_in_statement[0].amount, -11_000);
    let again = e.reconcile(&kt, "T01-KV01", "sao-ke-06.csv", csv.as_bytes()).await.unwrap();
    assert_eq!(again.statement_id, r.statement_id, "the same file is stored once");
    let bad =
        e.reconcile(&kt, "T01-KV01", "hong.csv", b"Ngay;So tien\n15/06/2026;abc\n").await.unwrap_err().to_string();
    assert!(bad.contains("hong.csv: dòng 2"), "{bad}");

    let office = e.office_books(&kt, "T01-KV01").await.unwrap();
    assert_eq!(office.cash, office.held + office.payable);
    assert_eq!(office.cash, 365_000_000);
    books_ok(&e).await;
    assert!(store::audit::verify(e.db()).await.unwrap() > 10);
}

#[tokio::test(flavor = "multi_thread")]
async fn money_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    scenario(Db::open(dir.path(), None).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn money_on_postgres() {
    let Some(pg) = common::postgres("money_scenario").await else { return };
    scenario(pg.db.clone()).await;
    pg.drop().await;
}

/// Several connections receive and pay out on one case at once, with retried requests: every receipt
/// is booked exactly once and the books balance.
async fn concurrent(db: Db) {
    let w = world(db).await;
    let cli = Principal::system_cli();
    let c =
        w.e.intake(&cli, new_case(vec![obligation("Trả tiền", 1_000_000_000_000, "A", Category::Other)]))
            .await
            .unwrap();
    let mut tasks = vec![];
    for t in 0..6i64 {
        let (e, kt) = (w.e.clone(), w.kt.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0..15i64 {
                let key = format!("t{t}-r{i}");
                let amount = 1_000 + t * 100 + i;
                e.receive(&kt, c.id, &receipt(amount, &key)).await.unwrap();
                // The client retries (it never saw the answer): nothing new is booked.
                e.receive(&kt, c.id, &receipt(amount, &key)).await.unwrap();
                // Another client retries the same key concurrently from another task.
                if i % 5 == 0 {
                    let u = (t + 1) % 6;
                    e.receive(&kt, c.id, &receipt(1_000 + u * 100 + i, &format!("t{u}-r{i}"))).await.unwrap();
                }
            }
        }));
    }
    // Meanwhile: distributions and payouts on the same case.
    let (e, kt) = (w.e.clone(), w.kt.clone());
    let payer = tokio::spawn(async move {
        for _ in 0..10 {
            if e.distribute(&kt, c.id, &DistributionRequest::default()).await.is_ok() {
                let books = e.case_books(&kt, c.id).await.unwrap();
                for p in books.payouts.iter().filter(|p| p.paid_txn.is_none() && !p.cancelled) {
                    let _ = e.pay_out(&kt, p.id, None, None).await;
                }
            }
            tokio::task::yield_now().await;
        }
    });
    for t in tasks {
        t.await.unwrap();
    }
    payer.await.unwrap();
    let expected: i64 = (0..6i64).flat_map(|t| (0..15i64).map(move |i| 1_000 + t * 100 + i)).sum();
    let books = w.e.case_books(&w.kt, c.id).await.unwrap();
    assert_eq!(books.received, expected);
    assert_eq!(books.txns.iter().filter(|t| t.kind == "receipt").count(), 90);
    let office = w.e.office_books(&w.kt, "T01-KV01").await.unwrap();
    assert_eq!(office.cash, expected - books.paid_out);
    books_ok(&w.e).await;
    w.e.check_money(c.id).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    concurrent(Db::open(dir.path(), None).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_on_postgres() {
    let Some(pg) = common::postgres("money_concurrent").await else { return };
    concurrent(pg.db.clone()).await;
    pg.drop().await;
}

#[derive(Clone, Debug)]
enum Op {
    Receive(i64, bool),
    Cost(i64),
    Distribute,
    PayFirst,
    Reverse(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1i64..50_000_000, any::<bool>()).prop_map(|(a, c)| Op::Receive(a, c)),
        (1i64..2_000_000).prop_map(Op::Cost),
        Just(Op::Distribute),
        Just(Op::PayFirst),
        (0usize..40).prop_map(Op::Reverse),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Random receipts, costs, distributions, payouts and reversals — successful or refused — never
    /// create or lose money: after every operation the books balance and the case's money adds up.
    #[test]
    fn random_sequences_never_create_or_lose_money(ops in prop::collection::vec(op(), 1..25)) {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let w = world(Db::open(dir.path(), None).await.unwrap()).await;
            let cli = Principal::system_cli();
            let c = w.e.intake(&cli, new_case(vec![
                obligation("Cấp dưỡng", 30_000_000, "A", Category::Support),
                obligation("Án phí", 2_000_000, "NSNN", Category::CourtFee),
                obligation("Nợ", 90_000_000, "B", Category::Other),
                obligation("Nợ", 45_000_000, "C", Category::Other),
            ])).await.unwrap();
            for (i, op) in ops.iter().enumerate() {
                let _ = match op {
                    Op::Receive(a, coerced) => {
                        let mut r = receipt(*a, &format!("k{i}"));
                        if *coerced { r.coercion_decided_on = Some(d("2026-06-10")); }
                        w.e.receive(&w.kt, c.id, &r).await.map(|_| ())
                    }
                    Op::Cost(a) => w.e.record_cost(&w.kt, c.id, &NewCost { kind: CostKind::Custody, amount: *a, on: None, note: None }).await.map(|_| ()),
                    Op::Distribute => {
                        let books = w.e.case_books(&w.kt, c.id).await.unwrap();
                        match books.held.first() {
                            Some((bucket, _)) => w.e.distribute(&w.kt, c.id, &DistributionRequest { bucket: Some(bucket.clone()), ..Default::default() }).await.map(|_| ()),
                            None => Ok(()),
                        }
                    }
                    Op::PayFirst => {
                        let books = w.e.case_books(&w.kt, c.id).await.unwrap();
                        match books.payouts.iter().find(|p| p.paid_txn.is_none() && !p.cancelled) {
                            Some(p) => w.e.pay_out(&w.kt, p.id, None, None).await.map(|_| ()),
                            None => Ok(()),
                        }
                    }
                    Op::Reverse(k) => {
                        let books = w.e.case_books(&w.kt, c.id).await.unwrap();
                        match books.txns.get(*k % books.txns.len().max(1)) {
                            Some(t) => w.e.reverse(&w.kt, t.id, "thử").await.map(|_| ()),
                            None => Ok(()),
                        }
                    }
                };
                let check = w.e.check_books().await.unwrap();
                assert!(check.ok(), "after {op:?}: {check:?}");
                w.e.check_money(c.id).await.unwrap();
                let books = w.e.case_books(&w.kt, c.id).await.unwrap();
                let office = w.e.office_books(&w.kt, "T01-KV01").await.unwrap();
                assert_eq!(office.cash, books.received - books.paid_out, "after {op:?}");
            }
        });
    }
}
