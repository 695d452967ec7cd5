//! The drafting review on the sample drafts with planted mistakes (every diagnostic kind), on a
//! synthetic catalogue of 60,000 documents (speed), and the JSON-free report contract.

mod common;

use common::fresh;
use lex::Date;
use library::Library;
use library::import::NoProgress;
use library::review::{Draft, Kind, Report, Reviewer, Severity};
use std::path::PathBuf;
use store::audit::Actor;

fn sample(name: &str) -> Vec<String> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples").join(name);
    std::fs::read_to_string(p).expect("sample").lines().map(str::to_string).collect()
}

/// The samples `serve` loads, plus an excerpt of the Civil Code (its real Điều 689: the 2005 Code
/// ends on 01/01/2017).
async fn sample_library() -> (Library, tempfile::TempDir) {
    let (lib, dir) = fresh().await;
    lib.load_samples_if_empty(&Actor::system_cli()).await.unwrap();
    let civil =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review/bo-luat-dan-su-91-2015-trich.txt");
    let s = lib.import(&[civil], None, &Actor::system_cli(), &NoProgress).await.unwrap();
    assert!(s.failures.is_empty());
    (lib, dir)
}

fn found(r: &Report, severity: Severity) -> Vec<(Kind, usize, String)> {
    let mut v: Vec<(Kind, usize, String)> =
        r.diagnostics.iter().filter(|d| d.severity == severity).map(|d| (d.kind, d.line, d.citation.clone())).collect();
    v.sort_by_key(|x| (x.1, x.0.as_str()));
    v
}

#[tokio::test]
async fn sample_circular_finds_exactly_the_planted_errors() {
    let (lib, _d) = sample_library().await;
    let reviewer = Reviewer::load(&lib).await.unwrap();
    let lines = sample("du-thao-thong-tu-mau.txt");
    let r = reviewer.check(&lib, &Draft { lines, previous: None, date: None }).await.unwrap();
    // Checked on the circular's entry into force (the header leaves the day blank).
    assert_eq!(r.date, Date::parse_iso("2027-07-01").unwrap());
    let errors: Vec<(Kind, usize, &str)> = found(&r, Severity::Error)
        .iter()
        .map(|(k, l, c)| (*k, *l, &c[..]))
        .map(|(k, l, c)| (k, l, c.to_string().leak() as &str))
        .collect();
    assert_eq!(
        errors,
        [
            // Not planted: the sample library does not hold this decree (errors.md, "Other observations").
            (Kind::UnknownDocument, 19, "Nghị định số 09/2026/NĐ-CP"),
            // 3: no điểm e in khoản 1 Điều 12 (points a, b, c, c1, d).
            (Kind::MissingProvision, 63, "điểm e khoản 1 Điều 12 Luật Hòa giải cơ sở mẫu"),
            // 7: the 2005 Civil Code ended on 01/01/2017.
            (Kind::ExpiredDocument, 69, "Bộ luật Dân sự số 33/2005/QH11"),
            // 4: Điều 4 of the draft has two clauses.
            (Kind::MissingProvision, 71, "khoản 3 Điều 4 Thông tư này"),
            // 2: repealed by khoản 8 Điều 1 Luật 998 from 01/07/2027.
            (Kind::RepealedProvision, 73, "Điều 15 Luật Hòa giải cơ sở mẫu"),
            // 1: the law has Điều 1–18.
            (Kind::MissingProvision, 79, "Điều 25 Luật Hòa giải cơ sở mẫu"),
        ]
    );
    // 5 and 6: numbering.
    let warnings: Vec<(Kind, usize)> = found(&r, Severity::Warning).into_iter().map(|(k, l, _)| (k, l)).collect();
    assert_eq!(warnings, [(Kind::Numbering, 59), (Kind::Numbering, 65)]);
    // The repeal says by what and from when; the expired code names its replacement.
    let repealed = r.diagnostics.iter().find(|d| d.kind == Kind::RepealedProvision).unwrap();
    assert!(repealed.known.as_deref().unwrap().contains("khoản 8 Điều 1 998/2026/QH15 từ 2027-07-01"), "{repealed:?}");
    let expired = r.diagnostics.iter().find(|d| d.kind == Kind::ExpiredDocument).unwrap();
    assert_eq!(expired.fix.as_ref().unwrap().replacement, "91/2015/QH13");
    // Nothing else: the correct citations and the vague reference are not reported.
    assert!(r.diagnostics.iter().all(|d| d.severity != Severity::Info), "{:#?}", r.diagnostics);
    assert!(r.citations.iter().any(|c| c.vague && c.line == 81));
    // Every internal citation resolved except the planted one.
    assert_eq!(r.stats.internal_targets, r.stats.internal_resolved + 1);
}

