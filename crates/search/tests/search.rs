//! Search over a real library (SQLite in a temporary directory): the behaviours issue 5 asks for.

use library::Library;
use library::adapters::Format;
use library::import::ImportSummary;
use search::{NoProgress, Request, Search};
use std::path::Path;
use store::audit::Actor;

/// A law ended by another one that repeats its article on voluntary enforcement.
const OLD_LAW: &str = "QUỐC HỘI\n\nLuật số: 901/2010/QH12\n\nLUẬT\n\nTHI HÀNH ÁN MẪU CŨ\n\nĐiều 1. Phạm vi điều chỉnh\n\nLuật này quy định về thi hành án mẫu.\n\nĐiều 2. Thời hạn tự nguyện thi hành án\n\nThời hạn tự nguyện thi hành án là 10 ngày kể từ ngày người phải thi hành án nhận được quyết định thi hành án.\n\nĐiều 3. Hiệu lực thi hành\n\nLuật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2010.\n";

const NEW_LAW: &str = "QUỐC HỘI\n\nLuật số: 902/2020/QH14\n\nLUẬT\n\nTHI HÀNH ÁN MẪU MỚI\n\nĐiều 1. Phạm vi điều chỉnh\n\nLuật này quy định về thi hành án mẫu.\n\nĐiều 2. Thời hạn tự nguyện thi hành án\n\nThời hạn tự nguyện thi hành án là 10 ngày kể từ ngày người phải thi hành án nhận được quyết định thi hành án.\n\nĐiều 3. Hiệu lực thi hành\n\n1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2021.\n\n2. Luật số 901/2010/QH12 hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.\n";

async fn empty_library(dir: &Path) -> Library {
    let db = store::Db::open(&dir.join("db"), None).await.expect("db");
    Library::open(db).await.expect("library")
}

/// A library of one file (or folder) imported as `format` (None: detected).
async fn library_of(dir: &Path, file: std::path::PathBuf, format: Option<Format>) -> Library {
    let lib = empty_library(dir).await;
    lib.import(&[file], format, &Actor::system_cli(), &library::import::NoProgress).await.expect("import");
    lib
}

async fn library_with(dir: &Path, docs: &[(&str, &str)]) -> Library {
    let lib = empty_library(dir).await;
    let mut summary = ImportSummary::default();
    for (name, text) in docs {
        lib.import_bytes(Path::new(name), Format::Text, text.as_bytes(), &Actor::system_cli(), &mut summary)
            .await
            .expect("import");
    }
    lib
}

async fn indexed(dir: &Path, docs: &[(&str, &str)]) -> (Library, Search) {
    let lib = library_with(dir, docs).await;
    let s = Search::open(&dir.join("index"), &lib).await.expect("open index");
    s.sync(&lib, &NoProgress).await.expect("sync");
    (lib, s)
}

fn today() -> lex::Date {
    library::today()
}

#[tokio::test]
async fn diacritic_free_query_finds_diacritic_text() {
    let dir = tempfile::tempdir().unwrap();
    let (_lib, s) = indexed(dir.path(), &[("new.txt", NEW_LAW)]).await;
    let hits = s.search(&Request::new("thoi han tu nguyen thi hanh an", today())).unwrap().hits;
    assert_eq!(hits[0].document, "902/2020/QH14");
    assert_eq!(hits[0].label, "Điều 2");
    assert_eq!(hits[0].heading, "Thời hạn tự nguyện thi hành án");
    assert!(!hits[0].highlights.is_empty(), "the snippet marks the matched words");
}

#[tokio::test]
async fn number_lookup_puts_the_document_first() {
    let dir = tempfile::tempdir().unwrap();
    let (_lib, s) = indexed(dir.path(), &[("old.txt", OLD_LAW), ("new.txt", NEW_LAW)]).await;
    for q in
        ["902/2020/QH14", "luat 902/2020", "Luật số 902/2020/qh14", "902/2020", "902-2020-qh14", "luật số 902 năm 2020"]
    {
        let hits = s.search(&Request::new(q, today())).unwrap().hits;
        assert_eq!(hits.first().map(|h| h.document.as_str()), Some("902/2020/QH14"), "query {q}");
        assert_eq!(hits[0].label, "Điều 1", "articles in order for a bare number ({q})");
    }
    // A number and words: the words rank within the document.
    let hits = s.search(&Request::new("901/2010 tự nguyện", today())).unwrap().hits;
    assert!(hits.iter().all(|h| h.document == "901/2010/QH12"));
    assert_eq!(hits[0].label, "Điều 2");
}

