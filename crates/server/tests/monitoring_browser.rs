//! End-to-end in a real browser (headless Chromium over WebDriver): a national supervisor reads the
//! monitoring centre and drills down from the country to a province, an office and its officers; a
//! party looks up their case on a phone-sized screen with the number and secret from the office's
//! printed slip (a wrong secret first), then through the QR link. Skips only where chromium and
//! chromedriver are absent (`.ci/run` installs them).

use enforcement::case::{NewCase, NewObligation, NewParty, PartyRole};
use enforcement::workflow::{Basis, Input, ObligationKind, Step};
use library::Library;
use platform::{Platform, Principal, Role};
use std::net::SocketAddr;
use store::Db;

const PW: &str = "mat-khau-du-dai-123";

mod common;
use common::webdriver::Driver;

async fn sign_in(driver: &Driver, base: &str, user: &str, next: &str) {
    driver.forget_cookies().await;
    driver.go(&format!("{base}/dang-nhap?next={next}")).await;
    driver.typ("input[name=username]", user).await;
    driver.typ("input[name=password]", PW).await;
    driver.click_and_wait("form button").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn supervisors_drill_down_and_parties_look_up_their_case_on_a_phone() {
    let Some(driver) = Driver::start().await else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path(), None).await.unwrap();
    let lib = Library::open(db.clone()).await.unwrap();
    let p = Platform::open(db.clone()).await.unwrap();
    let e = enforcement::Enforcement::open(p.clone()).await.unwrap();
    let cli = Principal::system_cli();
    p.add_user(&cli, "gstw", "Giám sát toàn quốc", Some("TW"), &[Role::NationalSupervisor], PW).await.unwrap();
    p.add_user(&cli, "tp", "Trần Văn Thủ", Some("T01-KV01"), &[Role::OfficeHead, Role::EnforcementOfficer], PW)
        .await
        .unwrap();
    e.demo(&cli, 400, 3, 400, |_| {}).await.unwrap();
    let today = p.clock().today();
    let case = e
        .intake(
            &cli,
            NewCase {
                unit: "T01-KV01".into(),
                basis: Basis::Request,
                own_motion: None,
                court: "Tòa án nhân dân khu vực 1 — Hà Nội".into(),
                judgment_number: "77/2026/DS-ST".into(),
                judgment_date: lex::Date::from_days(today.to_days() - 60),
                effective_date: lex::Date::from_days(today.to_days() - 30),
                obligation_due: None,
                excluded_days: 0,
                received_on: Some(today),
                parties: vec![
                    NewParty {
                        role: PartyRole::Creditor,
                        kind: "person".into(),
                        name: "Lê Thị Hoa".into(),
                        address: "Hà Nội".into(),
                        email: None,
                    },
                    NewParty {
                        role: PartyRole::Debtor,
                        kind: "person".into(),
                        name: "Phạm Văn Đông".into(),
                        address: "Hà Nội".into(),
                        email: None,
                    },
                ],
                obligations: vec![NewObligation {
                    kind: ObligationKind::PayMoney,
                    description: "Trả tiền mua hàng".into(),
                    amount: 35_000_000,
                    creditor: None,
                    debtor: None,
                    category: enforcement::money::distribute::Category::Other,
                }],
                officer: Some("tp".into()),
            },
        )
        .await
        .unwrap();
    e.step(&cli, case.id, Step::Decide, &Input { on: Some(today), ..Input::default() }, None).await.unwrap();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = server::app_with_enforcement(lib, None, p.clone(), Some(e.clone()), false);
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap()
    });
    let base = format!("http://{addr}");

    // The national supervisor: the country's figures, as the domain computes them, with charts.
    sign_in(&driver, &base, "gstw", "/giam-sat").await;
    assert!(driver.url().await.ends_with("/giam-sat"), "{}", driver.url().await);
    assert_eq!(driver.text("h1").await, "Trung tâm giám sát thi hành án dân sự");
    let gstw = Principal::User(p.principal_of(&p.user("gstw").await.unwrap(), None).await.unwrap());
    let national = e.monitoring(&gstw, None, None).await.unwrap();
    assert_eq!(driver.text("#total_n").await, national.totals.total_n.to_string());
    assert_eq!(driver.text("#overdue_n").await, national.totals.overdue_n.to_string());
    assert_eq!(driver.execute("return document.querySelectorAll('figure svg').length").await, 2);
    assert!(driver.text("details.defs").await.contains("Tỷ lệ thi hành xong về việc"));
    // Drill down: Hà Nội, then its first office, then that office's officers.
    driver.click_and_wait("a.drill[href*='unit=T01&']").await;
    assert!(driver.text("#scope").await.contains("Hà Nội"), "{}", driver.text("#scope").await);
    driver.click_and_wait("a.drill[href*='unit=T01-KV01&']").await;
    assert_eq!(driver.text("#rows thead th").await, "Chấp hành viên");
    assert!(driver.text("#rows").await.contains("Trần Văn Thủ"));
    assert!(driver.text("nav.crumbs").await.contains("Hà Nội"));

    // The office prints the parties' slips: number, secret and QR code.
    sign_in(&driver, &base, "tp", &format!("/thi-hanh-an/viec/{}/tra-cuu", case.id)).await;
    let access = e.access_for(&cli, case.id).await.unwrap();
    assert_eq!(driver.text(".slip .secret").await, access[0].secret);
    assert_eq!(driver.execute("return document.querySelectorAll('.slip svg').length").await, 2);
    assert!(driver.text("section").await.contains("Việc thi hành án số"), "the messages sent are listed");

    // A party on a phone, not signed in.
    driver.forget_cookies().await;
    driver.window(390, 844).await;
    driver.go(&format!("{base}/tra-cuu")).await;
    driver.typ("#number", &case.number).await;
    driver.typ("#secret", "AAAAA-AAAAA").await;
    driver.click_and_wait("#go").await;
    assert!(driver.text("#error").await.contains("không tìm thấy"));
    driver.clear("#secret").await;
    driver.typ("#secret", &access[0].secret.to_lowercase()).await;
    driver.click_and_wait("#go").await;
    assert_eq!(driver.text("#case-number").await, case.number);
    assert_eq!(driver.text("#state").await, "Đã ra quyết định thi hành án");
    let page = driver.text("#result").await;
    assert!(page.contains("Người được thi hành án") && !page.contains("Phạm Văn Đông"), "{page}");
    let fits = driver.execute("return document.documentElement.scrollWidth <= window.innerWidth + 1").await;
    assert_eq!(fits, true, "the page fits a phone's width");
    // The QR link of the notice.
    driver.go(&format!("{base}{}", access[1].path)).await;
    assert_eq!(driver.text("#case-number").await, case.number);
    assert!(driver.text("#result").await.contains("Người phải thi hành án"));
    driver.quit().await;
}