#[tokio::test]
async fn versions_stale_malformed_not_yet_in_force_and_fix() {
    let (lib, _d) = sample_library().await;
    let reviewer = Reviewer::load(&lib).await.unwrap();
    let lines = sample("du-thao-quyet-dinh-mau-v2.txt");
    let draft = Draft { lines: lines.clone(), previous: Some(sample("du-thao-quyet-dinh-mau-v1.txt")), date: None };
    let r = reviewer.check(&lib, &draft).await.unwrap();
    let all: Vec<(Kind, Severity, usize)> = r.diagnostics.iter().map(|d| (d.kind, d.severity, d.line)).collect();
    assert_eq!(
        all,
        [
            (Kind::NotYetInForce, Severity::Warning, 19),
            (Kind::NotYetInForce, Severity::Warning, 27),
            (Kind::StaleAfterRenumbering, Severity::Error, 37),
            (Kind::MalformedCitation, Severity::Error, 41),
            (Kind::MalformedCitation, Severity::Error, 41),
        ],
        "{:#?}",
        r.diagnostics
    );
    let fixed = r.fixed_lines(&lines);
    assert!(fixed[36].contains("khoản 1 Điều 3 Quyết định này"), "{}", fixed[36]);
    assert!(fixed[40].contains("theo khoản 2 Điều 13 Luật") && fixed[40].contains("999/2026/QH15."), "{}", fixed[40]);
    // Without the previous version the stale citation resolves (to the wrong article): no error.
    let r = reviewer.check(&lib, &Draft { lines, previous: None, date: None }).await.unwrap();
    assert!(r.diagnostics.iter().all(|d| d.kind != Kind::StaleAfterRenumbering));
}