#[tokio::test]
async fn expired_provision_is_not_first_when_an_in_force_one_matches_equally() {
    let dir = tempfile::tempdir().unwrap();
    let (_lib, s) = indexed(dir.path(), &[("old.txt", OLD_LAW), ("new.txt", NEW_LAW)]).await;
    let hits = s.search(&Request::new("thời hạn tự nguyện thi hành án", today())).unwrap().hits;
    assert_eq!(hits[0].document, "902/2020/QH14", "{hits:#?}");
    assert_eq!(hits[0].status, lex::status::Status::InForce);
    // The two articles have the same wording: one hit stands for both, naming the other law.
    assert_eq!(hits[0].also_in, ["901/2010/QH12"]);
    assert!(hits.iter().all(|h| h.document != "901/2010/QH12" || h.label != "Điều 2"), "{hits:#?}");
    // The facets count what is listed, as the total does: the hit standing for both once.
    let r = s.search(&Request::new("thời hạn tự nguyện thi hành án", today())).unwrap();
    assert_eq!(r.facets.status.values().sum::<usize>(), r.candidates, "{:?}", r.facets);
    assert_eq!(r.facets.year.values().sum::<usize>(), r.candidates, "{:?}", r.facets);
    // Shown apart, the expired one ranks below the one in force.
    let mut apart = Request::new("thời hạn tự nguyện thi hành án", today());
    apart.weights.collapse = false;
    let hits = s.search(&apart).unwrap().hits;
    assert_eq!(hits[0].document, "902/2020/QH14");
    let old = hits.iter().find(|h| h.document == "901/2010/QH12").expect("the expired law is still found");
    assert_ne!(old.status, lex::status::Status::InForce);
    // On a date when only the old law was in force, it comes first.
    let then = lex::Date::parse_iso("2015-01-01").unwrap();
    let hits = s.search(&Request::new("thời hạn tự nguyện thi hành án", then)).unwrap().hits;
    assert_eq!(hits[0].document, "901/2010/QH12");
    assert_eq!(hits[0].also_in, ["902/2020/QH14"]);
}

/// Common syllables are scored on the candidates instead of searched (`Weights::common`): the
/// hits and their scores are those of the full query.
#[tokio::test]
async fn deferred_common_syllables_score_like_the_full_query() {
    let dir = tempfile::tempdir().unwrap();
    let (_lib, s) = indexed(dir.path(), &[("old.txt", OLD_LAW), ("new.txt", NEW_LAW)]).await;
    for q in ["thời hạn tự nguyện thi hành án", "thi hanh an mau cu", "hiệu lực thi hành của luật", "phạm vi"]
    {
        let mut full = Request::new(q, today());
        full.weights.common = 1.0;
        full.weights.collapse = false;
        let mut deferred = full.clone();
        deferred.weights.common = 0.3;
        let a = s.search(&full).unwrap().hits;
        let b = s.search(&deferred).unwrap().hits;
        assert_eq!(a.len(), b.len(), "{q}");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!((&x.document, &x.eid), (&y.document, &y.eid), "{q}");
            assert!((x.score - y.score).abs() < 1e-3, "{q}: {} vs {}", x.score, y.score);
        }
    }
}

#[tokio::test]
async fn filters_and_status_filter() {
    let dir = tempfile::tempdir().unwrap();
    let (_lib, s) = indexed(dir.path(), &[("old.txt", OLD_LAW), ("new.txt", NEW_LAW)]).await;
    let mut req = Request::new("thi hành án", today());
    req.status = Some(lex::status::Status::InForce);
    let r = s.search(&req).unwrap();
    assert!(!r.hits.is_empty() && r.hits.iter().all(|h| h.document == "902/2020/QH14"));
    let mut req = Request::new("thi hành án", today());
    req.year = Some(2010);
    let r = s.search(&req).unwrap();
    assert!(!r.hits.is_empty() && r.hits.iter().all(|h| h.document == "901/2010/QH12"));
    assert_eq!(r.facets.year.get(&2010), Some(&r.candidates));
}

