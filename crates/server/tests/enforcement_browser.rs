//! End-to-end in a real browser (headless Chromium over WebDriver, as in `browser.rs`): a head of office
//! signs in, takes in a judgment from the intake form, and takes the case from intake to completion on
//! the case page — decision, notification, valid service, payment, confirmation — with the timeline,
//! deadlines and documents shown. Skips only where chromium/chromedriver are absent (`.ci/run` installs them).

use library::Library;
use platform::{Platform, Principal, Role};
use std::net::SocketAddr;
use store::Db;

const PW: &str = "mat-khau-du-dai-123";

mod common;
use common::webdriver::Driver;

trait Steps {
    async fn step(&self, step: &str);
}

impl Steps for Driver {
    /// Submit a step's form and wait for the next page.
    async fn step(&self, step: &str) {
        self.click_and_wait(&format!("form[data-step={step}] button")).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_case_from_intake_to_completion_in_the_browser() {
    let Some(driver) = Driver::start().await else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path(), None).await.unwrap();
    let lib = Library::open(db.clone()).await.unwrap();
    let p = Platform::open(db.clone()).await.unwrap();
    let enf = enforcement::Enforcement::open(p.clone()).await.unwrap();
    p.add_user(
        &Principal::system_cli(),
        "tp",
        "Trần Văn Thủ",
        Some("T01-KV01"),
        &[Role::OfficeHead, Role::EnforcementOfficer],
        PW,
    )
    .await
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = server::app_with_enforcement(lib, None, p.clone(), Some(enf.clone()), false);
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap()
    });
    let base = format!("http://{addr}");

    // Sign in; the queue page is where it lands.
    driver.go(&format!("{base}/dang-nhap?next=/thi-hanh-an")).await;
    driver.typ("input[name=username]", "tp").await;
    driver.typ("input[name=password]", PW).await;
    driver.click_and_wait("form button").await;
    assert!(driver.url().await.ends_with("/thi-hanh-an"), "{}", driver.url().await);
    assert_eq!(driver.text("h1").await, "Thi hành án dân sự");

    // Intake from the form.
    driver.click_and_wait("a#intake").await;
    let today = p.clock().today();
    let judged = lex::Date::from_days(today.to_days() - 60);
    let effective = lex::Date::from_days(today.to_days() - 30);
    let dmy = |d: lex::Date| format!("{:02}/{:02}/{}", d.day, d.month, d.year);
    driver.typ("input[name=court]", "Tòa án nhân dân khu vực 1 — Hà Nội").await;
    driver.typ("input[name=judgment_number]", "45/2026/DS-ST").await;
    driver.typ("input[name=judgment_date]", &dmy(judged)).await;
    driver.typ("input[name=effective_date]", &dmy(effective)).await;
    driver.typ("input[name=creditor]", "Lê Thị Hoa").await;
    driver.typ("input[name=debtor]", "Phạm Văn Đông").await;
    driver.typ("input[name=amount]", "35.000.000").await;
    driver.typ("input[name=money_description]", "Trả tiền mua hàng").await;
    driver.click_and_wait("#intake-submit").await;
    assert!(driver.url().await.contains("/thi-hanh-an/viec/"), "{}", driver.url().await);
    assert_eq!(driver.text("#state").await, "Đã tiếp nhận");
    assert!(driver.text("#summary").await.contains("Điều 36") || driver.text("#summary").await.contains("Điều 34"));

    // Decision, notification, valid service: the voluntary period starts (10 days).
    driver.step("decide").await;
    assert_eq!(driver.text("#state").await, "Đã ra quyết định thi hành án");
    driver.step("notify").await;
    assert_eq!(driver.text("#state").await, "Đã thông báo");
    driver.step("serve").await;
    assert_eq!(driver.text("#state").await, "Thời hạn tự nguyện");
    let summary = driver.text("#summary").await;
    assert!(summary.contains("Điều 45") || summary.contains("Điều 36"), "{summary}");
    // A wrong amount is refused with a message; the full amount is paid.
    driver.clear("form[data-step=pay] input[name=amount]").await;
    driver.typ("form[data-step=pay] input[name=amount]", "35000001").await;
    driver.step("pay").await;
    assert!(driver.text("#error").await.contains("đồng"));
    driver.step("pay").await;
    assert!(driver.text("#money").await.starts_with("35.000.000 / 35.000.000"), "{}", driver.text("#money").await);
    driver.step("complete").await;
    assert_eq!(driver.text("#state").await, "Đã thi hành xong");
    let timeline = driver.text("#timeline").await;
    for step in ["Tiếp nhận", "Ra quyết định thi hành án", "Thông báo quyết định", "Thu tiền", "Xác nhận kết thúc"]
    {
        assert!(timeline.contains(step), "{step} missing: {timeline}");
    }
    let docs = driver.text("#documents").await;
    assert!(docs.contains("QĐ-THADS") && docs.contains("XN-THADS"), "{docs}");
    driver.quit().await;
}