/// Renumbering below the article: a clause inserted before the one cited, a point inserted before the
/// one cited, a clause of the citing article itself shifted (`khoản 2 Điều này`), an article moved.
#[tokio::test]
async fn stale_clauses_and_points_after_insertions() {
    let (lib, _d) = sample_library().await;
    let reviewer = Reviewer::load(&lib).await.unwrap();
    let v1 = [
        "Điều 1. Phạm vi điều chỉnh",
        "Quyết định này quy định việc bầu hòa giải viên ở thôn, tổ dân phố.",
        "Điều 2. Hòa giải viên",
        "1. Hòa giải viên được bầu tại thôn, tổ dân phố theo danh sách do Ban công tác Mặt trận lập.",
        "2. Hòa giải viên có các quyền sau đây:",
        "a) Được hỗ trợ kinh phí khi thực hiện hòa giải theo định mức của địa phương;",
        "b) Được khen thưởng theo quy định của pháp luật về thi đua, khen thưởng.",
        "3. Trường hợp quy định tại khoản 2 Điều này, Ủy ban nhân dân cấp xã bảo đảm kinh phí.",
        "Điều 3. Tổ chức thực hiện",
        "Ủy ban nhân dân cấp xã thực hiện khoản 2 Điều 2 và điểm b khoản 2 Điều 2 Quyết định này.",
    ];
    let v2 = [
        "Điều 1. Phạm vi điều chỉnh",
        "Quyết định này quy định việc bầu hòa giải viên ở thôn, tổ dân phố.",
        "Điều 2. Chính sách của Nhà nước",
        "Nhà nước khuyến khích hòa giải trực tuyến trên môi trường điện tử ở mọi địa bàn.",
        "Điều 3. Hòa giải viên",
        "1. Hòa giải viên được bầu tại thôn, tổ dân phố theo danh sách do Ban công tác Mặt trận lập.",
        "2. Công dân Việt Nam thường trú tại cơ sở, có uy tín trong cộng đồng được bầu làm hòa giải viên.",
        "3. Hòa giải viên có các quyền sau đây:",
        "a) Được cung cấp thông tin, tài liệu về vụ, việc hòa giải;",
        "b) Được hỗ trợ kinh phí khi thực hiện hòa giải theo định mức của địa phương;",
        "c) Được khen thưởng theo quy định của pháp luật về thi đua, khen thưởng.",
        "4. Trường hợp quy định tại khoản 2 Điều này, Ủy ban nhân dân cấp xã bảo đảm kinh phí.",
        "Điều 4. Tổ chức thực hiện",
        "Ủy ban nhân dân cấp xã thực hiện khoản 2 Điều 2 và điểm b khoản 2 Điều 2 Quyết định này.",
    ];
    let lines: Vec<String> = v2.iter().map(|s| s.to_string()).collect();
    let draft = Draft {
        lines: lines.clone(),
        previous: Some(v1.iter().map(|s| s.to_string()).collect()),
        date: Date::parse_iso("2027-01-01"),
    };
    let r = reviewer.check(&lib, &draft).await.unwrap();
    let stale: Vec<(usize, String)> = r
        .diagnostics
        .iter()
        .filter(|d| d.kind == Kind::StaleAfterRenumbering)
        .map(|d| (d.line, d.fix.as_ref().unwrap().replacement.clone()))
        .collect();
    assert_eq!(
        stale,
        [(12, "3".to_string()), (14, "3 Điều 3".to_string()), (14, "c khoản 3 Điều 3".to_string())],
        "{:#?}",
        r.diagnostics
    );
    let fixed = r.fixed_lines(&lines);
    assert_eq!(fixed[11], "4. Trường hợp quy định tại khoản 3 Điều này, Ủy ban nhân dân cấp xã bảo đảm kinh phí.");
    assert_eq!(fixed[13], "Ủy ban nhân dân cấp xã thực hiện khoản 3 Điều 3 và điểm c khoản 3 Điều 3 Quyết định này.");
    // Checked again, the fixed text has nothing stale.
    let again = Draft { lines: fixed, ..draft };
    let r = reviewer.check(&lib, &again).await.unwrap();
    assert!(r.diagnostics.iter().all(|d| d.kind != Kind::StaleAfterRenumbering), "{:#?}", r.diagnostics);
}

#[tokio::test]
async fn amended_provision_unknown_document_and_blank_day() {
    let (lib, _d) = sample_library().await;
    let reviewer = Reviewer::load(&lib).await.unwrap();
    let r =
        reviewer.check(&lib, &Draft { lines: sample("du-thao-chi-thi-mau.txt"), ..Draft::default() }).await.unwrap();
    assert_eq!(r.date, Date::parse_iso("2027-09-01").unwrap());
    assert!(r.date_source.contains("blank"));
    let all: Vec<(Kind, Severity, usize)> = r.diagnostics.iter().map(|d| (d.kind, d.severity, d.line)).collect();
    assert_eq!(all, [(Kind::AmendedProvision, Severity::Info, 19), (Kind::UnknownDocument, Severity::Error, 23)]);
    // Intertemporal: the 2005 Code cited for a transaction before 2017 is at most info.
    let text = "Giao dịch dân sự xác lập trước ngày 01/01/2017 được giải quyết theo Bộ luật Dân sự số 33/2005/QH11.";
    let r = reviewer
        .check(&lib, &Draft { lines: vec![text.into()], previous: None, date: Date::parse_iso("2027-01-01") })
        .await
        .unwrap();
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!((r.diagnostics[0].kind, r.diagnostics[0].severity), (Kind::ExpiredDocument, Severity::Info));
}