#[tokio::test]
async fn index_follows_imports_and_rebuilds_from_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, s) = indexed(dir.path(), &[("old.txt", OLD_LAW)]).await;
    assert!(s.search(&Request::new("902/2020", today())).unwrap().hits.iter().all(|h| h.document != "902/2020/QH14"));
    let mut summary = ImportSummary::default();
    lib.import_bytes(Path::new("new.txt"), Format::Text, NEW_LAW.as_bytes(), &Actor::system_cli(), &mut summary)
        .await
        .unwrap();
    let sync = s.sync(&lib, &NoProgress).await.unwrap();
    // The new law, and the old one whose status it changed (it ends it); nothing else.
    assert_eq!(sync.works_indexed, 2);
    assert_eq!(s.search(&Request::new("902/2020", today())).unwrap().hits[0].document, "902/2020/QH14");
    let again = s.sync(&lib, &NoProgress).await.unwrap();
    assert_eq!(again.works_indexed, 0, "nothing changed, nothing re-indexed");
    let units = s.units();
    s.rebuild(&lib, &NoProgress).await.unwrap();
    assert_eq!(s.units(), units, "a rebuild from the database gives the same index");
    // A second process opening the same directory sees the committed index.
    let reopened = Search::open(&dir.path().join("index"), &lib).await.unwrap();
    assert_eq!(reopened.units(), units);
}

/// The index holds every wording the library knows, each with its days: a query on a date ranks
/// the text of that date, as `show --at` gives it. The sample law 999/2026/QH15 is in force from
/// 2027-01-01; 998/2026/QH15 amends it from 2027-07-01 (rewrites khoản 2 Điều 8, inserts Điều 10a).
#[tokio::test]
async fn a_query_on_a_date_ranks_the_wording_of_that_date() {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let lib = empty_library(dir.path()).await;
    let files =
        [samples.join("luat-999-2026-qh15-hoa-giai-mau.txt"), samples.join("luat-998-2026-qh15-sua-doi-mau.txt")];
    lib.import(&files, None, &Actor::system_cli(), &library::import::NoProgress).await.expect("import");
    let s = Search::open(&dir.path().join("index"), &lib).await.expect("open index");
    s.sync(&lib, &NoProgress).await.expect("sync");
    let enacted = lex::Date::parse_iso("2027-03-01").unwrap();
    let amended = lex::Date::parse_iso("2027-08-01").unwrap();
    let search = |q: &str, at| {
        let mut r = Request::new(q, at);
        r.limit = 100;
        s.search(&r).unwrap().hits
    };

    // The inserted article exists from the amendment's first day only.
    let q = "cơ sở dữ liệu về hòa giải ở cơ sở";
    let before = search(q, enacted);
    assert!(before.iter().all(|h| h.label != "Điều 10a"), "{before:#?}");
    let after = search(q, amended);
    assert_eq!((after[0].document.as_str(), after[0].label.as_str()), ("999/2026/QH15", "Điều 10a"), "{after:#?}");
    assert_eq!(after[0].status, lex::status::Status::InForce);

    // The rewritten clause: one hit for the article on each date, in that date's words.
    let q = "bầu hòa giải viên gửi văn bản đề nghị";
    for (at, said, unsaid) in
        [(enacted, "Trưởng ban công tác Mặt trận", "Trưởng thôn"), (amended, "Trưởng thôn", "Mặt trận")]
    {
        let hits = search(q, at);
        let art8: Vec<_> = hits.iter().filter(|h| h.document == "999/2026/QH15" && h.label == "Điều 8").collect();
        assert_eq!(art8.len(), 1, "one wording of Điều 8 on {at}: {hits:#?}");
        assert!(art8[0].snippet.contains(said) && !art8[0].snippet.contains(unsaid), "{at}: {}", art8[0].snippet);
        // Cited, the clause is the one of the date.
        let cited = search("khoản 2 Điều 8 Luật 999/2026/QH15", at);
        assert_eq!(cited[0].label, "Điều 8");
        assert!(cited[0].snippet.contains(said) && !cited[0].snippet.contains(unsaid), "{at}: {}", cited[0].snippet);
    }

    // The number lists the articles of the date in order, each once.
    for (at, count) in [(enacted, 0), (amended, 1)] {
        let labels: Vec<String> = search("999/2026/QH15", at).into_iter().map(|h| h.label).collect();
        let unique: std::collections::HashSet<&String> = labels.iter().collect();
        assert_eq!(unique.len(), labels.len(), "{at}: {labels:?}");
        assert_eq!(labels.iter().filter(|l| *l == "Điều 10a").count(), count, "{at}: {labels:?}");
        let ten = labels.iter().position(|l| l == "Điều 10").expect("Điều 10");
        assert_eq!(labels.get(ten + 1).map(|l| l == "Điều 10a"), Some(count == 1), "{at}: {labels:?}");
    }
}

