//! End-to-end in a real browser: headless Chromium (Debian's `chromium` + `chromium-driver`, which
//! `.ci/run` installs), driven over the WebDriver protocol against the real server on a random port.
//! A person's path: search the library, open a document, pick a date, read a provision.

use library::Library;
use store::Db;
use store::audit::Actor;

mod common;
use common::webdriver::Driver;

/// The server on a random port over a fresh store with the samples.
async fn serve_samples() -> (std::net::SocketAddr, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(Db::open(dir.path(), None).await.unwrap()).await.unwrap();
    lib.load_samples_if_empty(&Actor::system_server()).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, server::router(lib)).await.unwrap() });
    (addr, dir)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reader_finds_a_law_and_reads_it_on_a_date() {
    let Some(driver) = Driver::start().await else { return };
    let (addr, _dir) = serve_samples().await;
    let base = format!("http://{addr}");

    // The library page, searching without diacritics.
    driver.go(&format!("{base}/")).await;
    assert_eq!(driver.text("h1").await, "Thư viện pháp luật");
    driver.typ("input[name=q]", "hoa giai co so mau").await;
    driver.click_and_wait("form.filters button").await;
    assert!(driver.url().await.contains("q=hoa+giai"), "the form submits the query");
    let rows = driver.text("tbody").await;
    assert!(rows.contains("999/2026/QH15") && rows.contains("998/2026/QH15"), "{rows}");

    // Open the law: table of contents, status badge for today.
    driver.click_and_wait("tbody a[href*='999']").await;
    assert!(driver.url().await.contains("/van-ban/999/2026/QH15"));
    assert_eq!(driver.text("h1").await, "Luật Hòa giải cơ sở mẫu");
    assert!(driver.text("nav.toc").await.contains("Điều 10"));

    // Read it on 01/07/2027, after Luật 998/2026/QH15: Điều 10a is there, Điều 15 is gone.
    driver.go(&format!("{base}/van-ban/999/2026/QH15?at=2027-07-01")).await;
    assert!(driver.text("nav.toc").await.contains("Điều 10a"));
    assert!(!driver.text("section.text").await.contains("Điều 15. Sổ theo dõi"));
    assert!(driver.text("#art_10a").await.contains("998/2026/QH15"), "the provision names the act that inserted it");

    // English interface.
    driver.click_and_wait("a.lang").await;
    assert!(driver.text("header.top").await.contains("Legal library"));
    driver.quit().await;
}

/// A drafter chooses a published .docx on the review page: the browser sends it, the server reads its
/// paragraphs, and the citations come back highlighted, with the text in the box for the next round.
#[tokio::test(flavor = "multi_thread")]
async fn a_drafter_checks_a_docx_on_the_review_page() {
    let Some(file) = store::scratch::shared_data("nbtt-parsed/raw/nghi_dinh/nghi_dinh_21_2021_ND_CP.docx") else {
        return;
    };
    let file = file.canonicalize().expect("canonical path");
    let Some(driver) = Driver::start().await else { return };
    let (addr, _dir) = serve_samples().await;
    driver.go(&format!("http://{addr}/kiem-tra")).await;
    driver.typ("#text-upload", file.to_str().unwrap()).await;
    // The file is read in the browser (FileReader) into the hidden field.
    let mut ready = false;
    for _ in 0..50 {
        let v = driver.execute("return document.getElementById('text_file').value.length").await;
        if v.as_u64().unwrap_or(0) > 1000 {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(ready, "the chosen .docx reaches the form");
    assert_eq!(driver.text("#text-chosen").await, "nghi_dinh_21_2021_ND_CP.docx");
    driver.click_and_wait("form.check button[type=submit]").await;
    let cites = driver.execute("return document.querySelectorAll('.cite').length").await;
    assert!(cites.as_u64().unwrap_or(0) > 20, "citations highlighted: {cites}");
    let text = driver.execute("return document.getElementById('text').value").await;
    assert!(text.as_str().unwrap_or("").contains("NGHỊ ĐỊNH"), "the paragraphs are in the box: {text}");
    driver.quit().await;
}