#[tokio::test]
async fn ambiguous_name() {
    let (lib, dir) = fresh().await;
    // Two laws with the same name, both in force (a registry of metadata).
    let registry = dir.path().join("registry_documents.json");
    std::fs::write(
        &registry,
        r#"[{"document_number": "1/2020/QH14", "document_type": "luat", "document_title": "Luật Mẫu thử", "issued_date": "2020-06-01", "effective_date": "2020-07-01"},
            {"document_number": "2/2021/QH15", "document_type": "luat", "document_title": "Luật Mẫu thử", "issued_date": "2021-06-01", "effective_date": "2021-07-01"}]"#,
    )
    .unwrap();
    let s = lib
        .import(&[registry], Some(library::adapters::Format::Registry), &Actor::system_cli(), &NoProgress)
        .await
        .unwrap();
    assert!(s.failures.is_empty(), "{:?}", s.failures);
    let reviewer = Reviewer::load(&lib).await.unwrap();
    let r = reviewer
        .check(
            &lib,
            &Draft {
                lines: vec!["Theo Điều 3 Luật Mẫu thử.".into()],
                previous: None,
                date: Date::parse_iso("2022-01-01"),
            },
        )
        .await
        .unwrap();
    assert_eq!(r.diagnostics.len(), 1, "{:#?}", r.diagnostics);
    assert_eq!((r.diagnostics[0].kind, r.diagnostics[0].severity), (Kind::AmbiguousDocument, Severity::Warning));
    // With a year, one document: no ambiguity.
    let r = reviewer
        .check(
            &lib,
            &Draft {
                lines: vec!["Theo Luật Mẫu thử năm 2021.".into()],
                previous: None,
                date: Date::parse_iso("2022-01-01"),
            },
        )
        .await
        .unwrap();
    assert!(r.diagnostics.iter().all(|d| d.kind != Kind::AmbiguousDocument), "{:#?}", r.diagnostics);
}

/// Every kind is covered by the tests above.
#[test]
fn every_kind_is_planted_somewhere() {
    let covered = [
        Kind::MissingProvision,
        Kind::RepealedProvision,
        Kind::ExpiredDocument,
        Kind::UnknownDocument,
        Kind::StaleAfterRenumbering,
        Kind::MalformedCitation,
        Kind::Numbering,
        Kind::NotYetInForce,
        Kind::AmbiguousDocument,
        Kind::AmendedProvision,
    ];
    assert!(Kind::ALL.iter().all(|k| covered.contains(k)));
}

/// A 200-article draft against a library of 60,000 documents (synthetic catalogue rows in the real
/// tables, read by the real path): every citation resolves. Its speed is measured by
/// `tuphap demo review`, recorded in `docs/benchmarks.md`.
#[tokio::test(flavor = "multi_thread")]
async fn a_draft_against_60000_documents() {
    // A catalogue of national size; the timing is `tuphap demo review` (docs/benchmarks.md).
    let (lib, _d) = sample_library().await;
    lib.add_synthetic_decrees(60_000).await.unwrap();
    let mut lines: Vec<String> =
        vec!["BỘ TƯ PHÁP".into(), "Hà Nội, ngày 01 tháng 8 năm 2027".into(), "THÔNG TƯ".into()];
    for a in 1..=200 {
        lines.push(format!("Điều {a}. Quy định {a}"));
        lines.push(format!(
            "1. Thực hiện theo khoản 2 Điều 8 và Điều 13 Luật Hòa giải cơ sở mẫu số 999/2026/QH15, Nghị định số {}/2020/NĐ-CP.",
            a * 97
        ));
        lines.push(format!(
            "2. Trừ trường hợp quy định tại khoản 1 Điều này và khoản 1 Điều {} Thông tư này.",
            a.max(2) - 1
        ));
    }
    let reviewer = Reviewer::load(&lib).await.unwrap();
    let r = reviewer.check(&lib, &Draft { lines: lines.clone(), previous: None, date: None }).await.unwrap();
    let again = reviewer.check(&lib, &Draft { lines, previous: None, date: None }).await.unwrap();
    assert_eq!(again.diagnostics.len(), r.diagnostics.len());
    assert!(reviewer.len() >= 60_000);
    assert_eq!(r.stats.internal_targets, r.stats.internal_resolved);
    // Every decree cited by number is found among the 60,000: none is unknown.
    assert!(r.diagnostics.iter().all(|d| d.kind != Kind::UnknownDocument), "{:#?}", r.diagnostics);
}