#[tokio::test]
async fn questions_and_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let (_lib, s) = indexed(dir.path(), &[("old.txt", OLD_LAW), ("new.txt", NEW_LAW)]).await;
    let q = "Thưa luật sư, cho tôi hỏi thời hạn tự nguyện thi hành án là bao lâu ạ?";
    let hits = s.search(&Request::new(q, today())).unwrap().hits;
    assert_eq!((hits[0].document.as_str(), hits[0].label.as_str()), ("902/2020/QH14", "Điều 2"));
    // Nonsense and empty input give no hits, never an error.
    assert!(s.search(&Request::new("", today())).unwrap().hits.is_empty());
    assert!(s.search(&Request::new("?!… ()", today())).unwrap().hits.is_empty());
    assert!(s.search(&Request::new(&"á".repeat(50_000), today())).is_ok());
}

use store::scratch::shared_data;

#[tokio::test]
async fn a_cited_article_comes_first() {
    let dir = tempfile::tempdir().unwrap();
    let (_lib, s) = indexed(dir.path(), &[("old.txt", OLD_LAW), ("new.txt", NEW_LAW)]).await;
    // Nothing else in these queries matches Điều 3 better than the other articles.
    for q in ["Điều 3 Luật 902/2020/QH14", "dieu 3 luat 902/2020", "902/2020/QH14 điều 3"] {
        let hits = s.search(&Request::new(q, today())).unwrap().hits;
        assert_eq!((hits[0].document.as_str(), hits[0].label.as_str()), ("902/2020/QH14", "Điều 3"), "{q}");
    }
    // A cited clause is the snippet.
    let hits = s.search(&Request::new("khoản 2 Điều 3 Luật số 902/2020/QH14", today())).unwrap().hits;
    assert_eq!(hits[0].clause.as_deref(), Some("khoản 2"));
    assert!(hits[0].snippet.starts_with("2. Luật số 901/2010/QH12 hết hiệu lực"), "{}", hits[0].snippet);
    // … even where another clause matches the query's other words better (khoản 2 here).
    let hits = s.search(&Request::new("khoản 1 Điều 3 Luật 902/2020/QH14 hết hiệu lực kể từ", today())).unwrap().hits;
    assert_eq!(hits[0].clause.as_deref(), Some("khoản 1"));
    assert!(hits[0].snippet.starts_with("1. Luật này có hiệu lực thi hành"), "{}", hits[0].snippet);
    // A cited article without a clause is shown from its start, even where a later clause
    // matches the query's words (`hết hiệu lực` is in khoản 2).
    let hits = s.search(&Request::new("Điều 3 Luật 902/2020/QH14 hết hiệu lực", today())).unwrap().hits;
    assert_eq!(hits[0].label, "Điều 3");
    assert!(hits[0].snippet.starts_with("1. Luật này có hiệu lực thi hành"), "{}", hits[0].snippet);
    // An article the document does not have: an ordinary search.
    let hits = s.search(&Request::new("Điều 99 Luật 902/2020/QH14", today())).unwrap().hits;
    assert!(hits.iter().all(|h| h.label != "Điều 99"));
}

#[tokio::test]
async fn a_code_cited_by_abbreviation_comes_first() {
    let Some(code) = civil_code() else { return };
    let dir = tempfile::tempdir().unwrap();
    let lib = library_of(dir.path(), code, None).await;
    let s = Search::open(&dir.path().join("index"), &lib).await.unwrap();
    s.sync(&lib, &NoProgress).await.unwrap();
    for q in ["Điều 357 BLDS", "điều 357 bộ luật dân sự 2015", "BLDS dieu 357", "khoan 2 dieu 357 blds"] {
        let hits = s.search(&Request::new(q, today())).unwrap().hits;
        let first = (hits[0].document.as_str(), hits[0].label.as_str());
        assert_eq!(first, ("91/2015/QH13", "Điều 357"), "{q}: {:?}", hits.iter().map(|h| &h.label).collect::<Vec<_>>());
    }
    // A code's number is a law's (`QH13`), and people call it a law: its articles, in order.
    for q in ["91/2015/QH13", "luật 91/2015", "Bộ luật số 91/2015/QH13", "91/2015/QH13 điều 3"] {
        let hits = s.search(&Request::new(q, today())).unwrap().hits;
        assert_eq!(hits.first().map(|h| h.document.as_str()), Some("91/2015/QH13"), "{q}");
    }
    // A bare number lists the articles from the first, though the Code has more than a pool.
    let hits = s.search(&Request::new("91/2015/QH13", today())).unwrap().hits;
    assert_eq!(hits.iter().take(3).map(|h| h.label.as_str()).collect::<Vec<_>>(), ["Điều 1", "Điều 2", "Điều 3"]);
}

/// A query that is a document's whole title as the library has it lists its articles in order,
/// the one in force on the date when two share the title; a query that only starts like a title
/// is searched.
#[tokio::test]
async fn a_whole_title_lists_its_document() {
    let dir = tempfile::tempdir().unwrap();
    let (_lib, s) = indexed(dir.path(), &[("old.txt", OLD_LAW), ("new.txt", NEW_LAW)]).await;
    let listed = |q: &str| {
        let hits = s.search(&Request::new(q, today())).unwrap().hits;
        hits.iter().map(|h| format!("{} {}", h.document, h.label)).collect::<Vec<_>>()
    };
    assert_eq!(
        listed("luật thi hành án mẫu mới"),
        ["902/2020/QH14 Điều 1", "902/2020/QH14 Điều 2", "902/2020/QH14 Điều 3"]
    );
    assert_eq!(listed("Luat thi hanh an mau cu 2010")[..2], ["901/2010/QH12 Điều 1", "901/2010/QH12 Điều 2"]);
    // Not a whole title: ranked, the article on voluntary enforcement first.
    assert_eq!(listed("luật thi hành án mẫu thời hạn tự nguyện")[0], "902/2020/QH14 Điều 2");
}

/// A law named in full, then an article (`Luật Tố tụng hành chính 2015 điều 116`), finds the
/// article; the name alone lists the law's articles in order. The corpus gives these laws by
/// number, the ALQAC copies by name: linked, the name finds the number.
#[tokio::test]
async fn a_law_named_in_full_finds_its_articles() {
    let (Some(laws), Some(copies)) =
        (shared_data("alqac2026/corpus_law_pub.json"), shared_data("alqac2023/raw_V1/law.json"))
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let lib = empty_library(dir.path()).await;
    let actor = Actor::system_cli();
    lib.import(&[laws, copies], None, &actor, &library::import::NoProgress).await.expect("import");
    let s = Search::open(&dir.path().join("index"), &lib).await.unwrap();
    s.sync(&lib, &NoProgress).await.unwrap();
    let first = |q: &str| {
        let hits = s.search(&Request::new(q, today())).unwrap().hits;
        hits.iter().take(2).map(|h| format!("{} {}", h.document, h.label)).collect::<Vec<_>>()
    };
    assert_eq!(first("Luật Tố tụng hành chính 2015 điều 116")[0], "93/2015/QH13 Điều 116");
    assert_eq!(first("luat hon nhan va gia dinh 2014 dieu 56")[0], "52/2014/QH13 Điều 56");
    assert_eq!(first("Luật Hôn nhân và gia đình 2014"), ["52/2014/QH13 Điều 1", "52/2014/QH13 Điều 2"]);
    assert_eq!(first("luật hôn nhân và gia đình"), ["52/2014/QH13 Điều 1", "52/2014/QH13 Điều 2"]);
    // The copy's article titles reach the corpus text they repeat word for word.
    let hits = s.search(&Request::new("Luật Hôn nhân và gia đình 2014", today())).unwrap().hits;
    assert_eq!(hits[1].heading, "Những nguyên tắc cơ bản của chế độ hôn nhân và gia đình");
}

/// The Civil Code as published (.docx).
fn civil_code() -> Option<std::path::PathBuf> {
    shared_data("nbtt-parsed/raw/bo_luat/bo_luat_91_2015_QH13.docx")
}

#[tokio::test]
async fn word_vectors_are_trained_on_the_library_kept_and_retrained_on_rebuild() {
    let Some(code) = civil_code() else { return };
    let dir = tempfile::tempdir().unwrap();
    let lib = library_of(dir.path(), code, None).await;
    let training = search::embed::Training { min_tokens: 10_000, budget: 1_500_000, ..Default::default() };
    let index = dir.path().join("index");
    let s = Search::open(&index, &lib).await.expect("open").with_training(training);
    s.sync(&lib, &NoProgress).await.expect("sync");

    // Trained on the Code's 689 articles: words of one institution sit together.
    let model = s.model().expect("a model for a library of 689 articles");
    let near: Vec<String> = model.neighbours("thua_ke", 15).into_iter().map(|(w, _)| w).collect();
    assert!(
        near.iter().any(|w| ["di_san", "di_chuc", "nguoi_thua_ke", "thua_ke_theo"].iter().any(|x| w.starts_with(x))),
        "neighbours of thua_ke (inheritance): {near:?}"
    );
    assert!(index.join(search::embed::FILE).exists(), "saved beside the index");

    // Searching with it (`dense` > 0) moves scores and stays within the chapter on inheritance.
    let question = "bố mẹ mất không để lại di chúc thì ai được hưởng";
    let mut req = Request::new(question, today());
    let plain = s.search(&req).unwrap().hits;
    req.weights.dense = 0.6;
    let with = s.search(&req).unwrap().hits;
    assert!(plain.iter().zip(&with).any(|(a, b)| a.score != b.score), "the vectors change the scores");
    let article = |label: &str| label.trim_start_matches("Điều ").parse::<u32>().unwrap_or(0);
    let labels: Vec<&str> = with.iter().take(5).map(|h| h.label.as_str()).collect();
    assert!(labels.iter().all(|l| (609..=662).contains(&article(l))), "Phần thứ tư, thừa kế: {labels:?}");

    // Reopened without training: the saved model is loaded.
    let again = Search::open(&index, &lib).await.expect("reopen");
    assert_eq!(again.model().map(|m| m.len()), Some(model.len()));
    // A rebuild drops the vectors (derived, like the index); only training brings them back.
    again.rebuild(&lib, &NoProgress).await.expect("rebuild");
    assert!(again.model().is_none() && !index.join(search::embed::FILE).exists());
    let trained = again.with_training(training);
    trained.rebuild(&lib, &NoProgress).await.expect("rebuild with training");
    assert_eq!(trained.model().map(|m| m.len()), Some(model.len()), "same library, same vocabulary");
    assert!(index.join(search::embed::FILE).exists());
}

/// The 18 laws of ALQAC 2026 as that corpus gives them: article bodies without headings.
fn headless_laws() -> Option<std::path::PathBuf> {
    shared_data("alqac2026/corpus_law_pub.json")
}

/// The 18 headless laws, imported and indexed (None where ../shared/data is absent).
async fn headless_index(dir: &Path) -> Option<(Library, Search)> {
    let lib = library_of(dir, headless_laws()?, Some(Format::CorpusLawPub)).await;
    let s = Search::open(&dir.join("index"), &lib).await.expect("open");
    s.sync(&lib, &NoProgress).await.expect("sync");
    Some((lib, s))
}

/// The rank of `document` `label` for `question`, with the default weights and with `off`
/// applied to them.
fn rank_with_and_without(
    s: &Search,
    (question, document, label): (&str, &str, &str),
    off: fn(&mut search::find::Weights),
) -> (Option<usize>, Option<usize>) {
    let mut req = Request::new(question, today());
    let rank = |hits: Vec<search::Hit>| hits.iter().position(|h| h.document == document && h.label == label);
    let with = rank(s.search(&req).unwrap().hits);
    assert!(with.is_some_and(|r| r < 3), "{question}: {document} {label} in the first three, not {with:?}");
    off(&mut req.weights);
    (with, rank(s.search(&req).unwrap().hits))
}

#[tokio::test]
async fn a_question_asking_what_a_term_means_finds_its_definition() {
    let dir = tempfile::tempdir().unwrap();
    let Some((_lib, s)) = headless_index(dir.path()).await else { return };
    // Without headings, only the defining line says what each article is about.
    let asked = [
        ("Khái niệm gia đình", "52/2014/QH13", "Điều 3"),
        ("Hợp đồng vay tài sản là gì?", "91/2015/QH13", "Điều 463"),
        ("Thế nào là tài sản?", "91/2015/QH13", "Điều 105"),
        ("cho toi hoi thoi hieu la gi", "91/2015/QH13", "Điều 149"),
    ];
    let mut moved = vec![];
    for asked in asked {
        let (with, without) = rank_with_and_without(&s, asked, |w| w.defines = 0.0);
        if with == Some(0) && without != Some(0) {
            moved.push(asked.0);
        }
    }
    assert!(moved.contains(&"Khái niệm gia đình"), "the definition decides it (moved: {moved:?})");
}

#[tokio::test]
async fn everyday_words_find_the_statutory_ones() {
    let dir = tempfile::tempdir().unwrap();
    let Some((_lib, s)) = headless_index(dir.path()).await else { return };
    // The statutes say `ly hôn theo yêu cầu của một bên` and `mua trả chậm, trả dần`; citizens
    // say `ly hôn đơn phương` and `trả góp`.
    for asked in [("ly hôn đơn phương", "52/2014/QH13", "Điều 56"), ("mua xe trả góp", "91/2015/QH13", "Điều 453")]
    {
        let (with, without) = rank_with_and_without(&s, asked, |w| w.expansion = 0.0);
        assert!(without.is_none_or(|r| r > with.unwrap_or(0)), "{}: the expansion lifts it ({without:?})", asked.0);
    }
}

#[tokio::test]
async fn facts_told_to_a_lawyer_find_the_statutory_words() {
    let dir = tempfile::tempdir().unwrap();
    let Some((_lib, s)) = headless_index(dir.path()).await else { return };
    // People tell what happened in their words; the article states it in the statute's:
    // `người đang có vợ, có chồng mà kết hôn … với người khác`, `lấn, chiếm … mốc giới`.
    let off_expansion: fn(&mut search::find::Weights) = |w| w.expansion = 0.0;
    let off_restating: fn(&mut search::find::Weights) = |w| w.restate = false;
    for (asked, off) in [
        (
            ("vợ chồng tôi ly thân đã lâu, tôi có được kết hôn với người khác không", "52/2014/QH13", "Điều 5"),
            off_restating,
        ),
        (("hàng xóm xây nhà lấn sang đất nhà tôi", "91/2015/QH13", "Điều 175"), off_expansion),
    ] {
        let (with, without) = rank_with_and_without(&s, asked, off);
        assert!(
            without.is_none_or(|r| r > with.unwrap_or(0)),
            "{}: the statute's words lift it ({with:?}, {without:?})",
            asked.0
        );
    }
}

/// A marriage law whose Điều 5 forbids a married person to marry again, and a civil-status decree
/// whose headings all say `đăng ký kết hôn`.
const MARRIAGE_LAW: &str = "QUỐC HỘI\n\nLuật số: 905/2014/QH13\n\nLUẬT\n\nHÔN NHÂN VÀ GIA ĐÌNH MẪU\n\nĐiều 5. Bảo vệ chế độ hôn nhân và gia đình\n\n1. Quan hệ hôn nhân và gia đình được xác lập, thực hiện theo quy định của Luật này được tôn trọng và được pháp luật bảo vệ.\n\n2. Cấm các hành vi sau đây:\n\na) Kết hôn giả tạo, ly hôn giả tạo;\n\nb) Tảo hôn, cưỡng ép kết hôn, lừa dối kết hôn, cản trở kết hôn;\n\nc) Người đang có vợ, có chồng mà kết hôn hoặc chung sống như vợ chồng với người khác hoặc chưa có vợ, chưa có chồng mà kết hôn hoặc chung sống như vợ chồng với người đang có chồng, có vợ;\n\nĐiều 8. Điều kiện kết hôn\n\n1. Nam, nữ kết hôn với nhau phải tuân theo các điều kiện sau đây:\n\na) Nam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên;\n\nb) Việc kết hôn do nam và nữ tự nguyện quyết định;\n\nĐiều 9. Đăng ký kết hôn\n\nViệc kết hôn phải được đăng ký và do cơ quan nhà nước có thẩm quyền thực hiện theo quy định của Luật này và pháp luật về hộ tịch.\n";

const CIVIL_STATUS_DECREE: &str = "CHÍNH PHỦ\n\nSố: 906/2015/NĐ-CP\n\nNGHỊ ĐỊNH\n\nQUY ĐỊNH CHI TIẾT VỀ ĐĂNG KÝ HỘ TỊCH MẪU\n\nĐiều 18. Đăng ký kết hôn\n\n1. Người yêu cầu đăng ký kết hôn nộp tờ khai đăng ký kết hôn; sau khi đăng ký kết hôn, hai bên nam, nữ ký vào Sổ đăng ký kết hôn và Giấy chứng nhận kết hôn.\n\n2. Trường hợp người đã đăng ký kết hôn với người khác nay ly hôn thì nộp bản sao trích lục ly hôn.\n\nĐiều 30. Hồ sơ đăng ký kết hôn\n\nHồ sơ đăng ký kết hôn gồm tờ khai đăng ký kết hôn của mỗi bên và giấy xác nhận tình trạng hôn nhân; người đã kết hôn với người khác và đã ly hôn nộp trích lục ghi chú ly hôn.\n\nĐiều 31. Thẩm quyền đăng ký kết hôn\n\nỦy ban nhân dân cấp xã nơi cư trú của một trong hai bên thực hiện đăng ký kết hôn; người đã đăng ký kết hôn được cấp bản sao Giấy chứng nhận kết hôn.\n";

#[tokio::test]
async fn the_issues_married_asker_gets_the_prohibition_not_the_registration_procedure() {
    let dir = tempfile::tempdir().unwrap();
    let (_lib, s) = indexed(dir.path(), &[("marriage.txt", MARRIAGE_LAW), ("decree.txt", CIVIL_STATUS_DECREE)]).await;
    for question in [
        "Thưa luật sư, tôi đã đăng ký kết hôn… tôi có được kết hôn với người khác không?",
        "thua luat su, toi da dang ky ket hon, toi co duoc ket hon voi nguoi khac khong",
    ] {
        let mut req = Request::new(question, today());
        let first = |req: &Request| s.search(req).unwrap().hits.first().map(|h| (h.document.clone(), h.label.clone()));
        assert_eq!(first(&req), Some(("905/2014/QH13".into(), "Điều 5".into())), "{question}");
        req.weights.restate = false;
        assert_eq!(first(&req).map(|(d, _)| d).as_deref(), Some("906/2015/NĐ-CP"), "{question}: restating decides");
    }
    // Asking for the procedure still finds the procedure.
    let req = Request::new("thủ tục đăng ký kết hôn", today());
    assert_eq!(s.search(&req).unwrap().hits[0].document, "906/2015/NĐ-CP");
}

/// A law whose title and headings say `gia đình` everywhere, and one that defines it in a long
/// list of terms.
const VIOLENCE_LAW: &str = "QUỐC HỘI\n\nLuật số: 903/2022/QH15\n\nLUẬT\n\nPHÒNG, CHỐNG BẠO LỰC GIA ĐÌNH\n\nĐiều 1. Phạm vi điều chỉnh\n\nLuật này quy định về phòng, chống bạo lực gia đình; trách nhiệm của gia đình, cơ quan, tổ chức.\n\nĐiều 2. Thống kê về gia đình\n\nNội dung chỉ tiêu thống kê về gia đình gồm khái niệm, phương pháp tính và nguồn số liệu.\n\nĐiều 3. Trách nhiệm của thành viên gia đình\n\nThành viên gia đình có trách nhiệm giáo dục, nhắc nhở thành viên gia đình chấp hành pháp luật về phòng, chống bạo lực gia đình.\n";

const FAMILY_LAW: &str = "QUỐC HỘI\n\nLuật số: 904/2014/QH13\n\nLUẬT\n\nHÔN NHÂN MẪU\n\nĐiều 1. Phạm vi điều chỉnh\n\nLuật này quy định chế độ hôn nhân.\n\nĐiều 2. Giải thích từ ngữ\n\nTrong Luật này, các từ ngữ dưới đây được hiểu như sau:\n\n1. Hôn nhân là quan hệ giữa vợ và chồng sau khi kết hôn.\n\n2. Kết hôn là việc nam và nữ xác lập quan hệ vợ chồng với nhau theo quy định của Luật này về điều kiện kết hôn và đăng ký kết hôn.\n\n3. Tảo hôn là việc lấy vợ, lấy chồng khi một bên hoặc cả hai bên chưa đủ tuổi kết hôn.\n\n4. Gia đình là tập hợp những người gắn bó với nhau do hôn nhân, quan hệ huyết thống hoặc quan hệ nuôi dưỡng.\n\n5. Thời kỳ hôn nhân là khoảng thời gian tồn tại quan hệ vợ chồng, được tính từ ngày đăng ký kết hôn đến ngày chấm dứt hôn nhân.\n";

#[tokio::test]
async fn a_definition_comes_first_even_where_titles_repeat_the_term() {
    let dir = tempfile::tempdir().unwrap();
    let (_lib, s) = indexed(dir.path(), &[("violence.txt", VIOLENCE_LAW), ("family.txt", FAMILY_LAW)]).await;
    // The third also matches `được hiểu như sau` in the article's opening line without the lookup.
    for (question, decides) in
        [("Khái niệm gia đình", true), ("Gia đình là gì?", true), ("gia dinh duoc hieu nhu the nao", false)]
    {
        let mut req = Request::new(question, today());
        let first = |req: &Request| s.search(req).unwrap().hits.first().map(|h| (h.document.clone(), h.label.clone()));
        assert_eq!(first(&req), Some(("904/2014/QH13".into(), "Điều 2".into())), "{question}");
        req.weights.defines = 0.0;
        if decides {
            assert_ne!(first(&req), Some(("904/2014/QH13".into(), "Điều 2".into())), "{question}: the lookup decides");
        }
    }
}

#[tokio::test]
async fn a_small_library_has_no_word_vectors() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library_with(dir.path(), &[("new.txt", NEW_LAW)]).await;
    let s = Search::open(&dir.path().join("index"), &lib).await.unwrap().with_training(Default::default());
    s.sync(&lib, &NoProgress).await.unwrap();
    assert!(s.model().is_none(), "a few hundred syllables are too few to learn from");
    assert_eq!(s.units(), 3, "indexed all the same");
    assert!(!dir.path().join("index").join(search::embed::FILE).exists());
}
